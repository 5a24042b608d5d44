package costest

import (
	"crypto/md5"
	"encoding/xml"
	"net/http"
	"strconv"
	"strings"
)

// upload returns the open upload id of key; the caller holds the lock.
func (st *store) upload(bucketName, key, id string) (*bucket, *upload, *Error) {
	b, e := st.bucket(bucketName)
	if e != nil {
		return nil, nil, e
	}
	u := b.uploads[id]
	if u == nil || u.key != key {
		return b, nil, errNoSuchUpload()
	}
	return b, u, nil
}

// checkUpload verifies under a read lock that the upload is open.
func (s *Server) checkUpload(c *reqCtx) *Error {
	s.store.mu.RLock()
	defer s.store.mu.RUnlock()
	_, _, e := s.store.upload(c.bucket, c.key, c.q.get("uploadId"))
	return e
}

func (s *Server) initiateMultipartUpload(c *reqCtx) *Error {
	meta, e := parseObjectMeta(c.r.Header)
	if e != nil {
		return e
	}
	u := &upload{id: s.ids.uploadID(c.now), key: c.key, initiated: c.now, meta: meta, parts: map[int]*part{}}
	s.store.mu.Lock()
	b, e := s.store.bucket(c.bucket)
	if e == nil {
		u.meta.sse = b.withDefault(u.meta.sse)
		b.uploads[u.id] = u
	}
	s.store.mu.Unlock()
	if e != nil {
		return e
	}
	setSSEHeaders(c.w.Header(), u.meta.sse)
	return c.writeXML(http.StatusOK, initiateResult{Bucket: c.bucket, Key: c.key, UploadID: u.id})
}

func partNumber(q query) (int, *Error) {
	v := q.get("partNumber")
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > maxPartNumber {
		return 0, badRequest(codeBadPartNumber, "partNumber %q must be an integer from 1 to %d.", v, maxPartNumber)
	}
	return n, nil
}

func (s *Server) uploadPart(c *reqCtx) *Error {
	n, e := partNumber(c.q)
	if e != nil {
		return e
	}
	if e := s.checkUpload(c); e != nil {
		return e
	}
	p, e := c.readPayload(maxObjectSize)
	if e != nil {
		return e
	}
	pt := &part{number: n, data: p.data, md5: p.md5, crc: p.crc}
	if e := s.storePart(c, pt); e != nil {
		return e
	}
	h := c.w.Header()
	h.Set("ETag", quotedETag(pt.md5[:]))
	h.Set("x-cos-hash-crc64ecma", strconv.FormatUint(pt.crc, 10))
	return c.writeEmpty(http.StatusOK)
}

// storePart adds or replaces a part; the upload may have been completed
// or aborted while the body was read.
func (s *Server) storePart(c *reqCtx, p *part) *Error {
	s.store.mu.Lock()
	defer s.store.mu.Unlock()
	_, u, e := s.store.upload(c.bucket, c.key, c.q.get("uploadId"))
	if e != nil {
		return e
	}
	p.modified = s.now()
	u.parts[p.number] = p
	return nil
}

func (s *Server) abortMultipartUpload(c *reqCtx) *Error {
	s.store.mu.Lock()
	b, _, e := s.store.upload(c.bucket, c.key, c.q.get("uploadId"))
	if e == nil {
		delete(b.uploads, c.q.get("uploadId"))
	}
	s.store.mu.Unlock()
	if e != nil {
		return e
	}
	return c.writeEmpty(http.StatusNoContent)
}

// completeParts parses and orders the part list of a Complete request.
func completeParts(body []byte) ([]int, []string, *Error) {
	var req completeRequest
	if err := xml.Unmarshal(body, &req); err != nil {
		return nil, nil, errMalformedXML("CompleteMultipartUpload: %v", err)
	}
	if len(req.Parts) == 0 {
		return nil, nil, errMalformedXML("CompleteMultipartUpload lists no Part.")
	}
	nums := make([]int, len(req.Parts))
	etags := make([]string, len(req.Parts))
	for i, p := range req.Parts {
		n, err := strconv.Atoi(strings.TrimSpace(p.PartNumber))
		if err != nil {
			return nil, nil, errMalformedXML("PartNumber %q is not an integer.", p.PartNumber)
		}
		if i > 0 && n <= nums[i-1] {
			return nil, nil, badRequest("InvalidPartOrder", "")
		}
		if !completeAllowsGaps && n != i+1 {
			return nil, nil, badRequest("InvalidPart", "Part numbers must be consecutive from 1.")
		}
		nums[i], etags[i] = n, strings.Trim(strings.TrimSpace(p.ETag), `"`)
	}
	return nums, etags, nil
}

