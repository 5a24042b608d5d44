package costest

import (
	"bufio"
	"bytes"
	"compress/bzip2"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync/atomic"
)

// Reading the object of a Select: decompression, CSV records and JSON
// records.

// Data error codes (S3 Select's; COS's are not documented, see
// choices.go). Before the first event they are a 400 answer, after it an
// error event.
const (
	codeCSVParse    = "CSVParsingError"
	codeJSONParse   = "JSONParsingError"
	codeCompression = "InvalidCompressionFormat"
)

// countingReader counts the bytes read through it; the count may be read
// from another goroutine.
type countingReader struct {
	r io.Reader
	n atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// openInput decompresses data. counts reports the stored bytes read so far
// (BytesScanned) and the uncompressed bytes (BytesProcessed).
func openInput(data []byte, compression string) (io.Reader, func() selectCounts, *Error) {
	scanned := &countingReader{r: bytes.NewReader(data)}
	var plain io.Reader
	switch compression {
	case "GZIP":
		zr, err := gzip.NewReader(scanned)
		if err != nil {
			return nil, nil, errorf(http.StatusBadRequest, codeCompression, "The object is not GZIP data: %v.", err)
		}
		plain = zr
	case "BZIP2":
		plain = bzip2.NewReader(scanned)
	default:
		plain = scanned
	}
	processed := &countingReader{r: plain}
	counts := func() selectCounts {
		return selectCounts{scanned: scanned.n.Load(), processed: processed.n.Load()}
	}
	return &decompressErrors{r: processed, compression: compression}, counts, nil
}

// decompressErrors turns a failure of the decompressor into a data error
// with COS's (S3's) code.
type decompressErrors struct {
	r           io.Reader
	compression string
}

// errData is a data error met while reading records.
type errData struct{ e *Error }

func (d errData) Error() string { return d.e.Message }

func (d *decompressErrors) Read(p []byte) (int, error) {
	n, err := d.r.Read(p)
	if err != nil && err != io.EOF && d.compression != "NONE" {
		err = errData{errorf(http.StatusBadRequest, codeCompression, "The object is not valid %s data: %v.", d.compression, err)}
	}
	return n, err
}

// dataError converts a read failure into the Select error to send.
func dataError(err error, code string) *Error {
	var d errData
	if errors.As(err, &d) {
		return d.e
	}
	return errorf(http.StatusBadRequest, code, "%v", err)
}

// csvFormat is the CSV dialect of the input (defaults applied).
type csvFormat struct {
	record, field, quote, escape, comment []byte
	allowQuotedRecord                     bool
}

// csvReader splits records. A quoted field may hold field delimiters and,
// with allowQuotedRecord, record delimiters; inside quotes, escape+quote
// (or a doubled quote when they are the same) is a literal quote. Empty
// lines and lines starting with the comment character are skipped.
type csvReader struct {
	src    io.Reader
	buf    []byte // buf[pos:] is unread
	pos    int
	err    error // the source's error (io.EOF at the end), once met
	f      csvFormat
	escQ   []byte
	window int // the longest delimiter sequence to look at
	n      int // records returned, for messages
}

func newCSVReader(r io.Reader, f csvFormat) *csvReader {
	cr := &csvReader{src: r, f: f, escQ: append(append([]byte{}, f.escape...), f.quote...), buf: make([]byte, 0, 64<<10)}
	cr.window = max(len(f.record), len(f.field), len(cr.escQ), 2*len(f.quote), len(f.comment), 1)
	return cr
}

// fill returns the unread bytes, at least window of them unless the
// source has ended or failed.
func (cr *csvReader) fill() []byte {
	for len(cr.buf)-cr.pos < cr.window && cr.err == nil {
		n := copy(cr.buf[:cap(cr.buf)], cr.buf[cr.pos:])
		cr.buf, cr.pos = cr.buf[:n], 0
		m, err := cr.src.Read(cr.buf[n:cap(cr.buf)])
		cr.buf, cr.err = cr.buf[:n+m], err
	}
	return cr.buf[cr.pos:]
}

func (cr *csvReader) parseError(format string, args ...any) error {
	return errData{errorf(http.StatusBadRequest, codeCSVParse, "Record %d: "+format, append([]any{cr.n + 1}, args...)...)}
}

// next returns the next record's fields, or io.EOF.
func (cr *csvReader) next() ([]string, error) {
	var fields []string
	var cur []byte
	inQuote, inComment, fieldStart, seen := false, false, true, false
	for {
		win := cr.fill()
		if len(win) == 0 {
			switch {
			case cr.err != io.EOF:
				return nil, cr.err
			case inQuote:
				return nil, cr.parseError("a quoted field is not terminated.")
			case !seen:
				return nil, io.EOF
			}
			cr.n++
			return append(fields, string(cur)), nil
		}
		// Look at whole delimiter sequences only: stop window bytes short
		// of the end unless the source has ended.
		last := len(win) - cr.window
		if cr.err != nil {
			last = len(win) - 1
		}
		i := 0
		for i <= last {
			w, step := win[i:], 1
			switch {
			case inComment:
				if bytes.HasPrefix(w, cr.f.record) {
					inComment, step = false, len(cr.f.record)
				}
			case inQuote && !bytes.Equal(cr.f.escape, cr.f.quote) && bytes.HasPrefix(w, cr.escQ):
				cur, step = append(cur, cr.f.quote...), len(cr.escQ)
			case inQuote && bytes.HasPrefix(w, cr.f.quote):
				step = len(cr.f.quote)
				if bytes.Equal(cr.f.escape, cr.f.quote) && bytes.HasPrefix(w[step:], cr.f.quote) {
					cur, step = append(cur, cr.f.quote...), 2*step
				} else {
					inQuote = false
				}
			case inQuote && !cr.f.allowQuotedRecord && bytes.HasPrefix(w, cr.f.record):
				return nil, cr.parseError("a quoted field holds the record delimiter; set AllowQuotedRecordDelimiter to TRUE to allow it.")
			case inQuote:
				cur = append(cur, w[0])
			case !seen && len(cr.f.comment) > 0 && bytes.HasPrefix(w, cr.f.comment):
				inComment, step = true, len(cr.f.comment)
			case bytes.HasPrefix(w, cr.f.field):
				fields, cur, fieldStart, seen, step = append(fields, string(cur)), nil, true, true, len(cr.f.field)
			case bytes.HasPrefix(w, cr.f.record):
				i += len(cr.f.record)
				if !seen { // an empty line
					continue
				}
				cr.pos += i
				cr.n++
				return append(fields, string(cur)), nil
			case fieldStart && bytes.HasPrefix(w, cr.f.quote):
				inQuote, fieldStart, seen, step = true, false, true, len(cr.f.quote)
			default:
				cur, fieldStart, seen = append(cur, w[0]), false, true
			}
			i += step
		}
		cr.pos += i
	}
}

// jsonValue is a decoded JSON value that keeps object keys in order, so
// SELECT * returns records as they were written.
type jsonValue struct {
	kind  byte // 'o' object, 'a' array, 's' string, 'n' number, 'b' bool, 'z' null
	keys  []string
	vals  []*jsonValue // object values, or array elements
	str   string       // string, or number text
	truth bool
}

const maxJSONDepth = 512

// decodeJSON reads one value from dec (which has UseNumber set).
func decodeJSON(dec *json.Decoder, depth int) (*jsonValue, error) {
	if depth > maxJSONDepth {
		return nil, fmt.Errorf("JSON nested deeper than %d levels", maxJSONDepth)
	}
	t, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch v := t.(type) {
	case json.Delim:
		if v != '{' && v != '[' {
			return nil, fmt.Errorf("unexpected %q", v)
		}
		out := &jsonValue{kind: 'a'}
		if v == '{' {
			out.kind = 'o'
		}
		for dec.More() {
			if out.kind == 'o' {
				k, err := dec.Token()
				if err != nil {
					return nil, err
				}
				out.keys = append(out.keys, k.(string))
			}
			x, err := decodeJSON(dec, depth+1)
			if err != nil {
				return nil, err
			}
			out.vals = append(out.vals, x)
		}
		if _, err := dec.Token(); err != nil { // the closing delimiter
			return nil, err
		}
		return out, nil
	case string:
		return &jsonValue{kind: 's', str: v}, nil
	case json.Number:
		return &jsonValue{kind: 'n', str: v.String()}, nil
	case bool:
		return &jsonValue{kind: 'b', truth: v}, nil
	}
	return &jsonValue{kind: 'z'}, nil
}

// jsonReader returns JSON records: each top-level value (DOCUMENT), each
// non-blank line (LINES), or with FROM COSObject[*] each element of the
// top-level arrays.
type jsonReader struct {
	lines     bool
	br        *bufio.Reader
	dec       *json.Decoder
	iterArray bool
	queue     []*jsonValue
	n         int
}

func newJSONReader(r io.Reader, lines, iterArray bool) *jsonReader {
	jr := &jsonReader{lines: lines, iterArray: iterArray, br: bufio.NewReaderSize(r, 64<<10)}
	if !lines {
		jr.dec = json.NewDecoder(jr.br)
		jr.dec.UseNumber()
	}
	return jr
}

func (jr *jsonReader) next() (*jsonValue, error) {
	for len(jr.queue) == 0 {
		v, err := jr.value()
		if err != nil {
			return nil, err
		}
		jr.n++
		if !jr.iterArray {
			return v, nil
		}
		if v.kind != 'a' {
			return nil, errData{errorf(http.StatusBadRequest, codeJSONParse, "Value %d is not an array, as FROM COSObject[*] needs.", jr.n)}
		}
		jr.queue = v.vals
	}
	v := jr.queue[0]
	jr.queue = jr.queue[1:]
	return v, nil
}

// value reads the next top-level value, or io.EOF.
func (jr *jsonReader) value() (*jsonValue, error) {
	bad := func(err error) error {
		var d errData
		if errors.As(err, &d) {
			return d
		}
		return errData{errorf(http.StatusBadRequest, codeJSONParse, "JSON value %d: %v.", jr.n+1, err)}
	}
	if !jr.lines {
		if !jr.dec.More() {
			_, err := jr.dec.Token()
			switch {
			case err == io.EOF:
				return nil, io.EOF
			case err == nil:
				err = fmt.Errorf("unexpected closing delimiter")
			}
			return nil, bad(err)
		}
		v, err := decodeJSON(jr.dec, 0)
		if err != nil {
			return nil, bad(err)
		}
		return v, nil
	}
	for {
		line, err := jr.br.ReadBytes('\n')
		if len(bytes.TrimSpace(line)) > 0 {
			dec := json.NewDecoder(bytes.NewReader(line))
			dec.UseNumber()
			v, derr := decodeJSON(dec, 0)
			if derr == nil && dec.More() {
				derr = fmt.Errorf("more than one value on the line")
			}
			if derr != nil {
				return nil, bad(derr)
			}
			return v, nil
		}
		if err == io.EOF {
			return nil, io.EOF
		}
		if err != nil {
			return nil, bad(err)
		}
	}
}
