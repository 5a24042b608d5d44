package cos

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/cosgo/cos/internal/xmlutil"
)

// The versions family: listing every version of a bucket's objects (GET
// Bucket Object versions, cloud.tencent.com/document/api/436/35521).
// Version IDs of single calls are on their options and results:
// ObjectGetOptions, ObjectHeadOptions, ObjectDeleteOptions, CopySource,
// RestoreOptions, ACLOptions and GetVersionACL, ObjectIdentifier; Put,
// Copy and Complete return the new version's ID; Response.VersionID and
// Response.DeleteMarker report what a Get, Head or Delete touched.

// ListObjectVersionsOptions selects and pages a version listing. All
// fields are optional.
type ListObjectVersionsOptions struct {
	// Prefix lists only keys that start with it.
	Prefix string `url:"prefix,omitempty"`
	// Delimiter, usually "/", rolls keys that contain it after Prefix up
	// into CommonPrefixes.
	Delimiter string `url:"delimiter,omitempty"`
	// KeyMarker starts the listing after this key, or, with
	// VersionIDMarker, after that version of this key.
	KeyMarker string `url:"key-marker,omitempty"`
	// VersionIDMarker is the version of KeyMarker to start after; it
	// needs KeyMarker.
	VersionIDMarker string `url:"version-id-marker,omitempty"`
	// MaxKeys caps versions, delete markers and common prefixes of one
	// page together, 1 to 1000; 0 means the server's default, 1000.
	MaxKeys int `url:"max-keys,omitempty"`
	// EncodingType may be left empty or set to EncodingTypeURL: the client
	// always asks for url encoding and decodes keys, prefixes, markers and
	// the delimiter before returning (as ListObjects does).
	EncodingType string `url:"encoding-type,omitempty"`
}

// ObjectVersion is one entry of a version listing: a version of an
// object, or a delete marker (IsDeleteMarker; it has no ETag, Size or
// StorageClass).
type ObjectVersion struct {
	Key string
	// VersionID is the version's ID: "null" for the version written while
	// versioning was off or suspended, "" in a bucket that never had
	// versioning.
	VersionID string
	// IsLatest marks the key's current version (or delete marker).
	IsLatest bool
	// IsDeleteMarker marks a delete marker.
	IsDeleteMarker bool
	LastModified   time.Time
	// ETag is the entity tag without its quotes.
	ETag         string
	Size         int64
	StorageClass StorageClass
	// StorageTier is the tier of an INTELLIGENT_TIERING version.
	StorageTier string
	Owner       Owner
}

// ListObjectVersionsResult is one page of a version listing. Keys,
// prefixes, key markers and the delimiter are already url-decoded.
type ListObjectVersionsResult struct {
	Name            string
	Prefix          string
	KeyMarker       string
	VersionIDMarker string
	Delimiter       string
	MaxKeys         int
	// IsTruncated reports that more entries follow; ask for them with
	// KeyMarker and VersionIDMarker set to NextKeyMarker and
	// NextVersionIDMarker (which may be empty after a common prefix).
	IsTruncated         bool
	NextKeyMarker       string
	NextVersionIDMarker string
	// EncodingType is the encoding the server applied; the values here
	// are decoded already.
	EncodingType string
	// Versions holds versions and delete markers in the order COS lists
	// them: keys in UTF-8 order, each key's versions newest first.
	Versions       []ObjectVersion
	CommonPrefixes []string
}

// listVersionsPage decodes a ListVersionsResult document into its
// result, keeping Version and DeleteMarker entries interleaved as COS
// sent them.
type listVersionsPage struct {
	res   ListObjectVersionsResult
	cache pageCache
}

