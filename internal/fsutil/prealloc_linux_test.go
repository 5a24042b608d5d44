package fsutil

import (
	"os"
	"syscall"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestPreallocateReservesBlocksOnLinux: where the file system supports
// fallocate (the test's temporary directory on ext4, xfs, btrfs, tmpfs),
// the blocks are on disk before anything is written.
func TestPreallocateReservesBlocksOnLinux(t *testing.T) {
	t.Parallel()
	const size = 8 << 20
	f, err := os.CreateTemp(t.TempDir(), "pre-*")
	require.NoError(t, err)
	defer f.Close()
	done, err := reserve(f, size)
	require.NoError(t, err)
	if !done {
		t.Skip("the temporary directory's file system has no fallocate")
	}
	st, err := f.Stat()
	require.NoError(t, err)
	require.Equal(t, int64(size), st.Size())
	require.GreaterOrEqual(t, st.Sys().(*syscall.Stat_t).Blocks*512, int64(size))
}
