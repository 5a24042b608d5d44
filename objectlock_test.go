package cos_test

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cosgo/cos"
	"github.com/cosgo/cos/costest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPutObjectLockConfiguration(t *testing.T) {
	t.Parallel()
	s := newBktServer(t, nil)
	_, err := s.client(t).Bucket.PutObjectLockConfiguration(context.Background(), &cos.ObjectLockConfiguration{
		Rule: &cos.ObjectLockRule{DefaultRetention: cos.DefaultRetention{Mode: "compliance", Days: 30}},
	})
	require.NoError(t, err)
	r := s.requests()[0]
	assert.Equal(t, http.MethodPut, r.Method)
	assert.Equal(t, "object-lock", r.RawQuery)
	bktAssertXMLBody(t, r)
	bktGolden(t, "objectlock_put.request.xml", r.Body)
}

// TestGetObjectLockConfiguration decodes the answer of COS's GET Bucket
// ObjectLockConfiguration page (intl 436/40134).
func TestGetObjectLockConfiguration(t *testing.T) {
	t.Parallel()
	s := newBktServer(t, bktFile(t, "objectlock_get.response.xml"))
	cfg, _, err := s.client(t).Bucket.GetObjectLockConfiguration(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "object-lock", s.requests()[0].RawQuery)
	assert.Equal(t, cos.ObjectLockStateEnabled, cfg.ObjectLockEnabled)
	require.NotNil(t, cfg.Rule)
	assert.Equal(t, cos.DefaultRetention{Mode: cos.RetentionCompliance, Days: 30}, cfg.Rule.DefaultRetention)
}

func TestPutRetention(t *testing.T) {
	t.Parallel()
	s := newBktServer(t, nil)
	until := time.Date(2099, 12, 10, 16, 34, 48, 0, time.FixedZone("CST", 8*3600))
	_, err := s.client(t).Object.PutRetention(context.Background(), "a/b.txt", &cos.Retention{RetainUntilDate: until}, &cos.RetentionOptions{VersionID: "MTIz"})
	require.NoError(t, err)
	r := s.requests()[0]
	assert.Equal(t, http.MethodPut, r.Method)
	assert.Equal(t, "/"+bktName+"/a/b.txt", r.Path)
	assert.Equal(t, "retention&versionId=MTIz", r.RawQuery)
	bktAssertXMLBody(t, r)
	bktGolden(t, "objectlock_put_retention.request.xml", r.Body)
}

// TestGetRetention decodes the answer of COS's GET Object retention page
// (intl 436/40135, with the Mode of 436/58039).
func TestGetRetention(t *testing.T) {
	t.Parallel()
	s := newBktServer(t, bktFile(t, "objectlock_get_retention.response.xml"))
	ret, _, err := s.client(t).Object.GetRetention(context.Background(), "temp.txt", nil)
	require.NoError(t, err)
	assert.Equal(t, "retention", s.requests()[0].RawQuery)
	assert.Equal(t, cos.Retention{Mode: cos.RetentionCompliance, RetainUntilDate: time.Date(2022, 12, 10, 8, 34, 48, 0, time.UTC)}, *ret)
}

// lockClock is a settable clock for costest, safe for concurrent use.
type lockClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *lockClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *lockClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// TestCostestObjectLock enables object lock, locks versions and moves the
// server's clock past the retention date. The server runs anonymous so
// its clock can leave the client's signing window.
func TestCostestObjectLock(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	clock := &lockClock{now: time.Now()}
	srv := costest.NewServer(costest.WithAnonymous(), costest.WithClock(clock.Now))
	t.Cleanup(srv.Close)
	bucket := "locked-" + srv.AppID()
	require.NoError(t, srv.CreateBucket(bucket))
	c, err := cos.NewClient(cos.WithEndpoint(srv.URL), cos.WithBucket(bucket))
	require.NoError(t, err)

	_, _, err = c.Bucket.GetObjectLockConfiguration(ctx)
	require.ErrorIs(t, err, cos.ErrNotFound, "never enabled: the typed empty answer")
	_, err = c.Bucket.PutObjectLockConfiguration(ctx, &cos.ObjectLockConfiguration{
		Rule: &cos.ObjectLockRule{DefaultRetention: cos.DefaultRetention{Days: 2}},
	})
	require.NoError(t, err)
	cfg, _, err := c.Bucket.GetObjectLockConfiguration(ctx)
	require.NoError(t, err)
	assert.Equal(t, cos.ObjectLockStateEnabled, cfg.ObjectLockEnabled)
	assert.Equal(t, cos.DefaultRetention{Mode: cos.RetentionCompliance, Days: 2}, cfg.Rule.DefaultRetention)
	_, err = c.Bucket.PutObjectLockConfiguration(ctx, &cos.ObjectLockConfiguration{Rule: &cos.ObjectLockRule{DefaultRetention: cos.DefaultRetention{Days: 1}}})
	assert.Equal(t, "InvalidLockedTime", cos.ErrorCode(err), "the default retention only grows")

	_, _, err = c.Object.Put(ctx, "k", strings.NewReader("v1"), nil)
	require.NoError(t, err)
	ret, _, err := c.Object.GetRetention(ctx, "k", nil)
	require.NoError(t, err)
	assert.WithinDuration(t, clock.Now().Add(48*time.Hour), ret.RetainUntilDate, time.Second, "the bucket's default")
	_, err = c.Object.Delete(ctx, "k", nil)
	require.ErrorIs(t, err, cos.ErrConflict)
	assert.Equal(t, "ObjectLocked", cos.ErrorCode(err))
	_, _, err = c.Object.Put(ctx, "k", strings.NewReader("v2"), nil)
	assert.Equal(t, "ObjectLocked", cos.ErrorCode(err), "no overwrite either")

	later := ret.RetainUntilDate.Add(24 * time.Hour)
	_, err = c.Object.PutRetention(ctx, "k", &cos.Retention{RetainUntilDate: clock.Now().Add(time.Hour)}, nil)
	assert.Equal(t, "InvalidLockedTime", cos.ErrorCode(err), "a retention is never shortened")
	_, err = c.Object.PutRetention(ctx, "k", &cos.Retention{Mode: cos.RetentionCompliance, RetainUntilDate: later}, nil)
	require.NoError(t, err)
	ret, _, err = c.Object.GetRetention(ctx, "k", nil)
	require.NoError(t, err)
	assert.True(t, later.Truncate(time.Millisecond).Equal(ret.RetainUntilDate), "%v != %v", later, ret.RetainUntilDate)

	clock.Advance(71 * time.Hour)
	_, err = c.Object.Delete(ctx, "k", nil)
	assert.Equal(t, "ObjectLocked", cos.ErrorCode(err), "extended by a day")
	clock.Advance(2 * time.Hour)
	_, err = c.Object.Delete(ctx, "k", nil)
	require.NoError(t, err, "past the retain-until date")
}
