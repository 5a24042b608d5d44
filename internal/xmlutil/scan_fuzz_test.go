package xmlutil

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"slices"
	"strings"
	"testing"
)

// scanSeeds are documents at the edges of what encoding/xml accepts.
var scanSeeds = []string{
	`<?xml version="1.0" encoding="UTF-8"?>` + "\n<ListBucketResult><Name>b</Name><Contents><Key>a&amp;b&#x4E2D;&#20013;</Key></Contents></ListBucketResult>",
	`<?xml version='1.1'?><a/>`,
	`<?xml encoding="latin1"?><a/>`,
	`<?xml version="1.0" encoding='Utf-8'?><a/>`,
	`<?xmlx y?><a/>`,
	`<?xml?><a/>`,
	"<!DOCTYPE a [<!ENTITY e 'x>'> <!-- c > --> ]><a>&e;</a>",
	"<!DOCTYPE a \"q>\" <b <c>>><a/>",
	"<!><a/>",
	"<a><![CDATA[x<y]]]]><![CDATA[>z]]></a>",
	"<a><![CDATA[x]]x]]></a>",
	"<a>]]></a>",
	"<a>]]&gt;</a>",
	"<a>x\r\ny\rz\r</a>", "0\r\x80", "<a>\r\xff</a>", "<a b='\r\x01'/>",
	"<a>&#0;</a>", "<a>&#xD800;</a>", "<a>&#x110000;</a>", "<a>&#xFFFE;</a>", "<a>&#X41;</a>", "<a>&#;</a>", "<a>&#99999999999999999999999;</a>",
	"<a>&foo;</a>", "<a>&lt</a>", "<a>&;</a>", "<a>\x01</a>", "<a>\xff</a>", "<a>\xef\xbf\xbe</a>", "<a>\xed\xa0\x80</a>",
	"<a><!-- x -- y --></a>", "<a><!----></a>", "<a><!---></a>", "<a><!-x--></a>", "<a><![CDAT[x]]></a>",
	`<a b="1"c='2' d = "&quot;"/>`, `<a b=1/>`, `<a b/>`, `<a b="<"/>`, `<a b="]]>"/>`, `<a b="x` + "\r\n" + `y"/>`,
	"<a:b:c/>", "<:a/>", "<a:/>", "<a/ >", "< a/>", "<1a/>", "<-a/>", "<a1.-_:/>",
	"<名字/>", "<a名/>", "<\xff/>", "<a\xcc\x80/>", "<\xcc\x80/>",
	"<a></b>", "<a></a >", "<a></a x>", "<p:a></a>", "<p:a xmlns:p='urn:x'></p:a>", "<a xmlns='urn:d' xmlns='urn:e'/>",
	"<xml:a/>", "<xmlns:a xmlns:xmlns='v'/>", "<xmlns xmlns='v'/>", "<p:a xmlns:p=''/>",
	"</a>", "text<a/>", "  ", "", "<!-- only -->", "<?pi x?>", "<a>", "<a><b></a>", "<a>x", "<a/>trailing <b",
	"<a " + strings.Repeat(`x="1" `, 17) + "/>",
	strings.Repeat("<a>", 33) + strings.Repeat("</a>", 33),
}

// xmlTokens is what encoding/xml's Token gives for doc up to the end of
// its root: start and end tags by local name, character data as "#"
// text. space is the root's name space; prolog reports content other
// than white space before the root.
func xmlTokens(doc []byte) (toks []string, space string, prolog bool, err error) {
	d := xml.NewDecoder(bytes.NewReader(doc))
	depth := 0
	for {
		t, err := d.Token()
		if err != nil {
			return toks, space, prolog, err
		}
		switch t := t.(type) {
		case xml.StartElement:
			if depth == 0 {
				space = t.Name.Space
			}
			depth++
			toks = append(toks, "<"+t.Name.Local)
		case xml.EndElement:
			depth--
			toks = append(toks, ">"+t.Name.Local)
			if depth == 0 {
				return toks, space, prolog, nil
			}
		case xml.CharData:
			toks = append(toks, "#"+string(t))
			if depth == 0 && len(bytes.TrimSpace(t)) > 0 {
				prolog = true
			}
		default:
			if depth == 0 {
				prolog = true
			}
		}
	}
}

// scanTokens is the same from a Scanner.
func scanTokens(doc []byte) (toks []string, space string, prolog bool, err error) {
	s := newScanner(bytes.NewReader(doc), Limits{MaxBytes: 1 << 20})
	defer s.release()
	var open []string
	for {
		switch s.next() {
		case kindNone:
			return toks, space, s.content, s.err
		case kindStart:
			if s.depth == 1 {
				space = s.RootName().Space
			}
			open = append(open, string(s.Local()))
			toks = append(toks, "<"+open[len(open)-1])
		case kindEnd:
			toks = append(toks, ">"+open[len(open)-1])
			open = open[:len(open)-1]
			if len(open) == 0 {
				return toks, space, s.content, nil
			}
		case kindText:
			toks = append(toks, "#"+string(s.text))
		}
	}
}

// FuzzScannerTokens checks the Scanner against encoding/xml on the same
// bodies: the same tokens up to the end of the root, or both an error
// (the Scanner may also stop at one of its limits).
func FuzzScannerTokens(f *testing.F) {
	for _, s := range scanSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, doc []byte) {
		want, wantSpace, wantProlog, werr := xmlTokens(doc)
		got, gotSpace, gotProlog, gerr := scanTokens(doc)
		switch {
		case gerr != nil && werr == nil:
			if !isLimit(gerr) {
				t.Fatalf("Scanner refuses what encoding/xml accepts: %v\nencoding/xml: %q", gerr, want)
			}
			return
		case gerr == nil && werr != nil:
			t.Fatalf("Scanner accepts what encoding/xml refuses (%v): %q", werr, got)
		case gerr != nil:
			if (gerr == io.EOF) != (werr == io.EOF) {
				t.Fatalf("Scanner error %v, encoding/xml %v", gerr, werr)
			}
			if gerr == io.EOF && gotProlog != wantProlog {
				t.Fatalf("content before the root: Scanner %v, encoding/xml %v", gotProlog, wantProlog)
			}
			if !errors.Is(gerr, ErrInvalid) && gerr != io.EOF {
				t.Fatalf("syntax error %v does not wrap ErrInvalid", gerr)
			}
			return
		}
		if !slices.Equal(got, want) {
			t.Fatalf("tokens differ:\nScanner      %q\nencoding/xml %q", got, want)
		}
		if gotSpace != wantSpace {
			t.Fatalf("root name space %q, encoding/xml %q", gotSpace, wantSpace)
		}
	})
}

// TestScannerSeeds runs the seeds with their verdicts spelled out, so a
// change in either decoder shows here first.
func TestScannerSeeds(t *testing.T) {
	accepted := 0
	for _, doc := range scanSeeds {
		want, _, _, werr := xmlTokens([]byte(doc))
		got, _, _, gerr := scanTokens([]byte(doc))
		if (werr == nil) != (gerr == nil) && !(gerr != nil && isLimit(gerr)) {
			t.Errorf("%q: Scanner %v (%q), encoding/xml %v (%q)", doc, gerr, got, werr, want)
		}
		if gerr == nil && !slices.Equal(got, want) {
			t.Errorf("%q: Scanner %q, encoding/xml %q", doc, got, want)
		}
		if gerr == nil {
			accepted++
		}
	}
	if accepted < 10 || accepted > len(scanSeeds)-10 {
		t.Errorf("%d of %d seeds accepted: the seeds should cover both verdicts", accepted, len(scanSeeds))
	}
}
