package conformance

import (
	"bytes"
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/cosgo/cos"
)

// testPostForm posts a PresignPost form as a browser does (multipart, the
// file last, no credentials): the object is stored with the policy's
// metadata; a file outside the size range is refused and nothing stored.
func (s *suite) testPostForm(t *testing.T, e *env) {
	ctx := e.ctx(t)
	post, err := e.c.Object.PresignPost(ctx, &cos.PostPolicy{
		KeyPrefix: e.prefix + "form/", Expires: 10 * time.Minute, MinSize: 1, MaxSize: 64,
		ContentType: "text/plain", Metadata: map[string]string{"source": "form"}, SuccessActionStatus: 201,
	})
	must(t, err, "PresignPost")
	submit := func(filename string, content []byte) *http.Response {
		t.Helper()
		var body bytes.Buffer
		w := multipart.NewWriter(&body)
		names := make([]string, 0, len(post.Fields))
		for name := range post.Fields {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			must(t, w.WriteField(name, post.Fields[name]), "form field")
		}
		fw, err := w.CreateFormFile("file", filename)
		must(t, err, "file part")
		_, _ = fw.Write(content)
		must(t, w.Close(), "form")
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, post.URL.String(), &body)
		must(t, err, "POST request")
		req.Header.Set("Content-Type", w.FormDataContentType())
		resp, err := e.h.HTTPClient.Do(req)
		must(t, err, "POST form")
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp
	}
	data := []byte("uploaded by a form")
	resp := submit("a.txt", data)
	equal(t, resp.StatusCode, http.StatusCreated, "form POST status (success_action_status 201)")
	key := e.prefix + "form/a.txt"
	resp2, err := e.c.Object.Get(ctx, key, nil)
	got := readAll(t, resp2, err, "Get")
	sameBytes(t, got, data, "object stored by the form")
	meta, _, err := e.c.Object.Head(ctx, key, nil)
	must(t, err, "Head")
	equal(t, meta.ContentType, "text/plain", "Content-Type from the form")
	equal(t, meta.Metadata["source"], "form", "metadata from the form")

	resp = submit("big.txt", bytes.Repeat([]byte("x"), 65))
	equal(t, resp.StatusCode, http.StatusBadRequest, "a file over MaxSize")
	ok, err := e.c.Object.Exists(ctx, e.prefix+"form/big.txt")
	must(t, err, "Exists")
	equal(t, ok, false, "a refused form stores nothing")
}

// testAppendAndSymlink builds an appendable object, resumes after a wrong
// position, and reads it through a symbolic link.
func (s *suite) testAppendAndSymlink(t *testing.T, e *env) {
	ctx := e.ctx(t)
	key := e.prefix + "append/log.txt"
	first, _, err := e.c.Object.Append(ctx, key, 0, strings.NewReader("one\n"), nil)
	must(t, err, "Append at 0")
	equal(t, first.NextPosition, int64(4), "next position")
	_, _, err = e.c.Object.Append(ctx, key, 0, strings.NewReader("one\n"), nil)
	errIs(t, err, cos.ErrPositionNotEqualToLength, "Append at a stale position")
	meta, _, err := e.c.Object.Head(ctx, key, nil)
	must(t, err, "Head")
	equal(t, meta.ObjectType, "appendable", "x-cos-object-type")
	equal(t, meta.NextAppendPosition, int64(4), "NextAppendPosition from Head")
	crc := first.CRC64
	res, _, err := e.c.Object.Append(ctx, key, meta.NextAppendPosition, strings.NewReader("two\n"),
		&cos.ObjectAppendOptions{PreviousCRC64: &crc})
	must(t, err, "Append resumed")
	equal(t, res.CRC64, cos.CRC64([]byte("one\ntwo\n")), "whole-object CRC64")

	e.put(t, ctx, e.prefix+"append/normal", []byte("n"))
	_, _, err = e.c.Object.Append(ctx, e.prefix+"append/normal", 1, strings.NewReader("x"), nil)
	errIs(t, err, cos.ErrObjectNotAppendable, "Append to a normal object")

	link := e.prefix + "append/latest"
	_, err = e.c.Object.PutSymlink(ctx, link, key, nil)
	must(t, err, "PutSymlink")
	target, _, err := e.c.Object.GetSymlink(ctx, link)
	must(t, err, "GetSymlink")
	equal(t, target, key, "symlink target")
	via, err := e.c.Object.Get(ctx, link, nil)
	sameBytes(t, readAll(t, via, err, "GET through the link"), []byte("one\ntwo\n"), "GET through the link")
	if _, err := e.c.Object.Delete(ctx, link, nil); err != nil && !errors.Is(err, cos.ErrNotFound) {
		t.Errorf("delete link: %v", err)
	}
}
