package xmlutil

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"sync"
	"unicode/utf8"
)

// Scanner reads one XML document as a stream of start tags, end tags and
// character data, for the decoders of listing pages, which would otherwise
// spend most of their time and allocations in encoding/xml's tokens. It
// accepts exactly what an encoding/xml Decoder (Strict, no CharsetReader,
// no Entity map) accepts up to the end of the root element, which
// FuzzScannerTokens checks, and decodes within the same Limits as
// DecodeReader: the body's byte cap, MaxDepth, MaxAttrs, MaxTokenBytes,
// MaxTokens and the page's entries. Names and text go into buffers the
// Scanner reuses, so reading a document allocates nothing per token; a
// decoder allocates only the strings it keeps.
//
// The bytes a Scanner returns (Local, Text) are valid until its next call.
type Scanner struct {
	cr      capReader
	buf     []byte // read buffer
	r, w    int    // unread bytes are buf[r:w]
	base    int64  // document offset of buf[0]
	tok     int64  // document offset where the token being read began
	err     error  // sticky: the first error, io.EOF at the end
	pending error  // a read error that came with data, reported next

	lim    Limits
	counts []int // entries seen, per lim.Entries
	// entryDepths has bit d set when an entry path ends at depth d (the
	// root is depth 1), so elements at other depths are not compared.
	entryDepths uint64
	tokens      int

	// The open elements, root first; their raw names are back to back in
	// names.
	names   []byte
	open    [MaxDepth]element
	depth   int
	closing bool // the last start tag was "<a/>": its end comes next

	endName []byte // the raw name of the last end tag
	text    []byte // the last character data, decoded
	check   bool   // text holds bytes whose characters must be checked
	attrVal []byte // the last attribute value, decoded
	scratch []byte // attribute names and values, PI targets and bodies
	val     []byte // what Text returns
	root    []byte // the root's local name, for errors

	content   bool   // before the root: something other than white space
	rootSpace []byte // the name space the root's own attributes give it
	rootNS    bool   // rootSpace was declared
}

// element is an open element: its raw name is names[start:end], the local
// part from local.
type element struct{ start, local, end int }

// kind is what next read.
type kind uint8

const (
	kindNone  kind = iota // an error, in Scanner.err
	kindStart             // a start tag
	kindEnd               // an end tag
	kindText              // character data (text or CDATA)
)

// scanBuffer is how much of the body a Scanner reads at once.
const scanBuffer = 32 << 10

var scanners = sync.Pool{New: func() any { return &Scanner{buf: make([]byte, scanBuffer)} }}

// newScanner returns a pooled Scanner reading r within lim.
func newScanner(r io.Reader, lim Limits) *Scanner {
	s := scanners.Get().(*Scanner)
	s.cr = capReader{r: r, left: lim.Cap()}
	s.lim = lim
	s.counts = s.counts[:0]
	for range lim.Entries {
		s.counts = append(s.counts, 0)
	}
	s.entryDepths = 0
	for _, e := range lim.Entries {
		for _, p := range e.Paths {
			if d := 2 + strings.Count(p, "/"); d < 64 {
				s.entryDepths |= 1 << d
			}
		}
	}
	return s
}

// release returns s to the pool, dropping what a large document grew.
func (s *Scanner) release() {
	keep := func(b []byte) []byte {
		if cap(b) > 64<<10 {
			return nil
		}
		return b[:0]
	}
	*s = Scanner{buf: s.buf, counts: s.counts, names: keep(s.names), endName: keep(s.endName),
		text: keep(s.text), attrVal: keep(s.attrVal), scratch: keep(s.scratch), val: keep(s.val), root: s.root[:0], rootSpace: s.rootSpace[:0]}
	scanners.Put(s)
}

// syntax records a syntax error at the current offset.
func (s *Scanner) syntax(format string, args ...any) {
	if s.err == nil || s.err == io.EOF {
		s.err = fmt.Errorf("%w: XML syntax error at byte %d: %s", ErrInvalid, s.base+int64(s.r), fmt.Sprintf(format, args...))
	}
}

// limit records that the document went over a limit.
func (s *Scanner) limit(format string, args ...any) {
	if s.err == nil || s.err == io.EOF {
		s.err = fmt.Errorf("%w: %s", ErrInvalid, fmt.Sprintf(format, args...))
	}
}

