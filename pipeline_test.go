package cos

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type pingResult struct {
	XMLName xml.Name `xml:"Ping"`
	Value   string   `xml:"Value"`
}

type pingOptions struct {
	Prefix  string            `url:"prefix,omitempty"`
	MaxKeys int               `url:"max-keys,omitempty"`
	ACL     string            `header:"x-cos-acl"`
	Meta    map[string]string `header:"x-cos-meta-,prefix"`
	Since   time.Time         `header:"If-Modified-Since"`
}

func TestPipelineRequestShape(t *testing.T) {
	t.Parallel()
	rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request, n int) {
		writeXML(w, 200, `<?xml version='1.0' encoding='utf-8' ?><Ping><Value>pong</Value></Ping>`)
	})
	c := rec.client(t)
	keys := []string{"plain.txt", "a b.txt", "年度 报告+final.txt", "q?x#y%z", "/leading", "dir/sub/f"}
	for _, key := range keys {
		var out pingResult
		since := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
		resp, err := c.do(context.Background(), &op{
			name: "Ping", method: http.MethodPut, object: true, key: key,
			query: url.Values{"acl": {""}},
			opts:  []any{&pingOptions{Prefix: "a/b c", MaxKeys: 5, ACL: "private", Meta: map[string]string{"Author": "Zhang San"}, Since: since}},
			body:  strings.NewReader("hello"), size: -1, idempotent: true, out: &out,
		})
		require.NoError(t, err, key)
		assert.Equal(t, "pong", out.Value)
		assert.Equal(t, "req-200", resp.RequestID)
	}
	reqs := rec.requests()
	require.Len(t, reqs, len(keys))
	for i, r := range reqs {
		assert.True(t, r.SigOK, "signature of %q", keys[i])
		assert.Equal(t, "/"+testBucket+"/"+keys[i], r.Path, "decoded path")
		assert.Equal(t, "acl&max-keys=5&prefix=a%2Fb%20c", r.RawQuery)
		assert.Equal(t, "private", r.Header.Get("x-cos-acl"))
		assert.Equal(t, "Zhang San", r.Header.Get("x-cos-meta-Author"))
		assert.Equal(t, "Tue, 02 Jan 2024 03:04:05 GMT", r.Header.Get("If-Modified-Since"))
		assert.Equal(t, "hello", string(r.Body))
		auth := r.Header.Get("Authorization")
		assert.Contains(t, auth, "q-header-list=content-length;host;if-modified-since;x-cos-acl;x-cos-meta-author&")
		assert.Contains(t, auth, "q-url-param-list=acl;max-keys;prefix&")
		assert.NotContains(t, auth, "user-agent")
	}
	assert.Equal(t, "/"+testBucket+"/%2Fleading", reqs[4].RawPath)
	assert.Equal(t, "/"+testBucket+"/q%3Fx%23y%25z", reqs[3].RawPath)
}

func TestPipelineRefusesFieldWithBothTags(t *testing.T) {
	t.Parallel()
	type bad struct {
		X string `url:"x" header:"x-cos-x"`
	}
	mt := httpmock.NewMockTransport()
	c, err := NewClient(WithRegion("ap-guangzhou"), WithBucket(testBucket), WithHTTPClient(&http.Client{Transport: mt}))
	require.NoError(t, err)
	_, err = c.do(context.Background(), &op{name: "X", method: http.MethodGet, opts: []any{bad{X: "1"}}})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "both url and header tags")
	assert.Zero(t, mt.GetTotalCallCount())
}

