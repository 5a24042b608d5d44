package cos

import (
	"bytes"
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestInitiateMultipartUpload(t *testing.T) {
	t.Parallel()
	rec := newRecorder(t, objFileXML(t, "multipart_initiate.response.xml"))
	c := rec.client(t)
	res, _, err := c.Object.InitiateMultipartUpload(context.Background(), "mp/big.bin", &InitiateMultipartUploadOptions{
		StorageClass: "archive", Metadata: map[string]string{"a": "1"}, ACLHeaders: ACLHeaders{ACL: ACLDefault},
	})
	require.NoError(t, err)
	assert.Equal(t, "149795166761115ef06e259b2fceb8ff34bf7dd840883d26a0f90243562dd398efa41718db", res.UploadID)
	assert.Equal(t, "mp/big.bin", res.Key)
	assert.Equal(t, testBucket, res.Bucket)
	r := rec.requests()[0]
	assert.True(t, r.SigOK)
	assert.Equal(t, http.MethodPost, r.Method)
	assert.Equal(t, "uploads", r.RawQuery)
	assert.Equal(t, "ARCHIVE", r.Header.Get("x-cos-storage-class"))
	assert.Equal(t, "1", r.Header.Get("x-cos-meta-a"))
	assert.Equal(t, "default", r.Header.Get("x-cos-acl"))
	assert.Equal(t, "application/octet-stream", r.Header.Get("Content-Type"))
	assert.Empty(t, r.Body)
}

func TestInitiateIsNeverRetried(t *testing.T) {
	t.Parallel()
	rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request, n int) {
		writeXML(w, 503, errorXML("ServiceUnavailable", "busy"))
	})
	c := rec.client(t, objFastRetry())
	_, _, err := c.Object.InitiateMultipartUpload(context.Background(), "a", nil)
	require.Error(t, err)
	assert.Len(t, rec.requests(), 1, "a retry could mint a second upload ID")

	rec2 := newRecorder(t, func(w http.ResponseWriter, r *http.Request, n int) {
		writeXML(w, 200, `<InitiateMultipartUploadResult><Bucket>b</Bucket><Key>a</Key></InitiateMultipartUploadResult>`)
	})
	_, _, err = rec2.client(t).Object.InitiateMultipartUpload(context.Background(), "a", nil)
	require.ErrorContains(t, err, "no UploadId")
}

func TestUploadPart(t *testing.T) {
	t.Parallel()
	var rec *recorder
	rec = newRecorder(t, func(w http.ResponseWriter, r *http.Request, n int) {
		body := rec.requests()[n-1].Body
		crc := CRC64(body)
		if r.URL.Query().Get("partNumber") == "3" {
			crc++ // the server "stored" something else
		}
		w.Header().Set("ETag", `"part-`+r.URL.Query().Get("partNumber")+`"`)
		w.Header().Set(headerCRC64, strconv.FormatUint(crc, 10))
	})
	c := rec.client(t)
	ctx := context.Background()
	res, _, err := c.Object.UploadPart(ctx, "mp/a b", "id/1+2", 1, bytes.NewReader([]byte("hello")), &UploadPartOptions{ContentMD5: "XUFAKrxLKna5cZ2REBfFkg==", TrafficLimit: 819200})
	require.NoError(t, err)
	assert.Equal(t, &UploadPartResult{ETag: "part-1", CRC64: CRC64([]byte("hello"))}, res)
	r := rec.requests()[0]
	assert.True(t, r.SigOK)
	assert.Equal(t, http.MethodPut, r.Method)
	assert.Equal(t, "/"+testBucket+"/mp/a%20b", r.RawPath)
	assert.Equal(t, "partNumber=1&uploadId=id%2F1%2B2", r.RawQuery)
	assert.Equal(t, "XUFAKrxLKna5cZ2REBfFkg==", r.Header.Get("Content-MD5"))
	assert.Equal(t, "819200", r.Header.Get("x-cos-traffic-limit"))
	assert.Equal(t, "hello", string(r.Body))

	_, _, err = c.Object.UploadPart(ctx, "k", "id", 2, objStream{strings.NewReader("stream!")}, &UploadPartOptions{ContentLength: 6})
	require.NoError(t, err)
	assert.Equal(t, "stream", string(rec.requests()[1].Body))

	_, _, err = c.Object.UploadPart(ctx, "k", "id", 3, strings.NewReader("x"), nil)
	require.ErrorIs(t, err, ErrChecksumMismatch)
	assert.Contains(t, err.Error(), "part 3")
}

