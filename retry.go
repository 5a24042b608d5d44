package cos

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/textproto"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Retryer decides whether and when a failed attempt is tried again. The
// pipeline asks it only for calls that are safe to repeat and whose body
// can be replayed.
type Retryer interface {
	// MaxAttempts is the total number of attempts, first included.
	MaxAttempts() int
	// IsRetryable reports whether err (a *ServiceError or a transport or
	// body-read error) is worth another attempt.
	IsRetryable(err error) bool
	// RetryDelay is the pause before attempt+1, given the error of attempt
	// (1-based).
	RetryDelay(attempt int, err error) time.Duration
}

// NoRetry makes every call a single attempt: WithRetryer(NoRetry).
var NoRetry Retryer = noRetry{}

type noRetry struct{}

func (noRetry) MaxAttempts() int                    { return 1 }
func (noRetry) IsRetryable(error) bool              { return false }
func (noRetry) RetryDelay(int, error) time.Duration { return 0 }

// StandardRetryer is the default policy: exponential backoff with full
// jitter, Retry-After honoured (clamped to [backoff, MaxBackoff]), retries
// of 5xx, 429, SlowDown, RequestTimeout, IncompleteBody, stalls
// ([ErrStalled]) and every transport failure that left no answer (a
// refused, reset or closed connection, a status line cut inside, which
// also wraps [ErrInvalidResponse]); not of certificate errors, unknown
// hosts, a redirect or another answer that breaks the protocol
// ([ErrInvalidResponse]).
type StandardRetryer struct {
	// Attempts is the total number of attempts (default 3).
	Attempts int
	// BaseDelay is the first backoff ceiling (default 100 ms).
	BaseDelay time.Duration
	// MaxBackoff caps every delay (default 20 s).
	MaxBackoff time.Duration
	// Rand, when set, supplies the jitter (tests fix it). A *rand.Rand is
	// not safe for concurrent use, so it is only used under mu: a Client
	// calls its retryer from every goroutine that uses it.
	Rand *rand.Rand

	mu sync.Mutex
}

// NewStandardRetryer returns the default policy: 3 attempts, 100 ms base,
// 20 s cap.
func NewStandardRetryer() *StandardRetryer {
	return &StandardRetryer{Attempts: 3, BaseDelay: 100 * time.Millisecond, MaxBackoff: 20 * time.Second}
}

// MaxAttempts returns Attempts (at least 1).
func (r *StandardRetryer) MaxAttempts() int {
	if r.Attempts < 1 {
		return 1
	}
	return r.Attempts
}

// IsRetryable classifies err; see [StandardRetryer].
func (r *StandardRetryer) IsRetryable(err error) bool { return isRetryable(err) }

// RetryDelay returns a full-jitter backoff, or the server's Retry-After
// clamped to [backoff ceiling, MaxBackoff].
func (r *StandardRetryer) RetryDelay(attempt int, err error) time.Duration {
	base, maxB := r.BaseDelay, r.MaxBackoff
	if base <= 0 {
		base = 100 * time.Millisecond
	}
	if maxB <= 0 {
		maxB = 20 * time.Second
	}
	ceil := base << min(attempt-1, 30)
	if ceil <= 0 || ceil > maxB {
		ceil = maxB
	}
	if ra, ok := retryAfter(err); ok {
		return min(max(ra, ceil), maxB)
	}
	var f float64
	if r.Rand != nil {
		r.mu.Lock()
		f = r.Rand.Float64()
		r.mu.Unlock()
	} else {
		f = rand.Float64()
	}
	return time.Duration(f * float64(ceil))
}

// retryAfter reads a Retry-After header (seconds or HTTP date) from a
// service error.
func retryAfter(err error) (time.Duration, bool) {
	var se *ServiceError
	if !errors.As(err, &se) || se.Header == nil {
		return 0, false
	}
	v := strings.TrimSpace(se.Header.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	if s, e := strconv.Atoi(v); e == nil && s >= 0 {
		return time.Duration(s) * time.Second, true
	}
	if t, e := http.ParseTime(v); e == nil {
		return max(time.Until(t), 0), true
	}
	return 0, false
}

var retryableCodes = map[string]bool{
	"SlowDown": true, "RequestTimeout": true, "IncompleteBody": true,
	"InternalError": true, "ServiceUnavailable": true,
}

func isRetryable(err error) bool {
	if err == nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	if errors.Is(err, ErrStalled) {
		return true // the connection was closed: a new one may move
	}
	var se *ServiceError
	if errors.As(err, &se) {
		if retryableCodes[se.Code] {
			return true
		}
		return se.StatusCode == http.StatusTooManyRequests || se.StatusCode >= 500
	}
	if errors.Is(err, ErrInvalidArgument) {
		return false
	}
	var unknownAuth x509.UnknownAuthorityError
	var certErr *tls.CertificateVerificationError
	if errors.As(err, &unknownAuth) || errors.As(err, &certErr) {
		return false
	}
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) && dnsErr.IsNotFound {
		return false
	}
	var recErr *tls.RecordHeaderError
	if errors.As(err, &recErr) {
		return false
	}
	var noAnswer *noAnswerError
	if errors.As(err, &noAnswer) {
		// Nothing came back (a connection refused, reset or closed, a
		// status line cut inside, a malformed answer): sending the
		// request again is safe when it is idempotent, which the
		// pipeline checks.
		return true
	}
	var opErr *net.OpError
	var netErr net.Error
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF),
		errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.ECONNREFUSED),
		errors.Is(err, syscall.EPIPE), errors.Is(err, net.ErrClosed):
		return true
	case errors.As(err, &opErr):
		return true
	case errors.As(err, &netErr) && netErr.Timeout():
		return true
	case errors.Is(err, errTruncated):
		return true
	case strings.Contains(err.Error(), "http: server closed idle connection"):
		// net/http's unexported errServerClosedIdle: the server closed a
		// kept-alive connection as the request went out, so nothing was
		// processed. The transport retries it only for bodiless or
		// idempotent-by-its-rules requests, never for a PUT.
		return true
	case !errors.Is(err, ErrInvalidResponse) && http2Cut(err.Error()):
		return true
	}
	return false
}

// http2Cuts are the texts of net/http's HTTP/2 errors (it exports no
// types for them) for an answer cut midway: the stream reset, the server
// gone away, the connection lost. Over HTTP/1.1 the same cut is
// io.ErrUnexpectedEOF.
var http2Cuts = []string{"stream error: stream ID ", "http2: server sent GOAWAY", "http2: client connection lost"}

func http2Cut(msg string) bool {
	for _, c := range http2Cuts {
		if strings.Contains(msg, c) {
			return true
		}
	}
	return false
}

// noAnswerError marks a transport failure that left no answer.
type noAnswerError struct{ err error }

func (e *noAnswerError) Error() string { return e.err.Error() }
func (e *noAnswerError) Unwrap() error { return e.err }

// malformedAnswers are the texts net/http gives an answer that is not
// HTTP: it has no error types for them.
var malformedAnswers = []string{
	"malformed HTTP response", "malformed HTTP status code", "malformed HTTP version",
	"malformed MIME header", "server response headers exceeded", "invalid Content-Length",
	"invalid Trailer", "unsupported transfer encoding", "bad Content-Length",
}

// malformedAnswer reports an error net/http returns for an answer that
// broke the protocol before its headers ended.
func malformedAnswer(err error) bool {
	var pe textproto.ProtocolError
	if errors.As(err, &pe) {
		return true
	}
	msg := err.Error()
	for _, m := range malformedAnswers {
		if strings.Contains(msg, m) {
			return true
		}
	}
	return false
}
