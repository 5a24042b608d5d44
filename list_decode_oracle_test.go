package cos

// The encoding/xml decoders the Scanner decoders of list_decode.go
// replaced, kept as the oracle FuzzListPages checks them against: wire
// structs unmarshalled by encoding/xml, then converted to the results.

import (
	"encoding/xml"
	"fmt"
	"strings"

	"github.com/cosgo/cos/internal/xmlutil"
)

type listObjectsWire struct {
	XMLName        xml.Name     `xml:"ListBucketResult"`
	Name           string       `xml:"Name"`
	EncodingType   string       `xml:"EncodingType"`
	Prefix         string       `xml:"Prefix"`
	Marker         string       `xml:"Marker"`
	MaxKeys        int          `xml:"MaxKeys"`
	Delimiter      string       `xml:"Delimiter"`
	IsTruncated    bool         `xml:"IsTruncated"`
	NextMarker     string       `xml:"NextMarker"`
	CommonPrefixes []string     `xml:"CommonPrefixes>Prefix"`
	Contents       []objectWire `xml:"Contents"`
}

type objectWire struct {
	Key           string `xml:"Key"`
	LastModified  string `xml:"LastModified"`
	ETag          string `xml:"ETag"`
	Size          int64  `xml:"Size"`
	StorageClass  string `xml:"StorageClass"`
	StorageTier   string `xml:"StorageTier"`
	RestoreStatus string `xml:"RestoreStatus"`
	Owner         Owner  `xml:"Owner"`
}

func (w *listObjectsWire) result() (*ListObjectsResult, error) {
	res := &ListObjectsResult{
		Name: w.Name, Prefix: w.Prefix, Marker: w.Marker, Delimiter: w.Delimiter,
		MaxKeys: w.MaxKeys, IsTruncated: w.IsTruncated, NextMarker: w.NextMarker,
		EncodingType: w.EncodingType, CommonPrefixes: w.CommonPrefixes,
		Contents: make([]Object, len(w.Contents)),
	}
	encoded := strings.EqualFold(w.EncodingType, EncodingTypeURL)
	fields := []*string{&res.Prefix, &res.Marker, &res.NextMarker, &res.Delimiter}
	for i := range res.CommonPrefixes {
		fields = append(fields, &res.CommonPrefixes[i])
	}
	for i, ow := range w.Contents {
		t, err := parseListTime("LastModified", ow.LastModified)
		if err != nil {
			return nil, err
		}
		res.Contents[i] = Object{
			Key: ow.Key, LastModified: t, ETag: listETag(ow.ETag), Size: ow.Size,
			StorageClass: StorageClass(ow.StorageClass), StorageTier: ow.StorageTier,
			RestoreStatus: ow.RestoreStatus, Owner: ow.Owner,
		}
		fields = append(fields, &res.Contents[i].Key)
	}
	if encoded {
		if err := xmlutil.URLDecodeAll(fields...); err != nil {
			return nil, err
		}
	}
	return res, nil
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

// result converts the document as ListParts did.
func (w *listPartsWire) result() (*ListPartsResult, error) {
	res := w.ListPartsResult
	res.EncodingType = strings.TrimSpace(w.EncodingLower + w.EncodingUpper + w.EncodingPlain)
	if strings.EqualFold(res.EncodingType, "url") {
		if err := xmlutil.URLDecodeAll(&res.Key); err != nil {
			return nil, err
		}
	}
	for i := range res.Parts {
		res.Parts[i].ETag = stripETagQuotes(res.Parts[i].ETag)
	}
	return &res, nil
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
