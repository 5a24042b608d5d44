package cos

import (
	"context"
	"encoding/xml"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The tagging family: the tag types shared by bucket tagging, object
// tagging and lifecycle filters, their limits, and the tagging calls of
// both services.
//
// Wire facts (PUT/GET/DELETE Bucket tagging, API docs 8281/8277/8286;
// PUT/GET/DELETE Object tagging, 35709/35710/35711; PUT Object - Copy,
// 10881; cos-go-sdk-v5 v0.7.70 bucket_tagging.go and object.go):
//   - the sub-resource is "tagging"; object calls take "versionId";
//   - the document is <Tagging><TagSet><Tag><Key/><Value/></Tag>...;
//   - at most 50 tags on a bucket, 10 on an object; keys unique;
//   - keys up to 128 and values up to 256 characters of letters, digits,
//     spaces and + - = . _ : / @ (the API pages say 128/256 and omit "@";
//     the overview pages 31509 and 35665 say 1-127/1-255 and list "@": the
//     client enforces the looser reading, so it never refuses what COS
//     takes; empty values are allowed, unconfirmed);
//   - bucket tag keys starting with "qcs:" are reserved (overview 31509);
//   - a bucket without tags answers GET and DELETE with 404
//     NoSuchTagSetError (listed on the DELETE page; the JS SDK also checks
//     "NoSuchTagSet");
//   - x-cos-tagging on PUT, Initiate and Copy carries "k1=v1&k2=v2" with
//     keys and values URL-encoded; x-cos-tagging-directive (Copy, the
//     default, or Replaced) says where a copy's tags come from;
//   - HEAD and GET Object report the tag count as x-cos-tagging-count
//     (header name from the official C++ and JS SDKs; not on the HEAD page).

// subTagging is the sub-resource of the tagging calls.
const subTagging = "tagging"

// Tag limits of COS.
const (
	// MaxBucketTags is the most tags a bucket may carry.
	MaxBucketTags = 50
	// MaxObjectTags is the most tags an object may carry.
	MaxObjectTags = 10
	// MaxTagKeyLength is the longest tag key, in characters.
	MaxTagKeyLength = 128
	// MaxTagValueLength is the longest tag value, in characters.
	MaxTagValueLength = 256
)

// Tag is a tag of a bucket or an object, a key and a value.
type Tag struct {
	Key   string `xml:"Key"`
	Value string `xml:"Value"`
}

// TagSet is the tags of a bucket or an object, in the order COS lists
// them. Keys are unique within a set.
type TagSet []Tag

// TagSetFromMap returns the tags of m sorted by key.
func TagSetFromMap(m map[string]string) TagSet {
	ts := make(TagSet, 0, len(m))
	for k, v := range m {
		ts = append(ts, Tag{Key: k, Value: v})
	}
	slices.SortFunc(ts, func(a, b Tag) int { return strings.Compare(a.Key, b.Key) })
	return ts
}

// Get returns the value of the tag key and whether the set holds it.
func (ts TagSet) Get(key string) (string, bool) {
	for _, t := range ts {
		if t.Key == key {
			return t.Value, true
		}
	}
	return "", false
}

// Map returns the tags as a map from key to value.
func (ts TagSet) Map() map[string]string {
	m := make(map[string]string, len(ts))
	for _, t := range ts {
		m[t.Key] = t.Value
	}
	return m
}

// Encode returns the header form of the set, "k1=v1&k2=v2" with keys and
// values percent-encoded, for the Tagging field of [ObjectPutOptions],
// [InitiateMultipartUploadOptions] and [ObjectCopyOptions]. Every byte
// outside A-Z a-z 0-9 - _ . ~ is encoded (a space is %20, never "+"), so
// COS reads the tags back exactly.
func (ts TagSet) Encode() string {
	var b []byte
	for i, t := range ts {
		if i > 0 {
			b = append(b, '&')
		}
		b = appendEscaped(b, t.Key)
		b = append(b, '=')
		b = appendEscaped(b, t.Value)
	}
	return string(b)
}

// parseTagging reads the header form "k1=v1&k2=v2" (as URL query
// encoding: "+" is a space). A pair without "=" is a key with an empty
// value.
func parseTagging(field, s string) (TagSet, error) {
	var ts TagSet
	if s == "" {
		return nil, nil
	}
	for pair := range strings.SplitSeq(s, "&") {
		k, v, _ := strings.Cut(pair, "=")
		key, err := url.QueryUnescape(k)
		if err != nil {
			return nil, invalidArg(field, "tag key %q is not URL-encoded correctly: %v", k, err)
		}
		value, err := url.QueryUnescape(v)
		if err != nil {
			return nil, invalidArg(field, "value of tag %q is not URL-encoded correctly: %v", key, err)
		}
		ts = append(ts, Tag{Key: key, Value: value})
	}
	return ts, nil
}

// validate checks the set against COS's limits: at most max tags, unique
// non-empty keys, lengths and characters. field names the set in errors.
func (ts TagSet) validate(field string, max int, bucket bool) error {
	if len(ts) > max {
		return invalidArg(field, "has %d tags; COS allows at most %d", len(ts), max)
	}
	seen := make(map[string]bool, len(ts))
	for i, t := range ts {
		at := elemField(field, i, "")
		if t.Key == "" {
			return invalidArg(at+".Key", "is empty")
		}
		if err := checkTagText(at+".Key", t.Key, MaxTagKeyLength); err != nil {
			return err
		}
		if err := checkTagText(at+".Value", t.Value, MaxTagValueLength); err != nil {
			return err
		}
		if bucket && strings.HasPrefix(t.Key, "qcs:") {
			return invalidArg(at+".Key", "%q: keys starting with \"qcs:\" are reserved by COS", t.Key)
		}
		if seen[t.Key] {
			return invalidArg(at+".Key", "%q appears twice; tag keys must be unique", t.Key)
		}
		seen[t.Key] = true
	}
	return nil
}

// checkTagText applies the length and alphabet of tag keys and values.
func checkTagText(field, s string, maxLen int) error {
	if !utf8.ValidString(s) {
		return invalidArg(field, "is not valid UTF-8")
	}
	if n := utf8.RuneCountInString(s); n > maxLen {
		return invalidArg(field, "is %d characters long; COS allows at most %d", n, maxLen)
	}
	for _, r := range s {
		if !tagRune(r) {
			return invalidArg(field, "%q holds %q; allowed are letters, digits, spaces and + - = . _ : / @", s, r)
		}
	}
	return nil
}

func tagRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) || r == ' ' || strings.ContainsRune("+-=._:/@", r)
}

