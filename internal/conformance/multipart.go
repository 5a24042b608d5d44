package conformance

import (
	"bytes"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/cosgo/cos"
)

// testMultipart uploads two 1 MiB+ parts and one part copied from another
// object, lists them, completes the upload out of order and reads the
// object back.
func (s *suite) testMultipart(t *testing.T, e *env) {
	ctx := e.ctx(t)
	src := e.prefix + "part source"
	srcData := pattern(200<<10, 3)
	e.put(t, ctx, src, srcData)

	key := e.prefix + "multi part/object.bin"
	ini, _, err := e.c.Object.InitiateMultipartUpload(ctx, key, &cos.InitiateMultipartUploadOptions{
		ContentType: "application/x-cosgo", Metadata: map[string]string{"parts": "3"},
	})
	must(t, err, "InitiateMultipartUpload")
	if ini.UploadID == "" {
		t.Fatal("InitiateMultipartUpload: empty upload ID")
	}
	p1, p2 := pattern(1<<20, 1), pattern(1<<20+1, 2)
	var parts []cos.CompletedPart
	for i, p := range [][]byte{p1, p2} {
		res, _, err := e.c.Object.UploadPart(ctx, key, ini.UploadID, i+1, bytes.NewReader(p), nil)
		must(t, err, "UploadPart %d", i+1)
		equal(t, res.CRC64, cos.CRC64(p), "UploadPart %d CRC64", i+1)
		parts = append(parts, cos.CompletedPart{PartNumber: i + 1, ETag: res.ETag})
	}
	pc, _, err := e.c.Object.UploadPartCopy(ctx, key, ini.UploadID, 3, cos.CopySource{Key: src},
		&cos.UploadPartCopyOptions{CopySourceRange: "bytes=0-102399"})
	must(t, err, "UploadPartCopy")
	parts = append(parts, cos.CompletedPart{PartNumber: 3, ETag: pc.ETag})
	whole := slices.Concat(p1, p2, srcData[:102400])

	var sizes []int64
	for p, err := range e.c.Object.Parts(ctx, key, ini.UploadID, &cos.ListPartsOptions{MaxParts: 2}) {
		must(t, err, "Parts")
		sizes = append(sizes, p.Size)
	}
	equal(t, slices.Equal(sizes, []int64{1 << 20, 1<<20 + 1, 102400}), true, "part sizes %v", sizes)

	listed := false
	for u, err := range e.c.Bucket.MultipartUploads(ctx, &cos.ListMultipartUploadsOptions{Prefix: e.prefix}) {
		must(t, err, "MultipartUploads")
		listed = listed || (u.Key == key && u.UploadID == ini.UploadID)
	}
	equal(t, listed, true, "MultipartUploads lists the upload")

	slices.Reverse(parts) // the client sorts them
	res, _, err := e.c.Object.CompleteMultipartUpload(ctx, key, ini.UploadID, parts, nil)
	must(t, err, "CompleteMultipartUpload")
	if !strings.HasSuffix(res.ETag, "-3") {
		t.Errorf("multipart ETag %q: want <hex>-3", res.ETag)
	}
	if res.HasCRC64 {
		equal(t, res.CRC64, cos.CRC64(whole), "CompleteMultipartUpload CRC64")
	}

	meta, _, err := e.c.Object.Head(ctx, key, nil)
	must(t, err, "Head")
	equal(t, meta.ContentLength, int64(len(whole)), "size")
	equal(t, meta.ContentType, "application/x-cosgo", "ContentType")
	equal(t, meta.Metadata["parts"], "3", "metadata")
	resp, err := e.c.Object.Get(ctx, key, nil)
	sameBytes(t, readAll(t, resp, err, "Get"), whole, "multipart object")
	resp, err = e.c.Object.Get(ctx, key, &cos.ObjectGetOptions{Range: "bytes=1048566-1048585"})
	sameBytes(t, readAll(t, resp, err, "Get across parts"), whole[1048566:1048586], "range across parts 1 and 2")

	_, _, err = e.c.Object.ListParts(ctx, key, ini.UploadID, nil)
	errIs(t, err, cos.ErrNotFound, "ListParts after Complete")
}

