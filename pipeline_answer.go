package cos

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"strings"
	"sync"

	"github.com/cosgo/cos/internal/xmlutil"
)

// Checking answers: what a call returns for the HTTP response, a success
// document decoded within its limits, or a *ServiceError.

// Response is the HTTP response of a call, with the COS request and trace
// IDs pulled out. On error it is still returned whenever a response
// arrived, so RequestID can be logged.
type Response struct {
	*http.Response
	// RequestID is the x-cos-request-id header.
	RequestID string
	// TraceID is the x-cos-trace-id header (sent on failures).
	TraceID string
	// VersionID is the x-cos-version-id header, sent once a bucket has a
	// versioning state: the version a Get or Head read, the version a
	// Delete removed or the delete marker it created ("null" for the null
	// version). It is how Delete, whose signature returns only a
	// Response, reports versions.
	VersionID string
	// DeleteMarker is the x-cos-delete-marker header: a Delete created or
	// removed a delete marker.
	DeleteMarker bool
}

func newResponse(r *http.Response) *Response {
	// Canonical keys: Get would allocate a canonical copy of each other
	// spelling.
	return &Response{Response: r, RequestID: r.Header.Get("X-Cos-Request-Id"), TraceID: r.Header.Get("X-Cos-Trace-Id"),
		VersionID: r.Header.Get("X-Cos-Version-Id"), DeleteMarker: strings.EqualFold(r.Header.Get("X-Cos-Delete-Marker"), "true")}
}

// check turns non-2xx and 200-with-<Error> answers into *ServiceError,
// decodes the success document within the op's limits, and closes the
// body unless the caller keeps it.
func (p *attemptPlan) check(resp *Response) error {
	body := resp.Body
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		defer body.Close()
		return p.serviceError(resp, nil)
	}
	if p.o.keepBody {
		return nil
	}
	defer drainAndClose(body)
	if p.o.out == nil && p.o.decode == nil && !p.o.errorIn200 {
		return nil
	}
	if p.o.decode != nil {
		raw, err := xmlutil.ReadBounded(body, p.o.limits.Cap())
		if err != nil {
			return p.documentError("reading response", err)
		}
		if doc, isErr := xmlutil.ParseError(raw); isErr {
			return p.serviceError(resp, &doc)
		}
		if err := p.o.decode(raw); err != nil {
			return p.documentError("decoding response", fmt.Errorf("%w: %w", xmlutil.ErrInvalid, err))
		}
		return nil
	}
	if p.o.out != nil {
		// The document is decoded as it streams in: an attempt cut midway
		// must not leave entries for the next one to add to.
		reflect.ValueOf(p.o.out).Elem().SetZero()
	}
	var doc xmlutil.ErrorDoc
	var isErr, empty bool
	var err error
	if sd, ok := p.o.out.(xmlutil.ScanDecoder); ok {
		doc, isErr, empty, err = xmlutil.Scan(body, sd, p.o.limits) // listing pages
	} else {
		doc, isErr, empty, err = xmlutil.DecodeReader(body, p.o.out, p.o.limits)
	}
	switch {
	case err != nil: // an <Error> document that breaks the limits too
		return p.documentError("reading response", err)
	case isErr:
		return p.serviceError(resp, &doc)
	case empty && p.o.out != nil:
		return fmt.Errorf("cos: %s %s: empty response body: %w", p.o.method, p.u.Path, io.ErrUnexpectedEOF)
	}
	return nil
}

// drainBuffers are what drainAndClose reads into (io.CopyN would
// allocate its LimitReader on every call).
var drainBuffers = sync.Pool{New: func() any { return new([512]byte) }}

// drainAndClose reads up to 4 KiB left in a body, so the connection can
// be reused, and closes it.
func drainAndClose(body io.ReadCloser) {
	buf := drainBuffers.Get().(*[512]byte)
	for left := 4 << 10; left > 0; {
		n, err := body.Read(buf[:min(left, len(buf))])
		left -= n
		if err != nil {
			break
		}
	}
	drainBuffers.Put(buf)
	body.Close()
}

// documentError wraps a failure to read or decode a success document. A
// document that breaks the protocol (too large, over a decoding limit,
// malformed) wraps ErrInvalidResponse and is not retried; a body cut off
// keeps its cause, which is.
func (p *attemptPlan) documentError(what string, err error) error {
	if errors.Is(err, xmlutil.ErrInvalid) || errors.Is(err, xmlutil.ErrDocumentTooLarge) {
		return fmt.Errorf("cos: %s %s: %s: %w: %w", p.o.method, p.u.Path, what, ErrInvalidResponse, err)
	}
	return fmt.Errorf("cos: %s %s: %s: %w", p.o.method, p.u.Path, what, err)
}

// serviceError builds the error from doc, or from the (bounded) body, or,
// for HEAD and 304 which have none, from the status and headers.
func (p *attemptPlan) serviceError(resp *Response, doc *xmlutil.ErrorDoc) error {
	se := &ServiceError{
		StatusCode: resp.StatusCode,
		RequestID:  resp.RequestID,
		TraceID:    resp.TraceID,
		Header:     resp.Header,
		Method:     p.o.method,
		Path:       p.u.Path,
	}
	// Whatever the status, and whether the document came from an error
	// body or a 200: a SignatureDoesNotMatch body echoes the string that
	// was signed, session token included, and a proxy may echo the
	// Authorization header. Never hand that to a caller who logs it.
	scrub := p.scrubber()
	var readErr error
	if doc == nil && p.o.method != http.MethodHead {
		raw, err := xmlutil.ReadBounded(resp.Body, xmlutil.MaxErrorBody)
		se.Body = raw
		if d, ok := xmlutil.ParseError(raw); ok {
			doc = &d
		} else if err != nil && !errors.Is(err, xmlutil.ErrDocumentTooLarge) {
			// The error body itself was cut off: keep both errors; whether to
			// retry is the status's call (5xx yes, 4xx no).
			readErr = fmt.Errorf("cos: reading error body: %w", err)
		}
	}
	if doc != nil {
		se.Code, se.Message, se.Resource = doc.Code, doc.Message, doc.Resource
		if se.RequestID == "" {
			se.RequestID = doc.RequestID
		}
		if se.TraceID == "" {
			se.TraceID = doc.TraceID
		}
	}
	if isRedirect(se.StatusCode) && se.Message == "" {
		se.Message = "redirect to " + RedactURL(resp.Header.Get("Location")) + " refused: COS does not redirect"
	}
	scrub.serviceError(se)
	if readErr != nil {
		return errors.Join(se, scrub.error(readErr))
	}
	return se
}
