package costest_test

import (
	"bufio"
	"fmt"
	"hash/crc64"
	"net"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func crcOf(b []byte) string {
	return strconv.FormatUint(crc64.Checksum(b, crc64.MakeTable(crc64.ECMA)), 10)
}

func TestPutGetHeadObject(t *testing.T) {
	t.Parallel()
	e := newEnv(t).withBucket()
	data := []byte("hello")
	r := e.put("docs/a b.txt", data, map[string]string{
		"Content-Type":        "text/plain",
		"Cache-Control":       "max-age=60",
		"Content-Disposition": "attachment",
		"Content-Language":    "zh-CN",
		"Expires":             "Wed, 21 Oct 2015 07:28:00 GMT",
		"X-Cos-Meta-Author":   "Zhang San",
		"x-cos-storage-class": "standard_ia",
	})
	assert.Equal(t, `"5d41402abc4b2a76b9719d911017c592"`, r.Header.Get("ETag"))
	assert.Equal(t, "11177612005948864433", r.Header.Get("x-cos-hash-crc64ecma"))

	for _, method := range []string{http.MethodGet, http.MethodHead} {
		r = e.do(call{Method: method, Bucket: testBucket, Key: "docs/a b.txt"})
		require.Equal(t, 200, r.Status, method)
		h := r.Header
		assert.Equal(t, "text/plain", h.Get("Content-Type"))
		assert.Equal(t, "max-age=60", h.Get("Cache-Control"))
		assert.Equal(t, "attachment", h.Get("Content-Disposition"))
		assert.Equal(t, "zh-CN", h.Get("Content-Language"))
		assert.Equal(t, "Wed, 21 Oct 2015 07:28:00 GMT", h.Get("Expires"))
		assert.Equal(t, "Zhang San", h.Get("x-cos-meta-author"))
		assert.Equal(t, "STANDARD_IA", h.Get("x-cos-storage-class"))
		assert.Equal(t, `"5d41402abc4b2a76b9719d911017c592"`, h.Get("ETag"))
		assert.Equal(t, "11177612005948864433", h.Get("x-cos-hash-crc64ecma"))
		assert.Equal(t, "5", h.Get("Content-Length"))
		assert.Equal(t, "bytes", h.Get("Accept-Ranges"))
		_, err := http.ParseTime(h.Get("Last-Modified"))
		assert.NoError(t, err)
		if method == http.MethodGet {
			assert.Equal(t, data, r.Body)
		} else {
			assert.Empty(t, r.Body)
		}
	}
	got, ok := e.srv.Object(testBucket, "docs/a b.txt")
	assert.True(t, ok)
	assert.Equal(t, data, got)
}

func TestMetadataNamesAreLowercased(t *testing.T) {
	t.Parallel()
	e := newEnv(t).withBucket()
	e.put("k", []byte("x"), map[string]string{"X-Cos-Meta-Camel-Case": "v_1"})
	var buf strings.Builder
	require.NoError(t, e.newRequest(call{Method: http.MethodHead, Bucket: testBucket, Key: "k"}).Write(&buf))
	head := rawExchange(t, e, buf.String())
	assert.True(t, strings.HasPrefix(head, "HTTP/1.1 200 "), head)
	assert.Contains(t, head, "\r\nx-cos-meta-camel-case: v_1\r\n", "the wire name is lower-case")
}

// rawExchange sends a raw HTTP/1.1 request and returns the raw response
// head (status line and headers as sent).
func rawExchange(t *testing.T, e *env, req string) string {
	t.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(e.srv.URL, "http://"))
	require.NoError(t, err)
	defer conn.Close()
	require.NoError(t, conn.SetDeadline(time.Now().Add(5*time.Second)))
	_, err = conn.Write([]byte(req))
	require.NoError(t, err)
	br := bufio.NewReader(conn)
	var b strings.Builder
	for {
		line, err := br.ReadString('\n')
		require.NoError(t, err)
		b.WriteString(line)
		if line == "\r\n" {
			return b.String()
		}
	}
}

func TestObjectDefaultsAndEmptyHeaders(t *testing.T) {
	t.Parallel()
	e := newEnv(t).withBucket()
	e.put("k", []byte("x"), map[string]string{"Cache-Control": "", "X-Cos-Meta-Empty": ""})
	r := e.do(call{Method: http.MethodHead, Bucket: testBucket, Key: "k"})
	assert.Equal(t, "application/octet-stream", r.Header.Get("Content-Type"))
	assert.Empty(t, r.Header.Values("Cache-Control"))
	assert.Empty(t, r.Header.Values("x-cos-meta-empty"))
	assert.Empty(t, r.Header.Values("x-cos-storage-class"), "STANDARD is not announced")
	assert.Empty(t, r.Header.Values("x-cos-restore"))
}

