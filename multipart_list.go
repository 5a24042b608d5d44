package cos

// The two listings of the multipart family: the uploads in progress in a
// bucket (BucketService) and the parts of one upload (ObjectService).

import (
	"context"
	"encoding/xml"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"time"

	"github.com/cosgo/cos/internal/xmlutil"
)

// ListPartsOptions page through the parts of a multipart upload.
type ListPartsOptions struct {
	// PartNumberMarker lists parts after this number.
	PartNumberMarker int `url:"part-number-marker,omitempty"`
	// MaxParts caps the page (COS default and maximum 1000).
	MaxParts int `url:"max-parts,omitempty"`
	// EncodingType "url" makes COS percent-encode the key in the answer;
	// the client decodes it before returning.
	EncodingType string `url:"encoding-type,omitempty"`
}

// Part is one uploaded part.
type Part struct {
	PartNumber   int       `xml:"PartNumber"`
	LastModified time.Time `xml:"LastModified"`
	// ETag is the part's entity tag without quotes.
	ETag string `xml:"ETag"`
	Size int64  `xml:"Size"`
}

// ListPartsResult is one page of the ListPartsResult document.
type ListPartsResult struct {
	XMLName  xml.Name `xml:"ListPartsResult"`
	Bucket   string   `xml:"Bucket"`
	Key      string   `xml:"Key"`
	UploadID string   `xml:"UploadId"`
	// EncodingType is "url" when the key was encoded (it is decoded).
	EncodingType         string       `xml:"-"`
	Initiator            Owner        `xml:"Initiator"`
	Owner                Owner        `xml:"Owner"`
	StorageClass         StorageClass `xml:"StorageClass"`
	PartNumberMarker     int          `xml:"PartNumberMarker"`
	NextPartNumberMarker int          `xml:"NextPartNumberMarker"`
	MaxParts             int          `xml:"MaxParts"`
	IsTruncated          bool         `xml:"IsTruncated"`
	Parts                []Part       `xml:"Part"`
}

// ListParts lists one page of the parts uploaded so far (GET ?uploadId),
// in part-number order. Use [ObjectService.Parts] to walk every page. It
// retries like every read. With EncodingType "url" the key is decoded
// before returning. Errors: ErrNotFound for an unknown upload
// (NoSuchUpload), ErrInvalidArgument for bad input, ErrInvalidResponse
// for a page that breaks the protocol (malformed, more parts than
// MaxParts, a key whose url-encoding is broken).
func (s *ObjectService) ListParts(ctx context.Context, key, uploadID string, opt *ListPartsOptions) (*ListPartsResult, *Response, error) {
	if uploadID == "" {
		return nil, nil, invalidArg("uploadID", "is empty")
	}
	if opt != nil && (opt.PartNumberMarker < 0 || opt.MaxParts < 0) {
		return nil, nil, invalidArg("ListPartsOptions", "PartNumberMarker and MaxParts must not be negative")
	}
	var page listPartsPage
	resp, err := s.client.do(ctx, &op{
		name: "ListParts", method: http.MethodGet, object: true, key: key,
		query: url.Values{"uploadId": {uploadID}}, opts: []any{opt},
		idempotent: true, out: &page,
		limits: xmlutil.Limits{MaxBytes: xmlutil.MaxListDocument,
			Entries: []xmlutil.Entries{xmlutil.PageLimits(maxParts(opt), "Part")}},
	})
	if err != nil {
		return nil, resp, err
	}
	return &page.res, resp, nil
}

// maxParts is the page size ListParts asks for (0: the default, 1000).
func maxParts(opt *ListPartsOptions) int {
	if opt == nil {
		return 0
	}
	return opt.MaxParts
}

// Parts iterates over every part of a multipart upload, fetching pages
// with [ObjectService.ListParts] as needed. It starts no goroutine, stops
// when the loop breaks, and on failure yields the error once and stops. A
// page that claims more parts without advancing the marker is an error
// rather than an endless loop. opt is copied, never modified.
func (s *ObjectService) Parts(ctx context.Context, key, uploadID string, opt *ListPartsOptions) iter.Seq2[Part, error] {
	return paginate(func() func() ([]Part, bool, error) {
		var o ListPartsOptions
		if opt != nil {
			o = *opt
		}
		return func() ([]Part, bool, error) {
			page, _, err := s.ListParts(ctx, key, uploadID, &o)
			if err != nil {
				return nil, false, err
			}
			if !page.IsTruncated {
				return page.Parts, false, nil
			}
			next := page.NextPartNumberMarker
			if next == 0 && len(page.Parts) > 0 {
				next = page.Parts[len(page.Parts)-1].PartNumber
			}
			if next <= o.PartNumberMarker {
				return page.Parts, false, fmt.Errorf("cos: ListParts %s: truncated page does not advance past part %d", key, o.PartNumberMarker)
			}
			o.PartNumberMarker = next
			return page.Parts, true, nil
		}
	})
}

// ListMultipartUploadsOptions selects and pages a listing of multipart
// uploads that were initiated but neither completed nor aborted. All
// fields are optional.
type ListMultipartUploadsOptions struct {
	// Prefix lists only uploads whose key starts with it.
	Prefix string `url:"prefix,omitempty"`
	// Delimiter rolls keys that contain it after Prefix up into
	// CommonPrefixes.
	Delimiter string `url:"delimiter,omitempty"`
	// KeyMarker starts the listing after this key; with UploadIDMarker,
	// after that upload of this key.
	KeyMarker string `url:"key-marker,omitempty"`
	// UploadIDMarker needs KeyMarker: COS ignores it alone, so the client
	// refuses it alone.
	UploadIDMarker string `url:"upload-id-marker,omitempty"`
	// MaxUploads caps one page, 1 to 1000; 0 means the default, 1000.
	MaxUploads int `url:"max-uploads,omitempty"`
	// EncodingType may be empty or EncodingTypeURL; as for
	// [ListObjectsOptions.EncodingType], the client always asks for url
	// encoding and decodes the answer.
	EncodingType string `url:"encoding-type,omitempty"`
}

