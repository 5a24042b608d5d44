package costest

import (
	"context"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Faults of hostile answers: a server (or something on the way) that
// redirects, trickles or answers with documents built to cost their reader.
const (
	// FaultRedirect answers Status (default 307 Temporary Redirect) with a
	// Location header to another host, without applying the operation: a
	// client that follows it sends the request (and on 307 and 308 its
	// body) there.
	FaultRedirect FaultKind = iota + 101
	// FaultTrickle applies the operation at a trickle: a request body is
	// read, and the response body written, Bytes bytes (default 1) each
	// Interval (default 1 s). Response headers go out at once. It ends
	// when the client goes away or the server closes.
	FaultTrickle
	// FaultAmplify answers Status (default 200) with an XML document made
	// of Head, Repeat repeated for Bytes bytes, and Tail (see Fault),
	// without applying the operation: millions of empty entries, deep
	// nesting, endless attributes or an endless body.
	FaultAmplify
)

var hostileFaultNames = map[FaultKind]string{
	FaultRedirect: "Redirect", FaultTrickle: "Trickle", FaultAmplify: "Amplify",
}

// amplifyRoots are the root elements FaultAmplify wraps its document in
// by default.
var amplifyRoots = map[Op]string{
	OpListObjects: "ListBucketResult", OpListMultipartUploads: "ListMultipartUploadsResult",
	OpListParts: "ListPartsResult", OpListBuckets: "ListAllMyBucketsResult", OpDeleteObjects: "DeleteResult",
	OpListObjectVersions: "ListVersionsResult",
}

func (s *Server) applyHostile(c *reqCtx, f Fault, run func()) {
	switch f.Kind {
	case FaultRedirect:
		c.drainBody()
		loc := f.Location
		if loc == "" {
			loc = "http://redirect.invalid" + c.r.URL.RequestURI()
		}
		status := f.Status
		if status == 0 {
			status = http.StatusTemporaryRedirect
		}
		c.w.Header().Set("Location", loc)
		c.w.WriteHeader(status)
	case FaultTrickle:
		p := &pacer{s: s, ctx: c.r.Context(), chunk: f.Bytes, every: f.Interval}
		if p.chunk <= 0 {
			p.chunk = 1
		}
		if p.every <= 0 {
			p.every = time.Second
		}
		c.body.rc = &pacedReader{rc: c.body.rc, p: p}
		c.w.ResponseWriter = &pacedWriter{ResponseWriter: c.w.ResponseWriter, p: p}
		run()
	case FaultAmplify:
		s.amplify(c, f)
	}
}

// pacer waits every before each chunk-sized piece.
type pacer struct {
	s     *Server
	ctx   context.Context
	chunk int64
	every time.Duration
}

type pacedReader struct {
	rc io.ReadCloser
	p  *pacer
}

func (r *pacedReader) Read(b []byte) (int, error) {
	if !r.p.s.sleep(r.p.ctx, r.p.every) {
		return 0, errConnCut
	}
	if int64(len(b)) > r.p.chunk {
		b = b[:r.p.chunk]
	}
	return r.rc.Read(b)
}

func (r *pacedReader) Close() error { return r.rc.Close() }

type pacedWriter struct {
	http.ResponseWriter
	p *pacer
}

// WriteHeader sends the headers at once: only the body trickles.
func (w *pacedWriter) WriteHeader(code int) {
	w.ResponseWriter.WriteHeader(code)
	_ = http.NewResponseController(w.ResponseWriter).Flush()
}

func (w *pacedWriter) Write(b []byte) (int, error) {
	n := 0
	for n < len(b) {
		if !w.p.s.sleep(w.p.ctx, w.p.every) {
			return n, errConnCut
		}
		k, err := w.ResponseWriter.Write(b[n:min(len(b), n+int(w.p.chunk))])
		n += k
		if err != nil {
			return n, err
		}
		_ = http.NewResponseController(w.ResponseWriter).Flush()
	}
	return n, nil
}

// Unwrap gives http.ResponseController the real writer.
func (w *pacedWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// amplify writes the FaultAmplify document.
func (s *Server) amplify(c *reqCtx, f Fault) {
	c.drainBody()
	head, tail := f.Head, f.Tail
	if root := amplifyRoots[c.op]; root != "" {
		if head == "" {
			head = "<" + root + ">"
		}
		if tail == "" {
			tail = "</" + root + ">"
		}
	}
	n := f.Bytes
	if n == 0 {
		n = 64 << 20
	}
	repeat := f.Repeat
	if repeat == "" {
		repeat = " "
	}
	units := n / int64(len(repeat)) // < 0: endless
	if n < 0 {
		units = -1
	}
	h := c.w.Header()
	h.Set("Content-Type", "application/xml")
	if n > 0 {
		h.Set("Content-Length", strconv.FormatInt(int64(len(head))+units*int64(len(repeat))+int64(len(tail)), 10))
	}
	status := f.Status
	if status == 0 {
		status = http.StatusOK
	}
	c.w.WriteHeader(status)
	if _, err := io.WriteString(c.w, head); err != nil {
		return
	}
	per := max(1, (64<<10)/len(repeat))
	batch := []byte(strings.Repeat(repeat, per))
	for units != 0 {
		k := int64(per)
		if units > 0 {
			k = min(k, units)
			units -= k
		}
		if _, err := c.w.Write(batch[:k*int64(len(repeat))]); err != nil {
			return
		}
		select {
		case <-c.r.Context().Done():
			return
		case <-s.done:
			return
		default:
		}
	}
	_, _ = io.WriteString(c.w, tail)
}
