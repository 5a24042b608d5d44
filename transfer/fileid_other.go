//go:build !linux && !darwin

package transfer

import (
	"io/fs"
	"time"
)

// sysStamp has no inode or change time to offer here: files are
// identified by size and modification time, and the CRC64 of every reused
// part is still read back before a resume trusts it.
func sysStamp(fs.FileInfo) (ino, dev uint64, ctime time.Time) { return 0, 0, time.Time{} }
