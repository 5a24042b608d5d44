package cos_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/cosgo/cos"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func refSample() *cos.RefererConfiguration {
	return &cos.RefererConfiguration{
		Status:                  cos.RefererEnabled,
		RefererType:             cos.RefererWhiteList,
		DomainList:              []string{"*.example.com", "www.example.org/app", "192.168.1.2:8080"},
		EmptyReferConfiguration: cos.EmptyReferDeny,
	}
}

func TestPutRefererRequest(t *testing.T) {
	t.Parallel()
	s := newBktServer(t, nil)
	c := s.client(t)
	_, err := c.Bucket.PutReferer(context.Background(), refSample())
	require.NoError(t, err)
	_, err = c.Bucket.DeleteReferer(context.Background())
	require.NoError(t, err)
	reqs := s.requests()
	require.Len(t, reqs, 2)
	assert.Equal(t, http.MethodPut, reqs[0].Method)
	assert.Equal(t, "referer", reqs[0].RawQuery)
	bktAssertXMLBody(t, reqs[0])
	bktGolden(t, "referer_put.request.xml", reqs[0].Body)
	// DeleteReferer is the official Go SDK's empty PUT.
	assert.Equal(t, http.MethodPut, reqs[1].Method)
	assert.Equal(t, "referer", reqs[1].RawQuery)
	assert.Empty(t, reqs[1].Body)
	assert.Equal(t, "1B2M2Y8AsgTpgAmY7PhCfg==", reqs[1].Header.Get("Content-MD5"))
}

// The GET answer of API page 30615.
func TestGetRefererDecodesDocumentedAnswer(t *testing.T) {
	t.Parallel()
	s := newBktServer(t, bktFile(t, "referer_get.response.xml"))
	cfg, _, err := s.client(t).Bucket.GetReferer(context.Background())
	require.NoError(t, err)
	assert.Equal(t, cos.RefererEnabled, cfg.Status)
	assert.Equal(t, cos.RefererWhiteList, cfg.RefererType)
	assert.Equal(t, []string{"*.qq.com", "*.qcloud.com"}, cfg.DomainList)
	assert.Equal(t, cos.EmptyReferAllow, cfg.EmptyReferConfiguration)
}

func TestRefererBadInput(t *testing.T) {
	t.Parallel()
	s := newBktServer(t, nil)
	c := s.client(t)
	mod := func(f func(*cos.RefererConfiguration)) *cos.RefererConfiguration {
		r := refSample()
		f(r)
		return r
	}
	for name, tc := range map[string]struct {
		cfg   *cos.RefererConfiguration
		field string
	}{
		"nil":                  {nil, "RefererConfiguration"},
		"status On":            {mod(func(r *cos.RefererConfiguration) { r.Status = "On" }), "Status"},
		"lower-case type":      {mod(func(r *cos.RefererConfiguration) { r.RefererType = "white-list" }), "RefererType"},
		"empty refer maybe":    {mod(func(r *cos.RefererConfiguration) { r.EmptyReferConfiguration = "Maybe" }), "EmptyReferConfiguration"},
		"enabled without list": {mod(func(r *cos.RefererConfiguration) { r.DomainList = nil }), "DomainList"},
		"blank domain":         {mod(func(r *cos.RefererConfiguration) { r.DomainList = []string{"a.com", " "} }), "DomainList[1]"},
		"domain with a space":  {mod(func(r *cos.RefererConfiguration) { r.DomainList = []string{"a .com"} }), "DomainList[0]"},
	} {
		_, err := c.Bucket.PutReferer(context.Background(), tc.cfg)
		require.ErrorIs(t, err, cos.ErrInvalidArgument, name)
		assert.Contains(t, err.Error(), tc.field, name)
	}
	assert.Empty(t, s.requests())
}

func TestCostestRefererRoundTrip(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv, c := bktFake(t, "")
	c = c.ForBucket("referer-" + srv.AppID())
	_, err := c.Bucket.Create(ctx, nil)
	require.NoError(t, err)

	_, _, err = c.Bucket.GetReferer(ctx)
	require.ErrorIs(t, err, cos.ErrNotFound, "a bucket that never had one")
	assert.Equal(t, "NoSuchRefererConfiguration", cos.ErrorCode(err))

	_, err = c.Bucket.PutReferer(ctx, refSample())
	require.NoError(t, err)
	got, _, err := c.Bucket.GetReferer(ctx)
	require.NoError(t, err)
	want := refSample()
	want.XMLName = got.XMLName
	assert.Equal(t, want, got)

	off := &cos.RefererConfiguration{Status: cos.RefererDisabled, RefererType: cos.RefererBlackList}
	_, err = c.Bucket.PutReferer(ctx, off)
	require.NoError(t, err)
	got, _, err = c.Bucket.GetReferer(ctx)
	require.NoError(t, err)
	assert.Equal(t, cos.RefererDisabled, got.Status)
	assert.Empty(t, got.DomainList)
	assert.Equal(t, cos.EmptyReferDeny, got.EmptyReferConfiguration, "COS's default is shown")

	_, err = c.Bucket.DeleteReferer(ctx)
	require.NoError(t, err)
	_, _, err = c.Bucket.GetReferer(ctx)
	require.ErrorIs(t, err, cos.ErrNotFound)
	assert.Equal(t, "NoSuchRefererConfiguration", cos.ErrorCode(err))

	_, err = c.Bucket.PutReferer(ctx, refSample())
	require.NoError(t, err)
	_, err = c.Bucket.Delete(ctx)
	require.NoError(t, err)
	_, err = c.Bucket.Create(ctx, nil)
	require.NoError(t, err)
	_, _, err = c.Bucket.GetReferer(ctx)
	assert.Equal(t, "NoSuchRefererConfiguration", cos.ErrorCode(err), "the configuration went with the bucket")
}
