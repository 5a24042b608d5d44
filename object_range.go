package cos

import (
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
)

// A ranged GET is trusted only when the answer names the bytes asked for:
// a proxy or CDN in front of a custom domain may ignore Range, or answer
// a cached range of another request, and its bytes would otherwise be
// taken for the ones requested.

// parseContentRange reads "bytes first-last/total" (total "*" is -1).
func parseContentRange(v string) (first, last, total int64, ok bool) {
	spec, found := strings.CutPrefix(strings.TrimSpace(v), "bytes ")
	r, t, found2 := strings.Cut(spec, "/")
	a, b, found3 := strings.Cut(r, "-")
	if !found || !found2 || !found3 {
		return 0, 0, 0, false
	}
	first, ok1 := parseDecimal(a)
	last, ok2 := parseDecimal(b)
	total, ok3 := int64(-1), t == "*"
	if !ok3 {
		total, ok3 = parseDecimal(t)
	}
	return first, last, total, ok1 && ok2 && ok3 && first <= last && (total < 0 || last < total)
}

// parseDecimal reads digits only: no sign, no space.
func parseDecimal(s string) (int64, bool) {
	if s == "" || s[0] < '0' || s[0] > '9' {
		return 0, false
	}
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil
}

// resolveRange turns the first and last of a Range (-1 when open, as
// parseByteRange gives them) into the bytes an object of size holds.
func resolveRange(first, last, size int64) (int64, int64) {
	switch {
	case first < 0: // the last `last` bytes
		return max(size-last, 0), size - 1
	case last < 0 || last >= size:
		return first, size - 1
	}
	return first, last
}

// checkGetAnswer verifies that a GET answer is the one opt asked for: the
// Range (see checkRangeAnswer), or the whole object when there is none (a
// 206 is then a piece of it), and, for an IfMatch naming one strong
// entity tag, that ETag (a proxy may not pass If-Match on).
func checkGetAnswer(resp *http.Response, opt *ObjectGetOptions) error {
	if opt == nil || opt.Range == "" {
		if resp.StatusCode == http.StatusPartialContent {
			return fmt.Errorf("%w: status 206 (Content-Range %q) for a GET without Range", ErrInvalidResponse, resp.Header.Get("Content-Range"))
		}
		if opt == nil {
			return nil
		}
	} else if err := checkRangeAnswer(resp, opt.Range); err != nil {
		return err
	}
	want := strings.TrimSpace(opt.IfMatch)
	if want == "" || want == "*" || strings.Contains(want, ",") || strings.HasPrefix(want, "W/") {
		return nil
	}
	if got := stripETagQuotes(resp.Header.Get("ETag")); got != stripETagQuotes(want) {
		return fmt.Errorf("%w: asked If-Match %s, got ETag %q", ErrInvalidResponse, want, got)
	}
	return nil
}

// checkRangeAnswer verifies that resp answers the Range spec: a 206 whose
// Content-Range names exactly the bytes spec resolves to in the object it
// reports, with a Content-Length to match, or a 200 only when spec covers
// the whole object. Anything else wraps ErrInvalidResponse.
func checkRangeAnswer(resp *http.Response, spec string) error {
	first, last, err := parseByteRange("Range", spec, false)
	if err != nil {
		return err
	}
	cr := resp.Header.Get("Content-Range")
	switch resp.StatusCode {
	case http.StatusPartialContent:
		f, l, total, ok := parseContentRange(cr)
		if !ok || total < 0 {
			return fmt.Errorf("%w: asked for %s, the answer's Content-Range is %q", ErrInvalidResponse, spec, cr)
		}
		wf, wl := resolveRange(first, last, total)
		if f != wf || l != wl {
			return fmt.Errorf("%w: asked for %s of a %d-byte object, got Content-Range %q", ErrInvalidResponse, spec, total, cr)
		}
		if resp.ContentLength >= 0 && resp.ContentLength != l-f+1 {
			return fmt.Errorf("%w: Content-Range %q with Content-Length %d", ErrInvalidResponse, cr, resp.ContentLength)
		}
		if resp.ContentLength < 0 {
			// Sent chunked: only Content-Range says where the body ends,
			// so hold it to that (net/http does it for a Content-Length).
			resp.ContentLength = l - f + 1
			resp.Body = &rangeBody{ReadCloser: resp.Body, left: l - f + 1, cr: cr}
		}
	case http.StatusOK:
		// The whole object: right only if that is what spec names (an
		// empty object holds no bytes of any range).
		size := resp.ContentLength
		if size < 0 {
			return fmt.Errorf("%w: asked for %s, got the whole object of unknown length", ErrInvalidResponse, spec)
		}
		if wf, wl := resolveRange(first, last, size); size > 0 && (wf != 0 || wl != size-1) {
			return fmt.Errorf("%w: asked for %s, got the whole object of %d bytes (200)", ErrInvalidResponse, spec, size)
		}
	default:
		return fmt.Errorf("%w: status %d for a ranged GET", ErrInvalidResponse, resp.StatusCode)
	}
	return nil
}

// rangeBody is the body of a 206 of unknown length, held to the length
// its Content-Range names: a shorter one ends in io.ErrUnexpectedEOF, a
// longer one in ErrInvalidResponse, never in other bytes.
type rangeBody struct {
	io.ReadCloser
	left int64
	cr   string
}

func (b *rangeBody) Read(p []byte) (int, error) {
	if b.left <= 0 {
		var one [1]byte
		n, err := b.ReadCloser.Read(one[:])
		if n > 0 {
			return 0, fmt.Errorf("%w: the body runs past Content-Range %q", ErrInvalidResponse, b.cr)
		}
		if err == nil {
			return 0, nil
		}
		return 0, io.EOF
	}
	if int64(len(p)) > b.left {
		p = p[:b.left]
	}
	n, err := b.ReadCloser.Read(p)
	b.left -= int64(n)
	if err == io.EOF && b.left > 0 {
		err = io.ErrUnexpectedEOF
	}
	if err == io.EOF {
		err = nil // the next Read checks that nothing follows
	}
	return n, err
}
