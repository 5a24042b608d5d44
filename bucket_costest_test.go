package cos_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/cosgo/cos"
	"github.com/cosgo/cos/costest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// bktFake starts costest and returns it with a client for bucket (not
// created).
func bktFake(t *testing.T, bucket string, opts ...cos.Option) (*costest.Server, *cos.Client) {
	t.Helper()
	srv := costest.NewServer()
	t.Cleanup(srv.Close)
	id, key := srv.Credentials()
	c, err := cos.NewClient(append([]cos.Option{
		cos.WithEndpoint(srv.URL), cos.WithBucket(bucket), cos.WithStaticCredentials(id, key, ""),
	}, opts...)...)
	require.NoError(t, err)
	return srv, c
}

// bktOps counts logged requests of one operation.
func bktOps(srv *costest.Server, op costest.Op) int {
	n := 0
	for _, r := range srv.Requests() {
		if r.Op == op {
			n++
		}
	}
	return n
}

func TestCostestBucketRoundTrip(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv, c := bktFake(t, "")
	bucket := "roundtrip-" + srv.AppID()
	c = c.ForBucket(bucket)

	ok, err := c.Bucket.Exists(ctx)
	require.NoError(t, err)
	assert.False(t, ok)
	_, err = c.Bucket.Head(ctx)
	require.ErrorIs(t, err, cos.ErrNotFound)

	_, err = c.Bucket.Create(ctx, &cos.BucketCreateOptions{ACLHeaders: cos.ACLHeaders{ACL: cos.ACLPublicRead}})
	require.NoError(t, err)
	_, err = c.Bucket.Create(ctx, nil)
	require.ErrorIs(t, err, cos.ErrConflict)
	assert.Equal(t, "BucketAlreadyOwnedByYou", cos.ErrorCode(err))

	resp, err := c.Bucket.Head(ctx)
	require.NoError(t, err)
	assert.Equal(t, srv.Region(), resp.Header.Get("x-cos-bucket-region"))
	ok, err = c.Bucket.Exists(ctx)
	require.NoError(t, err)
	assert.True(t, ok)
	region, _, err := c.Bucket.Location(ctx)
	require.NoError(t, err)
	assert.Equal(t, srv.Region(), region)

	t.Run("ACL", func(t *testing.T) {
		acl, _, err := c.Bucket.GetACL(ctx)
		require.NoError(t, err)
		assert.Equal(t, cos.ACLPublicRead, acl.CannedACL(), "the ACL given at creation")
		owner := acl.Owner.ID
		require.NotEmpty(t, owner)

		policy := &cos.AccessControlPolicy{Owner: cos.Owner{ID: owner}, AccessControlList: []cos.Grant{
			{Grantee: cos.Grantee{ID: owner}, Permission: cos.PermFullControl},
			{Grantee: cos.Grantee{ID: "qcs::cam::uin/100000000001:uin/100000000011"}, Permission: cos.PermReadACP},
			{Grantee: cos.Grantee{URI: cos.AllUsersURI}, Permission: cos.PermWrite},
		}}
		_, err = c.Bucket.PutACL(ctx, &cos.ACLOptions{AccessControlPolicy: policy})
		require.NoError(t, err)
		acl, _, err = c.Bucket.GetACL(ctx)
		require.NoError(t, err)
		var got []string
		for _, g := range acl.AccessControlList {
			got = append(got, g.Grantee.Type+" "+g.Grantee.ID+g.Grantee.URI+" "+g.Permission)
		}
		assert.ElementsMatch(t, []string{
			"CanonicalUser " + owner + " FULL_CONTROL",
			"CanonicalUser qcs::cam::uin/100000000001:uin/100000000011 READ_ACP",
			"Group " + cos.AllUsersURI + " WRITE",
		}, got)

		_, err = c.Bucket.PutACL(ctx, &cos.ACLOptions{ACLHeaders: cos.ACLHeaders{ACL: cos.ACLPrivate}})
		require.NoError(t, err)
		acl, _, err = c.Bucket.GetACL(ctx)
		require.NoError(t, err)
		assert.Equal(t, cos.ACLPrivate, acl.CannedACL())

		before := bktOps(srv, costest.OpPutBucketACL)
		_, err = c.Bucket.PutACL(ctx, &cos.ACLOptions{ACLHeaders: cos.ACLHeaders{ACL: cos.ACLPrivate}, AccessControlPolicy: policy})
		require.ErrorIs(t, err, cos.ErrInvalidArgument)
		assert.Equal(t, before, bktOps(srv, costest.OpPutBucketACL), "nothing sent")
	})

	t.Run("CORS", func(t *testing.T) {
		_, _, err := c.Bucket.GetCORS(ctx)
		require.ErrorIs(t, err, cos.ErrNotFound)
		assert.Equal(t, "NoSuchCORSConfiguration", cos.ErrorCode(err))

		want := bktCORS()
		_, err = c.Bucket.PutCORS(ctx, want)
		require.NoError(t, err)
		got, _, err := c.Bucket.GetCORS(ctx)
		require.NoError(t, err)
		assert.Equal(t, want.Rules, got.Rules)

		_, err = c.Bucket.DeleteCORS(ctx)
		require.NoError(t, err)
		_, _, err = c.Bucket.GetCORS(ctx)
		require.ErrorIs(t, err, cos.ErrNotFound)
	})

	t.Run("lifecycle", func(t *testing.T) {
		_, _, err := c.Bucket.GetLifecycle(ctx)
		require.ErrorIs(t, err, cos.ErrNotFound)
		assert.Equal(t, "NoSuchLifecycleConfiguration", cos.ErrorCode(err))

		_, err = c.Bucket.PutLifecycle(ctx, bktLifecycle())
		require.NoError(t, err)
		got, _, err := c.Bucket.GetLifecycle(ctx)
		require.NoError(t, err)
		want := bktLifecycle()
		want.Rules[0].Transitions[0].StorageClass = cos.StorageStandardIA // sent upper case
		assert.Equal(t, want.Rules, got.Rules)

		_, err = c.Bucket.DeleteLifecycle(ctx)
		require.NoError(t, err)
		_, _, err = c.Bucket.GetLifecycle(ctx)
		require.ErrorIs(t, err, cos.ErrNotFound)

		before := len(srv.Requests())
		_, err = c.Bucket.PutLifecycle(ctx, &cos.LifecycleConfiguration{})
		require.ErrorIs(t, err, cos.ErrInvalidArgument)
		assert.Len(t, srv.Requests(), before, "nothing sent")
	})

	t.Run("delete", func(t *testing.T) {
		require.NoError(t, srv.PutObject(bucket, "left/over.txt", []byte("x"), nil))
		_, err := c.Bucket.Delete(ctx)
		require.ErrorIs(t, err, cos.ErrConflict)
		assert.Equal(t, "BucketNotEmpty", cos.ErrorCode(err))

		_, err = c.Object.Delete(ctx, "left/over.txt", nil)
		require.NoError(t, err)
		_, err = c.Bucket.Delete(ctx)
		require.NoError(t, err)
		ok, err := c.Bucket.Exists(ctx)
		require.NoError(t, err)
		assert.False(t, ok)
		_, err = c.Bucket.Delete(ctx)
		require.ErrorIs(t, err, cos.ErrNotFound)
	})
}

