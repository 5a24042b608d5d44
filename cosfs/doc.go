// Package cosfs presents a COS bucket, or a key prefix inside it, as a
// read-only [io/fs] file system, so that the standard library's tools work
// on it: [net/http.FileServer] with [net/http.FS], [html/template.ParseFS],
// [io/fs.WalkDir], [io/fs.Glob] and [testing/fstest.TestFS].
//
//	fsys := cosfs.New(client, cosfs.WithPrefix("site/"))
//	http.Handle("/", http.FileServer(http.FS(fsys)))
//
// It uses only the public API of package cos; every request goes through
// the client's signing and retry pipeline.
//
// # Paths and keys
//
// A file name is a path as [fs.ValidPath] defines it ("a/b.txt", no leading
// or trailing slash, no "." or ".." elements); the object key is the
// prefix given with [WithPrefix] followed by the name. Invalid names fail
// with a *[fs.PathError] wrapping [fs.ErrInvalid] before any request.
//
// COS has no directories: a name is a directory when keys exist under
// name + "/". A zero-byte key ending in "/" (what the COS console creates
// for an empty folder) makes an empty directory. Directories are read from
// delimiter listings, page after page, so a directory may hold any number of
// keys; [FS.ReadDir] returns its entries sorted by name.
//
// Keys that cannot be named by a valid path are skipped in listings and
// cannot be opened: keys with an empty element (a leading "/" or "//"),
// "." or ".." elements, or invalid UTF-8. When a key is both an object and
// a directory prefix ("a" and "a/b"), the object wins: "a" is a file, and
// "a/b" can still be opened by name but is not listed.
//
// # Files
//
// Open reads the object's metadata with a HEAD: Stat reports its size,
// Last-Modified as ModTime (whole seconds, UTC, the same for listings and
// HEAD) and mode 0444; directories have mode [fs.ModeDir]|0555, size 0 and a
// zero ModTime. Sys returns the *[cos.ObjectMeta] of the HEAD, or the
// [cos.Object] of the listing for entries returned by ReadDir.
//
// Every read is pinned to the ETag seen at Open with If-Match, so a file
// whose object is replaced while it is open fails its next request with an
// error matching [cos.ErrPreconditionFailed] instead of mixing two versions.
//
// An open file implements [io.Reader], [io.Seeker] and [io.ReaderAt] with
// ranged GETs and never buffers the whole object. Reads stream: the first
// read after Open or a Seek asks for a short window (64 KiB), and once the
// reader carries on past it, one GET streams the rest of the object; so
// http.FileServer answers Range requests by fetching about what they ask
// for, and a sequential reader costs at most two requests. ReadAt calls
// are independent of the read offset and safe for concurrent use: small
// ones are served from a 64 KiB window fetched with one ranged GET, larger
// ones fetch exactly their range. Close ends any response in flight and
// releases its connection.
//
// A missing object gives a *[fs.PathError] that matches both
// [fs.ErrNotExist] and [cos.ErrNotFound]; other failures wrap the cos error
// (a [*cos.ServiceError] for COS answers).
//
// # Context and timeouts
//
// fs methods take no context: [WithContext] gives the one every request
// uses (default [context.Background]), and [WithTimeout] bounds each
// request, and each wait for data while a file streams.
package cosfs
