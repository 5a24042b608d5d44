package costest

import (
	"bytes"
	"encoding/xml"
	"io"
	"net/http"
	"strconv"
	"strings"
)

// OpSelectObjectContent is SELECT Object Content (POST
// /key?select&select-type=2): a SQL query over one CSV or JSON object,
// answered as an event stream. costest evaluates the subset described in
// select_sql.go and select_eval.go and refuses the rest.
const OpSelectObjectContent Op = "SelectObjectContent"

// The SelectRequest document. Elements are matched by name in any order;
// values are trimmed of surrounding spaces except the delimiters, whose
// whitespace is meaningful. Sources: cos-go-sdk-v5 v0.7.70
// (ObjectSelectOptions, which omits empty elements) and COS's API docs.
type selectRequestDoc struct {
	Expression     *string `xml:"Expression"`
	ExpressionType string  `xml:"ExpressionType"`
	Input          *struct {
		CompressionType string `xml:"CompressionType"`
		CSV             *struct {
			FileHeaderInfo             string  `xml:"FileHeaderInfo"`
			RecordDelimiter            *string `xml:"RecordDelimiter"`
			FieldDelimiter             *string `xml:"FieldDelimiter"`
			QuoteCharacter             *string `xml:"QuoteCharacter"`
			QuoteEscapeCharacter       *string `xml:"QuoteEscapeCharacter"`
			AllowQuotedRecordDelimiter string  `xml:"AllowQuotedRecordDelimiter"`
			Comments                   *string `xml:"Comments"`
		} `xml:"CSV"`
		JSON *struct {
			Type string `xml:"Type"`
		} `xml:"JSON"`
		Parquet *struct{} `xml:"Parquet"`
	} `xml:"InputSerialization"`
	Output *struct {
		CSV *struct {
			QuoteFields          string  `xml:"QuoteFields"`
			RecordDelimiter      *string `xml:"RecordDelimiter"`
			FieldDelimiter       *string `xml:"FieldDelimiter"`
			QuoteCharacter       *string `xml:"QuoteCharacter"`
			QuoteEscapeCharacter *string `xml:"QuoteEscapeCharacter"`
		} `xml:"CSV"`
		JSON *struct {
			RecordDelimiter *string `xml:"RecordDelimiter"`
		} `xml:"JSON"`
	} `xml:"OutputSerialization"`
	RequestProgress *struct {
		Enabled string `xml:"Enabled"`
	} `xml:"RequestProgress"`
}

// Request error codes (S3 Select's; see choices.go).
const (
	codeSelectMissing     = "MissingRequiredParameter"
	codeSelectExprType    = "InvalidExpressionType"
	codeSelectParameter   = "InvalidRequestParameter"
	codeSelectFileHeader  = "InvalidFileHeaderInfo"
	codeSelectJSONType    = "InvalidJsonType"
	codeSelectQuoteFields = "InvalidQuoteFields"
)

// selectSpec is a validated SelectRequest.
type selectSpec struct {
	expression  string
	compression string
	csvIn       *csvFormat
	fileHeader  string
	jsonLines   bool
	out         outputFormat
	progress    bool
}

func badSelect(code, format string, args ...any) *Error {
	return errorf(http.StatusBadRequest, code, format, args...)
}

func boolParam(name, v string) (bool, *Error) {
	switch strings.ToUpper(strings.TrimSpace(v)) {
	case "", "FALSE":
		return false, nil
	case "TRUE":
		return true, nil
	}
	return false, badSelect(codeSelectParameter, "%s %q must be TRUE or FALSE.", name, v)
}

