package xmlutil

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"time"
)

// ScanDecoder is a document that decodes itself from a Scanner, the way
// encoding/xml would unmarshal its wire struct, but allocating only the
// values it keeps.
type ScanDecoder interface {
	// DecodeXML reads the root element, whose start tag s has just read,
	// through its end tag, with Child, Text and Skip, and returns s.Err()
	// or the first value that did not parse.
	DecodeXML(s *Scanner) error
}

// Scan reads one document from r within lim, like DecodeReader, but
// decodes a root other than <Error> with v's Scanner decoder instead of
// encoding/xml. The results and errors are DecodeReader's.
func Scan(r io.Reader, v ScanDecoder, lim Limits) (errDoc ErrorDoc, isError, empty bool, err error) {
	return decodeRoot(r, lim, false, func(s *Scanner) error {
		err := v.DecodeXML(s)
		if err == nil && s.depth != 0 {
			err = errScanDecoder
		}
		return err
	})
}

// decodeRoot reads the document's prolog and hands its root element to
// decode, or decodes it as ErrorDoc when it is <Error>. keepAttrs keeps
// attributes for encoding/xml's tokens.
func decodeRoot(r io.Reader, lim Limits, keepAttrs bool, decode func(*Scanner) error) (errDoc ErrorDoc, isError, empty bool, err error) {
	s := newScanner(r, lim)
	defer s.release()
	s.keepAttrs = keepAttrs
	for {
		switch s.next() {
		case kindNone:
			if s.err == io.EOF {
				if !s.content {
					return errDoc, false, true, nil
				}
				// Text or markup but no element: a broken document. A
				// cut body is a read error, so io.EOF is not wrapped
				// (it would make the answer look like a dropped
				// connection, worth another attempt).
				return errDoc, false, false, fmt.Errorf("xmlutil: no root element: %w: only text or markup", ErrInvalid)
			}
			return errDoc, false, false, docError(&s.cr, "no root element", s.err)
		case kindStart:
			if string(s.Local()) == "Error" {
				if err := errDoc.decodeXML(s); err != nil {
					return errDoc, true, false, docError(&s.cr, "error document", err)
				}
				return errDoc, true, false, nil
			}
			s.root = append(s.root[:0], s.Local()...)
			if err := decode(s); err != nil {
				return errDoc, false, false, docError(&s.cr, "decode "+string(s.root), err)
			}
			return errDoc, false, false, nil
		}
	}
}

// decodeXML reads an <Error> document as encoding/xml fills ErrorDoc.
func (e *ErrorDoc) decodeXML(s *Scanner) error {
	e.XMLName = s.RootName()
	for s.Child() {
		switch string(s.Local()) {
		case "Code":
			s.String(&e.Code)
		case "Message":
			s.String(&e.Message)
		case "Resource":
			s.String(&e.Resource)
		case "RequestId":
			s.String(&e.RequestID)
		case "TraceId":
			s.String(&e.TraceID)
		default:
			s.Skip()
		}
	}
	return s.Err()
}

// Err is the first error the Scanner met, nil at the end of an element
// read without one.
func (s *Scanner) Err() error {
	if s.err == io.EOF {
		return nil
	}
	return s.err
}

// Fail stops the decoding with err (a value that did not parse), unless
// an error came first.
func (s *Scanner) Fail(err error) {
	if s.err == nil || s.err == io.EOF {
		s.err = err
	}
}

// Local is the local name (after any prefix) of the element whose start
// tag was read last.
func (s *Scanner) Local() []byte {
	e := s.open[s.depth-1]
	return s.names[e.local:e.end]
}

// RootName is the root element's name as encoding/xml gives it to an
// XMLName field: the name space URL its prefix (or its default, xmlns)
// is bound to by the root's own attributes, else the prefix itself. Call
// it while the root's start tag is the last one read.
func (s *Scanner) RootName() xml.Name {
	e := s.open[0]
	local := string(s.names[e.local:e.end])
	var prefix string
	if e.local > e.start {
		prefix = string(s.names[e.start : e.local-1])
	}
	switch {
	case prefix == "xmlns":
		return xml.Name{Space: prefix, Local: local}
	case prefix == "xml":
		return xml.Name{Space: "http://www.w3.org/XML/1998/namespace", Local: local}
	case prefix == "" && local == "xmlns":
		return xml.Name{Local: local}
	case s.rootNS:
		return xml.Name{Space: string(s.rootSpace), Local: local}
	}
	return xml.Name{Space: prefix, Local: local}
}

