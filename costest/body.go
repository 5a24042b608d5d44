package costest

import (
	"bytes"
	"crypto/md5"
	"encoding/base64"
	"io"
	"net/http"
	"strconv"

	"github.com/cosgo/cos/internal/crc64x"
)

// Size limits of cos-protocol.md section 8.
const (
	maxObjectSize    = 5 << 30 // single PUT, part, copy-part
	maxKeyBytes      = 850
	maxMetadataBytes = 2048
	minPartSize      = 1 << 20
	maxPartNumber    = 10000
	maxDeleteKeys    = 1000
	maxBuckets       = 200
	maxListKeys      = 1000
	maxXMLBody       = 4 << 20 // request documents (Complete with 10,000 parts fits)
	maxCORSBody      = 64 << 10
	maxCORSRules     = 100
	maxLifecycleRule = 1000
)

// declaredLength returns the request's Content-Length, -1 for a body of
// unknown length (chunked), or 411 MissingContentLength.
func declaredLength(r *http.Request) (int64, *Error) {
	cl := r.Header.Get("Content-Length")
	if len(r.TransferEncoding) > 0 || (cl == "" && r.ContentLength < 0) {
		return -1, nil
	}
	if cl == "" {
		return 0, newError(http.StatusLengthRequired, "MissingContentLength", "")
	}
	n, err := strconv.ParseInt(cl, 10, 64)
	if err != nil || n < 0 {
		return 0, errInvalidArgument("Content-Length %q is not valid.", cl)
	}
	return n, nil
}

// contentMD5 decodes the Content-MD5 header (nil when absent).
func contentMD5(h http.Header) ([]byte, *Error) {
	v := h.Get("Content-MD5")
	if v == "" {
		return nil, nil
	}
	b, err := base64.StdEncoding.DecodeString(v)
	if err != nil || len(b) != md5.Size {
		return nil, badRequest("InvalidDigest", "")
	}
	return b, nil
}

// payload is a request body read into memory with its digests.
type payload struct {
	data []byte
	md5  [16]byte
	crc  uint64
}

// readPayload reads an object or part body straight into one slice sized
// from Content-Length, hashing MD5 and CRC64 on the way, and checks
// Content-MD5. Call it only after every check that needs no body.
func (c *reqCtx) readPayload(limit int64) (*payload, *Error) {
	n, e := declaredLength(c.r)
	if e != nil {
		return nil, e
	}
	if n > limit {
		return nil, newError(http.StatusBadRequest, "EntityTooLarge", "")
	}
	want, e := contentMD5(c.r.Header)
	if e != nil {
		return nil, e
	}
	md := md5.New()
	crc := crc64x.New()
	src := io.TeeReader(c.body, io.MultiWriter(md, crc))
	var data []byte
	if n >= 0 {
		data = make([]byte, n)
		if _, err := io.ReadFull(src, data); err != nil {
			return nil, newError(http.StatusBadRequest, "IncompleteBody", "")
		}
	} else {
		var err error
		if data, err = io.ReadAll(io.LimitReader(src, limit+1)); err != nil {
			return nil, newError(http.StatusBadRequest, "IncompleteBody", "")
		}
		if int64(len(data)) > limit {
			return nil, newError(http.StatusBadRequest, "EntityTooLarge", "")
		}
	}
	p := &payload{data: data, crc: crc.Sum64()}
	md.Sum(p.md5[:0])
	if want != nil && !bytes.Equal(want, p.md5[:]) {
		return nil, badRequest("BadDigest", "")
	}
	return p, nil
}

// readDocument reads a small XML request body (bounded by limit) and
// checks Content-MD5 when sent.
func (c *reqCtx) readDocument(limit int64) ([]byte, *Error) {
	p, e := c.readPayload(limit)
	if e != nil {
		if e.Code == "EntityTooLarge" {
			return nil, errMalformedXML("The request document is larger than %d bytes.", limit)
		}
		return nil, e
	}
	return p.data, nil
}
