package costest

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// conditions are the If-* headers of GET/HEAD, or the
// x-cos-copy-source-If-* headers of a copy.
type conditions struct {
	ifMatch, ifNoneMatch, ifModifiedSince, ifUnmodifiedSince string
}

func readConditions(h http.Header, prefix string) conditions {
	return conditions{
		ifMatch:           h.Get(prefix + "If-Match"),
		ifNoneMatch:       h.Get(prefix + "If-None-Match"),
		ifModifiedSince:   h.Get(prefix + "If-Modified-Since"),
		ifUnmodifiedSince: h.Get(prefix + "If-Unmodified-Since"),
	}
}

// eval applies the conditions in RFC 7232 order, as S3 does: a true
// If-Match overrides a false If-Unmodified-Since, and If-None-Match, when
// present, overrides If-Modified-Since. A failed "not modified" test gives
// 304 on reads and 412 on copies.
func (cd conditions) eval(etag string, modified time.Time, copy bool) *Error {
	mod := lastModifiedTrunc(modified)
	failed := func() *Error { return newError(http.StatusPreconditionFailed, "PreconditionFailed", "") }
	notModified := func() *Error {
		if copy {
			return failed()
		}
		return newError(http.StatusNotModified, "NotModified", "")
	}
	if cd.ifMatch != "" {
		if !etagMatches(cd.ifMatch, etag) {
			return failed()
		}
	} else if t, err := http.ParseTime(cd.ifUnmodifiedSince); err == nil && mod.After(t) {
		return failed()
	}
	if cd.ifNoneMatch != "" {
		if etagMatches(cd.ifNoneMatch, etag) {
			return notModified()
		}
	} else if t, err := http.ParseTime(cd.ifModifiedSince); err == nil && !mod.After(t) {
		return notModified()
	}
	return nil
}

// etagMatches compares an If-Match style list ("*", quoted or unquoted,
// comma-separated, weak or strong) with a quoted ETag.
func etagMatches(list, etag string) bool {
	want := strings.Trim(etag, `"`)
	for item := range strings.SplitSeq(list, ",") {
		item = strings.TrimSpace(item)
		if item == "*" {
			return true
		}
		item = strings.Trim(strings.TrimPrefix(item, "W/"), `"`)
		if item == want {
			return true
		}
	}
	return false
}

// parseRange reads a single-range "bytes=" header. ok=false means the
// whole object is served (no header, or one costest ignores); an
// unsatisfiable range gives 416 InvalidRange.
func parseRange(v string, size int64) (start, end int64, ok bool, e *Error) {
	if v == "" {
		return 0, 0, false, nil
	}
	unsatisfiable := newError(http.StatusRequestedRangeNotSatisfiable, "InvalidRange", "")
	invalid := func() (int64, int64, bool, *Error) {
		if ignoreBadRange {
			return 0, 0, false, nil
		}
		return 0, 0, false, unsatisfiable
	}
	spec, found := strings.CutPrefix(strings.TrimSpace(v), "bytes=")
	if !found || strings.Contains(spec, ",") {
		return invalid()
	}
	a, b, found := strings.Cut(strings.TrimSpace(spec), "-")
	if !found {
		return invalid()
	}
	if a == "" { // suffix: the last b bytes
		n, err := strconv.ParseInt(b, 10, 64)
		if err != nil || n < 0 {
			return invalid()
		}
		if n == 0 || size == 0 {
			return 0, 0, false, unsatisfiable
		}
		return size - min(n, size), size - 1, true, nil
	}
	first, err := strconv.ParseInt(a, 10, 64)
	if err != nil || first < 0 {
		return invalid()
	}
	last := size - 1
	if b != "" {
		if last, err = strconv.ParseInt(b, 10, 64); err != nil || last < first {
			return invalid()
		}
	}
	if first >= size {
		return 0, 0, false, unsatisfiable
	}
	return first, min(last, size-1), true, nil
}

var responseOverrides = map[string]string{
	"response-cache-control":       "Cache-Control",
	"response-content-disposition": "Content-Disposition",
	"response-content-encoding":    "Content-Encoding",
	"response-content-language":    "Content-Language",
	"response-content-type":        "Content-Type",
	"response-expires":             "Expires",
}

// getObject serves GET and HEAD Object from the stored slice, without
// copying it.
func (s *Server) getObject(c *reqCtx) *Error {
	o, vid, e := s.store.lookupObject(c.bucket, c.key, c.versionParam())
	if e == nil {
		o, e = s.followSymlink(c.bucket, o)
	}
	if e != nil {
		return e
	}
	c.setVersionHeaders(vid, false)
	head := c.r.Method == http.MethodHead
	if (!head || !headArchiveAllowed) && !o.readable(c.now) {
		return newError(http.StatusForbidden, "InvalidObjectState", "The object is archived; restore it before reading.")
	}
	if e := readConditions(c.r.Header, "").eval(o.etag, o.modified, false); e != nil {
		c.w.Header().Set("ETag", o.etag)
		c.w.Header().Set("Last-Modified", o.modified.UTC().Format(http.TimeFormat))
		return e
	}
	h := c.w.Header()
	size := int64(len(o.data))
	first, last, partial, e := parseRange(c.r.Header.Get("Range"), size)
	if e != nil {
		h.Set("Content-Range", "bytes */"+strconv.FormatInt(size, 10))
		return e
	}
	c.setObjectHeaders(o)
	for _, p := range c.q.params {
		if name, ok := responseOverrides[p.name]; ok && p.value != "" {
			h.Set(name, p.value)
		}
	}
	status := http.StatusOK
	body := o.data
	if partial {
		status = http.StatusPartialContent
		h.Set("Content-Range", "bytes "+strconv.FormatInt(first, 10)+"-"+strconv.FormatInt(last, 10)+"/"+strconv.FormatInt(size, 10))
		body = o.data[first : last+1]
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	c.w.WriteHeader(status)
	if !head {
		_, _ = c.w.Write(body)
	}
	return nil
}
