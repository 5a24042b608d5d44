package costest

import (
	"crypto/md5"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/cosgo/cos/internal/crc64x"
)

type copySource struct{ bucket, key, versionID string }

// parseCopySource reads x-cos-copy-source. Accepted forms:
// "<bucket>.cos.<region>.myqcloud.com/<key>" (what the SDKs send), the
// same with a leading "/" or a scheme, "<ip-or-localhost:port>/<bucket>/<key>",
// and path-style "/<bucket>/<key>"; each optionally followed by
// "?versionId=<id>". The key is percent-decoded (a key that does not
// decode is taken as it is, as the Node SDK sends keys raw).
func parseCopySource(v string) (copySource, *Error) {
	var cs copySource
	bad := func() (copySource, *Error) {
		return cs, badRequest("InvalidCopySource", "x-cos-copy-source %q must be <bucket>.cos.<region>.myqcloud.com/<key>.", v)
	}
	src := strings.TrimSpace(v)
	if i := strings.Index(src, "://"); i >= 0 {
		src = src[i+3:]
	}
	for _, m := range []string{"?versionId=", "?VersionId="} {
		if i := strings.LastIndex(src, m); i >= 0 {
			src, cs.versionID = src[:i], src[i+len(m):]
			break
		}
	}
	src = strings.TrimPrefix(src, "/")
	first, rest, ok := strings.Cut(src, "/")
	if !ok {
		return bad()
	}
	switch host := hostOnly(first); {
	case host != "" && pathStyleHost(host):
		if first, rest, ok = strings.Cut(rest, "/"); !ok {
			return bad()
		}
		cs.bucket = first
	case strings.Contains(first, "."):
		cs.bucket, _, _ = strings.Cut(strings.ToLower(first), ".")
	default:
		cs.bucket = first
	}
	cs.key = rest
	if k, err := url.PathUnescape(rest); err == nil {
		cs.key = k
	}
	if cs.bucket == "" || cs.key == "" {
		return bad()
	}
	return cs, nil
}

// sourceObject finds a copy source and applies the
// x-cos-copy-source-If-* conditions.
func (s *Server) sourceObject(c *reqCtx) (*object, copySource, *Error) {
	cs, e := parseCopySource(c.r.Header.Get("x-cos-copy-source"))
	if e != nil {
		return nil, cs, e
	}
	if e := checkKey(cs.key); e != nil {
		return nil, cs, e
	}
	o, _, e := s.store.lookupObject(cs.bucket, cs.key, cs.versionID)
	if e != nil {
		if e.Code == "NoSuchKey" && e.header == nil { // a delete marker stays 404 NoSuchKey
			e = newError(http.StatusNotFound, codeCopySourceMissing, "The copy source does not exist.")
		}
		return nil, cs, e
	}
	if !o.readable(c.now) {
		return nil, cs, newError(http.StatusForbidden, "InvalidObjectState", "The copy source is archived; restore it first.")
	}
	return o, cs, readConditions(c.r.Header, "x-cos-copy-source-").eval(o.etag, o.modified, true)
}

func (s *Server) copyObject(c *reqCtx) *Error {
	h := c.r.Header
	replace := false
	switch d := h.Get("x-cos-metadata-directive"); {
	case d == "" || strings.EqualFold(d, "Copy"):
	case strings.EqualFold(d, "Replaced"):
		replace = true
	default:
		return errInvalidArgument("x-cos-metadata-directive %q must be Copy or Replaced.", d)
	}
	if e := s.bucketExists(c.bucket); e != nil {
		return e
	}
	so, cs, e := s.sourceObject(c)
	if e != nil {
		return e
	}
	tags, replaceTags, e := copyTags(h, so)
	if e != nil {
		return e
	}
	if cs.bucket == c.bucket && cs.key == c.key && cs.versionID == "" && !replace && !replaceTags && h.Get("x-cos-storage-class") == "" {
		return badRequest(codeCopyOntoItself, "Copying an object onto itself needs x-cos-metadata-directive or x-cos-tagging-directive Replaced, or a new storage class.")
	}
	var meta objectMeta
	if replace {
		if meta, e = parseObjectMeta(h); e != nil {
			return e
		}
	} else {
		meta = objectMeta{content: so.meta.content, user: so.meta.user}
		if meta.storageClass, e = parseStorageClass(h.Get("x-cos-storage-class")); e != nil {
			return e
		}
		if meta.acl, e = aclFromHeaders(h, true); e != nil {
			return e
		}
		if meta.sse, e = parseSSE(h); e != nil {
			return e
		}
	}
	meta.tags = tags
	o := &object{key: c.key, data: so.data, etag: so.etag, crc: so.crc, meta: meta}
	vid, e := s.store.putObject(c.bucket, o, h, s.now())
	if e != nil {
		return e
	}
	crc := strconv.FormatUint(o.crc, 10)
	c.w.Header().Set("x-cos-hash-crc64ecma", crc)
	setSSEHeaders(c.w.Header(), o.meta.sse)
	c.setVersionHeaders(vid, false)
	return c.writeXML(http.StatusOK, copyObjectResult{ETag: o.etag,
		LastModified: o.modified.UTC().Format(timeISO), CRC64: crc, VersionID: vid})
}

// copyRange reads x-cos-copy-source-range "bytes=first-last" (inclusive).
func copyRange(v string, size int64) (int64, int64, *Error) {
	if v == "" {
		return 0, size - 1, nil
	}
	bad := badRequest(codeCopyRange, "x-cos-copy-source-range %q is not within the %d-byte source.", v, size)
	spec, ok := strings.CutPrefix(strings.TrimSpace(v), "bytes=")
	a, b, ok2 := strings.Cut(spec, "-")
	first, err1 := strconv.ParseInt(a, 10, 64)
	last, err2 := strconv.ParseInt(b, 10, 64)
	if !ok || !ok2 || err1 != nil || err2 != nil || first < 0 || last < first || last >= size {
		return 0, 0, bad
	}
	return first, last, nil
}

func (s *Server) uploadPartCopy(c *reqCtx) *Error {
	n, e := partNumber(c.q)
	if e != nil {
		return e
	}
	if e := s.checkUpload(c); e != nil {
		return e
	}
	so, _, e := s.sourceObject(c)
	if e != nil {
		return e
	}
	first, last, e := copyRange(c.r.Header.Get("x-cos-copy-source-range"), int64(len(so.data)))
	if e != nil {
		return e
	}
	if last-first+1 > maxObjectSize {
		return newError(http.StatusBadRequest, "EntityTooLarge", "")
	}
	data := so.data[first : last+1] // shared: stored bytes are never modified
	p := &part{number: n, data: data, md5: md5.Sum(data), crc: crc64x.Checksum(data)}
	if e := s.storePart(c, p); e != nil {
		return e
	}
	c.w.Header().Set("x-cos-hash-crc64ecma", strconv.FormatUint(p.crc, 10))
	return c.writeXML(http.StatusOK, copyPartResult{ETag: quotedETag(p.md5[:]),
		LastModified: p.modified.UTC().Format(timeISO)})
}
