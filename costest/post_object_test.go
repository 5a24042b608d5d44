package costest_test

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/textproto"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cosgo/cos"
	"github.com/cosgo/cos/costest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// postEnv is a server, a cos client for presigning, and a browser-like
// poster.
type postEnv struct {
	*env
	c *cos.Client
}

func newPostEnv(t *testing.T, opts ...costest.Option) *postEnv {
	e := newEnv(t, opts...).withBucket()
	e.client.CheckRedirect = noRedirect
	id, key := e.srv.Credentials()
	c, err := cos.NewClient(cos.WithEndpoint(e.srv.URL), cos.WithBucket(testBucket), cos.WithStaticCredentials(id, key, ""))
	require.NoError(t, err)
	return &postEnv{env: e, c: c}
}

// noRedirect keeps a 303 answer for the test to read, as a browser's
// fetch with redirect: "manual" would.
func noRedirect(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

func (p *postEnv) presign(pol *cos.PostPolicy) *cos.PresignedPost {
	p.t.Helper()
	post, err := p.c.Object.PresignPost(context.Background(), pol)
	require.NoError(p.t, err)
	return post
}

// formPart is one field of a form, in order.
type formPart struct{ name, value string }

// fieldsOf lists a presigned form's fields in a fixed order.
func fieldsOf(post *cos.PresignedPost) []formPart {
	var out []formPart
	for name, v := range post.Fields {
		out = append(out, formPart{name, v})
	}
	slices.SortFunc(out, func(a, b formPart) int { return strings.Compare(a.name, b.name) })
	return out
}

// submit posts fields then the file, as a browser's multipart form does:
// no Authorization header, the file last with its own Content-Type.
func (p *postEnv) submit(action string, fields []formPart, filename string, content []byte) result {
	p.t.Helper()
	var buf bytes.Buffer
	ct := writeForm(p.t, &buf, fields, filename, content)
	req, err := http.NewRequest(http.MethodPost, action, &buf)
	require.NoError(p.t, err)
	req.Header.Set("Content-Type", ct)
	return p.send(req)
}

// writeForm writes a multipart form of fields and, unless filename is
// empty, the file; it returns the form's Content-Type.
func writeForm(t *testing.T, buf *bytes.Buffer, fields []formPart, filename string, content []byte) string {
	t.Helper()
	w := multipart.NewWriter(buf)
	for _, f := range fields {
		require.NoError(t, w.WriteField(f.name, f.value))
	}
	if filename != "" {
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", `form-data; name="file"; filename="`+filename+`"`)
		h.Set("Content-Type", "application/x-browser-guess")
		fw, err := w.CreatePart(h)
		require.NoError(t, err)
		_, _ = fw.Write(content)
		require.NoError(t, w.WriteField("x-cos-meta-after-file", "ignored"))
	}
	require.NoError(t, w.Close())
	return w.FormDataContentType()
}

func (p *postEnv) stored(key string) ([]byte, bool) { return p.srv.Object(testBucket, key) }

func TestPostObjectStoresTheFile(t *testing.T) {
	t.Parallel()
	p := newPostEnv(t)
	post := p.presign(&cos.PostPolicy{Key: "uploads/${filename}", MaxSize: 100, ContentType: "text/plain",
		Metadata: map[string]string{"uploader": "alice"}, ACL: cos.ACLPublicRead})
	r := p.submit(post.URL.String(), fieldsOf(post), "notes 1.txt", []byte("hello form"))
	require.Equal(t, http.StatusNoContent, r.Status, string(r.Body))
	assert.Equal(t, md5hex([]byte("hello form")), r.Header.Get("ETag"))
	assert.Equal(t, p.srv.URL+"/"+testBucket+"/uploads/notes%201.txt", r.Header.Get("Location"))
	assert.Equal(t, strconv.FormatUint(cos.CRC64([]byte("hello form")), 10), r.Header.Get("x-cos-hash-crc64ecma"))

	got := p.do(call{Bucket: testBucket, Key: "uploads/notes 1.txt", Unsigned: true})
	require.Equal(t, http.StatusOK, got.Status, "public-read from the form's acl field")
	assert.Equal(t, "hello form", string(got.Body))
	assert.Equal(t, "text/plain", got.Header.Get("Content-Type"), "the form's Content-Type, not the browser's guess")
	assert.Equal(t, "alice", got.Header.Get("x-cos-meta-uploader"))
	assert.Empty(t, got.Header.Get("x-cos-meta-after-file"), "fields after the file are not part of the form")
}

// Every broken condition is refused with COS's code, and nothing is stored.
func TestPostObjectRefusesBrokenConditions(t *testing.T) {
	t.Parallel()
	fc := &fakeClock{now: time.Now()} // the client signs on the real clock
	p := newPostEnv(t, costest.WithClock(fc.Now))
	base := &cos.PostPolicy{KeyPrefix: "in/", Expires: time.Minute, MinSize: 2, MaxSize: 10, ContentTypePrefix: "image/",
		SuccessActionStatus: 201, Metadata: map[string]string{"m": "1"},
		Conditions: []cos.PostCondition{{Op: cos.PostConditionStartsWith, Field: "Content-Disposition", Value: "attachment"}}}
	good := func() []formPart {
		post := p.presign(base)
		return append(fieldsOf(post), formPart{"Content-Type", "image/png"}, formPart{"Content-Disposition", "attachment; filename=x.png"})
	}
	action := p.presign(base).URL.String()
	set := func(fields []formPart, name, value string) []formPart {
		out := slices.Clone(fields)
		for i := range out {
			if out[i].name == name {
				out[i].value = value
				return out
			}
		}
		return append(out, formPart{name, value})
	}
	drop := func(fields []formPart, name string) []formPart {
		return slices.DeleteFunc(slices.Clone(fields), func(f formPart) bool { return f.name == name })
	}
	ok := good()
	cases := []struct {
		name    string
		fields  []formPart
		content string
		status  int
		code    string
	}{
		{"key outside the prefix", set(ok, "key", "out/x"), "abc", 403, "AccessDenied"},
		{"content type", set(ok, "Content-Type", "text/html"), "abc", 403, "AccessDenied"},
		{"missing content type", drop(ok, "Content-Type"), "abc", 403, "AccessDenied"},
		{"disposition", set(ok, "Content-Disposition", "inline"), "abc", 403, "AccessDenied"},
		{"metadata", set(ok, "x-cos-meta-m", "2"), "abc", 403, "AccessDenied"},
		{"missing metadata", drop(ok, "x-cos-meta-m"), "abc", 403, "AccessDenied"},
		{"status", set(ok, "success_action_status", "200"), "abc", 403, "AccessDenied"},
		{"too small", ok, "a", 400, "EntityTooSmall"},
		{"too large", ok, "abcdefghijk", 400, "EntityTooLarge"},
		{"bad signature", set(ok, "q-signature", strings.Repeat("0", 40)), "abc", 403, "SignatureDoesNotMatch"},
		{"tampered policy", set(ok, "policy", p.presign(&cos.PostPolicy{KeyPrefix: "other/"}).Fields["policy"]), "abc", 403, "SignatureDoesNotMatch"},
		{"unknown key id", set(ok, "q-ak", "AKIDnobody"), "abc", 403, "InvalidAccessKeyId"},
		{"no signature", drop(ok, "q-signature"), "abc", 403, "AccessDenied"},
		{"policy not base64", set(ok, "policy", "%%%"), "abc", 400, "InvalidPolicyDocument"},
		{"no policy, no signature", drop(drop(ok, "policy"), "q-signature"), "abc", 403, "AccessDenied"},
	}
	for _, tc := range cases {
		r := p.submit(action, tc.fields, "pic.png", []byte(tc.content))
		assert.Equal(t, tc.status, r.Status, "%s: %s", tc.name, r.Body)
		assert.Equal(t, tc.code, r.errCode(), tc.name)
	}
	assert.Empty(t, p.srv.ObjectKeys(testBucket), "no refused form stored anything")

	r := p.submit(action, ok, "pic.png", []byte("abc"))
	require.Equal(t, http.StatusCreated, r.Status, string(r.Body))
	_, stored := p.stored("in/pic.png")
	assert.True(t, stored)

	// An expired policy: the form was signed for a minute.
	fc.Advance(2 * time.Minute)
	r = p.submit(action, set(ok, "key", "in/late.png"), "late.png", []byte("abc"))
	assert.Equal(t, http.StatusForbidden, r.Status)
	assert.Equal(t, "AccessDenied", r.errCode())
	_, stored = p.stored("in/late.png")
	assert.False(t, stored)
}

// zeros is an endless source of zero bytes that counts what was read.
type zeros struct{ n int64 }

func (z *zeros) Read(p []byte) (int, error) {
	clear(p)
	z.n += int64(len(p))
	return len(p), nil
}

// A file larger than the policy's content-length-range is refused once
// the range is exceeded: costest must not read (and hold in memory) the
// whole file first. The body is declared larger than what costest drains
// after an error, so what was read is what the handler read.
func TestPostObjectStopsReadingPastTheSizeRange(t *testing.T) {
	t.Parallel()
	p := newPostEnv(t)
	post := p.presign(&cos.PostPolicy{Key: "small.txt", MaxSize: 10})
	var head bytes.Buffer
	w := multipart.NewWriter(&head)
	for _, f := range fieldsOf(post) {
		require.NoError(t, w.WriteField(f.name, f.value))
	}
	_, err := w.CreateFormFile("file", "small.txt")
	require.NoError(t, err)
	tail := "\r\n--" + w.Boundary() + "--\r\n"
	const fileSize = 80 << 20
	src := &zeros{}
	body := io.MultiReader(bytes.NewReader(head.Bytes()), io.LimitReader(src, fileSize), strings.NewReader(tail))
	req := httptest.NewRequest(http.MethodPost, post.URL.String(), body)
	req.ContentLength = int64(head.Len()) + fileSize + int64(len(tail))
	req.Header.Set("Content-Type", w.FormDataContentType())
	rec := httptest.NewRecorder()
	p.srv.Handler().ServeHTTP(rec, req)
	r := result{Status: rec.Code, Header: rec.Header(), Body: rec.Body.Bytes()}
	assert.Equal(t, http.StatusBadRequest, r.Status, string(r.Body))
	assert.Equal(t, "EntityTooLarge", r.errCode())
	assert.Less(t, src.n, int64(1<<20), "costest read %d bytes of a file the policy limits to 10", src.n)
	_, stored := p.stored("small.txt")
	assert.False(t, stored)
}
