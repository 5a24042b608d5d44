package costest

import (
	"crypto/md5"
	"mime"
	"net/http"
	"net/url"
	"path"

	"github.com/cosgo/cos/internal/crc64x"
)

// The symbolic link operations.
const (
	// OpPutSymlink is PUT Object symlink (PUT /key?symlink).
	OpPutSymlink Op = "PutSymlink"
	// OpGetSymlink is GET Object symlink (GET /key?symlink).
	OpGetSymlink Op = "GetSymlink"
)

// Symbolic links, from COS's overview (product/436/109082):
//   - a link is a small STANDARD object in the same bucket whose content is
//     the target's path; it has its own ETag (the MD5 of that path),
//     Last-Modified, ACL and metadata;
//   - GET and HEAD of the link return the target's content and metadata;
//   - its Content-Type defaults to the type of the target's extension.
//
// cos-go-sdk-v5 v0.7.70 (object.go PutSymlink) sends the target
// URL-encoded in x-cos-symlink-target, and GetSymlink reads the header
// back; choices.go holds what the documentation leaves open.

func (s *Server) putSymlink(c *reqCtx) *Error {
	raw := c.r.Header.Get("x-cos-symlink-target")
	if raw == "" {
		return errInvalidArgument("PUT Object symlink needs x-cos-symlink-target.")
	}
	target, err := url.PathUnescape(raw)
	if err != nil || target == "" {
		return errInvalidArgument("x-cos-symlink-target %q is not a URL-encoded key.", raw)
	}
	if e := checkKey(target); e != nil {
		return e
	}
	h := c.r.Header.Clone()
	if h.Get("Content-Type") == "" {
		if t := mime.TypeByExtension(path.Ext(target)); t != "" {
			h.Set("Content-Type", t)
		}
	}
	meta, e := parseObjectMeta(h)
	if e != nil {
		return e
	}
	if e := s.bucketExists(c.bucket); e != nil {
		return e
	}
	if _, e := c.readPayload(0); e != nil {
		return e
	}
	content := []byte("/" + target) // the target's path, without the bucket
	p := &payload{data: content, md5: md5.Sum(content), crc: crc64x.Checksum(content)}
	o, vid, e := s.storeObject(c.bucket, c.key, p, meta, c.r.Header, func(o *object) { o.symlink = target })
	if e != nil {
		return e
	}
	c.w.Header().Set("ETag", o.etag)
	if vid != "" {
		c.w.Header().Set("x-cos-version-id", vid)
	}
	return c.writeEmpty(http.StatusOK)
}

func (s *Server) getSymlink(c *reqCtx) *Error {
	o, _, e := s.store.lookupObject(c.bucket, c.key, c.versionParam())
	if e != nil {
		return e
	}
	if o.symlink == "" {
		return badRequest(codeNotSymlink, "The object %q is not a symbolic link.", c.key)
	}
	h := c.w.Header()
	h.Set("x-cos-symlink-target", cosEscape(o.symlink, true))
	h.Set("ETag", o.etag)
	h.Set("Last-Modified", o.modified.UTC().Format(http.TimeFormat))
	return c.writeEmpty(http.StatusOK)
}

// followSymlink returns the object a read of o serves: o itself, or the
// target of a link. A link to a missing object, or to another link, is
// 404 NoSuchKey.
func (s *Server) followSymlink(bucket string, o *object) (*object, *Error) {
	if o.symlink == "" {
		return o, nil
	}
	t, _, e := s.store.lookupObject(bucket, o.symlink, "")
	if e != nil {
		// A plain 404: the target's delete-marker and version headers
		// describe the target, not the link that was asked for.
		return nil, newError(http.StatusNotFound, "NoSuchKey", "The symbolic link's target does not exist.")
	}
	if t.symlink != "" {
		return nil, newError(http.StatusNotFound, "NoSuchKey", "The symbolic link points at another link.")
	}
	return t, nil
}
