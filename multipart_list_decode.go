package cos

import (
	"strings"

	"github.com/cosgo/cos/internal/xmlutil"
)

// The decoders of the multipart family's two listings (see list_decode.go).

// listUploadsPage decodes a ListMultipartUploadsResult document into its
// result.
type listUploadsPage struct {
	res    ListMultipartUploadsResult
	encAlt string // EncodingType, when Encoding-Type is missing
	cache  pageCache
}

// DecodeXML reads the document as encoding/xml would unmarshal
// listUploadsWire (list_decode_oracle_test.go) and convert it.
func (p *listUploadsPage) DecodeXML(s *xmlutil.Scanner) error {
	if err := s.ExpectRoot("ListMultipartUploadsResult"); err != nil {
		return err
	}
	r := &p.res
	for s.Child() {
		switch string(s.Local()) {
		case "Bucket":
			s.String(&r.Bucket)
		case "Encoding-Type": // COS spells it with a hyphen here
			s.String(&r.EncodingType)
		case "EncodingType":
			s.String(&p.encAlt)
		case "KeyMarker":
			s.String(&r.KeyMarker)
		case "UploadIdMarker":
			s.String(&r.UploadIDMarker)
		case "NextKeyMarker":
			s.String(&r.NextKeyMarker)
		case "NextUploadIdMarker":
			s.String(&r.NextUploadIDMarker)
		case "MaxUploads":
			intField(s, &r.MaxUploads)
		case "IsTruncated":
			s.Bool(&r.IsTruncated)
		case "Prefix":
			s.String(&r.Prefix)
		case "Delimiter":
			s.String(&r.Delimiter)
		case "Upload":
			r.Uploads = append(r.Uploads, MultipartUpload{})
			p.upload(s, &r.Uploads[len(r.Uploads)-1])
		case "CommonPrefixes":
			r.CommonPrefixes = prefixes(s, r.CommonPrefixes)
		default:
			s.Skip()
		}
	}
	if r.EncodingType == "" {
		r.EncodingType = p.encAlt
	}
	if r.Uploads == nil {
		r.Uploads = []MultipartUpload{}
	}
	// Upload IDs need no encoding, but the markers are decoded like the
	// Python SDK does: decoding an unencoded ID is harmless.
	urlDecode(s, r.EncodingType, &r.Prefix, &r.Delimiter, &r.KeyMarker, &r.NextKeyMarker, &r.UploadIDMarker, &r.NextUploadIDMarker)
	urlDecodeEach(s, r.EncodingType, r.CommonPrefixes, func(p *string) *string { return p })
	urlDecodeEach(s, r.EncodingType, r.Uploads, func(u *MultipartUpload) *string { return &u.Key })
	return s.Err()
}

// upload reads one <Upload> entry.
func (p *listUploadsPage) upload(s *xmlutil.Scanner, u *MultipartUpload) {
	c := &p.cache
	c.rawTime = c.rawTime[:0]
	var id, oldID string
	for s.Child() {
		switch string(s.Local()) {
		case "Key":
			s.String(&u.Key)
		case "UploadId":
			s.String(&id)
		case "UploadID": // an old doc sample's spelling
			s.String(&oldID)
		case "StorageClass":
			u.StorageClass = StorageClass(intern(s, &c.class))
		case "Initiator":
			c.initiator.decode(s, &u.Initiator)
		case "Owner":
			c.owner.decode(s, &u.Owner)
		case "Initiated":
			c.readTime(s)
		default:
			s.Skip()
		}
	}
	c.entryTime(s, "Initiated", &u.Initiated)
	u.UploadID = id
	if id == "" {
		u.UploadID = oldID
	}
}

// listPartsPage decodes a ListPartsResult document into its result.
type listPartsPage struct {
	res ListPartsResult
	// The flag element's spellings: Encoding-type (COS, Go SDK),
	// Encoding-Type, EncodingType.
	encLower, encUpper, encPlain string
	cache                        pageCache
}

// DecodeXML reads the document as encoding/xml would unmarshal
// listPartsWire (list_decode_oracle_test.go).
func (p *listPartsPage) DecodeXML(s *xmlutil.Scanner) error {
	if err := s.ExpectRoot("ListPartsResult"); err != nil {
		return err
	}
	r := &p.res // its XMLName stays empty, as encoding/xml left it
	for s.Child() {
		switch string(s.Local()) {
		case "Bucket":
			s.String(&r.Bucket)
		case "Key":
			s.String(&r.Key)
		case "UploadId":
			s.String(&r.UploadID)
		case "Initiator":
			p.cache.initiator.decode(s, &r.Initiator)
		case "Owner":
			p.cache.owner.decode(s, &r.Owner)
		case "StorageClass":
			s.String((*string)(&r.StorageClass))
		case "PartNumberMarker":
			intField(s, &r.PartNumberMarker)
		case "NextPartNumberMarker":
			intField(s, &r.NextPartNumberMarker)
		case "MaxParts":
			intField(s, &r.MaxParts)
		case "IsTruncated":
			s.Bool(&r.IsTruncated)
		case "Part":
			r.Parts = append(r.Parts, Part{})
			part(s, &r.Parts[len(r.Parts)-1])
		case "Encoding-type":
			s.String(&p.encLower)
		case "Encoding-Type":
			s.String(&p.encUpper)
		case "EncodingType":
			s.String(&p.encPlain)
		default:
			s.Skip()
		}
	}
	r.EncodingType = strings.TrimSpace(p.encLower + p.encUpper + p.encPlain)
	urlDecode(s, r.EncodingType, &r.Key)
	return s.Err()
}

// part reads one <Part> entry.
func part(s *xmlutil.Scanner, pt *Part) {
	for s.Child() {
		switch string(s.Local()) {
		case "PartNumber":
			intField(s, &pt.PartNumber)
		case "LastModified":
			s.Time(&pt.LastModified)
		case "ETag":
			pt.ETag = etag(s)
		case "Size":
			s.Int(&pt.Size, 64)
		default:
			s.Skip()
		}
	}
}
