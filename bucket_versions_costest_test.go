package cos_test

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/cosgo/cos"
	"github.com/cosgo/cos/costest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// versionedFake starts costest with a versioning-enabled bucket.
func versionedFake(t *testing.T) (*costest.Server, *cos.Client) {
	t.Helper()
	srv, c := bktFake(t, "")
	c = c.ForBucket("versions-" + srv.AppID())
	ctx := context.Background()
	_, err := c.Bucket.Create(ctx, nil)
	require.NoError(t, err)
	_, err = c.Bucket.PutVersioning(ctx, &cos.VersioningConfiguration{Status: cos.VersioningEnabled})
	require.NoError(t, err)
	return srv, c
}

func getBody(t *testing.T, c *cos.Client, key, versionID string) (string, *cos.Response) {
	t.Helper()
	resp, err := c.Object.Get(context.Background(), key, &cos.ObjectGetOptions{VersionID: versionID})
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return string(b), resp
}

type versionRow struct {
	id             string
	latest, marker bool
}

func history(t *testing.T, c *cos.Client, key string) []versionRow {
	t.Helper()
	var rows []versionRow
	for v, err := range c.Bucket.ObjectVersions(context.Background(), &cos.ListObjectVersionsOptions{Prefix: key}) {
		require.NoError(t, err)
		rows = append(rows, versionRow{v.VersionID, v.IsLatest, v.IsDeleteMarker})
	}
	return rows
}

// TestCostestVersionedKeyHistory takes one key through put, overwrite,
// delete and restore-by-copy, checking every version ID the calls return
// and the history the listing shows.
func TestCostestVersionedKeyHistory(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	_, c := versionedFake(t)
	const key = "docs/report.txt"

	p1, _, err := c.Object.Put(ctx, key, strings.NewReader("first draft"), nil)
	require.NoError(t, err)
	p2, _, err := c.Object.Put(ctx, key, strings.NewReader("second draft"), nil)
	require.NoError(t, err)
	require.NotEmpty(t, p1.VersionID)
	require.NotEqual(t, p1.VersionID, p2.VersionID)
	body, resp := getBody(t, c, key, "")
	assert.Equal(t, "second draft", body)
	assert.Equal(t, p2.VersionID, resp.VersionID)
	body, _ = getBody(t, c, key, p1.VersionID)
	assert.Equal(t, "first draft", body)
	meta, _, err := c.Object.Head(ctx, key, &cos.ObjectHeadOptions{VersionID: p1.VersionID})
	require.NoError(t, err)
	assert.Equal(t, p1.VersionID, meta.VersionID)
	assert.Equal(t, int64(len("first draft")), meta.ContentLength)

	del, err := c.Object.Delete(ctx, key, nil)
	require.NoError(t, err)
	assert.True(t, del.DeleteMarker, "a plain delete adds a marker")
	require.NotEmpty(t, del.VersionID)
	_, err = c.Object.Get(ctx, key, nil)
	require.ErrorIs(t, err, cos.ErrNotFound)
	assert.True(t, cos.IsDeleteMarker(err))
	_, _, err = c.Object.Head(ctx, key, nil)
	assert.True(t, cos.IsDeleteMarker(err), "HEAD says so too")
	ok, err := c.Object.Exists(ctx, key)
	require.NoError(t, err)
	assert.False(t, ok)
	_, err = c.Object.Get(ctx, "never-written", nil)
	assert.False(t, cos.IsDeleteMarker(err), "a key without history is a plain 404")
	assert.Equal(t, []versionRow{{del.VersionID, true, true}, {p2.VersionID, false, false}, {p1.VersionID, false, false}}, history(t, c, key))

	// Restore the first draft by copying that version over the key.
	cp, _, err := c.Object.Copy(ctx, key, cos.CopySource{Key: key, VersionID: p1.VersionID}, nil)
	require.NoError(t, err)
	require.NotEmpty(t, cp.VersionID)
	body, resp = getBody(t, c, key, "")
	assert.Equal(t, "first draft", body)
	assert.Equal(t, cp.VersionID, resp.VersionID)
	assert.Equal(t, []versionRow{{cp.VersionID, true, false}, {del.VersionID, false, true}, {p2.VersionID, false, false}, {p1.VersionID, false, false}},
		history(t, c, key))

	// Removing versions for good: the marker, then the restored copy.
	rm, err := c.Object.Delete(ctx, key, &cos.ObjectDeleteOptions{VersionID: del.VersionID})
	require.NoError(t, err)
	assert.True(t, rm.DeleteMarker, "the removed version was a delete marker")
	assert.Equal(t, del.VersionID, rm.VersionID)
	rm, err = c.Object.Delete(ctx, key, &cos.ObjectDeleteOptions{VersionID: cp.VersionID})
	require.NoError(t, err)
	assert.False(t, rm.DeleteMarker)
	body, _ = getBody(t, c, key, "")
	assert.Equal(t, "second draft", body, "the newest remaining version is current")
	_, err = c.Object.Get(ctx, key, &cos.ObjectGetOptions{VersionID: cp.VersionID})
	assert.Equal(t, "NoSuchVersion", cos.ErrorCode(err))
}