// MultipartUpload is one upload of a ListMultipartUploads answer.
type MultipartUpload struct {
	Key          string
	UploadID     string
	StorageClass StorageClass
	Initiator    Owner
	Owner        Owner
	Initiated    time.Time
}

// ListMultipartUploadsResult is one page of a ListMultipartUploads
// listing. Keys, prefixes, markers and the delimiter are already
// url-decoded.
type ListMultipartUploadsResult struct {
	Bucket         string
	Prefix         string
	Delimiter      string
	KeyMarker      string
	UploadIDMarker string
	MaxUploads     int
	// IsTruncated reports that more uploads follow; ask for them with
	// KeyMarker and UploadIDMarker set to NextKeyMarker and
	// NextUploadIDMarker.
	IsTruncated        bool
	NextKeyMarker      string
	NextUploadIDMarker string
	// EncodingType is the encoding the server applied; the values here
	// are decoded already.
	EncodingType   string
	Uploads        []MultipartUpload
	CommonPrefixes []string
}

// ListMultipartUploads lists one page of the bucket's incomplete multipart
// uploads (GET Bucket ?uploads), ordered by key and then upload ID. To walk
// every page use [BucketService.MultipartUploads]. Keys are url-decoded
// (see [ListObjectsOptions.EncodingType]).
//
// A missing bucket gives [ErrNotFound]. Bad options (MaxUploads outside
// 0..1000, UploadIDMarker without KeyMarker, an EncodingType other than
// "url") fail with [ErrInvalidArgument] before any request. It retries
// like every read. A page that breaks the protocol fails with
// [ErrInvalidResponse], as for [BucketService.ListObjects].
func (s *BucketService) ListMultipartUploads(ctx context.Context, opt *ListMultipartUploadsOptions) (*ListMultipartUploadsResult, *Response, error) {
	var o ListMultipartUploadsOptions
	if opt != nil {
		o = *opt
	}
	if err := validateListPage("MaxUploads", o.MaxUploads, o.EncodingType); err != nil {
		return nil, nil, err
	}
	if o.UploadIDMarker != "" && o.KeyMarker == "" {
		return nil, nil, invalidArg("UploadIDMarker", "needs KeyMarker; COS ignores it alone")
	}
	o.EncodingType = EncodingTypeURL
	var page listUploadsPage
	resp, err := s.client.do(ctx, &op{
		name: "ListMultipartUploads", method: http.MethodGet,
		query: url.Values{"uploads": {""}},
		opts:  []any{&o}, idempotent: true, out: &page,
		// Whether COS counts CommonPrefixes in max-uploads is
		// [unconfirmed]: each is bounded by it on its own.
		limits: xmlutil.Limits{MaxBytes: xmlutil.MaxListDocument, Entries: []xmlutil.Entries{
			xmlutil.PageLimits(o.MaxUploads, "Upload"), xmlutil.PageLimits(o.MaxUploads, "CommonPrefixes/Prefix")}},
	})
	if err != nil {
		return nil, resp, err
	}
	return &page.res, resp, nil
}

// MultipartUploads iterates over every incomplete multipart upload that
// opt selects, fetching pages with [BucketService.ListMultipartUploads] as
// the loop needs them. opt is copied; the sequence can be ranged over more
// than once.
//
// Iteration stops when the loop breaks, or after the first error, which is
// yielded once with a zero MultipartUpload. Nothing runs in the
// background. A truncated page that does not move the markers forward is
// reported as an error rather than looped on.
func (s *BucketService) MultipartUploads(ctx context.Context, opt *ListMultipartUploadsOptions) iter.Seq2[MultipartUpload, error] {
	var base ListMultipartUploadsOptions
	if opt != nil {
		base = *opt
	}
	return paginate(func() func() ([]MultipartUpload, bool, error) {
		o := base
		return func() ([]MultipartUpload, bool, error) {
			res, _, err := s.ListMultipartUploads(ctx, &o)
			if err != nil {
				return nil, false, err
			}
			if !res.IsTruncated {
				return res.Uploads, false, nil
			}
			key, id := res.NextKeyMarker, res.NextUploadIDMarker
			if key == "" {
				key, id = lastUpload(res)
			}
			if key < o.KeyMarker || (key == o.KeyMarker && id <= o.UploadIDMarker) {
				return res.Uploads, false, fmt.Errorf("cos: ListMultipartUploads: truncated page did not advance past key marker %q, upload ID marker %q",
					o.KeyMarker, o.UploadIDMarker)
			}
			o.KeyMarker, o.UploadIDMarker = key, id
			return res.Uploads, true, nil
		}
	})
}

// lastUpload is where the next page starts when the server sent no
// markers: after the last upload, or after the last common prefix when
// that sorts later.
func lastUpload(res *ListMultipartUploadsResult) (key, id string) {
	if n := len(res.Uploads); n > 0 {
		key, id = res.Uploads[n-1].Key, res.Uploads[n-1].UploadID
	}
	if n := len(res.CommonPrefixes); n > 0 && res.CommonPrefixes[n-1] > key {
		key, id = res.CommonPrefixes[n-1], ""
	}
	return key, id
}