// getc reads one byte; at the end of the body or on a read error it
// returns false with the reason in s.err.
func (s *Scanner) getc() (byte, bool) {
	if r := s.r; r < s.w {
		s.r = r + 1
		return s.buf[r], true
	}
	return s.fill()
}

// ungetc puts back the byte getc just returned.
func (s *Scanner) ungetc() { s.r-- }

// fill reads the next part of the body and returns its first byte. It is
// where the size of one token is checked: a token may not span more than
// MaxTokenBytes (give or take one buffer).
func (s *Scanner) fill() (byte, bool) {
	if s.err != nil {
		return 0, false
	}
	if s.pending != nil {
		s.err = s.pending
		return 0, false
	}
	if s.base+int64(s.w)-s.tok > MaxTokenBytes {
		s.err = errTokenTooLarge
		return 0, false
	}
	s.base += int64(s.w)
	s.r, s.w = 0, 0
	for range 100 {
		n, err := s.cr.Read(s.buf)
		if n > 0 {
			s.w, s.r = n, 1
			if err != nil && err != io.EOF {
				s.pending = err
			}
			return s.buf[0], true
		}
		if err != nil {
			s.err = err
			return 0, false
		}
	}
	s.err = io.ErrNoProgress
	return 0, false
}

// mustgetc is getc where the document may not end.
func (s *Scanner) mustgetc() (byte, bool) {
	b, ok := s.getc()
	if !ok && s.err == io.EOF {
		s.syntax("unexpected EOF")
	}
	return b, ok
}

// space skips white space.
func (s *Scanner) space() {
	for {
		b, ok := s.getc()
		if !ok {
			return
		}
		switch b {
		case ' ', '\r', '\n', '\t':
		default:
			s.ungetc()
			return
		}
	}
}

// count counts one token against MaxTokens.
func (s *Scanner) count() bool {
	if s.tokens++; s.tokens > MaxTokens {
		s.limit("more than %d tokens", MaxTokens)
		return false
	}
	return true
}

// next reads the next start tag, end tag or character data. Comments,
// processing instructions and directives are read, checked and counted,
// but not returned. At the end of the body it returns kindNone with
// s.err io.EOF, or a syntax error inside the root.
func (s *Scanner) next() kind {
	for {
		if s.err != nil {
			if s.err == io.EOF && s.depth > 0 {
				s.syntax("unexpected EOF")
			}
			return kindNone
		}
		if s.closing {
			s.closing = false
			if !s.count() {
				return kindNone
			}
			s.pop()
			return kindEnd
		}
		s.tok = s.base + int64(s.r)
		var b byte
		if s.r < s.w {
			b = s.buf[s.r]
			s.r++
		} else if b, _ = s.fill(); s.err != nil {
			continue // s.err says why
		}
		if b != '<' {
			s.ungetc()
			if !s.readText(-1, false) || !s.count() {
				return kindNone
			}
			if s.depth == 0 && len(bytes.TrimSpace(s.text)) > 0 {
				s.content = true
			}
			return kindText
		}
		b, ok := s.mustgetc()
		if !ok {
			return kindNone
		}
		var k kind
		switch b {
		case '/':
			k = s.endTag()
		case '?':
			k = s.procInst()
		case '!':
			k = s.markup()
		default:
			s.ungetc()
			k = s.startTag()
		}
		switch {
		case s.err != nil && s.err != io.EOF:
			return kindNone
		case !s.count():
			return kindNone
		case k == kindText: // CDATA
			if s.depth == 0 && len(bytes.TrimSpace(s.text)) > 0 {
				s.content = true
			}
			return k
		case k != kindNone:
			return k
		case s.depth == 0:
			s.content = true // a comment, PI or directive before the root
		}
		if s.err != nil {
			// The body ended right after the markup: report it next time
			// round, as encoding/xml does.
			continue
		}
	}
}

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
	s.names = s.names[:s.open[s.depth].start]
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
		if !s.attrValue(b) {
			return false
		}
		if root {
			s.rootSpace, s.rootNS = append(s.rootSpace[:0], s.attrVal...), true
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
