package cosblob

import (
	"context"
	"errors"
	"fmt"
	"hash"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/cosgo/cos"
	"gocloud.dev/blob/driver"
)

// maxResumes bounds how often one reader continues a body that was cut
// off; each continuation is pinned to the ETag first seen.
const maxResumes = 3

// NewRangeReader reads length bytes from offset (to the end when length
// is negative) with one GET Object. A body cut off midway is continued
// with a ranged GET carrying If-Match on the first answer's ETag, so an
// object replaced meanwhile fails the read (FailedPrecondition) instead of
// mixing two versions. A whole-object read is checked against COS's CRC64
// at the end. A zero-length read is a HEAD.
func (b *bucket) NewRangeReader(ctx context.Context, key string, offset, length int64, opts *driver.ReaderOptions) (driver.Reader, error) {
	if offset < 0 {
		return nil, invalidArg("offset", "is negative (%d)", offset)
	}
	g := &cos.ObjectGetOptions{}
	if opts.BeforeRead != nil {
		if err := opts.BeforeRead(asOne(&g)); err != nil {
			return nil, err
		}
	}
	k := escapeKey(key)
	if length == 0 {
		return b.emptyReader(ctx, k, g)
	}
	o := *g
	switch {
	case length > 0:
		o.Range = fmt.Sprintf("bytes=%d-%d", offset, offset+length-1)
	case offset > 0:
		o.Range = fmt.Sprintf("bytes=%d-", offset)
	}
	resp, err := b.client.Object.Get(ctx, k, &o)
	if err != nil {
		var se *cos.ServiceError
		if errors.As(err, &se) && se.StatusCode == http.StatusRequestedRangeNotSatisfiable {
			return b.readAtEnd(ctx, k, g, offset, err)
		}
		return nil, err
	}
	r := &reader{ctx: ctx, client: b.client, key: k, get: *g, resp: resp, body: resp.Body, pos: offset, end: -1}
	r.attrs = driver.ReaderAttributes{ContentType: resp.Header.Get("Content-Type"), Size: resp.ContentLength}
	r.attrs.ModTime, _ = http.ParseTime(resp.Header.Get("Last-Modified"))
	r.etag = resp.Header.Get("ETag")
	if first, last, total, ok := parseContentRange(resp.Header.Get("Content-Range")); ok {
		r.pos, r.end, r.attrs.Size = first, last+1, total
	} else if o.Range != "" {
		// Serving the whole object here would hand out the wrong bytes.
		resp.Body.Close()
		return nil, fmt.Errorf("cosblob: reading %q: asked for %s, got status %d without a valid Content-Range", k, o.Range, resp.StatusCode)
	} else if resp.ContentLength >= 0 {
		r.pos, r.end = 0, resp.ContentLength
		if want, err := strconv.ParseUint(resp.Header.Get("x-cos-hash-crc64ecma"), 10, 64); err == nil {
			r.crc, r.wantCRC = cos.NewCRC64(), want
		}
	}
	return r, nil
}

// emptyReader serves a zero-length read with HEAD Object: COS has no
// empty range, and the attributes and NotFound still matter.
func (b *bucket) emptyReader(ctx context.Context, key string, g *cos.ObjectGetOptions) (driver.Reader, error) {
	meta, resp, err := b.client.Object.Head(ctx, key, &cos.ObjectHeadOptions{
		SSECustomerHeaders: g.SSECustomerHeaders,
		IfMatch:            g.IfMatch, IfNoneMatch: g.IfNoneMatch,
		IfModifiedSince: g.IfModifiedSince, IfUnmodifiedSince: g.IfUnmodifiedSince,
		VersionID: g.VersionID,
	})
	if err != nil {
		return nil, err
	}
	return &reader{resp: resp, body: http.NoBody, end: -1, attrs: driver.ReaderAttributes{
		ContentType: meta.ContentType, ModTime: meta.LastModified, Size: meta.ContentLength,
	}}, nil
}

