package cos

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"
)

// defaultStallTimeout is botocore's default read timeout.
const defaultStallTimeout = 60 * time.Second

// stallMinBytes is what a body must move within each stall window.
const stallMinBytes = 1 << 10

// keepAliveMinBytes is what the answer of a call that may run long on the
// server must move per window: COS answers Complete Multipart Upload and
// large copies at once, then sends a space now and then until the result
// is ready (cos-operations.md, Complete Multipart Upload [doc]; its pace
// is [unconfirmed]). One byte per window is botocore's rule for any read.
const keepAliveMinBytes = 1

// WithStallTimeout ends a transfer that stopped moving: a request or
// response body (Object.Get's included, while the caller reads it) that
// moves fewer than 1 KiB within a window of d fails with an error wrapping
// [ErrStalled], and its connection is closed. Only time the body waits on
// the network counts: a caller that pauses between reads of a response
// body, or a request body reader that is slow to produce bytes, is not
// stalled. Answers COS keeps alive with a byte now and then while it works
// (the spaces of CompleteMultipartUpload, Copy and UploadPartCopy, the
// progress events of Select) need only move one byte per window. The
// default is 60 s (botocore's read timeout); 0 turns the check off. A
// stall is retried like a dropped connection, and transfer resumes the
// range or part.
//
// The wait for response headers is not covered: the default HTTP client
// bounds it (2 minutes); a client given with WithHTTPClient bounds it
// with its Transport's ResponseHeaderTimeout, or a context deadline.
func WithStallTimeout(d time.Duration) Option {
	return func(c *config) error {
		if d < 0 {
			return invalidArg("stall timeout", "is negative (%v)", d)
		}
		c.stallTimeout = d
		return nil
	}
}

// stallWatch guards the bodies of one attempt. Its context is the
// attempt's: a stall cancels it with the stall error as its cause, which
// makes the transport close the connection.
type stallWatch struct {
	ctx    context.Context
	cancel context.CancelCauseFunc
	window time.Duration
	method string // for the error
	path   string

	mu    sync.Mutex
	parts []*stallMeter
	req   *stallMeter // the request body being sent
	cause error       // the stall, once one fired

	// The usual attempt has one response body and at most one request
	// body: their meter and list live here rather than in allocations of
	// their own.
	resp     stallMeter
	respUsed bool
	partsBuf [2]*stallMeter
}

func newStallWatch(parent context.Context, window time.Duration, method, path string) *stallWatch {
	ctx, cancel := context.WithCancelCause(parent)
	w := &stallWatch{ctx: ctx, cancel: cancel, window: window, method: method, path: path}
	w.parts = w.partsBuf[:0]
	return w
}

// watchRequest wraps req's body, and the bodies GetBody makes when the
// transport rewinds it. A request body's clock runs between the
// transport's reads, while it writes what it read to the network.
func (w *stallWatch) watchRequest(req *http.Request) {
	if req.Body == nil || req.Body == http.NoBody {
		return
	}
	req.Body = w.request(req.Body)
	if getBody := req.GetBody; getBody != nil {
		req.GetBody = func() (io.ReadCloser, error) {
			b, err := getBody()
			if err != nil || b == nil || b == http.NoBody {
				return b, err
			}
			return w.request(b), nil
		}
	}
}

// request meters a new send of the request body; the one before it is
// over.
func (w *stallWatch) request(body io.ReadCloser) io.ReadCloser {
	m := w.meter(body, "request body", false, stallMinBytes)
	w.mu.Lock()
	prev := w.req
	w.req = m
	w.mu.Unlock()
	if prev != nil {
		prev.finish()
	}
	return m
}

// answered ends the request body's watch: an answer arrived, so what is
// left of the send no longer matters.
func (w *stallWatch) answered() {
	w.mu.Lock()
	m := w.req
	w.mu.Unlock()
	if m != nil {
		m.finish()
	}
}

// response wraps a response body: its clock runs while a read waits for
// the network. minBytes is what it must move per window.
func (w *stallWatch) response(body io.ReadCloser, minBytes int64) *stallMeter {
	return w.meter(body, "response body", true, minBytes)
}

