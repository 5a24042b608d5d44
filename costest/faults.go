package costest

import (
	"context"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// FaultKind selects what an injected [Fault] does to a matching request.
type FaultKind int

// The kinds of fault. Unless a kind says otherwise, the operation is not
// applied (a 500 on PutObject stores nothing).
const (
	// FaultStatus answers Status (default 500) with a COS error document
	// carrying Code and Message (defaults follow the status), after
	// reading the request body.
	FaultStatus FaultKind = iota + 1
	// FaultDelay waits Delay, then serves the request normally (the
	// operation is applied). The wait ends early, without applying the
	// operation and by closing the connection, if the client goes away or
	// the server closes.
	FaultDelay
	// FaultDropRequest reads Bytes bytes of the request body (all of it if
	// Bytes is negative), then closes the connection without answering;
	// the operation is not applied.
	FaultDropRequest
	// FaultDropResponse applies the operation, then closes the connection
	// without sending any of the response: the realistic "lost response".
	// Note that Go's http.Transport silently retries an idempotent request
	// (GET, HEAD) once when a reused connection closes before any response
	// byte (this fault or FaultDropRequest); use Times > 1 or fresh
	// connections to see the failure.
	FaultDropResponse
	// FaultTruncate applies the operation and sends the response headers
	// (with the full Content-Length) and Bytes bytes of the body (fewer
	// if the body is shorter, so a body is always cut), then closes the
	// connection. A response without a body (PutObject, HEAD) arrives
	// whole.
	FaultTruncate
	// FaultErrorIn200 answers 200 with leading whitespace and then a COS
	// <Error> document (Code default InternalError), as COS can for
	// Complete Multipart Upload, Copy and Upload Part - Copy.
	FaultErrorIn200
	// FaultEventError ends an event-stream answer (SELECT Object Content)
	// with an error event carrying Code (default InternalError) and
	// Message, after Bytes bytes of records (all of them if the result is
	// shorter), in place of the Stats and End events. On other operations
	// it acts as FaultStatus.
	FaultEventError
)

// Faults of a proxy or CDN that answers for another request or another
// object version: the operation is served, but not as asked. (Numbered
// from 200, apart from the other blocks of kinds.)
const (
	// FaultWrongRange serves a GET that has a Range with another range of
	// the same length, with a Content-Range truthfully naming the bytes
	// sent: "bytes=a-b" is served as "bytes=0-(b-a)", or as
	// "bytes=1-(b+1)" when a is 0; "bytes=a-" as "bytes=0-" ("bytes=1-"
	// when a is 0); "bytes=-n" as "bytes=0-(n-1)" (the same bytes when n
	// covers the object). A request without a Range is served normally.
	// The request log keeps the Range the client sent.
	FaultWrongRange FaultKind = iota + 200
	// FaultForeignETag serves the request normally but replaces the ETag
	// of a 2xx answer with ForeignETag.
	FaultForeignETag
)

// ForeignETag is the ETag FaultForeignETag answers with.
const ForeignETag = `"0badc0de0badc0de0badc0de0badc0de"`

var faultNames = map[FaultKind]string{
	FaultStatus: "Status", FaultDelay: "Delay", FaultDropRequest: "DropRequest",
	FaultDropResponse: "DropResponse", FaultTruncate: "Truncate", FaultErrorIn200: "ErrorIn200",
	FaultEventError: "EventError",
	FaultWrongRange: "WrongRange", FaultForeignETag: "ForeignETag",
}

// String returns the kind's name, e.g. "DropResponse".
func (k FaultKind) String() string {
	if n, ok := faultNames[k]; ok {
		return n
	}
	if n, ok := hostileFaultNames[k]; ok {
		return n
	}
	return "FaultKind(" + strconv.Itoa(int(k)) + ")"
}

// Fault describes a fault to inject with [Server.Inject]. The matching
// fields (Op, Bucket, Key) select requests; empty ones match anything.
// Faults apply after routing and signature checking, so a refused
// signature is never hidden by a fault.
type Fault struct {
	// Kind is what the fault does. Zero means FaultStatus, or FaultDelay
	// when only Delay is set.
	Kind FaultKind
	// Op restricts the fault to one operation.
	Op Op
	// Bucket restricts the fault to one bucket.
	Bucket string
	// Key restricts the fault to one exact object key.
	Key string
	// Nth makes the fault fire from the Nth matching request on
	// (1-based); 0 means the first.
	Nth int
	// Times is how often the fault fires: 0 means once, -1 forever.
	Times int
	// Status is the HTTP status of FaultStatus (default 500).
	Status int
	// Code and Message fill the error document of FaultStatus and
	// FaultErrorIn200.
	Code, Message string
	// RetryAfter, if set, is sent as the Retry-After header.
	RetryAfter string
	// Delay is waited before the fault acts, for every kind.
	Delay time.Duration
	// Bytes is the number of request body bytes FaultDropRequest reads
	// (negative: all) or response body bytes FaultTruncate sends.
	Bytes int64

	// Hostile answers: FaultRedirect, FaultTrickle and FaultAmplify.

	// Location is where FaultRedirect points (default
	// "http://redirect.invalid" + the request's path and query).
	Location string
	// Interval is the pause before each Bytes-sized piece of a
	// FaultTrickle body (default 1 s).
	Interval time.Duration
	// Head, Repeat and Tail make the FaultAmplify document: Head, then
	// Repeat over and over for Bytes bytes (default 64 MiB; negative:
	// until the client goes away), then Tail. Head and Tail default to the
	// root element of a listing or DeleteObjects answer.
	Head, Repeat, Tail string
}

// FaultRule is an injected fault; it reports how often it fired.
type FaultRule struct {
	set   *faultSet
	fault Fault
	seen  int
	fired int
}

// Fired returns how many requests the rule has acted on.
func (r *FaultRule) Fired() int {
	r.set.mu.Lock()
	defer r.set.mu.Unlock()
	return r.fired
}

// Remove withdraws the rule; requests already affected stay affected.
func (r *FaultRule) Remove() {
	r.set.mu.Lock()
	defer r.set.mu.Unlock()
	for i, x := range r.set.rules {
		if x == r {
			r.set.rules = append(r.set.rules[:i], r.set.rules[i+1:]...)
			return
		}
	}
}

type faultSet struct {
	mu    sync.Mutex
	rules []*FaultRule
}

// Inject adds a fault rule. Rules are checked in the order they were
// added; every matching rule counts the request, and the first one due to
// fire acts on it.
func (s *Server) Inject(f Fault) *FaultRule {
	if f.Kind == 0 {
		f.Kind = FaultStatus
		if f.Status == 0 && f.Delay > 0 {
			f.Kind = FaultDelay
		}
	}
	if f.Kind == FaultStatus && f.Status == 0 {
		f.Status = http.StatusInternalServerError
	}
	if f.Code == "" && (f.Kind == FaultStatus || f.Kind == FaultErrorIn200 || f.Kind == FaultEventError) {
		status := f.Status
		if f.Kind == FaultErrorIn200 || f.Kind == FaultEventError {
			status = http.StatusInternalServerError
		}
		f.Code = defaultCodeFor(status)
	}
	r := &FaultRule{set: &s.faults, fault: f}
	s.faults.mu.Lock()
	s.faults.rules = append(s.faults.rules, r)
	s.faults.mu.Unlock()
	return r
}

// ClearFaults removes every fault rule.
func (s *Server) ClearFaults() {
	s.faults.mu.Lock()
	s.faults.rules = nil
	s.faults.mu.Unlock()
}

func (fs *faultSet) match(c *reqCtx) (Fault, bool) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	var chosen *FaultRule
	for _, r := range fs.rules {
		f := r.fault
		if (f.Op != "" && f.Op != c.op) || (f.Bucket != "" && f.Bucket != c.bucket) ||
			(f.Key != "" && f.Key != c.key) {
			continue
		}
		r.seen++
		times := f.Times
		if times == 0 {
			times = 1
		}
		if chosen == nil && r.seen >= max(f.Nth, 1) && (times < 0 || r.fired < times) {
			chosen = r
			r.fired++
		}
	}
	if chosen == nil {
		return Fault{}, false
	}
	return chosen.fault, true
}