func TestPutObjectErrors(t *testing.T) {
	t.Parallel()
	e := newEnv(t).withBucket()
	big := strings.Repeat("v", 2040)
	tests := []struct {
		name   string
		c      call
		status int
		code   string
	}{
		{"bad digest", call{Key: "k", Body: []byte("hello"), Header: map[string]string{"Content-MD5": md5b64([]byte("other"))}}, 400, "BadDigest"},
		{"invalid digest", call{Key: "k", Body: []byte("hello"), Header: map[string]string{"Content-MD5": "bm90LW1kNQ=="}}, 400, "InvalidDigest"},
		{"good digest", call{Key: "k", Body: []byte("hello"), Header: map[string]string{"Content-MD5": "XUFAKrxLKna5cZ2REBfFkg=="}}, 200, ""},
		{"metadata too large", call{Key: "k", Body: []byte("x"), Header: map[string]string{"x-cos-meta-a": big, "x-cos-meta-b": "123456789"}}, 400, "InvalidArgument"},
		{"metadata at limit", call{Key: "k", Body: []byte("x"), Header: map[string]string{"x-cos-meta-a": big, "x-cos-meta-b": "1234"}}, 200, ""},
		{"metadata underscore name", call{Key: "k", Body: []byte("x"), Header: map[string]string{"x-cos-meta-a_b": "1"}}, 400, "InvalidArgument"},
		{"bad storage class", call{Key: "k", Body: []byte("x"), Header: map[string]string{"x-cos-storage-class": "GLACIER"}}, 400, "InvalidArgument"},
		{"bad acl", call{Key: "k", Body: []byte("x"), Header: map[string]string{"x-cos-acl": "bucket-owner-read"}}, 400, "InvalidArgument"},
		{"key too long", call{Key: strings.Repeat("k", 851), Body: []byte("x")}, 400, "KeyTooLong"},
		{"key at limit", call{Key: strings.Repeat("k", 850), Body: []byte("x")}, 200, ""},
		{"key dot", call{Key: ".", Body: []byte("x")}, 400, "InvalidObjectName"},
		{"key cleans to root", call{Key: "a/..", Body: []byte("x")}, 400, "InvalidObjectName"},
		{"control character", call{Key: "a\x1bb", Body: []byte("x")}, 400, "InvalidObjectName"},
		{"no bucket", call{Bucket: "nope-1250000000", Key: "k", Body: []byte("x")}, 404, "NoSuchBucket"},
		{"forbid overwrite", call{Key: "k", Body: []byte("x"), Header: map[string]string{"x-cos-forbid-overwrite": "true"}}, 409, "FileAlreadyExists"},
	}
	for _, tt := range tests {
		tt.c.Method = http.MethodPut
		if tt.c.Bucket == "" {
			tt.c.Bucket = testBucket
		}
		r := e.do(tt.c)
		assert.Equal(t, tt.status, r.Status, "%s: %s", tt.name, r.Body)
		assert.Equal(t, tt.code, r.errCode(), tt.name)
	}
	got, _ := e.srv.Object(testBucket, "k")
	assert.Equal(t, []byte("x"), got, "failed PUTs stored nothing")
}

