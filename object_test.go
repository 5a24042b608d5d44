package cos

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// objFastRetry retries quickly so retry tests stay fast.
func objFastRetry() Option {
	return WithRetryer(&StandardRetryer{Attempts: 3, BaseDelay: time.Millisecond, MaxBackoff: 2 * time.Millisecond})
}

// objPutOK answers a PUT with the body's ETag-ish value and true CRC64.
func objPutOK(rec **recorder) func(w http.ResponseWriter, r *http.Request, n int) {
	return func(w http.ResponseWriter, r *http.Request, n int) {
		body := (*rec).requests()[n-1].Body
		w.Header().Set("ETag", `"etag-`+strconv.Itoa(n)+`"`)
		w.Header().Set(headerCRC64, strconv.FormatUint(CRC64(body), 10))
		w.Header().Set("x-cos-request-id", "rid")
		w.WriteHeader(http.StatusOK)
	}
}

func objNewRecorder(t *testing.T, h func(rec **recorder) func(http.ResponseWriter, *http.Request, int)) *recorder {
	var rec *recorder
	rec = newRecorder(t, h(&rec))
	return rec
}

// objGolden compares got with testdata/name (rewritten with -update).
func objGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if f := flag.Lookup("update"); f != nil && f.Value.String() == "true" {
		require.NoError(t, os.WriteFile(path, got, 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, strings.TrimSpace(string(want)), strings.TrimSpace(string(got)), name)
}

func TestPutRequestShape(t *testing.T) {
	t.Parallel()
	rec := objNewRecorder(t, objPutOK)
	c := rec.client(t)
	opt := &ObjectPutOptions{
		ACLHeaders:         ACLHeaders{ACL: ACLPublicRead, GrantRead: `id="qcs::cam::uin/1:uin/2"`},
		SSEHeaders:         SSEHeaders{ServerSideEncryption: "AES256"},
		StorageClass:       "standard_ia",
		CacheControl:       "no-cache",
		ContentDisposition: "attachment",
		ContentEncoding:    "gzip",
		ContentLanguage:    "zh-CN",
		Expires:            time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC),
		ContentMD5:         "XUFAKrxLKna5cZ2REBfFkg==",
		Metadata:           map[string]string{"Author": "Zhang San", "x-y": "1"},
		Tagging:            "a=1",
		ForbidOverwrite:    true,
		TrafficLimit:       819200,
	}
	res, resp, err := c.Object.Put(context.Background(), "docs/a.txt", strings.NewReader("hello"), opt)
	require.NoError(t, err)
	assert.Equal(t, "rid", resp.RequestID)
	assert.Equal(t, "etag-1", res.ETag)
	assert.Equal(t, uint64(11177612005948864433), res.CRC64)
	assert.Equal(t, StorageClass("standard_ia"), opt.StorageClass, "caller's options untouched")

	reqs := rec.requests()
	require.Len(t, reqs, 1)
	r := reqs[0]
	assert.True(t, r.SigOK)
	assert.Equal(t, http.MethodPut, r.Method)
	assert.Equal(t, "/"+testBucket+"/docs/a.txt", r.Path)
	assert.Equal(t, "", r.RawQuery)
	assert.Equal(t, "hello", string(r.Body))
	want := map[string]string{
		"Content-Type":                 "text/plain; charset=utf-8",
		"Content-Length":               "5",
		"x-cos-acl":                    "public-read",
		"x-cos-grant-read":             `id="qcs::cam::uin/1:uin/2"`,
		"x-cos-server-side-encryption": "AES256",
		"x-cos-storage-class":          "STANDARD_IA",
		"Cache-Control":                "no-cache",
		"Content-Disposition":          "attachment",
		"Content-Encoding":             "gzip",
		"Content-Language":             "zh-CN",
		"Expires":                      "Wed, 02 Jan 2030 03:04:05 GMT",
		"Content-MD5":                  "XUFAKrxLKna5cZ2REBfFkg==",
		"x-cos-meta-author":            "Zhang San",
		"x-cos-meta-x-y":               "1",
		"x-cos-tagging":                "a=1",
		"x-cos-forbid-overwrite":       "true",
		"x-cos-traffic-limit":          "819200",
	}
	for k, v := range want {
		assert.Equal(t, v, r.Header.Get(k), k)
	}
	assert.Empty(t, r.Header.Get("Transfer-Encoding"))
}

