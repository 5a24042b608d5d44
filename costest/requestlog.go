package costest

import (
	"io"
	"net/http"
	"net/url"
	"sync"
	"time"
)

// Request is one entry of the server's request log.
type Request struct {
	// Op is the operation the request was routed to ("" when it could
	// not be routed).
	Op Op
	// Method is the HTTP method.
	Method string
	// Bucket and Key are the addressed bucket and object key ("" when
	// absent).
	Bucket, Key string
	// Query holds the decoded query parameters.
	Query url.Values
	// Header is a copy of the request header, with Host added.
	Header http.Header
	// BodySize is the number of request body bytes actually received.
	BodySize int64
	// Status is the status the server answered (or would have answered
	// when a fault cut the connection).
	Status int
	// Fault is the kind of fault that fired on this request, 0 if none.
	Fault FaultKind
	// Time is when the request arrived, on the server clock.
	Time time.Time
}

type requestLog struct {
	mu   sync.Mutex
	reqs []Request
}

func (l *requestLog) add(r Request) {
	l.mu.Lock()
	l.reqs = append(l.reqs, r)
	l.mu.Unlock()
}

func (l *requestLog) list() []Request {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]Request(nil), l.reqs...)
}

func (l *requestLog) reset() {
	l.mu.Lock()
	l.reqs = nil
	l.mu.Unlock()
}

// countingBody counts the request body bytes read.
type countingBody struct {
	rc  io.ReadCloser
	n   int64
	eof bool
	mu  sync.Mutex
}

func (c *countingBody) Read(p []byte) (int, error) {
	n, err := c.rc.Read(p)
	c.mu.Lock()
	c.n += int64(n)
	if err == io.EOF {
		c.eof = true
	}
	c.mu.Unlock()
	return n, err
}

func (c *countingBody) Close() error { return c.rc.Close() }

func (c *countingBody) count() int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n
}

// drain discards what is left of the body, up to max bytes, so an early
// error answer reaches a client that is still sending.
func (c *countingBody) drain(max int64) {
	c.mu.Lock()
	done := c.eof
	c.mu.Unlock()
	if !done {
		_, _ = io.CopyN(io.Discard, c, max)
	}
}
