package cos_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cosgo/cos"
	"github.com/cosgo/cos/costest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const e2eBucket = "examplebucket-1250000000"

// e2e starts a costest server with one bucket and a client for it.
func e2e(t *testing.T, opts ...costest.Option) (*costest.Server, *cos.Client) {
	t.Helper()
	srv := costest.NewServer(opts...)
	t.Cleanup(srv.Close)
	require.NoError(t, srv.CreateBucket(e2eBucket))
	id, key := srv.Credentials()
	c, err := cos.NewClient(cos.WithEndpoint(srv.URL), cos.WithBucket(e2eBucket), cos.WithRegion(srv.Region()),
		cos.WithStaticCredentials(id, key, ""),
		cos.WithRetryer(&cos.StandardRetryer{Attempts: 3, BaseDelay: time.Millisecond, MaxBackoff: 5 * time.Millisecond}))
	require.NoError(t, err)
	return srv, c
}

func e2eRead(t *testing.T, c *cos.Client, key string) string {
	t.Helper()
	resp, err := c.Object.Get(context.Background(), key, nil)
	require.NoError(t, err, key)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return string(b)
}

func TestE2EPutGetHeadDelete(t *testing.T) {
	t.Parallel()
	srv, c := e2e(t)
	ctx := context.Background()
	keys := []string{"docs/a.txt", "dir/with space+plus.txt", "年度/报告 #1?.txt", "100%/x", "/leading", "a//b"}
	for _, key := range keys {
		body := "content of " + key
		res, _, err := c.Object.Put(ctx, key, strings.NewReader(body), &cos.ObjectPutOptions{
			Metadata: map[string]string{"Author": "Zhang San", "x-n": "1"}, CacheControl: "no-cache",
			StorageClass: cos.StorageStandardIA,
		})
		require.NoError(t, err, key)
		assert.Equal(t, cos.CRC64([]byte(body)), res.CRC64, key)
		assert.NotEmpty(t, res.ETag, key)

		stored, ok := srv.Object(e2eBucket, key)
		require.True(t, ok, "costest stored exactly the key %q", key)
		assert.Equal(t, body, string(stored))
		assert.Equal(t, body, e2eRead(t, c, key))

		m, _, err := c.Object.Head(ctx, key, nil)
		require.NoError(t, err, key)
		assert.Equal(t, int64(len(body)), m.ContentLength)
		wantType := "application/octet-stream"
		if strings.HasSuffix(key, ".txt") {
			wantType = "text/plain; charset=utf-8"
		}
		assert.Equal(t, wantType, m.ContentType, key)
		assert.Equal(t, map[string]string{"author": "Zhang San", "x-n": "1"}, m.Metadata)
		assert.Equal(t, "no-cache", m.CacheControl)
		assert.Equal(t, cos.StorageStandardIA, m.StorageClass)
		assert.True(t, m.HasCRC64)
		assert.Equal(t, res.CRC64, m.CRC64)
		assert.Equal(t, res.ETag, m.ETag)
	}
	assert.ElementsMatch(t, keys, srv.ObjectKeys(e2eBucket))

	resp, err := c.Object.Get(ctx, "docs/a.txt", &cos.ObjectGetOptions{Range: "bytes=0-6"})
	require.NoError(t, err)
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Equal(t, http.StatusPartialContent, resp.StatusCode)
	assert.Equal(t, "content", string(b))

	m, _, err := c.Object.Head(ctx, "docs/a.txt", nil)
	require.NoError(t, err)
	_, err = c.Object.Get(ctx, "docs/a.txt", &cos.ObjectGetOptions{IfNoneMatch: `"` + m.ETag + `"`})
	require.ErrorIs(t, err, cos.ErrNotModified)
	_, err = c.Object.Get(ctx, "docs/a.txt", &cos.ObjectGetOptions{IfMatch: `"nope"`})
	require.ErrorIs(t, err, cos.ErrPreconditionFailed)

	for _, key := range keys {
		_, err := c.Object.Delete(ctx, key, nil)
		require.NoError(t, err, key)
		ok, err := c.Object.Exists(ctx, key)
		require.NoError(t, err)
		assert.False(t, ok, key)
	}
	_, err = c.Object.Get(ctx, "docs/a.txt", nil)
	require.ErrorIs(t, err, cos.ErrNotFound)
	assert.Equal(t, "NoSuchKey", cos.ErrorCode(err))
	_, err = c.Object.Delete(ctx, "docs/a.txt", nil)
	require.NoError(t, err, "deleting a missing key succeeds")
}

