package cos

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/cosgo/cos/internal/fsutil"
)

// ObjectGetOptions are the optional inputs of [ObjectService.Get].
type ObjectGetOptions struct {
	SSECustomerHeaders

	// Range asks for part of the object, one range in HTTP form:
	// "bytes=0-99", "bytes=100-" or "bytes=-100" (the last 100 bytes).
	Range string `header:"Range"`
	// IfMatch and IfNoneMatch compare the object's ETag (quoted or not).
	IfMatch     string `header:"If-Match"`
	IfNoneMatch string `header:"If-None-Match"`
	// IfModifiedSince and IfUnmodifiedSince compare Last-Modified.
	IfModifiedSince   time.Time `header:"If-Modified-Since"`
	IfUnmodifiedSince time.Time `header:"If-Unmodified-Since"`
	// VersionID reads one version in a versioned bucket.
	VersionID string `url:"versionId,omitempty"`
	// Response* override the response headers of the same name.
	ResponseCacheControl       string `url:"response-cache-control,omitempty"`
	ResponseContentDisposition string `url:"response-content-disposition,omitempty"`
	ResponseContentEncoding    string `url:"response-content-encoding,omitempty"`
	ResponseContentLanguage    string `url:"response-content-language,omitempty"`
	ResponseContentType        string `url:"response-content-type,omitempty"`
	ResponseExpires            string `url:"response-expires,omitempty"`
	// TrafficLimit caps the transfer speed, in bit/s.
	TrafficLimit int64 `header:"x-cos-traffic-limit"`
}

func (o *ObjectGetOptions) validate() error {
	if o == nil {
		return nil
	}
	if o.Range != "" {
		if _, _, err := parseByteRange("Range", o.Range, false); err != nil {
			return err
		}
	}
	if o.TrafficLimit < 0 {
		return invalidArg("TrafficLimit", "is negative (%d)", o.TrafficLimit)
	}
	return nil
}

// Get downloads the object key (GET Object). On success the caller reads
// and closes resp.Body; the status is 200, or 206 for a Range. The bytes
// come as stored (Accept-Encoding: identity, so the transport never
// decompresses them). Get retries transient failures before the response
// headers arrive; a body cut off while the caller reads it is not retried
// (see [ObjectService.GetToFile] and transfer.Downloader).
//
// With a Range, the answer must be a 206 whose Content-Range names exactly
// the bytes asked for (or a 200 when the range covers the whole object),
// and without one it must not be a 206 (a piece is not the object);
// with an IfMatch of one entity tag, the answer's ETag must be that one.
// Any other answer, such as a proxy that ignored Range or If-Match, is
// closed and returned as an error wrapping ErrInvalidResponse. A 206 sent
// without Content-Length is held to its Content-Range: reading more fails
// with ErrInvalidResponse, less with io.ErrUnexpectedEOF.
//
// Errors: ErrNotModified (304) for IfNoneMatch/IfModifiedSince,
// ErrPreconditionFailed (412) for IfMatch/IfUnmodifiedSince, ErrNotFound
// when the key does not exist, ErrAccessDenied for an archived object that
// is not restored, ErrInvalidResponse for a wrong range, ErrInvalidArgument
// for bad input.
func (s *ObjectService) Get(ctx context.Context, key string, opt *ObjectGetOptions) (*Response, error) {
	if err := opt.validate(); err != nil {
		return nil, err
	}
	hdr := http.Header{}
	hdr.Set("Accept-Encoding", "identity")
	resp, err := s.client.do(ctx, &op{
		name: "GetObject", method: http.MethodGet, object: true, key: key,
		header: hdr, opts: []any{opt}, idempotent: true, keepBody: true,
	})
	if err != nil {
		return resp, err
	}
	if err := checkGetAnswer(resp.Response, opt); err != nil {
		resp.Body.Close()
		return resp, fmt.Errorf("cos: GetObject %s: %w", key, err)
	}
	return resp, nil
}

