package fsutil

import (
	"os"

	"golang.org/x/sys/unix"
)

func startWriteback(f *os.File, off, n int64) {
	rc, err := f.SyscallConn()
	if err != nil {
		return
	}
	// Control, unlike Fd, keeps f open for the call and leaves its mode
	// alone. SYNC_FILE_RANGE_WRITE alone submits the dirty pages of the
	// range for writing and returns; it only waits when the device queue
	// is full.
	_ = rc.Control(func(fd uintptr) {
		_ = unix.SyncFileRange(int(fd), off, n, unix.SYNC_FILE_RANGE_WRITE)
	})
}
