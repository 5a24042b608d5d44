package cos

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"

	"github.com/cosgo/cos/internal/xmlutil"
)

// SelectStats are the byte counts COS reports for a Select: in its Stats
// event at the end, and in Progress events on the way when asked for.
type SelectStats struct {
	// BytesScanned is how much of the stored (possibly compressed) object
	// was read.
	BytesScanned int64 `xml:"BytesScanned"`
	// BytesProcessed is how much uncompressed data was examined.
	BytesProcessed int64 `xml:"BytesProcessed"`
	// BytesReturned is the size of the records sent back.
	BytesReturned int64 `xml:"BytesReturned"`
}

// SelectResult is the answer of [ObjectService.Select]: an io.Reader of
// the matching records, in the requested output format, followed by the
// query's statistics. Read returns io.EOF only after COS's End event;
// every other way the stream can end (an error event, a cut connection, a
// frame that fails its CRC32) is an error from Read, so a complete read
// means a complete result. The caller must Close it, also after an error.
//
// Records reach Read only after their frame's CRC32s were checked. A
// SelectResult is not safe for concurrent use; read Stats and Progress
// from the goroutine that reads the records (or after it is done).
type SelectResult struct {
	// Response is the HTTP response the stream arrived on (status 200).
	Response *Response

	dec      esDecoder
	body     io.ReadCloser
	method   string // of the request, for errors
	path     string
	pending  []byte // unread part of the current Records payload
	err      error  // sticky: io.EOF after End, or the first failure
	stats    *SelectStats
	progress *SelectStats
	closed   bool
	// secrets are the client's, scrubbed from errors the stream carries.
	secrets *secretLog
}

func newSelectResult(resp *Response, method, path string) *SelectResult {
	if req := resp.Request; req != nil && req.URL != nil {
		method, path = req.Method, req.URL.Path
	}
	return &SelectResult{Response: resp, body: resp.Body, dec: esDecoder{r: resp.Body}, method: method, path: path}
}

// Read reads records. It returns io.EOF once the whole result was read and
// COS ended the stream; see [SelectResult] for the errors.
func (r *SelectResult) Read(p []byte) (int, error) {
	for {
		if len(r.pending) > 0 {
			n := copy(p, r.pending)
			r.pending = r.pending[n:]
			return n, nil
		}
		if r.err != nil {
			return 0, r.err
		}
		if len(p) == 0 {
			return 0, nil
		}
		r.step()
	}
}

// WriteTo writes the remaining records to w, one frame's payload at a
// time, so io.Copy needs no extra buffer. It returns nil (not io.EOF) when
// the stream ended properly.
func (r *SelectResult) WriteTo(w io.Writer) (int64, error) {
	var total int64
	for {
		if len(r.pending) > 0 {
			n, err := w.Write(r.pending)
			total += int64(n)
			short := n < len(r.pending)
			r.pending = r.pending[n:]
			if err == nil && short {
				err = io.ErrShortWrite
			}
			if err != nil {
				return total, err
			}
			continue
		}
		if r.err != nil {
			if r.err == io.EOF {
				return total, nil
			}
			return total, r.err
		}
		r.step()
	}
}

// step decodes one message and records its effect.
func (r *SelectResult) step() {
	if r.closed {
		r.err = errors.New("cos: read on a closed SelectResult")
		return
	}
	m, err := r.dec.next()
	if err != nil {
		if err == io.EOF {
			err = fmt.Errorf("stream ended without an End event: %w", io.ErrUnexpectedEOF)
		}
		if se := r.errorDocument(); se != nil {
			r.err = se
			return
		}
		r.err = r.wrap(err)
		return
	}
	switch mt := m.header(":message-type"); mt {
	case "error":
		resp := r.Response
		r.err = r.scrub(&ServiceError{
			StatusCode: resp.StatusCode, Code: m.header(":error-code"), Message: m.header(":error-message"),
			RequestID: resp.RequestID, TraceID: resp.TraceID, Header: resp.Header,
			Method: r.method, Path: r.path,
		})
	case "event":
		switch et := m.header(":event-type"); et {
		case "Records":
			r.pending = m.payload
		case "Stats", "Progress":
			var s SelectStats
			if err := xml.Unmarshal(m.payload, &s); err != nil {
				r.err = r.wrap(fmt.Errorf("%s event: %w", et, err))
				return
			}
			if et == "Stats" {
				r.stats = &s
			} else {
				r.progress = &s
			}
		case "End":
			r.err = io.EOF
		default:
			// Cont keeps the connection alive; other event types are newer
			// than this client and carry nothing it could use.
		}
	default:
		r.err = r.wrap(fmt.Errorf("event stream: message type %q: %w", mt, errEventStream))
	}
}

// errorDocument reads a 200 body that opens with "<" instead of a
// message prelude as a COS <Error> document, so an error answered that
// way is a *ServiceError rather than a checksum failure.
func (r *SelectResult) errorDocument() *ServiceError {
	if r.dec.n > 0 || r.dec.prelude[0] != '<' {
		return nil
	}
	rest, _ := xmlutil.ReadBounded(r.body, xmlutil.MaxErrorBody)
	raw := append(r.dec.prelude[:], rest...)
	doc, ok := xmlutil.ParseError(raw)
	if !ok {
		return nil
	}
	resp := r.Response
	return r.scrub(&ServiceError{StatusCode: resp.StatusCode, Code: doc.Code, Message: doc.Message, Resource: doc.Resource,
		RequestID: resp.RequestID, TraceID: resp.TraceID, Header: resp.Header, Body: raw, Method: r.method, Path: r.path})
}

// scrubber removes the call's secrets from the errors the stream carries,
// as the pipeline does for every other answer: the token and
// Authorization value (and its signature) the request sent, and the
// client's keys.
func (r *SelectResult) scrubber() *scrubber {
	var sent []string
	if req := r.Response.Request; req != nil {
		auth := req.Header.Get("Authorization")
		sent = []string{req.Header.Get("x-cos-security-token"), auth, signatureOf(auth)}
	}
	return newScrubber(append(sent, r.secrets.secrets()...)...)
}

// scrub removes the call's secrets from a service error the stream carried.
func (r *SelectResult) scrub(se *ServiceError) *ServiceError {
	r.scrubber().serviceError(se)
	return se
}

// wrap names the call in err, whose text may quote what the stream
// carried, and scrubs it.
func (r *SelectResult) wrap(err error) error {
	return r.scrubber().error(fmt.Errorf("cos: SelectObjectContent %s %s: %w", r.method, r.path, err))
}

// Stats returns the statistics of the Stats event, and false when none has
// arrived yet (COS sends it just before the end of the stream).
func (r *SelectResult) Stats() (SelectStats, bool) {
	if r.stats == nil {
		return SelectStats{}, false
	}
	return *r.stats, true
}

// Progress returns the latest Progress event, and false when none has
// arrived (COS sends them only when SelectRequest.RequestProgress is set).
func (r *SelectResult) Progress() (SelectStats, bool) {
	if r.progress == nil {
		return SelectStats{}, false
	}
	return *r.progress, true
}

// Close releases the connection. It may be called at any time (records
// not yet read are dropped) and more than once.
func (r *SelectResult) Close() error {
	if r.closed {
		return nil
	}
	r.closed = true
	r.pending = nil
	if r.err == io.EOF {
		// After End the body should be at its end; reading that lets the
		// connection be reused.
		_, _ = io.CopyN(io.Discard, r.body, 512)
	}
	return r.body.Close()
}
