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
