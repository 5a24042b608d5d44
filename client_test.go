package cos

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"net/http/cookiejar"
	"time"
)

func TestNewClientValidation(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		opts  []Option
		field string
	}{
		{"bad region upper", []Option{WithRegion("AP-Guangzhou")}, "region"},
		{"bad region trailing dash", []Option{WithRegion("ap-")}, "region"},
		{"bucket without appid", []Option{WithRegion("ap-guangzhou"), WithBucket("examplebucket")}, "bucket"},
		{"bucket uppercase", []Option{WithRegion("ap-guangzhou"), WithBucket("Example-1250000000")}, "bucket"},
		{"bucket underscore", []Option{WithRegion("ap-guangzhou"), WithBucket("ex_ample-1250000000")}, "bucket"},
		{"bucket leading dash", []Option{WithRegion("ap-guangzhou"), WithBucket("-ex-1250000000")}, "bucket"},
		{"bucket host too long", []Option{WithRegion("ap-guangzhou"), WithBucket(strings.Repeat("a", 30) + "-1250000000")}, "bucket"},
		{"endpoint no scheme", []Option{WithEndpoint("cos.example.com")}, "endpoint"},
		{"endpoint ftp", []Option{WithEndpoint("ftp://cos.example.com")}, "endpoint"},
		{"endpoint with query", []Option{WithEndpoint("https://cos.example.com/?a=b")}, "endpoint"},
		{"bucket endpoint no host", []Option{WithBucketEndpoint("https://")}, "bucket endpoint"},
		{"empty credentials", []Option{WithStaticCredentials("", "", "")}, "credentials"},
		{"nil provider", []Option{WithCredentials(nil)}, "credentials"},
		{"nil http client", []Option{WithHTTPClient(nil)}, "http client"},
		{"nil retryer", []Option{WithRetryer(nil)}, "retryer"},
		{"nil logger", []Option{WithLogger(nil)}, "logger"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, err := NewClient(tc.opts...)
			require.Error(t, err)
			assert.Nil(t, c)
			assert.ErrorIs(t, err, ErrInvalidArgument)
			assert.Contains(t, err.Error(), tc.field)
		})
	}
	// The 60-character host rule: exactly 60 is fine.
	_, err := NewClient(WithRegion("ap-beijing"), WithBucket("123456789012345678901-1250000000"))
	require.NoError(t, err)
	_, err = NewClient(WithRegion("ap-beijing"), WithBucket("1234567890123456789012-1250000000"))
	require.ErrorIs(t, err, ErrInvalidArgument)
}

func TestAddressing(t *testing.T) {
	t.Parallel()
	key := "dir/a b+c?d#e%f/年.txt"
	cases := []struct {
		name             string
		opts             []Option
		wantHost         string
		wantPath, wantRP string
	}{
		{"virtual host default", []Option{WithRegion("ap-guangzhou"), WithBucket(testBucket)},
			"examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com", "/" + key, "/dir/a%20b%2Bc%3Fd%23e%25f/%E5%B9%B4.txt"},
		{"endpoint virtual host", []Option{WithEndpoint("https://cos.ap-guangzhou.tencentcos.cn"), WithBucket(testBucket)},
			"examplebucket-1250000000.cos.ap-guangzhou.tencentcos.cn", "/" + key, "/dir/a%20b%2Bc%3Fd%23e%25f/%E5%B9%B4.txt"},
		{"endpoint path style for IP", []Option{WithEndpoint("http://127.0.0.1:9000"), WithBucket(testBucket)},
			"127.0.0.1:9000", "/" + testBucket + "/" + key, "/" + testBucket + "/dir/a%20b%2Bc%3Fd%23e%25f/%E5%B9%B4.txt"},
		{"endpoint path style forced", []Option{WithEndpoint("http://fake.local:9000"), WithPathStyle(), WithBucket(testBucket)},
			"fake.local:9000", "/" + testBucket + "/" + key, "/" + testBucket + "/dir/a%20b%2Bc%3Fd%23e%25f/%E5%B9%B4.txt"},
		{"bucket endpoint with path", []Option{WithBucketEndpoint("https://cdn.example.com/base/")},
			"cdn.example.com", "/base/" + key, "/base/dir/a%20b%2Bc%3Fd%23e%25f/%E5%B9%B4.txt"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, err := NewClient(tc.opts...)
			require.NoError(t, err)
			tgt, err := c.cfg.bucketTarget()
			require.NoError(t, err)
			u := tgt.url(key)
			assert.Equal(t, tc.wantHost, u.Host)
			assert.Equal(t, tc.wantPath, u.Path)
			assert.Equal(t, tc.wantRP, u.EscapedPath())
		})
	}
}

