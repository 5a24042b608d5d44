package costest_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type copyResultDoc struct {
	ETag, LastModified, CRC64 string
}

func TestCopyObject(t *testing.T) {
	t.Parallel()
	fc := newFakeClock()
	e := newClockEnv(t, fc).withBucket()
	e.put("src/腾讯 a+b.txt", []byte("hello"), map[string]string{"Content-Type": "text/plain", "x-cos-meta-peer": "src"})
	srcHost := testBucket + ".cos.ap-guangzhou.myqcloud.com/"
	enc := "src/%E8%85%BE%E8%AE%AF%20a%2Bb.txt"
	for _, src := range []string{
		srcHost + enc,
		"/" + srcHost + enc,
		srcHost + "src/腾讯 a+b.txt",        // Node sends the key raw
		srcHost + enc + "?versionId=null", // the null version of a never-versioned bucket
		"/" + testBucket + "/" + enc,
	} {
		r := e.do(call{Method: http.MethodPut, Bucket: testBucket, Key: "copy/dst.txt",
			Header: map[string]string{"x-cos-copy-source": src}})
		require.Equal(t, 200, r.Status, "%s: %s", src, r.Body)
		doc := decode[copyResultDoc](t, r)
		assert.Equal(t, `"5d41402abc4b2a76b9719d911017c592"`, doc.ETag)
		assert.Equal(t, "11177612005948864433", doc.CRC64)
		assert.Equal(t, "11177612005948864433", r.Header.Get("x-cos-hash-crc64ecma"))
		_, err := time.Parse(time.RFC3339, doc.LastModified)
		assert.NoError(t, err)
	}
	r := e.do(call{Method: http.MethodHead, Bucket: testBucket, Key: "copy/dst.txt"})
	assert.Equal(t, "text/plain", r.Header.Get("Content-Type"), "directive Copy keeps metadata")
	assert.Equal(t, "src", r.Header.Get("x-cos-meta-peer"))

	// Replaced takes metadata from the request.
	r = e.do(call{Method: http.MethodPut, Bucket: testBucket, Key: "copy/replaced.txt", Header: map[string]string{
		"x-cos-copy-source": srcHost + enc, "x-cos-metadata-directive": "Replaced",
		"Content-Type": "application/json", "x-cos-meta-peer": "new", "x-cos-storage-class": "ARCHIVE"}})
	require.Equal(t, 200, r.Status, string(r.Body))
	r = e.do(call{Method: http.MethodHead, Bucket: testBucket, Key: "copy/replaced.txt"})
	assert.Equal(t, "application/json", r.Header.Get("Content-Type"))
	assert.Equal(t, "new", r.Header.Get("x-cos-meta-peer"))
	assert.Equal(t, "ARCHIVE", r.Header.Get("x-cos-storage-class"))
	got, _ := e.srv.Object(testBucket, "copy/replaced.txt")
	assert.Equal(t, "hello", string(got))

	past := fc.Now().Add(-time.Hour).Format(http.TimeFormat)
	future := fc.Now().Add(time.Hour).Format(http.TimeFormat)
	etag := `"5d41402abc4b2a76b9719d911017c592"`
	for _, tt := range []struct {
		name   string
		hdr    map[string]string
		status int
		code   string
	}{
		{"if-match ok", map[string]string{"x-cos-copy-source-If-Match": etag}, 200, ""},
		{"if-match fails", map[string]string{"x-cos-copy-source-If-Match": `"x"`}, 412, "PreconditionFailed"},
		{"if-none-match fails", map[string]string{"x-cos-copy-source-If-None-Match": etag}, 412, "PreconditionFailed"},
		{"if-modified-since fails", map[string]string{"x-cos-copy-source-If-Modified-Since": future}, 412, "PreconditionFailed"},
		{"if-unmodified-since fails", map[string]string{"x-cos-copy-source-If-Unmodified-Since": past}, 412, "PreconditionFailed"},
		{"missing source", map[string]string{"x-cos-copy-source": srcHost + "nope"}, 404, "NoSuchKey"},
		{"missing source bucket", map[string]string{"x-cos-copy-source": "nope-1250000000.cos.ap-guangzhou.myqcloud.com/k"}, 404, "NoSuchBucket"},
		{"malformed source", map[string]string{"x-cos-copy-source": "no-slash"}, 400, "InvalidCopySource"},
		{"bad directive", map[string]string{"x-cos-metadata-directive": "Merge"}, 400, "InvalidArgument"},
	} {
		hdr := map[string]string{"x-cos-copy-source": srcHost + enc}
		for k, v := range tt.hdr {
			hdr[k] = v
		}
		r := e.do(call{Method: http.MethodPut, Bucket: testBucket, Key: "copy/cond.txt", Header: hdr})
		assert.Equal(t, tt.status, r.Status, "%s: %s", tt.name, r.Body)
		assert.Equal(t, tt.code, r.errCode(), tt.name)
	}

	// Onto itself: refused with Copy, allowed with Replaced.
	self := map[string]string{"x-cos-copy-source": srcHost + enc}
	r = e.do(call{Method: http.MethodPut, Bucket: testBucket, Key: "src/腾讯 a+b.txt", Header: self})
	assert.Equal(t, 400, r.Status)
	assert.Equal(t, "InvalidRequest", r.errCode())
	self["x-cos-metadata-directive"] = "Replaced"
	r = e.do(call{Method: http.MethodPut, Bucket: testBucket, Key: "src/腾讯 a+b.txt", Header: self})
	assert.Equal(t, 200, r.Status, string(r.Body))
}

