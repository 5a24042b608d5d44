package cos

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// GetToFile writes through os.CreateTemp, whose file is 0600. Renaming it
// over the destination must not leave a new file private, nor narrow the
// mode of the file it replaces (transfer.DownloadFile keeps the replaced
// file's mode, else 0644).
func TestGetToFileKeepsMode(t *testing.T) {
	t.Parallel()
	rec := newRecorder(t, objServe("hello world"))
	c := rec.client(t)
	dir := t.TempDir()

	existing := filepath.Join(dir, "existing.txt")
	require.NoError(t, os.WriteFile(existing, []byte("old"), 0o644))
	require.NoError(t, os.Chmod(existing, 0o640))
	_, err := c.Object.GetToFile(context.Background(), "a.txt", existing, nil)
	require.NoError(t, err)
	st, err := os.Stat(existing)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o640), st.Mode().Perm(), "mode of the replaced file")

	fresh := filepath.Join(dir, "fresh.txt")
	_, err = c.Object.GetToFile(context.Background(), "a.txt", fresh, nil)
	require.NoError(t, err)
	st, err = os.Stat(fresh)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o644), st.Mode().Perm(), "mode of a new file")
}
