package cos

import (
	"context"
	"net"
	"net/http"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSignedRequestPerAddressing captures the request each addressing mode
// sends (through an injected httpmock transport) and checks the URL and
// that the signature covers the host and path actually sent.
func TestSignedRequestPerAddressing(t *testing.T) {
	t.Parallel()
	key := "a b/年+?#%.txt"
	cases := []struct {
		name     string
		opts     []Option
		wantURL  string
		wantPath string
	}{
		{"virtual host", []Option{WithRegion("ap-guangzhou"), WithBucket(testBucket)},
			"https://examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com/a%20b/%E5%B9%B4%2B%3F%23%25.txt?acl", "/" + key},
		{"path style", []Option{WithEndpoint("http://127.0.0.1:9000"), WithBucket(testBucket)},
			"http://127.0.0.1:9000/examplebucket-1250000000/a%20b/%E5%B9%B4%2B%3F%23%25.txt?acl", "/" + testBucket + "/" + key},
		{"bucket endpoint", []Option{WithBucketEndpoint("https://files.example.com")},
			"https://files.example.com/a%20b/%E5%B9%B4%2B%3F%23%25.txt?acl", "/" + key},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var got *http.Request
			mt := httpmock.NewMockTransport()
			mt.RegisterNoResponder(func(r *http.Request) (*http.Response, error) {
				got = r
				return httpmock.NewStringResponse(200, ""), nil
			})
			opts := append([]Option{WithHTTPClient(&http.Client{Transport: mt}), WithStaticCredentials(testID, testKey, "tok")}, tc.opts...)
			c, err := NewClient(opts...)
			require.NoError(t, err)
			_, err = c.do(context.Background(), &op{name: "GetObjectACL", method: http.MethodGet, object: true, key: key,
				query: map[string][]string{"acl": {""}}, idempotent: true})
			require.NoError(t, err)
			require.NotNil(t, got)
			assert.Equal(t, tc.wantURL, got.URL.String())
			assert.Equal(t, tc.wantPath, got.URL.Path)
			got.Host = got.URL.Host
			assert.True(t, checkSignature(got, testKey), "signature verifies over the sent host and decoded path")
			f := signFields(got.Header.Get("Authorization"))
			assert.Equal(t, "host;x-cos-security-token", f["q-header-list"])
			assert.Equal(t, "acl", f["q-url-param-list"])
		})
	}
}

func TestWrongRegionExplained(t *testing.T) {
	t.Parallel()
	mt := httpmock.NewMockTransport()
	dnsErr := &net.DNSError{Err: "no such host", Name: "examplebucket-1250000000.cos.ap-nowhere.myqcloud.com", IsNotFound: true}
	mt.RegisterNoResponder(httpmock.NewErrorResponder(dnsErr))
	c, err := NewClient(WithRegion("ap-nowhere"), WithBucket(testBucket), WithHTTPClient(&http.Client{Transport: mt}))
	require.NoError(t, err, "regions are validated by form, not against a list")
	_, err = c.do(context.Background(), &op{name: "HeadBucket", method: http.MethodHead, idempotent: true})
	require.Error(t, err)
	assert.ErrorIs(t, err, dnsErr, "the original error is still wrapped")
	assert.Contains(t, err.Error(), "bucket host examplebucket-1250000000.cos.ap-nowhere.myqcloud.com was not found")
	assert.Contains(t, err.Error(), "check the region")
	assert.Contains(t, err.Error(), "<name>-<appid>")
	assert.Equal(t, 1, mt.GetTotalCallCount(), "a missing host is not retried")
}
