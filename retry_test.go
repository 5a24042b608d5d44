package cos

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"net/textproto"
	"net/url"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"testing/synctest"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func slowDown(retryAfter string) httpmock.Responder {
	return func(*http.Request) (*http.Response, error) {
		r := httpmock.NewStringResponse(503, errorXML("SlowDown", "slow"))
		if retryAfter != "" {
			r.Header.Set("Retry-After", retryAfter)
		}
		return r, nil
	}
}

func mockClient(t *testing.T, mt *httpmock.MockTransport, opts ...Option) *Client {
	base := []Option{WithRegion("ap-guangzhou"), WithBucket(testBucket), WithHTTPClient(&http.Client{Transport: mt}),
		WithStaticCredentials(testID, testKey, "")}
	c, err := NewClient(append(base, opts...)...)
	require.NoError(t, err)
	return c
}

func TestRetryAfterHonoured(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		mt := httpmock.NewMockTransport()
		mt.RegisterResponder(http.MethodGet, `=~.*`, slowDown("7").Then(httpmock.NewStringResponder(200, "")))
		c := mockClient(t, mt)
		start := time.Now()
		_, err := c.do(context.Background(), &op{name: "GetObject", method: http.MethodGet, object: true, key: "k", idempotent: true})
		require.NoError(t, err)
		assert.Equal(t, 7*time.Second, time.Since(start), "waited exactly Retry-After")
		assert.Equal(t, 2, mt.GetTotalCallCount())
	})
}

func TestRetryAfterClampedToMaxBackoff(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		mt := httpmock.NewMockTransport()
		mt.RegisterResponder(http.MethodGet, `=~.*`, slowDown("3600").Then(httpmock.NewStringResponder(200, "")))
		c := mockClient(t, mt)
		start := time.Now()
		_, err := c.do(context.Background(), &op{name: "GetObject", method: http.MethodGet, object: true, key: "k", idempotent: true})
		require.NoError(t, err)
		assert.Equal(t, 20*time.Second, time.Since(start))
	})
}

func TestCancelDuringBackoff(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		mt := httpmock.NewMockTransport()
		mt.RegisterResponder(http.MethodGet, `=~.*`, slowDown("10"))
		c := mockClient(t, mt)
		ctx, cancel := context.WithCancel(context.Background())
		go func() {
			time.Sleep(time.Second)
			cancel()
		}()
		start := time.Now()
		_, err := c.do(ctx, &op{name: "GetObject", method: http.MethodGet, object: true, key: "k", idempotent: true})
		require.ErrorIs(t, err, context.Canceled)
		assert.Equal(t, "SlowDown", ErrorCode(err), "the last attempt's error is kept")
		assert.Equal(t, time.Second, time.Since(start), "returns as soon as ctx ends")
		assert.Equal(t, 1, mt.GetTotalCallCount())
	})
}

func TestBackoffFullJitter(t *testing.T) {
	t.Parallel()
	r := &StandardRetryer{Attempts: 5, BaseDelay: 100 * time.Millisecond, MaxBackoff: time.Second, Rand: rand.New(rand.NewPCG(1, 2))}
	for attempt := 1; attempt <= 6; attempt++ {
		ceil := min(100*time.Millisecond<<(attempt-1), time.Second)
		for range 50 {
			d := r.RetryDelay(attempt, errors.New("x"))
			assert.GreaterOrEqual(t, d, time.Duration(0))
			assert.Less(t, d, ceil)
		}
	}
	assert.Equal(t, 5, r.MaxAttempts())
	assert.Equal(t, 1, NoRetry.MaxAttempts())
	assert.False(t, NoRetry.IsRetryable(io.ErrUnexpectedEOF))
}

