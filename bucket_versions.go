package cos

import (
	"context"
	"encoding/xml"
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

// listVersionsWire is the ListVersionsResult document. Its Version and
// DeleteMarker elements interleave, so Entries is filled by UnmarshalXML
// in document order.
type listVersionsWire struct {
	Name                string
	EncodingType        string
	Prefix              string
	KeyMarker           string
	VersionIDMarker     string
	MaxKeys             int
	Delimiter           string
	IsTruncated         bool
	NextKeyMarker       string
	NextVersionIDMarker string
	CommonPrefixes      []string
	Entries             []versionWire
}

type versionWire struct {
	deleteMarker bool
	Key          string `xml:"Key"`
	VersionID    string `xml:"VersionId"`
	IsLatest     bool   `xml:"IsLatest"`
	LastModified string `xml:"LastModified"`
	ETag         string `xml:"ETag"`
	Size         int64  `xml:"Size"`
	StorageClass string `xml:"StorageClass"`
	StorageTier  string `xml:"StorageTier"`
	Owner        Owner  `xml:"Owner"`
}

// UnmarshalXML reads the document's children in order, keeping Version
// and DeleteMarker entries interleaved as COS sent them; unknown elements
// are skipped.
func (w *listVersionsWire) UnmarshalXML(d *xml.Decoder, start xml.StartElement) error {
	if start.Name.Local != "ListVersionsResult" {
		return fmt.Errorf("expected <ListVersionsResult>, got <%s>", start.Name.Local)
	}
	for {
		tok, err := d.Token()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.EndElement:
			return nil
		case xml.StartElement:
			if err := w.element(d, t); err != nil {
				return err
			}
		}
	}
}

func (w *listVersionsWire) element(d *xml.Decoder, t xml.StartElement) error {
	switch name := t.Name.Local; name {
	case "Version", "DeleteMarker":
		var v versionWire
		if err := d.DecodeElement(&v, &t); err != nil {
			return err
		}
		v.deleteMarker = name == "DeleteMarker"
		w.Entries = append(w.Entries, v)
	case "CommonPrefixes":
		var cp struct {
			Prefix string `xml:"Prefix"`
		}
		if err := d.DecodeElement(&cp, &t); err != nil {
			return err
		}
		w.CommonPrefixes = append(w.CommonPrefixes, cp.Prefix)
	case "MaxKeys":
		return d.DecodeElement(&w.MaxKeys, &t)
	case "IsTruncated":
		return d.DecodeElement(&w.IsTruncated, &t)
	default:
		if p := w.text(name); p != nil {
			return d.DecodeElement(p, &t)
		}
		return d.Skip()
	}
	return nil
}

// text is the string field of the element named name, nil for others.
func (w *listVersionsWire) text(name string) *string {
	switch name {
	case "Name":
		return &w.Name
	case "EncodingType":
		return &w.EncodingType
	case "Prefix":
		return &w.Prefix
	case "KeyMarker":
		return &w.KeyMarker
	case "VersionIdMarker":
		return &w.VersionIDMarker
	case "Delimiter":
		return &w.Delimiter
	case "NextKeyMarker":
		return &w.NextKeyMarker
	case "NextVersionIdMarker":
		return &w.NextVersionIDMarker
	}
	return nil
}

func (w *listVersionsWire) result() (*ListObjectVersionsResult, error) {
	res := &ListObjectVersionsResult{
		Name: w.Name, Prefix: w.Prefix, KeyMarker: w.KeyMarker, VersionIDMarker: w.VersionIDMarker,
		Delimiter: w.Delimiter, MaxKeys: w.MaxKeys, IsTruncated: w.IsTruncated,
		NextKeyMarker: w.NextKeyMarker, NextVersionIDMarker: w.NextVersionIDMarker,
		EncodingType: w.EncodingType, CommonPrefixes: w.CommonPrefixes,
		Versions: make([]ObjectVersion, len(w.Entries)),
	}
	fields := []*string{&res.Prefix, &res.KeyMarker, &res.NextKeyMarker, &res.Delimiter}
	for i := range res.CommonPrefixes {
		fields = append(fields, &res.CommonPrefixes[i])
	}
	for i, v := range w.Entries {
		t, err := parseListTime("LastModified", v.LastModified)
		if err != nil {
			return nil, err
		}
		res.Versions[i] = ObjectVersion{
			Key: v.Key, VersionID: v.VersionID, IsLatest: v.IsLatest, IsDeleteMarker: v.deleteMarker,
			LastModified: t, ETag: listETag(v.ETag), Size: v.Size,
			StorageClass: StorageClass(v.StorageClass), StorageTier: v.StorageTier, Owner: v.Owner,
		}
		fields = append(fields, &res.Versions[i].Key)
	}
	if strings.EqualFold(w.EncodingType, EncodingTypeURL) {
		if err := xmlutil.URLDecodeAll(fields...); err != nil {
			return nil, err
		}
	}
	return res, nil
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
// retries like every read.
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
	var w listVersionsWire
	resp, err := s.client.do(ctx, &op{
		name: "ListObjectVersions", method: http.MethodGet,
		query: url.Values{"versions": {""}}, opts: []any{&o}, idempotent: true, out: &w,
		// How COS counts CommonPrefixes against max-keys here is
		// [unconfirmed]: versions and delete markers together, and
		// prefixes on their own, are each bounded by it.
		limits: xmlutil.Limits{MaxBytes: xmlutil.MaxListDocument, Entries: []xmlutil.Entries{
			xmlutil.PageLimits(o.MaxKeys, "Version", "DeleteMarker"), xmlutil.PageLimits(o.MaxKeys, "CommonPrefixes/Prefix")}},
	})
	if err != nil {
		return nil, resp, err
	}
	res, err := w.result()
	if err != nil {
		return nil, resp, fmt.Errorf("cos: ListObjectVersions: %w", err)
	}
	return res, resp, nil
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
