package costest

import (
	"crypto/md5"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"
)

// OpAppendObject is APPEND Object (POST /key?append&position=N).
const OpAppendObject Op = "AppendObject"

// APPEND Object, from COS's API documentation (product/436/7741):
//   - the first append (position 0) creates an "appendable" object; a later
//     PUT, copy or multipart upload makes the key "normal" again;
//   - position must equal the object's length, else 409 (code
//     codeAppendPosition); appending to a normal object is 409
//     ObjectNotAppendable;
//   - no position parameter is 400 InvalidArgument, no Content-Length 411
//     MissingContentLength;
//   - an appendable object holds at most 5 GB; the storage class sent is
//     ignored after the first append; INTELLIGENT_TIERING and multi-AZ
//     buckets are refused;
//   - the answer carries x-cos-next-append-position and ETag.
//
// What the documentation leaves open is in choices.go (codes for the
// refusals, the whole-object x-cos-hash-crc64ecma, x-cos-content-sha1).

func (s *Server) appendObject(c *reqCtx) *Error {
	if !c.q.has("position") {
		return errInvalidArgument("APPEND Object needs the position parameter.")
	}
	raw := c.q.get("position")
	position, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || position < 0 || strings.HasPrefix(raw, "+") {
		return errInvalidArgument("The position %q is not a non-negative integer.", raw)
	}
	if n, e := declaredLength(c.r); e != nil {
		return e
	} else if n < 0 {
		return newError(http.StatusLengthRequired, "MissingContentLength", "")
	}
	meta, e := parseObjectMeta(c.r.Header)
	if e != nil {
		return e
	}
	if meta.storageClass == "INTELLIGENT_TIERING" {
		return badRequest(codeAppendRefused, "APPEND Object does not support the INTELLIGENT_TIERING storage class.")
	}
	// Refuse what can be refused before reading the body, then check again
	// under the lock, where it counts.
	if e := s.appendAllowed(c, position, false); e != nil {
		return e
	}
	p, e := c.readPayload(maxObjectSize - position)
	if e != nil {
		return e
	}
	o, e := s.appendLocked(c, position, p, meta)
	if e != nil {
		return e
	}
	h := c.w.Header()
	h.Set("ETag", o.etag)
	h.Set("x-cos-next-append-position", strconv.Itoa(len(o.data)))
	h.Set("x-cos-hash-crc64ecma", strconv.FormatUint(o.crc, 10))
	if appendSendsContentSHA1 {
		h.Set("x-cos-content-sha1", hex.EncodeToString(p.md5[:]))
	}
	return c.writeEmpty(http.StatusOK)
}

// appendAllowed checks the bucket and the object's state for an append at
// position; locked tells whether the caller holds the store lock.
func (s *Server) appendAllowed(c *reqCtx, position int64, locked bool) *Error {
	if !locked {
		s.store.mu.RLock()
		defer s.store.mu.RUnlock()
	}
	b, e := s.store.bucket(c.bucket)
	if e != nil {
		return e
	}
	if b.azType == "MAZ" {
		return badRequest(codeAppendRefused, "Multi-AZ buckets do not support APPEND Object.")
	}
	if b.versioning != "" && appendRefusedWhenVersioned {
		return badRequest(codeAppendRefused, "APPEND Object is not supported in a bucket that has had versioning enabled.")
	}
	length := int64(0)
	if o := b.live(c.key); o != nil {
		if !o.appendable {
			return errorf(http.StatusConflict, "ObjectNotAppendable", "The object %q is not appendable.", c.key)
		}
		length = int64(len(o.data))
	}
	if position != length {
		c.w.Header().Set("x-cos-next-append-position", strconv.FormatInt(length, 10))
		return errorf(http.StatusConflict, codeAppendPosition,
			"The position %d is not the object's length %d.", position, length)
	}
	return nil
}

// appendLocked adds p at position under the store lock. Objects are
// immutable once stored, so the result is a new object; its bytes may
// share the old object's array, which readers of the old object only see
// up to its own length.
func (s *Server) appendLocked(c *reqCtx, position int64, p *payload, meta objectMeta) (*object, *Error) {
	s.store.mu.Lock()
	defer s.store.mu.Unlock()
	if e := s.appendAllowed(c, position, true); e != nil {
		return nil, e
	}
	b := s.store.buckets[c.bucket]
	no := &object{key: c.key, meta: meta, appendable: true, data: p.data, crc: p.crc}
	if old := b.live(c.key); old != nil {
		no.meta, no.restore = old.meta, old.restore
		no.data = append(old.data, p.data...)
		no.crc = crcCombine(old.crc, p.crc, int64(len(p.data)))
	}
	sum := md5.Sum(no.data)
	no.etag = quotedETag(sum[:])
	// The bucket was never versioned (appendAllowed), so this replaces
	// the one "null" version.
	if e := s.store.write(b, no, nil, s.now()); e != nil {
		return nil, e
	}
	return no, nil
}
