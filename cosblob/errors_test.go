package cosblob

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"testing"

	"github.com/cosgo/cos"
	"github.com/cosgo/cos/transfer"
	"github.com/stretchr/testify/assert"
	"gocloud.dev/gcerrors"
)

func TestErrorCode(t *testing.T) {
	t.Parallel()
	se := func(status int, code string) error {
		return fmt.Errorf("cos: GET /k: %w", &cos.ServiceError{StatusCode: status, Code: code})
	}
	for _, tc := range []struct {
		name string
		err  error
		want gcerrors.ErrorCode
	}{
		{"nil", nil, gcerrors.OK},
		{"NoSuchKey", se(404, "NoSuchKey"), gcerrors.NotFound},
		{"HEAD 404", se(404, ""), gcerrors.NotFound},
		{"NoSuchBucket", se(404, "NoSuchBucket"), gcerrors.NotFound},
		{"AccessDenied", se(403, "AccessDenied"), gcerrors.PermissionDenied},
		{"SignatureDoesNotMatch", se(403, "SignatureDoesNotMatch"), gcerrors.PermissionDenied},
		{"ExpiredToken", se(400, "ExpiredToken"), gcerrors.PermissionDenied},
		{"archived", se(403, "InvalidObjectState"), gcerrors.FailedPrecondition},
		{"If-Match", se(412, "PreconditionFailed"), gcerrors.FailedPrecondition},
		{"not modified", se(304, ""), gcerrors.FailedPrecondition},
		{"forbid overwrite", se(409, "FileAlreadyExists"), gcerrors.FailedPrecondition},
		{"bucket exists", se(409, "BucketAlreadyOwnedByYou"), gcerrors.AlreadyExists},
		{"bad request", se(400, "InvalidArgument"), gcerrors.InvalidArgument},
		{"range", se(416, "InvalidRange"), gcerrors.InvalidArgument},
		{"too large", se(413, "EntityTooLarge"), gcerrors.InvalidArgument},
		{"SlowDown", se(503, "SlowDown"), gcerrors.ResourceExhausted},
		{"429", se(429, ""), gcerrors.ResourceExhausted},
		{"500", se(500, "InternalError"), gcerrors.Internal},
		{"501", se(501, "NotImplemented"), gcerrors.Unimplemented},
		{"canceled wins", errors.Join(context.Canceled, se(500, "")), gcerrors.Canceled},
		{"deadline", fmt.Errorf("x: %w", context.DeadlineExceeded), gcerrors.DeadlineExceeded},
		{"bad input", fmt.Errorf("%w: key: empty", cos.ErrInvalidArgument), gcerrors.InvalidArgument},
		{"no credentials", cos.ErrNoCredentials, gcerrors.PermissionDenied},
		{"checksum", fmt.Errorf("%w: crc", cos.ErrChecksumMismatch), gcerrors.Internal},
		{"upload error", &transfer.UploadError{Key: "k", UploadID: "u", Err: se(403, "AccessDenied")}, gcerrors.PermissionDenied},
		{"unimplemented", errUnimplemented, gcerrors.Unimplemented},
		{"md5", errContentMD5, gcerrors.FailedPrecondition},
		{"other", errors.New("boom"), gcerrors.Unknown},
	} {
		assert.Equal(t, tc.want, errorCode(tc.err), tc.name)
	}
}

func TestErrorAsExposesServiceError(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	_, err := e.b.ReadAll(context.Background(), "missing")
	var se *cos.ServiceError
	assert.True(t, e.b.ErrorAs(err, &se))
	assert.Equal(t, http.StatusNotFound, se.StatusCode)
	assert.Equal(t, "NoSuchKey", se.Code)
	assert.NotEmpty(t, se.RequestID)
	assert.Equal(t, gcerrors.NotFound, gcerrors.Code(err))
}
