package cosfs

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"strings"
	"time"

	"github.com/cosgo/cos"
)

// fileInfo describes a file or directory; it is both an fs.FileInfo and an
// fs.DirEntry.
type fileInfo struct {
	name string
	size int64
	mod  time.Time
	dir  bool
	sys  any
}

var (
	_ fs.FileInfo = (*fileInfo)(nil)
	_ fs.DirEntry = (*fileInfo)(nil)
)

func dirInfo(name string) *fileInfo { return &fileInfo{name: name, dir: true} }

func (fi *fileInfo) Name() string       { return fi.name }
func (fi *fileInfo) Size() int64        { return fi.size }
func (fi *fileInfo) ModTime() time.Time { return fi.mod }
func (fi *fileInfo) IsDir() bool        { return fi.dir }
func (fi *fileInfo) Sys() any           { return fi.sys }
func (fi *fileInfo) Mode() fs.FileMode {
	if fi.dir {
		return fs.ModeDir | 0o555
	}
	return 0o444
}
func (fi *fileInfo) Type() fs.FileMode          { return fi.Mode().Type() }
func (fi *fileInfo) Info() (fs.FileInfo, error) { return fi, nil }

// ReadDir reads the named directory and returns its entries sorted by
// name, paging through the delimiter listing of its key prefix. Keys that
// are not valid path elements are skipped (see the package doc). A name with
// nothing below it is an error matching [fs.ErrNotExist]; the root "." always
// exists, possibly empty.
func (fsys *FS) ReadDir(name string) ([]fs.DirEntry, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrInvalid}
	}
	var headErr error
	if name != "." {
		// An object of that name makes it a file, whatever lies below.
		ctx, cancel := fsys.callCtx()
		_, _, headErr = fsys.c.Object.Head(ctx, fsys.key(name), nil)
		cancel()
		if headErr == nil {
			return nil, &fs.PathError{Op: "readdir", Path: name, Err: errNotDir}
		}
		if !errors.Is(headErr, cos.ErrNotFound) {
			return nil, fsys.pathError("readdir", name, headErr)
		}
	}
	entries, listed, err := fsys.list(name)
	if err != nil {
		return nil, err
	}
	if listed == 0 && name != "." {
		return nil, fsys.pathError("readdir", name, headErr)
	}
	return entries, nil
}

// list reads every entry of directory name, sorted by name, and counts the
// keys and prefixes listed (skipped ones included). When a name is both an
// object and a prefix the object wins, as in [FS.Open].
func (fsys *FS) list(name string) (entries []fs.DirEntry, listed int, err error) {
	prefix := fsys.dirKey(name)
	var out []fs.DirEntry
	opt := cos.ListObjectsOptions{Prefix: prefix, Delimiter: "/"}
	for {
		ctx, cancel := fsys.callCtx()
		res, _, err := fsys.c.Bucket.ListObjects(ctx, &opt)
		cancel()
		if err != nil {
			return nil, listed, fsys.pathError("readdir", name, err)
		}
		listed += len(res.CommonPrefixes) + len(res.Contents)
		for _, p := range res.CommonPrefixes {
			if n, ok := entryName(prefix, strings.TrimSuffix(p, "/")); ok {
				out = append(out, dirInfo(n))
			}
		}
		for _, o := range res.Contents {
			if n, ok := entryName(prefix, o.Key); ok {
				out = append(out, &fileInfo{name: n, size: o.Size, mod: modTime(o.LastModified), sys: o})
			}
		}
		if !res.IsTruncated {
			break
		}
		next := res.NextPageMarker()
		if next <= opt.Marker {
			return nil, listed, fsys.pathError("readdir", name,
				fmt.Errorf("cosfs: listing of %q did not advance past marker %q", prefix, opt.Marker))
		}
		opt.Marker = next
	}
	slices.SortFunc(out, func(a, b fs.DirEntry) int {
		if c := strings.Compare(a.Name(), b.Name()); c != 0 {
			return c
		}
		return cmpBool(a.IsDir(), b.IsDir()) // files first
	})
	return slices.CompactFunc(out, func(a, b fs.DirEntry) bool { return a.Name() == b.Name() }), listed, nil
}

func cmpBool(a, b bool) int {
	x, y := 0, 0
	if a {
		x = 1
	}
	if b {
		y = 1
	}
	return cmp.Compare(x, y)
}

// entryName returns the directory entry name of a listed key (or common
// prefix without its "/") and whether it is a valid, single path element.
// The directory marker itself (the key equal to prefix) is not an entry.
func entryName(prefix, key string) (string, bool) {
	n, ok := strings.CutPrefix(key, prefix)
	if !ok || n == "" || n == "." || strings.Contains(n, "/") || !fs.ValidPath(n) {
		return "", false
	}
	return n, true
}

// dir is an open directory. Its entries are listed in full, sorted, on the
// first ReadDir call.
type dir struct {
	fsys    *FS
	name    string
	info    *fileInfo
	entries []fs.DirEntry
	loaded  bool
	closed  bool
}

var _ fs.ReadDirFile = (*dir)(nil)

func (d *dir) Stat() (fs.FileInfo, error) {
	if d.closed {
		return nil, &fs.PathError{Op: "stat", Path: d.name, Err: fs.ErrClosed}
	}
	return d.info, nil
}

func (d *dir) Read([]byte) (int, error) {
	if d.closed {
		return 0, &fs.PathError{Op: "read", Path: d.name, Err: fs.ErrClosed}
	}
	return 0, &fs.PathError{Op: "read", Path: d.name, Err: errIsDir}
}

func (d *dir) Close() error {
	if d.closed {
		return &fs.PathError{Op: "close", Path: d.name, Err: fs.ErrClosed}
	}
	d.closed, d.entries = true, nil
	return nil
}

// ReadDir returns the next n entries in name order (all remaining ones
// when n <= 0), as [fs.ReadDirFile] specifies.
func (d *dir) ReadDir(n int) ([]fs.DirEntry, error) {
	if d.closed {
		return nil, &fs.PathError{Op: "readdir", Path: d.name, Err: fs.ErrClosed}
	}
	if !d.loaded {
		entries, _, err := d.fsys.list(d.name)
		if err != nil {
			return nil, err
		}
		d.entries, d.loaded = entries, true
	}
	if n <= 0 {
		out := d.entries
		d.entries = nil
		if out == nil {
			out = []fs.DirEntry{}
		}
		return out, nil
	}
	if len(d.entries) == 0 {
		return nil, io.EOF
	}
	n = min(n, len(d.entries))
	out := d.entries[:n:n]
	d.entries = d.entries[n:]
	return out, nil
}
