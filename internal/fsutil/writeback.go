package fsutil

import "os"

// StartWriteback asks the operating system to start writing bytes
// [off, off+n) of f to disk now, without waiting for it, where it can:
// on Linux with sync_file_range(SYNC_FILE_RANGE_WRITE), elsewhere not at
// all. A download calls it for each range it has finished, so the disk
// works while later ranges still arrive and the sync before the rename
// finds little left to write. It is a hint: it makes nothing durable (only
// a sync does) and its error is dropped, since that sync reports any
// failure to write.
func StartWriteback(f *os.File, off, n int64) {
	if n <= 0 {
		return
	}
	startWriteback(f, off, n)
}