func TestPutContentTypeDefaults(t *testing.T) {
	t.Parallel()
	rec := objNewRecorder(t, objPutOK)
	c := rec.client(t)
	ctx := context.Background()
	for _, key := range []string{"noext", "a.png"} {
		_, _, err := c.Object.Put(ctx, key, strings.NewReader("x"), nil)
		require.NoError(t, err)
	}
	_, _, err := c.Object.Put(ctx, "a.png", strings.NewReader("x"), &ObjectPutOptions{ContentType: "text/x-mine"})
	require.NoError(t, err)
	reqs := rec.requests()
	require.Len(t, reqs, 3)
	assert.Equal(t, "application/octet-stream", reqs[0].Header.Get("Content-Type"))
	assert.Equal(t, "image/png", reqs[1].Header.Get("Content-Type"))
	assert.Equal(t, "text/x-mine", reqs[2].Header.Get("Content-Type"))
}

func TestPutCRCMismatch(t *testing.T) {
	t.Parallel()
	rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request, n int) {
		w.Header().Set("ETag", `"x"`)
		w.Header().Set(headerCRC64, "12345")
	})
	c := rec.client(t)
	res, resp, err := c.Object.Put(context.Background(), "a", strings.NewReader("hello"), nil)
	require.ErrorIs(t, err, ErrChecksumMismatch)
	assert.Nil(t, res)
	require.NotNil(t, resp)
	assert.Contains(t, err.Error(), "PutObject a")
}

func TestPutWithoutServerCRCReportsLocal(t *testing.T) {
	t.Parallel()
	rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request, n int) {
		w.Header().Set("ETag", `"x"`)
		w.Header().Set("x-cos-version-id", "v1")
		w.Header().Set("x-cos-expiration", `expiry-date="x"`)
	})
	c := rec.client(t)
	res, _, err := c.Object.Put(context.Background(), "a", bytes.NewReader([]byte("hello")), nil)
	require.NoError(t, err)
	assert.Equal(t, CRC64([]byte("hello")), res.CRC64)
	assert.Equal(t, "v1", res.VersionID)
	assert.Equal(t, `expiry-date="x"`, res.Expiration)
}

// objStream hides every interface but io.Reader.
type objStream struct{ r io.Reader }

func (s objStream) Read(p []byte) (int, error) { return s.r.Read(p) }

func TestPutStreamNeedsContentLength(t *testing.T) {
	t.Parallel()
	rec := objNewRecorder(t, objPutOK)
	c := rec.client(t)
	_, _, err := c.Object.Put(context.Background(), "a", objStream{strings.NewReader("hello")}, nil)
	require.ErrorIs(t, err, ErrInvalidArgument)
	assert.Contains(t, err.Error(), "ContentLength")
	assert.Contains(t, err.Error(), "transfer.Uploader")
	assert.Empty(t, rec.requests())

	res, _, err := c.Object.Put(context.Background(), "a", objStream{strings.NewReader("hello world")}, &ObjectPutOptions{ContentLength: 5})
	require.NoError(t, err)
	assert.Equal(t, CRC64([]byte("hello")), res.CRC64)
	require.Len(t, rec.requests(), 1)
	assert.Equal(t, "hello", string(rec.requests()[0].Body))
}

func TestPutRetriesReplayableBodyAndHashesLastAttempt(t *testing.T) {
	t.Parallel()
	var rec *recorder
	rec = newRecorder(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if n < 3 {
			writeXML(w, 503, errorXML("ServiceUnavailable", "busy"))
			return
		}
		objPutOK(&rec)(w, r, n)
	})
	c := rec.client(t, objFastRetry())
	f := filepath.Join(t.TempDir(), "f.bin")
	data := bytes.Repeat([]byte("0123456789"), 10000)
	require.NoError(t, os.WriteFile(f, data, 0o600))
	res, _, err := c.Object.PutFile(context.Background(), "dir/f.json", f, nil)
	require.NoError(t, err)
	assert.Equal(t, CRC64(data), res.CRC64)
	reqs := rec.requests()
	require.Len(t, reqs, 3)
	for _, r := range reqs {
		assert.Equal(t, data, r.Body)
		assert.Equal(t, "application/json", r.Header.Get("Content-Type"))
	}
}

