package costest_test

import (
	"encoding/binary"
	"encoding/xml"
	"fmt"
	"hash/crc32"
	"net/http"
	"strings"
	"testing"

	"github.com/cosgo/cos/costest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// frame is one event-stream message as the official Go SDK reads it.
type frame struct {
	headers map[string]string
	payload []byte
}

// readFrames splits a Select answer the way cos-go-sdk-v5 v0.7.70 does
// (object_select.go): prelude, prelude CRC, headers (1-byte name length,
// name, type byte, 2-byte value length, value), payload, message CRC.
func readFrames(t *testing.T, b []byte) []frame {
	t.Helper()
	var out []frame
	for len(b) > 0 {
		require.GreaterOrEqual(t, len(b), 16)
		total := int(binary.BigEndian.Uint32(b))
		hlen := int(binary.BigEndian.Uint32(b[4:]))
		require.Equal(t, crc32.ChecksumIEEE(b[:8]), binary.BigEndian.Uint32(b[8:]), "prelude CRC")
		require.LessOrEqual(t, total, len(b))
		require.Equal(t, crc32.ChecksumIEEE(b[:total-4]), binary.BigEndian.Uint32(b[total-4:]), "message CRC")
		f := frame{headers: map[string]string{}, payload: b[12+hlen : total-4]}
		h := b[12 : 12+hlen]
		for len(h) > 0 {
			n := int(h[0])
			name := string(h[1 : 1+n])
			require.Equal(t, byte(7), h[1+n], "string header")
			vlen := int(binary.BigEndian.Uint16(h[2+n:]))
			f.headers[name] = string(h[4+n : 4+n+vlen])
			h = h[4+n+vlen:]
		}
		out = append(out, f)
		b = b[total:]
	}
	return out
}

type statsDoc struct {
	XMLName        xml.Name
	BytesScanned   int64
	BytesProcessed int64
	BytesReturned  int64
}

// The request exactly as cos-go-sdk-v5 v0.7.70 sends Object.Select
// (captured from the SDK): virtual-host, every "/" of the key escaped,
// elements it leaves out omitted, booleans as TRUE/FALSE.
func TestSelectOfficialGoSDKRequest(t *testing.T) {
	t.Parallel()
	e := newEnv(t).withBucket()
	var data strings.Builder
	data.WriteString("id,name,score\n")
	for i := 1; i <= 3000; i++ {
		fmt.Fprintf(&data, "%d,name-%d,%d\n", i, i, i%100)
	}
	e.put("dir/p.csv", []byte(data.String()), nil)
	body := `<SelectRequest><Expression>Select * from COSObject where _3 &gt; 97</Expression><ExpressionType>SQL</ExpressionType>` +
		`<InputSerialization><CompressionType>NONE</CompressionType><CSV><FieldDelimiter>,</FieldDelimiter>` +
		`<AllowQuotedRecordDelimiter>FALSE</AllowQuotedRecordDelimiter><FileHeaderInfo>IGNORE</FileHeaderInfo></CSV></InputSerialization>` +
		`<OutputSerialization><CSV><QuoteFields>ASNEEDED</QuoteFields><RecordDelimiter>&#xA;</RecordDelimiter></CSV></OutputSerialization>` +
		`<RequestProgress><Enabled>TRUE</Enabled></RequestProgress></SelectRequest>`
	r := e.do(call{Method: http.MethodPost, RawPath: "/dir%2Fp.csv", Host: testBucket + ".cos.ap-guangzhou.myqcloud.com",
		Query: "select&select-type=2", Body: []byte(body),
		Header: map[string]string{"Content-Type": "application/xml", "Content-MD5": md5b64([]byte(body))}})
	require.Equal(t, http.StatusOK, r.Status, string(r.Body))
	assert.Equal(t, "application/octet-stream", r.Header.Get("Content-Type"))

	var want strings.Builder
	for i := 1; i <= 3000; i++ {
		if i%100 > 97 {
			fmt.Fprintf(&want, "%d,name-%d,%d\n", i, i, i%100)
		}
	}
	var got strings.Builder
	var kinds []string
	frames := readFrames(t, r.Body)
	for _, f := range frames {
		require.Equal(t, "event", f.headers[":message-type"])
		kind := f.headers[":event-type"]
		kinds = append(kinds, kind)
		switch kind {
		case "Records":
			assert.Equal(t, "application/octet-stream", f.headers[":content-type"])
			got.Write(f.payload)
		case "Progress", "Stats":
			assert.Equal(t, "text/xml", f.headers[":content-type"])
			var s statsDoc
			require.NoError(t, xml.Unmarshal(f.payload, &s))
			assert.Equal(t, kind, s.XMLName.Local)
			assert.Equal(t, int64(got.Len()), s.BytesReturned)
			if kind == "Stats" {
				assert.Equal(t, int64(data.Len()), s.BytesScanned)
			}
		}
	}
	assert.Equal(t, want.String(), got.String())
	assert.Equal(t, []string{"Records", "Progress", "Stats", "End"}, kinds)
	assert.Equal(t, costest.OpSelectObjectContent, e.srv.Requests()[1].Op)
}

func TestSelectRequestRefusals(t *testing.T) {
	t.Parallel()
	e := newEnv(t).withBucket()
	e.put("p.csv", []byte("a,b\n1,2\n"), nil)
	doc := func(in, out string) string {
		return `<SelectRequest><Expression>SELECT * FROM COSObject</Expression><ExpressionType>SQL</ExpressionType>` +
			`<InputSerialization>` + in + `</InputSerialization><OutputSerialization>` + out + `</OutputSerialization></SelectRequest>`
	}
	csvIn, csvOut := `<CSV/>`, `<CSV/>`
	cases := []struct {
		name, query, body string
		status            int
		code              string
	}{
		{"no select-type", "select", doc(csvIn, csvOut), 400, "InvalidArgument"},
		{"select-type 1", "select&select-type=1", doc(csvIn, csvOut), 400, "InvalidArgument"},
		{"not XML", "select&select-type=2", "<SelectRequest>", 400, "MalformedXML"},
		{"no expression", "select&select-type=2", `<SelectRequest><ExpressionType>SQL</ExpressionType></SelectRequest>`, 400, "MissingRequiredParameter"},
		{"expression type", "select&select-type=2", strings.Replace(doc(csvIn, csvOut), ">SQL<", ">XPATH<", 1), 400, "InvalidExpressionType"},
		{"no output", "select&select-type=2", strings.Replace(doc(csvIn, csvOut), "<OutputSerialization><CSV/></OutputSerialization>", "", 1), 400, "MissingRequiredParameter"},
		{"two inputs", "select&select-type=2", doc(csvIn+`<JSON><Type>LINES</Type></JSON>`, csvOut), 400, "InvalidRequestParameter"},
		{"compression", "select&select-type=2", doc(`<CompressionType>ZIP</CompressionType>`+csvIn, csvOut), 400, "InvalidCompressionFormat"},
		{"file header", "select&select-type=2", doc(`<CSV><FileHeaderInfo>FIRST</FileHeaderInfo></CSV>`, csvOut), 400, "InvalidFileHeaderInfo"},
		{"field delimiter", "select&select-type=2", doc(`<CSV><FieldDelimiter>;;</FieldDelimiter></CSV>`, csvOut), 400, "InvalidRequestParameter"},
		{"colliding delimiters", "select&select-type=2", doc(`<CSV><QuoteCharacter>,</QuoteCharacter></CSV>`, csvOut), 400, "InvalidRequestParameter"},
		{"quoted record delimiter flag", "select&select-type=2", doc(`<CSV><AllowQuotedRecordDelimiter>maybe</AllowQuotedRecordDelimiter></CSV>`, csvOut), 400, "InvalidRequestParameter"},
		{"json type", "select&select-type=2", doc(`<JSON><Type>ARRAY</Type></JSON>`, csvOut), 400, "InvalidJsonType"},
		{"quote fields", "select&select-type=2", doc(csvIn, `<CSV><QuoteFields>NEVER</QuoteFields></CSV>`), 400, "InvalidQuoteFields"},
		{"parquet", "select&select-type=2", doc(`<Parquet/>`, csvOut), 501, "NotImplemented"},
		{"array path on CSV", "select&select-type=2", strings.Replace(doc(csvIn, csvOut), "COSObject<", "COSObject[*]<", 1), 400, "UnsupportedSqlOperation"},
	}
	for _, tc := range cases {
		r := e.xmlCall(http.MethodPost, "p.csv", tc.query, tc.body)
		assert.Equal(t, tc.status, r.Status, tc.name)
		assert.Equal(t, tc.code, r.errCode(), "%s: %s", tc.name, r.Body)
	}
	r := e.xmlCall(http.MethodPost, "missing.csv", "select&select-type=2", doc(csvIn, csvOut))
	assert.Equal(t, "NoSuchKey", r.errCode())
	r = e.do(call{Method: http.MethodPost, Bucket: testBucket, Key: "p.csv", Query: "select&select-type=2", Unsigned: true,
		Body: []byte(doc(csvIn, csvOut))})
	assert.Equal(t, http.StatusForbidden, r.Status, "Select needs a signature")
}

// FaultEventError replaces the end of a Select stream by an error event;
// on other operations it is a plain error status.
func TestFaultEventError(t *testing.T) {
	t.Parallel()
	e := newEnv(t).withBucket()
	e.put("p.csv", []byte(strings.Repeat("x,y\n", 1000)), nil)
	body := `<SelectRequest><Expression>SELECT * FROM COSObject</Expression><ExpressionType>SQL</ExpressionType>` +
		`<InputSerialization><CSV/></InputSerialization><OutputSerialization><CSV/></OutputSerialization></SelectRequest>`
	rule := e.srv.Inject(costest.Fault{Kind: costest.FaultEventError, Op: costest.OpSelectObjectContent, Bytes: 1001, Message: "disk gone"})
	r := e.xmlCall(http.MethodPost, "p.csv", "select&select-type=2", body)
	require.Equal(t, http.StatusOK, r.Status)
	frames := readFrames(t, r.Body)
	require.Len(t, frames, 2)
	assert.Equal(t, "Records", frames[0].headers[":event-type"])
	assert.Equal(t, strings.Repeat("x,y\n", 250)+"x", string(frames[0].payload))
	assert.Equal(t, map[string]string{":message-type": "error", ":error-code": "InternalError", ":error-message": "disk gone"}, frames[1].headers)
	assert.Equal(t, 1, rule.Fired())
	assert.Equal(t, "EventError", costest.FaultEventError.String())

	e.srv.Inject(costest.Fault{Kind: costest.FaultEventError, Op: costest.OpGetObject})
	r = e.do(call{Bucket: testBucket, Key: "p.csv"})
	assert.Equal(t, http.StatusInternalServerError, r.Status)
	assert.Equal(t, "InternalError", r.errCode())
}

// The request exactly as cos-nodejs-sdk-v5 3.0.0 sends selectObjectContent
// with its demo's options (captured from the SDK's json2xml): "/" of the
// key kept, "select=" with its "=", and RecordDelimiter written as the two
// characters backslash and n, which COS reads as a newline (its API page's
// own samples write it so). The Go SDK's "&#xA;" form is above.
func TestSelectAsTheOfficialNodeSDKSendsIt(t *testing.T) {
	t.Parallel()
	e := newEnv(t).withBucket()
	var data, want strings.Builder
	data.WriteString("id,name,score\n")
	for i := 1; i <= 500; i++ {
		fmt.Fprintf(&data, "%d,name-%d,%d\n", i, i, i%100)
		if i%100 > 97 {
			fmt.Fprintf(&want, "%d,name-%d,%d\n", i, i, i%100)
		}
	}
	e.put("dir/p.csv", []byte(data.String()), nil)
	send := func(body string) result {
		return e.do(call{Method: http.MethodPost, RawPath: "/dir/p.csv", Host: testBucket + ".cos.ap-guangzhou.myqcloud.com",
			Query: "select=&select-type=2", Body: []byte(body),
			Header: map[string]string{"Content-Type": "application/xml", "Content-MD5": md5b64([]byte(body))}})
	}
	records := func(r result) string {
		require.Equal(t, http.StatusOK, r.Status, string(r.Body))
		var got strings.Builder
		for _, f := range readFrames(t, r.Body) {
			if f.headers[":event-type"] == "Records" {
				got.Write(f.payload)
			}
		}
		return got.String()
	}
	body := `<SelectRequest><Expression>Select * from COSObject where _3 &gt; 97</Expression><ExpressionType>SQL</ExpressionType>` +
		`<InputSerialization><CSV><FileHeaderInfo>IGNORE</FileHeaderInfo><RecordDelimiter>\n</RecordDelimiter><FieldDelimiter>,</FieldDelimiter>` +
		`<QuoteCharacter>&quot;</QuoteCharacter><QuoteEscapeCharacter>&quot;</QuoteEscapeCharacter><Comments>#</Comments>` +
		`<AllowQuotedRecordDelimiter>FALSE</AllowQuotedRecordDelimiter></CSV></InputSerialization>` +
		`<OutputSerialization><CSV><QuoteFields>ASNEEDED</QuoteFields><RecordDelimiter>\n</RecordDelimiter><FieldDelimiter>,</FieldDelimiter>` +
		`<QuoteCharacter>&quot;</QuoteCharacter><QuoteEscapeCharacter>&quot;</QuoteEscapeCharacter></CSV></OutputSerialization>` +
		`<RequestProgress><Enabled>FALSE</Enabled></RequestProgress></SelectRequest>`
	assert.Equal(t, want.String(), records(send(body)))

	// JSON output with the escaped delimiter, and \r\n and \t escapes.
	jsonOut := strings.Replace(body, `<CSV><QuoteFields>ASNEEDED</QuoteFields><RecordDelimiter>\n</RecordDelimiter><FieldDelimiter>,</FieldDelimiter>`+
		`<QuoteCharacter>&quot;</QuoteCharacter><QuoteEscapeCharacter>&quot;</QuoteEscapeCharacter></CSV>`, `<JSON><RecordDelimiter>\r\n</RecordDelimiter></JSON>`, 1)
	jsonOut = strings.Replace(jsonOut, "where _3 &gt; 97", "where _1 = '42'", 1)
	assert.Equal(t, `{"_1":"42","_2":"name-42","_3":"42"}`+"\r\n", records(send(jsonOut)))
	e.put("t.tsv", []byte("a\tb\r\n1\t2\r\n"), nil)
	tsv := strings.NewReplacer(`<RecordDelimiter>\n</RecordDelimiter><FieldDelimiter>,</FieldDelimiter>`, `<RecordDelimiter>\r\n</RecordDelimiter><FieldDelimiter>\t</FieldDelimiter>`,
		"where _3 &gt; 97", "", "/dir/p.csv", "/t.tsv").Replace(body)
	r := e.do(call{Method: http.MethodPost, RawPath: "/t.tsv", Host: testBucket + ".cos.ap-guangzhou.myqcloud.com",
		Query: "select=&select-type=2", Body: []byte(tsv), Header: map[string]string{"Content-Type": "application/xml", "Content-MD5": md5b64([]byte(tsv))}})
	// The replacer rewrites input and output alike: both read the escapes.
	assert.Equal(t, "1\t2\r\n", records(r), "\\r\\n records and \\t fields; the header row ignored")

	// Any other backslash sequence stays as sent: two characters, refused.
	bad := strings.Replace(body, "<FieldDelimiter>,</FieldDelimiter>", `<FieldDelimiter>\x</FieldDelimiter>`, 1)
	r = send(bad)
	assert.Equal(t, http.StatusBadRequest, r.Status)
	assert.Equal(t, "InvalidRequestParameter", r.errCode())
}
