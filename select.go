package cos

import (
	"context"
	"encoding/xml"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"
)

// Wire facts for SELECT Object Content, with their sources:
//   - POST /<key>?select&select-type=2, both parameters required; the
//     caller needs cos:GetObject; CSV and JSON objects, plain or compressed
//     with GZIP or BZIP2 (Tencent COS API docs, "SELECT Object Content").
//   - The SelectRequest document: Expression, ExpressionType,
//     InputSerialization (CompressionType; CSV with FileHeaderInfo,
//     RecordDelimiter, FieldDelimiter, QuoteCharacter,
//     QuoteEscapeCharacter, AllowQuotedRecordDelimiter, Comments; or JSON
//     with Type), OutputSerialization (CSV with QuoteFields and the four
//     delimiters; or JSON with RecordDelimiter), and
//     RequestProgress/Enabled; Content-Type application/xml with
//     Content-MD5 (what cos-go-sdk-v5 v0.7.70 sends, object_select.go, and
//     its examples: "Select * from COSObject", "TRUE" for booleans).
//   - The answer is a 200 whose body is an event stream (eventstream.go).
//   - Not confirmed: the value sets USE/IGNORE/NONE, DOCUMENT/LINES,
//     ALWAYS/ASNEEDED and NONE/GZIP/BZIP2 and the one- and two-character
//     delimiter limits are S3 Select's, which COS's request mirrors; the
//     docs state that COS serves Select virtual-host style only.

// CompressionType is how the object of a Select is compressed.
type CompressionType string

// Compression types of [SelectInputSerialization].
const (
	CompressionNone  CompressionType = "NONE"
	CompressionGZIP  CompressionType = "GZIP"
	CompressionBZIP2 CompressionType = "BZIP2"
)

// FileHeaderInfo says what the first line of a CSV object is.
type FileHeaderInfo string

// File header modes of [CSVInput].
const (
	// FileHeaderNone: the first line is data; columns are _1, _2, ...
	FileHeaderNone FileHeaderInfo = "NONE"
	// FileHeaderIgnore: the first line is skipped; columns are _1, _2, ...
	FileHeaderIgnore FileHeaderInfo = "IGNORE"
	// FileHeaderUse: the first line names the columns, usable in the query
	// besides _1, _2, ...
	FileHeaderUse FileHeaderInfo = "USE"
)

// JSONType says how a JSON object is laid out.
type JSONType string

// JSON layouts of [JSONInput].
const (
	// JSONDocument: the object is JSON values one after another, each a
	// record, laid out freely.
	JSONDocument JSONType = "DOCUMENT"
	// JSONLines: one JSON value per line.
	JSONLines JSONType = "LINES"
)

// QuoteFields says when CSV output fields are quoted.
type QuoteFields string

// Quoting modes of [CSVOutput].
const (
	// QuoteFieldsAsNeeded quotes a field only when it holds a delimiter or
	// quote character (the default).
	QuoteFieldsAsNeeded QuoteFields = "ASNEEDED"
	// QuoteFieldsAlways quotes every field.
	QuoteFieldsAlways QuoteFields = "ALWAYS"
)

// SelectRequest is the query of [ObjectService.Select]: a SQL expression
// over one CSV or JSON object and the formats to read and answer in.
type SelectRequest struct {
	// Expression is the SQL statement, for example
	// "SELECT _1, _3 FROM COSObject WHERE _2 > 10". Required.
	Expression string
	// ExpressionType is the query language; "" means "SQL", the only one
	// COS accepts.
	ExpressionType string
	// InputSerialization describes the object: exactly one of CSV and JSON,
	// and its compression.
	InputSerialization SelectInputSerialization
	// OutputSerialization is the format of the records returned: exactly
	// one of CSV and JSON.
	OutputSerialization SelectOutputSerialization
	// RequestProgress asks COS to send progress while it scans, read
	// through [SelectResult.Progress].
	RequestProgress bool
}