func TestUploadPartBadInput(t *testing.T) {
	t.Parallel()
	rec := newRecorder(t, nil)
	c := rec.client(t)
	ctx := context.Background()
	body := func() *strings.Reader { return strings.NewReader("x") }
	for _, tc := range []struct {
		name, key, id string
		n             int
		body          *strings.Reader
		opt           *UploadPartOptions
		field         string
	}{
		{"part 0", "k", "id", 0, body(), nil, "partNumber"},
		{"part 10001", "k", "id", 10001, body(), nil, "partNumber"},
		{"no upload", "k", "", 1, body(), nil, "uploadID"},
		{"no key", "", "id", 1, body(), nil, "key"},
		{"nil body", "k", "id", 1, nil, nil, "body"},
		{"negative length", "k", "id", 1, body(), &UploadPartOptions{ContentLength: -2}, "ContentLength"},
		{"traffic", "k", "id", 1, body(), &UploadPartOptions{TrafficLimit: -2}, "TrafficLimit"},
	} {
		var r interface{ Read([]byte) (int, error) }
		if tc.body != nil {
			r = tc.body
		}
		_, resp, err := c.Object.UploadPart(ctx, tc.key, tc.id, tc.n, r, tc.opt)
		require.ErrorIs(t, err, ErrInvalidArgument, tc.name)
		assert.Contains(t, err.Error(), tc.field, tc.name)
		assert.Nil(t, resp, tc.name)
	}
	_, _, err := c.Object.UploadPart(ctx, "k", "id", 1, objStream{strings.NewReader("x")}, nil)
	require.ErrorIs(t, err, ErrInvalidArgument)
	assert.Empty(t, rec.requests())
}

func TestUploadPartCopy(t *testing.T) {
	t.Parallel()
	rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if n == 2 {
			writeXML(w, 200, errorXML("InternalError", "copy broke"))
			return
		}
		w.Header().Set(headerCRC64, "99")
		writeXML(w, 200, `<CopyPartResult><ETag>"5b72"</ETag><LastModified>2017-09-04T09:45:46.000Z</LastModified></CopyPartResult>`)
	})
	c := rec.client(t, WithRegion("ap-guangzhou"), WithRetryer(NoRetry))
	ctx := context.Background()
	res, _, err := c.Object.UploadPartCopy(ctx, "dst", "up1", 7, CopySource{Key: "src/a"}, &UploadPartCopyOptions{
		CopySourceRange: "bytes=0-1048575", CopySourceIfNoneMatch: `"old"`,
	})
	require.NoError(t, err)
	assert.Equal(t, "5b72", res.ETag)
	assert.Equal(t, 2017, res.LastModified.Year())
	assert.True(t, res.HasCRC64)
	assert.Equal(t, uint64(99), res.CRC64)
	r := rec.requests()[0]
	assert.True(t, r.SigOK)
	assert.Equal(t, http.MethodPut, r.Method)
	assert.Equal(t, "partNumber=7&uploadId=up1", r.RawQuery)
	assert.Equal(t, testBucket+".cos.ap-guangzhou.myqcloud.com/src/a", r.Header.Get("x-cos-copy-source"))
	assert.Equal(t, "bytes=0-1048575", r.Header.Get("x-cos-copy-source-range"))
	assert.Equal(t, `"old"`, r.Header.Get("x-cos-copy-source-If-None-Match"))

	_, _, err = c.Object.UploadPartCopy(ctx, "dst", "up1", 8, CopySource{Key: "src/a"}, nil)
	var se *ServiceError
	require.ErrorAs(t, err, &se)
	assert.Equal(t, "InternalError", se.Code)

	for _, rg := range []string{"bytes=5-", "bytes=-5", "bytes=9-2", "0-1"} {
		_, _, err := c.Object.UploadPartCopy(ctx, "dst", "up1", 1, CopySource{Key: "a"}, &UploadPartCopyOptions{CopySourceRange: rg})
		require.ErrorIs(t, err, ErrInvalidArgument, rg)
		assert.Contains(t, err.Error(), "CopySourceRange")
	}
	_, _, err = c.Object.UploadPartCopy(ctx, "dst", "up1", 0, CopySource{Key: "a"}, nil)
	require.ErrorIs(t, err, ErrInvalidArgument)
	_, _, err = c.Object.UploadPartCopy(ctx, "dst", "up1", 1, CopySource{}, nil)
	require.ErrorIs(t, err, ErrInvalidArgument)
	assert.Len(t, rec.requests(), 2)
}