func TestUploadPartCopy(t *testing.T) {
	t.Parallel()
	e := newEnv(t).withBucket()
	src := make([]byte, 1<<20+10)
	for i := range src {
		src[i] = byte(i * 7)
	}
	require.NoError(t, e.srv.PutObject(testBucket, "src.bin", src, nil))
	source := testBucket + ".cos.ap-guangzhou.myqcloud.com/src.bin"
	id := e.initiate("dst.bin", nil)
	copyPart := func(n, rng string) result {
		h := map[string]string{"x-cos-copy-source": source}
		if rng != "" {
			h["x-cos-copy-source-range"] = rng
		}
		return e.do(call{Method: http.MethodPut, Bucket: testBucket, Key: "dst.bin", Query: "partNumber=" + n + "&uploadId=" + id, Header: h})
	}
	r := copyPart("1", "bytes=0-1048575")
	require.Equal(t, 200, r.Status, string(r.Body))
	p1 := decode[copyResultDoc](t, r)
	assert.Equal(t, md5hex(src[:1<<20]), p1.ETag)
	assert.Equal(t, crcOf(src[:1<<20]), r.Header.Get("x-cos-hash-crc64ecma"))
	r = copyPart("2", "bytes=1048576-1048585")
	require.Equal(t, 200, r.Status)
	p2 := decode[copyResultDoc](t, r)

	for _, bad := range []string{"bytes=0-1048586", "bytes=5-4", "bytes=-5", "0-4"} {
		r = copyPart("3", bad)
		assert.Equal(t, 400, r.Status, bad)
		assert.Equal(t, "InvalidArgument", r.errCode(), bad)
	}
	r = copyPart("3", "") // whole object
	require.Equal(t, 200, r.Status)
	r = e.do(call{Method: http.MethodPut, Bucket: testBucket, Key: "dst.bin", Query: "partNumber=4&uploadId=" + id,
		Header: map[string]string{"x-cos-copy-source": source, "x-cos-copy-source-If-Match": `"nope"`}})
	assert.Equal(t, 412, r.Status)

	r = e.xmlCall(http.MethodPost, "dst.bin", "uploadId="+id, completeBody("1", p1.ETag, "2", p2.ETag))
	require.Equal(t, 200, r.Status, string(r.Body))
	assert.Equal(t, crcOf(src), r.Header.Get("x-cos-hash-crc64ecma"))
	got, _ := e.srv.Object(testBucket, "dst.bin")
	assert.Equal(t, src, got)
}

