package costest

import (
	"encoding/xml"
	"net/http"
	"strconv"
	"strings"
)

// maxDrain bounds how much of an unread request body is discarded before
// an error answer, so a client still sending sees the answer rather than
// a reset connection.
const maxDrain = 64 << 20

// resource names the addressed resource in error documents.
func (c *reqCtx) resource() string {
	if c.bucket == "" {
		return c.r.Host + c.r.URL.Path
	}
	return c.bucket + ".cos." + c.s.cfg.region + ".myqcloud.com/" + c.key
}

// drainBody discards a small unread request body before an early answer,
// so a client still sending sees the answer rather than a reset. Bodies
// declared larger than maxDrain, and clients waiting for 100-continue,
// are not drained: net/http closes the connection after the answer.
func (c *reqCtx) drainBody() {
	if c.r.ContentLength > maxDrain || strings.EqualFold(c.r.Header.Get("Expect"), "100-continue") {
		return
	}
	c.body.drain(maxDrain)
}

// fail answers with the COS error document (no body for HEAD).
func (c *reqCtx) fail(e *Error) {
	c.drainBody()
	h := c.w.Header()
	h.Set("x-cos-trace-id", c.s.ids.traceID())
	for name, v := range e.header {
		h.Set(name, v)
	}
	if e.Status == http.StatusNotModified || c.r.Method == http.MethodHead {
		c.w.WriteHeader(e.Status)
		return
	}
	body := errorBody(e, c.resource(), c.reqID, h.Get("x-cos-trace-id"))
	h.Set("Content-Type", "application/xml")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	c.w.WriteHeader(e.Status)
	_, _ = c.w.Write(body)
}

// writeXML answers status with the XML document v.
func (c *reqCtx) writeXML(status int, v any) *Error {
	b, err := xml.Marshal(v)
	if err != nil {
		return newError(http.StatusInternalServerError, "InternalError", err.Error())
	}
	return c.writeBytes(status, append([]byte(xmlHeader), b...))
}

// writeBytes answers status with an XML body.
func (c *reqCtx) writeBytes(status int, body []byte) *Error {
	h := c.w.Header()
	h.Set("Content-Type", "application/xml")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	c.w.WriteHeader(status)
	if c.r.Method != http.MethodHead {
		_, _ = c.w.Write(body)
	}
	return nil
}

// writeEmpty answers status with no body.
func (c *reqCtx) writeEmpty(status int) *Error {
	if status != http.StatusNoContent && status != http.StatusNotModified {
		c.w.Header().Set("Content-Length", "0")
	}
	c.w.WriteHeader(status)
	return nil
}