func TestCompleteMultipartUpload(t *testing.T) {
	t.Parallel()
	rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request, n int) {
		w.Header().Set(headerCRC64, "2346259260961131276")
		w.Header().Set("x-cos-version-id", "v2")
		objFileXML(t, "multipart_complete.response.xml")(w, r, n)
	})
	c := rec.client(t)
	parts := []CompletedPart{
		{PartNumber: 5, ETag: "5d41402abc4b2a76b9719d911017c592"},
		{PartNumber: 1, ETag: `"fae3dba15f4d9b2d76cbaed5de3a08e3"`},
		{PartNumber: 2, ETag: "c81982550f2f965118d486176d9541d4"},
	}
	orig := append([]CompletedPart(nil), parts...)
	res, _, err := c.Object.CompleteMultipartUpload(context.Background(), "mp/big.bin", "up 1", parts, &CompleteMultipartUploadOptions{ForbidOverwrite: true})
	require.NoError(t, err)
	assert.Equal(t, orig, parts, "caller's slice untouched")
	assert.Equal(t, "594f98b11c6901c0f0683de1085a6d0e-3", res.ETag)
	assert.Equal(t, "mp/big.bin", res.Key)
	assert.Equal(t, testBucket, res.Bucket)
	assert.Equal(t, "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com/mp/big.bin", res.Location)
	assert.True(t, res.HasCRC64)
	assert.Equal(t, uint64(2346259260961131276), res.CRC64)
	assert.Equal(t, "v2", res.VersionID)

	r := rec.requests()[0]
	assert.True(t, r.SigOK)
	assert.Equal(t, http.MethodPost, r.Method)
	assert.Equal(t, "uploadId=up%201", r.RawQuery)
	assert.Equal(t, "true", r.Header.Get("x-cos-forbid-overwrite"))
	assert.Equal(t, contentMD5(r.Body), r.Header.Get("Content-MD5"))
	objGolden(t, "multipart_complete.request.xml", r.Body)
}

func TestCompleteFailures(t *testing.T) {
	t.Parallel()
	rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request, n int) {
		switch r.URL.Query().Get("uploadId") {
		case "in200":
			w.Header().Set("Content-Type", "application/xml")
			_, _ = w.Write([]byte("\n   \n   " + errorXML("InternalError", "merge failed")))
		case "noetag":
			writeXML(w, 200, `<CompleteMultipartUploadResult><Key>k</Key></CompleteMultipartUploadResult>`)
		default:
			writeXML(w, 400, errorXML("InvalidPart", "part 2 missing"))
		}
	})
	c := rec.client(t, WithRetryer(NoRetry))
	ctx := context.Background()
	one := []CompletedPart{{PartNumber: 1, ETag: "e"}}

	_, _, err := c.Object.CompleteMultipartUpload(ctx, "k", "in200", one, nil)
	var se *ServiceError
	require.ErrorAs(t, err, &se)
	assert.Equal(t, 200, se.StatusCode)
	assert.Equal(t, "InternalError", se.Code)

	_, _, err = c.Object.CompleteMultipartUpload(ctx, "k", "noetag", one, nil)
	require.ErrorContains(t, err, "no ETag")

	_, _, err = c.Object.CompleteMultipartUpload(ctx, "k", "bad", one, nil)
	require.ErrorAs(t, err, &se)
	assert.Equal(t, "InvalidPart", se.Code)
	assert.Len(t, rec.requests(), 3)

	for name, parts := range map[string][]CompletedPart{
		"empty":     nil,
		"duplicate": {{PartNumber: 2, ETag: "a"}, {PartNumber: 1, ETag: "b"}, {PartNumber: 2, ETag: "c"}},
		"zero":      {{PartNumber: 0, ETag: "a"}},
		"too high":  {{PartNumber: 10001, ETag: "a"}},
		"no etag":   {{PartNumber: 1, ETag: `""`}},
	} {
		_, resp, err := c.Object.CompleteMultipartUpload(ctx, "k", "id", parts, nil)
		require.ErrorIs(t, err, ErrInvalidArgument, name)
		assert.Contains(t, err.Error(), "parts", name)
		assert.Nil(t, resp)
	}
	_, _, err = c.Object.CompleteMultipartUpload(ctx, "k", "", one, nil)
	require.ErrorIs(t, err, ErrInvalidArgument)
	assert.Len(t, rec.requests(), 3)
}

func TestAbortMultipartUpload(t *testing.T) {
	t.Parallel()
	rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request, n int) {
		switch n {
		case 1:
			w.WriteHeader(http.StatusNoContent)
		case 2:
			writeXML(w, 503, errorXML("ServiceUnavailable", "busy"))
		default:
			writeXML(w, 404, errorXML("NoSuchUpload", "gone"))
		}
	})
	c := rec.client(t, objFastRetry())
	ctx := context.Background()
	_, err := c.Object.AbortMultipartUpload(ctx, "k", "up1")
	require.NoError(t, err)
	r := rec.requests()[0]
	assert.Equal(t, http.MethodDelete, r.Method)
	assert.Equal(t, "uploadId=up1", r.RawQuery)
	assert.True(t, r.SigOK)

	// 503 then NoSuchUpload: the lost first attempt did the job.
	_, err = c.Object.AbortMultipartUpload(ctx, "k", "up1")
	require.NoError(t, err)
	// NoSuchUpload on a first attempt is the caller's to see.
	_, err = c.Object.AbortMultipartUpload(ctx, "k", "up1")
	require.ErrorIs(t, err, ErrNotFound)
	assert.Len(t, rec.requests(), 4)

	_, err = c.Object.AbortMultipartUpload(ctx, "k", "")
	require.ErrorIs(t, err, ErrInvalidArgument)
	_, err = c.Object.AbortMultipartUpload(ctx, "", "up1")
	require.ErrorIs(t, err, ErrInvalidArgument)
	assert.Len(t, rec.requests(), 4)
}
