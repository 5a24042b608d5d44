package costest

import (
	"net/http"
	"strconv"
	"strings"
)

// Evaluation of the Select subset (select_sql.go):
//   - A CSV field is a string; a JSON value keeps its type. A column that
//     is absent (a short CSV record, a missing JSON key) is MISSING.
//   - A comparison with a number on either side compares numerically,
//     converting a string that parses as a number (after trimming spaces);
//     otherwise strings compare bytewise. Booleans compare only with = and
//     != against booleans.
//   - A comparison involving MISSING, null, an object, an array or a
//     string that is not a number (against a number) is unknown; AND, OR
//     and NOT follow SQL's three-valued logic and a record is selected only
//     when its WHERE is true.
//   - COUNT(*) counts the selected records; LIMIT n stops after n output
//     records.
//   - CSV output writes strings as they are, numbers as written, booleans
//     as true/false, MISSING and null as an empty field, objects and arrays
//     as compact JSON. JSON output writes one object per record: CSV
//     fields as strings keyed by header name (USE) or _N, JSON values as
//     they were; MISSING columns are left out.

type vkind uint8

const (
	vMissing vkind = iota
	vNull
	vString
	vNumber
	vBool
	vComposite
)

type value struct {
	kind vkind
	s    string // string, or a number's text
	n    float64
	b    bool
	j    *jsonValue // vComposite
}

func fromJSON(j *jsonValue) value {
	if j == nil {
		return value{}
	}
	switch j.kind {
	case 's':
		return value{kind: vString, s: j.str}
	case 'n':
		f, _ := strconv.ParseFloat(j.str, 64)
		return value{kind: vNumber, s: j.str, n: f}
	case 'b':
		return value{kind: vBool, b: j.truth}
	case 'z':
		return value{kind: vNull}
	}
	return value{kind: vComposite, j: j}
}

// tri is a three-valued truth.
type tri uint8

const (
	triUnknown tri = iota
	triFalse
	triTrue
)

func triOf(b bool) tri {
	if b {
		return triTrue
	}
	return triFalse
}

func compare(op string, l, r value) tri {
	var c int
	switch {
	case l.kind == vBool && r.kind == vBool:
		if op != "=" && op != "!=" && op != "<>" {
			return triUnknown
		}
		return triOf((l.b == r.b) == (op == "="))
	case l.kind == vNumber || r.kind == vNumber:
		a, ok1 := number(l)
		b, ok2 := number(r)
		if !ok1 || !ok2 {
			return triUnknown
		}
		switch {
		case a < b:
			c = -1
		case a > b:
			c = 1
		}
	case l.kind == vString && r.kind == vString:
		c = strings.Compare(l.s, r.s)
	default:
		return triUnknown
	}
	switch op {
	case "=":
		return triOf(c == 0)
	case "!=", "<>":
		return triOf(c != 0)
	case "<":
		return triOf(c < 0)
	case "<=":
		return triOf(c <= 0)
	case ">":
		return triOf(c > 0)
	}
	return triOf(c >= 0)
}

func number(v value) (float64, bool) {
	switch v.kind {
	case vNumber:
		return v.n, true
	case vString:
		f, err := strconv.ParseFloat(strings.TrimSpace(v.s), 64)
		return f, err == nil
	}
	return 0, false
}

// row is one input record.
type row struct {
	fields []string   // CSV
	json   *jsonValue // JSON
}

// boundRef is a column resolved against the input: a CSV index or a JSON
// key path.
type boundRef struct {
	idx  int
	path []pathPart
	key  string // the output name
}

func (b *boundRef) get(r *row) value {
	if r.json == nil {
		if b.idx < len(r.fields) {
			return value{kind: vString, s: r.fields[b.idx]}
		}
		return value{}
	}
	j := r.json
	for _, p := range b.path {
		if j.kind != 'o' {
			return value{}
		}
		j = lookupKey(j, p)
		if j == nil {
			return value{}
		}
	}
	return fromJSON(j)
}

