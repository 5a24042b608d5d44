package cos

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Append errors. Each wraps the *ServiceError COS answered, so errors.As
// still gives the code, and both also match ErrConflict (409).
var (
	// ErrPositionNotEqualToLength matches COS's 409 answer to an append
	// whose position is not the object's current length (code
	// PositionNotEqualToLength; older COS documentation says
	// AppendPositionErr, which matches too). Read the length to resume from
	// with Head: ObjectMeta.NextAppendPosition.
	ErrPositionNotEqualToLength = errors.New("cos: append position is not the object's length")
	// ErrObjectNotAppendable matches COS's 409 ObjectNotAppendable: the key
	// holds an object written by Put, Copy or a multipart upload.
	ErrObjectNotAppendable = errors.New("cos: object is not appendable")
)

// maxAppendableSize is the largest object APPEND Object can build.
const maxAppendableSize = 5 << 30

// ObjectAppendOptions are the optional inputs of [ObjectService.Append].
// The content headers, metadata and ACL take effect when the append
// creates the object (position 0); COS keeps the first append's for the
// later ones.
type ObjectAppendOptions struct {
	ACLHeaders

	// ContentType defaults, on the first append, to the type of the key's
	// extension, else application/octet-stream.
	ContentType        string    `header:"Content-Type"`
	CacheControl       string    `header:"Cache-Control"`
	ContentDisposition string    `header:"Content-Disposition"`
	ContentEncoding    string    `header:"Content-Encoding"`
	Expires            time.Time `header:"Expires"`
	// Metadata becomes x-cos-meta-<name> headers, as for Put.
	Metadata map[string]string `header:"x-cos-meta-,prefix"`
	// ContentMD5 is the base64 MD5 of this append's bytes, checked by COS.
	ContentMD5 string `header:"Content-MD5"`
	// ContentLength is the number of bytes to send, needed only when the
	// body's size cannot be learnt from it (see ObjectPutOptions).
	ContentLength int64 `url:"-"`
	// TrafficLimit caps the transfer speed, in bit/s.
	TrafficLimit int64 `header:"x-cos-traffic-limit"`
	// PreviousCRC64 is the CRC64 of the object's first position bytes (the
	// CRC64 of the previous ObjectAppendResult, or ObjectMeta.CRC64). When
	// set, the whole-object CRC64 COS answers is checked against it
	// combined with the bytes sent. At position 0 the check needs nothing.
	PreviousCRC64 *uint64 `url:"-"`
}

// ObjectAppendResult is what COS answers to an APPEND Object.
type ObjectAppendResult struct {
	// NextPosition is x-cos-next-append-position: the object's length,
	// where the next append starts.
	NextPosition int64
	// ETag is the object's entity tag without quotes.
	ETag string
	// CRC64 is the whole object's CRC-64/ECMA; HasCRC64 is false when COS
	// sent none and it could not be computed (position > 0 without
	// PreviousCRC64).
	CRC64    uint64
	HasCRC64 bool
}

func (o *ObjectAppendOptions) validate() error {
	if err := o.ACLHeaders.validate(true); err != nil {
		return err
	}
	if o.TrafficLimit < 0 {
		return invalidArg("TrafficLimit", "is negative (%d)", o.TrafficLimit)
	}
	return validateMetadata(o.Metadata)
}

