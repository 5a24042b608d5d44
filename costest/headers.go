package costest

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// contentHeaders are the standard headers stored with an object and
// returned on GET/HEAD.
var contentHeaders = []string{
	"Content-Type", "Cache-Control", "Content-Disposition",
	"Content-Encoding", "Content-Language", "Expires",
}

var storageClasses = map[string]bool{
	"STANDARD": true, "STANDARD_IA": true, "INTELLIGENT_TIERING": true,
	"ARCHIVE": true, "DEEP_ARCHIVE": true, "MAZ_STANDARD": true,
	"MAZ_STANDARD_IA": true, "MAZ_INTELLIGENT_TIERING": true,
}

// parseStorageClass accepts any case and returns the upper-case name;
// empty means STANDARD.
func parseStorageClass(v string) (string, *Error) {
	if v == "" {
		return "STANDARD", nil
	}
	c := strings.ToUpper(v)
	if !storageClasses[c] {
		return "", badRequest(codeBadStorageClass, "The storage class %q is not valid.", v)
	}
	return c, nil
}

// parseObjectMeta reads the metadata headers of PUT Object, Initiate
// Multipart Upload and Copy (with directive Replaced). Empty-valued
// headers are ignored.
func parseObjectMeta(h http.Header) (objectMeta, *Error) {
	m := objectMeta{content: map[string]string{}}
	for _, name := range contentHeaders {
		if v := h.Get(name); v != "" {
			m.content[name] = v
		}
	}
	if m.content["Content-Type"] == "" {
		m.content["Content-Type"] = defaultContentType
	}
	user, e := parseUserMeta(h)
	if e != nil {
		return m, e
	}
	m.user = user
	if m.storageClass, e = parseStorageClass(h.Get("x-cos-storage-class")); e != nil {
		return m, e
	}
	if m.acl, e = aclFromHeaders(h, true); e != nil {
		return m, e
	}
	if m.sse, e = parseSSE(h); e != nil {
		return m, e
	}
	m.tags, e = parseTaggingHeader(h)
	return m, e
}

// parseUserMeta collects x-cos-meta-* headers (names lower-cased) and
// enforces the suffix alphabet and the 2 KB total.
func parseUserMeta(h http.Header) (map[string]string, *Error) {
	const prefix = "x-cos-meta-"
	user := map[string]string{}
	size := 0
	for name, vals := range h {
		lname := strings.ToLower(name)
		if !strings.HasPrefix(lname, prefix) || len(vals) == 0 || vals[0] == "" {
			continue
		}
		suffix := lname[len(prefix):]
		if !validMetaSuffix(suffix) {
			return nil, errInvalidArgument("The metadata name %q may hold only letters, digits and '-'.", name)
		}
		user[lname] = vals[0]
		size += len(suffix) + len(vals[0])
		if metadataCountsPrefix {
			size += len(prefix)
		}
	}
	if size > maxMetadataBytes {
		return nil, badRequest(codeMetadataTooLarge, "User metadata is %d bytes; at most %d are allowed.", size, maxMetadataBytes)
	}
	return user, nil
}

func validMetaSuffix(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// setObjectHeaders writes the stored headers of o for GET and HEAD.
func (c *reqCtx) setObjectHeaders(o *object) {
	h := c.w.Header()
	for name, v := range o.meta.content {
		h.Set(name, v)
	}
	for name, v := range o.meta.user {
		h[name] = []string{v} // COS returns metadata names lower-cased
	}
	h.Set("ETag", o.etag)
	h.Set("Last-Modified", o.modified.UTC().Format(http.TimeFormat))
	h.Set("x-cos-hash-crc64ecma", strconv.FormatUint(o.crc, 10))
	h.Set("Accept-Ranges", "bytes")
	if o.appendable {
		h.Set("x-cos-object-type", "appendable")
	} else {
		h.Set("x-cos-object-type", "normal")
	}
	setSSEHeaders(h, o.meta.sse)
	setTaggingCount(h, o)
	if sendStorageClassForStandard || o.meta.storageClass != "STANDARD" {
		h.Set("x-cos-storage-class", o.meta.storageClass)
	}
	switch o.restoreStatus(c.now) {
	case "ongoing":
		h.Set("x-cos-restore", `ongoing-request="true"`)
	case "done":
		h.Set("x-cos-restore", `ongoing-request="false", expiry-date="`+
			o.restore.expires.UTC().Format(http.TimeFormat)+`"`)
	}
}

// lastModifiedTrunc is the Last-Modified time as HTTP dates carry it.
func lastModifiedTrunc(t time.Time) time.Time { return t.UTC().Truncate(time.Second) }
