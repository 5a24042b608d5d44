package cos_test

import (
	"bytes"
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/cosgo/cos"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// jsonPerson is a JSON record; Score is absent from every fifth record so
// that queries meet missing values. Field order is the wire order.
type jsonPerson struct {
	ID     int      `json:"id"`
	Name   string   `json:"name"`
	Tags   []string `json:"tags"`
	Addr   jsonAddr `json:"addr"`
	Score  *float64 `json:"score,omitempty"`
	Active bool     `json:"active"`
}

type jsonAddr struct {
	City string `json:"city"`
	Zip  string `json:"zip"`
}

func jsonPeople(n int) []jsonPerson {
	ps := make([]jsonPerson, n)
	for i := range ps {
		id := i + 1
		p := jsonPerson{ID: id, Name: "name-" + strconv.Itoa(id), Tags: []string{"t" + strconv.Itoa(id%3), "x"},
			Addr: jsonAddr{City: selectCities[id%5], Zip: strconv.Itoa(100000 + id)}, Active: id%2 == 0}
		if id%5 != 0 {
			s := float64(id%200) / 2 // halves, so numbers like 62.5 appear
			p.Score = &s
		}
		ps[i] = p
	}
	return ps
}

func jsonSelect(expr string, lines, jsonOut bool) *cos.SelectRequest {
	r := &cos.SelectRequest{Expression: expr, InputSerialization: cos.SelectInputSerialization{JSON: &cos.JSONInput{Type: cos.JSONDocument}}}
	if lines {
		r.InputSerialization.JSON.Type = cos.JSONLines
	}
	if jsonOut {
		r.OutputSerialization.JSON = &cos.JSONOutput{}
	} else {
		r.OutputSerialization.CSV = &cos.CSVOutput{}
	}
	return r
}

func mustJSON(t testing.TB, v any) string {
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}

func TestSelectJSONLines(t *testing.T) {
	t.Parallel()
	_, c := e2e(t)
	ctx := context.Background()
	ps := jsonPeople(4000)
	var lines, doc strings.Builder
	for _, p := range ps {
		lines.WriteString(mustJSON(t, p) + "\n")
		b, err := json.MarshalIndent(p, "", "  ")
		require.NoError(t, err)
		doc.Write(b)
		doc.WriteString("\n")
	}
	_, _, err := c.Object.Put(ctx, "p.jsonl", strings.NewReader(lines.String()), nil)
	require.NoError(t, err)
	_, _, err = c.Object.Put(ctx, "p.json", strings.NewReader(doc.String()), nil)
	require.NoError(t, err)

	// SELECT * gives every record back as written (keys in order).
	got, _, err := selectAll(t, c, "p.jsonl", jsonSelect("SELECT * FROM COSObject", true, true))
	require.NoError(t, err)
	assert.Equal(t, lines.String(), got)

	// Nested paths, numbers and missing values.
	var want strings.Builder
	for _, p := range ps {
		if p.Addr.City == "Beijing" && p.Score != nil && *p.Score > 50 {
			want.WriteString(`{"id":` + strconv.Itoa(p.ID) + `,"city":` + mustJSON(t, p.Addr.City) + `,"score":` + mustJSON(t, *p.Score) + "}\n")
		}
	}
	for _, key := range []string{"p.jsonl", "p.json"} {
		got, _, err = selectAll(t, c, key, jsonSelect("SELECT s.id, s.addr.city, s.score FROM COSObject s WHERE s.addr.city = 'Beijing' AND s.score > 50", key == "p.jsonl", true))
		require.NoError(t, err, key)
		assert.Equal(t, want.String(), got, key)
	}

	// CSV output: arrays as compact JSON (quoted), absent values empty.
	var rows [][]string
	for _, p := range ps {
		if p.ID <= 12 {
			score := ""
			if p.Score != nil {
				score = strconv.FormatFloat(*p.Score, 'f', -1, 64)
			}
			rows = append(rows, []string{p.Name, mustJSON(t, p.Tags), score})
		}
	}
	got, _, err = selectAll(t, c, "p.jsonl", jsonSelect("SELECT name, tags, score FROM COSObject WHERE id <= 12", true, false))
	require.NoError(t, err)
	assert.Equal(t, string(csvBytes(t, rows)), got)

	// COUNT(*) counts only records whose comparison is true: a missing
	// score is neither >= 0 nor < 0.
	withScore := 0
	for _, p := range ps {
		if p.Score != nil {
			withScore++
		}
	}
	for _, expr := range []string{"SELECT COUNT(*) FROM COSObject s WHERE s.score >= 0", "SELECT COUNT(*) FROM COSObject s WHERE NOT s.score < 0"} {
		got, _, err = selectAll(t, c, "p.jsonl", jsonSelect(expr, true, false))
		require.NoError(t, err)
		assert.Equal(t, strconv.Itoa(withScore)+"\n", got, expr)
	}
	assert.Less(t, withScore, len(ps))

	// Positional columns are CSV only.
	_, _, err = selectAll(t, c, "p.jsonl", jsonSelect("SELECT _1 FROM COSObject", true, false))
	assert.Equal(t, "InvalidColumnIndex", cos.ErrorCode(err))
	// LINES refuses a record spread over lines.
	_, _, err = selectAll(t, c, "p.json", jsonSelect("SELECT * FROM COSObject", true, true))
	assert.Equal(t, "JSONParsingError", cos.ErrorCode(err))
}

func TestSelectJSONDocumentArray(t *testing.T) {
	t.Parallel()
	_, c := e2e(t)
	doc := `[{"k":"a","n":1},{"k":"b","n":2,"extra":null},{"k":"c","n":3}]`
	_, _, err := c.Object.Put(context.Background(), "arr.json", strings.NewReader(doc), nil)
	require.NoError(t, err)
	got, _, err := selectAll(t, c, "arr.json", jsonSelect("SELECT * FROM COSObject[*] s WHERE s.n >= 2", false, true))
	require.NoError(t, err)
	assert.Equal(t, `{"k":"b","n":2,"extra":null}`+"\n"+`{"k":"c","n":3}`+"\n", got)
	got, _, err = selectAll(t, c, "arr.json", jsonSelect("SELECT * FROM COSObject", false, true))
	require.NoError(t, err)
	assert.Equal(t, `{"_1":`+doc+"}\n", got, "without [*] the array is one record")
}

func TestSelectCSVHeaderModes(t *testing.T) {
	t.Parallel()
	_, c := e2e(t)
	_, _, err := c.Object.Put(context.Background(), "h.csv", strings.NewReader("a,b\n1,2\n3,4\n"), nil)
	require.NoError(t, err)
	cases := []struct {
		header       cos.FileHeaderInfo
		expr, want   string
		jsonOut      bool
		refusedCode  string
		refusedMatch string
	}{
		{header: cos.FileHeaderNone, expr: "SELECT * FROM COSObject", want: "a,b\n1,2\n3,4\n"},
		{header: "", expr: "SELECT _2 FROM COSObject WHERE _1 = 'a'", want: "b\n"},
		{header: cos.FileHeaderNone, expr: "SELECT * FROM COSObject", want: `{"_1":"a","_2":"b"}` + "\n" + `{"_1":"1","_2":"2"}` + "\n" + `{"_1":"3","_2":"4"}` + "\n", jsonOut: true},
		{header: cos.FileHeaderIgnore, expr: "SELECT * FROM COSObject", want: "1,2\n3,4\n"},
		{header: cos.FileHeaderIgnore, expr: "SELECT * FROM COSObject", want: `{"_1":"1","_2":"2"}` + "\n" + `{"_1":"3","_2":"4"}` + "\n", jsonOut: true},
		{header: cos.FileHeaderIgnore, expr: "SELECT b FROM COSObject", refusedCode: "InvalidColumnIndex", refusedMatch: "USE"},
		{header: cos.FileHeaderUse, expr: "SELECT * FROM COSObject", want: `{"a":"1","b":"2"}` + "\n" + `{"a":"3","b":"4"}` + "\n", jsonOut: true},
		{header: cos.FileHeaderUse, expr: "SELECT b, _1 FROM COSObject WHERE a > 1", want: "4,3\n"},
		{header: cos.FileHeaderUse, expr: `SELECT "B" FROM COSObject`, refusedCode: "InvalidColumnIndex", refusedMatch: "B"},
		{header: cos.FileHeaderNone, expr: "SELECT a FROM COSObject", refusedCode: "InvalidColumnIndex", refusedMatch: "USE"},
	}
	for _, tc := range cases {
		got, _, err := selectAll(t, c, "h.csv", csvSelect(tc.expr, tc.header, tc.jsonOut))
		if tc.refusedCode != "" {
			var se *cos.ServiceError
			if assert.ErrorAs(t, err, &se, tc.expr) {
				assert.Equal(t, tc.refusedCode, se.Code)
				assert.Contains(t, se.Message, tc.refusedMatch)
			}
			continue
		}
		require.NoError(t, err, "%s %s", tc.header, tc.expr)
		assert.Equal(t, tc.want, got, "%s %s", tc.header, tc.expr)
	}
}

func TestSelectCSVDialect(t *testing.T) {
	t.Parallel()
	_, c := e2e(t)
	obj := "id|note\r\n1|'it\\'s'\r\n\r\n2|'a|b'\r\n#2|skipped\r\n3|'multi\r\nline'\r\n4|plain"
	_, _, err := c.Object.Put(context.Background(), "d.csv", strings.NewReader(obj), nil)
	require.NoError(t, err)
	in := func(allow bool) cos.SelectInputSerialization {
		return cos.SelectInputSerialization{CSV: &cos.CSVInput{FileHeaderInfo: cos.FileHeaderUse, RecordDelimiter: "\r\n",
			FieldDelimiter: "|", QuoteCharacter: "'", QuoteEscapeCharacter: `\`, Comments: "#", AllowQuotedRecordDelimiter: allow}}
	}
	req := &cos.SelectRequest{Expression: "SELECT note FROM COSObject", InputSerialization: in(true),
		OutputSerialization: cos.SelectOutputSerialization{JSON: &cos.JSONOutput{RecordDelimiter: ";"}}}
	got, _, err := selectAll(t, c, "d.csv", req)
	require.NoError(t, err)
	assert.Equal(t, `{"note":"it's"};{"note":"a|b"};{"note":"multi\r\nline"};{"note":"plain"};`, got)

	req.OutputSerialization = cos.SelectOutputSerialization{CSV: &cos.CSVOutput{FieldDelimiter: ";", RecordDelimiter: "\n", QuoteCharacter: "'", QuoteEscapeCharacter: "'"}}
	req.Expression = "SELECT id, note FROM COSObject"
	got, _, err = selectAll(t, c, "d.csv", req)
	require.NoError(t, err)
	assert.Equal(t, "1;'it''s'\n2;a|b\n3;'multi\r\nline'\n4;plain\n", got)

	req.OutputSerialization.CSV.QuoteFields = cos.QuoteFieldsAlways
	req.Expression = "SELECT id FROM COSObject WHERE id >= 3"
	got, _, err = selectAll(t, c, "d.csv", req)
	require.NoError(t, err)
	assert.Equal(t, "'3'\n'4'\n", got)

	req.InputSerialization = in(false)
	_, _, err = selectAll(t, c, "d.csv", req)
	assert.Equal(t, "CSVParsingError", cos.ErrorCode(err), "a quoted record delimiter needs AllowQuotedRecordDelimiter")
	assert.Contains(t, err.Error(), "AllowQuotedRecordDelimiter")

	// Unicode data, a tab delimiter and a final record without delimiter.
	_, _, err = c.Object.Put(context.Background(), "u.tsv", bytes.NewReader([]byte("城市\t人口\n深圳\t1766\n北京\t2189")), nil)
	require.NoError(t, err)
	req = &cos.SelectRequest{Expression: "SELECT 城市 FROM COSObject WHERE 人口 > 2000",
		InputSerialization:  cos.SelectInputSerialization{CSV: &cos.CSVInput{FileHeaderInfo: cos.FileHeaderUse, FieldDelimiter: "\t"}},
		OutputSerialization: cos.SelectOutputSerialization{CSV: &cos.CSVOutput{}}}
	got, _, err = selectAll(t, c, "u.tsv", req)
	require.NoError(t, err)
	assert.Equal(t, "北京\n", got)
}
