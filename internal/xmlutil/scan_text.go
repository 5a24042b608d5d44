package xmlutil

import (
	"io"
	"unicode"
	"unicode/utf8"
)

// The Scanner's character data: text, attribute values and CDATA, with
// entity and character references, read by encoding/xml's rules (its
// Decoder.text), so that what one refuses the other refuses too.

// textSpecial marks the bytes readText looks at one by one; runs of other
// bytes are copied at once.
var textSpecial = func() (t [256]bool) {
	for _, c := range []byte("<&\r]>\"'") {
		t[c] = true
	}
	return t
}()

// needsCheck marks the bytes that make readText check the characters of
// its text: control characters and the bytes of multi-byte characters.
// Text of printable ASCII, tabs and newlines needs no second pass.
var needsCheck = func() (t [256]bool) {
	for c := range 256 {
		t[c] = c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c >= utf8.RuneSelf
	}
	return t
}()

// readText reads character data into s.text: up to "<" for text, up to
// the quote for an attribute value (quote >= 0), up to "]]>" for CDATA.
// References are replaced, "\r\n" and "\r" become "\n", and the result
// must be UTF-8 of characters XML allows.
func (s *Scanner) readText(quote int, cdata bool) bool {
	s.text = s.text[:0]
	s.check = false
	var b0, b1 byte // the last two bytes read
	trunc := 0
	for {
		if s.r < s.w && b1 != '\r' {
			run := s.buf[s.r:s.w]
			i := 0
			check := false
			for i < len(run) && !textSpecial[run[i]] {
				check = check || needsCheck[run[i]]
				i++
			}
			s.check = s.check || check
			if s.base+int64(s.r+i)-s.tok > MaxTokenBytes {
				s.err = errTokenTooLarge // before the text grows past it
				return false
			}
			if i > 0 {
				s.text = append(s.text, run[:i]...)
				if i >= 2 {
					b0, b1 = run[i-2], run[i-1]
				} else {
					b0, b1 = b1, run[0]
				}
				s.r += i
			}
		}
		b, ok := s.getc()
		if !ok {
			if cdata {
				if s.err == io.EOF {
					s.syntax("unexpected EOF in CDATA section")
				}
				return false
			}
			break
		}
		if quote < 0 && b0 == ']' && b1 == ']' && b == '>' {
			if cdata {
				trunc = 2
				break
			}
			s.syntax("unescaped ]]> not in CDATA section")
			return false
		}
		if b == '<' && !cdata {
			if quote >= 0 {
				s.syntax("unescaped < inside quoted string")
				return false
			}
			s.ungetc()
			break
		}
		if quote >= 0 && b == byte(quote) {
			break
		}
		if b == '&' && !cdata {
			if !s.reference() {
				return false
			}
			b0, b1 = 0, 0
			continue
		}
		switch {
		case b == '\r':
			s.text = append(s.text, '\n')
		case b1 == '\r' && b == '\n':
			// "\r\n" is one "\n", written already
		default:
			s.text = append(s.text, b)
			s.check = s.check || needsCheck[b]
		}
		b0, b1 = b1, b
	}
	s.text = s.text[:len(s.text)-trunc]
	return !s.check || s.checkChars(s.text)
}

// reference replaces an entity or character reference, its "&" read, by
// its character. Only the five predefined entities are known.
func (s *Scanner) reference() bool {
	b, ok := s.mustgetc()
	if !ok {
		return false
	}
	if b == '#' {
		return s.charReference()
	}
	s.ungetc()
	var name []byte
	if name, ok = s.readName(s.scratch[:0]); !ok && s.err != nil {
		return false
	}
	s.scratch = name
	if b, ok = s.mustgetc(); !ok {
		return false
	}
	if b != ';' {
		s.syntax("invalid character entity &%s (no semicolon)", name)
		return false
	}
	var r byte
	switch string(name) {
	case "lt":
		r = '<'
	case "gt":
		r = '>'
	case "amp":
		r = '&'
	case "apos":
		r = '\''
	case "quot":
		r = '"'
	default:
		s.syntax("invalid character entity &%s;", name)
		return false
	}
	s.text = append(s.text, r)
	return true
}

// charReference reads "&#NN;" or "&#xHH;" after its "&#". A number past
// the last Unicode code point is refused; a surrogate becomes U+FFFD, as
// Go's string(rune) makes it (encoding/xml does the same).
func (s *Scanner) charReference() bool {
	b, ok := s.mustgetc()
	if !ok {
		return false
	}
	base := uint64(10)
	if b == 'x' {
		base = 16
		if b, ok = s.mustgetc(); !ok {
			return false
		}
	}
	var n uint64
	digits := 0
	for {
		var d byte
		switch {
		case '0' <= b && b <= '9':
			d = b - '0'
		case base == 16 && 'a' <= b && b <= 'f':
			d = b - 'a' + 10
		case base == 16 && 'A' <= b && b <= 'F':
			d = b - 'A' + 10
		default:
			d = 255
		}
		if d == 255 {
			break
		}
		if n <= unicode.MaxRune {
			n = n*base + uint64(d)
		}
		digits++
		if b, ok = s.mustgetc(); !ok {
			return false
		}
	}
	if b != ';' || digits == 0 || n > unicode.MaxRune {
		s.syntax("invalid character reference")
		return false
	}
	s.text = utf8.AppendRune(s.text, rune(n))
	s.check = true
	return true
}

// checkChars refuses bytes that are not UTF-8 and characters outside
// XML's Char production.
func (s *Scanner) checkChars(b []byte) bool {
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
				s.syntax("illegal character code %U", rune(c))
				return false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			s.syntax("invalid UTF-8")
			return false
		}
		if !(r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= unicode.MaxRune) {
			s.syntax("illegal character code %U", r)
			return false
		}
		i += n
	}
	return true
}
