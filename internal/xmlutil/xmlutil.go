// Package xmlutil holds the XML plumbing shared by the cos package: bounded
// decoding, <Error> detection on any status, and the COS error document.
package xmlutil

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/url"
)

// ErrorDoc is the COS <Error> document.
type ErrorDoc struct {
	XMLName   xml.Name `xml:"Error"`
	Code      string   `xml:"Code"`
	Message   string   `xml:"Message"`
	Resource  string   `xml:"Resource"`
	RequestID string   `xml:"RequestId"`
	TraceID   string   `xml:"TraceId"`
}

// ErrDocumentTooLarge is returned when a body exceeds its cap.
var ErrDocumentTooLarge = errors.New("xmlutil: document exceeds size limit")

// ReadBounded reads r up to limit bytes and reports ErrDocumentTooLarge
// when more remain.
func ReadBounded(r io.Reader, limit int64) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return b, err
	}
	if int64(len(b)) > limit {
		return b[:limit], ErrDocumentTooLarge
	}
	return b, nil
}

// ParseError decodes an <Error> document within the limits of an error
// body. ok is false when body is not one (empty, not XML, another root
// element, or over a limit).
func ParseError(body []byte) (doc ErrorDoc, ok bool) {
	doc, isErr, _, err := DecodeReader(bytes.NewReader(body), nil, Limits{MaxBytes: MaxErrorBody})
	return doc, isErr && err == nil
}

// RootName returns the local name of the first element of an XML document,
// skipping the declaration, comments and leading whitespace (COS writes
// spaces while it merges a multipart upload).
func RootName(body []byte) (string, error) {
	d := xml.NewDecoder(bytes.NewReader(body))
	for {
		tok, err := d.Token()
		if err != nil {
			return "", err
		}
		if se, ok := tok.(xml.StartElement); ok {
			return se.Name.Local, nil
		}
	}
}

// Decode unmarshals a whole success document into v, within the depth,
// attribute and token limits. If the root element is <Error>, it returns
// the parsed document and isError true instead, so a 200 that carries an
// error is never mistaken for success. See DecodeReader.
func Decode(body []byte, v any) (errDoc ErrorDoc, isError bool, err error) {
	errDoc, isError, empty, err := DecodeReader(bytes.NewReader(body), v, Limits{MaxBytes: int64(len(body)) + 1})
	if empty && err == nil {
		return errDoc, false, fmt.Errorf("xmlutil: no root element: %w", io.EOF)
	}
	return errDoc, isError, err
}

// Marshal encodes v without an XML declaration (COS needs none).
func Marshal(v any) ([]byte, error) {
	return xml.Marshal(v)
}

// URLDecode percent-decodes a value from a listing sent with
// encoding-type=url. Only %XX sequences are decoded: "+" stays "+", as COS
// writes a space as %20. A malformed escape is an error, never passed on.
func URLDecode(s string) (string, error) {
	return url.PathUnescape(s)
}

// URLDecodeAll decodes each pointed-to string in place, stopping at the
// first malformed value.
func URLDecodeAll(ps ...*string) error {
	for _, p := range ps {
		if p == nil || *p == "" {
			continue
		}
		v, err := URLDecode(*p)
		if err != nil {
			return fmt.Errorf("xmlutil: url-decoding %q: %w", *p, err)
		}
		*p = v
	}
	return nil
}
