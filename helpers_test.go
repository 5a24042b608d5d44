package cos

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

const (
	testID     = "AKIDtestEXAMPLE"
	testKey    = "testSecretKeyEXAMPLE"
	testBucket = "examplebucket-1250000000"
)

// seen is one request as a test server received it.
type seen struct {
	Method, Path, RawPath, RawQuery, Host string
	Header                                http.Header
	Body                                  []byte
	SigOK                                 bool
}

// recorder is an httptest server that records requests, checks their
// signature independently of the pipeline, and answers with next.
type recorder struct {
	t    testing.TB
	srv  *httptest.Server
	mu   sync.Mutex
	reqs []seen
	next func(w http.ResponseWriter, r *http.Request, n int)
}

func newRecorder(t testing.TB, next func(w http.ResponseWriter, r *http.Request, n int)) *recorder {
	rec := &recorder{t: t, next: next}
	rec.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		s := seen{Method: r.Method, Path: r.URL.Path, RawPath: r.URL.EscapedPath(), RawQuery: r.URL.RawQuery,
			Host: r.Host, Header: r.Header.Clone(), Body: body, SigOK: checkSignature(r, testKey)}
		rec.mu.Lock()
		rec.reqs = append(rec.reqs, s)
		n := len(rec.reqs)
		rec.mu.Unlock()
		if rec.next != nil {
			rec.next(w, r, n)
		}
	}))
	t.Cleanup(rec.srv.Close)
	return rec
}

func (r *recorder) requests() []seen {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]seen(nil), r.reqs...)
}

func (r *recorder) client(t testing.TB, opts ...Option) *Client {
	base := []Option{WithEndpoint(r.srv.URL), WithBucket(testBucket), WithStaticCredentials(testID, testKey, "")}
	c, err := NewClient(append(base, opts...)...)
	require.NoError(t, err)
	return c
}

// checkSignature re-computes the Authorization header from what arrived,
// over the headers and params it lists.
func checkSignature(r *http.Request, secret string) bool {
	auth := r.Header.Get("Authorization")
	if auth == "" {
		return false
	}
	f := signFields(auth)
	st, en, ok := strings.Cut(f["q-sign-time"], ";")
	if !ok {
		return false
	}
	s, _ := strconv.ParseInt(st, 10, 64)
	e, _ := strconv.ParseInt(en, 10, 64)
	h := http.Header{}
	for _, name := range splitList(f["q-header-list"]) {
		if name == "host" {
			h[name] = []string{r.Host}
			continue
		}
		if name == "content-length" {
			h[name] = []string{strconv.FormatInt(r.ContentLength, 10)}
			continue
		}
		h[name] = r.Header.Values(name)
	}
	q := url.Values{}
	all := r.URL.Query()
	for _, name := range splitList(f["q-url-param-list"]) {
		for k, v := range all {
			if strings.ToLower(k) == name {
				q[k] = v
			}
		}
	}
	want := Authorization(Credentials{SecretID: f["q-ak"], SecretKey: secret}, r.Method, r.URL.Path, q, h, time.Unix(s, 0), time.Unix(e, 0))
	return want == auth
}

func splitList(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ";")
}

func writeXML(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/xml")
	w.Header().Set("x-cos-request-id", "req-"+strconv.Itoa(status))
	w.WriteHeader(status)
	_, _ = io.WriteString(w, body)
}

func errorXML(code, msg string) string {
	return `<?xml version='1.0' encoding='utf-8' ?><Error><Code>` + code + `</Code><Message>` + msg +
		`</Message><Resource>examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com/a</Resource><RequestId>rid-1</RequestId><TraceId>tid-1</TraceId></Error>`
}

func signFields(auth string) map[string]string {
	f := map[string]string{}
	for _, kv := range strings.Split(auth, "&") {
		k, v, _ := strings.Cut(kv, "=")
		f[k] = v
	}
	return f
}
