package costest

import (
	"strings"
	"unicode/utf8"
)

// The delimiter elements of a SelectRequest (CSV and JSON input and
// output): defaults, length limits, escapes (choices.go,
// delimiterEscapes) and collisions.

// chars returns an optional delimiter element (def when absent or empty),
// with the escapes \n, \r and \t read as the characters they name (see
// delimiterEscapes), refusing one longer than maxChars characters.
func chars(name string, v *string, def string, maxChars int) (string, *Error) {
	if v == nil || *v == "" {
		return def, nil
	}
	d := *v
	if delimiterEscapes {
		d = unescapeDelimiter(d)
	}
	if n := utf8.RuneCountInString(d); n > maxChars || !utf8.ValidString(d) {
		return "", badSelect(codeSelectParameter, "%s %q must be at most %d character(s).", name, *v, maxChars)
	}
	return d, nil
}

// unescapeDelimiter turns each two-character escape \n, \r, \t of a
// delimiter element into LF, CR, TAB; any other backslash stays as sent.
func unescapeDelimiter(v string) string {
	if !strings.Contains(v, `\`) {
		return v
	}
	var b strings.Builder
	for i := 0; i < len(v); i++ {
		c := v[i]
		if c == '\\' && i+1 < len(v) {
			switch v[i+1] {
			case 'n':
				c = '\n'
			case 'r':
				c = '\r'
			case 't':
				c = '\t'
			}
			if c != '\\' {
				i++
			}
		}
		b.WriteByte(c)
	}
	return b.String()
}

// csvDialect returns record, field, quote and escape with defaults,
// refusing delimiters that collide.
func csvDialect(elem string, record, field, quote, escape *string) ([4]string, *Error) {
	var f [4]string
	var e *Error
	if f[0], e = chars(elem+".RecordDelimiter", record, "\n", 2); e != nil {
		return f, e
	}
	if f[1], e = chars(elem+".FieldDelimiter", field, ",", 1); e != nil {
		return f, e
	}
	if f[2], e = chars(elem+".QuoteCharacter", quote, `"`, 1); e != nil {
		return f, e
	}
	if f[3], e = chars(elem+".QuoteEscapeCharacter", escape, `"`, 1); e != nil {
		return f, e
	}
	if strings.Contains(f[0], f[1]) || f[1] == f[2] || strings.Contains(f[0], f[2]) {
		return f, badSelect(codeSelectParameter, "%s delimiters collide: record %q, field %q, quote %q.", elem, f[0], f[1], f[2])
	}
	return f, nil
}