// DecodeXML reads the document as listVersionsWire's UnmarshalXML
// (list_decode_oracle_test.go) would, and converts it.
func (p *listVersionsPage) DecodeXML(s *xmlutil.Scanner) error {
	if err := s.ExpectRoot("ListVersionsResult"); err != nil {
		return err
	}
	r := &p.res
	for s.Child() {
		switch name := string(s.Local()); name {
		case "Version", "DeleteMarker":
			r.Versions = append(r.Versions, ObjectVersion{IsDeleteMarker: name == "DeleteMarker"})
			p.version(s, &r.Versions[len(r.Versions)-1])
		case "CommonPrefixes":
			// One prefix per element: its last <Prefix>, or "".
			var prefix string
			for s.Child() {
				if string(s.Local()) == "Prefix" {
					s.String(&prefix)
				} else {
					s.Skip()
				}
			}
			r.CommonPrefixes = append(r.CommonPrefixes, prefix)
		case "MaxKeys":
			intField(s, &r.MaxKeys)
		case "IsTruncated":
			s.Bool(&r.IsTruncated)
		default:
			if f := r.text(name); f != nil {
				s.String(f)
			} else {
				s.Skip()
			}
		}
	}
	if r.Versions == nil {
		r.Versions = []ObjectVersion{}
	}
	urlDecode(s, r.EncodingType, &r.Prefix, &r.KeyMarker, &r.NextKeyMarker, &r.Delimiter)
	urlDecodeEach(s, r.EncodingType, r.CommonPrefixes, func(p *string) *string { return p })
	urlDecodeEach(s, r.EncodingType, r.Versions, func(v *ObjectVersion) *string { return &v.Key })
	return s.Err()
}

// text is the string field of the element named name, nil for others.
func (r *ListObjectVersionsResult) text(name string) *string {
	switch name {
	case "Name":
		return &r.Name
	case "EncodingType":
		return &r.EncodingType
	case "Prefix":
		return &r.Prefix
	case "KeyMarker":
		return &r.KeyMarker
	case "VersionIdMarker":
		return &r.VersionIDMarker
	case "Delimiter":
		return &r.Delimiter
	case "NextKeyMarker":
		return &r.NextKeyMarker
	case "NextVersionIdMarker":
		return &r.NextVersionIDMarker
	}
	return nil
}

// version reads one <Version> or <DeleteMarker> entry.
func (p *listVersionsPage) version(s *xmlutil.Scanner, v *ObjectVersion) {
	c := &p.cache
	c.rawTime = c.rawTime[:0]
	for s.Child() {
		switch string(s.Local()) {
		case "Key":
			s.String(&v.Key)
		case "VersionId":
			s.String(&v.VersionID)
		case "IsLatest":
			s.Bool(&v.IsLatest)
		case "LastModified":
			c.readTime(s)
		case "ETag":
			v.ETag = etag(s)
		case "Size":
			s.Int(&v.Size, 64)
		case "StorageClass":
			v.StorageClass = StorageClass(intern(s, &c.class))
		case "StorageTier":
			v.StorageTier = intern(s, &c.tier)
		case "Owner":
			c.owner.decode(s, &v.Owner)
		default:
			s.Skip()
		}
	}
	c.entryTime(s, "LastModified", &v.LastModified)
}

