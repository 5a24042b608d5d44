package cosblob

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/cosgo/cos"
	"github.com/cosgo/cos/costest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gocloud.dev/blob"
	"gocloud.dev/blob/driver"
	"gocloud.dev/gcerrors"
)

func TestOpenBucketRefusesBadInput(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	noBucket, err := cos.NewClient(cos.WithRegion("ap-guangzhou"))
	require.NoError(t, err)
	withBucket, err := cos.NewClient(cos.WithRegion("ap-guangzhou"), cos.WithBucket(testBucket))
	require.NoError(t, err)
	for _, tc := range []struct {
		name  string
		c     *cos.Client
		opts  *Options
		field string
	}{
		{"nil client", nil, nil, "client"},
		{"no bucket", noBucket, nil, "client"},
		{"part too small", withBucket, &Options{PartSize: 1000}, "Options.PartSize"},
		{"negative concurrency", withBucket, &Options{Concurrency: -1}, "Options.Concurrency"},
		{"too many", withBucket, &Options{Concurrency: 257}, "Options.Concurrency"},
	} {
		_, err := OpenBucket(ctx, tc.c, tc.opts)
		require.ErrorIs(t, err, cos.ErrInvalidArgument, tc.name)
		assert.Contains(t, err.Error(), tc.field, tc.name)
	}
}

func TestCopyIsServerSide(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	ctx := context.Background()
	require.NoError(t, e.b.WriteAll(ctx, "src", data(100_000, 1), &blob.WriterOptions{ContentType: "text/plain", Metadata: map[string]string{"a_b": "c"}}))
	e.srv.ResetRequests()
	require.NoError(t, e.b.Copy(ctx, "dst", "src", nil))
	assert.Equal(t, 1, e.count(costest.OpCopyObject))
	assert.Zero(t, e.count(costest.OpGetObject)+e.count(costest.OpPutObject), "no byte passes through the client")
	got, ok := e.srv.Object(testBucket, "dst")
	require.True(t, ok)
	assert.Equal(t, data(100_000, 1), got)
	a, err := e.b.Attributes(ctx, "dst")
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"a_b": "c"}, a.Metadata)
}

func TestCopyOntoItself(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	ctx := context.Background()
	require.NoError(t, e.b.WriteAll(ctx, "same", []byte("x"), nil))
	require.NoError(t, e.b.Copy(ctx, "same", "same", nil), "COS refuses an unchanged self-copy; the driver must not")
	got, err := e.b.ReadAll(ctx, "same")
	require.NoError(t, err)
	assert.Equal(t, "x", string(got))
	err = e.b.Copy(ctx, "gone", "gone", nil)
	assert.Equal(t, gcerrors.NotFound, gcerrors.Code(err), "%v", err)
}

func TestDeleteMissingSendsNoDelete(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	err := e.b.Delete(context.Background(), "missing")
	assert.Equal(t, gcerrors.NotFound, gcerrors.Code(err), "%v", err)
	assert.Zero(t, e.count(costest.OpDeleteObject))
}

func TestListCapsPageSizeAndEscapes(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	ctx := context.Background()
	for _, k := range []string{"d/\x01ctl", "d/plain", "/lead"} {
		require.NoError(t, e.b.WriteAll(ctx, k, []byte("v"), nil))
	}
	assert.ElementsMatch(t, []string{"d/__0x1__ctl", "d/plain", "__0x2f__lead"}, e.srv.ObjectKeys(testBucket), "stored keys are escaped")

	objs, _, err := e.b.ListPage(ctx, blob.FirstPageToken, 5000, &blob.ListOptions{Prefix: "d/"})
	require.NoError(t, err)
	var keys []string
	for _, o := range objs {
		keys = append(keys, o.Key)
	}
	assert.Equal(t, []string{"d/\x01ctl", "d/plain"}, keys)
	lists := e.requests(costest.OpListObjects)
	assert.Equal(t, "1000", lists[len(lists)-1].Query.Get("max-keys"))

	objs, _, err = e.b.ListPage(ctx, blob.FirstPageToken, 10, &blob.ListOptions{Prefix: "/"})
	require.NoError(t, err)
	require.Len(t, objs, 1)
	assert.Equal(t, "/lead", objs[0].Key)
}

func TestSignedURLRefusals(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	drv, err := openBucket(e.c, nil)
	require.NoError(t, err)
	ctx := context.Background()
	_, err = drv.SignedURL(ctx, "k", &driver.SignedURLOptions{Method: http.MethodPut, EnforceAbsentContentType: true, Expiry: time.Minute})
	assert.Equal(t, gcerrors.Unimplemented, errorCode(err), "%v", err)
	_, err = drv.SignedURL(ctx, "k", &driver.SignedURLOptions{Method: http.MethodPost, Expiry: time.Minute})
	assert.Equal(t, gcerrors.InvalidArgument, errorCode(err), "%v", err)
	assert.Contains(t, err.Error(), "Method")
}
