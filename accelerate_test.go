package cos_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cosgo/cos"
	"github.com/cosgo/cos/costest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPutAccelerate(t *testing.T) {
	t.Parallel()
	s := newBktServer(t, nil)
	_, err := s.client(t).Bucket.PutAccelerate(context.Background(), &cos.AccelerateConfiguration{Status: cos.AccelerateEnabled, Type: "COS"})
	require.NoError(t, err)
	r := s.requests()[0]
	assert.Equal(t, http.MethodPut, r.Method)
	assert.Equal(t, "accelerate", r.RawQuery)
	bktAssertXMLBody(t, r)
	bktGolden(t, "accelerate_put.request.xml", r.Body)
}

// TestGetAccelerate decodes the response of the example on COS's GET Bucket
// Accelerate page (intl.cloud.tencent.com/document/product/436/33412).
func TestGetAccelerate(t *testing.T) {
	t.Parallel()
	s := newBktServer(t, bktFile(t, "accelerate_get.response.xml"))
	cfg, _, err := s.client(t).Bucket.GetAccelerate(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "accelerate", s.requests()[0].RawQuery)
	assert.Equal(t, cos.AccelerateEnabled, cfg.Status)
	assert.Equal(t, "COS", cfg.Type)
}

func TestAccelerateRoundTripCostest(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv, c := bktFake(t, "acc-1250000000")
	require.NoError(t, srv.CreateBucket("acc-1250000000"))

	cfg, _, err := c.Bucket.GetAccelerate(ctx)
	require.NoError(t, err)
	assert.Empty(t, cfg.Status, "never enabled: no status")
	for _, st := range []cos.AccelerateStatus{cos.AccelerateEnabled, cos.AccelerateSuspended} {
		_, err = c.Bucket.PutAccelerate(ctx, &cos.AccelerateConfiguration{Status: st})
		require.NoError(t, err)
		cfg, _, err = c.Bucket.GetAccelerate(ctx)
		require.NoError(t, err)
		assert.Equal(t, st, cfg.Status)
		assert.Equal(t, "COS", cfg.Type)
	}
}

func TestWithAccelerateRefusesFixedHosts(t *testing.T) {
	t.Parallel()
	for name, opt := range map[string]cos.Option{
		"endpoint":        cos.WithEndpoint("https://cos.ap-guangzhou.tencentcos.cn"),
		"bucket endpoint": cos.WithBucketEndpoint("https://files.example.com"),
		"path style":      cos.WithPathStyle(),
	} {
		_, err := cos.NewClient(cos.WithRegion("ap-guangzhou"), cos.WithBucket(bktName), cos.WithAccelerate(), opt)
		require.ErrorIs(t, err, cos.ErrInvalidArgument, name)
		assert.Contains(t, err.Error(), "accelerate", name)
	}
}

// dialTo is a transport that sends every request to a local server while
// keeping the URL's host as the Host header (what the official SDK runner
// does with DialContext), and records the URLs and Authorization headers.
type dialTo struct {
	target *url.URL
	mu     sync.Mutex
	urls   []string
	auths  []string
}

func (d *dialTo) RoundTrip(r *http.Request) (*http.Response, error) {
	d.mu.Lock()
	d.urls = append(d.urls, r.URL.String())
	d.auths = append(d.auths, r.Header.Get("Authorization"))
	d.mu.Unlock()
	out := r.Clone(r.Context())
	out.Host = r.URL.Host
	out.URL.Scheme, out.URL.Host = d.target.Scheme, d.target.Host
	return http.DefaultTransport.RoundTrip(out)
}

func (d *dialTo) last() (string, string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.urls[len(d.urls)-1], d.auths[len(d.auths)-1]
}

// WithAccelerate sends object calls to <bucket>.cos.accelerate.myqcloud.com
// signed for that host, keeps bucket calls regional, and costest refuses
// the accelerate host until acceleration is enabled.
func TestWithAccelerateAddressesTheAccelerateHost(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := costest.NewServer()
	t.Cleanup(srv.Close)
	const bucket = "acc-1250000000"
	require.NoError(t, srv.CreateBucket(bucket))
	target, err := url.Parse(srv.URL)
	require.NoError(t, err)
	tr := &dialTo{target: target}
	id, key := srv.Credentials()
	c, err := cos.NewClient(cos.WithRegion(srv.Region()), cos.WithBucket(bucket), cos.WithAccelerate(),
		cos.WithStaticCredentials(id, key, ""), cos.WithHTTPClient(&http.Client{Transport: tr}),
		cos.WithRetryer(cos.NoRetry))
	require.NoError(t, err)

	_, _, err = c.Object.Put(ctx, "k", strings.NewReader("v"), nil)
	require.Error(t, err)
	assert.Equal(t, "BucketAccelerateNotEnabled", cos.ErrorCode(err))
	u, auth := tr.last()
	assert.Equal(t, "https://"+bucket+".cos.accelerate.myqcloud.com/k", u)
	assert.Contains(t, auth, "q-header-list=content-length;content-type;host")

	_, err = c.Bucket.PutAccelerate(ctx, &cos.AccelerateConfiguration{Status: cos.AccelerateEnabled})
	require.NoError(t, err, "signed for the regional host and accepted")
	u, _ = tr.last()
	assert.Equal(t, "https://"+bucket+".cos."+srv.Region()+".myqcloud.com/?accelerate", u, "bucket calls stay regional")

	_, _, err = c.Object.Put(ctx, "k", strings.NewReader("v"), nil)
	require.NoError(t, err, "signed for the accelerate host and accepted")
	got, ok := srv.Object(bucket, "k")
	require.True(t, ok)
	assert.Equal(t, "v", string(got))
	last := srv.Requests()[len(srv.Requests())-1]
	assert.Equal(t, bucket+".cos.accelerate.myqcloud.com", last.Header.Get("Host"))

	p, err := c.Object.PresignURL(ctx, http.MethodGet, "k", time.Minute, nil)
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(p.String(), "https://"+bucket+".cos.accelerate.myqcloud.com/k?"), p.String())
}
