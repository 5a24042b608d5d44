package xmlutil

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"sync"
)

// Scanner reads one XML document as a stream of start tags, end tags and
// character data, for the decoders of listing pages, which would otherwise
// spend most of their time and allocations in encoding/xml's tokens, and
// as the token source of DecodeReader, which counts the limits on it. It
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
	// textLen is the text read so far directly inside the open element
	// at each depth (0: before the root). The pieces of one element's
	// text (split by comments, CDATA or child elements) make one value
	// for encoding/xml and Text, so they are held to MaxTokenBytes
	// together.
	textLen [MaxDepth + 1]int

	endName []byte // the raw name of the last end tag
	text    []byte // the last character data, decoded
	check   bool   // text holds bytes whose characters must be checked
	attrVal []byte // the last attribute value, decoded
	scratch []byte // attribute names and values, PI targets and bodies
	val     []byte // what Text returns
	root    []byte // the root's local name, for errors

	// For DecodeReader's tokens: the attributes of the last start tag
	// (raw names and decoded values in attrBuf), the element the last end
	// tag closed (its name still in names' spare capacity), element names
	// seen before.
	keepAttrs bool
	attrs     []attrSpan
	attrBuf   []byte
	closed    element
	nameCache map[string]string

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
	if len(s.nameCache) > maxCachedNames {
		s.nameCache = nil
	}
	*s = Scanner{buf: s.buf, counts: s.counts, names: keep(s.names), endName: keep(s.endName),
		attrs: s.attrs[:0], attrBuf: keep(s.attrBuf), nameCache: s.nameCache,
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

// textRun adds the text just read to its element's, which may not grow
// past MaxTokenBytes.
func (s *Scanner) textRun() bool {
	if s.textLen[s.depth] += len(s.text); s.textLen[s.depth] > MaxTokenBytes {
		s.err = errTokenTooLarge
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
			if !s.readText(-1, false) || !s.count() || !s.textRun() {
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
			if !s.textRun() {
				return kindNone
			}
			if s.depth == 0 && len(bytes.TrimSpace(s.text)) > 0 {
				s.content = true
			}
			return k
		case k == kindStart:
			s.textLen[s.depth] = 0
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
