package cos

import (
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// objServe answers GETs with body, its CRC64 and a 206 for a Range.
func objServe(body string) func(http.ResponseWriter, *http.Request, int) {
	return func(w http.ResponseWriter, r *http.Request, n int) {
		w.Header().Set(headerCRC64, strconv.FormatUint(CRC64([]byte(body)), 10))
		w.Header().Set("ETag", `"e1"`)
		if r.Header.Get("Range") == "bytes=0-3" {
			w.Header().Set("Content-Range", "bytes 0-3/"+strconv.Itoa(len(body)))
			w.WriteHeader(http.StatusPartialContent)
			_, _ = io.WriteString(w, body[:4])
			return
		}
		_, _ = io.WriteString(w, body)
	}
}

func TestGetRequestShape(t *testing.T) {
	t.Parallel()
	rec := newRecorder(t, objServe("hello world"))
	c := rec.client(t)
	since := time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC)
	opt := &ObjectGetOptions{
		Range: "bytes=0-3", IfMatch: `"e1"`, IfNoneMatch: `"e0"`,
		IfModifiedSince: since, IfUnmodifiedSince: since.Add(time.Hour),
		VersionID: "v 1", ResponseCacheControl: "no-cache", ResponseContentDisposition: "attachment; filename=a.txt",
		ResponseContentEncoding: "gzip", ResponseContentLanguage: "en", ResponseContentType: "text/plain",
		ResponseExpires: "Wed, 02 Jan 2030 03:04:05 GMT", TrafficLimit: 1 << 20,
	}
	resp, err := c.Object.Get(context.Background(), "dir/a b.txt", opt)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	assert.Equal(t, "hell", string(b))
	assert.Equal(t, http.StatusPartialContent, resp.StatusCode)

	r := rec.requests()[0]
	assert.True(t, r.SigOK)
	assert.Equal(t, http.MethodGet, r.Method)
	assert.Equal(t, "/"+testBucket+"/dir/a%20b.txt", r.RawPath)
	assert.Equal(t, "response-cache-control=no-cache&response-content-disposition=attachment%3B%20filename%3Da.txt"+
		"&response-content-encoding=gzip&response-content-language=en&response-content-type=text%2Fplain"+
		"&response-expires=Wed%2C%2002%20Jan%202030%2003%3A04%3A05%20GMT&versionId=v%201", r.RawQuery)
	for k, v := range map[string]string{
		"Range": "bytes=0-3", "If-Match": `"e1"`, "If-None-Match": `"e0"`,
		"If-Modified-Since": "Mon, 06 May 2024 07:08:09 GMT", "If-Unmodified-Since": "Mon, 06 May 2024 08:08:09 GMT",
		"x-cos-traffic-limit": "1048576", "Accept-Encoding": "identity",
	} {
		assert.Equal(t, v, r.Header.Get(k), k)
	}
}

func TestGetErrorsMapToSentinels(t *testing.T) {
	t.Parallel()
	rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request, n int) {
		switch r.URL.Path {
		case "/" + testBucket + "/304":
			w.WriteHeader(http.StatusNotModified)
		case "/" + testBucket + "/412":
			writeXML(w, 412, errorXML("PreconditionFailed", "no"))
		default:
			writeXML(w, 404, errorXML("NoSuchKey", "gone"))
		}
	})
	c := rec.client(t)
	ctx := context.Background()
	_, err := c.Object.Get(ctx, "304", &ObjectGetOptions{IfNoneMatch: `"x"`})
	require.ErrorIs(t, err, ErrNotModified)
	_, err = c.Object.Get(ctx, "412", &ObjectGetOptions{IfMatch: `"x"`})
	require.ErrorIs(t, err, ErrPreconditionFailed)
	resp, err := c.Object.Get(ctx, "404", nil)
	require.ErrorIs(t, err, ErrNotFound)
	assert.Equal(t, "NoSuchKey", ErrorCode(err))
	require.NotNil(t, resp)
	assert.Equal(t, "req-404", resp.RequestID)
}

func TestRangeValidation(t *testing.T) {
	t.Parallel()
	rec := newRecorder(t, objServe("x"))
	c := rec.client(t)
	good := []string{"bytes=0-99", "bytes=100-", "bytes=-100", "bytes=5-5"}
	for _, r := range good {
		_, _, err := parseByteRange("Range", r, false)
		assert.NoError(t, err, r)
	}
	bad := []string{"0-99", "bytes=", "bytes=-", "bytes=9-1", "bytes=a-b", "bytes=0-1,3-4", "bytes=-0", "bytes=+1-2", "items=0-1", "bytes=1"}
	for _, r := range bad {
		_, err := c.Object.Get(context.Background(), "a", &ObjectGetOptions{Range: r})
		require.ErrorIs(t, err, ErrInvalidArgument, r)
		assert.Contains(t, err.Error(), "Range")
	}
	_, _, err := parseByteRange("CopySourceRange", "bytes=5-", true)
	require.ErrorIs(t, err, ErrInvalidArgument)
	assert.Empty(t, rec.requests())
}