func TestServiceErrorFromXML(t *testing.T) {
	t.Parallel()
	cases := []struct {
		status   int
		code     string
		sentinel error
	}{
		{404, "NoSuchKey", ErrNotFound},
		{404, "NoSuchBucket", ErrNotFound},
		{403, "AccessDenied", ErrAccessDenied},
		{412, "PreconditionFailed", ErrPreconditionFailed},
		{409, "BucketNotEmpty", ErrConflict},
	}
	for _, tc := range cases {
		t.Run(tc.code, func(t *testing.T) {
			t.Parallel()
			rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request, n int) {
				w.Header().Set("x-cos-trace-id", "tid-hdr")
				writeXML(w, tc.status, errorXML(tc.code, "the message"))
			})
			c := rec.client(t)
			resp, err := c.do(context.Background(), &op{name: "GetObject", method: http.MethodGet, object: true, key: "a", idempotent: true})
			require.Error(t, err)
			require.NotNil(t, resp, "the response is returned with the error")
			var se *ServiceError
			require.ErrorAs(t, err, &se)
			assert.Equal(t, tc.status, se.StatusCode)
			assert.Equal(t, tc.code, se.Code)
			assert.Equal(t, "the message", se.Message)
			assert.Equal(t, "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com/a", se.Resource)
			assert.Equal(t, "req-"+strconv.Itoa(tc.status), se.RequestID)
			assert.Equal(t, "tid-hdr", se.TraceID)
			assert.Contains(t, string(se.Body), "<Code>"+tc.code+"</Code>")
			assert.NotNil(t, se.Header)
			assert.ErrorIs(t, err, tc.sentinel)
			assert.Equal(t, tc.code, ErrorCode(err))
			assert.Contains(t, err.Error(), "GET /"+testBucket+"/a: ")
			assert.Len(t, rec.requests(), 1, "4xx is not retried")
		})
	}
}

func TestHead404IsNotFound(t *testing.T) {
	t.Parallel()
	rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request, n int) {
		w.Header().Set("x-cos-request-id", "rid-head")
		w.WriteHeader(404)
	})
	c := rec.client(t)
	_, err := c.do(context.Background(), &op{name: "HeadObject", method: http.MethodHead, object: true, key: "missing", idempotent: true})
	require.ErrorIs(t, err, ErrNotFound)
	assert.True(t, IsNotFound(err))
	var se *ServiceError
	require.ErrorAs(t, err, &se)
	assert.Empty(t, se.Code)
	assert.Equal(t, "rid-head", se.RequestID)
	assert.Equal(t, "cos: HEAD /examplebucket-1250000000/missing: 404 Not Found (request rid-head)", se.Error())
}

func TestErrorIn200(t *testing.T) {
	t.Parallel()
	rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request, n int) {
		w.Header().Set("Content-Type", "application/xml")
		w.WriteHeader(200)
		_, _ = io.WriteString(w, "   \n  "+errorXML("InternalError", "merge failed"))
	})
	c := rec.client(t, WithRetryer(NoRetry))
	var out pingResult
	_, err := c.do(context.Background(), &op{name: "Complete", method: http.MethodPost, object: true, key: "k", out: &out, errorIn200: true, idempotent: true})
	var se *ServiceError
	require.ErrorAs(t, err, &se)
	assert.Equal(t, 200, se.StatusCode)
	assert.Equal(t, "InternalError", se.Code)
}

func TestNonXMLErrorBody(t *testing.T) {
	t.Parallel()
	rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request, n int) {
		w.WriteHeader(502)
		_, _ = io.WriteString(w, "<html>bad gateway</html>")
	})
	c := rec.client(t, WithRetryer(NoRetry))
	_, err := c.do(context.Background(), &op{name: "Get", method: http.MethodGet, object: true, key: "k"})
	var se *ServiceError
	require.ErrorAs(t, err, &se)
	assert.Equal(t, 502, se.StatusCode)
	assert.Empty(t, se.Code)
	assert.Equal(t, "<html>bad gateway</html>", string(se.Body))
}

func TestOversizedErrorBodyIsCapped(t *testing.T) {
	t.Parallel()
	rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request, n int) {
		w.WriteHeader(400)
		_, _ = w.Write(bytes.Repeat([]byte("x"), 3<<20))
	})
	c := rec.client(t, WithRetryer(NoRetry))
	_, err := c.do(context.Background(), &op{name: "Get", method: http.MethodGet, object: true, key: "k"})
	var se *ServiceError
	require.ErrorAs(t, err, &se)
	assert.LessOrEqual(t, len(se.Body), 1<<20)
}

