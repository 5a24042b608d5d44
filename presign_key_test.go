package cos

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/cosgo/cos/costest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// awkwardKeys are keys whose path is easy to get wrong: a leading "/",
// spaces, unicode, the URL's own delimiters, an escaped-looking "%".
var awkwardKeys = []string{"/a", "//double", "a b", "年度/报告.txt", "q?x#y%z", "100%25", "a+b&c=d", "dir/", "x//y", "~tilde"}

// Put, Get, PresignURL, Authorization and URL must all address the same
// path for a key: the path Put sends is the one URL returns, the one a
// presigned URL carries, and the one Authorization signs.
func TestKeyPathAgreesAcrossCalls(t *testing.T) {
	t.Parallel()
	rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request, n int) {
		w.WriteHeader(http.StatusOK)
	})
	c := rec.client(t, withClock(func() time.Time { return objT0 }))
	ctx := context.Background()
	for i, key := range awkwardKeys {
		u := c.Object.URL(key)
		require.NotNil(t, u, key)
		assert.Empty(t, u.RawQuery, key)

		_, _, err := c.Object.Put(ctx, key, strings.NewReader("x"), nil)
		require.NoError(t, err, key)
		put := rec.requests()[2*i]
		assert.Equal(t, u.EscapedPath(), put.RawPath, "URL and Put send the same wire path for %q", key)
		assert.Equal(t, u.Path, put.Path, key)
		assert.True(t, put.SigOK, key)

		resp, err := c.Object.Get(ctx, key, nil)
		require.NoError(t, err, key)
		resp.Body.Close()
		get := rec.requests()[2*i+1]
		assert.Equal(t, put.RawPath, get.RawPath, key)

		p, err := c.Object.PresignURL(ctx, http.MethodGet, key, time.Minute, nil)
		require.NoError(t, err, key)
		assert.Equal(t, u.EscapedPath(), p.EscapedPath(), "PresignURL addresses the same path for %q", key)
		assert.Equal(t, u.Host, p.Host)

		// Authorization signs the decoded path Get actually sent.
		auth, err := c.Authorization(ctx, http.MethodGet, key, time.Hour, http.Header{"Host": {get.Host}}, nil)
		require.NoError(t, err, key)
		want := Authorization(Credentials{SecretID: testID, SecretKey: testKey}, http.MethodGet, get.Path, nil,
			http.Header{"host": {get.Host}}, objT0, objT0.Add(time.Hour))
		assert.Equal(t, want, auth, "Authorization signs the path Get sends for %q", key)
	}
}

// A leading "/" is part of the key: "/a" and "a" are different objects
// and Authorization must not sign one for the other.
func TestAuthorizationKeepsLeadingSlash(t *testing.T) {
	t.Parallel()
	c := objPresignClient(t, "")
	ctx := context.Background()
	host := http.Header{"Host": {"h"}}
	slash, err := c.Authorization(ctx, http.MethodGet, "/a", time.Minute, host, nil)
	require.NoError(t, err)
	plain, err := c.Authorization(ctx, http.MethodGet, "a", time.Minute, host, nil)
	require.NoError(t, err)
	assert.NotEqual(t, signFields(slash)["q-signature"], signFields(plain)["q-signature"])
	want := Authorization(Credentials{SecretID: testID, SecretKey: testKey}, http.MethodGet, "//a", nil,
		http.Header{"host": {"h"}}, objT0, objT0.Add(time.Minute))
	assert.Equal(t, want, slash)

	root, err := c.Authorization(ctx, http.MethodGet, "/", time.Minute, host, nil)
	require.NoError(t, err)
	empty, err := c.Authorization(ctx, http.MethodGet, "", time.Minute, host, nil)
	require.NoError(t, err)
	assert.Equal(t, empty, root, `"/" still signs the bucket root`)
}

func TestObjectURLAddressing(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		opts []Option
		key  string
		want string
	}{
		{"virtual host", nil, "a b/ü", "https://examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com/a%20b/%C3%BC"},
		{"leading slash", nil, "/a", "https://examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com/%2Fa"},
		{"delimiters", nil, "q?x#y%z", "https://examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com/q%3Fx%23y%25z"},
		{"path style", []Option{WithEndpoint("http://127.0.0.1:9000")}, "k", "http://127.0.0.1:9000/examplebucket-1250000000/k"},
		{"custom domain", []Option{WithBucketEndpoint("https://files.example.com/base")}, "d/k", "https://files.example.com/base/d/k"},
		{"endpoint domain", []Option{WithEndpoint("https://cos.ap-guangzhou.tencentcos.cn")}, "k", "https://examplebucket-1250000000.cos.ap-guangzhou.tencentcos.cn/k"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := objPresignClient(t, "", tc.opts...)
			u := c.Object.URL(tc.key)
			require.NotNil(t, u)
			assert.Equal(t, tc.want, u.String())
			back, err := url.Parse(u.String())
			require.NoError(t, err)
			assert.Equal(t, u.Path, back.Path, "the string form parses back to the same key path")
		})
	}
}

// With WithAccelerate, object calls go to the accelerate host, so URL
// must name that host too, as PresignURL does.
func TestObjectURLFollowsAccelerate(t *testing.T) {
	t.Parallel()
	c := objPresignClient(t, "", WithAccelerate())
	u := c.Object.URL("d/k")
	require.NotNil(t, u)
	assert.Equal(t, "https://examplebucket-1250000000.cos.accelerate.myqcloud.com/d/k", u.String())
	p, err := c.Object.PresignURL(context.Background(), http.MethodGet, "d/k", time.Minute, nil)
	require.NoError(t, err)
	assert.Equal(t, p.Host, u.Host, "URL and PresignURL address the same host")
}

func TestObjectURLInvalid(t *testing.T) {
	t.Parallel()
	c := objPresignClient(t, "")
	for _, key := range []string{"", "/", ".", strings.Repeat("k", 851), "\xff"} {
		assert.Nil(t, c.Object.URL(key), "%q", key)
	}
	noBucket, err := NewClient(WithRegion("ap-guangzhou"))
	require.NoError(t, err)
	assert.Nil(t, noBucket.Object.URL("k"), "a client without a bucket has no object URL")
}

// A request signed by Authorization for an awkward key is accepted by an
// independent verifier (costest) and reaches that key.
func TestAuthorizationSignsWhatCostestVerifies(t *testing.T) {
	t.Parallel()
	srv := costest.NewServer()
	t.Cleanup(srv.Close)
	require.NoError(t, srv.CreateBucket(testBucket))
	id, secret := srv.Credentials()
	c, err := NewClient(WithEndpoint(srv.URL), WithBucket(testBucket), WithStaticCredentials(id, secret, ""))
	require.NoError(t, err)
	ctx := context.Background()
	for _, key := range awkwardKeys {
		_, _, err := c.Object.Put(ctx, key, strings.NewReader("body of "+key), nil)
		require.NoError(t, err, key)
		u := c.Object.URL(key)
		auth, err := c.Authorization(ctx, http.MethodGet, key, time.Minute, http.Header{"Host": {u.Host}}, nil)
		require.NoError(t, err, key)
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
		require.NoError(t, err)
		req.Header.Set("Authorization", auth)
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err, key)
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		require.Equal(t, http.StatusOK, resp.StatusCode, "%q: %s", key, body)
		assert.Equal(t, "body of "+key, string(body))
	}
}