// ExpectRoot fails unless the root element is named local, as an XMLName
// field tagged with that name makes encoding/xml fail.
func (s *Scanner) ExpectRoot(local string) error {
	if got := s.Local(); string(got) != local {
		return fmt.Errorf("expected element type <%s> but have <%s>", local, got)
	}
	return nil
}

// Child reads up to the next child element of the element last opened
// and returns true at its start tag, which the caller must consume with
// Text, Skip or a loop of Child. It returns false after the element's end
// tag, or on an error (see Err). Text directly inside is ignored.
func (s *Scanner) Child() bool {
	for {
		switch s.next() {
		case kindStart:
			return true
		case kindEnd, kindNone:
			return false
		}
	}
}

// Skip reads the element just started through its end tag.
func (s *Scanner) Skip() {
	depth := 0
	for {
		switch s.next() {
		case kindStart:
			depth++
		case kindEnd:
			if depth == 0 {
				return
			}
			depth--
		case kindNone:
			return
		}
	}
}

// Text reads the element just started through its end tag and returns
// the character data directly inside it, child elements skipped: what
// encoding/xml puts in a string field or hands to UnmarshalText. The
// bytes are valid until the next call; nil after an error.
func (s *Scanner) Text() []byte {
	s.val = s.val[:0]
	first := true
	depth := 0
	for {
		switch s.next() {
		case kindText:
			switch {
			case depth > 0:
			case first:
				// Take the text's buffer rather than copy it: the usual
				// element has one run of text.
				s.val, s.text = s.text, s.val
				first = false
			default:
				s.val = append(s.val, s.text...)
			}
		case kindStart:
			depth++
		case kindEnd:
			if depth == 0 {
				return s.val
			}
			depth--
		case kindNone:
			return nil
		}
	}
}

// String sets *dst to the element's text. A value equal to *dst keeps the
// string it has, so a value repeated from entry to entry (an owner, a
// storage class) is allocated once.
func (s *Scanner) String(dst *string) {
	if b := s.Text(); s.err == nil && string(b) != *dst {
		*dst = string(b)
	}
}

// Int sets *dst to the element's text as encoding/xml reads an int field:
// empty is 0, otherwise space-trimmed decimal within bits bits.
func (s *Scanner) Int(dst *int64, bits int) {
	b := s.Text()
	if s.err != nil {
		return
	}
	n, err := ParseInt(b, bits)
	if err != nil {
		s.Fail(err)
		return
	}
	*dst = n
}

// ParseInt reads b as encoding/xml reads an integer field of bits bits:
// empty is 0, otherwise strconv.ParseInt of the space-trimmed text.
func ParseInt(b []byte, bits int) (int64, error) {
	if len(b) == 0 {
		return 0, nil
	}
	t := bytes.TrimSpace(b)
	if len(t) > 0 && (len(t) <= 9 && bits >= 32 || len(t) <= 18 && bits == 64) {
		var n int64
		digits := true
		for _, c := range t {
			if c < '0' || c > '9' {
				digits = false
				break
			}
			n = n*10 + int64(c-'0')
		}
		if digits {
			return n, nil
		}
	}
	return strconv.ParseInt(string(t), 10, bits)
}

// Bool sets *dst to the element's text as encoding/xml reads a bool
// field: empty is false, otherwise strconv.ParseBool of the trimmed text.
func (s *Scanner) Bool(dst *bool) {
	b := s.Text()
	if s.err != nil {
		return
	}
	if len(b) == 0 {
		*dst = false
		return
	}
	switch t := bytes.TrimSpace(b); string(t) {
	case "1", "t", "T", "TRUE", "true", "True":
		*dst = true
	case "0", "f", "F", "FALSE", "false", "False":
		*dst = false
	default:
		_, err := strconv.ParseBool(string(t))
		s.Fail(err)
	}
}

// Time sets *dst from the element's text as encoding/xml fills a
// time.Time field: RFC 3339 through UnmarshalText, empty included.
func (s *Scanner) Time(dst *time.Time) {
	b := s.Text()
	if s.err != nil {
		return
	}
	if err := dst.UnmarshalText(b); err != nil {
		s.Fail(err)
	}
}

// errScanDecoder marks a ScanDecoder that returned without reading its
// element to the end.
var errScanDecoder = errors.New("xmlutil: decoder left its element open")