// sleep waits d; it reports false if the client left or the server closed.
func (s *Server) sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
	case <-s.done:
	}
	return false
}

func (s *Server) applyFault(c *reqCtx, f Fault, handle handlerFunc) {
	if f.RetryAfter != "" {
		c.w.Header().Set("Retry-After", f.RetryAfter)
	}
	if f.Delay > 0 && !s.sleep(c.r.Context(), f.Delay) {
		c.w.abort() // abandoned: the client must not see a success
		return
	}
	run := func() {
		if e := handle(s, c); e != nil {
			c.fail(e)
		}
	}
	switch f.Kind {
	case FaultDelay:
		run()
	case FaultStatus:
		c.fail(newError(f.Status, f.Code, f.Message))
	case FaultEventError:
		if c.op != OpSelectObjectContent {
			status := f.Status
			if status == 0 {
				status = http.StatusInternalServerError
			}
			c.fail(newError(status, f.Code, f.Message))
			return
		}
		c.eventFault = &f
		run()
	case FaultErrorIn200:
		c.drainBody()
		e := newError(http.StatusOK, f.Code, f.Message)
		h := c.w.Header()
		h.Set("Content-Type", "application/xml")
		c.w.WriteHeader(http.StatusOK)
		_, _ = io.WriteString(c.w, strings.Repeat(" ", 32)+"\n")
		c.w.Flush()
		_, _ = c.w.Write(errorBody(e, c.resource(), c.reqID, s.ids.traceID()))
	case FaultDropRequest:
		if f.Bytes < 0 {
			_, _ = io.Copy(io.Discard, c.body)
		} else {
			_, _ = io.CopyN(io.Discard, c.body, f.Bytes)
		}
		c.w.abort()
	case FaultDropResponse:
		c.w.discard = true
		run()
		c.w.abort()
	case FaultTruncate:
		c.w.limit = max(f.Bytes, 0)
		run()
		c.w.abort()
	case FaultWrongRange, FaultForeignETag:
		c.misanswer(f.Kind)
		run()
	default:
		s.applyHostile(c, f, run)
	}
}

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
