package costest

import (
	"strconv"
	"strings"
)

// misanswer sets up FaultWrongRange or FaultForeignETag: the handler sees
// another Range, or the answer gets another ETag just before its status
// line goes out (when the request is also logged, with the Range the
// client sent).
func (c *reqCtx) misanswer(kind FaultKind) {
	sent := c.r.Header.Get("Range")
	if kind == FaultWrongRange && sent != "" {
		c.r.Header.Set("Range", shiftedRange(sent))
	}
	next := c.w.onHeader
	c.w.onHeader = func(status int) {
		if kind == FaultForeignETag && status/100 == 2 {
			c.w.Header().Set("ETag", ForeignETag)
		}
		if sent != "" {
			c.r.Header.Set("Range", sent)
		}
		if next != nil {
			next(status)
		}
	}
}

// shiftedRange is the range FaultWrongRange serves instead of spec.
func shiftedRange(spec string) string {
	a, b, ok := strings.Cut(strings.TrimPrefix(strings.TrimSpace(spec), "bytes="), "-")
	if !ok {
		return spec
	}
	first, err1 := strconv.ParseInt(a, 10, 64)
	last, err2 := strconv.ParseInt(b, 10, 64)
	switch {
	case a == "" && err2 == nil && last > 0: // the last n bytes
		return "bytes=0-" + strconv.FormatInt(last-1, 10)
	case err1 == nil && b == "" && first > 0:
		return "bytes=0-"
	case err1 == nil && b == "":
		return "bytes=1-"
	case err1 == nil && err2 == nil && first > 0:
		return "bytes=0-" + strconv.FormatInt(last-first, 10)
	case err1 == nil && err2 == nil:
		return "bytes=1-" + strconv.FormatInt(last+1, 10)
	}
	return spec
}
