package xmlutil

import (
	"encoding/xml"
	"io"
)

// DecodeReader's documents (configurations and results of single calls)
// are unmarshalled by encoding/xml, with the Scanner as its token source:
// the tokens are what encoding/xml's own RawToken would give, and the
// limits are counted as they are read.

// attrSpan is an attribute of the last start tag: its raw name is
// attrBuf[start:end] (local part from local), its value attrBuf[val:valEnd].
type attrSpan struct {
	element
	val, valEnd int
}

// keepAttrName records the attribute name in s.scratch (local part from
// local) for the token source.
func (s *Scanner) keepAttrName(local int) {
	start := len(s.attrBuf)
	s.attrBuf = append(s.attrBuf, s.scratch...)
	s.attrs = append(s.attrs, attrSpan{element: element{start: start, local: start + local, end: len(s.attrBuf)}})
}

// keepAttrValue records the value just read for the last attribute.
func (s *Scanner) keepAttrValue() {
	a := &s.attrs[len(s.attrs)-1]
	a.val = len(s.attrBuf)
	s.attrBuf = append(s.attrBuf, s.attrVal...)
	a.valEnd = len(s.attrBuf)
}

// maxCachedNames bounds the element names a pooled Scanner remembers.
const maxCachedNames = 512

// str returns b as a string, sharing the strings of names seen before.
func (s *Scanner) str(b []byte) string {
	if v, ok := s.nameCache[string(b)]; ok {
		return v
	}
	v := string(b)
	if len(b) <= 64 && len(s.nameCache) < maxCachedNames {
		if s.nameCache == nil {
			s.nameCache = make(map[string]string)
		}
		s.nameCache[v] = v
	}
	return v
}

// rawName is the name of e in b as RawToken gives it: the prefix, not
// yet translated, as its Space.
func (s *Scanner) rawName(b []byte, e element) xml.Name {
	if e.local > e.start {
		return xml.Name{Space: s.str(b[e.start : e.local-1]), Local: s.str(b[e.local:e.end])}
	}
	return xml.Name{Local: s.str(b[e.start:e.end])}
}

// tokenSource is the xml.TokenReader over a Scanner. The root's start tag,
// already read by DecodeReader, comes first.
type tokenSource struct {
	s    *Scanner
	root bool
}

func (t *tokenSource) Token() (xml.Token, error) {
	s := t.s
	k := kindStart
	if t.root {
		t.root = false
	} else {
		k = s.next()
	}
	switch k {
	case kindStart:
		e := s.open[s.depth-1]
		start := xml.StartElement{Name: s.rawName(s.names, e), Attr: []xml.Attr{}}
		if len(s.attrs) > 0 {
			start.Attr = make([]xml.Attr, len(s.attrs))
			for i, a := range s.attrs {
				start.Attr[i] = xml.Attr{Name: s.rawName(s.attrBuf, a.element), Value: string(s.attrBuf[a.val:a.valEnd])}
			}
		}
		return start, nil
	case kindEnd:
		return xml.EndElement{Name: s.rawName(s.names[:s.closed.end], s.closed)}, nil
	case kindText:
		return xml.CharData(s.text), nil
	}
	if s.err == io.EOF {
		return nil, io.EOF
	}
	return nil, s.err
}