func TestCostestListObjects(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv, c := bktFake(t, "")
	bucket := "listing-" + srv.AppID()
	c = c.ForBucket(bucket)
	require.NoError(t, srv.CreateBucket(bucket))
	var keys []string
	for i := range 2500 {
		keys = append(keys, fmt.Sprintf("bulk/%04d", i))
	}
	special := []string{"odd/a b.txt", "odd/a+b.txt", "odd/100%.txt", "odd/目录/文件 名+1%.txt", "odd/sub/x"}
	for _, k := range append(slices.Clone(keys), special...) {
		require.NoError(t, srv.PutObject(bucket, k, []byte(k), nil))
	}

	t.Run("2500 keys in pages of 1000", func(t *testing.T) {
		srv.ResetRequests()
		var got []string
		for o, err := range c.Bucket.Objects(ctx, &cos.ListObjectsOptions{Prefix: "bulk/", MaxKeys: 1000}) {
			require.NoError(t, err)
			got = append(got, o.Key)
			assert.Equal(t, int64(len(o.Key)), o.Size)
			assert.NotEmpty(t, o.ETag)
			assert.NotContains(t, o.ETag, `"`)
			assert.False(t, o.LastModified.IsZero())
		}
		assert.Equal(t, keys, got)
		assert.Equal(t, 3, bktOps(srv, costest.OpListObjects))
	})

	t.Run("early break", func(t *testing.T) {
		srv.ResetRequests()
		n := 0
		for _, err := range c.Bucket.Objects(ctx, &cos.ListObjectsOptions{Prefix: "bulk/", MaxKeys: 100}) {
			require.NoError(t, err)
			if n++; n == 150 {
				break
			}
		}
		assert.Equal(t, 2, bktOps(srv, costest.OpListObjects))
	})

	t.Run("server error mid-listing", func(t *testing.T) {
		rule := srv.Inject(costest.Fault{Op: costest.OpListObjects, Nth: 2, Status: 403, Code: "AccessDenied"})
		defer rule.Remove()
		var n, errs int
		for _, err := range c.Bucket.Objects(ctx, &cos.ListObjectsOptions{Prefix: "bulk/", MaxKeys: 1000}) {
			if err != nil {
				errs++
				assert.ErrorIs(t, err, cos.ErrAccessDenied)
				continue
			}
			n++
		}
		assert.Equal(t, 1000, n)
		assert.Equal(t, 1, errs)
	})

	t.Run("special keys and prefixes decode", func(t *testing.T) {
		res, _, err := c.Bucket.ListObjects(ctx, &cos.ListObjectsOptions{Prefix: "odd/", Delimiter: "/"})
		require.NoError(t, err)
		assert.Equal(t, "odd/", res.Prefix)
		assert.Equal(t, "/", res.Delimiter)
		assert.Equal(t, []string{"odd/sub/", "odd/目录/"}, res.CommonPrefixes)
		var got []string
		for _, o := range res.Contents {
			got = append(got, o.Key)
		}
		assert.Equal(t, []string{"odd/100%.txt", "odd/a b.txt", "odd/a+b.txt"}, got)

		var all []string
		for o, err := range c.Bucket.Objects(ctx, &cos.ListObjectsOptions{Prefix: "odd/", MaxKeys: 1}) {
			require.NoError(t, err)
			all = append(all, o.Key)
		}
		want := slices.Clone(special)
		slices.Sort(want)
		assert.Equal(t, want, all)
	})
}