// ListObjectVersions lists one page of the versions and delete markers of
// the bucket's objects (GET Bucket Object versions): keys in UTF-8 order,
// each key's versions newest first, versions and delete markers in one
// list in COS's order. To walk every page use [BucketService.ObjectVersions].
// A nil opt lists from the start, 1000 entries per page. Keys are
// url-decoded (see [ListObjectVersionsOptions.EncodingType]). In a bucket
// that never had versioning every object is listed once, with an empty
// VersionID.
//
// A missing bucket gives [ErrNotFound]. Bad options (MaxKeys outside
// 0..1000, an EncodingType other than "url", a VersionIDMarker without
// KeyMarker) fail with [ErrInvalidArgument] before any request. It
// retries like every read. A page that breaks the protocol fails with
// [ErrInvalidResponse], as for [BucketService.ListObjects].
func (s *BucketService) ListObjectVersions(ctx context.Context, opt *ListObjectVersionsOptions) (*ListObjectVersionsResult, *Response, error) {
	var o ListObjectVersionsOptions
	if opt != nil {
		o = *opt
	}
	if err := validateListPage("MaxKeys", o.MaxKeys, o.EncodingType); err != nil {
		return nil, nil, err
	}
	if o.VersionIDMarker != "" && o.KeyMarker == "" {
		return nil, nil, invalidArg("VersionIDMarker", "needs KeyMarker: a version ID marks a place within one key")
	}
	o.EncodingType = EncodingTypeURL
	var page listVersionsPage
	resp, err := s.client.do(ctx, &op{
		name: "ListObjectVersions", method: http.MethodGet,
		query: url.Values{"versions": {""}}, opts: []any{&o}, idempotent: true, out: &page,
		// How COS counts CommonPrefixes against max-keys here is
		// [unconfirmed]: versions and delete markers together, and
		// prefixes on their own, are each bounded by it. A prefix is
		// one <CommonPrefixes> element (the decoder keeps one per
		// element, even without a <Prefix>), so those are counted.
		limits: xmlutil.Limits{MaxBytes: xmlutil.MaxListDocument, Entries: []xmlutil.Entries{
			xmlutil.PageLimits(o.MaxKeys, "Version", "DeleteMarker"), xmlutil.PageLimits(o.MaxKeys, "CommonPrefixes")}},
	})
	if err != nil {
		return nil, resp, err
	}
	return &page.res, resp, nil
}

// ObjectVersions iterates over every version and delete marker that opt
// selects, in COS's order, fetching pages with
// [BucketService.ListObjectVersions] as the loop needs them; common
// prefixes are only on the pages. opt is copied, so the caller may reuse
// it, and the sequence can be ranged over more than once.
//
// Iteration stops when the loop breaks, or after the first error, which
// is yielded once with a zero ObjectVersion. Nothing runs in the
// background. A server that claims a truncated page without moving its
// markers forward is reported as an error rather than looped on.
func (s *BucketService) ObjectVersions(ctx context.Context, opt *ListObjectVersionsOptions) iter.Seq2[ObjectVersion, error] {
	var base ListObjectVersionsOptions
	if opt != nil {
		base = *opt
	}
	return paginate(func() func() ([]ObjectVersion, bool, error) {
		o := base
		return func() ([]ObjectVersion, bool, error) {
			res, _, err := s.ListObjectVersions(ctx, &o)
			if err != nil {
				return nil, false, err
			}
			if !res.IsTruncated {
				return res.Versions, false, nil
			}
			key, id := nextVersionMarkers(res)
			if key < o.KeyMarker || key == o.KeyMarker && id == o.VersionIDMarker {
				return res.Versions, false, fmt.Errorf("cos: ListObjectVersions: truncated page did not advance past key %q version %q (next %q, %q)",
					o.KeyMarker, o.VersionIDMarker, key, id)
			}
			o.KeyMarker, o.VersionIDMarker = key, id
			return res.Versions, true, nil
		}
	})
}

// nextVersionMarkers are the markers of the page after res: COS's
// NextKeyMarker and NextVersionIdMarker, else the last entry (a version,
// or a common prefix that sorts after it).
func nextVersionMarkers(res *ListObjectVersionsResult) (key, versionID string) {
	if res.NextKeyMarker != "" {
		return res.NextKeyMarker, res.NextVersionIDMarker
	}
	if n := len(res.Versions); n > 0 {
		key, versionID = res.Versions[n-1].Key, res.Versions[n-1].VersionID
	}
	if n := len(res.CommonPrefixes); n > 0 && res.CommonPrefixes[n-1] > key {
		key, versionID = res.CommonPrefixes[n-1], ""
	}
	return key, versionID
}

// IsDeleteMarker reports whether err is the 404 COS answers when the
// object's current version, or the version asked for, is a delete marker
// (x-cos-delete-marker: true): the key has history that
// [BucketService.ObjectVersions] lists and a copy of an older version can
// restore.
func IsDeleteMarker(err error) bool {
	var se *ServiceError
	return errors.As(err, &se) && se.StatusCode == http.StatusNotFound &&
		strings.EqualFold(se.Header.Get("x-cos-delete-marker"), "true")
}
