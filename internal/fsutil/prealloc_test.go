package fsutil

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestPreallocateSizesTheFileAndKeepsItWritable: the file has the size
// asked for, reads as zeros, and takes writes anywhere in it; the parts
// written read back, the rest stays zero. Write-back hints on it change
// nothing a reader sees.
func TestPreallocateSizesTheFileAndKeepsItWritable(t *testing.T) {
	t.Parallel()
	for _, size := range []int64{0, 1, 4096, 3<<20 + 17} {
		f, err := os.CreateTemp(t.TempDir(), "pre-*")
		require.NoError(t, err)
		require.NoError(t, Preallocate(f, size))
		st, err := f.Stat()
		require.NoError(t, err)
		require.Equal(t, size, st.Size())
		want := make([]byte, size)
		if size > 0 {
			piece := []byte("written")
			off := size / 2
			n := copy(want[off:], piece)
			_, err = f.WriteAt(piece[:n], off)
			require.NoError(t, err)
			StartWriteback(f, 0, size)
		}
		StartWriteback(f, 0, 0)
		got, err := os.ReadFile(f.Name())
		require.NoError(t, err)
		require.True(t, bytes.Equal(want, got), "size %d: content differs", size)
		require.NoError(t, f.Close())
	}
}

// TestWritebackOnClosedFileIsHarmless: the hint is dropped, not a panic.
func TestWritebackOnClosedFileIsHarmless(t *testing.T) {
	t.Parallel()
	f, err := os.Create(filepath.Join(t.TempDir(), "closed"))
	require.NoError(t, err)
	require.NoError(t, f.Close())
	StartWriteback(f, 0, 1<<20)
}
