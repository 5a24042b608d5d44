package xmlutil

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// repeated streams head, then unit over and over until n bytes (n < 0:
// forever), then tail, without holding the document in memory.
type repeated struct {
	head, unit, tail string
	n                int64 // bytes of units still to send; < 0 endless
	stage            int
	off              int
	sent             int64
}

func newRepeated(head, unit, tail string, n int64) *repeated {
	return &repeated{head: head, unit: unit, tail: tail, n: n}
}

func (r *repeated) Read(p []byte) (int, error) {
	total := 0
	for len(p) > 0 {
		var src string
		switch r.stage {
		case 0:
			src = r.head
		case 1:
			if r.n >= 0 && r.n < int64(len(r.unit)) {
				r.stage, r.off = 2, 0
				continue
			}
			src = r.unit
		case 2:
			src = r.tail
		default:
			if total == 0 {
				return 0, io.EOF
			}
			return total, nil
		}
		k := copy(p, src[r.off:])
		p, total, r.off = p[k:], total+k, r.off+k
		r.sent += int64(k)
		if r.off == len(src) {
			r.off = 0
			switch r.stage {
			case 1:
				if r.n >= 0 {
					r.n -= int64(len(r.unit))
				}
			default:
				r.stage++
			}
		}
	}
	return total, nil
}

type listWire struct {
	XMLName        xml.Name `xml:"ListBucketResult"`
	Contents       []struct{ Key string }
	CommonPrefixes []string `xml:"CommonPrefixes>Prefix"`
}

var listLimits = Limits{MaxBytes: MaxListDocument, Entries: []Entries{PageLimits(0, "Contents", "CommonPrefixes/Prefix")}}

// heapCost runs f and returns the bytes allocated meanwhile (an upper
// bound of the heap f held above its baseline) and the time it took.
func heapCost(f func()) (uint64, time.Duration) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	f()
	took := time.Since(start)
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc, took
}

// TestDecodeReaderHostileDocuments feeds documents built to cost their
// reader: each must fail with ErrInvalid having allocated a bounded
// amount, whatever size the document claims.
func TestDecodeReaderHostileDocuments(t *testing.T) {
	const big = 64 << 20
	for _, tc := range []struct {
		name string
		r    io.Reader
		want string
		lim  *Limits // listLimits when nil
	}{
		{"64 MiB of empty Contents", newRepeated("<ListBucketResult>", "<Contents/>", "</ListBucketResult>", big), "more than 1000 entries", nil},
		{"64 MiB of empty CommonPrefixes", newRepeated("<ListBucketResult><CommonPrefixes>", "<Prefix/>", "</CommonPrefixes></ListBucketResult>", big), "more than 1000 entries", nil},
		{"64 MiB of nesting", newRepeated("<ListBucketResult>", "<a>", "", big), "nested deeper than 32", nil},
		{"64 MiB of attributes", newRepeated("<ListBucketResult><Contents", ` a=""`, "/></ListBucketResult>", big), "more than 16 attributes", nil},
		{"64 MiB attribute value", newRepeated(`<ListBucketResult><Contents a="`, "a", `"/></ListBucketResult>`, big), "a token longer than", nil},
		{"17 attributes", newRepeated("<ListBucketResult><Contents", ` a=""`, "/></ListBucketResult>", 17*5), "more than 16 attributes", nil},
		{"64 MiB of unknown elements", newRepeated("<ListBucketResult>", "<x/>", "</ListBucketResult>", big), "more than 262144 tokens", nil},
		{"64 MiB of comments", newRepeated("<ListBucketResult>", "<!---->", "</ListBucketResult>", big), "more than 262144 tokens", nil},
		{"64 MiB of text", newRepeated("<ListBucketResult><Name>", strings.Repeat("a", 4096), "</Name></ListBucketResult>", big), "a token longer than", nil},
		// The byte cap, at 2 MiB so the race detector reads less.
		{"64 MiB of short texts", newRepeated("<ListBucketResult>", "<Name>"+strings.Repeat("a", 4096)+"</Name>", "</ListBucketResult>", big), ErrDocumentTooLarge.Error(),
			&Limits{MaxBytes: 2 << 20}},
		{"endless entries", newRepeated("<ListBucketResult>", "<Contents><Key>k</Key></Contents>", "", -1), "more than 1000 entries", nil},
		{"endless white space", newRepeated("", strings.Repeat(" ", 4096), "", -1), "a token longer than", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var err error
			lim := listLimits
			if tc.lim != nil {
				lim = *tc.lim
			}
			alloc, took := heapCost(func() {
				var v listWire
				_, _, _, err = DecodeReader(tc.r, &v, lim)
			})
			require.ErrorIs(t, err, ErrInvalid)
			assert.Contains(t, err.Error(), tc.want)
			assert.Less(t, alloc, uint64(64<<20), "allocated %d MiB", alloc>>20)
			t.Logf("%s: %v, allocated %.1f MiB in %v", tc.name, err, float64(alloc)/(1<<20), took)
		})
	}
}

