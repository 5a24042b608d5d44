package xmlutil

import (
	"bytes"
	"encoding/xml"
	"reflect"
	"strings"
	"testing"
	"time"
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
	f.Add([]byte(`<R xmlns:p="urn:p" p:a="1" b='&lt;'><p:N>x</p:N><S>1</S><S> 2 </S><T>2024-05-01T08:00:00Z</T><B>true</B>` +
		`<In p:c="v">t<x/>u</In><Other k="v"><y>z</y></Other><p:Other/></R>`))
	f.Add([]byte(`<R><In c="1" c="2"/><T/></R>`))
	f.Fuzz(func(t *testing.T, doc []byte) {
		small := Limits{MaxBytes: 1 << 16, Entries: []Entries{PageLimits(3, "Contents", "CommonPrefixes/Prefix")}}
		compareDecode(t, doc, small, &listWire{}, &listWire{})
		compareDecode(t, doc, small, &richWire{}, &richWire{})
	})
}

// richWire uses what configuration documents use of encoding/xml:
// attributes, character data, name spaces, numbers, times, an any field.
type richWire struct {
	XMLName xml.Name
	A       string `xml:"urn:p a,attr"`
	B       string `xml:"b,attr"`
	N       string `xml:"urn:p N"`
	S       []int  `xml:"S"`
	T       *time.Time
	Bool    bool `xml:"B"`
	In      struct {
		C    string `xml:"c,attr"`
		Text string `xml:",chardata"`
	}
	Any []struct {
		XMLName xml.Name
		Attr    []xml.Attr `xml:",any,attr"`
		Inner   string     `xml:"y"`
	} `xml:",any"`
}

// compareDecode decodes doc with DecodeReader into got and with
// encoding/xml into want: what one accepts the other accepts with the
// same result, and what DecodeReader alone refuses is refused for a limit.
func compareDecode(t *testing.T, doc []byte, lim Limits, got, want any) {
	t.Helper()
	_, isErr, empty, err := DecodeReader(bytes.NewReader(doc), got, lim)
	uerr := xml.Unmarshal(doc, want)
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
