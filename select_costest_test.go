package cos_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/cosgo/cos"
	"github.com/cosgo/cos/costest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The Select tests on costest compare each result with the same query
// evaluated here, in plain Go over the data the test generated.

type person struct {
	id    int
	name  string
	city  string
	score int
	note  string
}

var selectCities = []string{"Shenzhen", "Beijing", "Shanghai", "Chengdu", "Guangzhou"}

// people generates n rows; some notes hold commas and quotes.
func people(n int) []person {
	ps := make([]person, n)
	for i := range ps {
		id := i + 1
		note := "plain note " + strconv.Itoa(id%97)
		switch id % 10 {
		case 3:
			note = "with, comma"
		case 7:
			note = `says "hi"`
		}
		ps[i] = person{id: id, name: fmt.Sprintf("name-%05d", id), city: selectCities[(id*7)%5], score: (id * 37) % 1000, note: note}
	}
	return ps
}

func (p person) fields() []string {
	return []string{strconv.Itoa(p.id), p.name, p.city, strconv.Itoa(p.score), p.note}
}

// csvBytes writes rows with encoding/csv, the independent CSV writer.
func csvBytes(t testing.TB, rows [][]string) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	require.NoError(t, w.WriteAll(rows))
	return b.Bytes()
}

func peopleCSV(t testing.TB, ps []person) []byte {
	rows := [][]string{{"id", "name", "city", "score", "note"}}
	for _, p := range ps {
		rows = append(rows, p.fields())
	}
	return csvBytes(t, rows)
}

