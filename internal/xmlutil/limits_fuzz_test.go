package xmlutil

import (
	"bytes"
	"encoding/xml"
	"reflect"
	"strings"
	"testing"
)

// FuzzDecodeReader checks the limited streaming decoder against
// encoding/xml on the same bodies: what it accepts, encoding/xml accepts
// with the same result, and what it refuses that encoding/xml accepts is
// refused for a limit.
func FuzzDecodeReader(f *testing.F) {
	f.Add([]byte(`<?xml version='1.0' encoding='utf-8' ?><ListBucketResult><Contents><Key>a</Key></Contents><CommonPrefixes><Prefix>p/</Prefix></CommonPrefixes></ListBucketResult>`))
	f.Add([]byte("  \n<Error><Code>InternalError</Code></Error>"))
	f.Add([]byte(`<ListBucketResult xmlns="http://example.com/doc"><Contents a="1" b="2"><Key>&lt;&amp;</Key></Contents></ListBucketResult>`))
	f.Add([]byte("<ListBucketResult>" + strings.Repeat("<a>", 40) + strings.Repeat("</a>", 40) + "</ListBucketResult>"))
	f.Add([]byte("<ListBucketResult><Contents" + strings.Repeat(` a=""`, 20) + "/></ListBucketResult>"))
	f.Add([]byte("<ListBucketResult><!-- c --><![CDATA[x<y]]></ListBucketResult>"))
	f.Fuzz(func(t *testing.T, doc []byte) {
		small := Limits{MaxBytes: 1 << 16, Entries: []Entries{PageLimits(3, "Contents", "CommonPrefixes/Prefix")}}
		var got, want listWire
		_, isErr, empty, err := DecodeReader(bytes.NewReader(doc), &got, small)
		uerr := xml.Unmarshal(doc, &want)
		switch {
		case err == nil && !isErr && !empty:
			if uerr != nil {
				t.Fatalf("accepted what encoding/xml refuses (%v)", uerr)
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("decoded %+v, encoding/xml %+v", got, want)
			}
		case err != nil && uerr == nil && !isLimit(err):
			t.Fatalf("refused what encoding/xml accepts, for no limit: %v", err)
		}
	})
}

// isLimit reports an error that names one of the limits.
func isLimit(err error) bool {
	msg := err.Error()
	for _, s := range []string{"more than", "nested deeper than", "a token longer than", ErrDocumentTooLarge.Error()} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}
