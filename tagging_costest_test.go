package cos_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/cosgo/cos"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCostestBucketTaggingRoundTrip(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv, c := bktFake(t, "")
	c = c.ForBucket("tags-" + srv.AppID())
	_, err := c.Bucket.Create(ctx, nil)
	require.NoError(t, err)

	_, _, err = c.Bucket.GetTagging(ctx)
	require.ErrorIs(t, err, cos.ErrNotFound, "a bucket that never had tags")
	assert.Equal(t, "NoSuchTagSetError", cos.ErrorCode(err))

	want := cos.TagSet{{Key: "team", Value: "数据 platform"}, {Key: "cost-center", Value: "cc:42/eu@x+1=2"}, {Key: "empty", Value: ""}}
	_, err = c.Bucket.PutTagging(ctx, want)
	require.NoError(t, err)
	got, _, err := c.Bucket.GetTagging(ctx)
	require.NoError(t, err)
	assert.Equal(t, want, got)

	_, err = c.Bucket.PutTagging(ctx, cos.TagSet{{Key: "only", Value: "one"}})
	require.NoError(t, err)
	got, _, err = c.Bucket.GetTagging(ctx)
	require.NoError(t, err)
	assert.Equal(t, cos.TagSet{{Key: "only", Value: "one"}}, got, "PUT replaces the whole set")

	_, err = c.Bucket.DeleteTagging(ctx)
	require.NoError(t, err)
	_, _, err = c.Bucket.GetTagging(ctx)
	require.ErrorIs(t, err, cos.ErrNotFound)
	assert.Equal(t, "NoSuchTagSetError", cos.ErrorCode(err))
	_, err = c.Bucket.DeleteTagging(ctx)
	require.ErrorIs(t, err, cos.ErrNotFound, "COS answers DELETE without tags with 404")

	// The tags go with the bucket.
	_, err = c.Bucket.PutTagging(ctx, want)
	require.NoError(t, err)
	_, err = c.Bucket.Delete(ctx)
	require.NoError(t, err)
	_, _, err = c.Bucket.GetTagging(ctx)
	assert.Equal(t, "NoSuchBucket", cos.ErrorCode(err))
	_, err = c.Bucket.Create(ctx, nil)
	require.NoError(t, err)
	_, _, err = c.Bucket.GetTagging(ctx)
	assert.Equal(t, "NoSuchTagSetError", cos.ErrorCode(err), "a new bucket of the same name starts without tags")
}

func TestCostestObjectTaggingRoundTrip(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv, c := bktFake(t, "")
	c = c.ForBucket("otags-" + srv.AppID())
	_, err := c.Bucket.Create(ctx, nil)
	require.NoError(t, err)
	_, _, err = c.Object.GetTagging(ctx, "missing", nil)
	require.ErrorIs(t, err, cos.ErrNotFound)

	_, _, err = c.Object.Put(ctx, "a/b.txt", strings.NewReader("hello"), nil)
	require.NoError(t, err)
	got, _, err := c.Object.GetTagging(ctx, "a/b.txt", nil)
	require.NoError(t, err)
	assert.Empty(t, got, "an object without tags has an empty set")
	meta, _, err := c.Object.Head(ctx, "a/b.txt", nil)
	require.NoError(t, err)
	assert.Zero(t, meta.TaggingCount)

	want := cos.TagSet{{Key: "k1", Value: "v 1"}, {Key: "状态", Value: "done"}}
	_, err = c.Object.PutTagging(ctx, "a/b.txt", want, nil)
	require.NoError(t, err)
	got, _, err = c.Object.GetTagging(ctx, "a/b.txt", nil)
	require.NoError(t, err)
	assert.Equal(t, want, got)
	meta, _, err = c.Object.Head(ctx, "a/b.txt", nil)
	require.NoError(t, err)
	assert.Equal(t, 2, meta.TaggingCount, "HEAD reports the count")
	resp, err := c.Object.Get(ctx, "a/b.txt", nil)
	require.NoError(t, err)
	resp.Body.Close()
	meta, err = cos.ParseObjectMeta(resp.Header)
	require.NoError(t, err)
	assert.Equal(t, 2, meta.TaggingCount, "GET reports the count")

	_, err = c.Object.PutTagging(ctx, "a/b.txt", want, &cos.ObjectTaggingOptions{VersionID: "no-such-version"})
	require.ErrorIs(t, err, cos.ErrNotFound)
	assert.Equal(t, "NoSuchVersion", cos.ErrorCode(err))

	_, err = c.Object.DeleteTagging(ctx, "a/b.txt", nil)
	require.NoError(t, err)
	got, _, err = c.Object.GetTagging(ctx, "a/b.txt", nil)
	require.NoError(t, err)
	assert.Empty(t, got)
	meta, _, err = c.Object.Head(ctx, "a/b.txt", nil)
	require.NoError(t, err)
	assert.Zero(t, meta.TaggingCount)
}

