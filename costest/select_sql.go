package costest

import (
	"net/http"
	"strconv"
	"strings"
)

// The SQL subset costest evaluates for SELECT Object Content:
//
//	SELECT <projection> FROM COSObject[[*]] [[AS] alias] [WHERE <condition>] [LIMIT n] [;]
//
//	projection  *  |  alias.*  |  COUNT(*)  |  column [[AS] name], ...
//	column      _N (CSV, 1-based)  |  name (CSV with FileHeaderInfo USE)
//	            |  name.name... (JSON keys)  — each optionally alias-prefixed;
//	            "double quotes" make a name case-sensitive, else names match
//	            case-insensitively
//	condition   comparison joined by AND, OR, NOT and parentheses (NOT and
//	            parentheses nested at most maxSQLNesting levels)
//	comparison  operand (= | != | <> | < | <= | > | >=) operand
//	operand     column | 'string' ('' escapes a quote) | number | -number
//
// FROM COSObject[*] makes each element of a top-level JSON array a record.
// Everything else (functions other than COUNT(*), CAST, arithmetic, LIKE,
// IN, BETWEEN, IS, GROUP BY, ORDER BY, DISTINCT, JOIN, array indexes) is
// refused with 400 before any record is sent; evaluation rules are in
// select_eval.go.

// selectQuery is a parsed expression.
type selectQuery struct {
	star      bool
	starAlias string // "s" for "SELECT s.*"
	count     bool
	countAs   string
	cols      []projection
	alias     string
	iterArray bool
	where     sqlExpr // nil: every record
	limit     int64   // -1: none
}

type projection struct {
	ref colRef
	as  string
}

// colRef names a column: a path of names (alias stripped after parsing).
type colRef struct {
	parts []pathPart
	text  string
}

type pathPart struct {
	name   string
	quoted bool
}

// position returns N for a column written _N.
func (r colRef) position() (int, bool) {
	if len(r.parts) != 1 || r.parts[0].quoted || !strings.HasPrefix(r.parts[0].name, "_") {
		return 0, false
	}
	n, err := strconv.Atoi(r.parts[0].name[1:])
	return n, err == nil
}

type sqlExpr interface{}

type logicExpr struct {
	and  bool
	l, r sqlExpr
}

type notExpr struct{ e sqlExpr }

type cmpExpr struct {
	op   string
	l, r operand
}

type operand struct {
	ref *colRef
	lit value
}

// Select error codes (S3 Select's; COS's are not documented, see
// choices.go).
const (
	codeSelectSyntax      = "ParseUnexpectedToken"
	codeSelectUnsupported = "UnsupportedSqlOperation"
	codeSelectColumn      = "InvalidColumnIndex"
)

func errSyntax(format string, args ...any) *Error {
	return errorf(http.StatusBadRequest, codeSelectSyntax, "costest: "+format, args...)
}

func errUnsupported(what string) *Error {
	return errorf(http.StatusBadRequest, codeSelectUnsupported,
		"costest evaluates a SQL subset (SELECT *, columns, COUNT(*), WHERE comparisons with AND/OR/NOT, LIMIT); %s is not supported.", what)
}

// unsupportedWords are SQL words outside the subset, refused by name.
var unsupportedWords = map[string]string{
	"GROUP": "GROUP BY", "ORDER": "ORDER BY", "HAVING": "HAVING", "JOIN": "JOIN", "DISTINCT": "DISTINCT",
	"UNION": "UNION", "LIKE": "LIKE", "IN": "IN", "BETWEEN": "BETWEEN", "IS": "IS [NOT] NULL",
	"CASE": "CASE", "OFFSET": "OFFSET", "CAST": "CAST", "TRUE": "boolean literals", "FALSE": "boolean literals",
	"NULL": "NULL literals", "MISSING": "MISSING",
}

var keywords = map[string]bool{"SELECT": true, "FROM": true, "WHERE": true, "LIMIT": true, "AND": true, "OR": true, "NOT": true, "AS": true}

// parseSQL parses an expression of the subset. The length is checked
// first: the lexer holds every token at once.
func parseSQL(src string) (*selectQuery, *Error) {
	if len(src) > maxSelectExpression {
		return nil, badRequest(codeExpressionTooLong, "The SQL expression is %d bytes; at most %d are allowed.", len(src), maxSelectExpression)
	}
	toks, e := lex(src)
	if e != nil {
		return nil, e
	}
	p := &sqlParser{toks: toks}
	q, e := p.query()
	if e != nil {
		return nil, e
	}
	return q, q.resolveAlias()
}

// resolveAlias strips the table alias from column paths; "x.*" needs x
// to be the alias.
func (q *selectQuery) resolveAlias() *Error {
	if q.starAlias != "" && !strings.EqualFold(q.starAlias, q.alias) {
		return errSyntax("%s.* names no table alias.", q.starAlias)
	}
	var e *Error
	strip := func(r *colRef) {
		if q.alias == "" || r.parts[0].quoted || !strings.EqualFold(r.parts[0].name, q.alias) {
			return
		}
		if len(r.parts) == 1 {
			// The alias alone is the whole record in SQL, not a column
			// named like it: refuse rather than answer a column.
			if e == nil {
				e = errUnsupported("the table alias " + r.text + " as a value (the whole record)")
			}
			return
		}
		r.parts = r.parts[1:]
	}
	for i := range q.cols {
		strip(&q.cols[i].ref)
	}
	var walk func(x sqlExpr)
	walk = func(x sqlExpr) {
		switch v := x.(type) {
		case logicExpr:
			walk(v.l)
			walk(v.r)
		case notExpr:
			walk(v.e)
		case cmpExpr:
			for _, o := range []operand{v.l, v.r} {
				if o.ref != nil {
					strip(o.ref)
				}
			}
		}
	}
	walk(q.where)
	return e
}
