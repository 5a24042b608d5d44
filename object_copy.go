package cos

import (
	"context"
	"encoding/xml"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// CopySource names the object a copy reads from.
type CopySource struct {
	// Bucket defaults to the client's bucket.
	Bucket string
	// Region defaults to the client's region; see [ObjectService.Copy]
	// for a client without one.
	Region string
	// Key is the source object's key (required).
	Key string
	// VersionID copies one version in a versioned bucket.
	VersionID string
}

// header renders the x-cos-copy-source value,
// <bucket>.cos.<region>.myqcloud.com/<escaped key>[?versionId=<id>], with
// the source's region, else the client's. A client with neither but with
// WithEndpoint (a private endpoint or a local fake) names the source as it
// addresses buckets itself: <bucket>.<host>/<key>, or <host>/<bucket>/<key>
// path-style.
func (src CopySource) header(cfg *config) (string, error) {
	bucket := src.Bucket
	if bucket == "" {
		bucket = cfg.bucket
	}
	if bucket == "" {
		return "", invalidArg("CopySource.Bucket", "is empty and the client has no bucket")
	}
	if !bucketRe.MatchString(bucket) {
		return "", invalidArg("CopySource.Bucket", "%q must be <name>-<appid>, e.g. examplebucket-1250000000", bucket)
	}
	if err := validateKey(src.Key); err != nil {
		return "", fmt.Errorf("cos: CopySource: %w", err)
	}
	var v string
	region := src.Region
	if region == "" {
		region = cfg.region
	}
	switch {
	case region != "":
		if !regionRe.MatchString(region) {
			return "", invalidArg("CopySource.Region", "%q is not a COS region such as \"ap-guangzhou\"", region)
		}
		v = bucket + ".cos." + region + ".myqcloud.com/" + escapeKey(src.Key)
	case cfg.endpoint != nil:
		other := *cfg
		other.bucket, other.bucketErr, other.bucketEndpoint = bucket, nil, nil
		tgt, err := other.bucketTarget()
		if err != nil {
			return "", err
		}
		v = tgt.host + escapePath(tgt.prefix) + "/" + escapeKey(src.Key)
	default:
		return "", invalidArg("CopySource.Region", "is empty and the client has no region (WithRegion)")
	}
	if src.VersionID != "" {
		v += "?versionId=" + escapeSign(src.VersionID)
	}
	return v, nil
}

// MetadataDirective says where a copy's metadata comes from.
type MetadataDirective string

// Metadata directives of [ObjectCopyOptions].
const (
	// MetadataDirectiveCopy keeps the source's metadata (the default).
	MetadataDirectiveCopy MetadataDirective = "Copy"
	// MetadataDirectiveReplaced takes metadata and content headers from the
	// copy request.
	MetadataDirectiveReplaced MetadataDirective = "Replaced"
)

// ObjectCopyOptions are the optional inputs of [ObjectService.Copy].
type ObjectCopyOptions struct {
	ACLHeaders
	SSEHeaders

	// MetadataDirective is Copy (default) or Replaced. Metadata and the
	// content headers below are applied only with Replaced, so setting
	// them with Copy is refused rather than silently dropped.
	MetadataDirective MetadataDirective `header:"x-cos-metadata-directive"`

	// CopySourceIf* are conditions on the source; a failed one is 412.
	CopySourceIfMatch           string    `header:"x-cos-copy-source-If-Match"`
	CopySourceIfNoneMatch       string    `header:"x-cos-copy-source-If-None-Match"`
	CopySourceIfModifiedSince   time.Time `header:"x-cos-copy-source-If-Modified-Since"`
	CopySourceIfUnmodifiedSince time.Time `header:"x-cos-copy-source-If-Unmodified-Since"`

	// StorageClass of the copy (default STANDARD, whatever the source's).
	StorageClass StorageClass `header:"x-cos-storage-class"`

	ContentType        string            `header:"Content-Type"`
	CacheControl       string            `header:"Cache-Control"`
	ContentDisposition string            `header:"Content-Disposition"`
	ContentEncoding    string            `header:"Content-Encoding"`
	ContentLanguage    string            `header:"Content-Language"`
	Expires            time.Time         `header:"Expires"`
	Metadata           map[string]string `header:"x-cos-meta-,prefix"`

	// TaggingDirective is Copy (default: the copy keeps the source's tags)
	// or Replaced (it gets Tagging, or no tags when Tagging is empty).
	// Replacing the tags of an object by copying it onto itself needs
	// Replaced.
	TaggingDirective TaggingDirective `header:"x-cos-tagging-directive"`
	// Tagging is the copy's tags in the header form of [TagSet.Encode];
	// it applies only with TaggingDirectiveReplaced, so setting it with
	// Copy is refused rather than silently dropped.
	Tagging string `header:"x-cos-tagging"`
}

// ObjectCopyResult is the CopyObjectResult document.
type ObjectCopyResult struct {
	// ETag is the new object's entity tag without quotes.
	ETag         string
	LastModified time.Time
	// CRC64 is the copy's CRC64 when COS reports one (HasCRC64).
	CRC64     uint64
	HasCRC64  bool
	VersionID string
}

type copyResultDoc struct {
	XMLName      xml.Name `xml:"CopyObjectResult"`
	ETag         string   `xml:"ETag"`
	LastModified string   `xml:"LastModified"`
	CRC64        string   `xml:"CRC64"`
	VersionID    string   `xml:"VersionId"`
}

// Copy copies src to the object key of the client's bucket in one request
// (PUT Object - Copy, sources up to 5 GB; transfer.Copier copies larger
// ones in parts). The source is named <bucket>.cos.<region>.myqcloud.com
// with src.Region or the client's region; a client with no region but a
// WithEndpoint names it as it addresses its own buckets (<bucket>.<host>,
// or <host>/<bucket> path-style, as costest expects). The copy keeps the
// source's tags unless TaggingDirective is Replaced. It is idempotent and retried. A 200 whose body is an
// <Error> document is returned as a *ServiceError. Errors: ErrNotFound
// when the source does not exist, ErrPreconditionFailed for a failed
// CopySourceIf* condition, ErrAccessDenied for an archived source that is
// not restored, ErrInvalidArgument for bad input.
func (s *ObjectService) Copy(ctx context.Context, key string, src CopySource, opt *ObjectCopyOptions) (*ObjectCopyResult, *Response, error) {
	source, err := src.header(&s.client.cfg)
	if err != nil {
		return nil, nil, err
	}
	var o ObjectCopyOptions
	if opt != nil {
		o = *opt
	}
	md, err := copyDirective("MetadataDirective", string(o.MetadataDirective))
	if err != nil {
		return nil, nil, err
	}
	o.MetadataDirective = MetadataDirective(md)
	if o.MetadataDirective != MetadataDirectiveReplaced && o.headers().setsContent() {
		return nil, nil, invalidArg("MetadataDirective", "Metadata and content headers apply only with MetadataDirectiveReplaced")
	}
	td, err := copyDirective("TaggingDirective", string(o.TaggingDirective))
	if err != nil {
		return nil, nil, err
	}
	o.TaggingDirective = TaggingDirective(td)
	if o.TaggingDirective != TaggingDirectiveReplaced && o.Tagging != "" {
		return nil, nil, invalidArg("TaggingDirective", "Tagging applies only with TaggingDirectiveReplaced")
	}
	if o.StorageClass, err = o.headers().validate(); err != nil {
		return nil, nil, err
	}
	hdr := http.Header{}
	hdr.Set("x-cos-copy-source", source)
	var doc copyResultDoc
	resp, err := s.client.do(ctx, &op{
		name: "CopyObject", method: http.MethodPut, object: true, key: key,
		header: hdr, opts: []any{&o},
		idempotent: true, errorIn200: true, out: &doc,
	})
	if err != nil {
		return nil, resp, err
	}
	res := &ObjectCopyResult{
		ETag:         stripETagQuotes(doc.ETag),
		LastModified: parseXMLTime(doc.LastModified),
		VersionID:    doc.VersionID,
	}
	if res.VersionID == "" {
		res.VersionID = resp.Header.Get("x-cos-version-id")
	}
	if res.CRC64, res.HasCRC64, err = copyCRC(doc.CRC64, resp.Header); err != nil {
		return nil, resp, fmt.Errorf("cos: CopyObject %s: %w", key, err)
	}
	return res, resp, nil
}

// copyDirective spells a metadata or tagging directive as COS does
// ("Copy", "Replaced"), whatever its case; "" stays "" (COS's default,
// Copy).
func copyDirective(field, v string) (string, error) {
	switch strings.ToLower(v) {
	case "":
		return "", nil
	case "copy":
		return "Copy", nil
	case "replaced":
		return "Replaced", nil
	}
	return "", invalidArg(field, "%q is neither Copy nor Replaced", v)
}

// copyCRC takes the CRC64 from the result document, else the header.
func copyCRC(inDoc string, h http.Header) (uint64, bool, error) {
	if s := strings.TrimSpace(inDoc); s != "" {
		v, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			return 0, false, fmt.Errorf("%w: malformed CRC64 %q", ErrChecksumMismatch, s)
		}
		return v, true, nil
	}
	return parseCRC64Header(h)
}

// parseXMLTime reads the times of result documents leniently: ISO 8601
// with or without fraction and zone (copy results omit the zone; UTC is
// meant). An unreadable value gives the zero time rather than failing a
// call that succeeded.
func parseXMLTime(s string) time.Time {
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", time.RFC1123} {
		if t, err := time.Parse(layout, s); err == nil {
			return t
		}
	}
	return time.Time{}
}