func TestPutStreamIsNotRetried(t *testing.T) {
	t.Parallel()
	rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request, n int) {
		writeXML(w, 503, errorXML("ServiceUnavailable", "busy"))
	})
	c := rec.client(t, objFastRetry())
	_, resp, err := c.Object.Put(context.Background(), "a", objStream{strings.NewReader("hello")}, &ObjectPutOptions{ContentLength: 5})
	require.Error(t, err)
	require.NotNil(t, resp)
	assert.Equal(t, 503, resp.StatusCode)
	assert.Len(t, rec.requests(), 1)
}

func TestPutFileMissing(t *testing.T) {
	t.Parallel()
	rec := newRecorder(t, nil)
	c := rec.client(t)
	_, _, err := c.Object.PutFile(context.Background(), "a", filepath.Join(t.TempDir(), "nope"), nil)
	require.ErrorIs(t, err, os.ErrNotExist)
	_, _, err = c.Object.PutFile(context.Background(), "a", "", nil)
	require.ErrorIs(t, err, ErrInvalidArgument)
	assert.Empty(t, rec.requests())
}

func TestPutBadInputSendsNothing(t *testing.T) {
	t.Parallel()
	rec := newRecorder(t, nil)
	c := rec.client(t)
	long := strings.Repeat("v", 2040)
	cases := []struct {
		name  string
		key   string
		body  io.Reader
		opt   *ObjectPutOptions
		field string
	}{
		{"empty key", "", strings.NewReader("x"), nil, "key"},
		{"key too long", strings.Repeat("k", 851), strings.NewReader("x"), nil, "key"},
		{"root key", "a/..", strings.NewReader("x"), nil, "key"},
		{"nil body", "a", nil, nil, "body"},
		{"storage class", "a", strings.NewReader("x"), &ObjectPutOptions{StorageClass: "COLD"}, "StorageClass"},
		{"bucket-only ACL", "a", strings.NewReader("x"), &ObjectPutOptions{ACLHeaders: ACLHeaders{ACL: ACLAuthenticatedRead}}, "ACL"},
		{"meta name", "a", strings.NewReader("x"), &ObjectPutOptions{Metadata: map[string]string{"a_b": "1"}}, "Metadata"},
		{"meta empty name", "a", strings.NewReader("x"), &ObjectPutOptions{Metadata: map[string]string{"": "1"}}, "Metadata"},
		{"meta non-ASCII", "a", strings.NewReader("x"), &ObjectPutOptions{Metadata: map[string]string{"author": "张三"}}, "Metadata"},
		{"meta newline", "a", strings.NewReader("x"), &ObjectPutOptions{Metadata: map[string]string{"author": "a\nb"}}, "Metadata"},
		{"meta case twins", "a", strings.NewReader("x"), &ObjectPutOptions{Metadata: map[string]string{"A": "1", "a": "2"}}, "Metadata"},
		{"meta too large", "a", strings.NewReader("x"), &ObjectPutOptions{Metadata: map[string]string{"k1": long, "k2": "123456789"}}, "Metadata"},
		{"negative length", "a", strings.NewReader("x"), &ObjectPutOptions{ContentLength: -1}, "ContentLength"},
		{"length beyond body", "a", strings.NewReader("x"), &ObjectPutOptions{ContentLength: 2}, "ContentLength"},
		{"traffic limit", "a", strings.NewReader("x"), &ObjectPutOptions{TrafficLimit: -5}, "TrafficLimit"},
	}
	for _, tc := range cases {
		_, resp, err := c.Object.Put(context.Background(), tc.key, tc.body, tc.opt)
		require.ErrorIs(t, err, ErrInvalidArgument, tc.name)
		assert.Contains(t, err.Error(), tc.field, tc.name)
		assert.Nil(t, resp, tc.name)
	}
	assert.Empty(t, rec.requests())
}