// jsonRecord writes {"k":"v",...} with string values, the shape COS gives
// CSV fields in JSON output.
func jsonRecord(keys, vals []string) string {
	var b strings.Builder
	b.WriteByte('{')
	for i := range keys {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(keys[i])
		v, _ := json.Marshal(vals[i])
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	return b.String() + "}\n"
}

// selectAll runs a Select and reads it to the end.
func selectAll(t *testing.T, c *cos.Client, key string, req *cos.SelectRequest) (string, cos.SelectStats, error) {
	t.Helper()
	res, _, err := c.Object.Select(context.Background(), key, req)
	if err != nil {
		return "", cos.SelectStats{}, err
	}
	defer res.Close()
	var b bytes.Buffer
	_, err = io.Copy(&b, res)
	st, _ := res.Stats()
	return b.String(), st, err
}

func csvSelect(expr string, header cos.FileHeaderInfo, jsonOut bool) *cos.SelectRequest {
	r := &cos.SelectRequest{Expression: expr, InputSerialization: cos.SelectInputSerialization{CSV: &cos.CSVInput{FileHeaderInfo: header}}}
	if jsonOut {
		r.OutputSerialization.JSON = &cos.JSONOutput{}
	} else {
		r.OutputSerialization.CSV = &cos.CSVOutput{}
	}
	return r
}

func TestSelectCSV10000Rows(t *testing.T) {
	t.Parallel()
	srv, c := e2e(t)
	ps := people(10000)
	data := peopleCSV(t, ps)
	_, _, err := c.Object.Put(context.Background(), "people.csv", bytes.NewReader(data), nil)
	require.NoError(t, err)

	type query struct {
		expr  string
		keys  []string
		match func(p person) bool
		proj  func(p person) []string
		limit int
	}
	queries := []query{
		{"SELECT * FROM COSObject", []string{"id", "name", "city", "score", "note"}, nil, person.fields, -1},
		{"SELECT name, score FROM COSObject s WHERE s.score >= 500 AND (s.city = 'Shenzhen' OR s.city = 'Beijing')",
			[]string{"name", "score"},
			func(p person) bool { return p.score >= 500 && (p.city == "Shenzhen" || p.city == "Beijing") },
			func(p person) []string { return []string{p.name, strconv.Itoa(p.score)} }, -1},
		{"select _1, _5 from cosobject where _4 < 100 or _3 <> 'Shanghai' and not _4 > 900 limit 137",
			[]string{"_1", "_5"},
			func(p person) bool { return p.score < 100 || p.city != "Shanghai" && !(p.score > 900) },
			func(p person) []string { return []string{strconv.Itoa(p.id), p.note} }, 137},
		{`SELECT "id" AS ident, NOTE FROM COSObject WHERE name = 'name-00042' OR id = 9999 OR score <= -1`,
			[]string{"ident", "note"},
			func(p person) bool { return p.name == "name-00042" || p.id == 9999 },
			func(p person) []string { return []string{strconv.Itoa(p.id), p.note} }, -1},
	}
	for _, q := range queries {
		var rows [][]string
		var js strings.Builder
		for _, p := range ps {
			if q.limit >= 0 && len(rows) == q.limit {
				break
			}
			if q.match == nil || q.match(p) {
				rows = append(rows, q.proj(p))
				js.WriteString(jsonRecord(q.keys, q.proj(p)))
			}
		}
		require.NotEmpty(t, rows, q.expr)
		got, st, err := selectAll(t, c, "people.csv", csvSelect(q.expr, cos.FileHeaderUse, false))
		require.NoError(t, err, q.expr)
		assert.Equal(t, string(csvBytes(t, rows)), got, q.expr)
		assert.Equal(t, int64(len(got)), st.BytesReturned, q.expr)
		if q.limit < 0 {
			assert.Equal(t, int64(len(data)), st.BytesScanned, q.expr)
			assert.Equal(t, int64(len(data)), st.BytesProcessed, q.expr)
		}
		got, _, err = selectAll(t, c, "people.csv", csvSelect(q.expr, cos.FileHeaderUse, true))
		require.NoError(t, err, q.expr)
		assert.Equal(t, js.String(), got, q.expr)
	}

	n := 0
	for _, p := range ps {
		if p.city != "Chengdu" {
			n++
		}
	}
	got, _, err := selectAll(t, c, "people.csv", csvSelect("SELECT COUNT(*) FROM COSObject WHERE city != 'Chengdu'", cos.FileHeaderUse, false))
	require.NoError(t, err)
	assert.Equal(t, strconv.Itoa(n)+"\n", got)
	got, _, err = selectAll(t, c, "people.csv", csvSelect("SELECT count(*) AS n FROM COSObject", cos.FileHeaderUse, true))
	require.NoError(t, err)
	assert.Equal(t, `{"n":10000}`+"\n", got)

	for _, r := range srv.Requests() {
		if r.Method == "POST" {
			assert.Equal(t, costest.OpSelectObjectContent, r.Op)
		}
	}
}

func TestSelectProgress(t *testing.T) {
	t.Parallel()
	_, c := e2e(t)
	data := peopleCSV(t, people(5000))
	_, _, err := c.Object.Put(context.Background(), "p.csv", bytes.NewReader(data), nil)
	require.NoError(t, err)
	for _, want := range []bool{false, true} {
		req := csvSelect("SELECT * FROM COSObject", cos.FileHeaderIgnore, false)
		req.RequestProgress = want
		res, _, err := c.Object.Select(context.Background(), "p.csv", req)
		require.NoError(t, err)
		n, err := io.Copy(io.Discard, res)
		require.NoError(t, err)
		pr, ok := res.Progress()
		assert.Equal(t, want, ok)
		if want {
			assert.Equal(t, n, pr.BytesReturned, "the last Progress follows the last records")
			assert.LessOrEqual(t, pr.BytesScanned, int64(len(data)))
		}
		require.NoError(t, res.Close())
	}
}

func TestSelectCompressedInput(t *testing.T) {
	t.Parallel()
	_, c := e2e(t)
	ctx := context.Background()
	ps := people(3000)
	plain := peopleCSV(t, ps)
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	_, err := zw.Write(plain)
	require.NoError(t, err)
	require.NoError(t, zw.Close())
	for key, body := range map[string][]byte{"p.csv": plain, "p.csv.gz": gz.Bytes()} {
		_, _, err := c.Object.Put(ctx, key, bytes.NewReader(body), nil)
		require.NoError(t, err)
	}
	var rows [][]string
	for _, p := range ps {
		if p.score > 900 {
			rows = append(rows, []string{p.name})
		}
	}
	req := csvSelect("SELECT name FROM COSObject WHERE score > 900", cos.FileHeaderUse, false)
	req.InputSerialization.CompressionType = cos.CompressionGZIP
	got, st, err := selectAll(t, c, "p.csv.gz", req)
	require.NoError(t, err)
	assert.Equal(t, string(csvBytes(t, rows)), got)
	assert.Equal(t, int64(gz.Len()), st.BytesScanned, "scanned counts the stored (compressed) bytes")
	assert.Equal(t, int64(len(plain)), st.BytesProcessed, "processed counts the uncompressed bytes")

	// The plain object is not gzip data: refused before any record.
	_, _, err = selectAll(t, c, "p.csv", req)
	assert.Equal(t, "InvalidCompressionFormat", cos.ErrorCode(err))

	// testdata/select_people.csv.bz2 was made from select_people.csv with
	// `bzip2 -9 -k` (bzip2 1.0.8); the standard library only decompresses.
	bz, err := os.ReadFile("testdata/select_people.csv.bz2")
	require.NoError(t, err)
	src, err := os.ReadFile("testdata/select_people.csv")
	require.NoError(t, err)
	_, _, err = c.Object.Put(ctx, "people.csv.bz2", bytes.NewReader(bz), nil)
	require.NoError(t, err)
	all, err := csv.NewReader(bytes.NewReader(src)).ReadAll()
	require.NoError(t, err)
	var want [][]string
	for _, r := range all[1:] {
		if r[2] == "Beijing" {
			want = append(want, []string{r[0], r[3]})
		}
	}
	require.NotEmpty(t, want)
	req = csvSelect("SELECT id, score FROM COSObject WHERE city = 'Beijing'", cos.FileHeaderUse, false)
	req.InputSerialization.CompressionType = cos.CompressionBZIP2
	got, st, err = selectAll(t, c, "people.csv.bz2", req)
	require.NoError(t, err)
	assert.Equal(t, string(csvBytes(t, want)), got)
	assert.Equal(t, int64(len(bz)), st.BytesScanned)
	assert.Equal(t, int64(len(src)), st.BytesProcessed)
}

// A server error in the middle of the stream is an error from Read after
// exactly the records sent before it, never a silently short result.
func TestSelectMidStreamErrorEvent(t *testing.T) {
	t.Parallel()
	srv, c := e2e(t)
	ps := people(10000)
	data := peopleCSV(t, ps)
	_, _, err := c.Object.Put(context.Background(), "people.csv", bytes.NewReader(data), nil)
	require.NoError(t, err)
	var rows [][]string
	for _, p := range ps {
		rows = append(rows, p.fields())
	}
	full := string(csvBytes(t, rows))
	require.Greater(t, len(full), 150000)

	for _, after := range []int64{100000, 0, int64(len(full)) + 1} {
		rule := srv.Inject(costest.Fault{Kind: costest.FaultEventError, Op: costest.OpSelectObjectContent,
			Bytes: after, Code: "InternalError", Message: "scan failed"})
		got, _, err := selectAll(t, c, "people.csv", csvSelect("SELECT * FROM COSObject", cos.FileHeaderUse, false))
		require.Error(t, err, after)
		var se *cos.ServiceError
		require.ErrorAs(t, err, &se)
		assert.Equal(t, "InternalError", se.Code)
		assert.Equal(t, "scan failed", se.Message)
		assert.Equal(t, full[:min(after, int64(len(full)))], got, "exactly the records sent before the error")
		assert.Equal(t, 1, rule.Fired())
	}

	// A data error found deep in the object: records first, then the error.
	bad := append(bytes.Clone(data), []byte("10001,name-10001,Beijing,5,\"unterminated\n")...)
	_, _, err = c.Object.Put(context.Background(), "bad.csv", bytes.NewReader(bad), nil)
	require.NoError(t, err)
	got, _, err := selectAll(t, c, "bad.csv", csvSelect("SELECT * FROM COSObject", cos.FileHeaderUse, false))
	assert.Equal(t, "CSVParsingError", cos.ErrorCode(err))
	assert.NotEmpty(t, got, "records before the bad one were streamed")
	assert.True(t, strings.HasPrefix(full, got))
}

func TestSelectStreamCutAndRetry(t *testing.T) {
	t.Parallel()
	srv, c := e2e(t)
	data := peopleCSV(t, people(2000))
	_, _, err := c.Object.Put(context.Background(), "p.csv", bytes.NewReader(data), nil)
	require.NoError(t, err)
	q := csvSelect("SELECT * FROM COSObject", cos.FileHeaderUse, false)

	srv.Inject(costest.Fault{Kind: costest.FaultTruncate, Op: costest.OpSelectObjectContent, Bytes: 5000})
	_, _, err = selectAll(t, c, "p.csv", q)
	assert.ErrorIs(t, err, io.ErrUnexpectedEOF, "a cut stream is an error")

	srv.Inject(costest.Fault{Op: costest.OpSelectObjectContent, Status: 503, Code: "SlowDown"})
	before := len(srv.Requests())
	got, _, err := selectAll(t, c, "p.csv", q)
	require.NoError(t, err, "a 503 before the stream is retried")
	assert.Len(t, strings.Split(strings.TrimSuffix(got, "\n"), "\n"), 2000)
	assert.Equal(t, 2, len(srv.Requests())-before)
}

func TestSelectRefusals(t *testing.T) {
	t.Parallel()
	_, c := e2e(t)
	_, _, err := c.Object.Put(context.Background(), "p.csv", strings.NewReader("a,b\n1,2\n"), nil)
	require.NoError(t, err)
	cases := []struct{ expr, code, mention string }{
		{"SELECT SUM(a) FROM COSObject", "UnsupportedSqlOperation", "SUM"},
		{"SELECT a FROM COSObject ORDER BY a", "UnsupportedSqlOperation", "ORDER BY"},
		{"SELECT a FROM COSObject WHERE CAST(a AS INT) > 1", "UnsupportedSqlOperation", "CAST"},
		{"SELECT a FROM COSObject WHERE a LIKE '1%'", "UnsupportedSqlOperation", "LIKE"},
		{"SELECT a FROM COSObject WHERE a + 1 > 2", "UnsupportedSqlOperation", "arithmetic"},
		{"SELECT a FROM COSObject WHERE a IS NULL", "UnsupportedSqlOperation", "IS"},
		{"SELECT DISTINCT a FROM COSObject", "UnsupportedSqlOperation", "DISTINCT"},
		{"SELECT COUNT(*), a FROM COSObject", "UnsupportedSqlOperation", "GROUP BY"},
		{"SELECT * FROM S3Object", "ParseUnexpectedToken", "COSObject"},
		{"SELECT a FROM COSObject WHERE a = 'x", "ParseUnexpectedToken", "unterminated"},
		{"SELECT a FROM COSObject WHERE a", "ParseUnexpectedToken", "comparison"},
		{"SELECT a FROM COSObject LIMIT -1", "ParseUnexpectedToken", "LIMIT"},
		{"SELECT a, FROM COSObject", "ParseUnexpectedToken", "column"},
		{"SELECT nope FROM COSObject", "InvalidColumnIndex", "nope"},
		{"SELECT _0 FROM COSObject", "InvalidColumnIndex", "_1"},
		{"SELECT x.* FROM COSObject s", "ParseUnexpectedToken", "x.*"},
	}
	for _, tc := range cases {
		_, _, err := selectAll(t, c, "p.csv", csvSelect(tc.expr, cos.FileHeaderUse, false))
		var se *cos.ServiceError
		if assert.ErrorAs(t, err, &se, tc.expr) {
			assert.Equal(t, 400, se.StatusCode, tc.expr)
			assert.Equal(t, tc.code, se.Code, tc.expr)
			assert.Contains(t, se.Message, tc.mention, tc.expr)
		}
	}
	_, _, err = selectAll(t, c, "missing.csv", csvSelect("SELECT * FROM COSObject", "", false))
	assert.ErrorIs(t, err, cos.ErrNotFound)
}
