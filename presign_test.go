package cos

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var objT0 = time.Unix(1700000000, 0)

func objPresignClient(t *testing.T, token string, opts ...Option) *Client {
	base := []Option{WithRegion("ap-guangzhou"), WithBucket(testBucket), WithStaticCredentials(testID, testKey, token), withClock(func() time.Time { return objT0 })}
	c, err := NewClient(append(base, opts...)...)
	require.NoError(t, err)
	return c
}

// objRawQuery splits a raw query on & and = and unescapes each part, as a
// COS server must (a raw ';' would defeat url.ParseQuery).
func objRawQuery(t *testing.T, raw string) (map[string]string, []string) {
	out := map[string]string{}
	var order []string
	for _, kv := range strings.Split(raw, "&") {
		k, v, _ := strings.Cut(kv, "=")
		k, err := url.PathUnescape(k)
		require.NoError(t, err)
		v, err = url.PathUnescape(v)
		require.NoError(t, err)
		out[k] = v
		order = append(order, k)
	}
	return out, order
}

// objVerifyPresigned recomputes the signature of u as a server would.
func objVerifyPresigned(t *testing.T, method string, u *url.URL, header http.Header) map[string]string {
	t.Helper()
	q, _ := objRawQuery(t, u.RawQuery)
	params := url.Values{}
	for _, name := range splitList(q["q-url-param-list"]) {
		params.Set(name, q[name])
	}
	h := http.Header{}
	for _, name := range splitList(q["q-header-list"]) {
		if name == "host" {
			h.Set("host", u.Host)
			continue
		}
		h.Set(name, header.Get(name))
	}
	st, en, ok := strings.Cut(q["q-sign-time"], ";")
	require.True(t, ok)
	s, err := strconv.ParseInt(st, 10, 64)
	require.NoError(t, err)
	e, err := strconv.ParseInt(en, 10, 64)
	require.NoError(t, err)
	want := Authorization(Credentials{SecretID: q["q-ak"], SecretKey: testKey}, method, u.Path, params, h, time.Unix(s, 0), time.Unix(e, 0))
	assert.Equal(t, signFields(want)["q-signature"], q["q-signature"])
	return q
}

func TestPresignURL(t *testing.T) {
	t.Parallel()
	c := objPresignClient(t, "")
	u, err := c.Object.PresignURL(context.Background(), "get", "dir/年度 a+b.txt", 0, &PresignOptions{
		Query: url.Values{"response-content-disposition": {"attachment; filename=x.txt"}},
	})
	require.NoError(t, err)
	assert.Equal(t, "https", u.Scheme)
	assert.Equal(t, testBucket+".cos.ap-guangzhou.myqcloud.com", u.Host)
	assert.Equal(t, "/dir/%E5%B9%B4%E5%BA%A6%20a%2Bb.txt", u.EscapedPath())
	assert.Contains(t, u.RawQuery, "q-sign-time=1700000000%3B1700000300&")
	q, order := objRawQuery(t, u.RawQuery)
	assert.Equal(t, []string{"response-content-disposition", "q-sign-algorithm", "q-ak", "q-sign-time", "q-key-time", "q-header-list", "q-url-param-list", "q-signature"}, order)
	assert.Equal(t, "sha1", q["q-sign-algorithm"])
	assert.Equal(t, testID, q["q-ak"])
	assert.Equal(t, "host", q["q-header-list"])
	assert.Equal(t, "response-content-disposition", q["q-url-param-list"])
	objVerifyPresigned(t, http.MethodGet, u, nil)
	assert.NotContains(t, u.String(), testKey)
}