func TestObjectKeyEscaping(t *testing.T) {
	t.Parallel()
	rec := objNewRecorder(t, objPutOK)
	c := rec.client(t)
	cases := []struct{ key, raw string }{
		{"a b.txt", "/a%20b.txt"},
		{"年度/报告.pdf", "/%E5%B9%B4%E5%BA%A6/%E6%8A%A5%E5%91%8A.pdf"},
		{"c++/x+y", "/c%2B%2B/x%2By"},
		{"q?x=1", "/q%3Fx%3D1"},
		{"hash#frag", "/hash%23frag"},
		{"100%", "/100%25"},
		{"/leading", "/%2Fleading"},
		{"dir//double", "/dir//double"},
	}
	for _, tc := range cases {
		_, _, err := c.Object.Put(context.Background(), tc.key, strings.NewReader("x"), nil)
		require.NoError(t, err, tc.key)
	}
	reqs := rec.requests()
	require.Len(t, reqs, len(cases))
	for i, tc := range cases {
		assert.Equal(t, "/"+testBucket+"/"+tc.key, reqs[i].Path, tc.key)
		assert.Equal(t, "/"+testBucket+tc.raw, reqs[i].RawPath, tc.key)
		assert.Empty(t, reqs[i].RawQuery, tc.key)
		assert.True(t, reqs[i].SigOK, tc.key)
	}
}

func TestPutTransportFailure(t *testing.T) {
	t.Parallel()
	c, err := NewClient(WithEndpoint("http://127.0.0.1:1"), WithBucket(testBucket), WithRetryer(NoRetry))
	require.NoError(t, err)
	_, resp, err := c.Object.Put(context.Background(), "a", strings.NewReader("x"), nil)
	require.Error(t, err)
	assert.Nil(t, resp)
	assert.False(t, errors.Is(err, ErrInvalidArgument))
}

// objPattern yields n deterministic bytes without holding them.
type objPattern struct{ left int64 }

var objBlock = func() []byte {
	b := make([]byte, 64<<10)
	for i := range b {
		b[i] = byte(i*7 + i>>8)
	}
	return b
}()

func (p *objPattern) Read(b []byte) (int, error) {
	if p.left <= 0 {
		return 0, io.EOF
	}
	if int64(len(b)) > p.left {
		b = b[:p.left]
	}
	n := copy(b, objBlock[p.left%int64(len(objBlock)):])
	p.left -= int64(n)
	return n, nil
}

// TestPutStreamsWithBoundedMemory sends 256 MiB from a non-seekable reader
// and samples the live heap: it must grow by less than 16 MiB.
func TestPutStreamsWithBoundedMemory(t *testing.T) {
	size := int64(256 << 20)
	if testing.Short() {
		size = 32 << 20
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := NewCRC64()
		n, err := io.Copy(h, r.Body)
		if err != nil || n != size {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		w.Header().Set(headerCRC64, strconv.FormatUint(h.Sum64(), 10))
	}))
	defer srv.Close()
	c, err := NewClient(WithEndpoint(srv.URL), WithBucket(testBucket), WithStaticCredentials(testID, testKey, ""))
	require.NoError(t, err)

	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	read := func() uint64 { metrics.Read(sample); return sample[0].Value.Uint64() }
	runtime.GC()
	base := read()
	var peak atomic.Uint64
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
				if v := read(); v > peak.Load() {
					peak.Store(v)
				}
			}
		}
	}()
	res, _, err := c.Object.Put(context.Background(), "big.bin", &objPattern{left: size}, &ObjectPutOptions{ContentLength: size})
	close(stop)
	<-done
	require.NoError(t, err, "the server's CRC64 was checked against the bytes sent")
	assert.NotZero(t, res.CRC64)
	growth := int64(peak.Load()) - int64(base)
	t.Logf("sent %d MiB; peak heap growth %.1f MiB", size>>20, float64(growth)/(1<<20))
	assert.Less(t, growth, int64(16<<20), "Put must stream, not buffer")
}

func TestPutTreatsErrorIn200AsError(t *testing.T) {
	t.Parallel()
	rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request, n int) {
		w.Header().Set("ETag", `"x"`)
		writeXML(w, 200, "  "+errorXML("InternalError", "write failed"))
	})
	c := rec.client(t, WithRetryer(NoRetry))
	_, _, err := c.Object.Put(context.Background(), "k", strings.NewReader("hi"), nil)
	require.Error(t, err)
	assert.Equal(t, "InternalError", ErrorCode(err))
	_, _, err = c.Object.UploadPart(context.Background(), "k", "up", 1, strings.NewReader("hi"), nil)
	require.Error(t, err)
	assert.Equal(t, "InternalError", ErrorCode(err))
}
