package costest_test

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type initiateDoc struct {
	Bucket   string `xml:"Bucket"`
	Key      string `xml:"Key"`
	UploadID string `xml:"UploadId"`
}

type completeDoc struct {
	Location, Bucket, Key, ETag string
}

type listPartsDoc struct {
	Key                  string `xml:"Key"`
	UploadID             string `xml:"UploadId"`
	EncodingType         string `xml:"Encoding-type"`
	StorageClass         string `xml:"StorageClass"`
	PartNumberMarker     int    `xml:"PartNumberMarker"`
	NextPartNumberMarker int    `xml:"NextPartNumberMarker"`
	MaxParts             int    `xml:"MaxParts"`
	IsTruncated          bool   `xml:"IsTruncated"`
	Parts                []struct {
		PartNumber   int    `xml:"PartNumber"`
		ETag         string `xml:"ETag"`
		Size         int64  `xml:"Size"`
		LastModified string `xml:"LastModified"`
	} `xml:"Part"`
}

func (e *env) initiate(key string, hdr map[string]string) string {
	e.t.Helper()
	r := e.do(call{Method: http.MethodPost, Bucket: testBucket, Key: key, Query: "uploads", Header: hdr})
	require.Equal(e.t, 200, r.Status, string(r.Body))
	doc := decode[initiateDoc](e.t, r)
	require.Equal(e.t, key, doc.Key)
	require.Equal(e.t, testBucket, doc.Bucket)
	require.NotEmpty(e.t, doc.UploadID)
	return doc.UploadID
}

func (e *env) uploadPart(key, id string, n int, data []byte) result {
	e.t.Helper()
	return e.do(call{Method: http.MethodPut, Bucket: testBucket, Key: key,
		Query: fmt.Sprintf("partNumber=%d&uploadId=%s", n, id), Body: data})
}

func completeBody(parts ...string) string {
	var b strings.Builder
	b.WriteString("<CompleteMultipartUpload>")
	for i := 0; i+1 < len(parts); i += 2 {
		fmt.Fprintf(&b, "<Part><PartNumber>%s</PartNumber><ETag>%s</ETag></Part>", parts[i], parts[i+1])
	}
	b.WriteString("</CompleteMultipartUpload>")
	return b.String()
}

