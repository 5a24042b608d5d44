package costest

import (
	"strconv"
	"strings"
)

// The parser of the Select SQL subset described in select_sql.go: a
// recursive descent over the tokens of select_lex.go.

type sqlParser struct {
	toks  []sqlToken
	i     int
	depth int // NOT and parentheses open around the current condition
}

// maxSQLNesting bounds NOT and parenthesis nesting in a WHERE clause. The
// parser and the evaluator recurse once per level, and a 4 MB request
// document holds millions of "(": without a bound one request would
// overflow the stack and kill the whole server. COS documents no figure;
// real queries stay far below it.
const maxSQLNesting = 100

func (p *sqlParser) peek() sqlToken { return p.toks[p.i] }
func (p *sqlParser) take() sqlToken { t := p.toks[p.i]; p.i = min(p.i+1, len(p.toks)-1); return t }

// word reports whether the next token is the (keyword) word w.
func (p *sqlParser) word(w string) bool {
	t := p.peek()
	return t.kind == tIdent && strings.EqualFold(t.text, w)
}

func (p *sqlParser) op(o string) bool {
	t := p.peek()
	return t.kind == tOp && t.text == o
}

// unexpected explains why the next token cannot go here.
func (p *sqlParser) unexpected(want string) *Error {
	t := p.peek()
	if t.kind == tIdent {
		if what, ok := unsupportedWords[strings.ToUpper(t.text)]; ok {
			return errUnsupported(what)
		}
		if p.i+1 < len(p.toks) && p.toks[p.i+1].kind == tOp && p.toks[p.i+1].text == "(" {
			return errUnsupported("the function " + strings.ToUpper(t.text))
		}
	}
	if t.kind == tOp && strings.Contains("+-/%|", t.text) {
		return errUnsupported("arithmetic (" + t.text + ")")
	}
	if t.kind == tOp && t.text == "[" {
		return errUnsupported("array indexes")
	}
	if t.kind == tEOF {
		return errSyntax("the expression ends where %s was expected.", want)
	}
	return errSyntax("unexpected %q at offset %d; expected %s.", t.text, t.pos, want)
}

func (p *sqlParser) expectWord(w string) *Error {
	if !p.word(w) {
		return p.unexpected(w)
	}
	p.take()
	return nil
}

func (p *sqlParser) expectOp(o string) *Error {
	if !p.op(o) {
		return p.unexpected(strconv.Quote(o))
	}
	p.take()
	return nil
}

func (p *sqlParser) query() (*selectQuery, *Error) {
	q := &selectQuery{limit: -1}
	if e := p.expectWord("SELECT"); e != nil {
		return nil, e
	}
	if e := p.projection(q); e != nil {
		return nil, e
	}
	if e := p.expectWord("FROM"); e != nil {
		return nil, e
	}
	if t := p.peek(); t.kind != tIdent || !strings.EqualFold(t.text, "COSObject") {
		if t.kind == tIdent && !keywords[strings.ToUpper(t.text)] {
			return nil, errSyntax("the table is COSObject, not %q.", t.text)
		}
		return nil, p.unexpected("COSObject")
	}
	p.take()
	if p.op("[") {
		p.take()
		if !p.op("*") {
			return nil, errUnsupported("FROM paths other than COSObject[*]")
		}
		p.take()
		if e := p.expectOp("]"); e != nil {
			return nil, e
		}
		q.iterArray = true
	}
	if p.op(".") {
		return nil, errUnsupported("FROM paths other than COSObject[*]")
	}
	if p.word("AS") {
		p.take()
		if t := p.peek(); t.kind != tIdent || keywords[strings.ToUpper(t.text)] {
			return nil, p.unexpected("a table alias")
		}
	}
	if t := p.peek(); t.kind == tIdent && !keywords[strings.ToUpper(t.text)] && unsupportedWords[strings.ToUpper(t.text)] == "" {
		q.alias = p.take().text
	}
	if p.word("WHERE") {
		p.take()
		w, e := p.orExpr()
		if e != nil {
			return nil, e
		}
		q.where = w
	}
	if p.word("LIMIT") {
		p.take()
		t := p.take()
		n, err := strconv.ParseInt(t.text, 10, 64)
		if t.kind != tNumber || err != nil || n < 0 {
			return nil, errSyntax("LIMIT needs a non-negative integer, not %q.", t.text)
		}
		q.limit = n
	}
	if p.op(";") {
		p.take()
	}
	if p.peek().kind != tEOF {
		return nil, p.unexpected("the end of the expression")
	}
	return q, nil
}

