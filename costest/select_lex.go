package costest

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Tokens of the Select SQL subset (select_sql.go).
type tokKind uint8

const (
	tEOF tokKind = iota
	tIdent
	tQuotedIdent // "name": case-sensitive
	tString      // 'text'
	tNumber
	tOp
)

type sqlToken struct {
	kind tokKind
	text string
	pos  int
}

// twoCharOps are the operators of two characters; single characters in
// oneCharOps stand alone.
var twoCharOps = []string{"<=", ">=", "<>", "!=", "||"}

const oneCharOps = "=<>(),*.[];+-/%"

// lex splits src into tokens, ending with tEOF.
func lex(src string) ([]sqlToken, *Error) {
	var toks []sqlToken
	for i := 0; i < len(src); {
		r, size := utf8.DecodeRuneInString(src[i:])
		switch {
		case unicode.IsSpace(r):
			i += size
		case r == '\'' || r == '"':
			text, n, ok := quoted(src[i:], byte(r))
			if !ok {
				return nil, errSyntax("unterminated %c-quoted text at offset %d.", r, i)
			}
			kind := tString
			if r == '"' {
				kind = tQuotedIdent
			}
			toks = append(toks, sqlToken{kind, text, i})
			i += n
		case r >= '0' && r <= '9':
			j := i
			for j < len(src) && (src[j] >= '0' && src[j] <= '9' || src[j] == '.') {
				j++
			}
			if j < len(src) && (src[j] == 'e' || src[j] == 'E') {
				j++
				if j < len(src) && (src[j] == '+' || src[j] == '-') {
					j++
				}
				for j < len(src) && src[j] >= '0' && src[j] <= '9' {
					j++
				}
			}
			toks = append(toks, sqlToken{tNumber, src[i:j], i})
			i = j
		case r == '_' || unicode.IsLetter(r):
			j := i
			for j < len(src) {
				c, n := utf8.DecodeRuneInString(src[j:])
				if c != '_' && c != '$' && !unicode.IsLetter(c) && !unicode.IsDigit(c) {
					break
				}
				j += n
			}
			toks = append(toks, sqlToken{tIdent, src[i:j], i})
			i = j
		default:
			op := ""
			for _, o := range twoCharOps {
				if strings.HasPrefix(src[i:], o) {
					op = o
					break
				}
			}
			if op == "" && strings.ContainsRune(oneCharOps, r) {
				op = string(r)
			}
			if op == "" {
				return nil, errSyntax("unexpected character %q at offset %d.", r, i)
			}
			toks = append(toks, sqlToken{tOp, op, i})
			i += len(op)
		}
	}
	return append(toks, sqlToken{kind: tEOF, pos: len(src)}), nil
}

// quoted reads a q-quoted text at the start of s, a doubled q standing
// for one; it returns the text and the bytes consumed.
func quoted(s string, q byte) (string, int, bool) {
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		if s[i] != q {
			b.WriteByte(s[i])
			continue
		}
		if i+1 < len(s) && s[i+1] == q {
			b.WriteByte(q)
			i++
			continue
		}
		return b.String(), i + 1, true
	}
	return "", 0, false
}