// TestDecodeReaderRealPageFits checks that the largest real listing page
// (1000 entries with 850-byte keys percent-encoded in full) passes every
// limit, and that one entry more does not.
func TestDecodeReaderRealPageFits(t *testing.T) {
	key := strings.Repeat("%E7", 850)
	page := func(n int) string {
		var b strings.Builder
		b.WriteString("<ListBucketResult>\n")
		for i := range n {
			if i%2 == 0 {
				fmt.Fprintf(&b, "  <Contents>\n    <Key>%s</Key>\n    <LastModified>2020-12-10T03:37:30.000Z</LastModified>\n"+
					"    <ETag>&quot;f173c1199e3d3b53dd91223cae16fb42&quot;</ETag>\n    <Size>37</Size>\n"+
					"    <Owner><ID>1250000000</ID><DisplayName>1250000000</DisplayName></Owner>\n"+
					"    <StorageClass>STANDARD</StorageClass>\n  </Contents>\n", key)
			} else {
				fmt.Fprintf(&b, "  <CommonPrefixes><Prefix>%s/</Prefix></CommonPrefixes>\n", key)
			}
		}
		b.WriteString("</ListBucketResult>\n")
		return b.String()
	}
	doc := page(1000)
	assert.Less(t, len(doc), MaxListDocument/4, "the cap is a generous multiple of a real page")
	var v listWire
	_, isErr, empty, err := DecodeReader(strings.NewReader(doc), &v, listLimits)
	require.NoError(t, err)
	assert.False(t, isErr || empty)
	assert.Len(t, v.Contents, 500)
	assert.Len(t, v.CommonPrefixes, 500)

	_, _, _, err = DecodeReader(strings.NewReader(page(1001)), &v, listLimits)
	require.ErrorIs(t, err, ErrInvalid)
	assert.Contains(t, err.Error(), "more than 1000 entries (Contents, CommonPrefixes/Prefix)")

	// A smaller page size asked for is a smaller bound.
	small := Limits{Entries: []Entries{PageLimits(10, "Contents")}}
	_, _, _, err = DecodeReader(strings.NewReader(page(21)), &v, small)
	require.ErrorIs(t, err, ErrInvalid)
	assert.Contains(t, err.Error(), "more than 10 entries")
}