// Append adds body at position of the object key (APPEND Object, POST
// ?append&position=N). The first append, at position 0, creates an
// appendable object; each later one must give the object's current length
// (the NextPosition of the previous result, or ObjectMeta.NextAppendPosition
// from Head). An appendable object grows to at most 5 GB; a Put, Copy or
// multipart upload onto the key replaces it with a normal object, which
// cannot be appended to. COS keeps appendable objects out of versioning,
// lifecycle and replication, and refuses appends in multi-AZ buckets.
//
// Append is not idempotent, so it is never retried: if the answer is lost
// the bytes may or may not have been added, and sending them again could
// add them twice, or fail with ErrPositionNotEqualToLength. To recover, Head
// the object: when ObjectMeta.NextAppendPosition is position plus the
// body's length (and, with PreviousCRC64 known, its CRC64 is the combined
// one) the append took effect; when it is still position, append again.
//
// The body streams as for Put (its size from the reader or
// opt.ContentLength); Append never closes it. The CRC64 of the bytes sent
// is checked against COS's whole-object x-cos-hash-crc64ecma at position
// 0, and later when opt.PreviousCRC64 is set; a difference wraps
// ErrChecksumMismatch.
//
// Errors: ErrInvalidArgument for bad input (empty key, negative position,
// an object over 5 GB), ErrPositionNotEqualToLength and
// ErrObjectNotAppendable (both also ErrConflict), ErrNotFound when the
// bucket does not exist, *ServiceError otherwise.
func (s *ObjectService) Append(ctx context.Context, key string, position int64, body io.Reader, opt *ObjectAppendOptions) (*ObjectAppendResult, *Response, error) {
	if position < 0 {
		return nil, nil, invalidArg("position", "is negative (%d)", position)
	}
	if body == nil {
		return nil, nil, invalidArg("body", "is nil; pass strings.NewReader(\"\") to append nothing")
	}
	var o ObjectAppendOptions
	if opt != nil {
		o = *opt
	}
	if err := o.validate(); err != nil {
		return nil, nil, err
	}
	size, err := streamSize(body, o.ContentLength)
	if err != nil {
		return nil, nil, err
	}
	if position+size > maxAppendableSize {
		return nil, nil, invalidArg("position", "%d plus %d bytes exceeds the 5 GB an appendable object may hold", position, size)
	}
	hdr := http.Header{}
	if o.ContentType == "" && position == 0 {
		hdr.Set("Content-Type", detectContentType(key))
	}
	crc := &sentCRC{}
	resp, err := s.client.do(ctx, &op{
		name: "AppendObject", method: http.MethodPost, object: true, key: key,
		query:  map[string][]string{"append": {""}, "position": {strconv.FormatInt(position, 10)}},
		header: hdr, opts: []any{&o},
		body: body, size: size, wrapBody: crc.wrap,
		errorIn200: true,
		idempotent: false, // a replay could add the bytes twice
	})
	if err != nil {
		err = withCodeSentinel(err, ErrPositionNotEqualToLength, "PositionNotEqualToLength", "AppendPositionErr")
		return nil, resp, withCodeSentinel(err, ErrObjectNotAppendable, "ObjectNotAppendable")
	}
	res, err := appendResult(resp.Header, crc, position, size, o.PreviousCRC64)
	if err != nil {
		return nil, resp, fmt.Errorf("cos: AppendObject %s: %w", key, err)
	}
	return res, resp, nil
}

// appendResult reads the answer and checks the whole-object CRC64 where
// the expected value is known.
func appendResult(h http.Header, crc *sentCRC, position, size int64, previous *uint64) (*ObjectAppendResult, error) {
	res := &ObjectAppendResult{ETag: stripETagQuotes(h.Get("ETag"))}
	next := strings.TrimSpace(h.Get("x-cos-next-append-position"))
	n, err := strconv.ParseInt(next, 10, 64)
	if err != nil || n < 0 {
		return nil, fmt.Errorf("malformed x-cos-next-append-position %q", next)
	}
	res.NextPosition = n
	server, has, err := parseCRC64Header(h)
	if err != nil {
		return nil, err
	}
	local, sent := crc.sum()
	var want uint64
	known := sent == size
	switch {
	case !known:
	case position == 0:
		want = local
	case previous != nil:
		want = CRC64Combine(*previous, local, sent)
	default:
		known = false
	}
	switch {
	case has && known && server != want:
		return nil, fmt.Errorf("%w: the object's CRC64 after appending %d bytes at %d should be %d, server says %d",
			ErrChecksumMismatch, sent, position, want, server)
	case has:
		res.CRC64, res.HasCRC64 = server, true
	case known:
		res.CRC64, res.HasCRC64 = want, true
	}
	return res, nil
}