// GetToFile downloads the object key into the file at path. It writes a
// temporary file in the same directory, checks the length against
// Content-Length and, for a whole-object answer (200), the CRC64 against
// x-cos-hash-crc64ecma when sent, syncs it and renames it over path only
// then; the file gets the mode of the file it replaces, else 0644. On
// any failure the temporary file is removed and path is left as it was.
// Errors wrap ErrChecksumMismatch for a short body or a CRC64 difference,
// ErrInvalidResponse for an answer that is not the Range asked for (nothing
// is written to path), ErrInvalidArgument when path is a directory (checked
// before the request); otherwise they are those of [ObjectService.Get].
// The request is retried as Get's is; a body cut off midway is not retried.
func (s *ObjectService) GetToFile(ctx context.Context, key, path string, opt *ObjectGetOptions) (resp *Response, err error) {
	if path == "" {
		return nil, invalidArg("path", "is empty")
	}
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return nil, invalidArg("path", "%q is a directory", path)
	}
	if err := validateKey(key); err != nil {
		return nil, err
	}
	if err := opt.validate(); err != nil {
		return nil, err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".cosgo-*")
	if err != nil {
		return nil, fmt.Errorf("cos: GetToFile %s: %w", key, err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	resp, err = s.Get(ctx, key, opt)
	if err != nil {
		return resp, err
	}
	defer resp.Body.Close()
	var crc uint64
	n, err := io.Copy(tmp, io.TeeReader(resp.Body, crcWriter{&crc}))
	if err != nil {
		if errors.Is(err, io.ErrUnexpectedEOF) {
			err = fmt.Errorf("%w: %w", errTruncated, err)
		}
		return resp, fmt.Errorf("cos: GetToFile %s: after %d bytes: %w", key, n, err)
	}
	if resp.ContentLength >= 0 && n != resp.ContentLength {
		return resp, fmt.Errorf("cos: GetToFile %s: %w: got %d bytes, Content-Length is %d", key, ErrChecksumMismatch, n, resp.ContentLength)
	}
	if resp.StatusCode == http.StatusOK {
		want, has, perr := parseCRC64Header(resp.Header)
		if perr != nil {
			return resp, fmt.Errorf("cos: GetToFile %s: %w", key, perr)
		}
		if has && want != crc {
			return resp, fmt.Errorf("cos: GetToFile %s: %w: received CRC64 %d, server says %d", key, ErrChecksumMismatch, crc, want)
		}
	}
	if err = fsutil.CommitFile(tmp, path); err != nil {
		return resp, fmt.Errorf("cos: GetToFile %s: %w", key, err)
	}
	return resp, nil
}

// crcWriter folds written bytes into a CRC64.
type crcWriter struct{ crc *uint64 }

func (w crcWriter) Write(p []byte) (int, error) {
	*w.crc = UpdateCRC64(*w.crc, p)
	return len(p), nil
}

// parseByteRange checks "bytes=first-last" (also "first-" and "-suffix"
// unless full is set, which needs both ends). It returns first and last
// (-1 when open).
func parseByteRange(field, s string, full bool) (first, last int64, err error) {
	spec, ok := strings.CutPrefix(strings.TrimSpace(s), "bytes=")
	if !ok {
		return 0, 0, invalidArg(field, "%q must start with \"bytes=\"", s)
	}
	if strings.Contains(spec, ",") {
		return 0, 0, invalidArg(field, "%q: only one range is supported", s)
	}
	a, b, ok := strings.Cut(spec, "-")
	if !ok {
		return 0, 0, invalidArg(field, "%q must be bytes=first-last", s)
	}
	first, last = -1, -1
	if a != "" {
		if first, err = strconv.ParseInt(a, 10, 64); err != nil || first < 0 || a[0] == '+' {
			return 0, 0, invalidArg(field, "%q: bad first byte", s)
		}
	}
	if b != "" {
		if last, err = strconv.ParseInt(b, 10, 64); err != nil || last < 0 || b[0] == '+' {
			return 0, 0, invalidArg(field, "%q: bad last byte", s)
		}
	}
	switch {
	case first < 0 && last < 0:
		return 0, 0, invalidArg(field, "%q names no bytes", s)
	case full && (first < 0 || last < 0):
		return 0, 0, invalidArg(field, "%q must give both ends, bytes=first-last", s)
	case first < 0 && last == 0:
		return 0, 0, invalidArg(field, "%q asks for the last 0 bytes", s)
	case first >= 0 && last >= 0 && last < first:
		return 0, 0, invalidArg(field, "%q: last byte is before the first", s)
	}
	return first, last, nil
}

// ObjectHeadOptions are the optional inputs of [ObjectService.Head].
type ObjectHeadOptions struct {
	SSECustomerHeaders

	IfMatch           string    `header:"If-Match"`
	IfNoneMatch       string    `header:"If-None-Match"`
	IfModifiedSince   time.Time `header:"If-Modified-Since"`
	IfUnmodifiedSince time.Time `header:"If-Unmodified-Since"`
	// VersionID reads one version in a versioned bucket.
	VersionID string `url:"versionId,omitempty"`
}

// ObjectMeta is an object's metadata, from HEAD Object.
type ObjectMeta struct {
	ContentLength int64
	ContentType   string
	// ETag is the entity tag without quotes.
	ETag         string
	LastModified time.Time
	// StorageClass is STANDARD when COS sends no x-cos-storage-class.
	StorageClass StorageClass
	// StorageTier is x-cos-storage-tier (intelligent tiering).
	StorageTier string
	// ObjectType is "normal" or "appendable".
	ObjectType string
	VersionID  string
	// Metadata holds the x-cos-meta-* headers, names lower-cased and
	// without the prefix.
	Metadata map[string]string
	// CRC64 is the whole object's x-cos-hash-crc64ecma; HasCRC64 is false
	// when COS stores none (objects older than the feature).
	CRC64    uint64
	HasCRC64 bool
	// Restore is the state of a restore of an archived object, nil when no
	// restore was requested or the restored copy expired.
	Restore *RestoreStatus

	// NextAppendPosition is where the next [ObjectService.Append] to an
	// appendable object starts: x-cos-next-append-position when COS sends
	// it, else the object's length; 0 for other objects.
	NextAppendPosition int64

	CacheControl       string
	ContentDisposition string
	ContentEncoding    string
	ContentLanguage    string
	// Expires is the stored Expires header as sent (not always a date).
	Expires              string
	ServerSideEncryption string
	// TaggingCount is the number of tags on the object
	// (x-cos-tagging-count); read them with [ObjectService.GetTagging].
	TaggingCount int
}

// RestoreStatus is the x-cos-restore header of an archived object.
type RestoreStatus struct {
	// Ongoing is true while the restore runs.
	Ongoing bool
	// ExpiryDate is when the restored copy goes away (zero while ongoing).
	ExpiryDate time.Time
}

// IsArchived reports whether the object is in an archive class, which must
// be restored before it can be read or copied.
func (m *ObjectMeta) IsArchived() bool { return m.StorageClass.IsArchive() }

// IsReadable reports whether a GET of the object can succeed: it is not
// archived, or a restored copy is available.
func (m *ObjectMeta) IsReadable() bool {
	return !m.IsArchived() || (m.Restore != nil && !m.Restore.Ongoing)
}

// Head reads the metadata of the object key (HEAD Object). It retries like
// every read. Errors: ErrNotFound (404, no body, so Code is empty),
// ErrNotModified and ErrPreconditionFailed for the If-* options,
// ErrAccessDenied, ErrInvalidArgument for bad input.
func (s *ObjectService) Head(ctx context.Context, key string, opt *ObjectHeadOptions) (*ObjectMeta, *Response, error) {
	resp, err := s.client.do(ctx, &op{
		name: "HeadObject", method: http.MethodHead, object: true, key: key,
		opts: []any{opt}, idempotent: true,
	})
	if err != nil {
		return nil, resp, err
	}
	meta, err := parseObjectMeta(resp.Header)
	if err != nil {
		return nil, resp, fmt.Errorf("cos: HeadObject %s: %w", key, err)
	}
	if resp.ContentLength >= 0 {
		meta.ContentLength = resp.ContentLength
	}
	if meta.NextAppendPosition == 0 && strings.EqualFold(meta.ObjectType, "appendable") {
		meta.NextAppendPosition = meta.ContentLength
	}
	return meta, resp, nil
}

// Exists reports whether the object key exists, with a HEAD: a 404 is
// false with no error; any other failure is returned.
func (s *ObjectService) Exists(ctx context.Context, key string) (bool, error) {
	_, _, err := s.Head(ctx, key, nil)
	if err == nil {
		return true, nil
	}
	if errors.Is(err, ErrNotFound) {
		return false, nil
	}
	return false, err
}

func parseObjectMeta(h http.Header) (*ObjectMeta, error) {
	m := &ObjectMeta{
		ContentType:          h.Get("Content-Type"),
		ETag:                 stripETagQuotes(h.Get("ETag")),
		StorageClass:         StorageClass(strings.ToUpper(h.Get("x-cos-storage-class"))),
		StorageTier:          h.Get("x-cos-storage-tier"),
		ObjectType:           h.Get("x-cos-object-type"),
		VersionID:            h.Get("x-cos-version-id"),
		CacheControl:         h.Get("Cache-Control"),
		ContentDisposition:   h.Get("Content-Disposition"),
		ContentEncoding:      h.Get("Content-Encoding"),
		ContentLanguage:      h.Get("Content-Language"),
		Expires:              h.Get("Expires"),
		ServerSideEncryption: h.Get("x-cos-server-side-encryption"),
		Metadata:             map[string]string{},
	}
	if m.StorageClass == "" {
		m.StorageClass = StorageStandard
	}
	if v := h.Get("Content-Length"); v != "" {
		if n, err := strconv.ParseInt(v, 10, 64); err == nil {
			m.ContentLength = n
		}
	}
	if v := h.Get("x-cos-next-append-position"); v != "" {
		if n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64); err == nil && n >= 0 {
			m.NextAppendPosition = n
		}
	}
	if v := h.Get("Last-Modified"); v != "" {
		if t, err := http.ParseTime(v); err == nil {
			m.LastModified = t
		}
	}
	for name, vals := range h {
		if hasFoldPrefix(name, "X-Cos-Meta-") && len(vals) > 0 {
			m.Metadata[strings.ToLower(name[len("X-Cos-Meta-"):])] = vals[0]
		}
	}
	crc, has, err := parseCRC64Header(h)
	if err != nil {
		return nil, err
	}
	m.CRC64, m.HasCRC64 = crc, has
	if v := h.Get("x-cos-restore"); v != "" {
		m.Restore = parseRestoreHeader(v)
	}
	// The count is informational: an unreadable one is left at 0 rather
	// than failing a call that succeeded.
	if n, err := strconv.Atoi(strings.TrimSpace(h.Get("x-cos-tagging-count"))); err == nil && n > 0 {
		m.TaggingCount = n
	}
	return m, nil
}