func TestE2EPutFileAndGetToFile(t *testing.T) {
	t.Parallel()
	srv, c := e2e(t)
	ctx := context.Background()
	dir := t.TempDir()
	src := filepath.Join(dir, "src.bin")
	data := bytes.Repeat([]byte("0123456789abcdef"), 200_000) // 3.2 MB
	require.NoError(t, os.WriteFile(src, data, 0o600))
	_, _, err := c.Object.PutFile(ctx, "big.bin", src, nil)
	require.NoError(t, err)

	dst := filepath.Join(dir, "dst.bin")
	_, err = c.Object.GetToFile(ctx, "big.bin", dst, nil)
	require.NoError(t, err)
	got, err := os.ReadFile(dst)
	require.NoError(t, err)
	assert.True(t, bytes.Equal(data, got))

	// A body cut midway leaves neither a destination nor a temp file.
	rule := srv.Inject(costest.Fault{Kind: costest.FaultTruncate, Op: costest.OpGetObject, Bytes: 1000, Times: -1})
	defer rule.Remove()
	dst2 := filepath.Join(dir, "cut.bin")
	_, err = c.Object.GetToFile(ctx, "big.bin", dst2, nil)
	require.Error(t, err)
	assert.NoFileExists(t, dst2)
	ents, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, ents, 2, "only src.bin and dst.bin")

	// The old destination survives a failed download.
	_, err = c.Object.GetToFile(ctx, "big.bin", dst, nil)
	require.Error(t, err)
	got, err = os.ReadFile(dst)
	require.NoError(t, err)
	assert.True(t, bytes.Equal(data, got))
}

func TestE2EDeleteMulti(t *testing.T) {
	t.Parallel()
	srv, c := e2e(t)
	ctx := context.Background()
	for _, k := range []string{"m/1", "m/2", "m/3 x"} {
		_, _, err := c.Object.Put(ctx, k, strings.NewReader(k), nil)
		require.NoError(t, err)
	}
	res, _, err := c.Object.DeleteMulti(ctx, &cos.DeleteMultiOptions{Objects: []cos.ObjectIdentifier{{Key: "m/1"}, {Key: "m/3 x"}, {Key: "m/missing"}}})
	require.NoError(t, err)
	var deleted []string
	for _, d := range res.Deleted {
		deleted = append(deleted, d.Key)
	}
	assert.ElementsMatch(t, []string{"m/1", "m/3 x", "m/missing"}, deleted)
	assert.Empty(t, res.Errors)
	assert.Equal(t, []string{"m/2"}, srv.ObjectKeys(e2eBucket))

	res, _, err = c.Object.DeleteMulti(ctx, &cos.DeleteMultiOptions{Objects: []cos.ObjectIdentifier{{Key: "m/2"}}, Quiet: true})
	require.NoError(t, err)
	assert.Empty(t, res.Deleted)
	assert.Empty(t, srv.ObjectKeys(e2eBucket))
}