func TestPutObjectLengthRules(t *testing.T) {
	t.Parallel()
	e := newEnv(t, withAnon()).withBucket()
	raw := rawExchange(t, e, "PUT /"+testBucket+"/k HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
	assert.True(t, strings.HasPrefix(raw, "HTTP/1.1 411 "), raw)
	raw = rawExchange(t, e, "PUT /"+testBucket+"/k HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5368709121\r\n\r\n")
	assert.True(t, strings.HasPrefix(raw, "HTTP/1.1 400 "), raw)
	raw = rawExchange(t, e, "PUT /"+testBucket+"/k HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n")
	assert.True(t, strings.HasPrefix(raw, "HTTP/1.1 200 "), raw)
	assert.Contains(t, raw, "Etag: \"5d41402abc4b2a76b9719d911017c592\"")
	got, _ := e.srv.Object(testBucket, "k")
	assert.Equal(t, "hello", string(got))
}

func TestGetRanges(t *testing.T) {
	t.Parallel()
	e := newEnv(t).withBucket()
	data := []byte("0123456789")
	e.put("r", data, nil)
	tests := []struct {
		rng    string
		status int
		body   string
		cr     string
	}{
		{"bytes=0-4", 206, "01234", "bytes 0-4/10"},
		{"bytes=5-", 206, "56789", "bytes 5-9/10"},
		{"bytes=-3", 206, "789", "bytes 7-9/10"},
		{"bytes=8-100", 206, "89", "bytes 8-9/10"},
		{"bytes=10-", 416, "", "bytes */10"},
		{"bytes=0-1,4-5", 200, "0123456789", ""},
		{"bytes=garbage", 200, "0123456789", ""},
	}
	for _, tt := range tests {
		r := e.do(call{Bucket: testBucket, Key: "r", Header: map[string]string{"Range": tt.rng}})
		require.Equal(t, tt.status, r.Status, tt.rng)
		assert.Equal(t, tt.cr, r.Header.Get("Content-Range"), tt.rng)
		if tt.status == 416 {
			assert.Equal(t, "InvalidRange", r.errCode())
			continue
		}
		assert.Equal(t, tt.body, string(r.Body), tt.rng)
		assert.Equal(t, crcOf(data), r.Header.Get("x-cos-hash-crc64ecma"), "whole-object CRC on every GET")
	}
}

func TestConditionalRequests(t *testing.T) {
	t.Parallel()
	fc := newFakeClock()
	e := newClockEnv(t, fc).withBucket()
	e.put("c", []byte("hello"), nil)
	etag := `"5d41402abc4b2a76b9719d911017c592"`
	mod := fc.Now()
	before := mod.Add(-time.Hour).Format(http.TimeFormat)
	after := mod.Add(time.Hour).Format(http.TimeFormat)
	tests := []struct {
		name   string
		hdr    map[string]string
		status int
	}{
		{"if-match ok", map[string]string{"If-Match": etag}, 200},
		{"if-match unquoted", map[string]string{"If-Match": strings.Trim(etag, `"`)}, 200},
		{"if-match star", map[string]string{"If-Match": "*"}, 200},
		{"if-match list", map[string]string{"If-Match": `"x", ` + etag}, 200},
		{"if-match fails", map[string]string{"If-Match": `"other"`}, 412},
		{"if-none-match hits", map[string]string{"If-None-Match": etag}, 304},
		{"if-none-match misses", map[string]string{"If-None-Match": `"other"`}, 200},
		{"if-modified-since past", map[string]string{"If-Modified-Since": before}, 200},
		{"if-modified-since future", map[string]string{"If-Modified-Since": after}, 304},
		{"if-unmodified-since past", map[string]string{"If-Unmodified-Since": before}, 412},
		{"if-unmodified-since future", map[string]string{"If-Unmodified-Since": after}, 200},
		{"if-match beats if-unmodified-since", map[string]string{"If-Match": etag, "If-Unmodified-Since": before}, 200},
		{"if-none-match beats if-modified-since", map[string]string{"If-None-Match": `"other"`, "If-Modified-Since": after}, 200},
		{"both fail: 412 first", map[string]string{"If-Match": `"x"`, "If-None-Match": etag}, 412},
	}
	for _, tt := range tests {
		for _, method := range []string{http.MethodGet, http.MethodHead} {
			r := e.do(call{Method: method, Bucket: testBucket, Key: "c", Header: tt.hdr})
			assert.Equal(t, tt.status, r.Status, "%s %s", method, tt.name)
			switch tt.status {
			case 304:
				assert.Empty(t, r.Body)
				assert.Equal(t, etag, r.Header.Get("ETag"))
			case 412:
				if method == http.MethodGet {
					assert.Equal(t, "PreconditionFailed", r.errCode())
				}
			}
		}
	}
}

func TestResponseOverrides(t *testing.T) {
	t.Parallel()
	e := newEnv(t).withBucket()
	e.put("o", []byte("x"), map[string]string{"Content-Type": "text/plain"})
	r := e.do(call{Bucket: testBucket, Key: "o",
		Query: "response-content-type=application%2Fjson&response-content-disposition=attachment%3B%20filename%3D%22a.txt%22&response-cache-control=no-cache&response-expires=0&response-content-language=en&response-content-encoding=identity"})
	require.Equal(t, 200, r.Status)
	assert.Equal(t, "application/json", r.Header.Get("Content-Type"))
	assert.Equal(t, `attachment; filename="a.txt"`, r.Header.Get("Content-Disposition"))
	assert.Equal(t, "no-cache", r.Header.Get("Cache-Control"))
	assert.Equal(t, "0", r.Header.Get("Expires"))
	assert.Equal(t, "en", r.Header.Get("Content-Language"))
	assert.Equal(t, "identity", r.Header.Get("Content-Encoding"))
}

func TestDeleteObject(t *testing.T) {
	t.Parallel()
	e := newEnv(t).withBucket()
	e.put("d", []byte("x"), nil)
	r := e.do(call{Method: http.MethodDelete, Bucket: testBucket, Key: "d"})
	assert.Equal(t, 204, r.Status)
	r = e.do(call{Method: http.MethodDelete, Bucket: testBucket, Key: "d", Query: "VersionId=abc"})
	assert.Equal(t, 204, r.Status, "deleting a missing key succeeds")
	r = e.do(call{Bucket: testBucket, Key: "d"})
	assert.Equal(t, 404, r.Status)
	assert.Equal(t, "NoSuchKey", r.errCode())
	r = e.do(call{Method: http.MethodHead, Bucket: testBucket, Key: "d"})
	assert.Equal(t, 404, r.Status)
	assert.Empty(t, r.Body)
	r = e.do(call{Method: http.MethodDelete, Bucket: "nope-1250000000", Key: "d"})
	assert.Equal(t, "NoSuchBucket", r.errCode())
}

type deleteResultDoc struct {
	Deleted []struct {
		Key string `xml:"Key"`
	} `xml:"Deleted"`
	Errors []struct {
		Key, Code string
	} `xml:"Error"`
}

func TestDeleteMultipleObjects(t *testing.T) {
	t.Parallel()
	e := newEnv(t).withBucket()
	for _, k := range []string{"a", "b", "c"} {
		e.put(k, []byte(k), nil)
	}
	// Node order (Objects then Quiet), verbose, with a missing key.
	r := e.xmlCall(http.MethodPost, "", "delete=", `<Delete><Object><Key>a</Key></Object><Object><Key>missing</Key></Object><Quiet>false</Quiet></Delete>`)
	require.Equal(t, 200, r.Status, string(r.Body))
	doc := decode[deleteResultDoc](t, r)
	require.Len(t, doc.Deleted, 2)
	assert.Equal(t, "a", doc.Deleted[0].Key)
	assert.Equal(t, "missing", doc.Deleted[1].Key)
	// Go order (Quiet first), quiet.
	r = e.xmlCall(http.MethodPost, "", "delete", `<Delete><Quiet>true</Quiet><Object><Key>b</Key></Object><Object><Key>.</Key></Object></Delete>`)
	require.Equal(t, 200, r.Status)
	doc = decode[deleteResultDoc](t, r)
	assert.Empty(t, doc.Deleted)
	require.Len(t, doc.Errors, 1)
	assert.Equal(t, ".", doc.Errors[0].Key)
	assert.Equal(t, []string{"c"}, e.srv.ObjectKeys(testBucket))

	// Without Content-MD5.
	r = e.do(call{Method: http.MethodPost, Bucket: testBucket, Query: "delete", Body: []byte(`<Delete><Object><Key>c</Key></Object></Delete>`)})
	assert.Equal(t, 400, r.Status)
	assert.Equal(t, "InvalidRequest", r.errCode())
	// Too many keys, none, malformed, wrong digest.
	var many strings.Builder
	many.WriteString("<Delete>")
	for i := range 1001 {
		fmt.Fprintf(&many, "<Object><Key>k%d</Key></Object>", i)
	}
	many.WriteString("</Delete>")
	for _, body := range []string{many.String(), "<Delete></Delete>", "<Delete><Object>", "<Other/>"} {
		r = e.xmlCall(http.MethodPost, "", "delete", body)
		assert.Equal(t, "MalformedXML", r.errCode(), body[:min(len(body), 40)])
	}
	r = e.do(call{Method: http.MethodPost, Bucket: testBucket, Query: "delete", Body: []byte("<Delete/>"),
		Header: map[string]string{"Content-MD5": md5b64([]byte("x"))}})
	assert.Equal(t, "BadDigest", r.errCode())
	assert.Equal(t, []string{"c"}, e.srv.ObjectKeys(testBucket))
}

func TestSeedingHelpers(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	assert.Error(t, e.srv.PutObject(testBucket, "k", []byte("x"), nil), "no bucket yet")
	require.NoError(t, e.srv.CreateBucket(testBucket))
	assert.Error(t, e.srv.CreateBucket(testBucket))
	assert.Error(t, e.srv.CreateBucket("Bad_Name"))
	require.NoError(t, e.srv.PutObject(testBucket, "k", []byte("data"), map[string]string{
		"content-type": "text/csv", "author": "me", "x-cos-storage-class": "ARCHIVE",
	}))
	r := e.do(call{Method: http.MethodHead, Bucket: testBucket, Key: "k"})
	assert.Equal(t, "text/csv", r.Header.Get("Content-Type"))
	assert.Equal(t, "me", r.Header.Get("x-cos-meta-author"))
	assert.Equal(t, "ARCHIVE", r.Header.Get("x-cos-storage-class"))
	_, ok := e.srv.Object(testBucket, "missing")
	assert.False(t, ok)
	assert.Nil(t, e.srv.ObjectKeys("nope-1"))
	assert.Empty(t, e.srv.MultipartUploads(testBucket))
}
