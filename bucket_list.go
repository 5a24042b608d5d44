package cos

import (
	"context"
	"fmt"
	"iter"
	"net/http"
	"strings"
	"time"

	"github.com/cosgo/cos/internal/xmlutil"
)

// EncodingTypeURL is the only encoding-type COS knows: keys in a listing
// come back percent-encoded.
const EncodingTypeURL = "url"

// maxListPage is the largest page COS serves (max-keys, max-uploads).
const maxListPage = 1000

// ListObjectsOptions selects and pages a listing. All fields are optional.
type ListObjectsOptions struct {
	// Prefix lists only keys that start with it.
	Prefix string `url:"prefix,omitempty"`
	// Delimiter, usually "/", rolls keys that contain it after Prefix up
	// into CommonPrefixes, like directories.
	Delimiter string `url:"delimiter,omitempty"`
	// Marker starts the listing strictly after this key.
	Marker string `url:"marker,omitempty"`
	// MaxKeys caps Contents plus CommonPrefixes of one page, 1 to 1000;
	// 0 means the server's default, 1000.
	MaxKeys int `url:"max-keys,omitempty"`
	// EncodingType may be left empty or set to EncodingTypeURL: the client
	// always asks for url encoding, because keys with characters XML cannot
	// carry (control characters) would otherwise break the listing, and
	// decodes every key, prefix, marker and delimiter before returning.
	// Any other value is refused.
	EncodingType string `url:"encoding-type,omitempty"`
}

func validateListPage(field string, n int, encoding string) error {
	if n < 0 || n > maxListPage {
		return invalidArg(field, "is %d; COS serves 1 to %d per page (0 for the default)", n, maxListPage)
	}
	if encoding != "" && !strings.EqualFold(encoding, EncodingTypeURL) {
		return invalidArg("EncodingType", "%q is not supported; COS only knows %q", encoding, EncodingTypeURL)
	}
	return nil
}

// Object is one entry of a listing.
type Object struct {
	Key          string
	LastModified time.Time
	// ETag is the entity tag without its quotes. For objects uploaded in
	// parts it is not an MD5 of the content.
	ETag         string
	Size         int64
	StorageClass StorageClass
	// StorageTier is the tier of an INTELLIGENT_TIERING object.
	StorageTier string
	// RestoreStatus (ONGOING, DONE, FAILED) is set for archived objects
	// after a restore was requested.
	RestoreStatus string
	Owner         Owner
}

// ListObjectsResult is one page of a listing. Keys, prefixes, markers and
// the delimiter are already url-decoded.
type ListObjectsResult struct {
	Name      string
	Prefix    string
	Marker    string
	Delimiter string
	MaxKeys   int
	// IsTruncated reports that more entries follow; ask for them with
	// Marker set to NextMarker.
	IsTruncated bool
	NextMarker  string
	// EncodingType is the encoding the server applied ("url" unless the
	// server ignored the request); the values here are decoded already.
	EncodingType   string
	Contents       []Object
	CommonPrefixes []string
}

// listObjectsPage decodes a ListBucketResult document into its result.
type listObjectsPage struct {
	res   ListObjectsResult
	cache pageCache
}

// DecodeXML reads the document as encoding/xml would unmarshal
// listObjectsWire (list_decode_oracle_test.go) and convert it.
func (p *listObjectsPage) DecodeXML(s *xmlutil.Scanner) error {
	if err := s.ExpectRoot("ListBucketResult"); err != nil {
		return err
	}
	r := &p.res
	for s.Child() {
		switch string(s.Local()) {
		case "Name":
			s.String(&r.Name)
		case "EncodingType":
			s.String(&r.EncodingType)
		case "Prefix":
			s.String(&r.Prefix)
		case "Marker":
			s.String(&r.Marker)
		case "MaxKeys":
			intField(s, &r.MaxKeys)
		case "Delimiter":
			s.String(&r.Delimiter)
		case "IsTruncated":
			s.Bool(&r.IsTruncated)
		case "NextMarker":
			s.String(&r.NextMarker)
		case "CommonPrefixes":
			r.CommonPrefixes = prefixes(s, r.CommonPrefixes)
		case "Contents":
			r.Contents = append(r.Contents, Object{})
			p.object(s, &r.Contents[len(r.Contents)-1])
		default:
			s.Skip()
		}
	}
	if r.Contents == nil {
		r.Contents = []Object{}
	}
	urlDecode(s, r.EncodingType, &r.Prefix, &r.Marker, &r.NextMarker, &r.Delimiter)
	urlDecodeEach(s, r.EncodingType, r.CommonPrefixes, func(p *string) *string { return p })
	urlDecodeEach(s, r.EncodingType, r.Contents, func(o *Object) *string { return &o.Key })
	return s.Err()
}