func TestE2ECopy(t *testing.T) {
	t.Parallel()
	srv, c := e2e(t)
	ctx := context.Background()
	_, _, err := c.Object.Put(ctx, "src/年度 a.txt", strings.NewReader("copy me"), &cos.ObjectPutOptions{
		Metadata: map[string]string{"keep": "yes"}, ContentType: "text/x-src",
	})
	require.NoError(t, err)
	src := cos.CopySource{Key: "src/年度 a.txt"}

	res, _, err := c.Object.Copy(ctx, "dst/kept.txt", src, nil)
	require.NoError(t, err)
	assert.NotEmpty(t, res.ETag)
	assert.Equal(t, "copy me", e2eRead(t, c, "dst/kept.txt"))
	m, _, err := c.Object.Head(ctx, "dst/kept.txt", nil)
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"keep": "yes"}, m.Metadata)
	assert.Equal(t, "text/x-src", m.ContentType)
	assert.Equal(t, cos.CRC64([]byte("copy me")), m.CRC64)

	_, _, err = c.Object.Copy(ctx, "dst/replaced.txt", src, &cos.ObjectCopyOptions{
		MetadataDirective: cos.MetadataDirectiveReplaced, Metadata: map[string]string{"new": "1"}, ContentType: "text/x-new",
	})
	require.NoError(t, err)
	m, _, err = c.Object.Head(ctx, "dst/replaced.txt", nil)
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"new": "1"}, m.Metadata)
	assert.Equal(t, "text/x-new", m.ContentType)

	// A client without a region (path-style on costest) copies too.
	id, secret := srv.Credentials()
	noRegion, err := cos.NewClient(cos.WithEndpoint(srv.URL), cos.WithBucket(e2eBucket), cos.WithStaticCredentials(id, secret, ""))
	require.NoError(t, err)
	_, _, err = noRegion.Object.Copy(ctx, "dst/no-region.txt", src, nil)
	require.NoError(t, err)
	assert.Equal(t, "copy me", e2eRead(t, c, "dst/no-region.txt"))

	_, _, err = c.Object.Copy(ctx, "dst/x", cos.CopySource{Key: "src/missing"}, nil)
	require.ErrorIs(t, err, cos.ErrNotFound)
	_, _, err = c.Object.Copy(ctx, "dst/x", src, &cos.ObjectCopyOptions{CopySourceIfMatch: `"other"`})
	require.ErrorIs(t, err, cos.ErrPreconditionFailed)
}

func TestE2ERestore(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	now := time.Now()
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	srv, c := e2e(t, costest.WithClock(clock))
	ctx := context.Background()
	_, _, err := c.Object.Put(ctx, "cold.bin", strings.NewReader("frozen"), &cos.ObjectPutOptions{StorageClass: cos.StorageArchive})
	require.NoError(t, err)
	_, err = c.Object.Get(ctx, "cold.bin", nil)
	require.ErrorIs(t, err, cos.ErrAccessDenied)
	assert.Equal(t, "InvalidObjectState", cos.ErrorCode(err))

	resp, err := c.Object.Restore(ctx, "cold.bin", &cos.RestoreOptions{Days: 1, Tier: cos.TierExpedited})
	require.NoError(t, err)
	assert.Equal(t, http.StatusAccepted, resp.StatusCode)
	_, err = c.Object.Restore(ctx, "cold.bin", &cos.RestoreOptions{Days: 1, Tier: cos.TierExpedited})
	require.ErrorIs(t, err, cos.ErrConflict)
	assert.Equal(t, "RestoreAlreadyInProgress", cos.ErrorCode(err))

	m, _, err := c.Object.Head(ctx, "cold.bin", nil)
	require.NoError(t, err)
	require.NotNil(t, m.Restore)
	assert.True(t, m.Restore.Ongoing)
	assert.False(t, m.IsReadable())

	mu.Lock()
	now = now.Add(2 * time.Minute)
	mu.Unlock()
	m, _, err = c.Object.Head(ctx, "cold.bin", nil)
	require.NoError(t, err)
	require.NotNil(t, m.Restore)
	assert.False(t, m.Restore.Ongoing)
	assert.True(t, m.Restore.ExpiryDate.After(now))
	assert.True(t, m.IsReadable())
	assert.Equal(t, "frozen", e2eRead(t, c, "cold.bin"))

	_, _, err = c.Object.Put(ctx, "warm.bin", strings.NewReader("x"), nil)
	require.NoError(t, err)
	_, err = c.Object.Restore(ctx, "warm.bin", &cos.RestoreOptions{Days: 1})
	var se *cos.ServiceError
	require.ErrorAs(t, err, &se)
	assert.Equal(t, "RestoreNonArchiveObject", se.Code)
	_ = srv
}

