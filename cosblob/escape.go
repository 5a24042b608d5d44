package cosblob

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Keys, metadata names and metadata values are escaped on the way to COS
// and unescaped on the way back, so every UTF-8 string gocloud allows
// survives the round trip (see "Escaping" in the package documentation).

// escapeKey escapes what COS refuses or mangles in an object key: control
// characters (COS refuses 0x18-0x1B outright and advises against the
// others) and a leading "/" or "\" (COS refuses keys starting with either).
func escapeKey(key string) string {
	return hexEscape(key, func(r []rune, i int) bool {
		return isControl(r[i]) || i == 0 && (r[i] == '/' || r[i] == '\\')
	})
}

// escapeDelimiter escapes a list delimiter as keys escape the same runes in
// their middle, so "/" stays "/".
func escapeDelimiter(d string) string {
	return hexEscape(d, func(r []rune, i int) bool { return isControl(r[i]) })
}

// unescapeKey reverses escapeKey (and escapeDelimiter).
func unescapeKey(key string) string { return hexUnescape(key) }

func isControl(r rune) bool { return r < 0x20 || r == 0x7f }

// hexEscape writes each rune that must be escaped as "__0x<hex>__", the
// form other gocloud drivers use. A literal "__0x<hex>__" in s is escaped
// too (its first "_"), so unescaping cannot turn it into another string.
// If the result still does not unescape to s (an escape sequence written
// right after text that completes one), every "_" is escaped instead:
// then the only "_" in the output belong to escape sequences, so decoding
// is exact and the mapping stays one-to-one.
func hexEscape(s string, must func(r []rune, i int) bool) string {
	r := []rune(s)
	mark := make([]bool, len(r))
	marked := false
	for i := range r {
		if must(r, i) {
			mark[i], marked = true, true
		} else if _, _, ok := matchEscape(r, i); ok {
			mark[i], marked = true, true
		}
	}
	if !marked {
		return s
	}
	if out := renderEscaped(r, mark); hexUnescape(out) == s {
		return out
	}
	for i := range r {
		if r[i] == '_' {
			mark[i] = true
		}
	}
	return renderEscaped(r, mark)
}

func renderEscaped(r []rune, mark []bool) string {
	var b strings.Builder
	for i, c := range r {
		if mark[i] {
			b.WriteString("__0x")
			b.WriteString(strconv.FormatInt(int64(c), 16))
			b.WriteString("__")
		} else {
			b.WriteRune(c)
		}
	}
	return b.String()
}

// hexUnescape replaces each "__0x<hex>__" by its rune.
func hexUnescape(s string) string {
	if !strings.Contains(s, "__0x") {
		return s
	}
	r := []rune(s)
	var b strings.Builder
	for i := 0; i < len(r); {
		if c, next, ok := matchEscape(r, i); ok {
			b.WriteRune(c)
			i = next
			continue
		}
		b.WriteRune(r[i])
		i++
	}
	return b.String()
}

// matchEscape reports whether an escape sequence "__0x<1-8 hex>__" of a
// valid rune starts at r[i], and returns the rune and the index after it.
func matchEscape(r []rune, i int) (rune, int, bool) {
	if i+4 > len(r) || r[i] != '_' || r[i+1] != '_' || r[i+2] != '0' || r[i+3] != 'x' {
		return 0, 0, false
	}
	j := i + 4
	for j < len(r) && j-(i+4) <= 8 && isHex(r[j]) {
		j++
	}
	n := j - (i + 4)
	if n == 0 || n > 8 || j+2 > len(r) || r[j] != '_' || r[j+1] != '_' {
		return 0, 0, false
	}
	v, err := strconv.ParseUint(string(r[i+4:j]), 16, 32)
	if err != nil || !utf8.ValidRune(rune(v)) {
		return 0, 0, false
	}
	return rune(v), j + 2, true
}

func isHex(c rune) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// escapeMetaName maps a metadata name to the characters COS allows in an
// x-cos-meta-* name: lower-case letters, digits and "-" (COS lower-cases
// names and refuses "_"). Any other byte becomes "--<2 hex>", and a "-"
// that is followed by "-" or by an escaped byte is escaped too, so every
// "--" in the result starts an escape. Names already made of a-z, 0-9 and
// single dashes are unchanged.
func escapeMetaName(name string) string {
	if plainMetaName(name) {
		return name
	}
	var b strings.Builder
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case metaPlain(c):
			b.WriteByte(c)
		case c == '-' && (i+1 == len(name) || metaPlain(name[i+1])):
			b.WriteByte('-')
		default:
			b.WriteString("--")
			b.WriteString(hex2(c))
		}
	}
	return b.String()
}

// plainMetaName reports whether escapeMetaName leaves name as it is.
func plainMetaName(name string) bool {
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !metaPlain(c) && (c != '-' || i+1 < len(name) && !metaPlain(name[i+1])) {
			return false
		}
	}
	return true
}

func metaPlain(c byte) bool { return 'a' <= c && c <= 'z' || '0' <= c && c <= '9' }

// unescapeMetaName reverses escapeMetaName. A name written by another tool
// that does not decode to UTF-8 is returned as it is.
func unescapeMetaName(name string) string {
	if !strings.Contains(name, "--") {
		return name
	}
	return unhexAfter(name, "--")
}

// escapeMetaValue percent-encodes what an HTTP header value cannot carry
// intact: control characters, non-ASCII bytes, a leading or trailing
// space (servers trim them) and "%" itself. Printable ASCII values
// without "%" are unchanged. The empty value, which COS drops with its
// header, is stored as a lone "%" (no other value escapes to that).
func escapeMetaValue(v string) string {
	if v == "" {
		return "%"
	}
	var b strings.Builder
	started := false
	for i := 0; i < len(v); i++ {
		c := v[i]
		if c == '%' || c < 0x20 || c >= 0x7f || c == ' ' && (i == 0 || i == len(v)-1) {
			if !started {
				b.WriteString(v[:i])
				started = true
			}
			b.WriteByte('%')
			b.WriteString(strings.ToUpper(hex2(c)))
		} else if started {
			b.WriteByte(c)
		}
	}
	if !started {
		return v
	}
	return b.String()
}

// unescapeMetaValue reverses escapeMetaValue; a value that does not decode
// to UTF-8 is returned as it is.
func unescapeMetaValue(v string) string {
	if v == "%" {
		return ""
	}
	if !strings.Contains(v, "%") {
		return v
	}
	return unhexAfter(v, "%")
}

// unhexAfter replaces each intro followed by two hex digits by the byte
// they spell. A result that is not UTF-8 (s was not written by the
// escaping above) gives s back as it is.
func unhexAfter(s, intro string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		if j := i + len(intro); j+2 <= len(s) && strings.HasPrefix(s[i:], intro) {
			if c, ok := unhex2(s[j], s[j+1]); ok {
				b.WriteByte(c)
				i = j + 2
				continue
			}
		}
		b.WriteByte(s[i])
		i++
	}
	if out := b.String(); utf8.ValidString(out) {
		return out
	}
	return s
}

const hexDigits = "0123456789abcdef"

func hex2(c byte) string { return string([]byte{hexDigits[c>>4], hexDigits[c&15]}) }

func unhex2(a, b byte) (byte, bool) {
	x, ok1 := unhex(a)
	y, ok2 := unhex(b)
	return x<<4 | y, ok1 && ok2
}

func unhex(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}
