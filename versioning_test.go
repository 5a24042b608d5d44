package cos_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/cosgo/cos"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPutVersioning(t *testing.T) {
	t.Parallel()
	s := newBktServer(t, nil)
	in := &cos.VersioningConfiguration{Status: "enabled"}
	_, err := s.client(t).Bucket.PutVersioning(context.Background(), in)
	require.NoError(t, err)
	assert.Equal(t, cos.VersioningStatus("enabled"), in.Status, "the caller's document is not changed")
	r := s.requests()[0]
	assert.Equal(t, http.MethodPut, r.Method)
	assert.Equal(t, "versioning", r.RawQuery)
	bktAssertXMLBody(t, r)
	bktGolden(t, "versioning_put.request.xml", r.Body)
}

func TestGetVersioning(t *testing.T) {
	t.Parallel()
	s := newBktServer(t, bktFile(t, "versioning_get.response.xml"))
	cfg, _, err := s.client(t).Bucket.GetVersioning(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "versioning", s.requests()[0].RawQuery)
	assert.Equal(t, cos.VersioningEnabled, cfg.Status)
}

func TestGetVersioningNeverEnabled(t *testing.T) {
	t.Parallel()
	// COS's answer for a bucket that never had versioning (436/19888).
	s := newBktServer(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		bktXML(w, http.StatusOK, `<VersioningConfiguration/>`)
	})
	cfg, _, err := s.client(t).Bucket.GetVersioning(context.Background())
	require.NoError(t, err)
	assert.Equal(t, cos.VersioningStatus(""), cfg.Status)
}

// TestCostestVersioningRoundTrip sets each state on costest and reads it
// back, and finds none on a bucket created again under the same name.
func TestCostestVersioningRoundTrip(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv, c := bktFake(t, "")
	c = c.ForBucket("versioning-" + srv.AppID())
	_, err := c.Bucket.Create(ctx, nil)
	require.NoError(t, err)

	cfg, _, err := c.Bucket.GetVersioning(ctx)
	require.NoError(t, err)
	assert.Empty(t, cfg.Status, "never versioned: the typed empty answer")
	for _, st := range []cos.VersioningStatus{cos.VersioningEnabled, cos.VersioningSuspended, cos.VersioningEnabled} {
		_, err = c.Bucket.PutVersioning(ctx, &cos.VersioningConfiguration{Status: st})
		require.NoError(t, err)
		cfg, _, err = c.Bucket.GetVersioning(ctx)
		require.NoError(t, err)
		assert.Equal(t, st, cfg.Status)
	}
	_, err = c.Bucket.Delete(ctx)
	require.NoError(t, err)
	_, err = c.Bucket.Create(ctx, nil)
	require.NoError(t, err)
	cfg, _, err = c.Bucket.GetVersioning(ctx)
	require.NoError(t, err)
	assert.Empty(t, cfg.Status, "versioning went with the bucket")
}