// object reads one <Contents> entry.
func (p *listObjectsPage) object(s *xmlutil.Scanner, o *Object) {
	c := &p.cache
	c.rawTime = c.rawTime[:0]
	for s.Child() {
		switch string(s.Local()) {
		case "Key":
			s.String(&o.Key)
		case "LastModified":
			c.readTime(s)
		case "ETag":
			o.ETag = etag(s)
		case "Size":
			s.Int(&o.Size, 64)
		case "StorageClass":
			o.StorageClass = StorageClass(intern(s, &c.class))
		case "StorageTier":
			o.StorageTier = intern(s, &c.tier)
		case "RestoreStatus":
			s.String(&o.RestoreStatus)
		case "Owner":
			c.owner.decode(s, &o.Owner)
		default:
			s.Skip()
		}
	}
	c.entryTime(s, "LastModified", &o.LastModified)
}

// ListObjects lists one page of the bucket's objects (GET Bucket), in
// UTF-8 binary order of the key. To walk every page use
// [BucketService.Objects]. A nil opt lists from the start, 1000 entries per
// page. Keys are url-decoded (see [ListObjectsOptions.EncodingType]).
//
// A missing bucket gives [ErrNotFound]. Bad options (MaxKeys outside
// 0..1000, an EncodingType other than "url") fail with
// [ErrInvalidArgument] before any request. ListObjects retries like every
// read. A page that breaks the protocol (malformed, more entries than
// MaxKeys, a key whose url-encoding is broken) fails with
// [ErrInvalidResponse].
func (s *BucketService) ListObjects(ctx context.Context, opt *ListObjectsOptions) (*ListObjectsResult, *Response, error) {
	var o ListObjectsOptions
	if opt != nil {
		o = *opt
	}
	if err := validateListPage("MaxKeys", o.MaxKeys, o.EncodingType); err != nil {
		return nil, nil, err
	}
	o.EncodingType = EncodingTypeURL
	var page listObjectsPage
	resp, err := s.client.do(ctx, &op{
		name: "ListObjects", method: http.MethodGet,
		opts: []any{&o}, idempotent: true, out: &page,
		// max-keys counts Contents plus CommonPrefixes
		// (cos-operations.md, GET Bucket [doc]).
		limits: xmlutil.Limits{MaxBytes: xmlutil.MaxListDocument,
			Entries: []xmlutil.Entries{xmlutil.PageLimits(o.MaxKeys, "Contents", "CommonPrefixes/Prefix")}},
	})
	if err != nil {
		return nil, resp, err
	}
	return &page.res, resp, nil
}

// Objects iterates over every object that opt selects, fetching pages with
// [BucketService.ListObjects] as the loop needs them; common prefixes are
// only on the pages. opt is copied, so the caller may reuse it, and the
// sequence can be ranged over more than once.
//
// Iteration stops when the loop breaks, or after the first error, which is
// yielded once with a zero Object. Nothing runs in the background. A
// server that claims a truncated page without moving the marker forward
// is reported as an error rather than looped on.
func (s *BucketService) Objects(ctx context.Context, opt *ListObjectsOptions) iter.Seq2[Object, error] {
	var base ListObjectsOptions
	if opt != nil {
		base = *opt
	}
	return paginate(func() func() ([]Object, bool, error) {
		o := base
		return func() ([]Object, bool, error) {
			res, _, err := s.ListObjects(ctx, &o)
			if err != nil {
				return nil, false, err
			}
			if !res.IsTruncated {
				return res.Contents, false, nil
			}
			next := res.NextPageMarker()
			if next <= o.Marker {
				return res.Contents, false, fmt.Errorf("cos: ListObjects: truncated page did not advance past marker %q (next %q)", o.Marker, next)
			}
			o.Marker = next
			return res.Contents, true, nil
		}
	})
}

// NextPageMarker is the Marker that continues the listing after this page:
// NextMarker, or, when an answer omits it, the greater of the page's last
// key and last common prefix (what S3 clients fall back to). It is "" for
// an empty page without NextMarker.
func (r *ListObjectsResult) NextPageMarker() string {
	if r.NextMarker != "" {
		return r.NextMarker
	}
	var last string
	if n := len(r.Contents); n > 0 {
		last = r.Contents[n-1].Key
	}
	if n := len(r.CommonPrefixes); n > 0 && r.CommonPrefixes[n-1] > last {
		last = r.CommonPrefixes[n-1]
	}
	return last
}

// listETag strips the quotes COS puts around ETags.
func listETag(s string) string {
	s = strings.TrimSpace(s)
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' {
		return s[1 : len(s)-1]
	}
	return s
}

// parseListTime reads a time from an XML body: ISO 8601 (with or without
// fraction and zone offset), or the ctime form an old COS sample shows
// ("Wed Jan 18 16:04:17 2017", taken as UTC). Empty is the zero time.
func parseListTime(field, s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", time.ANSIC} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%s: unrecognised time %q", field, s)
}
