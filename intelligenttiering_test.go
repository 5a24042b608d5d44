package cos_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/cosgo/cos"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPutIntelligentTiering(t *testing.T) {
	t.Parallel()
	s := newBktServer(t, nil)
	cfg := &cos.IntelligentTieringConfiguration{Status: cos.IntelligentTieringEnabled,
		Transition: &cos.IntelligentTieringTransition{Days: 60}}
	_, err := s.client(t).Bucket.PutIntelligentTiering(context.Background(), cfg)
	require.NoError(t, err)
	assert.Equal(t, 0, cfg.Transition.RequestFrequent, "the caller's configuration is not modified")
	r := s.requests()[0]
	assert.Equal(t, http.MethodPut, r.Method)
	assert.Equal(t, "intelligenttiering", r.RawQuery)
	bktAssertXMLBody(t, r)
	bktGolden(t, "intelligenttiering_put.request.xml", r.Body)
}

// TestGetIntelligentTiering decodes the "enabled" response of COS's GET
// Bucket IntelligentTiering page (tencentcloud.com/document/api/436/38315),
// namespace included.
func TestGetIntelligentTiering(t *testing.T) {
	t.Parallel()
	s := newBktServer(t, bktFile(t, "intelligenttiering_get.response.xml"))
	cfg, _, err := s.client(t).Bucket.GetIntelligentTiering(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "intelligenttiering", s.requests()[0].RawQuery)
	assert.Equal(t, cos.IntelligentTieringEnabled, cfg.Status)
	assert.Equal(t, &cos.IntelligentTieringTransition{Days: 30, RequestFrequent: 1}, cfg.Transition)
}

// A bucket that never had the switch answers the zero configuration; the
// switch can be enabled, changed and suspended, and goes with the bucket.
func TestIntelligentTieringRoundTripCostest(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv, c := bktFake(t, "tier-1250000000")
	require.NoError(t, srv.CreateBucket("tier-1250000000"))

	cfg, _, err := c.Bucket.GetIntelligentTiering(ctx)
	require.NoError(t, err)
	assert.Empty(t, cfg.Status)
	assert.Nil(t, cfg.Transition)

	for _, put := range []*cos.IntelligentTieringConfiguration{
		{Status: cos.IntelligentTieringEnabled, Transition: &cos.IntelligentTieringTransition{Days: 90}},
		{Status: cos.IntelligentTieringSuspended},
	} {
		_, err = c.Bucket.PutIntelligentTiering(ctx, put)
		require.NoError(t, err)
		got, _, err := c.Bucket.GetIntelligentTiering(ctx)
		require.NoError(t, err)
		assert.Equal(t, put.Status, got.Status)
		if put.Transition != nil {
			assert.Equal(t, &cos.IntelligentTieringTransition{Days: 90, RequestFrequent: 1}, got.Transition)
		}
	}

	_, err = c.Bucket.Delete(ctx)
	require.NoError(t, err)
	require.NoError(t, srv.CreateBucket("tier-1250000000"))
	cfg, _, err = c.Bucket.GetIntelligentTiering(ctx)
	require.NoError(t, err)
	assert.Empty(t, cfg.Status, "the switch went with the bucket")
}