func TestLeadingSlashKey(t *testing.T) {
	t.Parallel()
	u := target{"https", "h", ""}.url("/abs/key")
	assert.Equal(t, "//abs/key", u.Path)
	assert.Equal(t, "/%2Fabs/key", u.EscapedPath())
}

func TestValidateKey(t *testing.T) {
	t.Parallel()
	for _, k := range []string{"", ".", "..", "./", "a/..", "/", strings.Repeat("k", 851), "bad\xffutf8", "ctl\x1bkey"} {
		err := validateKey(k)
		assert.ErrorIs(t, err, ErrInvalidArgument, "key %q", k)
		assert.Contains(t, err.Error(), "key")
	}
	for _, k := range []string{"a", "a/./b", "../x", strings.Repeat("k", 850), "年 度"} {
		assert.NoError(t, validateKey(k), "key %q", k)
	}
}

func TestForBucket(t *testing.T) {
	t.Parallel()
	mt := httpmock.NewMockTransport()
	mt.RegisterNoResponder(httpmock.NewStringResponder(200, ""))
	c, err := NewClient(WithRegion("ap-guangzhou"), WithBucket(testBucket), WithHTTPClient(&http.Client{Transport: mt}))
	require.NoError(t, err)
	other := c.ForBucket("other-1250000000")
	assert.Equal(t, "other-1250000000", other.BucketName())
	assert.Equal(t, testBucket, c.BucketName(), "ForBucket must not change the parent")
	tgt, err := other.cfg.bucketTarget()
	require.NoError(t, err)
	assert.Equal(t, "other-1250000000.cos.ap-guangzhou.myqcloud.com", tgt.host)

	bad := c.ForBucket("Bad_Name")
	_, err = bad.do(context.Background(), &op{name: "HeadBucket", method: http.MethodHead})
	require.ErrorIs(t, err, ErrInvalidArgument)
	assert.Zero(t, mt.GetTotalCallCount(), "a bad bucket must fail before sending")
}

func TestNoBucketOrRegion(t *testing.T) {
	t.Parallel()
	c, err := NewClient()
	require.NoError(t, err)
	_, err = c.do(context.Background(), &op{name: "HeadBucket", method: http.MethodHead})
	require.ErrorIs(t, err, ErrInvalidArgument)
	assert.Contains(t, err.Error(), "bucket")
	c, err = NewClient(WithBucket(testBucket))
	require.NoError(t, err)
	_, err = c.do(context.Background(), &op{name: "HeadBucket", method: http.MethodHead})
	require.ErrorIs(t, err, ErrInvalidArgument)
	assert.Contains(t, err.Error(), "region")
	_, err = c.do(nil, &op{name: "HeadBucket", method: http.MethodHead}) //nolint:staticcheck // nil ctx is the case under test
	require.True(t, errors.Is(err, ErrInvalidArgument))
}

func TestUserAgent(t *testing.T) {
	t.Parallel()
	assert.Regexp(t, `^cosgo/\d+\.\d+\.\d+ \(go[^;]+; \w+/\w+\)$`, defaultUserAgent)
	c, err := NewClient(WithUserAgent("myapp/1.0"))
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(c.cfg.userAgent, "myapp/1.0 cosgo/"))
}

