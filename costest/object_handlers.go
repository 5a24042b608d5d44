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
	o, e := s.storeObject(c.bucket, c.key, p, meta, c.r.Header)
	if e != nil {
		return e
	}
	h := c.w.Header()
	h.Set("ETag", o.etag)
	h.Set("x-cos-hash-crc64ecma", strconv.FormatUint(o.crc, 10))
	return c.writeEmpty(http.StatusOK)
}

// storeObject stores a single-PUT object; h (may be nil) carries
// x-cos-forbid-overwrite; mods set further fields before it is published
// (a symlink's target).
func (s *Server) storeObject(bucketName, key string, p *payload, meta objectMeta, h http.Header, mods ...func(*object)) (*object, *Error) {
	s.store.mu.Lock()
	defer s.store.mu.Unlock()
	b, e := s.store.bucket(bucketName)
	if e != nil {
		return nil, e
	}
	if h != nil {
		if e := forbidOverwrite(h, b, key); e != nil {
			return nil, e
		}
	}
	o := &object{key: key, data: p.data, etag: quotedETag(p.md5[:]), crc: p.crc, modified: s.now(), meta: meta}
	for _, mod := range mods {
		mod(o)
	}
	b.objects[key] = o
	return o, nil
}

func (s *Server) deleteObject(c *reqCtx) *Error {
	s.store.mu.Lock()
	b, e := s.store.bucket(c.bucket)
	existed := false
	if b != nil {
		existed = b.objects[c.key] != nil
		delete(b.objects, c.key)
	}
	s.store.mu.Unlock()
	if e != nil {
		return e
	}
	if !existed {
		return c.writeEmpty(deleteMissingKeyStatus)
	}
	return c.writeEmpty(http.StatusNoContent)
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
	for _, obj := range req.Objects {
		if e != nil {
			break
		}
		key := *obj.Key
		if key == "" {
			res.Errors = append(res.Errors, deleteErrorXML{Key: key, Code: "InvalidArgument", Message: "The key is empty."})
			continue
		}
		if ke := checkKey(key); ke != nil {
			res.Errors = append(res.Errors, deleteErrorXML{Key: key, Code: ke.Code, Message: ke.Message})
			continue
		}
		delete(b.objects, key)
		if !quiet {
			res.Deleted = append(res.Deleted, deletedXML{Key: key})
		}
	}
	s.store.mu.Unlock()
	if e != nil {
		return e
	}
	return c.writeXML(http.StatusOK, res)
}