// objDirEntries lists the names in dir.
func objDirEntries(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	require.NoError(t, err)
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	return names
}

func TestGetToFile(t *testing.T) {
	t.Parallel()
	rec := newRecorder(t, objServe("hello world"))
	c := rec.client(t)
	dir := t.TempDir()
	dst := filepath.Join(dir, "out.txt")
	require.NoError(t, os.WriteFile(dst, []byte("old"), 0o600))
	_, err := c.Object.GetToFile(context.Background(), "a.txt", dst, nil)
	require.NoError(t, err)
	got, err := os.ReadFile(dst)
	require.NoError(t, err)
	assert.Equal(t, "hello world", string(got))
	assert.Equal(t, []string{"out.txt"}, objDirEntries(t, dir))

	// A 206 carries the whole object's CRC64, which must not be checked
	// against the range.
	part := filepath.Join(dir, "part.txt")
	resp, err := c.Object.GetToFile(context.Background(), "a.txt", part, &ObjectGetOptions{Range: "bytes=0-3"})
	require.NoError(t, err)
	assert.Equal(t, http.StatusPartialContent, resp.StatusCode)
	got, err = os.ReadFile(part)
	require.NoError(t, err)
	assert.Equal(t, "hell", string(got))
}

func TestGetToFileFailuresLeaveNothing(t *testing.T) {
	t.Parallel()
	rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request, n int) {
		switch r.URL.Path {
		case "/" + testBucket + "/badcrc":
			w.Header().Set(headerCRC64, "1")
			_, _ = io.WriteString(w, "hello world")
		case "/" + testBucket + "/truncated":
			w.Header().Set("Content-Length", "100")
			_, _ = io.WriteString(w, "only part of it")
			w.(http.Flusher).Flush()
			conn, _, err := w.(http.Hijacker).Hijack()
			if err == nil {
				conn.Close()
			}
		default:
			writeXML(w, 404, errorXML("NoSuchKey", "gone"))
		}
	})
	c := rec.client(t, WithRetryer(NoRetry))
	for _, tc := range []struct {
		key  string
		is   error
		prev bool
	}{
		{"badcrc", ErrChecksumMismatch, false},
		{"badcrc", ErrChecksumMismatch, true},
		{"truncated", io.ErrUnexpectedEOF, false},
		{"truncated", io.ErrUnexpectedEOF, true},
		{"missing", ErrNotFound, false},
		{"missing", ErrNotFound, true},
	} {
		dir := t.TempDir()
		dst := filepath.Join(dir, "dst")
		if tc.prev {
			require.NoError(t, os.WriteFile(dst, []byte("previous"), 0o600))
		}
		_, err := c.Object.GetToFile(context.Background(), tc.key, dst, nil)
		require.ErrorIs(t, err, tc.is, tc.key)
		if tc.prev {
			got, err := os.ReadFile(dst)
			require.NoError(t, err)
			assert.Equal(t, "previous", string(got), tc.key)
			assert.Equal(t, []string{"dst"}, objDirEntries(t, dir), tc.key)
		} else {
			assert.NoFileExists(t, dst, tc.key)
			assert.Empty(t, objDirEntries(t, dir), tc.key)
		}
	}
}

func TestGetToFileBadInput(t *testing.T) {
	t.Parallel()
	rec := newRecorder(t, nil)
	c := rec.client(t)
	dir := t.TempDir()
	_, err := c.Object.GetToFile(context.Background(), "a", "", nil)
	require.ErrorIs(t, err, ErrInvalidArgument)
	_, err = c.Object.GetToFile(context.Background(), "", filepath.Join(dir, "x"), nil)
	require.ErrorIs(t, err, ErrInvalidArgument)
	_, err = c.Object.GetToFile(context.Background(), "a", filepath.Join(dir, "x"), &ObjectGetOptions{Range: "bytes=2-1"})
	require.ErrorIs(t, err, ErrInvalidArgument)
	_, err = c.Object.GetToFile(context.Background(), "a", filepath.Join(dir, "no", "such", "dir"), nil)
	require.ErrorIs(t, err, os.ErrNotExist)
	assert.Empty(t, objDirEntries(t, dir))
	assert.Empty(t, rec.requests())
}

