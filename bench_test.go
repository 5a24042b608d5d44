package cos

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"
)

// authBenchRequest is anchorbench's S4 request: a PUT of a part with five
// headers and two params.
func authBenchRequest() (Credentials, url.Values, http.Header) {
	cred := Credentials{SecretID: "AKIDanchorbench", SecretKey: "anchorbenchsecret"}
	q := url.Values{"partNumber": {"3"}, "uploadId": {"1585130821cbb7df1d11846c073ad648e8f33b087cec2381df437acdc833cf654b9ecc6361"}}
	h := http.Header{}
	h.Set("Content-Type", "image/jpeg")
	h.Set("Content-Length", "8388608")
	h.Set("Content-MD5", "1B2M2Y8AsgTpgAmY7PhCfg==")
	h.Set("x-cos-storage-class", "STANDARD_IA")
	h.Set("x-cos-meta-owner", "anchorbench")
	return cred, q, h
}

// BenchmarkAuthorization signs anchorbench's request in one window (the
// signing key is derived once). Like anchorbench, it sets the result as the
// Authorization header, which the next iteration then signs too.
func BenchmarkAuthorization(b *testing.B) {
	cred, q, h := authBenchRequest()
	start := time.Unix(1700000000, 0)
	end := start.Add(time.Hour)
	b.ReportAllocs()
	for b.Loop() {
		h.Set("Authorization", Authorization(cred, "PUT", "/dir/photo 001.jpg", q, h, start, end))
	}
}

// BenchmarkAuthorizationNewWindow is BenchmarkAuthorization with a new
// window every time, so every call derives its signing key.
func BenchmarkAuthorizationNewWindow(b *testing.B) {
	cred, q, h := authBenchRequest()
	start := time.Unix(1700000000, 0)
	b.ReportAllocs()
	for b.Loop() {
		start = start.Add(time.Second)
		h.Set("Authorization", Authorization(cred, "PUT", "/dir/photo 001.jpg", q, h, start, start.Add(time.Hour)))
	}
}

// BenchmarkPipelineRoundTrip measures one signed, decoded call to a local
// server: build, sign, send, check, decode, close.
func BenchmarkPipelineRoundTrip(b *testing.B) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("x-cos-request-id", "rid")
		_, _ = w.Write([]byte(`<Ping><Value>pong</Value></Ping>`))
	}))
	defer srv.Close()
	c, err := NewClient(WithEndpoint(srv.URL), WithBucket("examplebucket-1250000000"), WithStaticCredentials("AKIDbench", "secret", ""))
	if err != nil {
		b.Fatal(err)
	}
	pingLoop(b, c)
}

// pingLoop makes one signed, decoded call per iteration.
func pingLoop(b *testing.B, c *Client) {
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		var out pingResult
		if _, err := c.do(ctx, &op{name: "Ping", method: http.MethodGet, object: true, key: "dir/a b.txt",
			query: url.Values{"acl": {""}}, idempotent: true, out: &out}); err != nil {
			b.Fatal(err)
		}
	}
}

// replayTransport answers every request with the same small document from
// memory, so a benchmark counts the client's work alone.
type replayTransport struct{ body []byte }

func (t replayTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	return &http.Response{StatusCode: http.StatusOK, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: http.Header{"X-Cos-Request-Id": {"rid"}}, ContentLength: int64(len(t.body)),
		Body: io.NopCloser(bytes.NewReader(t.body)), Request: req}, nil
}

// BenchmarkPipelineClient is BenchmarkPipelineRoundTrip without the
// network and the server: the allocations of one call on the client side
// (the replayed answer's own three included), with the stall timeout on
// (its default) and off.
func BenchmarkPipelineClient(b *testing.B) {
	for _, stall := range []time.Duration{defaultStallTimeout, 0} {
		b.Run("stall="+stall.String(), func(b *testing.B) {
			c, err := NewClient(WithEndpoint("https://cos.ap-guangzhou.myqcloud.com"), WithBucket("examplebucket-1250000000"),
				WithStaticCredentials("AKIDbench", "secret", ""), WithStallTimeout(stall),
				WithHTTPClient(&http.Client{Transport: replayTransport{[]byte(`<Ping><Value>pong</Value></Ping>`)}}))
			if err != nil {
				b.Fatal(err)
			}
			pingLoop(b, c)
		})
	}
}
