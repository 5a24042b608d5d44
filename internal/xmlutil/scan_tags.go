package xmlutil

import (
	"bytes"
	"encoding/xml"
	"io"
	"strings"
	"unicode/utf8"
)

// The Scanner's names and tags: start and end tags with their attributes,
// read by encoding/xml's rules, and the counting of depth, attributes and
// entries as elements open.

// nameBytes marks the bytes encoding/xml reads as part of a name: ASCII
// letters, digits, '_', ':', '.', '-', and every byte of a multi-byte
// character (whose validity isName checks afterwards).
var nameBytes = func() (t [256]bool) {
	for c := range 256 {
		t[c] = 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' ||
			c == '_' || c == ':' || c == '.' || c == '-' || c >= utf8.RuneSelf
	}
	return t
}()

// readName appends the bytes of a name to dst. ok is false, with s.err
// unset, when the next byte cannot start one.
func (s *Scanner) readName(dst []byte) ([]byte, bool) {
	b, ok := s.mustgetc()
	if !ok {
		return dst, false
	}
	if !nameBytes[b] {
		s.ungetc()
		return dst, false
	}
	dst = append(dst, b)
	for {
		i := s.r
		for i < s.w && nameBytes[s.buf[i]] {
			i++
		}
		dst = append(dst, s.buf[s.r:i]...)
		s.r = i
		if i < s.w {
			return dst, true
		}
		if b, ok = s.mustgetc(); !ok {
			return dst, false
		}
		if !nameBytes[b] {
			s.ungetc()
			return dst, true
		}
		dst = append(dst, b)
	}
}

// splitName returns where the local part of a raw name starts, as
// encoding/xml splits "prefix:local"; ok is false for a name with more
// than one colon, which it refuses.
func splitName(name []byte) (local int, ok bool) {
	i := bytes.IndexByte(name, ':')
	if i < 0 {
		return 0, true
	}
	if bytes.IndexByte(name[i+1:], ':') >= 0 {
		return 0, false
	}
	if i == 0 || i == len(name)-1 {
		return 0, true // ":a" and "a:" are local names
	}
	return i + 1, true
}

// readValidName reads a name into dst and checks it, reporting what
// (an element name, a target) was expected when none came.
func (s *Scanner) readValidName(dst []byte, what string) ([]byte, bool) {
	start := len(dst)
	dst, ok := s.readName(dst)
	if !ok {
		if s.err == nil || s.err == io.EOF {
			s.syntax("expected %s", what)
		}
		return dst, false
	}
	if !isName(dst[start:]) {
		s.syntax("invalid XML name: %q", dst[start:])
		return dst, false
	}
	return dst, true
}

// endTag reads "</name>" after its "</" and closes the open element.
func (s *Scanner) endTag() kind {
	if s.depth > 0 {
		// The usual case, the open element's name and ">" in the buffer,
		// without reading the name again: it was checked at the start tag.
		top := s.open[s.depth-1]
		name := s.names[top.start:top.end]
		if rest := s.buf[s.r:s.w]; len(rest) > len(name) && rest[len(name)] == '>' && bytes.Equal(rest[:len(name)], name) {
			s.r += len(name) + 1
			s.pop()
			return kindEnd
		}
	}
	var ok bool
	if s.endName, ok = s.readValidName(s.endName[:0], "element name after </"); !ok {
		return kindNone
	}
	if _, ok := splitName(s.endName); !ok {
		s.syntax("expected element name after </")
		return kindNone
	}
	s.space()
	b, ok := s.mustgetc()
	if !ok {
		return kindNone
	}
	if b != '>' {
		s.syntax("invalid characters between </%s and >", s.endName)
		return kindNone
	}
	if s.depth == 0 {
		s.syntax("unexpected end element </%s>", s.endName)
		return kindNone
	}
	if top := s.open[s.depth-1]; !bytes.Equal(s.names[top.start:top.end], s.endName) {
		s.syntax("element <%s> closed by </%s>", s.names[top.start:top.end], s.endName)
		return kindNone
	}
	s.pop()
	return kindEnd
}

// pop closes the innermost open element.
func (s *Scanner) pop() {
	s.depth--
	s.closed = s.open[s.depth]
	s.names = s.names[:s.closed.start]
}

// startTag reads "<name attr='v' ...>" or "<name/>" after its "<", opens
// the element, and counts it when it is one of the page's entries.
func (s *Scanner) startTag() kind {
	if s.depth >= MaxDepth {
		s.limit("elements nested deeper than %d", MaxDepth)
		return kindNone
	}
	start := len(s.names)
	var ok bool
	if s.names, ok = s.readValidName(s.names, "element name after <"); !ok {
		return kindNone
	}
	local, ok := splitName(s.names[start:])
	if !ok {
		s.syntax("expected element name after <")
		return kindNone
	}
	e := element{start: start, local: start + local, end: len(s.names)}
	s.attrs, s.attrBuf = s.attrs[:0], s.attrBuf[:0]
	if !s.attributes(e) {
		return kindNone
	}
	s.open[s.depth] = e
	s.depth++
	if !s.countEntry() {
		return kindNone
	}
	return kindStart
}