func TestPresignURLTokenAndHeaders(t *testing.T) {
	t.Parallel()
	c := objPresignClient(t, "tok/en+1", WithEndpoint("http://127.0.0.1:9000"))
	hdr := http.Header{}
	hdr.Set("Content-Type", "text/plain")
	u, err := c.Object.PresignURL(context.Background(), http.MethodPut, "/lead", time.Hour, &PresignOptions{Header: hdr})
	require.NoError(t, err)
	assert.Equal(t, "127.0.0.1:9000", u.Host)
	assert.Equal(t, "/"+testBucket+"/%2Flead", u.EscapedPath())
	q := objVerifyPresigned(t, http.MethodPut, u, hdr)
	assert.Equal(t, "tok/en+1", q["x-cos-security-token"])
	assert.Equal(t, "x-cos-security-token", q["q-url-param-list"])
	assert.Equal(t, "content-type;host", q["q-header-list"])
	assert.Equal(t, "1700000000;1700003600", q["q-key-time"])
	assert.Equal(t, "text/plain", hdr.Get("Content-Type"), "caller's header untouched")
}

func TestPresignURLBadInput(t *testing.T) {
	t.Parallel()
	c := objPresignClient(t, "")
	ctx := context.Background()
	for name, f := range map[string]func() error{
		"negative": func() error { _, err := c.Object.PresignURL(ctx, "GET", "a", -time.Second, nil); return err },
		"method":   func() error { _, err := c.Object.PresignURL(ctx, "PATCH", "a", 0, nil); return err },
		"key":      func() error { _, err := c.Object.PresignURL(ctx, "GET", "", 0, nil); return err },
		"q- param": func() error {
			_, err := c.Object.PresignURL(ctx, "GET", "a", 0, &PresignOptions{Query: url.Values{"q-ak": {"x"}}})
			return err
		},
		"auth negative": func() error { _, err := c.Authorization(ctx, "GET", "a", -1, nil, nil); return err },
		"auth method":   func() error { _, err := c.Authorization(ctx, " ", "a", 0, nil, nil); return err },
	} {
		require.ErrorIs(t, f(), ErrInvalidArgument, name)
	}
	anon, err := NewClient(WithRegion("ap-guangzhou"), WithBucket(testBucket))
	require.NoError(t, err)
	_, err = anon.Object.PresignURL(ctx, "GET", "a", 0, nil)
	require.ErrorIs(t, err, ErrNoCredentials)
	_, err = anon.Authorization(ctx, "GET", "a", 0, nil, nil)
	require.ErrorIs(t, err, ErrNoCredentials)

	failing, err := NewClient(WithRegion("ap-guangzhou"), WithBucket(testBucket), WithCredentials(CredentialsProviderFunc(
		func(context.Context) (Credentials, error) { return Credentials{}, errors.New("sts down") })))
	require.NoError(t, err)
	_, err = failing.Object.PresignURL(ctx, "GET", "a", 0, nil)
	require.ErrorContains(t, err, "sts down")
}

func TestClientAuthorization(t *testing.T) {
	t.Parallel()
	c := objPresignClient(t, "")
	ctx := context.Background()
	host := testBucket + ".cos.ap-guangzhou.myqcloud.com"
	params := url.Values{"acl": {""}}
	got, err := c.Authorization(ctx, "put", "a b.txt", 0, http.Header{"Content-Type": {"text/plain"}}, params)
	require.NoError(t, err)
	want := Authorization(Credentials{SecretID: testID, SecretKey: testKey}, "PUT", "/a b.txt", params,
		http.Header{"Content-Type": {"text/plain"}, "host": {host}}, objT0, objT0.Add(300*time.Second))
	assert.Equal(t, want, got)
	f := signFields(got)
	assert.Equal(t, "content-type;host", f["q-header-list"])
	assert.Equal(t, "acl", f["q-url-param-list"])

	// A given Host is kept; "/" signs the bucket.
	got, err = c.Authorization(ctx, "GET", "/", time.Minute, http.Header{"Host": {"cdn.example.com"}}, nil)
	require.NoError(t, err)
	want = Authorization(Credentials{SecretID: testID, SecretKey: testKey}, "GET", "/", nil,
		http.Header{"Host": {"cdn.example.com"}}, objT0, objT0.Add(time.Minute))
	assert.Equal(t, want, got)
}