func TestRestoreArchivedObject(t *testing.T) {
	t.Parallel()
	fc := newFakeClock()
	e := newClockEnv(t, fc).withBucket()
	e.put("archive/cold.txt", []byte("cold"), map[string]string{"x-cos-storage-class": "ARCHIVE"})
	e.put("warm.txt", []byte("warm"), nil)
	restore := `<RestoreRequest><Days>2</Days><CASJobParameters><Tier>Expedited</Tier></CASJobParameters></RestoreRequest>`

	r := e.do(call{Bucket: testBucket, Key: "archive/cold.txt"})
	assert.Equal(t, 403, r.Status)
	assert.Equal(t, "InvalidObjectState", r.errCode())
	r = e.do(call{Method: http.MethodHead, Bucket: testBucket, Key: "archive/cold.txt"})
	assert.Equal(t, 200, r.Status)
	assert.Empty(t, r.Header.Get("x-cos-restore"))
	r = e.do(call{Method: http.MethodPut, Bucket: testBucket, Key: "copy.txt",
		Header: map[string]string{"x-cos-copy-source": testBucket + ".cos.ap-guangzhou.myqcloud.com/archive/cold.txt"}})
	assert.Equal(t, "InvalidObjectState", r.errCode())

	r = e.xmlCall(http.MethodPost, "warm.txt", "restore", restore)
	assert.Equal(t, 405, r.Status)
	assert.Equal(t, "RestoreNonArchiveObject", r.errCode())
	for _, bad := range []string{`<RestoreRequest><Days>0</Days></RestoreRequest>`, `<RestoreRequest><Days>1</Days><CASJobParameters><Tier>Fast</Tier></CASJobParameters></RestoreRequest>`} {
		r = e.xmlCall(http.MethodPost, "archive/cold.txt", "restore", bad)
		assert.Equal(t, "InvalidArgument", r.errCode(), bad)
	}
	r = e.xmlCall(http.MethodPost, "archive/cold.txt", "restore", `<RestoreRequest/>`)
	assert.Equal(t, "MalformedXML", r.errCode())
	r = e.xmlCall(http.MethodPost, "nope", "restore", restore)
	assert.Equal(t, "NoSuchKey", r.errCode())

	r = e.xmlCall(http.MethodPost, "archive/cold.txt", "restore=", restore)
	assert.Equal(t, 202, r.Status, string(r.Body))
	r = e.xmlCall(http.MethodPost, "archive/cold.txt", "restore", restore)
	assert.Equal(t, 409, r.Status)
	assert.Equal(t, "RestoreAlreadyInProgress", r.errCode())
	r = e.do(call{Method: http.MethodHead, Bucket: testBucket, Key: "archive/cold.txt"})
	assert.Equal(t, `ongoing-request="true"`, r.Header.Get("x-cos-restore"))
	assert.Equal(t, "ONGOING", e.list("prefix=archive").Contents[0].RestoreStatus)
	r = e.do(call{Bucket: testBucket, Key: "archive/cold.txt"})
	assert.Equal(t, 403, r.Status)

	fc.Advance(time.Minute) // Expedited: one minute
	r = e.do(call{Method: http.MethodHead, Bucket: testBucket, Key: "archive/cold.txt"})
	expiry := fc.Now().Add(48 * time.Hour).Format(http.TimeFormat)
	assert.Equal(t, `ongoing-request="false", expiry-date="`+expiry+`"`, r.Header.Get("x-cos-restore"))
	assert.Equal(t, "DONE", e.list("prefix=archive").Contents[0].RestoreStatus)
	r = e.do(call{Bucket: testBucket, Key: "archive/cold.txt"})
	assert.Equal(t, 200, r.Status)
	assert.Equal(t, "cold", string(r.Body))
	r = e.xmlCall(http.MethodPost, "archive/cold.txt", "restore", restore)
	assert.Equal(t, 200, r.Status, "restoring a restored object extends it")

	fc.Advance(49 * time.Hour)
	r = e.do(call{Bucket: testBucket, Key: "archive/cold.txt"})
	assert.Equal(t, 403, r.Status, "the restored copy expired")
	r = e.do(call{Method: http.MethodHead, Bucket: testBucket, Key: "archive/cold.txt"})
	assert.Empty(t, r.Header.Get("x-cos-restore"))
}

func TestRestoreDelayOption(t *testing.T) {
	t.Parallel()
	e := newEnv(t, withRestoreDelay(0)).withBucket()
	e.put("deep", []byte("d"), map[string]string{"x-cos-storage-class": "DEEP_ARCHIVE"})
	r := e.xmlCall(http.MethodPost, "deep", "restore", `<RestoreRequest><Days>1</Days><CASJobParameters><Tier>Expedited</Tier></CASJobParameters></RestoreRequest>`)
	assert.Equal(t, "InvalidArgument", r.errCode(), "DEEP_ARCHIVE has no Expedited tier")
	r = e.xmlCall(http.MethodPost, "deep", "restore", `<RestoreRequest><Days>1</Days></RestoreRequest>`)
	require.Equal(t, 202, r.Status)
	r = e.do(call{Bucket: testBucket, Key: "deep"})
	assert.Equal(t, 200, r.Status, "delay 0 restores at once")
}
