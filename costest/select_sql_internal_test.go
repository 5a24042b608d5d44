package costest

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// WHERE clauses evaluated on one CSV record: precedence, three-valued
// logic, literals and comparisons.
func TestSelectWhereEvaluation(t *testing.T) {
	t.Parallel()
	rec := &row{fields: []string{"it's", "10", " 2.5 ", "abc", ""}}
	cases := []struct {
		where string
		want  tri
	}{
		{"_1 = 'it''s'", triTrue},
		{"_2 > 9", triTrue},      // numeric: "10" > 9
		{"_2 > '9'", triFalse},   // strings: "10" < "9"
		{"_3 = 2.5", triTrue},    // spaces trimmed for numbers
		{"_2 >= -1e1", triTrue},  // negative literal with exponent
		{"_4 < 5", triUnknown},   // "abc" is no number
		{"_9 = 'x'", triUnknown}, // missing column
		{"NOT _9 = 'x'", triUnknown},
		{"_9 = 'x' OR _2 = 10", triTrue},
		{"_9 = 'x' AND _2 = 11", triFalse},
		{"_2 = 11 OR _2 = 10 AND _4 = 'abc'", triTrue}, // AND binds tighter
		{"(_2 = 11 OR _2 = 10) AND _4 = 'x'", triFalse},
		{"NOT (_2 <> 10)", triTrue},
		{"_5 = ''", triTrue},
		{"_4 != _1", triTrue},
		{"'a' < 'b'", triTrue},
	}
	for _, tc := range cases {
		q, e := parseSQL("SELECT * FROM COSObject s WHERE " + tc.where)
		require.Nil(t, e, "%s: %v", tc.where, e)
		bd := &binder{csv: true}
		_, e = bd.bindAll(q)
		require.Nil(t, e, tc.where)
		assert.Equal(t, tc.want, bd.eval(q.where, rec), tc.where)
	}
}

func TestSelectParseShapes(t *testing.T) {
	t.Parallel()
	q, e := parseSQL(`select s.a.b AS x, "Quoted" y, s._2 from COSObject AS s where s.a.b = 1 limit 5;`)
	require.Nil(t, e)
	assert.Equal(t, "s", q.alias)
	assert.Equal(t, int64(5), q.limit)
	require.Len(t, q.cols, 3)
	assert.Equal(t, []pathPart{{name: "a"}, {name: "b"}}, q.cols[0].ref.parts, "the alias is stripped")
	assert.Equal(t, "x", q.cols[0].as)
	assert.Equal(t, []pathPart{{name: "Quoted", quoted: true}}, q.cols[1].ref.parts)
	assert.Equal(t, "y", q.cols[1].as)
	n, ok := q.cols[2].ref.position()
	assert.True(t, ok)
	assert.Equal(t, 2, n)

	q, e = parseSQL("SELECT * FROM COSObject[*]")
	require.Nil(t, e)
	assert.True(t, q.star && q.iterArray)
	assert.Equal(t, int64(-1), q.limit)

	for _, bad := range []string{"", "SELECT", "SELECT * FROM", "SELECT * FROM COSObject WHERE", "SELECT * FROM COSObject LIMIT 1.5",
		"SELECT * FROM COSObject extra tokens", "SELECT * FROM COSObject WHERE a = 1 = 2", "SELECT a FROM COSObject WHERE a ! 1",
		"SELECT * FROM COSObject.a", "SELECT a[0] FROM COSObject", "SELECT * FROM COSObject WHERE (a = 1",
		// AS must name the column: "_1 AS FROM" was read as "_1".
		"SELECT _1 AS FROM COSObject", "SELECT COUNT(*) AS FROM COSObject",
		// The alias alone is the whole record, not a column named like it.
		"SELECT s FROM COSObject s", "SELECT _1 FROM COSObject AS s WHERE S = 'x'"} {
		_, e := parseSQL(bad)
		if assert.NotNil(t, e, bad) {
			assert.Equal(t, 400, e.Status, bad)
			assert.Contains(t, []string{codeSelectSyntax, codeSelectUnsupported}, e.Code, bad)
		}
	}
}

// An expression longer than S3 Select's 256 KB limit is refused before it
// is split into tokens: a 4 MB request document of "(" made the lexer
// allocate hundreds of megabytes per request.
func TestSelectParseRefusesLongExpressions(t *testing.T) {
	t.Parallel()
	_, e := parseSQL("SELECT * FROM COSObject WHERE " + strings.Repeat("(", 4_000_000))
	if assert.NotNil(t, e) {
		assert.Equal(t, 400, e.Status)
		assert.Equal(t, "ExpressionTooLong", e.Code)
	}
	long := "SELECT * FROM COSObject WHERE _1 = '" + strings.Repeat("x", maxSelectExpression-40) + "'"
	require.LessOrEqual(t, len(long), maxSelectExpression)
	_, e = parseSQL(long)
	assert.Nil(t, e, "up to the limit is fine")
}

// A hostile expression nested deeply must be refused, not recurse once per
// level in the parser and in the evaluator of every record (nested millions
// of levels deep it overflowed the stack and killed the whole server);
// reasonable nesting still parses.
func TestSelectParseRefusesDeepNesting(t *testing.T) {
	t.Parallel()
	for _, where := range []string{
		strings.Repeat("(", 100_000) + "_1 = 'a'" + strings.Repeat(")", 100_000),
		strings.Repeat("NOT ", 60_000) + "_1 = 'a'",
	} {
		_, e := parseSQL("SELECT * FROM COSObject WHERE " + where)
		if assert.NotNil(t, e) {
			assert.Equal(t, codeSelectUnsupported, e.Code)
			assert.Contains(t, e.Message, "nest")
		}
	}
	q, e := parseSQL("SELECT * FROM COSObject WHERE " + strings.Repeat("NOT (", 50) + "_1 = 'a'" + strings.Repeat(")", 50))
	require.Nil(t, e)
	bd := &binder{csv: true}
	_, e = bd.bindAll(q)
	require.Nil(t, e)
	assert.Equal(t, triTrue, bd.eval(q.where, &row{fields: []string{"a"}}), "an even number of NOTs")
}
