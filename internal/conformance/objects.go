package conformance

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/cosgo/cos"
)

// testObjectRoundTrip puts objects with headers and metadata and reads
// them back with Get, Head and Exists.
func (s *suite) testObjectRoundTrip(t *testing.T, e *env) {
	ctx := e.ctx(t)
	key := e.prefix + "dir/hello.txt"
	data := []byte("hello, conformance\n")
	put, _, err := e.c.Object.Put(ctx, key, bytes.NewReader(data), &cos.ObjectPutOptions{
		ContentType:        "text/plain; charset=utf-8",
		CacheControl:       "max-age=60",
		ContentDisposition: `attachment; filename="hello.txt"`,
		Metadata:           map[string]string{"Author": "cosgo", "run-id": "x_1"},
	})
	must(t, err, "Put")
	if put.ETag == "" || strings.Contains(put.ETag, `"`) {
		t.Errorf("Put ETag %q: want an unquoted, non-empty ETag", put.ETag)
	}
	equal(t, put.CRC64, cos.CRC64(data), "Put CRC64")

	meta, _, err := e.c.Object.Head(ctx, key, nil)
	must(t, err, "Head")
	equal(t, meta.ContentLength, int64(len(data)), "Head ContentLength")
	equal(t, meta.ContentType, "text/plain; charset=utf-8", "Head ContentType")
	equal(t, meta.CacheControl, "max-age=60", "Head CacheControl")
	equal(t, meta.ContentDisposition, `attachment; filename="hello.txt"`, "Head ContentDisposition")
	equal(t, meta.ETag, put.ETag, "Head ETag")
	equal(t, meta.Metadata["author"], "cosgo", "Head metadata author")
	equal(t, meta.Metadata["run-id"], "x_1", "Head metadata run-id")
	if meta.HasCRC64 {
		equal(t, meta.CRC64, cos.CRC64(data), "Head CRC64")
	}
	if d := time.Since(meta.LastModified); d < -5*time.Minute || d > 5*time.Minute {
		t.Errorf("Head LastModified %v is not about now", meta.LastModified)
	}

	resp, err := e.c.Object.Get(ctx, key, nil)
	got := readAll(t, resp, err, "Get")
	sameBytes(t, got, data, "Get body")
	equal(t, resp.StatusCode, http.StatusOK, "Get status")
	if resp.RequestID == "" {
		t.Error("Get: no x-cos-request-id")
	}

	ok, err := e.c.Object.Exists(ctx, key)
	must(t, err, "Exists")
	equal(t, ok, true, "Exists")

	// A zero-byte object, and an overwrite.
	empty := e.prefix + "empty"
	e.put(t, ctx, empty, nil)
	resp, err = e.c.Object.Get(ctx, empty, nil)
	sameBytes(t, readAll(t, resp, err, "Get empty"), nil, "Get empty")
	_, _, err = e.c.Object.Put(ctx, key, strings.NewReader("v2"), nil)
	must(t, err, "overwrite")
	resp, err = e.c.Object.Get(ctx, key, nil)
	sameBytes(t, readAll(t, resp, err, "Get after overwrite"), []byte("v2"), "Get after overwrite")

	_, err = e.c.Object.Delete(ctx, key, nil)
	must(t, err, "Delete")
	ok, err = e.c.Object.Exists(ctx, key)
	must(t, err, "Exists after Delete")
	equal(t, ok, false, "Exists after Delete")
}

// testObjectErrors checks the errors of missing keys, forbidden
// overwrites and bad input.
func (s *suite) testObjectErrors(t *testing.T, e *env) {
	ctx := e.ctx(t)
	missing := e.prefix + "missing"
	_, err := e.c.Object.Get(ctx, missing, nil)
	errIs(t, err, cos.ErrNotFound, "Get missing")
	equal(t, cos.ErrorCode(err), "NoSuchKey", "Get missing: code")
	equal(t, statusOf(err), http.StatusNotFound, "Get missing: status")
	var se *cos.ServiceError
	if errors.As(err, &se) && se.RequestID == "" {
		t.Error("Get missing: no request ID on the error")
	}
	_, _, err = e.c.Object.Head(ctx, missing, nil)
	errIs(t, err, cos.ErrNotFound, "Head missing")
	_, err = e.c.Object.Delete(ctx, missing, nil)
	must(t, err, "Delete of a missing key succeeds")

	key := e.prefix + "once"
	_, _, err = e.c.Object.Put(ctx, key, strings.NewReader("first"), &cos.ObjectPutOptions{ForbidOverwrite: true})
	must(t, err, "Put with ForbidOverwrite on a new key")
	_, _, err = e.c.Object.Put(ctx, key, strings.NewReader("second"), &cos.ObjectPutOptions{ForbidOverwrite: true})
	errIs(t, err, cos.ErrConflict, "Put with ForbidOverwrite on an existing key")
	resp, err := e.c.Object.Get(ctx, key, nil)
	sameBytes(t, readAll(t, resp, err, "Get"), []byte("first"), "object after a refused overwrite")

	_, err = e.c.Object.Get(ctx, "", nil)
	errIs(t, err, cos.ErrInvalidArgument, "Get with an empty key")
}

