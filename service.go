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
	var page listBucketsPage
	resp, err := s.client.do(ctx, &op{
		name: "ListBuckets", method: http.MethodGet, service: true,
		opts: []any{opt}, idempotent: true, out: &page,
		// GET Service has no page size COS is known to honour
		// (max-keys is [unconfirmed]): bound it generously.
		limits: xmlutil.Limits{MaxBytes: xmlutil.MaxListDocument,
			Entries: []xmlutil.Entries{{Paths: []string{"Buckets/Bucket"}, Max: xmlutil.MaxListedBuckets}}},
	})
	if err != nil {
		return nil, resp, err
	}
	return &page.res, resp, nil
}

// listBucketsPage decodes a ListAllMyBucketsResult document (see
// list_decode.go).
type listBucketsPage struct {
	res                  ListBucketsResult
	owner                ownerCache
	location, bucketType string // the last ones read, reused while they repeat
}

// DecodeXML reads the document as encoding/xml would unmarshal
// ListBucketsResult.
func (p *listBucketsPage) DecodeXML(s *xmlutil.Scanner) error {
	if err := s.ExpectRoot("ListAllMyBucketsResult"); err != nil {
		return err
	}
	r := &p.res
	r.XMLName = s.RootName()
	for s.Child() {
		switch string(s.Local()) {
		case "Owner":
			p.owner.decode(s, &r.Owner)
		case "Buckets":
			for s.Child() {
				if string(s.Local()) != "Bucket" {
					s.Skip()
					continue
				}
				r.Buckets = append(r.Buckets, BucketInfo{})
				p.bucket(s, &r.Buckets[len(r.Buckets)-1])
			}
		case "Marker":
			s.String(&r.Marker)
		case "NextMarker":
			s.String(&r.NextMarker)
		case "IsTruncated":
			s.Bool(&r.IsTruncated)
		default:
			s.Skip()
		}
	}
	return s.Err()
}

// bucket reads one <Bucket> entry.
func (p *listBucketsPage) bucket(s *xmlutil.Scanner, b *BucketInfo) {
	for s.Child() {
		switch string(s.Local()) {
		case "Name":
			s.String(&b.Name)
		case "Location":
			b.Location = intern(s, &p.location)
		case "CreationDate":
			s.Time(&b.CreationDate)
		case "BucketType":
			b.BucketType = intern(s, &p.bucketType)
		default:
			s.Skip()
		}
	}
}
