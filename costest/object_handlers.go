package costest

import (
	"encoding/hex"
	"encoding/xml"
	"net/http"
	"strconv"
	"strings"
)

func quotedETag(md5sum []byte) string { return `"` + hex.EncodeToString(md5sum) + `"` }

func (s *Server) putObject(c *reqCtx) *Error {
	meta, e := parseObjectMeta(c.r.Header)
	if e != nil {
		return e
	}
	if e := s.bucketExists(c.bucket); e != nil {
		return e
	}
	p, e := c.readPayload(maxObjectSize)
	if e != nil {
		return e
	}
	o, vid, e := s.storeObject(c.bucket, c.key, p, meta, c.r.Header)
	if e != nil {
		return e
	}
	h := c.w.Header()
	h.Set("ETag", o.etag)
	h.Set("x-cos-hash-crc64ecma", strconv.FormatUint(o.crc, 10))
	setSSEHeaders(h, o.meta.sse)
	c.setVersionHeaders(vid, false)
	return c.writeEmpty(http.StatusOK)
}

// storeObject stores a single-PUT object as a new version; h (may be nil)
// carries x-cos-forbid-overwrite; mods set further fields before it is
// published (a symlink's target). It returns the object and the
// x-cos-version-id to report.
func (s *Server) storeObject(bucketName, key string, p *payload, meta objectMeta, h http.Header, mods ...func(*object)) (*object, string, *Error) {
	o := &object{key: key, data: p.data, etag: quotedETag(p.md5[:]), crc: p.crc, meta: meta}
	for _, mod := range mods {
		mod(o)
	}
	vid, e := s.store.putObject(bucketName, o, h, s.now())
	return o, vid, e
}

// deleteObject removes a key or, with versionId, one version; in a
// versioned bucket a DELETE without versionId adds a delete marker.
func (s *Server) deleteObject(c *reqCtx) *Error {
	d, e := s.store.deleteObject(c.bucket, c.key, c.versionParam(), s.now())
	if e != nil {
		return e
	}
	c.setVersionHeaders(d.versionID, d.marker)
	return c.writeEmpty(deleteMissingKeyStatus) // 204 whether or not the key existed
}

func (s *Server) deleteObjects(c *reqCtx) *Error {
	if e := s.bucketExists(c.bucket); e != nil {
		return e
	}
	if c.r.Header.Get("Content-MD5") == "" {
		return badRequest(codeDeleteNoMD5, "Delete Multiple Objects requires Content-MD5.")
	}
	body, e := c.readDocument(maxXMLBody)
	if e != nil {
		return e
	}
	var req deleteRequest
	if err := xml.Unmarshal(body, &req); err != nil {
		return errMalformedXML("Delete: %v", err)
	}
	if n := len(req.Objects); n == 0 || n > maxDeleteKeys {
		return badRequest(codeTooManyDeleteKeys, "Delete needs 1 to %d Object entries, got %d.", maxDeleteKeys, n)
	}
	quiet := false
	if q := strings.TrimSpace(req.Quiet); q != "" {
		var err error
		if quiet, err = strconv.ParseBool(q); err != nil {
			return errMalformedXML("Quiet %q is not a boolean.", req.Quiet)
		}
	}
	for _, obj := range req.Objects {
		if obj.Key == nil {
			return errMalformedXML("An Object entry has no Key.")
		}
	}
	res := deleteResult{}
	s.store.mu.Lock()
	b, e := s.store.bucket(c.bucket)
	now := s.now()
	for _, obj := range req.Objects {
		if e != nil {
			break
		}
		key, vid := *obj.Key, strings.TrimSpace(obj.VersionID)
		if key == "" {
			res.Errors = append(res.Errors, deleteErrorXML{Key: key, VersionID: vid, Code: "InvalidArgument", Message: "The key is empty."})
			continue
		}
		if ke := checkKey(key); ke != nil {
			res.Errors = append(res.Errors, deleteErrorXML{Key: key, VersionID: vid, Code: ke.Code, Message: ke.Message})
			continue
		}
		d, de := s.store.remove(b, key, vid, now)
		if de != nil {
			res.Errors = append(res.Errors, deleteErrorXML{Key: key, VersionID: vid, Code: de.Code, Message: de.Message})
			continue
		}
		if !quiet {
			res.Deleted = append(res.Deleted, deletedEntry(key, vid, d))
		}
	}
	s.store.mu.Unlock()
	if e != nil {
		return e
	}
	return c.writeXML(http.StatusOK, res)
}

// deletedEntry reports one key of a Delete Multiple: the version removed
// (VersionId), or the delete marker created or removed (DeleteMarker,
// DeleteMarkerVersionId).
func deletedEntry(key, vid string, d deletion) deletedXML {
	out := deletedXML{Key: key, VersionID: vid}
	if d.marker {
		out.DeleteMarker, out.DeleteMarkerVersionID = true, d.versionID
	}
	return out
}