// attributes reads the attributes of the start tag of e and its end, ">"
// or "/>". Their values are checked like text and dropped; the root's
// name space declarations are kept for RootName.
func (s *Scanner) attributes(e element) bool {
	prefix := []byte(nil)
	if e.local > e.start {
		prefix = s.names[e.start : e.local-1]
	}
	if s.r < s.w && s.buf[s.r] == '>' { // no attributes, the usual case
		s.r++
		return true
	}
	for n := 0; ; n++ {
		s.space()
		b, ok := s.mustgetc()
		if !ok {
			return false
		}
		if b == '/' {
			if b, ok = s.mustgetc(); !ok {
				return false
			}
			if b != '>' {
				s.syntax("expected /> in element")
				return false
			}
			s.closing = true
			return true
		}
		if b == '>' {
			return true
		}
		if n == MaxAttrs {
			s.limit("element <%s> has more than %d attributes", s.names[e.local:e.end], MaxAttrs)
			return false
		}
		s.ungetc()
		if s.scratch, ok = s.readValidName(s.scratch[:0], "attribute name in element"); !ok {
			return false
		}
		local, ok := splitName(s.scratch)
		if !ok {
			s.syntax("expected attribute name in element")
			return false
		}
		s.space()
		if b, ok = s.mustgetc(); !ok {
			return false
		}
		if b != '=' {
			s.syntax("attribute name without = in element")
			return false
		}
		s.space()
		if b, ok = s.mustgetc(); !ok {
			return false
		}
		if b != '"' && b != '\'' {
			s.syntax("unquoted or missing attribute value in element")
			return false
		}
		root := s.depth == 0 && s.declaresRootSpace(prefix, local)
		if s.keepAttrs {
			s.keepAttrName(local)
		}
		if !s.attrValue(b) {
			return false
		}
		if root {
			s.rootSpace, s.rootNS = append(s.rootSpace[:0], s.attrVal...), true
		}
		if s.keepAttrs {
			s.keepAttrValue()
		}
	}
}

// attrValue reads an attribute value up to its closing quote into
// s.attrVal, leaving s.text (which Text may be holding) alone.
func (s *Scanner) attrValue(quote byte) bool {
	s.text, s.attrVal = s.attrVal, s.text
	ok := s.readText(int(quote), false)
	s.text, s.attrVal = s.attrVal, s.text
	return ok
}

// declaresRootSpace reports whether the attribute named s.scratch (local
// part from local) binds the root's prefix: xmlns="..." for a root
// without one, xmlns:p="..." for a root named p:name.
func (s *Scanner) declaresRootSpace(prefix []byte, local int) bool {
	name := s.scratch
	if local == 0 {
		return len(prefix) == 0 && string(name) == "xmlns"
	}
	return string(name[:local-1]) == "xmlns" && len(prefix) > 0 && bytes.Equal(name[local:], prefix)
}

// countEntry counts the element just opened against every entry limit
// whose path (below the root) it ends.
func (s *Scanner) countEntry() bool {
	if s.depth < 64 && s.entryDepths&(1<<s.depth) == 0 {
		return true
	}
	for i, e := range s.lim.Entries {
		for _, p := range e.Paths {
			if !s.atPath(p) {
				continue
			}
			if s.counts[i]++; s.counts[i] > e.Max {
				s.limit("more than %d entries (%s)", e.Max, joinList(e.Paths))
				return false
			}
		}
	}
	return true
}

// atPath reports whether the open elements below the root are the
// "/"-separated local names of p. It compares from the element just
// opened, so most elements fail at once.
func (s *Scanner) atPath(p string) bool {
	for i := s.depth - 1; i >= 1; i-- {
		e := s.open[i]
		j := strings.LastIndexByte(p, '/')
		if string(s.names[e.local:e.end]) != p[j+1:] {
			return false
		}
		if j < 0 {
			return i == 1
		}
		p = p[:j]
	}
	return false
}

func joinList(ps []string) string {
	var b bytes.Buffer
	for i, p := range ps {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(p)
	}
	return b.String()
}

// isName reports whether a name read by readName is an XML name: ASCII
// names are checked here; one with other characters is checked by
// encoding/xml itself (its tables of name characters are not exported),
// which costs an allocation for such rare names only.
func isName(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	ascii := true
	for _, c := range b {
		if c >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if !ascii {
		pi := append(append([]byte("<?"), b...), "?>"...)
		_, err := xml.NewDecoder(bytes.NewReader(pi)).RawToken()
		return err == nil
	}
	c := b[0]
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || c == '_' || c == ':'
}
