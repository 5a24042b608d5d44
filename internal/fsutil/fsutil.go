// Package fsutil holds the one way cosgo puts a written file in place,
// shared by cos.ObjectService.GetToFile and transfer's downloads and
// checkpoints.
package fsutil

import (
	"io/fs"
	"os"
)

// CommitFile makes the fully written and verified temporary file tmp the
// file dst: it gives tmp the permission bits of the regular file it
// replaces (else 0644, since os.CreateTemp made it 0600), syncs it, closes
// it and renames it over dst. A crash at any point leaves dst either as it
// was or whole. tmp is closed whatever happens; on error the caller still
// owns (and should remove) the temporary file.
func CommitFile(tmp *os.File, dst string) error {
	mode := fs.FileMode(0o644)
	if st, err := os.Stat(dst); err == nil && st.Mode().IsRegular() {
		mode = st.Mode().Perm()
	}
	if err := tmp.Chmod(mode); err != nil {
		tmp.Close()
		return err
	}
	return ReplaceFile(tmp, dst)
}

// ReplaceFile syncs the fully written temporary file tmp, closes it and
// renames it over dst, keeping tmp's permission bits: a crash at any point
// leaves dst either as it was or whole. tmp is closed whatever happens; on
// error the caller still owns (and should remove) the temporary file.
func ReplaceFile(tmp *os.File, dst string) error {
	err := tmp.Sync()
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), dst)
	}
	return err
}
