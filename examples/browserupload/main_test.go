package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cosgo/cos"
	"github.com/cosgo/cos/costest"
)

const bucket = "uploads-1250000000"

// newTestPage serves the upload page on 127.0.0.1, signing forms for a
// bucket of an in-memory COS.
func newTestPage(t *testing.T, maxSize int64) (pageURL string, srv *costest.Server, c *cos.Client) {
	srv = costest.NewServer()
	t.Cleanup(srv.Close)
	require.NoError(t, srv.CreateBucket(bucket))
	id, key := srv.Credentials()
	c, err := cos.NewClient(cos.WithEndpoint(srv.URL), cos.WithBucket(bucket), cos.WithStaticCredentials(id, key, ""))
	require.NoError(t, err)
	page := httptest.NewServer(&Page{Client: c, KeyPrefix: "incoming/", MaxSize: maxSize, Logger: slog.New(slog.DiscardHandler)})
	t.Cleanup(page.Close)
	return page.URL + "/", srv, c
}

// The page's form, posted as a browser posts it (mime/multipart, hidden
// fields in document order, the file last, no credentials), stores the
// file with the policy's metadata and brings the browser back to /done.
func TestFormUploadsStraightToTheBucket(t *testing.T) {
	t.Parallel()
	pageURL, srv, c := newTestPage(t, 1<<20)
	ctx := context.Background()
	hc := &http.Client{}

	form, err := FetchForm(ctx, hc, pageURL)
	require.NoError(t, err)
	assert.Equal(t, srv.URL+"/"+bucket+"/", form.Action, "the form posts to the bucket, not to the page")
	fields := map[string]string{}
	for _, kv := range form.Fields {
		fields[kv[0]] = kv[1]
	}
	assert.Equal(t, "incoming/${filename}", fields["key"])
	for _, name := range []string{"policy", "q-sign-algorithm", "q-ak", "q-key-time", "q-signature", "success_action_redirect"} {
		assert.NotEmpty(t, fields[name], name)
	}

	content := []byte("\x89PNG\r\n\x1a\n fake pixels")
	status, page, err := form.Submit(ctx, hc, "photo 1.png", "image/png", content)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, status, page)
	assert.Equal(t, "incoming/photo 1.png", ResultKey(page))

	stored, ok := srv.Object(bucket, "incoming/photo 1.png")
	require.True(t, ok)
	assert.Equal(t, content, stored)
	meta, _, err := c.Object.Head(ctx, "incoming/photo 1.png", nil)
	require.NoError(t, err)
	assert.Equal(t, "browserupload-example", meta.Metadata["uploaded-by"])
	assert.Equal(t, "application/octet-stream", meta.ContentType, "COS ignores the browser's own file type")

	// What reached COS was an unsigned multipart POST.
	var post *costest.Request
	for _, r := range srv.Requests() {
		if r.Op == costest.OpPostObject {
			post = &r
		}
	}
	require.NotNil(t, post)
	assert.Empty(t, post.Header.Get("Authorization"))
	assert.True(t, strings.HasPrefix(post.Header.Get("Content-Type"), "multipart/form-data; boundary="))
}

// The policy's size bound holds: COS refuses a larger file and stores
// nothing.
func TestFormRefusesOversizedFile(t *testing.T) {
	t.Parallel()
	pageURL, srv, _ := newTestPage(t, 16)
	ctx := context.Background()
	form, err := FetchForm(ctx, &http.Client{}, pageURL)
	require.NoError(t, err)
	status, body, err := form.Submit(ctx, &http.Client{}, "big.bin", "application/octet-stream", make([]byte, 17))
	require.NoError(t, err)
	assert.Equal(t, http.StatusBadRequest, status)
	assert.Contains(t, body, "<Code>EntityTooLarge</Code>")
	assert.Empty(t, srv.ObjectKeys(bucket))
}

// COS's redirect target escapes what it shows.
func TestDonePageEscapes(t *testing.T) {
	t.Parallel()
	pageURL, _, _ := newTestPage(t, 1)
	resp, err := http.Get(pageURL + "done?bucket=b&key=%3Cscript%3E&etag=%22e%22")
	require.NoError(t, err)
	defer resp.Body.Close()
	var b strings.Builder
	_, _ = io.Copy(&b, resp.Body)
	assert.Contains(t, b.String(), "&lt;script&gt;")
	assert.NotContains(t, b.String(), "<script>")
}