// TestDecodeReaderKinds checks the answers that are not hostile: an
// <Error> root, an empty body, a cut body (a read error, not ErrInvalid)
// and a malformed document (ErrInvalid).
func TestDecodeReaderKinds(t *testing.T) {
	var v listWire
	doc, isErr, _, err := DecodeReader(strings.NewReader("  \n<Error><Code>InternalError</Code></Error>"), &v, Limits{})
	require.NoError(t, err)
	assert.True(t, isErr)
	assert.Equal(t, "InternalError", doc.Code)

	_, _, empty, err := DecodeReader(strings.NewReader(" \n\t"), &v, Limits{})
	require.NoError(t, err)
	assert.True(t, empty)

	cut := io.MultiReader(strings.NewReader("<ListBucketResult><Contents>"), errReader{io.ErrUnexpectedEOF})
	_, _, _, err = DecodeReader(cut, &v, Limits{})
	require.ErrorIs(t, err, io.ErrUnexpectedEOF)
	assert.NotErrorIs(t, err, ErrInvalid, "a cut body is the network's fault")

	for _, bad := range []string{"<ListBucketResult><Contents>", "<html>", "<ListBucketResult></Other>", "junk"} {
		_, _, _, err = DecodeReader(strings.NewReader(bad), &v, Limits{})
		require.ErrorIs(t, err, ErrInvalid, bad)
	}
	chunk := "<a>" + strings.Repeat("t", 200<<10) + "</a>"
	_, _, _, err = DecodeReader(newRepeated("<ListBucketResult>", chunk, "</ListBucketResult>", 2*MaxSmallDocument), &v, Limits{})
	require.ErrorIs(t, err, ErrDocumentTooLarge)
	require.ErrorIs(t, err, ErrInvalid)

	_, ok := ParseError([]byte("<Error>" + strings.Repeat("<a>", 40) + "</Error>"))
	assert.False(t, ok, "an error document over the depth limit is not one")
}

type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

// TestCapReader checks the byte cap at its edge.
func TestCapReader(t *testing.T) {
	b, err := io.ReadAll(&capReader{r: strings.NewReader("12345"), left: 5})
	require.NoError(t, err)
	assert.Equal(t, "12345", string(b))
	b, err = io.ReadAll(&capReader{r: strings.NewReader("123456"), left: 5})
	assert.True(t, errors.Is(err, ErrDocumentTooLarge))
	assert.Equal(t, "12345", string(b))
}

// textDoc decodes the text of the root's <Key> children with the
// Scanner, as the listing decoders do.
type textDoc struct{ keys []string }

func (d *textDoc) DecodeXML(s *Scanner) error {
	for s.Child() {
		if string(s.Local()) != "Key" {
			s.Skip()
			continue
		}
		var k string
		s.String(&k)
		d.keys = append(d.keys, k)
	}
	return s.Err()
}

// TestTextInPiecesIsOneToken checks that the text of one element is held
// to MaxTokenBytes however it is split (by comments, CDATA sections or
// child elements): encoding/xml and Text join the pieces into one value,
// so small pieces must not add up to an unbounded one. Text of that size
// in separate elements is fine.
func TestTextInPiecesIsOneToken(t *testing.T) {
	piece := strings.Repeat("a", 4096)
	n := MaxTokenBytes/len(piece) + 1
	for name, sep := range map[string]string{
		"comments": "<!-- -->", "CDATA": "<![CDATA[]]>", "child elements": "<x/>", "processing instructions": "<?p?>",
	} {
		doc := "<ListBucketResult><Contents><Key>" + strings.Repeat(piece+sep, n) + "</Key></Contents></ListBucketResult>"
		var v listWire
		_, _, _, err := DecodeReader(strings.NewReader(doc), &v, listLimits)
		require.ErrorIs(t, err, ErrInvalid, "%s: encoding/xml's tokens", name)
		assert.Contains(t, err.Error(), "a token longer than", name)

		doc = "<R><Key>" + strings.Repeat(piece+sep, n) + "</Key></R>"
		var d textDoc
		_, _, _, err = Scan(strings.NewReader(doc), &d, listLimits)
		require.ErrorIs(t, err, ErrInvalid, "%s: Text", name)
		assert.Contains(t, err.Error(), "a token longer than", name)
	}
	doc := "<R>" + strings.Repeat("<Key>"+piece+"<!-- -->"+piece+"</Key>", n) + "</R>"
	var d textDoc
	_, _, _, err := Scan(strings.NewReader(doc), &d, listLimits)
	require.NoError(t, err)
	assert.Len(t, d.keys, n)
	var v listWire
	_, _, _, err = DecodeReader(strings.NewReader("<ListBucketResult>"+strings.Repeat("<Contents><Key>"+piece+"<x/>"+piece+"</Key></Contents>", n)+"</ListBucketResult>"), &v, listLimits)
	require.NoError(t, err)
	assert.Len(t, v.Contents, n)
}
