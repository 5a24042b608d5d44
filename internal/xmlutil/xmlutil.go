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

// MaxErrorBody caps how much of an error body is read, so a hostile or
// broken server cannot make the client allocate without bound.
const MaxErrorBody = 1 << 20

// MaxDocument caps a success document (a 1000-key listing is ~1 MiB).
const MaxDocument = 64 << 20

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

// ParseError decodes an <Error> document. ok is false when body is not one
// (empty, not XML, or another root element).
func ParseError(body []byte) (doc ErrorDoc, ok bool) {
	root, err := RootName(body)
	if err != nil || root != "Error" {
		return doc, false
	}
	if err := xml.Unmarshal(body, &doc); err != nil {
		return doc, false
	}
	return doc, true
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

// Decode unmarshals a success document into v. If the root element is
// <Error>, it returns the parsed document and isError true instead, so a
// 200 that carries an error is never mistaken for success.
func Decode(body []byte, v any) (errDoc ErrorDoc, isError bool, err error) {
	root, err := RootName(body)
	if err != nil {
		return errDoc, false, fmt.Errorf("xmlutil: no root element: %w", err)
	}
	if root == "Error" {
		if err := xml.Unmarshal(body, &errDoc); err != nil {
			return errDoc, true, fmt.Errorf("xmlutil: error document: %w", err)
		}
		return errDoc, true, nil
	}
	if v == nil {
		return errDoc, false, nil
	}
	if err := xml.Unmarshal(body, v); err != nil {
		return errDoc, false, fmt.Errorf("xmlutil: decode %s: %w", root, err)
	}
	return errDoc, false, nil
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
