package costest

import (
	"encoding/xml"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The tagging family: bucket tags, object tags (stored with the object,
// set by PUT ?tagging, x-cos-tagging on PUT, Initiate and Copy, reported
// as x-cos-tagging-count on GET and HEAD). Sources and open choices are
// in choices.go.

// The tagging operations.
const (
	// OpPutBucketTagging is PUT Bucket tagging.
	OpPutBucketTagging Op = "PutBucketTagging"
	// OpGetBucketTagging is GET Bucket tagging.
	OpGetBucketTagging Op = "GetBucketTagging"
	// OpDeleteBucketTagging is DELETE Bucket tagging.
	OpDeleteBucketTagging Op = "DeleteBucketTagging"
	// OpPutObjectTagging is PUT Object tagging.
	OpPutObjectTagging Op = "PutObjectTagging"
	// OpGetObjectTagging is GET Object tagging.
	OpGetObjectTagging Op = "GetObjectTagging"
	// OpDeleteObjectTagging is DELETE Object tagging.
	OpDeleteObjectTagging Op = "DeleteObjectTagging"
)

// Tag limits (PUT Bucket/Object tagging API pages 8281 and 35709).
const (
	maxBucketTags   = 50
	maxObjectTags   = 10
	maxTagKeyLen    = 128 // characters
	maxTagValueLen  = 256
	maxTaggingBody  = 64 << 10
	tagReservedHead = "qcs:" // bucket tag keys (overview page 31509)
)

// tag is one stored tag.
type tag struct{ key, value string }

type tagIn struct {
	Key   *string `xml:"Key"`
	Value *string `xml:"Value"`
}

type taggingIn struct {
	XMLName xml.Name `xml:"Tagging"`
	TagSet  *struct {
		Tags []tagIn `xml:"Tag"`
	} `xml:"TagSet"`
}

type tagOut struct {
	Key   string `xml:"Key"`
	Value string `xml:"Value"`
}

// taggingOut always carries TagSet, empty for an object without tags.
type taggingOut struct {
	XMLName xml.Name `xml:"Tagging"`
	TagSet  struct {
		Tags []tagOut `xml:"Tag"`
	} `xml:"TagSet"`
}

func taggingDocument(tags []tag) taggingOut {
	var out taggingOut
	for _, t := range tags {
		out.TagSet.Tags = append(out.TagSet.Tags, tagOut{Key: t.key, Value: t.value})
	}
	return out
}

// parseTagging reads a Tagging document.
func parseTagging(body []byte, max int, bucket bool) ([]tag, *Error) {
	var in taggingIn
	if err := xml.Unmarshal(body, &in); err != nil {
		return nil, errMalformedXML("Tagging: %v", err)
	}
	if in.TagSet == nil || len(in.TagSet.Tags) == 0 {
		return nil, errMalformedXML("Tagging needs a TagSet with at least one Tag.")
	}
	tags := make([]tag, 0, len(in.TagSet.Tags))
	for _, t := range in.TagSet.Tags {
		if t.Key == nil || t.Value == nil {
			return nil, errMalformedXML("Every Tag needs Key and Value.")
		}
		tags = append(tags, tag{key: *t.Key, value: *t.Value})
	}
	return tags, checkTags(tags, max, bucket)
}

// parseTaggingHeader reads x-cos-tagging, "k1=v1&k2=v2" URL-encoded;
// none gives nil.
func parseTaggingHeader(h http.Header) ([]tag, *Error) {
	v := h.Get("x-cos-tagging")
	if v == "" {
		return nil, nil
	}
	var tags []tag
	for pair := range strings.SplitSeq(v, "&") {
		k, val, _ := strings.Cut(pair, "=")
		key, err1 := url.QueryUnescape(k)
		value, err2 := url.QueryUnescape(val)
		if err1 != nil || err2 != nil {
			return nil, errInvalidArgument("x-cos-tagging %q is not URL-encoded correctly.", v)
		}
		tags = append(tags, tag{key: key, value: value})
	}
	return tags, checkTags(tags, maxObjectTags, false)
}

// checkTags applies COS's tag rules.
func checkTags(tags []tag, max int, bucket bool) *Error {
	if len(tags) > max {
		return badRequest(codeBadTag, "%d tags given; at most %d are allowed.", len(tags), max)
	}
	seen := map[string]bool{}
	for _, t := range tags {
		switch {
		case t.key == "":
			return badRequest(codeBadTag, "A tag key is empty.")
		case !tagText(t.key, maxTagKeyLen):
			return badRequest(codeBadTag, "The tag key %q is too long or holds a character COS does not allow.", t.key)
		case !tagText(t.value, maxTagValueLen):
			return badRequest(codeBadTag, "The value of tag %q is too long or holds a character COS does not allow.", t.key)
		case bucket && strings.HasPrefix(t.key, tagReservedHead):
			return badRequest(codeBadTag, "The tag key %q uses the reserved prefix %q.", t.key, tagReservedHead)
		case seen[t.key]:
			return badRequest(codeBadTag, "The tag key %q appears more than once.", t.key)
		}
		seen[t.key] = true
	}
	return nil
}

// tagText: valid UTF-8, at most max characters of letters, digits,
// spaces and + - = . _ : / @.
func tagText(s string, max int) bool {
	if !utf8.ValidString(s) || utf8.RuneCountInString(s) > max {
		return false
	}
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.IsMark(r) && r != ' ' && !strings.ContainsRune("+-=._:/@", r) {
			return false
		}
	}
	return true
}

// setTaggingCount reports an object's tag count on GET and HEAD.
func setTaggingCount(h http.Header, o *object) {
	if n := len(o.meta.tags); n > 0 {
		h.Set("x-cos-tagging-count", strconv.Itoa(n))
	}
}

// copyTags picks a copy's tags by x-cos-tagging-directive: the source's
// (Copy, the default) or the request's x-cos-tagging (Replaced).
func copyTags(h http.Header, src *object) ([]tag, bool, *Error) {
	switch d := h.Get("x-cos-tagging-directive"); {
	case d == "" || strings.EqualFold(d, "Copy"):
		return src.meta.tags, false, nil
	case strings.EqualFold(d, "Replaced"):
		tags, e := parseTaggingHeader(h)
		return tags, true, e
	default:
		return nil, false, errInvalidArgument("x-cos-tagging-directive %q must be Copy or Replaced.", d)
	}
}

// errNoBucketTags answers a bucket without a tag set.
func errNoBucketTags() *Error {
	return newError(http.StatusNotFound, codeNoSuchTagSet, "There is no tag set on this bucket.")
}

func (s *Server) putBucketTagging(c *reqCtx) *Error {
	parse := func(body []byte) ([]tag, *Error) { return parseTagging(body, maxBucketTags, true) }
	return putConfig(s, c, maxTaggingBody, parse, func(b *bucket, tags []tag) *Error { b.tags = tags; return nil }, putBucketTaggingStatus)
}

func (s *Server) getBucketTagging(c *reqCtx) *Error {
	return getConfig(s, c, func(b *bucket) (taggingOut, *Error) {
		if len(b.tags) == 0 {
			return taggingOut{}, errNoBucketTags()
		}
		return taggingDocument(b.tags), nil
	})
}

func (s *Server) deleteBucketTagging(c *reqCtx) *Error {
	return s.updateBucket(c, func(b *bucket) *Error {
		if len(b.tags) == 0 && !deleteAbsentTagsSucceeds {
			return errNoBucketTags()
		}
		b.tags = nil
		return nil
	}, http.StatusNoContent)
}

func (s *Server) putObjectTagging(c *reqCtx) *Error {
	if e := s.objectExists(c); e != nil {
		return e
	}
	body, e := c.readDocument(maxTaggingBody)
	if e != nil {
		return e
	}
	tags, e := parseTagging(body, maxObjectTags, false)
	if e != nil {
		return e
	}
	return s.setObjectConfig(c, func(o *object) { o.meta.tags = tags }, http.StatusOK)
}

func (s *Server) getObjectTagging(c *reqCtx) *Error {
	if e := s.objectExists(c); e != nil {
		return e
	}
	o, _, e := s.store.lookupObject(c.bucket, c.key, c.versionParam())
	if e != nil {
		return e
	}
	return c.writeXML(http.StatusOK, taggingDocument(o.meta.tags))
}

func (s *Server) deleteObjectTagging(c *reqCtx) *Error {
	if e := s.objectExists(c); e != nil {
		return e
	}
	return s.setObjectConfig(c, func(o *object) { o.meta.tags = nil }, http.StatusNoContent)
}