// flakyThenOK answers 503 SlowDown until the nth request.
func flakyThenOK(okAt int, retryAfter string) func(w http.ResponseWriter, r *http.Request, n int) {
	return func(w http.ResponseWriter, r *http.Request, n int) {
		if n < okAt {
			if retryAfter != "" {
				w.Header().Set("Retry-After", retryAfter)
			}
			writeXML(w, 503, errorXML("SlowDown", "slow down"))
			return
		}
		writeXML(w, 200, `<Ping><Value>ok</Value></Ping>`)
	}
}

func fastRetryer() Retryer {
	return &StandardRetryer{Attempts: 3, BaseDelay: time.Millisecond, MaxBackoff: 5 * time.Millisecond}
}

func TestRetryReplaysSeekableBody(t *testing.T) {
	t.Parallel()
	rec := newRecorder(t, flakyThenOK(3, ""))
	c := rec.client(t, WithRetryer(fastRetryer()))
	payload := strings.Repeat("0123456789", 1000)
	r := strings.NewReader("SKIP" + payload)
	_, err := r.Seek(4, io.SeekStart) // the body starts where the reader stands
	require.NoError(t, err)
	_, err = c.do(context.Background(), &op{name: "PutObject", method: http.MethodPut, object: true, key: "k", body: r, size: -1, idempotent: true})
	require.NoError(t, err)
	reqs := rec.requests()
	require.Len(t, reqs, 3)
	for _, q := range reqs {
		assert.Equal(t, payload, string(q.Body), "every attempt sends the same bytes")
		assert.True(t, q.SigOK)
	}
	// Each attempt is signed afresh.
	assert.NotEmpty(t, reqs[0].Header.Get("Authorization"))
}

type onlyReader struct{ r io.Reader }

func (o onlyReader) Read(p []byte) (int, error) { return o.r.Read(p) }

func TestNonSeekableBodyIsNotRetried(t *testing.T) {
	t.Parallel()
	rec := newRecorder(t, flakyThenOK(3, ""))
	c := rec.client(t, WithRetryer(fastRetryer()))
	_, err := c.do(context.Background(), &op{name: "PutObject", method: http.MethodPut, object: true, key: "k",
		body: onlyReader{strings.NewReader("stream")}, size: 6, idempotent: true})
	var se *ServiceError
	require.ErrorAs(t, err, &se)
	assert.Equal(t, "SlowDown", se.Code)
	require.Len(t, rec.requests(), 1, "a consumed stream is never re-sent")
	assert.Equal(t, "stream", string(rec.requests()[0].Body))
}

func TestNonIdempotentIsNotRetried(t *testing.T) {
	t.Parallel()
	rec := newRecorder(t, flakyThenOK(3, ""))
	c := rec.client(t, WithRetryer(fastRetryer()))
	_, err := c.do(context.Background(), &op{name: "InitiateMultipartUpload", method: http.MethodPost, object: true, key: "k"})
	require.Error(t, err)
	assert.Len(t, rec.requests(), 1)
}

func TestRetriesExhaustedWrapsLastError(t *testing.T) {
	t.Parallel()
	rec := newRecorder(t, flakyThenOK(100, ""))
	c := rec.client(t, WithRetryer(fastRetryer()))
	_, err := c.do(context.Background(), &op{name: "GetObject", method: http.MethodGet, object: true, key: "k", idempotent: true})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "giving up after 3 attempts")
	assert.Equal(t, "SlowDown", ErrorCode(err))
	assert.Len(t, rec.requests(), 3)
}