func TestIsRetryable(t *testing.T) {
	t.Parallel()
	yes := []error{
		&ServiceError{StatusCode: 500, Code: "InternalError"},
		&ServiceError{StatusCode: 503, Code: "SlowDown"},
		&ServiceError{StatusCode: 400, Code: "RequestTimeout"},
		&ServiceError{StatusCode: 400, Code: "IncompleteBody"},
		&ServiceError{StatusCode: 429},
		&ServiceError{StatusCode: 502},
		io.ErrUnexpectedEOF,
		&net.OpError{Op: "read", Err: syscall.ECONNRESET},
		// Any transport failure that left no answer, even one net/http
		// has no type for.
		&noAnswerError{errors.New(`net/http: HTTP/1.x transport connection broken: malformed HTTP response "HTT"`)},
		&noAnswerError{errors.New("some failure nobody classified")},
		fmt.Errorf("cos: GET /k: %w", ErrStalled),
	}
	no := []error{
		// A transport failure that will fail the same way again.
		&noAnswerError{x509.UnknownAuthorityError{}},
		&noAnswerError{&net.DNSError{Err: "no such host", IsNotFound: true}},
		&noAnswerError{&tls.RecordHeaderError{Msg: "first record does not look like a TLS handshake"}},
		// A protocol violation in an answer that arrived.
		fmt.Errorf("cos: GET /: %w: too many entries", ErrInvalidResponse),
		&ServiceError{StatusCode: 307},
		&ServiceError{StatusCode: 404, Code: "NoSuchKey"},
		&ServiceError{StatusCode: 403, Code: "SignatureDoesNotMatch"},
		&ServiceError{StatusCode: 400, Code: "BadDigest"},
		context.Canceled,
		context.DeadlineExceeded,
		ErrInvalidArgument,
		&net.DNSError{Err: "no such host", IsNotFound: true},
	}
	for _, e := range yes {
		assert.True(t, isRetryable(e), "%v", e)
	}
	for _, e := range no {
		assert.False(t, isRetryable(e), "%v", e)
	}
}

// TestMalformedAnswers checks which transport errors name an answer that
// broke the protocol.
func TestMalformedAnswers(t *testing.T) {
	t.Parallel()
	for _, msg := range []string{
		`net/http: HTTP/1.x transport connection broken: malformed HTTP response "HTT"`,
		`net/http: HTTP/1.x transport connection broken: malformed HTTP status code "2x0"`,
		`net/http: HTTP/1.x transport connection broken: malformed MIME header: missing colon: "Content-Le"`,
		`net/http: HTTP/1.x transport connection broken: malformed HTTP version "XYZ/1.1"`,
	} {
		assert.True(t, malformedAnswer(errors.New(msg)), msg)
	}
	assert.True(t, malformedAnswer(fmt.Errorf("x: %w", textproto.ProtocolError("bad"))))
	assert.False(t, malformedAnswer(io.EOF))
	assert.False(t, malformedAnswer(&net.OpError{Op: "read", Err: syscall.ECONNRESET}))
}

// net/http reports a kept-alive connection the server closed as the
// request went out as "http: server closed idle connection"; nothing was
// processed, so an idempotent call retries it.
func TestServerClosedIdleIsRetryable(t *testing.T) {
	t.Parallel()
	err := &url.Error{Op: "Put", URL: "http://127.0.0.1/b/k", Err: errors.New("http: server closed idle connection")}
	assert.True(t, isRetryable(fmt.Errorf("cos: PUT /b/k: %w", err)))
}

// TestHTTP2BodyCutRetried checks that a document cut midway over HTTP/2
// (the server resets the stream, or goes away) is retried whole, as the
// same cut over HTTP/1.1 (io.ErrUnexpectedEOF) is.
func TestHTTP2BodyCutRetried(t *testing.T) {
	t.Parallel()
	page := "<ListBucketResult><Name>" + testBucket + "</Name>" + strings.Repeat("<Contents><Key>k</Key></Contents>", 10) + "</ListBucketResult>"
	var n atomic.Int32
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/xml")
		w.WriteHeader(http.StatusOK)
		if n.Add(1) == 1 {
			_, _ = io.WriteString(w, page[:len(page)/2])
			w.(http.Flusher).Flush()
			panic(http.ErrAbortHandler) // RST_STREAM: the body is cut
		}
		_, _ = io.WriteString(w, page)
	}))
	srv.EnableHTTP2 = true
	srv.StartTLS()
	t.Cleanup(srv.Close)
	c, err := NewClient(WithEndpoint(srv.URL), WithBucket(testBucket), WithStaticCredentials(testID, testKey, ""),
		WithHTTPClient(srv.Client()), WithRetryer(fastRetryer()))
	require.NoError(t, err)
	res, resp, err := c.Bucket.ListObjects(context.Background(), nil)
	require.NoError(t, err, "a cut page is retried")
	assert.Equal(t, "HTTP/2.0", resp.Proto)
	assert.Len(t, res.Contents, 10)
	assert.Equal(t, int32(2), n.Load())

	for _, cut := range []string{
		"stream error: stream ID 3; INTERNAL_ERROR; received from peer",
		"http2: server sent GOAWAY and closed the connection; LastStreamID=1, ErrCode=NO_ERROR, debug=\"\"",
		"http2: client connection lost",
	} {
		err := fmt.Errorf("cos: GET /: reading response: xmlutil: decode ListBucketResult: %w", errors.New(cut))
		assert.True(t, isRetryable(err), cut)
		assert.False(t, isRetryable(fmt.Errorf("%w: %w", ErrInvalidResponse, err)), "a broken document quoting %q", cut)
	}
}