// taggingDoc is the Tagging document of the tagging calls.
type taggingDoc struct {
	XMLName xml.Name `xml:"Tagging"`
	TagSet  TagSet   `xml:"TagSet>Tag"`
}

// TaggingDirective says where a copy's tags come from.
type TaggingDirective string

// Tagging directives of [ObjectCopyOptions].
const (
	// TaggingDirectiveCopy keeps the source's tags (the default).
	TaggingDirectiveCopy TaggingDirective = "Copy"
	// TaggingDirectiveReplaced gives the copy the tags of
	// ObjectCopyOptions.Tagging (none when it is empty).
	TaggingDirectiveReplaced TaggingDirective = "Replaced"
)

// ObjectTaggingOptions are the optional inputs of the object tagging
// calls.
type ObjectTaggingOptions struct {
	// VersionID addresses one version in a versioned bucket; empty means
	// the latest.
	VersionID string
}

func (o *ObjectTaggingOptions) resource(key string) resource {
	if o == nil {
		return onObject(key, "")
	}
	return onObject(key, o.VersionID)
}

// PutTagging replaces the bucket's tags (PUT Bucket tagging); the body
// goes with Content-MD5. An empty set (use [BucketService.DeleteTagging]),
// more than [MaxBucketTags] tags, an empty, reserved ("qcs:") or repeated
// key, or a key or value too long or holding other characters than
// letters, digits, spaces and + - = . _ : / @ fail with
// [ErrInvalidArgument] before any request.
//
// Replacing the whole set is idempotent, so it retries on transient
// failures. A missing bucket gives [ErrNotFound].
func (s *BucketService) PutTagging(ctx context.Context, tags TagSet) (*Response, error) {
	if len(tags) == 0 {
		return nil, invalidArg("TagSet", "is empty; use DeleteTagging to remove the bucket's tags")
	}
	if err := tags.validate("TagSet", MaxBucketTags, true); err != nil {
		return nil, err
	}
	return s.client.putConfig(ctx, "PutBucketTagging", subTagging, onBucket, &taggingDoc{TagSet: tags})
}