// Tags set on PUT, on Initiate (applied at Complete) and by Copy with
// either directive.
func TestCostestTagsOnWrite(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv, c := bktFake(t, "")
	c = c.ForBucket("wtags-" + srv.AppID())
	_, err := c.Bucket.Create(ctx, nil)
	require.NoError(t, err)
	tags := cos.TagSet{{Key: "src", Value: "put + more=ok"}, {Key: "n", Value: "1"}}
	tagsOf := func(key string) cos.TagSet {
		t.Helper()
		got, _, err := c.Object.GetTagging(ctx, key, nil)
		require.NoError(t, err)
		return got
	}

	_, _, err = c.Object.Put(ctx, "put", strings.NewReader("x"), &cos.ObjectPutOptions{Tagging: tags.Encode()})
	require.NoError(t, err)
	assert.Equal(t, tags, tagsOf("put"))

	mpTags := cos.TagSet{{Key: "via", Value: "multipart"}}
	init, _, err := c.Object.InitiateMultipartUpload(ctx, "mp", &cos.InitiateMultipartUploadOptions{Tagging: mpTags.Encode()})
	require.NoError(t, err)
	part, _, err := c.Object.UploadPart(ctx, "mp", init.UploadID, 1, bytes.NewReader([]byte("part")), nil)
	require.NoError(t, err)
	_, _, err = c.Object.CompleteMultipartUpload(ctx, "mp", init.UploadID, []cos.CompletedPart{{PartNumber: 1, ETag: part.ETag}}, nil)
	require.NoError(t, err)
	assert.Equal(t, mpTags, tagsOf("mp"))

	_, _, err = c.Object.Copy(ctx, "copy-kept", cos.CopySource{Key: "put"}, nil)
	require.NoError(t, err)
	assert.Equal(t, tags, tagsOf("copy-kept"), "directive Copy (the default) keeps the source's tags")

	newTags := cos.TagSet{{Key: "replaced", Value: "yes"}}
	_, _, err = c.Object.Copy(ctx, "copy-replaced", cos.CopySource{Key: "put"},
		&cos.ObjectCopyOptions{TaggingDirective: cos.TaggingDirectiveReplaced, Tagging: newTags.Encode()})
	require.NoError(t, err)
	assert.Equal(t, newTags, tagsOf("copy-replaced"))

	_, _, err = c.Object.Copy(ctx, "copy-cleared", cos.CopySource{Key: "put"}, &cos.ObjectCopyOptions{TaggingDirective: cos.TaggingDirectiveReplaced})
	require.NoError(t, err)
	assert.Empty(t, tagsOf("copy-cleared"), "Replaced without Tagging leaves no tags")

	// Changing only the tags of an object by copying it onto itself.
	_, _, err = c.Object.Copy(ctx, "put", cos.CopySource{Key: "put"},
		&cos.ObjectCopyOptions{TaggingDirective: cos.TaggingDirectiveReplaced, Tagging: newTags.Encode()})
	require.NoError(t, err)
	assert.Equal(t, newTags, tagsOf("put"))
	_, _, err = c.Object.Copy(ctx, "put", cos.CopySource{Key: "put"}, nil)
	assert.Equal(t, "InvalidRequest", cos.ErrorCode(err), "a self-copy that changes nothing is still refused")
}

// In a versioned bucket each version keeps its own tags: tagging one
// version by ID leaves the others alone, and a new version starts
// untagged.
func TestCostestObjectTaggingPerVersion(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	_, c := versionedFake(t)
	v1, _, err := c.Object.Put(ctx, "doc.txt", strings.NewReader("one"), nil)
	require.NoError(t, err)
	require.NotEmpty(t, v1.VersionID)
	tags := cos.TagSet{{Key: "state", Value: "old"}}
	_, err = c.Object.PutTagging(ctx, "doc.txt", tags, &cos.ObjectTaggingOptions{VersionID: v1.VersionID})
	require.NoError(t, err)
	v2, _, err := c.Object.Put(ctx, "doc.txt", strings.NewReader("two"), nil)
	require.NoError(t, err)
	require.NotEqual(t, v1.VersionID, v2.VersionID)

	latest, _, err := c.Object.GetTagging(ctx, "doc.txt", nil)
	require.NoError(t, err)
	assert.Empty(t, latest, "the new version starts without tags")
	old, _, err := c.Object.GetTagging(ctx, "doc.txt", &cos.ObjectTaggingOptions{VersionID: v1.VersionID})
	require.NoError(t, err)
	assert.Equal(t, tags, old)

	_, err = c.Object.DeleteTagging(ctx, "doc.txt", &cos.ObjectTaggingOptions{VersionID: v1.VersionID})
	require.NoError(t, err)
	old, _, err = c.Object.GetTagging(ctx, "doc.txt", &cos.ObjectTaggingOptions{VersionID: v1.VersionID})
	require.NoError(t, err)
	assert.Empty(t, old)
}