// ParseObjectMeta reads the object metadata of a GET or HEAD Object
// answer's header, as [ObjectService.Head] does: after
// [ObjectService.Get], ParseObjectMeta(resp.Header) gives the content
// headers, metadata, CRC64 and tag count of the object (ContentLength is
// the length of this answer's body, a range's for a 206). It fails only on
// a malformed x-cos-hash-crc64ecma.
func ParseObjectMeta(h http.Header) (*ObjectMeta, error) {
	return parseObjectMeta(h)
}

// parseRestoreHeader reads `ongoing-request="true"` or
// `ongoing-request="false", expiry-date="<RFC 1123>"`.
func parseRestoreHeader(v string) *RestoreStatus {
	st := &RestoreStatus{}
	for len(v) > 0 {
		v = strings.TrimLeft(v, " ,")
		name, rest, ok := strings.Cut(v, "=")
		if !ok {
			break
		}
		name = strings.ToLower(strings.TrimSpace(name))
		var val string
		if strings.HasPrefix(rest, `"`) {
			end := strings.IndexByte(rest[1:], '"')
			if end < 0 {
				val, v = rest[1:], ""
			} else {
				val, v = rest[1:1+end], rest[2+end:]
			}
		} else {
			val, v, _ = strings.Cut(rest, ",")
		}
		switch name {
		case "ongoing-request":
			st.Ongoing = strings.EqualFold(strings.TrimSpace(val), "true")
		case "expiry-date":
			if t, err := http.ParseTime(strings.TrimSpace(val)); err == nil {
				st.ExpiryDate = t
			}
		}
	}
	return st
}