func TestCostestMultipartUploads(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv, c := bktFake(t, "")
	bucket := "uploads-" + srv.AppID()
	c = c.ForBucket(bucket)
	require.NoError(t, srv.CreateBucket(bucket))

	var want []string
	for _, k := range []string{"a b.bin", "a+b.bin", "c%.bin", "文件.bin", "dir/x.bin"} {
		for range 2 {
			res, _, err := c.Object.InitiateMultipartUpload(ctx, k, nil)
			require.NoError(t, err)
			want = append(want, k+"#"+res.UploadID)
		}
	}
	slices.Sort(want)

	srv.ResetRequests()
	var got []string
	for u, err := range c.Bucket.MultipartUploads(ctx, &cos.ListMultipartUploadsOptions{MaxUploads: 3}) {
		require.NoError(t, err)
		got = append(got, u.Key+"#"+u.UploadID)
		assert.False(t, u.Initiated.IsZero())
	}
	slices.Sort(got) // same key: order of upload IDs is the server's
	assert.Equal(t, want, got)
	assert.Equal(t, 4, bktOps(srv, costest.OpListMultipartUploads))

	res, _, err := c.Bucket.ListMultipartUploads(ctx, &cos.ListMultipartUploadsOptions{Delimiter: "/"})
	require.NoError(t, err)
	assert.Equal(t, []string{"dir/"}, res.CommonPrefixes)
	assert.Len(t, res.Uploads, 8)

	for u, err := range c.Bucket.MultipartUploads(ctx, nil) {
		require.NoError(t, err)
		_, err = c.Object.AbortMultipartUpload(ctx, u.Key, u.UploadID)
		require.NoError(t, err)
	}
	res, _, err = c.Bucket.ListMultipartUploads(ctx, nil)
	require.NoError(t, err)
	assert.Empty(t, res.Uploads)
}
