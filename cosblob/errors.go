package cosblob

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/cosgo/cos"
	"gocloud.dev/gcerrors"
)

// errUnimplemented marks a request the driver cannot honour on COS; it
// maps to gcerrors.Unimplemented.
var errUnimplemented = errors.New("cosblob: not supported by COS")

// errContentMD5 is a write whose bytes do not match
// WriterOptions.ContentMD5; it maps to gcerrors.FailedPrecondition, as the
// portable type's own check does.
var errContentMD5 = errors.New("cosblob: the bytes written do not match ContentMD5")

// invalidArg is a bad-input error that wraps cos.ErrInvalidArgument and
// names the field, like the errors of package cos.
func invalidArg(field, format string, args ...any) error {
	return fmt.Errorf("%w: cosblob: %s: %s", cos.ErrInvalidArgument, field, fmt.Sprintf(format, args...))
}

// errorCode maps an error of this driver to a gcerrors code: the caller's
// cancellation first, then the COS answer by status and code, then the
// sentinels of package cos.
func errorCode(err error) gcerrors.ErrorCode {
	switch {
	case err == nil:
		return gcerrors.OK
	case errors.Is(err, context.Canceled):
		return gcerrors.Canceled
	case errors.Is(err, context.DeadlineExceeded):
		return gcerrors.DeadlineExceeded
	case errors.Is(err, errUnimplemented):
		return gcerrors.Unimplemented
	case errors.Is(err, errContentMD5):
		return gcerrors.FailedPrecondition
	}
	var se *cos.ServiceError
	if errors.As(err, &se) {
		return serviceErrorCode(se)
	}
	switch {
	case errors.Is(err, cos.ErrInvalidArgument):
		return gcerrors.InvalidArgument
	case errors.Is(err, cos.ErrNoCredentials):
		return gcerrors.PermissionDenied
	case errors.Is(err, cos.ErrNotFound):
		return gcerrors.NotFound
	case errors.Is(err, cos.ErrChecksumMismatch):
		// The bytes stored or received are not the bytes sent: a fault
		// in transit or in the service, not in the caller's request.
		return gcerrors.Internal
	}
	return gcerrors.Unknown
}

// serviceErrorCode maps a COS error answer.
func serviceErrorCode(se *cos.ServiceError) gcerrors.ErrorCode {
	switch se.Code {
	case "SlowDown":
		return gcerrors.ResourceExhausted
	case "InvalidObjectState": // an archived object that is not restored
		return gcerrors.FailedPrecondition
	case "ExpiredToken", "InvalidAccessKeyId":
		return gcerrors.PermissionDenied
	case "BucketAlreadyExists", "BucketAlreadyOwnedByYou":
		return gcerrors.AlreadyExists
	}
	switch s := se.StatusCode; {
	case s == http.StatusNotFound:
		return gcerrors.NotFound
	case s == http.StatusUnauthorized || s == http.StatusForbidden:
		return gcerrors.PermissionDenied
	case s == http.StatusPreconditionFailed || s == http.StatusNotModified || s == http.StatusConflict:
		// 409 is what x-cos-forbid-overwrite answers (IfNotExist).
		return gcerrors.FailedPrecondition
	case s == http.StatusBadRequest || s == http.StatusLengthRequired ||
		s == http.StatusRequestEntityTooLarge || s == http.StatusRequestedRangeNotSatisfiable:
		return gcerrors.InvalidArgument
	case s == http.StatusMethodNotAllowed || s == http.StatusNotImplemented:
		return gcerrors.Unimplemented
	case s == http.StatusTooManyRequests:
		return gcerrors.ResourceExhausted
	case s >= 500:
		return gcerrors.Internal
	}
	return gcerrors.Unknown
}
