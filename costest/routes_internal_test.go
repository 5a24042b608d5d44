package costest

import (
	"go/ast"
	"go/parser"
	"go/token"
	"net/http"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Every Op constant has exactly one row with a handler, and every row's
// shape is reachable: no earlier row shadows it.
func TestRoutingTableCoversEveryOp(t *testing.T) {
	t.Parallel()
	fset := token.NewFileSet()
	pkgs, err := parser.ParseDir(fset, ".", nil, 0)
	require.NoError(t, err)
	var ops []Op
	for _, f := range pkgs["costest"].Files {
		ast.Inspect(f, func(n ast.Node) bool {
			vs, ok := n.(*ast.ValueSpec)
			if !ok || vs.Type == nil || len(vs.Values) != 1 {
				return true
			}
			if id, ok := vs.Type.(*ast.Ident); ok && id.Name == "Op" {
				lit := vs.Values[0].(*ast.BasicLit)
				v, _ := strconv.Unquote(lit.Value)
				ops = append(ops, Op(v))
			}
			return true
		})
	}
	require.NotEmpty(t, ops)
	rows := map[Op]int{}
	for _, r := range routes {
		require.NotNil(t, r.handle, r.op)
		rows[r.op]++
	}
	for _, op := range ops {
		if op == OpHeadObject { // served by the GET handler
			assert.Equal(t, 1, rows[op], op)
			continue
		}
		assert.Equal(t, 1, rows[op], "operation %s needs one routing row", op)
	}
	for i, r := range routes {
		q := query{values: map[string][]string{}}
		if r.sub != "" {
			q.params = []param{{r.sub, ""}}
			q.values[r.sub] = []string{""}
		}
		if r.with != "" {
			q.params = append(q.params, param{r.with, "x"})
			q.values[r.with] = []string{"x"}
		}
		h := http.Header{}
		if r.copySource {
			h.Set("x-cos-copy-source", "b/k")
		}
		lv := r.level
		if lv == levelAny {
			lv = levelObject
		}
		got, e := findRoute(lv, r.method, q, h)
		require.Nil(t, e, "row %d (%s)", i, r.op)
		assert.Equal(t, r.op, got.op, "row %d is shadowed by an earlier row", i)
	}
}