// readAtEnd handles a 416: a read starting exactly at the end of the
// object is empty rather than an error (as reading an io.Reader at EOF
// is); any other offset past the end keeps the error.
func (b *bucket) readAtEnd(ctx context.Context, key string, g *cos.ObjectGetOptions, offset int64, rangeErr error) (driver.Reader, error) {
	r, err := b.emptyReader(ctx, key, g)
	if err != nil {
		return nil, err
	}
	if r.Attributes().Size != offset {
		return nil, rangeErr
	}
	return r, nil
}

// parseContentRange reads "bytes first-last/total".
func parseContentRange(v string) (first, last, total int64, ok bool) {
	spec, found := strings.CutPrefix(v, "bytes ")
	if !found {
		return 0, 0, 0, false
	}
	rng, size, found := strings.Cut(spec, "/")
	a, z, found2 := strings.Cut(rng, "-")
	if !found || !found2 {
		return 0, 0, 0, false
	}
	var err1, err2, err3 error
	first, err1 = strconv.ParseInt(a, 10, 64)
	last, err2 = strconv.ParseInt(z, 10, 64)
	total, err3 = strconv.ParseInt(size, 10, 64)
	if err1 != nil || err2 != nil || err3 != nil || first > last || last >= total {
		return 0, 0, 0, false
	}
	return first, last, total, true
}

// reader reads one GET Object answer, continuing it when it is cut off.
type reader struct {
	ctx    context.Context
	client *cos.Client
	key    string               // escaped
	get    cos.ObjectGetOptions // as after BeforeRead, for continuations
	resp   *cos.Response        // the first answer
	body   io.ReadCloser
	attrs  driver.ReaderAttributes
	etag   string
	pos    int64 // offset of the next byte
	end    int64 // offset after the last byte asked for; -1 when unknown

	resumes int
	crc     hash.Hash64 // set for whole-object reads with a server CRC64
	wantCRC uint64
}

// Read reads from the body; an error before the last byte asked for is
// answered by continuing from pos, pinned to the ETag, at most maxResumes
// times.
func (r *reader) Read(p []byte) (int, error) {
	for {
		n, err := r.body.Read(p)
		r.pos += int64(n)
		if r.crc != nil {
			r.crc.Write(p[:n])
		}
		if err == io.EOF && r.end >= 0 && r.pos < r.end {
			err = io.ErrUnexpectedEOF
		}
		if err == nil || err == io.EOF {
			if err == io.EOF && r.crc != nil && r.crc.Sum64() != r.wantCRC {
				return n, fmt.Errorf("cosblob: reading %q: %w: received CRC64 %d, COS says %d", r.key, cos.ErrChecksumMismatch, r.crc.Sum64(), r.wantCRC)
			}
			return n, err
		}
		if rerr := r.resume(err); rerr != nil {
			return n, rerr
		}
		if n > 0 {
			return n, nil
		}
	}
}

// resume replaces a body that failed with cause by a ranged GET for the
// rest, If-Match the first answer's ETag. It returns the error to report
// when it cannot.
func (r *reader) resume(cause error) error {
	if r.end < 0 || r.etag == "" || r.resumes >= maxResumes || r.ctx.Err() != nil {
		return cause
	}
	r.resumes++
	r.body.Close()
	r.body = http.NoBody
	o := r.get
	o.Range = fmt.Sprintf("bytes=%d-%d", r.pos, r.end-1)
	o.IfMatch, o.IfNoneMatch = r.etag, ""
	o.IfModifiedSince, o.IfUnmodifiedSince = time.Time{}, time.Time{}
	resp, err := r.client.Object.Get(r.ctx, r.key, &o)
	if err != nil {
		return errors.Join(cause, fmt.Errorf("cosblob: continuing %q at byte %d: %w", r.key, r.pos, err))
	}
	r.body = resp.Body
	return nil
}

// Close closes the current body.
func (r *reader) Close() error { return r.body.Close() }

// Attributes implements driver.Reader.
func (r *reader) Attributes() *driver.ReaderAttributes { return &r.attrs }

// As exposes the *cos.Response of the first request (a HEAD for
// zero-length reads); its Body belongs to the reader.
func (r *reader) As(i any) bool {
	p, ok := i.(**cos.Response)
	if !ok || r.resp == nil {
		return false
	}
	*p = r.resp
	return true
}
