package cos

import (
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Part number limits of a multipart upload.
const (
	MinPartNumber = 1
	MaxPartNumber = 10000
)

// InitiateMultipartUploadOptions are the headers of the object a multipart
// upload will create; they mean what they mean in [ObjectPutOptions].
type InitiateMultipartUploadOptions struct {
	ACLHeaders
	SSEHeaders

	StorageClass StorageClass `header:"x-cos-storage-class"`
	// ContentType defaults to the type of the key's extension, else
	// application/octet-stream.
	ContentType        string            `header:"Content-Type"`
	CacheControl       string            `header:"Cache-Control"`
	ContentDisposition string            `header:"Content-Disposition"`
	ContentEncoding    string            `header:"Content-Encoding"`
	ContentLanguage    string            `header:"Content-Language"`
	Expires            time.Time         `header:"Expires"`
	Metadata           map[string]string `header:"x-cos-meta-,prefix"`
	// Tagging is the tags the completed object gets, in the header form
	// of [TagSet.Encode].
	Tagging string `header:"x-cos-tagging"`
}

// InitiateMultipartUploadResult is the InitiateMultipartUploadResult
// document.
type InitiateMultipartUploadResult struct {
	XMLName  xml.Name `xml:"InitiateMultipartUploadResult"`
	Bucket   string   `xml:"Bucket"`
	Key      string   `xml:"Key"`
	UploadID string   `xml:"UploadId"`
}

// InitiateMultipartUpload starts a multipart upload of the object key
// (POST ?uploads) and returns its upload ID. It is NOT retried: every call
// mints a new upload, so a retry after a lost answer would orphan one.
// Abort uploads you give up on ([ObjectService.AbortMultipartUpload]), or
// let a lifecycle AbortIncompleteMultipartUpload rule collect them.
// Errors: ErrInvalidArgument for bad input, ErrNotFound when the bucket
// does not exist, ErrAccessDenied.
func (s *ObjectService) InitiateMultipartUpload(ctx context.Context, key string, opt *InitiateMultipartUploadOptions) (*InitiateMultipartUploadResult, *Response, error) {
	var o InitiateMultipartUploadOptions
	if opt != nil {
		o = *opt
	}
	var err error
	if o.StorageClass, err = o.headers().validate(); err != nil {
		return nil, nil, err
	}
	hdr := http.Header{}
	if o.ContentType == "" {
		hdr.Set("Content-Type", detectContentType(key))
	}
	var res InitiateMultipartUploadResult
	resp, err := s.client.do(ctx, &op{
		name: "InitiateMultipartUpload", method: http.MethodPost, object: true, key: key,
		query: url.Values{"uploads": {""}}, header: hdr, opts: []any{&o},
		idempotent: false, out: &res,
	})
	if err != nil {
		return nil, resp, err
	}
	if res.UploadID == "" {
		return nil, resp, fmt.Errorf("cos: InitiateMultipartUpload %s: answer has no UploadId", key)
	}
	return &res, resp, nil
}

// UploadPartOptions are the optional inputs of [ObjectService.UploadPart].
type UploadPartOptions struct {
	SSECustomerHeaders

	// ContentLength is the part size, needed only when the reader's size
	// cannot be learnt from it (see ObjectPutOptions.ContentLength).
	ContentLength int64 `url:"-"`
	// ContentMD5 is the base64 MD5 of the part, checked by COS.
	ContentMD5 string `header:"Content-MD5"`
	// TrafficLimit caps the transfer speed, in bit/s.
	TrafficLimit int64 `header:"x-cos-traffic-limit"`
}

// UploadPartResult is what COS answers to an Upload Part.
type UploadPartResult struct {
	// ETag is the part's entity tag without quotes; pass it to Complete.
	ETag string
	// CRC64 of the part: the server's value, verified against the bytes
	// sent, else the value computed over the bytes sent.
	CRC64 uint64
}

// UploadPart uploads part partNumber (1..10000) of a multipart upload
// (PUT ?partNumber&uploadId). Re-uploading a number replaces the part.
// The body streams and is never closed; its size comes from the reader or
// opt.ContentLength, as for [ObjectService.Put]. Transient failures are
// retried only when the body can be replayed (an io.Seeker or
// io.ReaderAt). The CRC64 of the bytes sent is compared with the server's;
// a difference wraps ErrChecksumMismatch. Errors: ErrNotFound for an
// unknown upload (NoSuchUpload), ErrInvalidArgument for bad input.
func (s *ObjectService) UploadPart(ctx context.Context, key, uploadID string, partNumber int, body io.Reader, opt *UploadPartOptions) (*UploadPartResult, *Response, error) {
	if err := checkPart(uploadID, partNumber); err != nil {
		return nil, nil, err
	}
	if body == nil {
		return nil, nil, invalidArg("body", "is nil")
	}
	var contentLength int64
	if opt != nil {
		contentLength = opt.ContentLength
		if opt.TrafficLimit < 0 {
			return nil, nil, invalidArg("TrafficLimit", "is negative (%d)", opt.TrafficLimit)
		}
	}
	size, err := streamSize(body, contentLength)
	if err != nil {
		return nil, nil, err
	}
	crc := &sentCRC{}
	resp, err := s.client.do(ctx, &op{
		name: "UploadPart", method: http.MethodPut, object: true, key: key,
		query: partQuery(uploadID, partNumber), opts: []any{opt},
		body: body, size: size, wrapBody: crc.wrap,
		errorIn200: true, // cheap: a PUT answer has no body unless it is an <Error>
		idempotent: true,
	})
	if err != nil {
		return nil, resp, err
	}
	res := &UploadPartResult{ETag: stripETagQuotes(resp.Header.Get("ETag"))}
	if res.CRC64, err = crc.checked(resp.Header, size); err != nil {
		return nil, resp, fmt.Errorf("cos: UploadPart %s part %d: %w", key, partNumber, err)
	}
	return res, resp, nil
}

// UploadPartCopyOptions are the optional inputs of
// [ObjectService.UploadPartCopy].
type UploadPartCopyOptions struct {
	// CopySourceRange copies bytes first..last (inclusive) of the source,
	// "bytes=first-last"; empty copies the whole source.
	CopySourceRange string `header:"x-cos-copy-source-range"`
	// CopySourceIf* are conditions on the source; a failed one is 412.
	CopySourceIfMatch           string    `header:"x-cos-copy-source-If-Match"`
	CopySourceIfNoneMatch       string    `header:"x-cos-copy-source-If-None-Match"`
	CopySourceIfModifiedSince   time.Time `header:"x-cos-copy-source-If-Modified-Since"`
	CopySourceIfUnmodifiedSince time.Time `header:"x-cos-copy-source-If-Unmodified-Since"`
}

// UploadPartCopyResult is the CopyPartResult document.
type UploadPartCopyResult struct {
	// ETag is the part's entity tag without quotes; pass it to Complete.
	ETag         string
	LastModified time.Time
	// CRC64 of the part when COS reports one (HasCRC64).
	CRC64    uint64
	HasCRC64 bool
}

type copyPartDoc struct {
	XMLName      xml.Name `xml:"CopyPartResult"`
	ETag         string   `xml:"ETag"`
	LastModified string   `xml:"LastModified"`
	CRC64        string   `xml:"CRC64"`
}

// UploadPartCopy fills part partNumber of a multipart upload with bytes of
// an existing object (PUT ?partNumber&uploadId with x-cos-copy-source). It
// is idempotent and retried. A 200 whose body is an <Error> document is a
// *ServiceError. Errors: ErrNotFound (upload or source missing),
// ErrPreconditionFailed, ErrInvalidArgument for bad input (part number,
// malformed range).
func (s *ObjectService) UploadPartCopy(ctx context.Context, key, uploadID string, partNumber int, src CopySource, opt *UploadPartCopyOptions) (*UploadPartCopyResult, *Response, error) {
	if err := checkPart(uploadID, partNumber); err != nil {
		return nil, nil, err
	}
	source, err := src.header(&s.client.cfg)
	if err != nil {
		return nil, nil, err
	}
	if opt != nil && opt.CopySourceRange != "" {
		if _, _, err := parseByteRange("CopySourceRange", opt.CopySourceRange, true); err != nil {
			return nil, nil, err
		}
	}
	hdr := http.Header{}
	hdr.Set("x-cos-copy-source", source)
	var doc copyPartDoc
	resp, err := s.client.do(ctx, &op{
		name: "UploadPartCopy", method: http.MethodPut, object: true, key: key,
		query: partQuery(uploadID, partNumber), header: hdr, opts: []any{opt},
		idempotent: true, errorIn200: true, out: &doc,
	})
	if err != nil {
		return nil, resp, err
	}
	res := &UploadPartCopyResult{ETag: stripETagQuotes(doc.ETag), LastModified: parseXMLTime(doc.LastModified)}
	if res.CRC64, res.HasCRC64, err = copyCRC(doc.CRC64, resp.Header); err != nil {
		return nil, resp, fmt.Errorf("cos: UploadPartCopy %s part %d: %w", key, partNumber, err)
	}
	return res, resp, nil
}

// CompletedPart is one part of a Complete request.
type CompletedPart struct {
	PartNumber int    `xml:"PartNumber"`
	ETag       string `xml:"ETag"`
}

type completeRequest struct {
	XMLName xml.Name        `xml:"CompleteMultipartUpload"`
	Parts   []CompletedPart `xml:"Part"`
}

// CompleteMultipartUploadOptions are the optional inputs of
// [ObjectService.CompleteMultipartUpload].
type CompleteMultipartUploadOptions struct {
	// ForbidOverwrite refuses to replace an existing object (409).
	ForbidOverwrite bool `header:"x-cos-forbid-overwrite"`
}

// CompleteMultipartUploadResult is the CompleteMultipartUploadResult
// document plus the whole object's CRC64 header.
type CompleteMultipartUploadResult struct {
	XMLName  xml.Name `xml:"CompleteMultipartUploadResult"`
	Location string   `xml:"Location"`
	Bucket   string   `xml:"Bucket"`
	Key      string   `xml:"Key"`
	// ETag is "<hex>-<parts>" without quotes; it is not the content's MD5.
	ETag string `xml:"ETag"`
	// CRC64 is the whole object's x-cos-hash-crc64ecma, when sent
	// (HasCRC64); compare it with [CRC64Combine] of the parts'.
	CRC64     uint64 `xml:"-"`
	HasCRC64  bool   `xml:"-"`
	VersionID string `xml:"-"`
}

// CompleteMultipartUpload assembles the uploaded parts into the object
// (POST ?uploadId). parts may be in any order: a sorted copy is sent.
// Empty lists, duplicate or out-of-range numbers and empty ETags are
// refused before sending. COS answers 200 at once and may still report a
// failure in the body, so a 200 carrying <Error>, or no ETag, is an error.
// The call is retried; a NoSuchUpload (ErrNotFound) after a retry may mean
// an earlier attempt succeeded: check with [ObjectService.Head]. Errors:
// *ServiceError with code InvalidPart, InvalidPartOrder or EntityTooSmall,
// ErrNotFound for an unknown upload.
func (s *ObjectService) CompleteMultipartUpload(ctx context.Context, key, uploadID string, parts []CompletedPart, opt *CompleteMultipartUploadOptions) (*CompleteMultipartUploadResult, *Response, error) {
	if uploadID == "" {
		return nil, nil, invalidArg("uploadID", "is empty")
	}
	if len(parts) == 0 {
		return nil, nil, invalidArg("parts", "is empty")
	}
	sorted := slices.Clone(parts)
	slices.SortFunc(sorted, func(a, b CompletedPart) int { return a.PartNumber - b.PartNumber })
	for i := range sorted {
		p := &sorted[i]
		if p.PartNumber < MinPartNumber || p.PartNumber > MaxPartNumber {
			return nil, nil, invalidArg("parts", "part number %d is outside %d..%d", p.PartNumber, MinPartNumber, MaxPartNumber)
		}
		if i > 0 && sorted[i-1].PartNumber == p.PartNumber {
			return nil, nil, invalidArg("parts", "part number %d is listed twice", p.PartNumber)
		}
		etag := stripETagQuotes(p.ETag)
		if etag == "" {
			return nil, nil, invalidArg("parts", "part %d has no ETag", p.PartNumber)
		}
		p.ETag = `"` + etag + `"`
	}
	var res CompleteMultipartUploadResult
	resp, err := s.client.do(ctx, &op{
		name: "CompleteMultipartUpload", method: http.MethodPost, object: true, key: key,
		query: url.Values{"uploadId": {uploadID}}, opts: []any{opt},
		xmlBody:    &completeRequest{Parts: sorted},
		idempotent: true, errorIn200: true, out: &res,
	})
	if err != nil {
		return nil, resp, err
	}
	res.ETag = stripETagQuotes(res.ETag)
	if res.ETag == "" {
		return nil, resp, fmt.Errorf("cos: CompleteMultipartUpload %s: answer has no ETag", key)
	}
	res.VersionID = resp.Header.Get("x-cos-version-id")
	if res.CRC64, res.HasCRC64, err = parseCRC64Header(resp.Header); err != nil {
		return nil, resp, fmt.Errorf("cos: CompleteMultipartUpload %s: %w", key, err)
	}
	return &res, resp, nil
}

// AbortMultipartUpload discards a multipart upload and its parts (DELETE
// ?uploadId). It is retried; NoSuchUpload on a retry means an earlier
// attempt succeeded and is not an error, while on the first attempt it is
// returned (ErrNotFound).
func (s *ObjectService) AbortMultipartUpload(ctx context.Context, key, uploadID string) (*Response, error) {
	if uploadID == "" {
		return nil, invalidArg("uploadID", "is empty")
	}
	return s.client.do(ctx, &op{
		name: "AbortMultipartUpload", method: http.MethodDelete, object: true, key: key,
		query: url.Values{"uploadId": {uploadID}}, idempotent: true,
		acceptRetry: func(se *ServiceError) bool { return se.Code == "NoSuchUpload" },
	})
}

func checkPart(uploadID string, partNumber int) error {
	if strings.TrimSpace(uploadID) == "" {
		return invalidArg("uploadID", "is empty")
	}
	if partNumber < MinPartNumber || partNumber > MaxPartNumber {
		return invalidArg("partNumber", "%d is outside %d..%d", partNumber, MinPartNumber, MaxPartNumber)
	}
	return nil
}

func partQuery(uploadID string, partNumber int) url.Values {
	return url.Values{"partNumber": {strconv.Itoa(partNumber)}, "uploadId": {uploadID}}
}
