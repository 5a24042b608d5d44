package fsutil

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// reserve allocates [0, size) of f with fallocate (mode 0: the file's size
// becomes size). done is false when the file system does not support it
// (tmpfs before Linux 3.5, some FUSE and network file systems); then the
// caller extends the file instead. Any other failure, notably ENOSPC, is
// the error.
func reserve(f *os.File, size int64) (done bool, err error) {
	rc, err := f.SyscallConn()
	if err != nil {
		return false, err
	}
	var ferr error
	cerr := rc.Control(func(fd uintptr) {
		for {
			ferr = unix.Fallocate(int(fd), 0, 0, size)
			if ferr != unix.EINTR {
				return
			}
		}
	})
	switch {
	case cerr != nil:
		return false, cerr
	case ferr == nil:
		return true, nil
	case errors.Is(ferr, unix.EOPNOTSUPP) || errors.Is(ferr, unix.ENOSYS):
		return false, nil
	default:
		return false, &os.PathError{Op: "fallocate", Path: f.Name(), Err: ferr}
	}
}
