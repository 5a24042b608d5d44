package fsutil

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

func writeTemp(t *testing.T, dir, content string) *os.File {
	t.Helper()
	f, err := os.CreateTemp(dir, ".tmp-*")
	require.NoError(t, err)
	_, err = f.WriteString(content)
	require.NoError(t, err)
	return f
}

func TestCommitFileNewGets0644(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	dst := filepath.Join(dir, "new.txt")
	tmp := writeTemp(t, dir, "fresh")
	require.NoError(t, CommitFile(tmp, dst))
	b, err := os.ReadFile(dst)
	require.NoError(t, err)
	require.Equal(t, "fresh", string(b))
	st, err := os.Stat(dst)
	require.NoError(t, err)
	require.Equal(t, os.FileMode(0o644), st.Mode().Perm())
	_, err = os.Stat(tmp.Name())
	require.True(t, os.IsNotExist(err), "the temporary file was renamed away")
}

func TestCommitFileKeepsReplacedMode(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	dst := filepath.Join(dir, "old.txt")
	require.NoError(t, os.WriteFile(dst, []byte("old"), 0o600))
	require.NoError(t, os.Chmod(dst, 0o640))
	require.NoError(t, CommitFile(writeTemp(t, dir, "new"), dst))
	st, err := os.Stat(dst)
	require.NoError(t, err)
	require.Equal(t, os.FileMode(0o640), st.Mode().Perm())
	b, _ := os.ReadFile(dst)
	require.Equal(t, "new", string(b))
}

func TestCommitFileOntoDirectoryFails(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	dst := filepath.Join(dir, "sub")
	require.NoError(t, os.Mkdir(dst, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dst, "x"), nil, 0o644))
	tmp := writeTemp(t, dir, "data")
	require.Error(t, CommitFile(tmp, dst))
	_, err := os.Stat(tmp.Name())
	require.NoError(t, err, "on failure the caller still has the temporary file")
}