func TestMultipartUploadFlow(t *testing.T) {
	t.Parallel()
	e := newEnv(t).withBucket()
	key := "mp/big.bin"
	id := e.initiate(key, map[string]string{"Content-Type": "video/mp4", "x-cos-meta-peer": "go",
		"x-cos-storage-class": "STANDARD_IA", "Aclheaderoptions": ""})
	assert.Equal(t, []string{id}, e.srv.MultipartUploads(testBucket))

	p1 := bytes.Repeat([]byte("a"), 1<<20)
	p2 := []byte("hello")
	// Parts may arrive in any order; a repeated number replaces the part.
	r := e.uploadPart(key, id, 2, []byte("first try"))
	require.Equal(t, 200, r.Status)
	r = e.uploadPart(key, id, 2, p2)
	require.Equal(t, 200, r.Status)
	assert.Equal(t, `"5d41402abc4b2a76b9719d911017c592"`, r.Header.Get("ETag"))
	assert.Equal(t, "11177612005948864433", r.Header.Get("x-cos-hash-crc64ecma"))
	r = e.uploadPart(key, id, 1, p1)
	require.Equal(t, 200, r.Status)
	assert.Equal(t, `"7202826a7791073fe2787f0c94603278"`, r.Header.Get("ETag"))
	assert.Equal(t, "6701094182323390671", r.Header.Get("x-cos-hash-crc64ecma"))

	r = e.do(call{Bucket: testBucket, Key: key, Query: "uploadId=" + id})
	require.Equal(t, 200, r.Status)
	lp := decode[listPartsDoc](t, r)
	assert.Equal(t, key, lp.Key)
	assert.Equal(t, "STANDARD_IA", lp.StorageClass)
	require.Len(t, lp.Parts, 2)
	assert.Equal(t, 1, lp.Parts[0].PartNumber)
	assert.Equal(t, int64(1<<20), lp.Parts[0].Size)
	assert.Equal(t, `"5d41402abc4b2a76b9719d911017c592"`, lp.Parts[1].ETag)
	assert.Equal(t, 2, lp.NextPartNumberMarker)
	assert.False(t, lp.IsTruncated)

	// Go SDK form: ETag first, quotes escaped as &#34;; the unquoted form
	// is accepted too.
	body := `<CompleteMultipartUpload><Part><ETag>&#34;7202826a7791073fe2787f0c94603278&#34;</ETag><PartNumber>1</PartNumber></Part>` +
		`<Part><PartNumber>2</PartNumber><ETag>5d41402abc4b2a76b9719d911017c592</ETag></Part></CompleteMultipartUpload>`
	r = e.xmlCall(http.MethodPost, key, "uploadId="+id, body)
	require.Equal(t, 200, r.Status, string(r.Body))
	assert.Equal(t, "2346259260961131276", r.Header.Get("x-cos-hash-crc64ecma"))
	doc := decode[completeDoc](t, r)
	assert.Equal(t, `"ecce966c09f7d45e11f6f027316acde5-2"`, doc.ETag)
	assert.Equal(t, testBucket+".cos.ap-guangzhou.myqcloud.com/"+key, doc.Location)
	assert.Equal(t, key, doc.Key)
	assert.Empty(t, e.srv.MultipartUploads(testBucket))

	r = e.do(call{Bucket: testBucket, Key: key})
	require.Equal(t, 200, r.Status)
	assert.Equal(t, append(append([]byte{}, p1...), p2...), r.Body)
	assert.Equal(t, "video/mp4", r.Header.Get("Content-Type"))
	assert.Equal(t, "go", r.Header.Get("x-cos-meta-peer"))
	assert.Equal(t, "STANDARD_IA", r.Header.Get("x-cos-storage-class"))
	assert.Equal(t, `"ecce966c09f7d45e11f6f027316acde5-2"`, r.Header.Get("ETag"))
	assert.Equal(t, "2346259260961131276", r.Header.Get("x-cos-hash-crc64ecma"))

	// The upload is gone.
	r = e.xmlCall(http.MethodPost, key, "uploadId="+id, body)
	assert.Equal(t, 404, r.Status)
	assert.Equal(t, "NoSuchUpload", r.errCode())
}