func TestE2EObjectACL(t *testing.T) {
	t.Parallel()
	srv, c := e2e(t)
	ctx := context.Background()
	_, _, err := c.Object.Put(ctx, "pub.txt", strings.NewReader("public"), nil)
	require.NoError(t, err)
	acl, _, err := c.Object.GetACL(ctx, "pub.txt")
	require.NoError(t, err)
	assert.Equal(t, cos.ACLPrivate, acl.CannedACL())

	_, err = c.Object.PutACL(ctx, "pub.txt", &cos.ACLOptions{ACLHeaders: cos.ACLHeaders{ACL: cos.ACLPublicRead}})
	require.NoError(t, err)
	acl, _, err = c.Object.GetACL(ctx, "pub.txt")
	require.NoError(t, err)
	assert.Equal(t, cos.ACLPublicRead, acl.CannedACL())

	// Anyone may now read it without signing.
	resp, err := http.Get(srv.URL + "/" + e2eBucket + "/pub.txt")
	require.NoError(t, err)
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "public", string(b))

	acl.AccessControlList = acl.AccessControlList[:0]
	_, err = c.Object.PutACL(ctx, "pub.txt", &cos.ACLOptions{AccessControlPolicy: acl})
	require.NoError(t, err)
	acl, _, err = c.Object.GetACL(ctx, "pub.txt")
	require.NoError(t, err)
	assert.Equal(t, cos.ACLPrivate, acl.CannedACL())

	_, _, err = c.Object.GetACL(ctx, "missing")
	require.ErrorIs(t, err, cos.ErrNotFound)
}

func TestE2EPresignedURLs(t *testing.T) {
	t.Parallel()
	srv, c := e2e(t, costest.WithTemporaryCredentials("AKIDtemp", "tempSecret", "session-token/1", time.Time{}))
	ctx := context.Background()
	_, _, err := c.Object.Put(ctx, "dl/年度 report.txt", strings.NewReader("download me"), nil)
	require.NoError(t, err)

	u, err := c.Object.PresignURL(ctx, http.MethodGet, "dl/年度 report.txt", time.Minute, &cos.PresignOptions{
		Query: map[string][]string{"response-content-type": {"application/x-test"}},
	})
	require.NoError(t, err)
	resp, err := http.Get(u.String())
	require.NoError(t, err)
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode, string(b))
	assert.Equal(t, "download me", string(b))
	assert.Equal(t, "application/x-test", resp.Header.Get("Content-Type"))

	// A presigned PUT with a signed Content-Type.
	hdr := http.Header{"Content-Type": {"text/plain"}}
	u, err = c.Object.PresignURL(ctx, http.MethodPut, "up/by-url.txt", 0, &cos.PresignOptions{Header: hdr})
	require.NoError(t, err)
	req, err := http.NewRequest(http.MethodPut, u.String(), strings.NewReader("uploaded"))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "text/plain")
	resp, err = http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	got, ok := srv.Object(e2eBucket, "up/by-url.txt")
	require.True(t, ok)
	assert.Equal(t, "uploaded", string(got))

	// Temporary credentials: the token rides in the signed query.
	tmp, err := cos.NewClient(cos.WithEndpoint(srv.URL), cos.WithBucket(e2eBucket),
		cos.WithStaticCredentials("AKIDtemp", "tempSecret", "session-token/1"))
	require.NoError(t, err)
	u, err = tmp.Object.PresignURL(ctx, http.MethodGet, "up/by-url.txt", 0, nil)
	require.NoError(t, err)
	assert.Contains(t, u.RawQuery, "x-cos-security-token=session-token%2F1")
	resp, err = http.Get(u.String())
	require.NoError(t, err)
	b, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode, string(b))
	assert.Equal(t, "uploaded", string(b))

	// The method is part of the signature.
	req, err = http.NewRequest(http.MethodDelete, u.String(), nil)
	require.NoError(t, err)
	resp, err = http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusForbidden, resp.StatusCode)

	// Client.Authorization signs a request sent by hand.
	auth, err := c.Authorization(ctx, http.MethodGet, "up/by-url.txt", 0, nil, nil)
	require.NoError(t, err)
	req, err = http.NewRequest(http.MethodGet, srv.URL+"/"+e2eBucket+"/up/by-url.txt", nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", auth)
	resp, err = http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
}

func TestE2EErrorsCarryRequestIDs(t *testing.T) {
	t.Parallel()
	_, c := e2e(t)
	_, resp, err := c.Object.Head(context.Background(), "nope", nil)
	require.ErrorIs(t, err, cos.ErrNotFound)
	var se *cos.ServiceError
	require.True(t, errors.As(err, &se))
	assert.NotEmpty(t, resp.RequestID)
}