// GetTagging returns the bucket's tags (GET Bucket tagging). A bucket
// without tags gives a 404 NoSuchTagSetError error matching [ErrNotFound]
// (as does a missing bucket; tell them apart with [ErrorCode]). It
// retries like every read.
func (s *BucketService) GetTagging(ctx context.Context) (TagSet, *Response, error) {
	doc, resp, err := getConfig[taggingDoc](ctx, s.client, "GetBucketTagging", subTagging, onBucket)
	if err != nil {
		return nil, resp, err
	}
	return doc.TagSet, resp, nil
}

// DeleteTagging removes the bucket's tags (DELETE Bucket tagging). COS
// answers a bucket without tags with 404 NoSuchTagSetError, returned as an
// error matching [ErrNotFound]; the call retries on transient failures,
// and that answer on a retry (the first attempt's answer was lost) counts
// as success.
func (s *BucketService) DeleteTagging(ctx context.Context) (*Response, error) {
	o := onBucket.op("DeleteBucketTagging", http.MethodDelete, subTagging)
	o.acceptRetry = func(se *ServiceError) bool { return se.StatusCode == http.StatusNotFound && se.Code != "NoSuchBucket" }
	return s.client.do(ctx, o)
}

// PutTagging replaces the tags of the object key, or of its version
// opt.VersionID (PUT Object tagging). An empty set (use
// [ObjectService.DeleteTagging]), more than [MaxObjectTags] tags, an empty
// or repeated key, or a key or value too long or holding other characters
// than letters, digits, spaces and + - = . _ : / @ fail with
// [ErrInvalidArgument] before any request. It retries on transient
// failures. A missing object gives [ErrNotFound].
func (s *ObjectService) PutTagging(ctx context.Context, key string, tags TagSet, opt *ObjectTaggingOptions) (*Response, error) {
	if len(tags) == 0 {
		return nil, invalidArg("TagSet", "is empty; use DeleteTagging to remove the object's tags")
	}
	if err := tags.validate("TagSet", MaxObjectTags, false); err != nil {
		return nil, err
	}
	return s.client.putConfig(ctx, "PutObjectTagging", subTagging, opt.resource(key), &taggingDoc{TagSet: tags})
}

// GetTagging returns the tags of the object key, or of its version
// opt.VersionID (GET Object tagging): an empty set for an object without
// tags. A missing object gives [ErrNotFound]. It retries like every read.
func (s *ObjectService) GetTagging(ctx context.Context, key string, opt *ObjectTaggingOptions) (TagSet, *Response, error) {
	doc, resp, err := getConfig[taggingDoc](ctx, s.client, "GetObjectTagging", subTagging, opt.resource(key))
	if err != nil {
		return nil, resp, err
	}
	return doc.TagSet, resp, nil
}

// DeleteTagging removes the tags of the object key, or of its version
// opt.VersionID (DELETE Object tagging). Deleting twice is harmless, so it
// retries on transient failures. A missing object gives [ErrNotFound].
func (s *ObjectService) DeleteTagging(ctx context.Context, key string, opt *ObjectTaggingOptions) (*Response, error) {
	return s.client.deleteConfig(ctx, "DeleteObjectTagging", subTagging, opt.resource(key))
}