func TestMultipartErrors(t *testing.T) {
	t.Parallel()
	e := newEnv(t).withBucket()
	key := "mp/e.bin"
	id := e.initiate(key, nil)
	small := []byte("small")
	mib := bytes.Repeat([]byte("b"), 1<<20)
	require.Equal(t, 200, e.uploadPart(key, id, 1, small).Status)
	require.Equal(t, 200, e.uploadPart(key, id, 2, small).Status)
	require.Equal(t, 200, e.uploadPart(key, id, 3, mib).Status)
	require.Equal(t, 200, e.uploadPart(key, id, 4, small).Status)
	es, em := md5hex(small), md5hex(mib)

	for _, tt := range []struct {
		name, query, body, code string
		status                  int
	}{
		{"part number 0", "", "", "InvalidArgument", 400},
		{"too small", "uploadId=" + id, completeBody("1", es, "2", es), "EntityTooSmall", 400},
		{"unknown part", "uploadId=" + id, completeBody("3", em, "5", es), "InvalidPart", 400},
		{"etag mismatch", "uploadId=" + id, completeBody("3", em, "4", em), "InvalidPart", 400},
		{"order", "uploadId=" + id, completeBody("4", es, "3", em), "InvalidPartOrder", 400},
		{"duplicate", "uploadId=" + id, completeBody("3", em, "3", em), "InvalidPartOrder", 400},
		{"empty list", "uploadId=" + id, "<CompleteMultipartUpload></CompleteMultipartUpload>", "MalformedXML", 400},
		{"not xml", "uploadId=" + id, "garbage", "MalformedXML", 400},
		{"bad number", "uploadId=" + id, completeBody("x", es), "MalformedXML", 400},
		{"unknown upload", "uploadId=nope", completeBody("1", es), "NoSuchUpload", 404},
	} {
		if tt.name == "part number 0" {
			for _, n := range []string{"0", "10001", "x"} {
				r := e.do(call{Method: http.MethodPut, Bucket: testBucket, Key: key, Query: "partNumber=" + n + "&uploadId=" + id, Body: small})
				assert.Equal(t, 400, r.Status, n)
				assert.Equal(t, "InvalidArgument", r.errCode(), n)
			}
			continue
		}
		r := e.xmlCall(http.MethodPost, key, tt.query, tt.body)
		assert.Equal(t, tt.status, r.Status, "%s: %s", tt.name, r.Body)
		assert.Equal(t, tt.code, r.errCode(), tt.name)
	}
	// Wrong key for the upload ID.
	r := e.uploadPart("other", id, 1, small)
	assert.Equal(t, "NoSuchUpload", r.errCode())
	// Gaps are allowed; a non-last part of 1 MiB passes; one part of any size is fine.
	r = e.xmlCall(http.MethodPost, key, "uploadId="+id, completeBody("3", em, "4", es))
	require.Equal(t, 200, r.Status, string(r.Body))
	got, _ := e.srv.Object(testBucket, key)
	assert.Len(t, got, 1<<20+5)

	// Abort: 204, then 404; parts to an aborted upload fail.
	id2 := e.initiate(key, nil)
	r = e.do(call{Method: http.MethodDelete, Bucket: testBucket, Key: key, Query: "uploadId=" + id2})
	assert.Equal(t, 204, r.Status)
	r = e.do(call{Method: http.MethodDelete, Bucket: testBucket, Key: key, Query: "uploadId=" + id2})
	assert.Equal(t, 404, r.Status)
	assert.Equal(t, "NoSuchUpload", r.errCode())
	r = e.uploadPart(key, id2, 1, small)
	assert.Equal(t, "NoSuchUpload", r.errCode())
	r = e.do(call{Bucket: testBucket, Key: key, Query: "uploadId=" + id2})
	assert.Equal(t, "NoSuchUpload", r.errCode())
	assert.Empty(t, e.srv.MultipartUploads(testBucket))

	// Single empty part completes.
	id3 := e.initiate("empty", nil)
	require.Equal(t, 200, e.uploadPart("empty", id3, 1, []byte{}).Status)
	r = e.xmlCall(http.MethodPost, "empty", "uploadId="+id3, completeBody("1", md5hex(nil)))
	require.Equal(t, 200, r.Status, string(r.Body))
	assert.Equal(t, "0", r.Header.Get("x-cos-hash-crc64ecma"))
}

func TestListParts(t *testing.T) {
	t.Parallel()
	e := newEnv(t).withBucket()
	key := "dir/a b+c.bin"
	id := e.initiate(key, nil)
	for n := 1; n <= 5; n++ {
		require.Equal(t, 200, e.uploadPart(key, id, n, []byte{byte(n)}).Status)
	}
	var got []int
	marker := 0
	for range 10 {
		r := e.do(call{Bucket: testBucket, Key: key, Query: fmt.Sprintf("uploadId=%s&max-parts=2&part-number-marker=%d&encoding-type=url", id, marker)})
		require.Equal(t, 200, r.Status, string(r.Body))
		doc := decode[listPartsDoc](t, r)
		assert.Equal(t, "dir/a%20b%2Bc.bin", doc.Key)
		assert.Equal(t, "url", doc.EncodingType)
		assert.Equal(t, 2, doc.MaxParts)
		assert.Equal(t, marker, doc.PartNumberMarker)
		for _, p := range doc.Parts {
			got = append(got, p.PartNumber)
		}
		if !doc.IsTruncated {
			break
		}
		marker = doc.NextPartNumberMarker
	}
	assert.Equal(t, []int{1, 2, 3, 4, 5}, got)
	r := e.do(call{Bucket: testBucket, Key: key, Query: "uploadId=" + id + "&max-parts=x"})
	assert.Equal(t, "InvalidArgument", r.errCode())
	r = e.do(call{Bucket: testBucket, Key: key, Query: "uploadId=" + id + "&part-number-marker=-1"})
	assert.Equal(t, "InvalidArgument", r.errCode())
}