// TestCostestVersionIDsOnOtherCalls covers the version parameter of ACL,
// Restore and Delete Multiple, and Complete's version ID.
func TestCostestVersionIDsOnOtherCalls(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	_, c := versionedFake(t)
	old, _, err := c.Object.Put(ctx, "k", strings.NewReader("old"), &cos.ObjectPutOptions{StorageClass: cos.StorageArchive})
	require.NoError(t, err)
	_, _, err = c.Object.Put(ctx, "k", strings.NewReader("new"), nil)
	require.NoError(t, err)

	_, err = c.Object.PutACL(ctx, "k", &cos.ACLOptions{ACLHeaders: cos.ACLHeaders{ACL: cos.ACLPublicRead}, VersionID: old.VersionID})
	require.NoError(t, err)
	acl, _, err := c.Object.GetVersionACL(ctx, "k", old.VersionID)
	require.NoError(t, err)
	assert.Equal(t, cos.ACLPublicRead, acl.CannedACL())
	acl, _, err = c.Object.GetACL(ctx, "k")
	require.NoError(t, err)
	assert.Equal(t, cos.ACLPrivate, acl.CannedACL(), "the current version's ACL is its own")

	_, err = c.Object.Restore(ctx, "k", &cos.RestoreOptions{Days: 1})
	assert.Equal(t, "RestoreNonArchiveObject", cos.ErrorCode(err), "the current version is not archived")
	_, err = c.Object.Restore(ctx, "k", &cos.RestoreOptions{Days: 1, VersionID: old.VersionID})
	require.NoError(t, err, "the old version is")

	up, _, err := c.Object.InitiateMultipartUpload(ctx, "mp", nil)
	require.NoError(t, err)
	part, _, err := c.Object.UploadPart(ctx, "mp", up.UploadID, 1, strings.NewReader("part"), nil)
	require.NoError(t, err)
	done, _, err := c.Object.CompleteMultipartUpload(ctx, "mp", up.UploadID, []cos.CompletedPart{{PartNumber: 1, ETag: part.ETag}}, nil)
	require.NoError(t, err)
	require.NotEmpty(t, done.VersionID)

	res, _, err := c.Object.DeleteMulti(ctx, &cos.DeleteMultiOptions{Objects: []cos.ObjectIdentifier{
		{Key: "k", VersionID: old.VersionID}, {Key: "mp"},
	}})
	require.NoError(t, err)
	require.Empty(t, res.Errors)
	require.Len(t, res.Deleted, 2)
	assert.Equal(t, cos.DeletedObject{Key: "k", VersionID: old.VersionID}, res.Deleted[0])
	assert.True(t, res.Deleted[1].DeleteMarker)
	assert.NotEmpty(t, res.Deleted[1].DeleteMarkerVersionID)
	var ids []string
	for v, err := range c.Bucket.ObjectVersions(ctx, nil) {
		require.NoError(t, err)
		ids = append(ids, v.Key+"@"+v.VersionID)
	}
	assert.Equal(t, []string{"k@" + historyID(t, c, "k"), "mp@" + res.Deleted[1].DeleteMarkerVersionID, "mp@" + done.VersionID}, ids)
}

// historyID is the latest version ID of key.
func historyID(t *testing.T, c *cos.Client, key string) string {
	t.Helper()
	h := history(t, c, key)
	require.NotEmpty(t, h)
	return h[0].id
}

// TestCostestObjectVersionsPages lists a bucket whose versions span pages
// and folders: the iterator over small pages sees exactly what one large
// page holds, and common prefixes come on the pages.
func TestCostestObjectVersionsPages(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	_, c := versionedFake(t)
	for i, key := range []string{"a.txt", "b c+d.txt", "dir/x", "dir/y", "报告.txt", "z"} {
		for n := range i%3 + 1 {
			_, _, err := c.Object.Put(ctx, key, strings.NewReader(strings.Repeat("v", n)), nil)
			require.NoError(t, err)
		}
		if i%2 == 0 {
			_, err := c.Object.Delete(ctx, key, nil)
			require.NoError(t, err)
		}
	}
	page, _, err := c.Bucket.ListObjectVersions(ctx, nil)
	require.NoError(t, err)
	require.False(t, page.IsTruncated)
	var small []cos.ObjectVersion
	for v, err := range c.Bucket.ObjectVersions(ctx, &cos.ListObjectVersionsOptions{MaxKeys: 2}) {
		require.NoError(t, err)
		small = append(small, v)
	}
	assert.Equal(t, page.Versions, small)
	assert.Len(t, small, 15)

	top, _, err := c.Bucket.ListObjectVersions(ctx, &cos.ListObjectVersionsOptions{Delimiter: "/"})
	require.NoError(t, err)
	assert.Equal(t, []string{"dir/"}, top.CommonPrefixes)
	for _, v := range top.Versions {
		assert.False(t, strings.HasPrefix(v.Key, "dir/"), v.Key)
	}
	_, _, err = c.ForBucket("missing-"+"1250000000").Bucket.ListObjectVersions(ctx, nil)
	assert.True(t, errors.Is(err, cos.ErrNotFound))
}