// lookupKey finds a key: exactly for a quoted name, else an exact match
// first and then a case-insensitive one.
func lookupKey(obj *jsonValue, p pathPart) *jsonValue {
	for i, k := range obj.keys {
		if k == p.name {
			return obj.vals[i]
		}
	}
	if !p.quoted {
		for i, k := range obj.keys {
			if strings.EqualFold(k, p.name) {
				return obj.vals[i]
			}
		}
	}
	return nil
}

// binder resolves column references for one input.
type binder struct {
	csv    bool
	header []string // CSV with FileHeaderInfo USE
	refs   map[*colRef]*boundRef
}

func (bd *binder) bind(r *colRef) (*boundRef, *Error) {
	if n, ok := r.position(); ok {
		if !bd.csv {
			return nil, errorf(http.StatusBadRequest, codeSelectColumn, "Column %s: positional columns apply to CSV input only.", r.text)
		}
		if n < 1 {
			return nil, errorf(http.StatusBadRequest, codeSelectColumn, "Column %s: positions start at _1.", r.text)
		}
		return &boundRef{idx: n - 1, key: r.parts[0].name}, nil
	}
	if !bd.csv {
		return &boundRef{path: r.parts, key: r.parts[len(r.parts)-1].name}, nil
	}
	if len(r.parts) != 1 {
		return nil, errorf(http.StatusBadRequest, codeSelectColumn, "Column %s: CSV columns have no nested paths.", r.text)
	}
	if bd.header == nil {
		return nil, errorf(http.StatusBadRequest, codeSelectColumn, "Column %q: CSV columns have names only with FileHeaderInfo USE; use _1, _2, ...", r.text)
	}
	p := r.parts[0]
	for pass := 0; pass < 2; pass++ {
		for i, h := range bd.header {
			if h == p.name || pass == 1 && !p.quoted && strings.EqualFold(h, p.name) {
				return &boundRef{idx: i, key: h}, nil
			}
		}
	}
	return nil, errorf(http.StatusBadRequest, codeSelectColumn, "Column %q is not in the CSV header.", r.text)
}

// bindAll resolves every column of q.
func (bd *binder) bindAll(q *selectQuery) ([]*boundRef, *Error) {
	bd.refs = map[*colRef]*boundRef{}
	var out []*boundRef
	for i := range q.cols {
		b, e := bd.bind(&q.cols[i].ref)
		if e != nil {
			return nil, e
		}
		if q.cols[i].as != "" {
			b.key = q.cols[i].as
		}
		out = append(out, b)
	}
	var walk func(x sqlExpr) *Error
	walk = func(x sqlExpr) *Error {
		switch v := x.(type) {
		case logicExpr:
			if e := walk(v.l); e != nil {
				return e
			}
			return walk(v.r)
		case notExpr:
			return walk(v.e)
		case cmpExpr:
			for _, o := range []operand{v.l, v.r} {
				if o.ref != nil {
					b, e := bd.bind(o.ref)
					if e != nil {
						return e
					}
					bd.refs[o.ref] = b
				}
			}
		}
		return nil
	}
	return out, walk(q.where)
}

func (bd *binder) eval(x sqlExpr, r *row) tri {
	switch v := x.(type) {
	case logicExpr:
		a, b := bd.eval(v.l, r), bd.eval(v.r, r)
		if v.and {
			return andTri(a, b)
		}
		return orTri(a, b)
	case notExpr:
		switch bd.eval(v.e, r) {
		case triTrue:
			return triFalse
		case triFalse:
			return triTrue
		}
		return triUnknown
	case cmpExpr:
		return compare(v.op, bd.operand(v.l, r), bd.operand(v.r, r))
	}
	return triTrue
}

func (bd *binder) operand(o operand, r *row) value {
	if o.ref == nil {
		return o.lit
	}
	return bd.refs[o.ref].get(r)
}

func andTri(a, b tri) tri {
	if a == triFalse || b == triFalse {
		return triFalse
	}
	if a == triTrue && b == triTrue {
		return triTrue
	}
	return triUnknown
}

func orTri(a, b tri) tri {
	if a == triTrue || b == triTrue {
		return triTrue
	}
	if a == triFalse && b == triFalse {
		return triFalse
	}
	return triUnknown
}
