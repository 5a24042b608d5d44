package costest_test

import (
	"encoding/xml"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/cosgo/cos"
	"github.com/cosgo/cos/costest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSignatureChecks(t *testing.T) {
	t.Parallel()
	fc := newFakeClock()
	e := newClockEnv(t, fc).withBucket()
	e.put("k", []byte("hello"), nil)
	now := fc.Now()
	meta := map[string]string{"x-cos-meta-a": "1"}
	tests := []struct {
		name    string
		c       call
		status  int
		code    string
		message string
	}{
		{name: "valid", c: call{Header: meta}, status: 200},
		{name: "unsigned header added later", c: call{Tamper: func(r *http.Request) { r.Header.Set("x-cos-meta-b", "x") }}, status: 200},
		{name: "signed header changed", c: call{Header: meta, Tamper: func(r *http.Request) { r.Header.Set("x-cos-meta-a", "2") }},
			status: 403, code: "SignatureDoesNotMatch"},
		{name: "signed header removed", c: call{Header: meta, Tamper: func(r *http.Request) { r.Header.Del("x-cos-meta-a") }},
			status: 403, code: "SignatureDoesNotMatch", message: "x-cos-meta-a"},
		{name: "signature altered", c: call{Tamper: func(r *http.Request) {
			a := r.Header.Get("Authorization")
			r.Header.Set("Authorization", a[:len(a)-1]+map[bool]string{true: "0", false: "1"}[!strings.HasSuffix(a, "0")])
		}}, status: 403, code: "SignatureDoesNotMatch"},
		{name: "other path", c: call{Tamper: func(r *http.Request) { r.URL.Path += "x"; r.URL.RawPath = "" }},
			status: 403, code: "SignatureDoesNotMatch"},
		{name: "other host", c: call{Tamper: func(r *http.Request) { r.Host = "127.0.0.2:1" }}, status: 403, code: "SignatureDoesNotMatch"},
		{name: "expired", c: call{Start: now.Add(-2 * time.Hour), End: now.Add(-time.Hour)}, status: 403, code: "AccessDenied", message: "Request has expired"},
		{name: "start far in the future", c: call{Start: now.Add(time.Hour), End: now.Add(2 * time.Hour)}, status: 403, code: "RequestTimeTooSkewed"},
		{name: "start a little ahead", c: call{Start: now.Add(10 * time.Minute), End: now.Add(time.Hour)}, status: 200},
		{name: "unknown key", c: call{Cred: &cos.Credentials{SecretID: "AKIDother", SecretKey: "x"}}, status: 403, code: "InvalidAccessKeyId"},
		{name: "wrong secret", c: call{Cred: &cos.Credentials{SecretID: costest.DefaultSecretID, SecretKey: "wrong"}}, status: 403, code: "SignatureDoesNotMatch"},
		{name: "malformed", c: call{Tamper: func(r *http.Request) { r.Header.Set("Authorization", "Bearer abc") }}, status: 403, code: "AccessDenied"},
		{name: "bad algorithm", c: call{Tamper: func(r *http.Request) {
			r.Header.Set("Authorization", strings.Replace(r.Header.Get("Authorization"), "sha1", "md5", 1))
		}}, status: 403, code: "AccessDenied"},
		{name: "missing", c: call{Unsigned: true}, status: 403, code: "AccessDenied"},
	}
	for _, tt := range tests {
		tt.c.Bucket, tt.c.Key = testBucket, "k"
		r := e.do(tt.c)
		assert.Equal(t, tt.status, r.Status, "%s: %s", tt.name, r.Body)
		assert.Equal(t, tt.code, r.errCode(), tt.name)
		if tt.message != "" {
			assert.Contains(t, string(r.Body), tt.message, tt.name)
		}
		if tt.code == "SignatureDoesNotMatch" && tt.message == "" {
			var doc struct{ StringToSign, FormatString string }
			require.NoError(t, xml.Unmarshal(r.Body, &doc))
			assert.True(t, strings.HasPrefix(doc.StringToSign, "sha1\n"), tt.name)
			assert.True(t, strings.HasPrefix(doc.FormatString, "get\n/"+testBucket+"/k"), tt.name)
		}
	}
}

// presign builds a presigned URL for key the way the SDKs do. style is
// "go" (";" as %3B), "node" (raw ";", param list escaped again) or
// "merged" (the whole authorization in sign=).
func (e *env) presign(method, key string, params url.Values, style string, start, end time.Time) string {
	hdr := http.Header{"Host": {strings.TrimPrefix(e.srv.URL, "http://")}}
	path := "/" + testBucket + "/" + key
	auth := cos.Authorization(e.cred, method, path, params, hdr, start, end)
	base := e.srv.URL + "/" + testBucket + "/" + escapeKey(key) + "?"
	if len(params) > 0 {
		base += params.Encode() + "&"
	}
	switch style {
	case "merged":
		return base + "sign=" + url.QueryEscape(auth)
	case "node":
		var parts []string
		for p := range strings.SplitSeq(auth, "&") {
			k, v, _ := strings.Cut(p, "=")
			if k == "q-url-param-list" {
				v = strings.ToLower(url.QueryEscape(v))
			}
			parts = append(parts, k+"="+v)
		}
		return base + strings.Join(parts, "&")
	}
	return base + strings.ReplaceAll(auth, ";", "%3B")
}

