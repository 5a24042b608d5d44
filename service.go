package cos

import (
	"context"
	"encoding/xml"
	"net/http"
	"time"

	"github.com/cosgo/cos/internal/xmlutil"
)

// ListBucketsOptions filters ListBuckets. All fields are optional.
type ListBucketsOptions struct {
	// Region lists only buckets of one region.
	Region string `url:"region,omitempty"`
	// TagKey and TagValue list only buckets with that tag.
	TagKey   string `url:"tagkey,omitempty"`
	TagValue string `url:"tagvalue,omitempty"`
	// Marker and MaxKeys page through accounts with many buckets.
	Marker  string `url:"marker,omitempty"`
	MaxKeys int    `url:"max-keys,omitempty"`
}

// BucketInfo is one bucket of a ListBuckets answer.
type BucketInfo struct {
	Name         string    `xml:"Name"`
	Location     string    `xml:"Location"`
	CreationDate time.Time `xml:"CreationDate"`
	BucketType   string    `xml:"BucketType,omitempty"`
}

// ListBucketsResult is the ListAllMyBucketsResult document.
type ListBucketsResult struct {
	XMLName     xml.Name     `xml:"ListAllMyBucketsResult"`
	Owner       Owner        `xml:"Owner"`
	Buckets     []BucketInfo `xml:"Buckets>Bucket"`
	Marker      string       `xml:"Marker,omitempty"`
	NextMarker  string       `xml:"NextMarker,omitempty"`
	IsTruncated bool         `xml:"IsTruncated,omitempty"`
}

// ListBuckets lists the buckets of the signing account (GET Service). It
// goes to service.cos.myqcloud.com, or to the WithEndpoint host. It retries
// like every read.
func (s *ServiceService) ListBuckets(ctx context.Context, opt *ListBucketsOptions) (*ListBucketsResult, *Response, error) {
	var res ListBucketsResult
	resp, err := s.client.do(ctx, &op{
		name: "ListBuckets", method: http.MethodGet, service: true,
		opts: []any{opt}, idempotent: true, out: &res,
		// GET Service has no page size COS is known to honour
		// (max-keys is [unconfirmed]): bound it generously.
		limits: xmlutil.Limits{MaxBytes: xmlutil.MaxListDocument,
			Entries: []xmlutil.Entries{{Paths: []string{"Buckets/Bucket"}, Max: xmlutil.MaxListedBuckets}}},
	})
	if err != nil {
		return nil, resp, err
	}
	return &res, resp, nil
}