// SelectInputSerialization describes the object a Select reads.
type SelectInputSerialization struct {
	// CompressionType is NONE (the default), GZIP or BZIP2.
	CompressionType CompressionType
	CSV             *CSVInput
	JSON            *JSONInput
}

// CSVInput describes a CSV object. Empty fields take COS's defaults:
// header NONE, records ending in "\n", fields separated by ",", quoted
// with `"` and a quote escaped by doubling it.
type CSVInput struct {
	FileHeaderInfo FileHeaderInfo
	// RecordDelimiter ends a record: one or two characters ("\r\n").
	RecordDelimiter string
	// FieldDelimiter, QuoteCharacter and QuoteEscapeCharacter are one
	// character each.
	FieldDelimiter       string
	QuoteCharacter       string
	QuoteEscapeCharacter string
	// Comments, one character, marks lines to skip when it starts them.
	Comments string
	// AllowQuotedRecordDelimiter lets a quoted field hold the record
	// delimiter (slower on COS's side).
	AllowQuotedRecordDelimiter bool
}

// JSONInput describes a JSON object.
type JSONInput struct {
	// Type is DOCUMENT (the default) or LINES.
	Type JSONType
}

// SelectOutputSerialization is the format of the returned records.
type SelectOutputSerialization struct {
	CSV  *CSVOutput
	JSON *JSONOutput
}

// CSVOutput formats records as CSV. Empty fields take the defaults
// ASNEEDED, "\n", ",", `"` and `"`.
type CSVOutput struct {
	QuoteFields          QuoteFields
	RecordDelimiter      string
	FieldDelimiter       string
	QuoteCharacter       string
	QuoteEscapeCharacter string
}

// JSONOutput formats each record as a JSON object.
type JSONOutput struct {
	// RecordDelimiter follows each record; "" means "\n".
	RecordDelimiter string
}

// The SelectRequest document as sent. Booleans are spelled TRUE/FALSE as
// the official SDK's examples do.
type selectRequestXML struct {
	XMLName         xml.Name     `xml:"SelectRequest"`
	Expression      string       `xml:"Expression"`
	ExpressionType  string       `xml:"ExpressionType"`
	Input           selectInXML  `xml:"InputSerialization"`
	Output          selectOutXML `xml:"OutputSerialization"`
	RequestProgress string       `xml:"RequestProgress>Enabled"`
}

type selectInXML struct {
	CompressionType string     `xml:"CompressionType"`
	CSV             *csvInXML  `xml:"CSV,omitempty"`
	JSON            *jsonInXML `xml:"JSON,omitempty"`
}

type csvInXML struct {
	FileHeaderInfo             string `xml:"FileHeaderInfo,omitempty"`
	RecordDelimiter            string `xml:"RecordDelimiter,omitempty"`
	FieldDelimiter             string `xml:"FieldDelimiter,omitempty"`
	QuoteCharacter             string `xml:"QuoteCharacter,omitempty"`
	QuoteEscapeCharacter       string `xml:"QuoteEscapeCharacter,omitempty"`
	AllowQuotedRecordDelimiter string `xml:"AllowQuotedRecordDelimiter"`
	Comments                   string `xml:"Comments,omitempty"`
}

type jsonInXML struct {
	Type string `xml:"Type"`
}

type selectOutXML struct {
	CSV  *csvOutXML  `xml:"CSV,omitempty"`
	JSON *jsonOutXML `xml:"JSON,omitempty"`
}

type csvOutXML struct {
	QuoteFields          string `xml:"QuoteFields,omitempty"`
	RecordDelimiter      string `xml:"RecordDelimiter,omitempty"`
	FieldDelimiter       string `xml:"FieldDelimiter,omitempty"`
	QuoteCharacter       string `xml:"QuoteCharacter,omitempty"`
	QuoteEscapeCharacter string `xml:"QuoteEscapeCharacter,omitempty"`
}