func TestPresignedURLs(t *testing.T) {
	t.Parallel()
	fc := newFakeClock()
	e := newClockEnv(t, fc).withBucket()
	e.put("dir/a b.txt", []byte("hello"), nil)
	now := fc.Now()
	get := func(u string, method string) result {
		r, err := http.NewRequest(method, u, nil)
		require.NoError(t, err)
		return e.send(r)
	}
	for _, style := range []string{"go", "node", "merged"} {
		u := e.presign(http.MethodGet, "dir/a b.txt", nil, style, now, now.Add(time.Hour))
		r := get(u, http.MethodGet)
		require.Equal(t, 200, r.Status, "%s %s: %s", style, u, r.Body)
		assert.Equal(t, "hello", string(r.Body))

		params := url.Values{"response-content-type": {"text/x-test"}, "response-content-disposition": {"attachment; filename=a.txt"}}
		u = e.presign(http.MethodGet, "dir/a b.txt", params, style, now, now.Add(time.Hour))
		r = get(u, http.MethodGet)
		require.Equal(t, 200, r.Status, "%s %s: %s", style, u, r.Body)
		assert.Equal(t, "text/x-test", r.Header.Get("Content-Type"))
		r = get(strings.Replace(u, "text%2Fx-test", "text%2Fhtml", 1), http.MethodGet)
		assert.Equal(t, "SignatureDoesNotMatch", r.errCode(), "%s: a signed parameter was changed", style)
		r = get(u+"&response-cache-control=no-store", http.MethodGet)
		assert.Equal(t, 200, r.Status, "%s: unsigned parameters are allowed", style)
		assert.Equal(t, "no-store", r.Header.Get("Cache-Control"))

		r = get(u, http.MethodHead)
		assert.Equal(t, 403, r.Status, "%s: the method is signed", style)

		u = e.presign(http.MethodGet, "dir/a b.txt", nil, style, now.Add(-2*time.Hour), now.Add(-time.Hour))
		r = get(u, http.MethodGet)
		assert.Equal(t, 403, r.Status)
		assert.Contains(t, string(r.Body), "Request has expired", style)
	}
	// The Node style really carries a raw ";" in the query.
	u := e.presign(http.MethodGet, "dir/a b.txt", url.Values{"x-a": {"1"}, "x-b": {"2"}}, "node", now, now.Add(time.Hour))
	assert.Contains(t, u, "q-sign-time="+itoa(int(now.Unix()))+";")
	assert.Contains(t, u, "q-url-param-list=x-a%3bx-b")
	r := get(u, http.MethodGet)
	assert.Equal(t, 200, r.Status, string(r.Body))
}

func TestTemporaryCredentials(t *testing.T) {
	t.Parallel()
	fc := newFakeClock()
	expires := fc.Now().Add(time.Hour)
	e := newClockEnv(t, fc, costest.WithTemporaryCredentials("AKIDtemp", "tempKey", "TOKEN/abc+=", expires)).withBucket()
	e.put("k", []byte("x"), nil)
	temp := &cos.Credentials{SecretID: "AKIDtemp", SecretKey: "tempKey"}
	tests := []struct {
		name   string
		c      call
		status int
		code   string
	}{
		{"token header, signed", call{Cred: temp, Header: map[string]string{"x-cos-security-token": "TOKEN/abc+="}}, 200, ""},
		{"no token", call{Cred: temp}, 403, "InvalidAccessKeyId"},
		{"wrong token", call{Cred: temp, Header: map[string]string{"x-cos-security-token": "other"}}, 403, "InvalidAccessKeyId"},
		{"token in query, signed (Go presign)", call{Cred: temp, Query: "x-cos-security-token=TOKEN%2Fabc%2B%3D"}, 200, ""},
		{"token in query, unsigned (Node presign)", call{Cred: temp, Tamper: func(r *http.Request) {
			r.URL.RawQuery = "x-cos-security-token=TOKEN%2Fabc%2B%3D"
		}}, 200, ""},
	}
	for _, tt := range tests {
		tt.c.Bucket, tt.c.Key = testBucket, "k"
		r := e.do(tt.c)
		assert.Equal(t, tt.status, r.Status, "%s: %s", tt.name, r.Body)
		assert.Equal(t, tt.code, r.errCode(), tt.name)
	}
	fc.Advance(2 * time.Hour)
	r := e.do(call{Bucket: testBucket, Key: "k", Cred: temp, Header: map[string]string{"x-cos-security-token": "TOKEN/abc+="}})
	assert.Equal(t, 400, r.Status)
	assert.Equal(t, "ExpiredToken", r.errCode())
	r = e.do(call{Bucket: testBucket, Key: "k"})
	assert.Equal(t, 200, r.Status, "the permanent key still works")
}

func TestAnonymousServer(t *testing.T) {
	t.Parallel()
	e := newEnv(t, costest.WithAnonymous(), costest.WithCredentials("AKIDmine", "mine"), costest.WithAppID("1300000000"),
		costest.WithRegion("ap-beijing"), costest.WithOwner("42"))
	id, key := e.srv.Credentials()
	assert.Equal(t, [2]string{"AKIDmine", "mine"}, [2]string{id, key})
	assert.Equal(t, "1300000000", e.srv.AppID())
	assert.Equal(t, "ap-beijing", e.srv.Region())
	r := e.do(call{Method: http.MethodPut, Bucket: "b-1300000000", Unsigned: true})
	require.Equal(t, 200, r.Status, string(r.Body))
	assert.Equal(t, "ap-beijing", r.Header.Get("x-cos-bucket-region"))
	r = e.do(call{Method: http.MethodPut, Bucket: "b-1300000000", Key: "k", Body: []byte("x"), Cred: &cos.Credentials{SecretID: "junk", SecretKey: "junk"}})
	assert.Equal(t, 200, r.Status, "signatures are ignored")
	r = e.do(call{RawPath: "/", Unsigned: true})
	assert.Contains(t, string(r.Body), "qcs::cam::uin/42:uin/42")
}
