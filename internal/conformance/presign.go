package conformance

import (
	"bytes"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cosgo/cos"
)

// testPresign fetches presigned GET, HEAD and PUT URLs with a plain HTTP
// client, and checks that a tampered signature is refused.
func (s *suite) testPresign(t *testing.T, e *env) {
	ctx := e.ctx(t)
	key := e.prefix + "presigned/报告 v1+final.txt"
	data := []byte("presigned content")
	e.put(t, ctx, key, data)

	do := func(method string, u *url.URL, body []byte) (*http.Response, []byte) {
		t.Helper()
		var r io.Reader
		if body != nil {
			r = bytes.NewReader(body)
		}
		req, err := http.NewRequestWithContext(ctx, method, u.String(), r)
		must(t, err, "%s request", method)
		resp, err := e.h.HTTPClient.Do(req)
		must(t, err, "%s %s", method, cos.RedactURL(u.String()))
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		must(t, err, "%s: read body", method)
		return resp, b
	}

	get, err := e.c.Object.PresignURL(ctx, http.MethodGet, key, 5*time.Minute, nil)
	must(t, err, "PresignURL GET")
	resp, body := do(http.MethodGet, get, nil)
	equal(t, resp.StatusCode, http.StatusOK, "presigned GET status")
	sameBytes(t, body, data, "presigned GET body")

	head, err := e.c.Object.PresignURL(ctx, http.MethodHead, key, 5*time.Minute, nil)
	must(t, err, "PresignURL HEAD")
	resp, _ = do(http.MethodHead, head, nil)
	equal(t, resp.StatusCode, http.StatusOK, "presigned HEAD status")
	equal(t, resp.Header.Get("Content-Length"), strconv.Itoa(len(data)), "presigned HEAD Content-Length")

	// Signed response overrides.
	ov, err := e.c.Object.PresignURL(ctx, http.MethodGet, key, 5*time.Minute, &cos.PresignOptions{
		Query: url.Values{"response-content-type": {"application/x-presigned"}},
	})
	must(t, err, "PresignURL GET with response-content-type")
	resp, _ = do(http.MethodGet, ov, nil)
	equal(t, resp.StatusCode, http.StatusOK, "presigned GET with override: status")
	equal(t, resp.Header.Get("Content-Type"), "application/x-presigned", "response-content-type override")

	// A changed signature, and a changed key, are refused.
	bad := *get
	q := bad.Query()
	sig := q.Get("q-signature")
	if sig == "" {
		t.Fatalf("presigned URL without q-signature: %s", cos.RedactURL(get.String()))
	}
	q.Set("q-signature", strings.Repeat("0", len(sig)))
	bad.RawQuery = q.Encode()
	resp, _ = do(http.MethodGet, &bad, nil)
	equal(t, resp.StatusCode, http.StatusForbidden, "GET with a tampered signature")
	other := *get
	other.Path = strings.Replace(other.Path, "presigned", "presignes", 1)
	other.RawPath = ""
	resp, _ = do(http.MethodGet, &other, nil)
	equal(t, resp.StatusCode, http.StatusForbidden, "GET of another key with the same signature")

	put, err := e.c.Object.PresignURL(ctx, http.MethodPut, e.prefix+"presigned/uploaded.bin", 5*time.Minute, nil)
	must(t, err, "PresignURL PUT")
	up := pattern(4096, 7)
	resp, _ = do(http.MethodPut, put, up)
	equal(t, resp.StatusCode, http.StatusOK, "presigned PUT status")
	r, err := e.c.Object.Get(ctx, e.prefix+"presigned/uploaded.bin", nil)
	sameBytes(t, readAll(t, r, err, "Get uploaded"), up, "object uploaded by presigned PUT")

	_, err = e.c.Object.PresignURL(ctx, http.MethodGet, key, -time.Second, nil)
	errIs(t, err, cos.ErrInvalidArgument, "PresignURL with a negative expiry")
}