type jsonOutXML struct {
	RecordDelimiter string `xml:"RecordDelimiter,omitempty"`
}

func upperBool(b bool) string {
	if b {
		return "TRUE"
	}
	return "FALSE"
}

// oneOf normalises an enum value (case-insensitively) or refuses it.
func oneOf[T ~string](field string, v T, def T, allowed ...T) (T, error) {
	if v == "" {
		return def, nil
	}
	up := T(strings.ToUpper(string(v)))
	for _, a := range allowed {
		if up == a {
			return a, nil
		}
	}
	return "", invalidArg(field, "unknown value %q (want one of %v)", v, allowed)
}

// delimiter checks a delimiter of 1..maxChars characters ("" = default).
func delimiter(field, v string, maxChars int) error {
	if v != "" && (utf8.RuneCountInString(v) > maxChars || !utf8.ValidString(v)) {
		if maxChars == 1 {
			return invalidArg(field, "%q must be one character", v)
		}
		return invalidArg(field, "%q must be 1 to %d characters", v, maxChars)
	}
	return nil
}

func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

// distinct refuses a field and quote delimiter that collide with each
// other or with the record delimiter: the object could not be split.
func distinct(prefix, record, field, quote string) error {
	record, field, quote = orDefault(record, "\n"), orDefault(field, ","), orDefault(quote, `"`)
	switch {
	case field == record || strings.Contains(record, field):
		return invalidArg(prefix+".FieldDelimiter", "%q collides with the record delimiter %q", field, record)
	case quote == field || strings.Contains(record, quote):
		return invalidArg(prefix+".QuoteCharacter", "%q collides with a delimiter", quote)
	}
	return nil
}

// wire validates r and builds the document to send.
func (r *SelectRequest) wire() (*selectRequestXML, error) {
	if r == nil {
		return nil, invalidArg("SelectRequest", "is nil")
	}
	if strings.TrimSpace(r.Expression) == "" {
		return nil, invalidArg("Expression", "is empty")
	}
	w := &selectRequestXML{Expression: r.Expression, RequestProgress: upperBool(r.RequestProgress)}
	et, err := oneOf("ExpressionType", r.ExpressionType, "SQL", "SQL")
	if err != nil {
		return nil, err
	}
	w.ExpressionType = et
	in, out := &r.InputSerialization, &r.OutputSerialization
	ct, err := oneOf("InputSerialization.CompressionType", in.CompressionType, CompressionNone, CompressionNone, CompressionGZIP, CompressionBZIP2)
	if err != nil {
		return nil, err
	}
	w.Input.CompressionType = string(ct)
	switch {
	case in.CSV == nil && in.JSON == nil:
		return nil, invalidArg("InputSerialization", "needs CSV or JSON")
	case in.CSV != nil && in.JSON != nil:
		return nil, invalidArg("InputSerialization", "has both CSV and JSON; set one")
	case in.CSV != nil:
		c := in.CSV
		fh, err := oneOf("InputSerialization.CSV.FileHeaderInfo", c.FileHeaderInfo, "", FileHeaderNone, FileHeaderIgnore, FileHeaderUse)
		if err != nil {
			return nil, err
		}
		const p = "InputSerialization.CSV"
		if err := checkCSVChars(p, c.RecordDelimiter, c.FieldDelimiter, c.QuoteCharacter, c.QuoteEscapeCharacter); err != nil {
			return nil, err
		}
		if err := delimiter(p+".Comments", c.Comments, 1); err != nil {
			return nil, err
		}
		w.Input.CSV = &csvInXML{string(fh), c.RecordDelimiter, c.FieldDelimiter, c.QuoteCharacter, c.QuoteEscapeCharacter, upperBool(c.AllowQuotedRecordDelimiter), c.Comments}
	default:
		jt, err := oneOf("InputSerialization.JSON.Type", in.JSON.Type, JSONDocument, JSONDocument, JSONLines)
		if err != nil {
			return nil, err
		}
		w.Input.JSON = &jsonInXML{string(jt)}
	}
	switch {
	case out.CSV == nil && out.JSON == nil:
		return nil, invalidArg("OutputSerialization", "needs CSV or JSON")
	case out.CSV != nil && out.JSON != nil:
		return nil, invalidArg("OutputSerialization", "has both CSV and JSON; set one")
	case out.CSV != nil:
		c := out.CSV
		qf, err := oneOf("OutputSerialization.CSV.QuoteFields", c.QuoteFields, "", QuoteFieldsAsNeeded, QuoteFieldsAlways)
		if err != nil {
			return nil, err
		}
		if err := checkCSVChars("OutputSerialization.CSV", c.RecordDelimiter, c.FieldDelimiter, c.QuoteCharacter, c.QuoteEscapeCharacter); err != nil {
			return nil, err
		}
		w.Output.CSV = &csvOutXML{string(qf), c.RecordDelimiter, c.FieldDelimiter, c.QuoteCharacter, c.QuoteEscapeCharacter}
	default:
		if err := delimiter("OutputSerialization.JSON.RecordDelimiter", out.JSON.RecordDelimiter, 2); err != nil {
			return nil, err
		}
		w.Output.JSON = &jsonOutXML{out.JSON.RecordDelimiter}
	}
	return w, nil
}

