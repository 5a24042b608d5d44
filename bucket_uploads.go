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

type listUploadsWire struct {
	XMLName            xml.Name     `xml:"ListMultipartUploadsResult"`
	Bucket             string       `xml:"Bucket"`
	EncodingType       string       `xml:"Encoding-Type"` // COS spells it with a hyphen here
	EncodingTypeAlt    string       `xml:"EncodingType"`
	KeyMarker          string       `xml:"KeyMarker"`
	UploadIDMarker     string       `xml:"UploadIdMarker"`
	NextKeyMarker      string       `xml:"NextKeyMarker"`
	NextUploadIDMarker string       `xml:"NextUploadIdMarker"`
	MaxUploads         int          `xml:"MaxUploads"`
	IsTruncated        bool         `xml:"IsTruncated"`
	Prefix             string       `xml:"Prefix"`
	Delimiter          string       `xml:"Delimiter"`
	Uploads            []uploadWire `xml:"Upload"`
	CommonPrefixes     []string     `xml:"CommonPrefixes>Prefix"`
}

type uploadWire struct {
	Key          string `xml:"Key"`
	UploadID     string `xml:"UploadId"`
	UploadIDOld  string `xml:"UploadID"` // an old doc sample's spelling
	StorageClass string `xml:"StorageClass"`
	Initiator    Owner  `xml:"Initiator"`
	Owner        Owner  `xml:"Owner"`
	Initiated    string `xml:"Initiated"`
}

func (w *listUploadsWire) result() (*ListMultipartUploadsResult, error) {
	res := &ListMultipartUploadsResult{
		Bucket: w.Bucket, Prefix: w.Prefix, Delimiter: w.Delimiter,
		KeyMarker: w.KeyMarker, UploadIDMarker: w.UploadIDMarker, MaxUploads: w.MaxUploads,
		IsTruncated: w.IsTruncated, NextKeyMarker: w.NextKeyMarker, NextUploadIDMarker: w.NextUploadIDMarker,
		EncodingType: w.EncodingType, CommonPrefixes: w.CommonPrefixes,
		Uploads: make([]MultipartUpload, len(w.Uploads)),
	}
	if res.EncodingType == "" {
		res.EncodingType = w.EncodingTypeAlt
	}
	// Upload IDs need no encoding, but the markers are decoded like the
	// Python SDK does: decoding an unencoded ID is harmless.
	fields := []*string{&res.Prefix, &res.Delimiter, &res.KeyMarker, &res.NextKeyMarker,
		&res.UploadIDMarker, &res.NextUploadIDMarker}
	for i := range res.CommonPrefixes {
		fields = append(fields, &res.CommonPrefixes[i])
	}
	for i, uw := range w.Uploads {
		t, err := parseListTime("Initiated", uw.Initiated)
		if err != nil {
			return nil, err
		}
		id := uw.UploadID
		if id == "" {
			id = uw.UploadIDOld
		}
		res.Uploads[i] = MultipartUpload{
			Key: uw.Key, UploadID: id, StorageClass: StorageClass(uw.StorageClass),
			Initiator: uw.Initiator, Owner: uw.Owner, Initiated: t,
		}
		fields = append(fields, &res.Uploads[i].Key)
	}
	if strings.EqualFold(res.EncodingType, EncodingTypeURL) {
		if err := xmlutil.URLDecodeAll(fields...); err != nil {
			return nil, err
		}
	}
	return res, nil
}

// ListMultipartUploads lists one page of the bucket's incomplete multipart
// uploads (GET Bucket ?uploads), ordered by key and then upload ID. To walk
// every page use [BucketService.MultipartUploads]. Keys are url-decoded
// (see [ListObjectsOptions.EncodingType]).
//
// A missing bucket gives [ErrNotFound]. Bad options (MaxUploads outside
// 0..1000, UploadIDMarker without KeyMarker, an EncodingType other than
// "url") fail with [ErrInvalidArgument] before any request. It retries
// like every read.
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
	var w listUploadsWire
	resp, err := s.client.do(ctx, &op{
		name: "ListMultipartUploads", method: http.MethodGet,
		query: url.Values{"uploads": {""}},
		opts:  []any{&o}, idempotent: true, out: &w,
	})
	if err != nil {
		return nil, resp, err
	}
	res, err := w.result()
	if err != nil {
		return nil, resp, fmt.Errorf("cos: ListMultipartUploads: %w", err)
	}
	return res, resp, nil
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
