package cosfs

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strconv"
	"time"

	"github.com/cosgo/cos"
)

// FS is a read-only view of a bucket (or of a key prefix in it) as an
// [fs.FS]. It implements [fs.StatFS], [fs.ReadDirFS], [fs.ReadFileFS] and
// [fs.SubFS]. An FS is immutable and safe for concurrent use; the files it
// opens are not (except [io.ReaderAt.ReadAt], which is).
type FS struct {
	c       *cos.Client
	prefix  string // "" or ending in "/"
	ctx     context.Context
	timeout time.Duration
}

var (
	_ fs.FS         = (*FS)(nil)
	_ fs.StatFS     = (*FS)(nil)
	_ fs.ReadDirFS  = (*FS)(nil)
	_ fs.ReadFileFS = (*FS)(nil)
	_ fs.SubFS      = (*FS)(nil)
)

// errIsDir is the error of reading a directory as a file, errNotDir of
// listing a file.
var (
	errIsDir  = errors.New("is a directory")
	errNotDir = errors.New("not a directory")
)

// New returns a file system over the bucket of c, which must not be nil.
// Nothing is sent until the first call.
func New(c *cos.Client, opts ...Option) *FS {
	o := options{ctx: context.Background()}
	for _, opt := range opts {
		opt(&o)
	}
	return &FS{c: c, prefix: o.prefix, ctx: o.ctx, timeout: o.timeout}
}

// Open opens the named file or directory. A file's metadata comes from a
// HEAD of its key; a name with no object but keys below it is a directory.
// The returned file is an [fs.ReadDirFile] for directories; for files it
// also implements [io.Seeker] and [io.ReaderAt].
func (fsys *FS) Open(name string) (fs.File, error) {
	info, err := fsys.stat("open", name)
	if err != nil {
		return nil, err
	}
	if info.IsDir() {
		return &dir{fsys: fsys, name: name, info: info}, nil
	}
	meta, _ := info.sys.(*cos.ObjectMeta)
	return &file{fsys: fsys, name: name, key: fsys.key(name), info: info, size: info.size, etag: meta.ETag}, nil
}

// Stat returns the [fs.FileInfo] of the named file or directory, as
// [FS.Open] would, without opening it.
func (fsys *FS) Stat(name string) (fs.FileInfo, error) {
	info, err := fsys.stat("stat", name)
	if err != nil {
		return nil, err
	}
	return info, nil
}

// ReadFile reads the whole named file with one GET. When COS sends the
// object's CRC64, the bytes are checked against it (a difference wraps
// [cos.ErrChecksumMismatch]). Reading a directory fails.
func (fsys *FS) ReadFile(name string) ([]byte, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	if name == "." {
		return nil, &fs.PathError{Op: "read", Path: name, Err: errIsDir}
	}
	ctx, cancel := fsys.callCtx()
	defer cancel()
	resp, err := fsys.c.Object.Get(ctx, fsys.key(name), nil)
	if err != nil {
		if errors.Is(err, cos.ErrNotFound) {
			if isDir, derr := fsys.isDir(name); derr == nil && isDir {
				return nil, &fs.PathError{Op: "read", Path: name, Err: errIsDir}
			}
		}
		return nil, fsys.pathError("open", name, err)
	}
	defer resp.Body.Close()
	var data []byte
	if resp.ContentLength >= 0 {
		data = make([]byte, resp.ContentLength)
		_, err = io.ReadFull(resp.Body, data)
	} else {
		data, err = io.ReadAll(resp.Body)
	}
	if err != nil {
		return nil, fsys.pathError("read", name, err)
	}
	if v := resp.Header.Get("x-cos-hash-crc64ecma"); v != "" {
		if want, perr := strconv.ParseUint(v, 10, 64); perr == nil && want != cos.CRC64(data) {
			return nil, &fs.PathError{Op: "read", Path: name,
				Err: fmt.Errorf("%w: CRC64 of the %d bytes read differs from x-cos-hash-crc64ecma %d", cos.ErrChecksumMismatch, len(data), want)}
		}
	}
	return data, nil
}

// Sub returns the file system rooted at dir, an FS over the key prefix of
// dir. Like [fs.Sub], it does not check that dir exists: a missing
// directory gives an empty file system.
func (fsys *FS) Sub(dir string) (fs.FS, error) {
	if !fs.ValidPath(dir) {
		return nil, &fs.PathError{Op: "sub", Path: dir, Err: fs.ErrInvalid}
	}
	if dir == "." {
		return fsys, nil
	}
	sub := *fsys
	sub.prefix = fsys.prefix + dir + "/"
	return &sub, nil
}

// key returns the object key of a valid name other than ".".
func (fsys *FS) key(name string) string { return fsys.prefix + name }

// dirKey returns the listing prefix of the directory name.
func (fsys *FS) dirKey(name string) string {
	if name == "." {
		return fsys.prefix
	}
	return fsys.prefix + name + "/"
}

// callCtx returns the context of one request.
func (fsys *FS) callCtx() (context.Context, context.CancelFunc) {
	if fsys.timeout > 0 {
		return context.WithTimeout(fsys.ctx, fsys.timeout)
	}
	return context.WithCancel(fsys.ctx)
}

// stat resolves name to a file (HEAD) or a directory (listing).
func (fsys *FS) stat(op, name string) (*fileInfo, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: op, Path: name, Err: fs.ErrInvalid}
	}
	if name == "." {
		return dirInfo("."), nil
	}
	ctx, cancel := fsys.callCtx()
	meta, _, err := fsys.c.Object.Head(ctx, fsys.key(name), nil)
	cancel()
	if err == nil {
		return &fileInfo{name: path.Base(name), size: meta.ContentLength,
			mod: modTime(meta.LastModified), sys: meta}, nil
	}
	if !errors.Is(err, cos.ErrNotFound) {
		return nil, fsys.pathError(op, name, err)
	}
	isDir, derr := fsys.isDir(name)
	if derr != nil {
		return nil, fsys.pathError(op, name, derr)
	}
	if isDir {
		return dirInfo(path.Base(name)), nil
	}
	return nil, fsys.pathError(op, name, err)
}

// isDir reports whether any key lies below name + "/".
func (fsys *FS) isDir(name string) (bool, error) {
	ctx, cancel := fsys.callCtx()
	defer cancel()
	res, _, err := fsys.c.Bucket.ListObjects(ctx, &cos.ListObjectsOptions{Prefix: fsys.dirKey(name), MaxKeys: 1})
	if err != nil {
		return false, err
	}
	return len(res.Contents) > 0 || len(res.CommonPrefixes) > 0, nil
}

// pathError wraps err for name; a missing object also matches
// fs.ErrNotExist.
func (fsys *FS) pathError(op, name string, err error) error {
	if errors.Is(err, cos.ErrNotFound) && !errors.Is(err, fs.ErrNotExist) {
		err = notExist{err}
	}
	return &fs.PathError{Op: op, Path: name, Err: err}
}

// notExist is a cos not-found error that also matches fs.ErrNotExist.
type notExist struct{ err error }

func (e notExist) Error() string   { return "file does not exist: " + e.err.Error() }
func (e notExist) Unwrap() []error { return []error{fs.ErrNotExist, e.err} }

// modTime normalises a Last-Modified time: whole seconds (what HEAD
// carries), UTC, so listings and HEAD agree.
func modTime(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return t.UTC().Truncate(time.Second)
}
