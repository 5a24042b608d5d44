package cos

import (
	"context"
	"encoding/xml"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"strings"
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

// listPartsWire is the document as sent. The flag element's spelling
// varies: Encoding-type (COS, Go SDK), Encoding-Type, EncodingType. (An
// UnmarshalXML embedding an unexported copy of ListPartsResult would be
// shorter, but Go 1.26's encoding/xml panics on an XMLName reached
// through an unexported embedded field.)
type listPartsWire struct {
	ListPartsResult
	EncodingLower string `xml:"Encoding-type"`
	EncodingUpper string `xml:"Encoding-Type"`
	EncodingPlain string `xml:"EncodingType"`
}

// ListParts lists one page of the parts uploaded so far (GET ?uploadId),
// in part-number order. Use [ObjectService.Parts] to walk every page. It
// retries like every read. With EncodingType "url" the key is decoded
// before returning. Errors: ErrNotFound for an unknown upload
// (NoSuchUpload), ErrInvalidArgument for bad input.
func (s *ObjectService) ListParts(ctx context.Context, key, uploadID string, opt *ListPartsOptions) (*ListPartsResult, *Response, error) {
	if uploadID == "" {
		return nil, nil, invalidArg("uploadID", "is empty")
	}
	if opt != nil && (opt.PartNumberMarker < 0 || opt.MaxParts < 0) {
		return nil, nil, invalidArg("ListPartsOptions", "PartNumberMarker and MaxParts must not be negative")
	}
	var wire listPartsWire
	resp, err := s.client.do(ctx, &op{
		name: "ListParts", method: http.MethodGet, object: true, key: key,
		query: url.Values{"uploadId": {uploadID}}, opts: []any{opt},
		idempotent: true, out: &wire,
	})
	if err != nil {
		return nil, resp, err
	}
	res := wire.ListPartsResult
	res.EncodingType = strings.TrimSpace(wire.EncodingLower + wire.EncodingUpper + wire.EncodingPlain)
	if strings.EqualFold(res.EncodingType, "url") {
		if err := xmlutil.URLDecodeAll(&res.Key); err != nil {
			return nil, resp, fmt.Errorf("cos: ListParts %s: %w", key, err)
		}
	}
	for i := range res.Parts {
		res.Parts[i].ETag = stripETagQuotes(res.Parts[i].ETag)
	}
	return &res, resp, nil
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