func parseSelectRequest(body []byte) (*selectSpec, *Error) {
	var d selectRequestDoc
	if err := xml.Unmarshal(body, &d); err != nil {
		return nil, errMalformedXML("SelectRequest: %v", err)
	}
	p := &selectSpec{}
	if d.Expression == nil || strings.TrimSpace(*d.Expression) == "" {
		return nil, badSelect(codeSelectMissing, "SelectRequest needs an Expression.")
	}
	p.expression = *d.Expression
	if et := strings.TrimSpace(d.ExpressionType); !strings.EqualFold(et, "SQL") {
		return nil, badSelect(codeSelectExprType, "ExpressionType %q must be SQL.", et)
	}
	if d.Input == nil || d.Output == nil {
		return nil, badSelect(codeSelectMissing, "SelectRequest needs InputSerialization and OutputSerialization.")
	}
	in := d.Input
	switch ct := strings.ToUpper(strings.TrimSpace(in.CompressionType)); ct {
	case "", "NONE":
		p.compression = "NONE"
	case "GZIP", "BZIP2":
		p.compression = ct
	default:
		return nil, badSelect(codeCompression, "CompressionType %q must be NONE, GZIP or BZIP2.", in.CompressionType)
	}
	if in.Parquet != nil {
		return nil, errorf(http.StatusNotImplemented, "NotImplemented", "costest does not implement Parquet input.")
	}
	if (in.CSV == nil) == (in.JSON == nil) {
		return nil, badSelect(codeSelectParameter, "InputSerialization needs exactly one of CSV and JSON.")
	}
	if c := in.CSV; c != nil {
		p.fileHeader = strings.ToUpper(strings.TrimSpace(c.FileHeaderInfo))
		switch p.fileHeader {
		case "":
			p.fileHeader = "NONE"
		case "NONE", "USE", "IGNORE":
		default:
			return nil, badSelect(codeSelectFileHeader, "FileHeaderInfo %q must be NONE, USE or IGNORE.", c.FileHeaderInfo)
		}
		f, e := csvDialect("InputSerialization.CSV", c.RecordDelimiter, c.FieldDelimiter, c.QuoteCharacter, c.QuoteEscapeCharacter)
		if e != nil {
			return nil, e
		}
		comment, e := chars("Comments", c.Comments, selectDefaultComment, 1)
		if e != nil {
			return nil, e
		}
		allow, e := boolParam("AllowQuotedRecordDelimiter", c.AllowQuotedRecordDelimiter)
		if e != nil {
			return nil, e
		}
		p.csvIn = &csvFormat{record: []byte(f[0]), field: []byte(f[1]), quote: []byte(f[2]), escape: []byte(f[3]),
			comment: []byte(comment), allowQuotedRecord: allow}
	} else {
		switch t := strings.ToUpper(strings.TrimSpace(in.JSON.Type)); t {
		case "DOCUMENT", "LINES":
			p.jsonLines = t == "LINES"
		default:
			return nil, badSelect(codeSelectJSONType, "JSON Type %q must be DOCUMENT or LINES.", in.JSON.Type)
		}
	}
	out := d.Output
	if (out.CSV == nil) == (out.JSON == nil) {
		return nil, badSelect(codeSelectParameter, "OutputSerialization needs exactly one of CSV and JSON.")
	}
	if c := out.CSV; c != nil {
		switch qf := strings.ToUpper(strings.TrimSpace(c.QuoteFields)); qf {
		case "", "ASNEEDED", "ALWAYS":
			p.out.always = qf == "ALWAYS"
		default:
			return nil, badSelect(codeSelectQuoteFields, "QuoteFields %q must be ALWAYS or ASNEEDED.", c.QuoteFields)
		}
		f, e := csvDialect("OutputSerialization.CSV", c.RecordDelimiter, c.FieldDelimiter, c.QuoteCharacter, c.QuoteEscapeCharacter)
		if e != nil {
			return nil, e
		}
		p.out.record, p.out.field, p.out.quote, p.out.escape = f[0], f[1], f[2], f[3]
	} else {
		rd, e := chars("OutputSerialization.JSON.RecordDelimiter", out.JSON.RecordDelimiter, "\n", 2)
		if e != nil {
			return nil, e
		}
		p.out.json, p.out.record = true, rd
	}
	if d.RequestProgress != nil {
		var e *Error
		if p.progress, e = boolParam("RequestProgress.Enabled", d.RequestProgress.Enabled); e != nil {
			return nil, e
		}
	}
	return p, nil
}