// pickParts checks the listed parts against the upload; the caller holds
// the lock.
func pickParts(u *upload, nums []int, etags []string) ([]*part, *Error) {
	parts := make([]*part, len(nums))
	for i, n := range nums {
		p := u.parts[n]
		if p == nil {
			return nil, badRequest("InvalidPart", "Part %d was not uploaded.", n)
		}
		if !strings.EqualFold(etags[i], strings.Trim(quotedETag(p.md5[:]), `"`)) {
			return nil, badRequest("InvalidPart", "The ETag of part %d does not match.", n)
		}
		if i < len(nums)-1 && len(p.data) < minPartSize {
			return nil, badRequest("EntityTooSmall", "Part %d is smaller than 1 MiB and not the last part.", n)
		}
		parts[i] = p
	}
	return parts, nil
}

// assemble builds the object bytes, the multipart ETag (MD5 of the
// concatenated binary part MD5s, "-N") and the combined CRC64. It copies
// the bytes once; a one-part object shares the part's bytes.
func assemble(parts []*part) (data []byte, etag string, crc uint64) {
	var total int
	sums := make([]byte, 0, md5.Size*len(parts))
	for _, p := range parts {
		total += len(p.data)
		sums = append(sums, p.md5[:]...)
	}
	if len(parts) == 1 {
		data = parts[0].data
	} else {
		data = make([]byte, 0, total)
		for _, p := range parts {
			data = append(data, p.data...)
		}
	}
	for i, p := range parts {
		if i == 0 {
			crc = p.crc
		} else {
			crc = crcCombine(crc, p.crc, int64(len(p.data)))
		}
	}
	sum := md5.Sum(sums)
	return data, quotedETag(sum[:])[:33] + "-" + strconv.Itoa(len(parts)) + `"`, crc
}

func (s *Server) completeMultipartUpload(c *reqCtx) *Error {
	if e := s.checkUpload(c); e != nil {
		return e
	}
	body, e := c.readDocument(maxXMLBody)
	if e != nil {
		return e
	}
	nums, etags, e := completeParts(body)
	if e != nil {
		return e
	}
	id := c.q.get("uploadId")
	for attempt := 0; ; attempt++ {
		s.store.mu.RLock()
		_, u, e := s.store.upload(c.bucket, c.key, id)
		var parts []*part
		if e == nil {
			parts, e = pickParts(u, nums, etags)
		}
		s.store.mu.RUnlock()
		if e != nil {
			return e
		}
		data, etag, crc := assemble(parts) // outside the lock: may copy a lot
		s.store.mu.Lock()
		b, u, e := s.store.upload(c.bucket, c.key, id)
		if e == nil && !samePicks(u, nums, parts) && attempt < 3 {
			s.store.mu.Unlock()
			continue // a part was replaced meanwhile: start over
		}
		var vid string
		var sse sseInfo
		if e == nil {
			o := &object{key: c.key, data: data, etag: etag, crc: crc, meta: u.meta}
			if e = s.store.write(b, o, c.r.Header, s.now()); e == nil {
				vid = b.shownID(o)
				sse = o.meta.sse // write may have applied a default set after Initiate
				delete(b.uploads, id)
			}
		}
		s.store.mu.Unlock()
		if e != nil {
			return e
		}
		c.w.Header().Set("x-cos-hash-crc64ecma", strconv.FormatUint(crc, 10))
		setSSEHeaders(c.w.Header(), sse)
		c.setVersionHeaders(vid, false)
		return c.writeXML(http.StatusOK, completeResult{
			Location: c.bucket + ".cos." + s.cfg.region + ".myqcloud.com/" + c.key,
			Bucket:   c.bucket, Key: c.key, ETag: etag})
	}
}

func samePicks(u *upload, nums []int, parts []*part) bool {
	for i, n := range nums {
		if u.parts[n] != parts[i] {
			return false
		}
	}
	return true
}
