package cos_test

import (
	"context"
	"testing"

	"github.com/cosgo/cos"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCostestPolicyRoundTrip(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv, c := bktFake(t, "")
	bucket := "policy-" + srv.AppID()
	c = c.ForBucket(bucket)
	_, err := c.Bucket.Create(ctx, nil)
	require.NoError(t, err)

	_, _, err = c.Bucket.GetPolicy(ctx)
	require.ErrorIs(t, err, cos.ErrNotFound, "a bucket that never had a policy")
	assert.Equal(t, "NoSuchBucketPolicy", cos.ErrorCode(err))

	put := polSample()
	_, err = c.Bucket.PutPolicy(ctx, put)
	require.NoError(t, err)
	got, _, err := c.Bucket.GetPolicy(ctx)
	require.NoError(t, err)
	want := polSample()
	want.Version = cos.PolicyVersion
	want.Statement[0].Effect = cos.PolicyAllow
	want.Statement[0].Condition = map[string]map[string]any{"ip_equal": {"qcs:ip": []any{"10.0.0.0/8"}}}
	assert.Equal(t, want, got)

	raw := []byte(`{"Statement":[{"Principal":{"qcs":["qcs::cam::anyone:anyone"]},"Effect":"deny","Action":["name/cos:DeleteObject"],"Resource":["*"]}],"version":"2.0"}`)
	_, err = c.Bucket.PutPolicyJSON(ctx, raw)
	require.NoError(t, err)
	back, _, err := c.Bucket.GetPolicyJSON(ctx)
	require.NoError(t, err)
	assert.JSONEq(t, string(raw), string(back))

	_, err = c.Bucket.PutPolicyJSON(ctx, []byte(`{"statement":[{"effect":"allow","resource":["*"]}]}`))
	require.Error(t, err, "costest refuses a statement without action")
	assert.Equal(t, "MalformedPolicy", cos.ErrorCode(err))

	_, err = c.Bucket.DeletePolicy(ctx)
	require.NoError(t, err)
	_, _, err = c.Bucket.GetPolicy(ctx)
	require.ErrorIs(t, err, cos.ErrNotFound)
	_, err = c.Bucket.DeletePolicy(ctx)
	require.NoError(t, err, "deleting twice is harmless")

	// The policy goes with the bucket.
	_, err = c.Bucket.PutPolicy(ctx, polSample())
	require.NoError(t, err)
	_, err = c.Bucket.Delete(ctx)
	require.NoError(t, err)
	_, err = c.Bucket.Create(ctx, nil)
	require.NoError(t, err)
	_, _, err = c.Bucket.GetPolicy(ctx)
	assert.Equal(t, "NoSuchBucketPolicy", cos.ErrorCode(err))
}