type listUploadsDoc struct {
	EncodingType       string `xml:"Encoding-Type"`
	KeyMarker          string `xml:"KeyMarker"`
	UploadIDMarker     string `xml:"UploadIdMarker"`
	NextKeyMarker      string `xml:"NextKeyMarker"`
	NextUploadIDMarker string `xml:"NextUploadIdMarker"`
	MaxUploads         int    `xml:"MaxUploads"`
	IsTruncated        bool   `xml:"IsTruncated"`
	Prefix             string `xml:"Prefix"`
	Uploads            []struct {
		Key       string `xml:"Key"`
		UploadID  string `xml:"UploadId"`
		Initiated string `xml:"Initiated"`
	} `xml:"Upload"`
	CommonPrefixes []struct {
		Prefix string `xml:"Prefix"`
	} `xml:"CommonPrefixes"`
}

func TestListMultipartUploads(t *testing.T) {
	t.Parallel()
	e := newEnv(t).withBucket()
	want := []string{}
	ids := map[string]string{}
	for _, k := range []string{"a", "b", "b", "dir/x", "dir/y", "z z"} {
		id := e.initiate(k, nil)
		want = append(want, k+"|"+id)
		ids[id] = k
	}
	var got []string
	q := "uploads&max-uploads=2"
	for range 10 {
		r := e.do(call{Bucket: testBucket, Query: q})
		require.Equal(t, 200, r.Status, string(r.Body))
		assert.Equal(t, "ap-guangzhou", r.Header.Get("x-cos-bucket-region"))
		doc := decode[listUploadsDoc](t, r)
		assert.Equal(t, 2, doc.MaxUploads)
		for _, u := range doc.Uploads {
			got = append(got, u.Key+"|"+u.UploadID)
			assert.Regexp(t, `^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$`, u.Initiated)
		}
		if !doc.IsTruncated {
			break
		}
		q = "uploads&max-uploads=2&key-marker=" + escapeKey(doc.NextKeyMarker) + "&upload-id-marker=" + doc.NextUploadIDMarker
	}
	assert.Equal(t, want, got, "ordered by key then upload ID, resumed by both markers")

	// Node form, delimiter, prefix, encoding.
	r := e.do(call{Bucket: testBucket, Query: "uploads=&prefix=&delimiter=%2F&encoding-type=url"})
	doc := decode[listUploadsDoc](t, r)
	assert.Equal(t, "url", doc.EncodingType)
	require.Len(t, doc.CommonPrefixes, 1)
	assert.Equal(t, "dir/", doc.CommonPrefixes[0].Prefix)
	var keys []string
	for _, u := range doc.Uploads {
		keys = append(keys, u.Key)
	}
	assert.Equal(t, []string{"a", "b", "b", "z%20z"}, keys)

	r = e.do(call{Bucket: testBucket, Query: "uploads&prefix=dir%2F"})
	assert.Len(t, decode[listUploadsDoc](t, r).Uploads, 2)
	r = e.do(call{Bucket: testBucket, Query: "uploads&key-marker=b"})
	assert.Len(t, decode[listUploadsDoc](t, r).Uploads, 3, "key-marker alone skips every upload of that key")

	for _, bad := range []string{"max-uploads=0", "max-uploads=1001", "max-uploads=x", "encoding-type=base64"} {
		r = e.do(call{Bucket: testBucket, Query: "uploads&" + bad})
		assert.Equal(t, "InvalidArgument", r.errCode(), bad)
	}
}
