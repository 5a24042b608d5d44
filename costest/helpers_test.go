package costest_test

import (
	"bytes"
	"crypto/md5"
	"encoding/base64"
	"encoding/xml"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cosgo/cos"
	"github.com/cosgo/cos/costest"
	"github.com/stretchr/testify/require"
)

const testBucket = "test-1250000000"

// env is one costest server plus a plain net/http client for it.
type env struct {
	t      *testing.T
	srv    *costest.Server
	client *http.Client
	cred   cos.Credentials
	clock  func() time.Time
}

func newEnv(t *testing.T, opts ...costest.Option) *env {
	t.Helper()
	srv := costest.NewServer(opts...)
	tr := &http.Transport{}
	t.Cleanup(func() {
		tr.CloseIdleConnections()
		srv.Close()
	})
	id, key := srv.Credentials()
	return &env{t: t, srv: srv, client: &http.Client{Transport: tr},
		cred: cos.Credentials{SecretID: id, SecretKey: key}, clock: time.Now}
}

// withBucket creates testBucket through the seeding helper.
func (e *env) withBucket() *env {
	e.t.Helper()
	require.NoError(e.t, e.srv.CreateBucket(testBucket))
	return e
}

// call describes one raw request. Paths are path-style unless RawPath or
// Host says otherwise.
type call struct {
	Method  string
	Bucket  string // "" = no bucket segment
	Key     string
	RawPath string // escaped path; overrides Bucket/Key
	Query   string // raw query string
	Header  map[string]string
	Body    []byte
	Host    string // Host header to send (virtual-host tests)
	// Unsigned sends no signature; Cred overrides the env's credentials.
	Unsigned bool
	Cred     *cos.Credentials
	// Start/End is the signing window (default: now-60s .. now+15m on the
	// env clock).
	Start, End time.Time
	// Tamper, if set, changes the request after signing.
	Tamper func(*http.Request)
}

type result struct {
	Status int
	Header http.Header
	Body   []byte
}

// errCode returns the Code of an XML error body.
func (r result) errCode() string {
	var doc struct {
		Code string `xml:"Code"`
	}
	_ = xml.Unmarshal(r.Body, &doc)
	return doc.Code
}

// escapeKey escapes a key like package cos: RFC 3986 unreserved bytes and
// "/" stay, except a leading "/" which becomes %2F.
func escapeKey(key string) string {
	var b strings.Builder
	for i := 0; i < len(key); i++ {
		c := key[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
			c == '-' || c == '_' || c == '.' || c == '~' || (c == '/' && i > 0) {
			b.WriteByte(c)
			continue
		}
		b.WriteString("%" + strings.ToUpper(strconv.FormatUint(uint64(c)>>4, 16)) + strings.ToUpper(strconv.FormatUint(uint64(c)&15, 16)))
	}
	return b.String()
}

// rawParams splits a raw query like costest does (tests never send a raw
// ";" through this helper's signer).
func rawParams(raw string) url.Values {
	v := url.Values{}
	for part := range strings.SplitSeq(raw, "&") {
		if part == "" {
			continue
		}
		n, val, _ := strings.Cut(part, "=")
		n, _ = url.QueryUnescape(n)
		val, _ = url.QueryUnescape(val)
		v[n] = append(v[n], val)
	}
	return v
}

func (e *env) newRequest(c call) *http.Request {
	e.t.Helper()
	path := c.RawPath
	if path == "" {
		path = "/"
		if c.Bucket != "" {
			path += c.Bucket + "/"
		}
		path += escapeKey(c.Key)
		if c.Bucket != "" && c.Key == "" {
			path = "/" + c.Bucket + "/"
		}
	}
	u := e.srv.URL + path
	if c.Query != "" {
		u += "?" + c.Query
	}
	var body io.Reader
	if c.Body != nil {
		body = bytes.NewReader(c.Body)
	}
	method := c.Method
	if method == "" {
		method = http.MethodGet
	}
	r, err := http.NewRequest(method, u, body)
	require.NoError(e.t, err)
	if c.Host != "" {
		r.Host = c.Host
	}
	for k, v := range c.Header {
		r.Header.Set(k, v)
	}
	if !c.Unsigned {
		signHdr := r.Header.Clone()
		signHdr.Set("Host", r.Host)
		if r.ContentLength > 0 || method == http.MethodPut || method == http.MethodPost {
			signHdr.Set("Content-Length", strconv.FormatInt(r.ContentLength, 10))
		}
		cred := e.cred
		if c.Cred != nil {
			cred = *c.Cred
		}
		start, end := c.Start, c.End
		if start.IsZero() {
			now := e.clock()
			start, end = now.Add(-time.Minute), now.Add(15*time.Minute)
		}
		r.Header.Set("Authorization", cos.Authorization(cred, method, r.URL.Path, rawParams(c.Query), signHdr, start, end))
	}
	if c.Tamper != nil {
		c.Tamper(r)
	}
	return r
}

// do sends the call and reads the whole response.
func (e *env) do(c call) result {
	e.t.Helper()
	return e.send(e.newRequest(c))
}

func (e *env) send(r *http.Request) result {
	e.t.Helper()
	resp, err := e.client.Do(r)
	require.NoError(e.t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(e.t, err)
	return result{Status: resp.StatusCode, Header: resp.Header, Body: b}
}

// put stores an object through the API and requires success.
func (e *env) put(key string, data []byte, hdr map[string]string) result {
	e.t.Helper()
	r := e.do(call{Method: http.MethodPut, Bucket: testBucket, Key: key, Body: data, Header: hdr})
	require.Equal(e.t, http.StatusOK, r.Status, string(r.Body))
	return r
}

// xmlCall sends an XML body with Content-MD5.
func (e *env) xmlCall(method, key, query, body string) result {
	e.t.Helper()
	return e.do(call{Method: method, Bucket: testBucket, Key: key, Query: query, Body: []byte(body),
		Header: map[string]string{"Content-Type": "application/xml", "Content-MD5": md5b64([]byte(body))}})
}

func md5b64(b []byte) string {
	s := md5.Sum(b)
	return base64.StdEncoding.EncodeToString(s[:])
}

func md5hex(b []byte) string {
	s := md5.Sum(b)
	return `"` + strings.ToLower(strings.TrimSpace(hexString(s[:]))) + `"`
}

func hexString(b []byte) string {
	const digits = "0123456789abcdef"
	out := make([]byte, 0, 2*len(b))
	for _, c := range b {
		out = append(out, digits[c>>4], digits[c&15])
	}
	return string(out)
}

// decode unmarshals an XML response body.
func decode[T any](t *testing.T, r result) T {
	t.Helper()
	var v T
	require.NoError(t, xml.Unmarshal(r.Body, &v), string(r.Body))
	return v
}

// fakeClock is a settable clock for WithClock, safe for concurrent use.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func newFakeClock() *fakeClock { return &fakeClock{now: time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)} }

func (f *fakeClock) Now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.now
}

func (f *fakeClock) Advance(d time.Duration) {
	f.mu.Lock()
	f.now = f.now.Add(d)
	f.mu.Unlock()
}

// newClockEnv is newEnv with a fake server clock that also drives the
// signing window.
func newClockEnv(t *testing.T, fc *fakeClock, opts ...costest.Option) *env {
	e := newEnv(t, append([]costest.Option{costest.WithClock(fc.Now)}, opts...)...)
	e.clock = fc.Now
	return e
}

func withAnon() costest.Option { return costest.WithAnonymous() }

func withRestoreDelay(d time.Duration) costest.Option { return costest.WithRestoreDelay(d) }