// selectObjectContent runs a Select. Errors found before the first event
// (the request, the expression, the header, the first records) are HTTP
// error answers; later ones are error events.
func (s *Server) selectObjectContent(c *reqCtx) *Error {
	if t := c.q.get("select-type"); t != "2" {
		return errInvalidArgument("select-type must be 2, not %q.", t)
	}
	o, _, e := s.store.lookupObject(c.bucket, c.key, c.versionParam())
	if e != nil {
		return e
	}
	if !o.readable(c.now) {
		return newError(http.StatusForbidden, "InvalidObjectState", "The object is archived; restore it before selecting from it.")
	}
	body, e := c.readDocument(maxXMLBody)
	if e != nil {
		return e
	}
	p, e := parseSelectRequest(body)
	if e != nil {
		return e
	}
	q, e := parseSQL(p.expression)
	if e != nil {
		return e
	}
	if q.iterArray && p.csvIn != nil {
		return errUnsupported("FROM COSObject[*] on CSV input")
	}
	in, counts, e := openInput(o.data, p.compression)
	if e != nil {
		return e
	}
	st := &selectStream{c: c, progress: p.progress, counts: counts, fault: c.eventFault}
	runSelect(q, p, in, st)
	return nil
}

// runSelect evaluates q over the records of in and streams the result.
func runSelect(q *selectQuery, p *selectSpec, in io.Reader, st *selectStream) {
	bd := &binder{csv: p.csvIn != nil}
	var next func() (*row, error)
	if p.csvIn != nil {
		cr := newCSVReader(in, *p.csvIn)
		if p.fileHeader != "NONE" {
			h, err := cr.next()
			if err != nil && err != io.EOF {
				st.fail(dataError(err, codeCSVParse))
				return
			}
			if p.fileHeader == "USE" {
				bd.header = h
				if bd.header == nil {
					bd.header = []string{}
				}
			}
		}
		next = func() (*row, error) {
			f, err := cr.next()
			return &row{fields: f}, err
		}
	} else {
		jr := newJSONReader(in, p.jsonLines, q.iterArray)
		next = func() (*row, error) {
			j, err := jr.next()
			return &row{json: j}, err
		}
	}
	cols, e := bd.bindAll(q)
	if e != nil {
		st.fail(e)
		return
	}
	var buf bytes.Buffer
	var keys []string
	vals := make([]value, len(cols))
	for _, b := range cols {
		keys = append(keys, b.key)
	}
	count, out := int64(0), int64(0)
	for q.count || q.limit < 0 || out < q.limit {
		r, err := next()
		if err == io.EOF {
			break
		}
		if err != nil {
			code := codeJSONParse
			if p.csvIn != nil {
				code = codeCSVParse
			}
			st.fail(dataError(err, code))
			return
		}
		if q.where != nil && bd.eval(q.where, r) != triTrue {
			continue
		}
		if q.count {
			count++
			continue
		}
		buf.Reset()
		if q.star {
			starRow(&buf, &p.out, bd.header, r)
		} else {
			for i, b := range cols {
				vals[i] = b.get(r)
			}
			p.out.write(&buf, keys, vals)
		}
		out++
		if !st.write(buf.Bytes()) {
			return
		}
	}
	if q.count && q.limit != 0 {
		buf.Reset()
		key := q.countAs
		if key == "" {
			key = "_1"
		}
		p.out.write(&buf, []string{key}, []value{{kind: vNumber, s: strconv.FormatInt(count, 10)}})
		st.write(buf.Bytes())
	}
	st.finish()
}

// starRow writes a whole record: CSV fields keyed by header name or _N,
// a JSON object as it was (its values only, for CSV output).
func starRow(buf *bytes.Buffer, f *outputFormat, header []string, r *row) {
	if r.json != nil {
		switch {
		case r.json.kind == 'o' && f.json:
			writeJSON(buf, r.json)
			buf.WriteString(f.record)
		case r.json.kind == 'o':
			vals := make([]value, len(r.json.vals))
			for i, v := range r.json.vals {
				vals[i] = fromJSON(v)
			}
			f.write(buf, r.json.keys, vals)
		default:
			f.write(buf, []string{"_1"}, []value{fromJSON(r.json)})
		}
		return
	}
	keys := make([]string, len(r.fields))
	vals := make([]value, len(r.fields))
	for i, s := range r.fields {
		keys[i] = "_" + strconv.Itoa(i+1)
		if i < len(header) {
			keys[i] = header[i]
		}
		vals[i] = value{kind: vString, s: s}
	}
	f.write(buf, keys, vals)
}
