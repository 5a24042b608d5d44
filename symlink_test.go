package cos

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSymlinkRequestShape(t *testing.T) {
	t.Parallel()
	rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if r.Method == http.MethodGet {
			w.Header().Set("x-cos-symlink-target", "dir/a%20b%2B%E5%B9%B4.txt")
		}
		w.WriteHeader(http.StatusOK)
	})
	c := rec.client(t)
	ctx := context.Background()
	_, err := c.Object.PutSymlink(ctx, "link", "dir/a b+年.txt", &ObjectPutSymlinkOptions{Metadata: map[string]string{"m": "v"}})
	require.NoError(t, err)
	target, _, err := c.Object.GetSymlink(ctx, "link")
	require.NoError(t, err)
	assert.Equal(t, "dir/a b+年.txt", target)

	reqs := rec.requests()
	require.Len(t, reqs, 2)
	assert.Equal(t, http.MethodPut, reqs[0].Method)
	assert.Equal(t, "symlink", reqs[0].RawQuery)
	assert.Equal(t, "dir%2Fa%20b%2B%E5%B9%B4.txt", reqs[0].Header.Get("x-cos-symlink-target"), "URL-encoded, as cos-go-sdk-v5 sends it")
	assert.Equal(t, "v", reqs[0].Header.Get("x-cos-meta-m"))
	assert.True(t, reqs[0].SigOK)
	f := signFields(reqs[0].Header.Get("Authorization"))
	assert.Contains(t, f["q-header-list"], "x-cos-symlink-target", "the target is signed")
	assert.Equal(t, "symlink", f["q-url-param-list"])
	assert.Equal(t, http.MethodGet, reqs[1].Method)
	assert.Equal(t, "symlink", reqs[1].RawQuery)
}

// A target header that is not escaped is taken as sent.
func TestGetSymlinkRawTarget(t *testing.T) {
	t.Parallel()
	rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request, n int) {
		w.Header().Set("x-cos-symlink-target", "100%")
		w.WriteHeader(http.StatusOK)
	})
	target, _, err := rec.client(t).Object.GetSymlink(context.Background(), "link")
	require.NoError(t, err)
	assert.Equal(t, "100%", target)
}