func TestHead(t *testing.T) {
	t.Parallel()
	rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request, n int) {
		h := w.Header()
		switch r.URL.Path {
		case "/" + testBucket + "/plain":
			h.Set("Content-Length", "5")
			h.Set("Content-Type", "text/plain")
		case "/" + testBucket + "/arch":
			h.Set("Content-Length", "11")
			h.Set("Content-Type", "application/octet-stream")
			h.Set("ETag", `"abc"`)
			h.Set("Last-Modified", "Wed, 29 May 2019 04:10:12 GMT")
			h.Set("x-cos-storage-class", "archive")
			h.Set("x-cos-version-id", "v9")
			h.Set("x-cos-meta-Author", "Zhang San")
			h.Set("x-cos-meta-x-y", "1")
			h.Set(headerCRC64, "15060521397700495958")
			h.Set("x-cos-restore", `ongoing-request="false", expiry-date="Thu, 05 Dec 2019 16:00:00 GMT"`)
			h.Set("Cache-Control", "no-cache")
			h.Set("Content-Disposition", "inline")
			h.Set("Content-Encoding", "gzip")
			h.Set("Content-Language", "en")
			h.Set("Expires", "0")
			h.Set("x-cos-object-type", "normal")
		default:
			w.WriteHeader(http.StatusNotFound)
		}
	})
	c := rec.client(t)
	ctx := context.Background()

	m, _, err := c.Object.Head(ctx, "plain", nil)
	require.NoError(t, err)
	assert.Equal(t, int64(5), m.ContentLength)
	assert.Equal(t, StorageStandard, m.StorageClass)
	assert.False(t, m.HasCRC64)
	assert.Nil(t, m.Restore)
	assert.Empty(t, m.Metadata)
	assert.True(t, m.IsReadable())

	m, _, err = c.Object.Head(ctx, "arch", &ObjectHeadOptions{VersionID: "v9", IfMatch: `"abc"`})
	require.NoError(t, err)
	assert.Equal(t, int64(11), m.ContentLength)
	assert.Equal(t, "abc", m.ETag)
	assert.Equal(t, time.Date(2019, 5, 29, 4, 10, 12, 0, time.UTC), m.LastModified.UTC())
	assert.Equal(t, StorageArchive, m.StorageClass)
	assert.Equal(t, "v9", m.VersionID)
	assert.Equal(t, map[string]string{"author": "Zhang San", "x-y": "1"}, m.Metadata)
	assert.True(t, m.HasCRC64)
	assert.Equal(t, uint64(15060521397700495958), m.CRC64)
	require.NotNil(t, m.Restore)
	assert.False(t, m.Restore.Ongoing)
	assert.Equal(t, time.Date(2019, 12, 5, 16, 0, 0, 0, time.UTC), m.Restore.ExpiryDate.UTC())
	assert.True(t, m.IsArchived())
	assert.True(t, m.IsReadable())
	assert.Equal(t, "no-cache", m.CacheControl)
	assert.Equal(t, "inline", m.ContentDisposition)
	assert.Equal(t, "gzip", m.ContentEncoding)
	assert.Equal(t, "en", m.ContentLanguage)
	assert.Equal(t, "0", m.Expires)
	assert.Equal(t, "normal", m.ObjectType)

	reqs := rec.requests()
	assert.Equal(t, http.MethodHead, reqs[1].Method)
	assert.Equal(t, "versionId=v9", reqs[1].RawQuery)
	assert.Equal(t, `"abc"`, reqs[1].Header.Get("If-Match"))

	_, resp, err := c.Object.Head(ctx, "missing", nil)
	require.ErrorIs(t, err, ErrNotFound)
	assert.Equal(t, 404, resp.StatusCode)

	ok, err := c.Object.Exists(ctx, "plain")
	require.NoError(t, err)
	assert.True(t, ok)
	ok, err = c.Object.Exists(ctx, "missing")
	require.NoError(t, err)
	assert.False(t, ok)
	_, err = c.Object.Exists(ctx, "")
	require.ErrorIs(t, err, ErrInvalidArgument)
}

func TestParseRestoreHeader(t *testing.T) {
	t.Parallel()
	st := parseRestoreHeader(`ongoing-request="true"`)
	assert.True(t, st.Ongoing)
	assert.True(t, st.ExpiryDate.IsZero())
	st = parseRestoreHeader(`ongoing-request="false", expiry-date="Thu, 05 Dec 2019 16:00:00 GMT"`)
	assert.False(t, st.Ongoing)
	assert.Equal(t, 2019, st.ExpiryDate.Year())
	st = parseRestoreHeader(`ongoing-request=false,expiry-date=garbage`)
	assert.False(t, st.Ongoing)
	assert.True(t, st.ExpiryDate.IsZero())
	st = parseRestoreHeader(`ongoing-request="tru`)
	assert.False(t, st.Ongoing)
	m := &ObjectMeta{StorageClass: StorageDeepArchive, Restore: &RestoreStatus{Ongoing: true}}
	assert.False(t, m.IsReadable())
}

func FuzzParseByteRange(f *testing.F) {
	for _, s := range []string{"bytes=0-99", "bytes=100-", "bytes=-100", "bytes=9-1", "bytes=0-1,2-3", "bytes=", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		first, last, err := parseByteRange("Range", s, false)
		if err != nil {
			require.ErrorIs(t, err, ErrInvalidArgument)
			return
		}
		require.True(t, first >= 0 || last > 0, "%q names bytes", s)
		if first >= 0 && last >= 0 {
			require.LessOrEqual(t, first, last, s)
		}
		parseRestoreHeader(s) // never panics on odd input either
	})
}