func (p *sqlParser) projection(q *selectQuery) *Error {
	if p.op("*") {
		p.take()
		q.star = true
		return nil
	}
	if p.word("COUNT") && p.i+1 < len(p.toks) && p.toks[p.i+1].text == "(" {
		p.take()
		p.take()
		if !p.op("*") {
			return errUnsupported("COUNT of anything but *")
		}
		p.take()
		if e := p.expectOp(")"); e != nil {
			return e
		}
		q.count = true
		var e *Error
		if q.countAs, e = p.outputName(); e != nil {
			return e
		}
		if p.op(",") {
			return errUnsupported("COUNT(*) beside other columns (it needs GROUP BY)")
		}
		return nil
	}
	for {
		ref, star, e := p.column()
		if e != nil {
			return e
		}
		if star {
			if len(q.cols) > 0 || p.op(",") {
				return errUnsupported("alias.* beside other columns")
			}
			q.star, q.starAlias = true, ref.parts[0].name
			return nil
		}
		as, e := p.outputName()
		if e != nil {
			return e
		}
		q.cols = append(q.cols, projection{ref: ref, as: as})
		if !p.op(",") {
			return nil
		}
		p.take()
	}
}

// outputName parses an optional "[AS] name" after a projected column; AS
// must be followed by the name.
func (p *sqlParser) outputName() (string, *Error) {
	as := p.word("AS")
	if as {
		p.take()
	}
	if t := p.peek(); (t.kind == tIdent && !keywords[strings.ToUpper(t.text)]) || t.kind == tQuotedIdent {
		return p.take().text, nil
	}
	if as {
		return "", p.unexpected("a column name after AS")
	}
	return "", nil
}

// column parses a column reference; star reports "alias.*".
func (p *sqlParser) column() (colRef, bool, *Error) {
	var ref colRef
	for {
		t := p.peek()
		switch {
		case t.kind == tQuotedIdent:
			ref.parts = append(ref.parts, pathPart{name: t.text, quoted: true})
		case t.kind == tIdent && !keywords[strings.ToUpper(t.text)]:
			if p.i+1 < len(p.toks) && p.toks[p.i+1].text == "(" || unsupportedWords[strings.ToUpper(t.text)] != "" {
				return ref, false, p.unexpected("a column")
			}
			ref.parts = append(ref.parts, pathPart{name: t.text})
		case t.kind == tOp && t.text == "*" && len(ref.parts) == 1:
			p.take()
			return ref, true, nil
		default:
			return ref, false, p.unexpected("a column")
		}
		if ref.text != "" {
			ref.text += "."
		}
		ref.text += p.take().text
		if !p.op(".") {
			if p.op("[") {
				return ref, false, p.unexpected("a column")
			}
			return ref, false, nil
		}
		p.take()
	}
}

func (p *sqlParser) orExpr() (sqlExpr, *Error) {
	l, e := p.andExpr()
	for e == nil && p.word("OR") {
		p.take()
		var r sqlExpr
		if r, e = p.andExpr(); e == nil {
			l = logicExpr{and: false, l: l, r: r}
		}
	}
	return l, e
}

func (p *sqlParser) andExpr() (sqlExpr, *Error) {
	l, e := p.notExpr()
	for e == nil && p.word("AND") {
		p.take()
		var r sqlExpr
		if r, e = p.notExpr(); e == nil {
			l = logicExpr{and: true, l: l, r: r}
		}
	}
	return l, e
}

func (p *sqlParser) notExpr() (sqlExpr, *Error) {
	if p.word("NOT") || p.op("(") {
		if p.depth >= maxSQLNesting {
			return nil, errUnsupported("nesting NOT and parentheses deeper than " + strconv.Itoa(maxSQLNesting) + " levels")
		}
		p.depth++
		defer func() { p.depth-- }()
	}
	if p.word("NOT") {
		p.take()
		x, e := p.notExpr()
		return notExpr{x}, e
	}
	if p.op("(") {
		p.take()
		x, e := p.orExpr()
		if e != nil {
			return nil, e
		}
		return x, p.expectOp(")")
	}
	l, e := p.operand()
	if e != nil {
		return nil, e
	}
	t := p.peek()
	switch t.text {
	case "=", "!=", "<>", "<", "<=", ">", ">=":
		if t.kind != tOp {
			break
		}
		p.take()
		r, e := p.operand()
		if e != nil {
			return nil, e
		}
		return cmpExpr{op: t.text, l: l, r: r}, nil
	}
	return nil, p.unexpected("a comparison operator")
}

func (p *sqlParser) operand() (operand, *Error) {
	t := p.peek()
	neg := false
	if t.kind == tOp && t.text == "-" && p.i+1 < len(p.toks) && p.toks[p.i+1].kind == tNumber {
		p.take()
		t, neg = p.peek(), true
	}
	switch t.kind {
	case tString:
		p.take()
		return operand{lit: value{kind: vString, s: t.text}}, nil
	case tNumber:
		p.take()
		text := t.text
		if neg {
			text = "-" + text
		}
		f, err := strconv.ParseFloat(text, 64)
		if err != nil {
			return operand{}, errSyntax("bad number %q.", text)
		}
		return operand{lit: value{kind: vNumber, s: text, n: f}}, nil
	}
	ref, star, e := p.column()
	if e != nil {
		return operand{}, e
	}
	if star {
		return operand{}, errSyntax("%s.* is not a value.", ref.text)
	}
	return operand{ref: &ref}, nil
}