func TestRetryOnConnectionFailure(t *testing.T) {
	t.Parallel()
	mt := httpmock.NewMockTransport()
	mt.RegisterNoResponder(httpmock.ConnectionFailure)
	mt.RegisterResponder(http.MethodGet, `=~.*`,
		httpmock.NewErrorResponder(errors.New("read: connection reset by peer")).
			Then(httpmock.NewStringResponder(200, `<Ping><Value>x</Value></Ping>`)))
	c, err := NewClient(WithRegion("ap-guangzhou"), WithBucket(testBucket), WithHTTPClient(&http.Client{Transport: mt}),
		WithRetryer(fastRetryer()), WithStaticCredentials(testID, testKey, ""))
	require.NoError(t, err)
	var out pingResult
	_, err = c.do(context.Background(), &op{name: "GetObject", method: http.MethodGet, object: true, key: "k", idempotent: true, out: &out})
	// Any transport failure that left no answer is retried when the call
	// is idempotent, even one net/http gives no type.
	require.NoError(t, err)
	assert.Equal(t, 2, mt.GetTotalCallCount())

	mt2 := httpmock.NewMockTransport()
	mt2.RegisterResponder(http.MethodGet, `=~.*`,
		httpmock.NewErrorResponder(io.ErrUnexpectedEOF).
			Then(httpmock.NewStringResponder(200, `<Ping><Value>x</Value></Ping>`)))
	c2, err := NewClient(WithRegion("ap-guangzhou"), WithBucket(testBucket), WithHTTPClient(&http.Client{Transport: mt2}), WithRetryer(fastRetryer()))
	require.NoError(t, err)
	_, err = c2.do(context.Background(), &op{name: "GetObject", method: http.MethodGet, object: true, key: "k", idempotent: true, out: &out})
	require.NoError(t, err)
	assert.Equal(t, "x", out.Value)
	assert.Equal(t, 2, mt2.GetTotalCallCount())
}

func TestAcceptRetry(t *testing.T) {
	t.Parallel()
	rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if n == 1 {
			writeXML(w, 500, errorXML("InternalError", "lost"))
			return
		}
		writeXML(w, 409, errorXML("RestoreAlreadyInProgress", "running"))
	})
	c := rec.client(t, WithRetryer(fastRetryer()))
	_, err := c.do(context.Background(), &op{name: "RestoreObject", method: http.MethodPost, object: true, key: "k", idempotent: true,
		acceptRetry: func(se *ServiceError) bool { return se.Code == "RestoreAlreadyInProgress" }})
	require.NoError(t, err)
}

func TestClockSkewRetriedOnce(t *testing.T) {
	t.Parallel()
	serverNow := time.Now().Add(2 * time.Hour).UTC()
	rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request, n int) {
		w.Header().Set("Date", serverNow.Format(http.TimeFormat))
		writeXML(w, 403, errorXML("RequestTimeTooSkewed", "skewed"))
	})
	c := rec.client(t, WithRetryer(fastRetryer()))
	_, err := c.do(context.Background(), &op{name: "GetObject", method: http.MethodGet, object: true, key: "k", idempotent: true})
	require.ErrorIs(t, err, ErrAccessDenied)
	reqs := rec.requests()
	require.Len(t, reqs, 2, "one corrected retry, never more")
	f := signFields(reqs[1].Header.Get("Authorization"))
	start, _, _ := strings.Cut(f["q-sign-time"], ";")
	got, err := strconv.ParseInt(start, 10, 64)
	require.NoError(t, err)
	assert.InDelta(t, serverNow.Add(-60*time.Second).Unix(), got, 5, "the retry signs with the server's clock")
}

// TestDocumentWithoutRootNotRetried checks that a success answer whose
// body holds text or markup but no element is a broken document like any
// other: ErrInvalidResponse, not retried (it is not a cut connection).
func TestDocumentWithoutRootNotRetried(t *testing.T) {
	t.Parallel()
	for _, body := range []string{"OK", "<!-- no element -->", `<?xml version="1.0" encoding="UTF-8"?>` + "\n", "{\"error\": \"json\"}"} {
		rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request, n int) {
			w.WriteHeader(200)
			_, _ = io.WriteString(w, body)
		})
		c := rec.client(t, WithRetryer(fastRetryer()))
		var out pingResult
		_, err := c.do(context.Background(), &op{name: "GetThing", method: http.MethodGet, object: true, key: "k", out: &out, idempotent: true})
		require.ErrorIs(t, err, ErrInvalidResponse, "%q", body)
		assert.Equal(t, 1, len(rec.requests()), "%q: a broken document is not retried: %v", body, err)
	}
}