// TestWithHTTPClientRefusesRedirects checks that the user's client is used
// through a copy that refuses redirects, and is itself left as it was.
func TestWithHTTPClientRefusesRedirects(t *testing.T) {
	t.Parallel()
	jar, err := cookiejar.New(nil)
	require.NoError(t, err)
	tr := &http.Transport{}
	user := &http.Client{Transport: tr, Jar: jar, Timeout: time.Hour}
	c, err := NewClient(WithRegion("ap-guangzhou"), WithBucket(testBucket), WithHTTPClient(user))
	require.NoError(t, err)
	assert.Nil(t, user.CheckRedirect, "the caller's client is never modified")
	hc := c.cfg.httpClient
	assert.NotSame(t, user, hc)
	assert.Same(t, tr, hc.Transport)
	assert.Equal(t, jar, hc.Jar)
	assert.Equal(t, time.Hour, hc.Timeout)
	require.NotNil(t, hc.CheckRedirect)
	assert.ErrorIs(t, hc.CheckRedirect(nil, nil), http.ErrUseLastResponse)
	def, err := NewClient(WithRegion("ap-guangzhou"))
	require.NoError(t, err)
	assert.ErrorIs(t, def.cfg.httpClient.CheckRedirect(nil, nil), http.ErrUseLastResponse)

	// A 3xx is a *ServiceError matching ErrInvalidResponse, not retried.
	rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request, _ int) {
		w.Header().Set("Location", "http://other.example/k?q-signature=abc")
		w.WriteHeader(http.StatusTemporaryRedirect)
	})
	c = rec.client(t, WithHTTPClient(&http.Client{}), WithRetryer(fastRetryer()))
	_, err = c.do(context.Background(), &op{name: "PutObject", method: http.MethodPut, object: true, key: "k",
		body: strings.NewReader("body"), size: 4, idempotent: true})
	var se *ServiceError
	require.ErrorAs(t, err, &se)
	assert.Equal(t, 307, se.StatusCode)
	assert.ErrorIs(t, err, ErrInvalidResponse)
	assert.NotErrorIs(t, &ServiceError{StatusCode: 304}, ErrInvalidResponse, "304 answers a condition")
	assert.Equal(t, "cos: PUT /"+testBucket+"/k: 307 Temporary Redirect: redirect to http://other.example/k?q-signature=REDACTED refused: COS does not redirect", err.Error())
	assert.Len(t, rec.requests(), 1)
}

// TestEndpointErrorsHideSecrets checks that refusing an endpoint does not
// print what it carried: a presigned URL pasted as the endpoint (its
// signature and token), or a password in its user information.
func TestEndpointErrorsHideSecrets(t *testing.T) {
	t.Parallel()
	const sig, tok, pass = "0123456789abcdef0123456789abcdef01234567", "SESSIONtokenNEVERprinted", "passwordNEVERprinted"
	presigned := "https://examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com/k?x-cos-security-token=" + tok +
		"&q-sign-algorithm=sha1&q-ak=AKID&q-sign-time=1;2&q-key-time=1;2&q-header-list=host&q-url-param-list=&q-signature=" + sig
	for name, raw := range map[string]string{
		"presigned URL":            presigned,
		"presigned URL, ftp":       "ftp" + strings.TrimPrefix(presigned, "https"),
		"presigned URL, no host":   "https://" + presigned[strings.Index(presigned, "/k?"):],
		"password":                 "https://AKID:" + pass + "@cos.example.com",
		"password, ftp":            "ftp://AKID:" + pass + "@cos.example.com",
		"password, unparseable":    "https://AKID:" + pass + "@cos example.com/",
		"password, bad port":       "https://AKID:" + pass + "@cos.example.com:8x/",
		"token as the user":        "https://" + tok + "@cos.example.com",
		"token as the user, no ho": "https://" + tok + "@",
	} {
		for _, opt := range []Option{WithEndpoint(raw), WithBucketEndpoint(raw)} {
			_, err := NewClient(opt)
			require.ErrorIs(t, err, ErrInvalidArgument, name)
			for _, secret := range []string{sig, tok, pass} {
				assert.NotContains(t, err.Error(), secret, "%s: %v", name, err)
			}
		}
	}
}
