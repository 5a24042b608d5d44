package cos_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/cosgo/cos"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPutLoggingRequest(t *testing.T) {
	t.Parallel()
	s := newBktServer(t, nil)
	c := s.client(t)
	_, err := c.Bucket.PutLogging(context.Background(), &cos.BucketLoggingStatus{
		LoggingEnabled: &cos.LoggingEnabled{TargetBucket: "logs-1250000000", TargetPrefix: "access/"}})
	require.NoError(t, err)
	_, err = c.Bucket.PutLogging(context.Background(), &cos.BucketLoggingStatus{})
	require.NoError(t, err)
	reqs := s.requests()
	require.Len(t, reqs, 2)
	assert.Equal(t, http.MethodPut, reqs[0].Method)
	assert.Equal(t, "logging", reqs[0].RawQuery)
	bktAssertXMLBody(t, reqs[0])
	bktGolden(t, "logging_put.request.xml", reqs[0].Body)
	assert.Equal(t, "<BucketLoggingStatus></BucketLoggingStatus>", string(reqs[1].Body), "an empty configuration turns logging off")
	bktAssertXMLBody(t, reqs[1])
}

// The GET answer of API page 17053.
func TestGetLoggingDecodesDocumentedAnswer(t *testing.T) {
	t.Parallel()
	s := newBktServer(t, bktFile(t, "logging_get.response.xml"))
	cfg, _, err := s.client(t).Bucket.GetLogging(context.Background())
	require.NoError(t, err)
	assert.Equal(t, &cos.LoggingEnabled{TargetBucket: "examplebucket-1250000000", TargetPrefix: "prefix"}, cfg.LoggingEnabled)
	assert.Equal(t, "logging", s.requests()[0].RawQuery)
}

func TestLoggingBadInput(t *testing.T) {
	t.Parallel()
	s := newBktServer(t, nil)
	c := s.client(t)
	for name, tc := range map[string]struct {
		cfg   *cos.BucketLoggingStatus
		field string
	}{
		"nil":               {nil, "BucketLoggingStatus"},
		"no target":         {&cos.BucketLoggingStatus{LoggingEnabled: &cos.LoggingEnabled{TargetPrefix: "p/"}}, "TargetBucket"},
		"target sans APPID": {&cos.BucketLoggingStatus{LoggingEnabled: &cos.LoggingEnabled{TargetBucket: "logs"}}, "TargetBucket"},
	} {
		_, err := c.Bucket.PutLogging(context.Background(), tc.cfg)
		require.ErrorIs(t, err, cos.ErrInvalidArgument, name)
		assert.Contains(t, err.Error(), tc.field, name)
	}
	assert.Empty(t, s.requests())
}

func TestCostestLoggingRoundTrip(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv, c := bktFake(t, "")
	c = c.ForBucket("logged-" + srv.AppID())
	target := "logs-" + srv.AppID()
	_, err := c.Bucket.Create(ctx, nil)
	require.NoError(t, err)

	cfg, _, err := c.Bucket.GetLogging(ctx)
	require.NoError(t, err)
	assert.Nil(t, cfg.LoggingEnabled, "a bucket that never had logging")

	on := &cos.BucketLoggingStatus{LoggingEnabled: &cos.LoggingEnabled{TargetBucket: target, TargetPrefix: "access/"}}
	_, err = c.Bucket.PutLogging(ctx, on)
	require.Error(t, err, "the target bucket must exist")
	assert.Equal(t, "InvalidTargetBucketForLogging", cos.ErrorCode(err))
	_, err = c.ForBucket(target).Bucket.Create(ctx, nil)
	require.NoError(t, err)
	_, err = c.Bucket.PutLogging(ctx, on)
	require.NoError(t, err)
	cfg, _, err = c.Bucket.GetLogging(ctx)
	require.NoError(t, err)
	assert.Equal(t, on.LoggingEnabled, cfg.LoggingEnabled)

	_, err = c.Bucket.PutLogging(ctx, &cos.BucketLoggingStatus{})
	require.NoError(t, err)
	cfg, _, err = c.Bucket.GetLogging(ctx)
	require.NoError(t, err)
	assert.Nil(t, cfg.LoggingEnabled, "an empty configuration turned logging off")

	_, err = c.Bucket.PutLogging(ctx, on)
	require.NoError(t, err)
	_, err = c.Bucket.Delete(ctx)
	require.NoError(t, err)
	_, err = c.Bucket.Create(ctx, nil)
	require.NoError(t, err)
	cfg, _, err = c.Bucket.GetLogging(ctx)
	require.NoError(t, err)
	assert.Nil(t, cfg.LoggingEnabled, "the configuration went with the bucket")
}
