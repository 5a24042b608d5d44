package cos

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// Sentinel errors matched with errors.Is. A *ServiceError matches the
// sentinel of its status; client-side validation errors wrap
// ErrInvalidArgument.
var (
	// ErrNotFound matches any 404: NoSuchKey, NoSuchBucket, NoSuchUpload,
	// NoSuchCORSConfiguration, NoSuchLifecycleConfiguration, or a 404 HEAD.
	ErrNotFound = errors.New("cos: not found")
	// ErrAccessDenied matches a 403 answer (AccessDenied, signature and key
	// errors, an archived object that is not restored).
	ErrAccessDenied = errors.New("cos: access denied")
	// ErrPreconditionFailed matches a 412 answer to an If-* condition.
	ErrPreconditionFailed = errors.New("cos: precondition failed")
	// ErrNotModified matches a 304 answer to If-None-Match or
	// If-Modified-Since.
	ErrNotModified = errors.New("cos: not modified")
	// ErrConflict matches a 409 answer (BucketAlreadyOwnedByYou,
	// BucketNotEmpty, RestoreAlreadyInProgress, ...).
	ErrConflict = errors.New("cos: conflict")
	// ErrInvalidArgument is wrapped by every error the client returns for
	// bad input before it sends anything.
	ErrInvalidArgument = errors.New("cos: invalid argument")
	// ErrChecksumMismatch is wrapped when data received or stored does not
	// match its CRC64 or length, or a Select event-stream frame its CRC32.
	ErrChecksumMismatch = errors.New("cos: checksum mismatch")
)

// ErrInvalidResponse marks an answer that breaks the protocol: an oversized or malformed document, more entries than asked for, a range or ETag other than the one requested, a redirect, or an answer that is not HTTP at all (a status line cut inside). Only the last is retried: nothing came back, as after a dropped connection.
var ErrInvalidResponse = errors.New("cos: invalid response")

// ErrStalled marks a request or response body that moved fewer than 1 KiB
// within the stall window ([WithStallTimeout]). The connection was closed;
// the error is retryable, and transfer resumes the range or part.
var ErrStalled = errors.New("cos: transfer stalled")

// ServiceError is an error answer from COS: a non-2xx status, or a 200
// whose body is an <Error> document. HEAD answers carry no body, so their
// Code is empty and only StatusCode, RequestID and Header are set.
type ServiceError struct {
	StatusCode int
	Code       string
	Message    string
	Resource   string
	RequestID  string
	TraceID    string
	// Header is the response header, with any secret the client sent
	// (session token, Authorization, signatures) scrubbed from its values.
	Header http.Header
	// Body is the response body (at most 1 MiB), scrubbed the same way.
	Body []byte

	// Method and Path describe the request, for the error text.
	Method string
	Path   string
}

// Error formats the error as "cos: GET /docs/a.txt: 404 NoSuchKey:
// message (request id)". It never includes query strings, so presigned
// signatures cannot leak through it.
func (e *ServiceError) Error() string {
	if e == nil {
		return "cos: <nil ServiceError>"
	}
	var b strings.Builder
	b.WriteString("cos: ")
	if e.Method != "" {
		b.WriteString(e.Method)
		b.WriteByte(' ')
		b.WriteString(e.Path)
		b.WriteString(": ")
	}
	fmt.Fprintf(&b, "%d", e.StatusCode)
	if e.Code != "" {
		b.WriteByte(' ')
		b.WriteString(e.Code)
	} else if t := http.StatusText(e.StatusCode); t != "" {
		b.WriteByte(' ')
		b.WriteString(t)
	}
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(e.Message)
	}
	if e.RequestID != "" {
		b.WriteString(" (request ")
		b.WriteString(e.RequestID)
		b.WriteByte(')')
	}
	return b.String()
}

// Is maps the error to the package sentinels by status code.
func (e *ServiceError) Is(target error) bool {
	switch target {
	case ErrNotFound:
		return e.StatusCode == http.StatusNotFound
	case ErrAccessDenied:
		return e.StatusCode == http.StatusForbidden
	case ErrPreconditionFailed:
		return e.StatusCode == http.StatusPreconditionFailed
	case ErrNotModified:
		return e.StatusCode == http.StatusNotModified
	case ErrConflict:
		return e.StatusCode == http.StatusConflict
	case ErrInvalidResponse:
		return isRedirect(e.StatusCode)
	}
	return false
}

// isRedirect reports a 3xx other than 304 Not Modified: COS never
// redirects, so such an answer is refused, never followed.
func isRedirect(status int) bool {
	return status >= 300 && status <= 399 && status != http.StatusNotModified
}

// invalidArg builds a client-side validation error naming the field.
func invalidArg(field, format string, args ...any) error {
	return fmt.Errorf("%w: %s: %s", ErrInvalidArgument, field, fmt.Sprintf(format, args...))
}

// errTruncated marks a body shorter than its Content-Length.
var errTruncated = errors.New("cos: response body truncated")

// elemField names a field inside element i of a list, for errors that
// point at one rule of a configuration: elemField("CORSConfiguration.Rules",
// 2, "AllowedMethods") is "CORSConfiguration.Rules[2].AllowedMethods".
func elemField(list string, i int, name string) string {
	if name == "" {
		return fmt.Sprintf("%s[%d]", list, i)
	}
	return fmt.Sprintf("%s[%d].%s", list, i, name)
}

// IsNotFound reports whether err means the bucket, object, upload or
// configuration does not exist. It is errors.Is(err, ErrNotFound).
func IsNotFound(err error) bool { return errors.Is(err, ErrNotFound) }

// ErrorCode returns the COS error code carried by err (for example
// "NoSuchKey"), or "" when err holds no *ServiceError or the answer had no
// body.
func ErrorCode(err error) string {
	var se *ServiceError
	if errors.As(err, &se) {
		return se.Code
	}
	return ""
}

// codeError adds a sentinel to a *ServiceError carrying one of the COS
// codes the sentinel stands for, so that errors.Is matches the sentinel
// and errors.As still finds the *ServiceError; its text is the service
// error's.
type codeError struct {
	sentinel error
	err      error
}

func (e *codeError) Error() string   { return e.err.Error() }
func (e *codeError) Unwrap() []error { return []error{e.err, e.sentinel} }

// withCodeSentinel wraps err with sentinel when err carries one of codes.
func withCodeSentinel(err, sentinel error, codes ...string) error {
	code := ErrorCode(err)
	for _, c := range codes {
		if code != "" && code == c {
			return &codeError{sentinel: sentinel, err: err}
		}
	}
	return err
}