// checkCSVChars validates the delimiters of a CSV element.
func checkCSVChars(prefix, record, field, quote, escape string) error {
	if err := delimiter(prefix+".RecordDelimiter", record, 2); err != nil {
		return err
	}
	for _, f := range [][2]string{{"FieldDelimiter", field}, {"QuoteCharacter", quote}, {"QuoteEscapeCharacter", escape}} {
		if err := delimiter(prefix+"."+f[0], f[1], 1); err != nil {
			return err
		}
	}
	return distinct(prefix, record, field, quote)
}

// Select runs a SQL query over one CSV or JSON object on COS's side
// (SELECT Object Content) and streams back the matching records. On
// success the caller reads the records from the returned [SelectResult]
// and must Close it; Stats and the last Progress are available once Read
// has returned io.EOF.
//
// The request is a POST but only reads, so it is retried like a GET: on
// 5xx, throttling and connection failures before the answer starts. Once
// the 200 arrives the stream belongs to the caller and nothing is retried:
// records already read cannot be taken back. Errors inside the stream come
// from Read: an error event from COS is a *ServiceError carrying its code
// and message (StatusCode is the 200 the stream began with), a stream
// that ends without its End event wraps io.ErrUnexpectedEOF, and a frame
// whose CRC32 does not match wraps ErrChecksumMismatch (a 200 carrying an
// <Error> document instead of a stream is a *ServiceError too); a short
// result is never silent. Cancelling ctx stops the stream.
//
// Errors before the stream: ErrNotFound for a missing key,
// ErrAccessDenied, a *ServiceError for a query COS refuses (400), and
// ErrInvalidArgument, before anything is sent, for an empty key or
// expression, an unknown format, compression or enum value, or bad
// delimiters (the error names the field).
func (s *ObjectService) Select(ctx context.Context, key string, req *SelectRequest) (*SelectResult, *Response, error) {
	if err := validateKey(key); err != nil {
		return nil, nil, err
	}
	doc, err := req.wire()
	if err != nil {
		return nil, nil, err
	}
	o := &op{
		name: "SelectObjectContent", method: http.MethodPost, object: true, key: key,
		query:   url.Values{"select": {""}, "select-type": {"2"}},
		xmlBody: doc, idempotent: true, keepBody: true,
		// While COS scans, the stream may carry only a small progress or
		// continuation event now and then.
		keepAlive: true,
	}
	resp, err := s.client.do(ctx, o)
	if err != nil {
		return nil, resp, err
	}
	res := newSelectResult(resp, http.MethodPost, "/"+key)
	res.secrets = s.client.cfg.secrets
	return res, resp, nil
}
