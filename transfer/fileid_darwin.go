package transfer

import (
	"io/fs"
	"syscall"
	"time"
)

// sysStamp returns the inode, device and change time of st.
func sysStamp(st fs.FileInfo) (ino, dev uint64, ctime time.Time) {
	s, ok := st.Sys().(*syscall.Stat_t)
	if !ok {
		return 0, 0, time.Time{}
	}
	return uint64(s.Ino), uint64(s.Dev), time.Unix(s.Ctimespec.Unix())
}
