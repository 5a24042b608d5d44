package costest_test

import (
	"crypto/md5"
	"encoding/hex"
	"net/http"
	"strconv"
	"testing"

	"github.com/cosgo/cos"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The request cos-go-sdk-v5 v0.7.70 sends for Append: POST ?append&position=N
// with the Put headers; it checks x-cos-content-sha1 against the hex MD5 of
// the chunk and reads x-cos-next-append-position.
func TestAppendAsTheOfficialSDKSendsIt(t *testing.T) {
	t.Parallel()
	e := newEnv(t).withBucket()
	chunks := [][]byte{[]byte("hello "), []byte("world")}
	pos := 0
	var all []byte
	for _, chunk := range chunks {
		r := e.do(call{Method: http.MethodPost, Bucket: testBucket, Key: "dir/log.txt",
			Query: "append&position=" + strconv.Itoa(pos), Body: chunk,
			Header: map[string]string{"Content-Type": "text/plain", "x-cos-meta-who": "sdk"}})
		require.Equal(t, http.StatusOK, r.Status, string(r.Body))
		all = append(all, chunk...)
		sum := md5.Sum(chunk)
		assert.Equal(t, hex.EncodeToString(sum[:]), r.Header.Get("x-cos-content-sha1"))
		assert.Equal(t, strconv.Itoa(len(all)), r.Header.Get("x-cos-next-append-position"))
		assert.Equal(t, strconv.FormatUint(cos.CRC64(all), 10), r.Header.Get("x-cos-hash-crc64ecma"))
		assert.Equal(t, md5hex(all), r.Header.Get("ETag"))
		pos = len(all)
	}
	r := e.do(call{Method: http.MethodGet, Bucket: testBucket, Key: "dir/log.txt"})
	require.Equal(t, http.StatusOK, r.Status)
	assert.Equal(t, "hello world", string(r.Body))
	assert.Equal(t, "appendable", r.Header.Get("x-cos-object-type"))
	assert.Equal(t, "text/plain", r.Header.Get("Content-Type"))
	assert.Equal(t, "sdk", r.Header.Get("x-cos-meta-who"))
	assert.Empty(t, r.Header.Get("x-cos-next-append-position"), "the official SDK derives it from Content-Length")
}

func TestAppendRefusals(t *testing.T) {
	t.Parallel()
	e := newEnv(t).withBucket()
	e.put("normal", []byte("n"), nil)
	for _, tc := range []struct {
		name   string
		key    string
		query  string
		header map[string]string
		status int
		code   string
	}{
		{"no position", "k", "append", nil, http.StatusBadRequest, "InvalidArgument"},
		{"empty position", "k", "append&position=", nil, http.StatusBadRequest, "InvalidArgument"},
		{"negative position", "k", "append&position=-1", nil, http.StatusBadRequest, "InvalidArgument"},
		{"text position", "k", "append&position=abc", nil, http.StatusBadRequest, "InvalidArgument"},
		{"new key past 0", "k", "append&position=3", nil, http.StatusConflict, "PositionNotEqualToLength"},
		{"normal object", "normal", "append&position=1", nil, http.StatusConflict, "ObjectNotAppendable"},
		{"intelligent tiering", "k", "append&position=0", map[string]string{"x-cos-storage-class": "INTELLIGENT_TIERING"},
			http.StatusBadRequest, "InvalidRequest"},
	} {
		r := e.do(call{Method: http.MethodPost, Bucket: testBucket, Key: tc.key, Query: tc.query, Body: []byte("x"), Header: tc.header})
		assert.Equal(t, tc.status, r.Status, tc.name)
		assert.Equal(t, tc.code, r.errCode(), tc.name)
	}
	r := e.do(call{Method: http.MethodHead, Bucket: testBucket, Key: "k"})
	assert.Equal(t, http.StatusNotFound, r.Status, "refused appends store nothing")

	// The position refusal tells the current length.
	r = e.do(call{Method: http.MethodPost, Bucket: testBucket, Key: "k", Query: "append&position=0", Body: []byte("abc")})
	require.Equal(t, http.StatusOK, r.Status)
	r = e.do(call{Method: http.MethodPost, Bucket: testBucket, Key: "k", Query: "append&position=1", Body: []byte("x")})
	assert.Equal(t, http.StatusConflict, r.Status)
	assert.Equal(t, "3", r.Header.Get("x-cos-next-append-position"))
}

func TestAppendNeedsContentLength(t *testing.T) {
	t.Parallel()
	e := newEnv(t, withAnon()).withBucket()
	req := e.newRequest(call{Method: http.MethodPost, Bucket: testBucket, Key: "k", Query: "append&position=0", Body: []byte("x"), Unsigned: true})
	req.ContentLength = -1
	req.TransferEncoding = []string{"chunked"}
	r := e.send(req)
	assert.Equal(t, http.StatusLengthRequired, r.Status)
	assert.Equal(t, "MissingContentLength", r.errCode())
}

func TestAppendInMultiAZBucketIsRefused(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	body := "<CreateBucketConfiguration><BucketAZConfig>MAZ</BucketAZConfig></CreateBucketConfiguration>"
	r := e.do(call{Method: http.MethodPut, Bucket: testBucket, Body: []byte(body),
		Header: map[string]string{"Content-Type": "application/xml", "Content-MD5": md5b64([]byte(body))}})
	require.Equal(t, http.StatusOK, r.Status, string(r.Body))
	r = e.do(call{Method: http.MethodPost, Bucket: testBucket, Key: "k", Query: "append&position=0", Body: []byte("x")})
	assert.Equal(t, http.StatusBadRequest, r.Status)
	assert.Equal(t, "InvalidRequest", r.errCode())
}
