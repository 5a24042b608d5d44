//go:build !linux

package fsutil

import "os"

// reserve does nothing where fallocate is missing; the caller extends the
// file instead.
func reserve(*os.File, int64) (bool, error) { return false, nil }