// testDeleteMulti deletes several keys, one of them missing, in one call.
func (s *suite) testDeleteMulti(t *testing.T, e *env) {
	ctx := e.ctx(t)
	var ids []cos.ObjectIdentifier
	for i := range 3 {
		k := fmt.Sprintf("%sdel/%d", e.prefix, i)
		e.put(t, ctx, k, []byte(k))
		ids = append(ids, cos.ObjectIdentifier{Key: k})
	}
	ids = append(ids, cos.ObjectIdentifier{Key: e.prefix + "del/missing"})
	res, _, err := e.c.Object.DeleteMulti(ctx, &cos.DeleteMultiOptions{Objects: ids})
	must(t, err, "DeleteMulti")
	if len(res.Errors) > 0 {
		t.Errorf("DeleteMulti errors: %+v", res.Errors)
	}
	deleted := map[string]bool{}
	for _, d := range res.Deleted {
		deleted[d.Key] = true
	}
	for _, id := range ids[:3] {
		if !deleted[id.Key] {
			t.Errorf("DeleteMulti: %s not reported deleted", id.Key)
		}
		ok, err := e.c.Object.Exists(ctx, id.Key)
		must(t, err, "Exists %s", id.Key)
		equal(t, ok, false, "Exists %s after DeleteMulti", id.Key)
	}
}

// testConditionalGet checks If-Match, If-None-Match, If-Modified-Since and
// If-Unmodified-Since on GET and HEAD.
func (s *suite) testConditionalGet(t *testing.T, e *env) {
	ctx := e.ctx(t)
	key := e.prefix + "cond"
	data := []byte("conditional")
	e.put(t, ctx, key, data)
	meta, _, err := e.c.Object.Head(ctx, key, nil)
	must(t, err, "Head")
	etag, lm := meta.ETag, meta.LastModified

	for _, tc := range []struct {
		name string
		opt  cos.ObjectGetOptions
		want error // nil: 200 with the body
	}{
		{"If-Match right", cos.ObjectGetOptions{IfMatch: etag}, nil},
		{"If-Match quoted", cos.ObjectGetOptions{IfMatch: `"` + etag + `"`}, nil},
		{"If-Match wrong", cos.ObjectGetOptions{IfMatch: `"0123456789abcdef0123456789abcdef"`}, cos.ErrPreconditionFailed},
		{"If-None-Match same", cos.ObjectGetOptions{IfNoneMatch: `"` + etag + `"`}, cos.ErrNotModified},
		{"If-None-Match other", cos.ObjectGetOptions{IfNoneMatch: `"0123456789abcdef0123456789abcdef"`}, nil},
		{"If-Modified-Since Last-Modified", cos.ObjectGetOptions{IfModifiedSince: lm}, cos.ErrNotModified},
		{"If-Modified-Since earlier", cos.ObjectGetOptions{IfModifiedSince: lm.Add(-time.Hour)}, nil},
		{"If-Unmodified-Since earlier", cos.ObjectGetOptions{IfUnmodifiedSince: lm.Add(-time.Hour)}, cos.ErrPreconditionFailed},
		{"If-Unmodified-Since later", cos.ObjectGetOptions{IfUnmodifiedSince: lm.Add(time.Hour)}, nil},
	} {
		resp, err := e.c.Object.Get(ctx, key, &tc.opt)
		if tc.want == nil {
			sameBytes(t, readAll(t, resp, err, tc.name), data, tc.name)
			continue
		}
		errIs(t, err, tc.want, "Get %s", tc.name)
	}
	_, _, err = e.c.Object.Head(ctx, key, &cos.ObjectHeadOptions{IfMatch: `"0123456789abcdef0123456789abcdef"`})
	errIs(t, err, cos.ErrPreconditionFailed, "Head If-Match wrong")
	_, _, err = e.c.Object.Head(ctx, key, &cos.ObjectHeadOptions{IfNoneMatch: `"` + etag + `"`})
	errIs(t, err, cos.ErrNotModified, "Head If-None-Match same")
}

// testRangedGet checks byte ranges, their Content-Range and an
// unsatisfiable range.
func (s *suite) testRangedGet(t *testing.T, e *env) {
	ctx := e.ctx(t)
	key := e.prefix + "ranged"
	data := pattern(10_000, 1)
	e.put(t, ctx, key, data)
	n := len(data)
	for _, tc := range []struct {
		rng         string
		first, last int
	}{
		{"bytes=0-9", 0, 9},
		{"bytes=1000-1999", 1000, 1999},
		{"bytes=9990-", 9990, n - 1},
		{"bytes=-5", n - 5, n - 1},
		{"bytes=9995-20000", 9995, n - 1},
	} {
		resp, err := e.c.Object.Get(ctx, key, &cos.ObjectGetOptions{Range: tc.rng})
		got := readAll(t, resp, err, "Get "+tc.rng)
		equal(t, resp.StatusCode, http.StatusPartialContent, "Get %s: status", tc.rng)
		equal(t, resp.Header.Get("Content-Range"), fmt.Sprintf("bytes %d-%d/%d", tc.first, tc.last, n), "Get %s: Content-Range", tc.rng)
		sameBytes(t, got, data[tc.first:tc.last+1], "Get "+tc.rng)
	}
	meta, _, err := e.c.Object.Head(ctx, key, nil)
	must(t, err, "Head")
	resp, err := e.c.Object.Get(ctx, key, &cos.ObjectGetOptions{Range: "bytes=100-199", IfMatch: meta.ETag})
	sameBytes(t, readAll(t, resp, err, "ranged Get with If-Match"), data[100:200], "ranged Get with If-Match")

	_, err = e.c.Object.Get(ctx, key, &cos.ObjectGetOptions{Range: fmt.Sprintf("bytes=%d-", n)})
	equal(t, statusOf(err), http.StatusRequestedRangeNotSatisfiable, "Get past the end: status (error %v)", err)

	resp, err = e.c.Object.Get(ctx, key, &cos.ObjectGetOptions{Range: "bytes=0-99"})
	must(t, err, "Get bytes=0-99")
	_, err = io.CopyN(io.Discard, resp.Body, 10)
	must(t, err, "read part of a body")
	must(t, resp.Body.Close(), "close a body read in part")
}
