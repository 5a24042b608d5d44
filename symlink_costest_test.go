package cos_test

import (
	"context"
	"strings"
	"testing"

	"github.com/cosgo/cos"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// GET and HEAD of a link serve the target; the link is an object of its
// own that can be deleted without touching the target.
func TestSymlinkServesTarget(t *testing.T) {
	t.Parallel()
	_, c := e2e(t)
	ctx := context.Background()
	target := "photos/2024/年 #1.jpg"
	_, _, err := c.Object.Put(ctx, target, strings.NewReader("JPEG bytes"), &cos.ObjectPutOptions{
		ContentType: "image/jpeg", Metadata: map[string]string{"camera": "x100"}})
	require.NoError(t, err)
	_, err = c.Object.PutSymlink(ctx, "latest", target, &cos.ObjectPutSymlinkOptions{Metadata: map[string]string{"kind": "link"}})
	require.NoError(t, err)

	got, _, err := c.Object.GetSymlink(ctx, "latest")
	require.NoError(t, err)
	assert.Equal(t, target, got)
	assert.Equal(t, "JPEG bytes", e2eRead(t, c, "latest"))
	meta, _, err := c.Object.Head(ctx, "latest", nil)
	require.NoError(t, err)
	assert.Equal(t, int64(len("JPEG bytes")), meta.ContentLength)
	assert.Equal(t, "image/jpeg", meta.ContentType)
	assert.Equal(t, map[string]string{"camera": "x100"}, meta.Metadata, "HEAD through a link shows the target's metadata")
	assert.Equal(t, cos.CRC64([]byte("JPEG bytes")), meta.CRC64)

	// The link follows the target's current content.
	_, _, err = c.Object.Put(ctx, target, strings.NewReader("new JPEG"), nil)
	require.NoError(t, err)
	assert.Equal(t, "new JPEG", e2eRead(t, c, "latest"))

	// Deleting the link leaves the target; a link to a missing key is 404.
	_, err = c.Object.Delete(ctx, "latest", nil)
	require.NoError(t, err)
	assert.Equal(t, "new JPEG", e2eRead(t, c, target))
	_, err = c.Object.PutSymlink(ctx, "dangling", "nowhere", nil)
	require.NoError(t, err)
	_, err = c.Object.Get(ctx, "dangling", nil)
	assert.ErrorIs(t, err, cos.ErrNotFound)
	_, _, err = c.Object.GetSymlink(ctx, "missing")
	assert.ErrorIs(t, err, cos.ErrNotFound)
	_, _, err = c.Object.GetSymlink(ctx, target)
	assert.Equal(t, "InvalidArgument", cos.ErrorCode(err), "GET ?symlink of a plain object")
}
