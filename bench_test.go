package cos

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"
)

func BenchmarkAuthorization(b *testing.B) {
	cred := Credentials{SecretID: "AKIDcosgoEXAMPLE0123456789abcdefghij", SecretKey: "cosgoEXAMPLEsecretKey0123456789ab"}
	h := http.Header{
		"host":                []string{"examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com"},
		"Content-Type":        []string{"application/pdf"},
		"Content-Length":      []string{"11"},
		"X-Cos-Meta-Author":   []string{"Zhang San"},
		"X-Cos-Storage-Class": []string{"STANDARD_IA"},
	}
	q := url.Values{"partNumber": {"3"}, "uploadId": {"1700000000a1b2c3d4e5f60718293a4b5c6d7e8f9"}}
	start, end := time.Unix(1700000000, 0), time.Unix(1700000900, 0)
	b.ReportAllocs()
	for b.Loop() {
		_ = Authorization(cred, "PUT", "/docs/report.pdf", q, h, start, end)
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
