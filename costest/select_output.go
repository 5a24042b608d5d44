package costest

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
)

// Writing Select records as CSV or JSON (rules in select_eval.go).

// outputFormat writes records in the requested format.
type outputFormat struct {
	json                         bool
	record, field, quote, escape string
	always                       bool
}

// write formats one record of named values (MISSING ones left out of
// JSON, empty in CSV).
func (f *outputFormat) write(buf *bytes.Buffer, keys []string, vals []value) {
	if f.json {
		buf.WriteByte('{')
		first := true
		for i, v := range vals {
			if v.kind == vMissing {
				continue
			}
			if !first {
				buf.WriteByte(',')
			}
			first = false
			writeJSONString(buf, keys[i])
			buf.WriteByte(':')
			writeJSONValue(buf, v)
		}
		buf.WriteByte('}')
		buf.WriteString(f.record)
		return
	}
	for i, v := range vals {
		if i > 0 {
			buf.WriteString(f.field)
		}
		s := csvText(v)
		if f.always || strings.Contains(s, f.field) || strings.Contains(s, f.quote) ||
			strings.Contains(s, f.record) || strings.ContainsAny(s, "\r\n") {
			s = f.quote + strings.ReplaceAll(s, f.quote, f.escape+f.quote) + f.quote
		}
		buf.WriteString(s)
	}
	buf.WriteString(f.record)
}

func csvText(v value) string {
	switch v.kind {
	case vString, vNumber:
		return v.s
	case vBool:
		return strconv.FormatBool(v.b)
	case vComposite:
		var b bytes.Buffer
		writeJSON(&b, v.j)
		return b.String()
	}
	return ""
}

func writeJSONValue(buf *bytes.Buffer, v value) {
	switch v.kind {
	case vString:
		writeJSONString(buf, v.s)
	case vNumber:
		buf.WriteString(v.s)
	case vBool:
		buf.WriteString(strconv.FormatBool(v.b))
	case vComposite:
		writeJSON(buf, v.j)
	default:
		buf.WriteString("null")
	}
}

// writeJSON writes j compactly, keys in their original order.
func writeJSON(buf *bytes.Buffer, j *jsonValue) {
	switch j.kind {
	case 'o', 'a':
		open, close := byte('{'), byte('}')
		if j.kind == 'a' {
			open, close = '[', ']'
		}
		buf.WriteByte(open)
		for i, v := range j.vals {
			if i > 0 {
				buf.WriteByte(',')
			}
			if j.kind == 'o' {
				writeJSONString(buf, j.keys[i])
				buf.WriteByte(':')
			}
			writeJSON(buf, v)
		}
		buf.WriteByte(close)
	default:
		writeJSONValue(buf, fromJSON(j))
	}
}

func writeJSONString(buf *bytes.Buffer, s string) {
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)
	buf.Truncate(buf.Len() - 1) // Encode's newline
}