func (w *stallWatch) meter(body io.ReadCloser, what string, response bool, minBytes int64) *stallMeter {
	w.mu.Lock()
	defer w.mu.Unlock()
	var m *stallMeter
	if response && !w.respUsed {
		w.respUsed = true
		m = &w.resp
	} else {
		m = new(stallMeter)
	}
	m.w, m.inner, m.response, m.min, m.what = w, body, response, minBytes, what
	w.parts = append(w.parts, m)
	return m
}

// stalled returns the stall error if a body of this attempt stalled.
func (w *stallWatch) stalled() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.cause
}

func (w *stallWatch) fire(err error) {
	w.mu.Lock()
	if w.cause == nil {
		w.cause = err
	}
	w.mu.Unlock()
	w.cancel(err)
}

// end stops every meter and releases the attempt's context.
func (w *stallWatch) end() {
	w.mu.Lock()
	parts := w.parts
	w.mu.Unlock()
	for _, m := range parts {
		m.finish()
	}
	w.cancel(nil)
}

// stallMeter counts the bytes of one body and the time it waited on the
// network within the current window; a timer checks the window.
type stallMeter struct {
	w        *stallWatch
	inner    io.ReadCloser
	response bool
	min      int64  // bytes to move per window
	what     string // "request body", "response body"
	err      error  // the stall, once it happened

	mu       sync.Mutex
	running  bool          // the clock runs: waiting on the network
	runSince time.Time     // when it started running
	waited   time.Duration // running time of the window before runSince
	moved    int64         // bytes of the window
	timer    *time.Timer
	armed    bool
	done     bool
	stalled  bool
}

func (m *stallMeter) Read(p []byte) (int, error) {
	m.mu.Lock()
	if m.stalled {
		err := m.err
		m.mu.Unlock()
		return 0, err
	}
	if m.response {
		m.run(time.Now())
	} else {
		m.pause(time.Now())
	}
	m.mu.Unlock()

	n, err := m.inner.Read(p)

	m.mu.Lock()
	defer m.mu.Unlock()
	m.moved += int64(n)
	if m.stalled {
		return n, m.err // the transport's own error says only "canceled"
	}
	if m.response {
		m.pause(time.Now())
	} else if err == nil {
		m.run(time.Now())
	}
	if err != nil {
		m.stop()
	}
	return n, err
}

// Close closes the body; a response body handed to the caller also ends
// its attempt here.
func (m *stallMeter) Close() error {
	err := m.inner.Close()
	if m.response {
		m.w.end()
	} else {
		m.finish()
	}
	return err
}

// run starts the clock (m.mu held).
func (m *stallMeter) run(now time.Time) {
	if m.running || m.done {
		return
	}
	m.running, m.runSince = true, now
	if !m.armed {
		m.arm(max(m.w.window-m.waited, m.w.window/16))
	}
}

// pause stops the clock (m.mu held).
func (m *stallMeter) pause(now time.Time) {
	if m.running {
		m.running = false
		m.waited += now.Sub(m.runSince)
	}
}

func (m *stallMeter) arm(d time.Duration) {
	m.armed = true
	if m.timer == nil {
		m.timer = time.AfterFunc(d, m.tick)
		return
	}
	m.timer.Reset(d)
}

// tick ends a window: enough bytes start a new one, enough waiting with
// too few bytes is a stall, anything else waits for the rest.
func (m *stallMeter) tick() {
	m.mu.Lock()
	if m.done {
		m.mu.Unlock()
		return
	}
	m.armed = false
	now := time.Now()
	waited := m.waited
	if m.running {
		waited += now.Sub(m.runSince)
	}
	switch {
	case m.moved >= m.min:
		m.moved, m.waited = 0, 0
		if m.running {
			m.runSince = now
			m.arm(m.w.window)
		}
	case waited >= m.w.window:
		m.stalled, m.done = true, true
		m.err = fmt.Errorf("%w: %s %s: the %s moved fewer than %d bytes in %v", ErrStalled, m.w.method, m.w.path, m.what, m.min, m.w.window)
		err := m.err
		m.mu.Unlock()
		m.w.fire(err)
		return
	case m.running:
		m.arm(max(m.w.window-waited, m.w.window/16))
	}
	m.mu.Unlock()
}

// stop ends the meter (m.mu held).
func (m *stallMeter) stop() {
	m.done, m.running = true, false
	if m.timer != nil {
		m.timer.Stop()
	}
}

func (m *stallMeter) finish() {
	m.mu.Lock()
	m.stop()
	m.mu.Unlock()
}