// testMultipartAbort aborts an upload and completes one whose first part
// is too small.
func (s *suite) testMultipartAbort(t *testing.T, e *env) {
	ctx := e.ctx(t)
	key := e.prefix + "aborted"
	ini, _, err := e.c.Object.InitiateMultipartUpload(ctx, key, nil)
	must(t, err, "InitiateMultipartUpload")
	_, _, err = e.c.Object.UploadPart(ctx, key, ini.UploadID, 1, bytes.NewReader(pattern(1000, 4)), nil)
	must(t, err, "UploadPart")
	lp, _, err := e.c.Object.ListParts(ctx, key, ini.UploadID, nil)
	must(t, err, "ListParts")
	equal(t, len(lp.Parts), 1, "parts before Abort")
	_, err = e.c.Object.AbortMultipartUpload(ctx, key, ini.UploadID)
	must(t, err, "AbortMultipartUpload")
	_, _, err = e.c.Object.ListParts(ctx, key, ini.UploadID, nil)
	errIs(t, err, cos.ErrNotFound, "ListParts after Abort")
	_, _, err = e.c.Object.UploadPart(ctx, key, ini.UploadID, 2, bytes.NewReader([]byte("x")), nil)
	errIs(t, err, cos.ErrNotFound, "UploadPart after Abort")
	_, _, err = e.c.Object.Head(ctx, key, nil)
	errIs(t, err, cos.ErrNotFound, "no object after Abort")

	// Every part but the last must be at least 1 MiB.
	small := e.prefix + "too small"
	ini, _, err = e.c.Object.InitiateMultipartUpload(ctx, small, nil)
	must(t, err, "InitiateMultipartUpload")
	var parts []cos.CompletedPart
	for n := 1; n <= 2; n++ {
		res, _, err := e.c.Object.UploadPart(ctx, small, ini.UploadID, n, bytes.NewReader(pattern(10<<10, byte(n))), nil)
		must(t, err, "UploadPart %d", n)
		parts = append(parts, cos.CompletedPart{PartNumber: n, ETag: res.ETag})
	}
	_, _, err = e.c.Object.CompleteMultipartUpload(ctx, small, ini.UploadID, parts, nil)
	if err == nil {
		// COS documented EntityTooSmall until 2023 and no longer lists it;
		// costest refuses. Report the difference without failing.
		t.Log("the service completed an upload whose first part is 10 KiB; costest answers 400 EntityTooSmall")
		return
	}
	equal(t, statusOf(err), http.StatusBadRequest, "Complete with a small first part: status (error %v)", err)
	equal(t, cos.ErrorCode(err), "EntityTooSmall", "Complete with a small first part: code")
	// The upload stays open; the cleanup aborts it.
}

// testCopy copies objects with odd keys, with metadata kept or replaced,
// with source conditions, and onto themselves.
func (s *suite) testCopy(t *testing.T, e *env) {
	ctx := e.ctx(t)
	src := e.prefix + "src dir/naïve+%20.txt"
	data := []byte("copy me")
	put, _, err := e.c.Object.Put(ctx, src, bytes.NewReader(data), &cos.ObjectPutOptions{
		ContentType: "text/x-src", Metadata: map[string]string{"origin": "src"},
	})
	must(t, err, "Put source")

	dst := e.prefix + "dst/copy 1.txt"
	res, _, err := e.c.Object.Copy(ctx, dst, cos.CopySource{Key: src}, nil)
	must(t, err, "Copy")
	equal(t, res.ETag, put.ETag, "copy ETag (same bytes)")
	resp, err := e.c.Object.Get(ctx, dst, nil)
	sameBytes(t, readAll(t, resp, err, "Get copy"), data, "copy")
	meta, _, err := e.c.Object.Head(ctx, dst, nil)
	must(t, err, "Head copy")
	equal(t, meta.ContentType, "text/x-src", "copied ContentType")
	equal(t, meta.Metadata["origin"], "src", "copied metadata")

	dst2 := e.prefix + "dst/copy 2.txt"
	_, _, err = e.c.Object.Copy(ctx, dst2, cos.CopySource{Key: src}, &cos.ObjectCopyOptions{
		MetadataDirective: cos.MetadataDirectiveReplaced, ContentType: "text/x-replaced",
		Metadata: map[string]string{"origin": "replaced"}, CopySourceIfMatch: put.ETag,
	})
	must(t, err, "Copy with Replaced metadata")
	meta, _, err = e.c.Object.Head(ctx, dst2, nil)
	must(t, err, "Head copy 2")
	equal(t, meta.ContentType, "text/x-replaced", "replaced ContentType")
	equal(t, meta.Metadata["origin"], "replaced", "replaced metadata")

	_, _, err = e.c.Object.Copy(ctx, e.prefix+"dst/never", cos.CopySource{Key: src},
		&cos.ObjectCopyOptions{CopySourceIfMatch: "0123456789abcdef0123456789abcdef"})
	errIs(t, err, cos.ErrPreconditionFailed, "Copy with a wrong CopySourceIfMatch")
	_, _, err = e.c.Object.Copy(ctx, e.prefix+"dst/never", cos.CopySource{Key: e.prefix + "missing"}, nil)
	errIs(t, err, cos.ErrNotFound, "Copy of a missing source")
	ok, err := e.c.Object.Exists(ctx, e.prefix+"dst/never")
	must(t, err, "Exists")
	equal(t, ok, false, "failed copies create nothing")

	_, _, err = e.c.Object.Copy(ctx, src, cos.CopySource{Key: src}, &cos.ObjectCopyOptions{
		MetadataDirective: cos.MetadataDirectiveReplaced, ContentType: "text/x-self",
	})
	must(t, err, "Copy onto itself with Replaced metadata")
	meta, _, err = e.c.Object.Head(ctx, src, nil)
	must(t, err, "Head source")
	equal(t, meta.ContentType, "text/x-self", "ContentType after a self-copy")
	equal(t, meta.ContentLength, int64(len(data)), "size after a self-copy")
}
