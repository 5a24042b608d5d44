package cos

import (
	"bytes"
	"encoding/xml"
	"os"
	"strings"
	"testing"

	"github.com/cosgo/cos/internal/xmlutil"
)

// FuzzListVersionsDecode feeds arbitrary documents to the version-listing
// decoder, which walks the document itself to keep Version and
// DeleteMarker entries in order: it may fail but never panic, it finds the
// same entries encoding/xml finds, and url-decoding inverts COS's encoder.
func FuzzListVersionsDecode(f *testing.F) {
	for _, name := range []string{"bucket_list_versions.response.xml", "bucket_list_versions_url.response.xml"} {
		b, err := os.ReadFile("testdata/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`<ListVersionsResult><Version><Key>a</Key></Version><DeleteMarker><Key>a</Key></DeleteMarker><Version><Key>b</Key></Version></ListVersionsResult>`))
	f.Add([]byte(`<ListVersionsResult><EncodingType>url</EncodingType><CommonPrefixes><Prefix>%zz</Prefix></CommonPrefixes><Version><Key>%E4%B8%AD</Key><Version>x</Version></Version></ListVersionsResult>`))
	f.Add([]byte(`<ListVersionsResult><IsTruncated>maybe</IsTruncated><MaxKeys>-1</MaxKeys><x:Version xmlns:x="n"><Key>k</Key></x:Version></ListVersionsResult>`))
	f.Fuzz(func(t *testing.T, doc []byte) {
		var page listVersionsPage
		_, isErr, _, err := xmlutil.Scan(bytes.NewReader(doc), &page, xmlutil.Limits{MaxBytes: xmlutil.MaxListDocument})
		if err != nil || isErr {
			return
		}
		w := &page.res
		var plain struct {
			Versions []struct {
				Key string `xml:"Key"`
			} `xml:"Version"`
			Markers []struct {
				Key string `xml:"Key"`
			} `xml:"DeleteMarker"`
		}
		if xml.Unmarshal(doc, &plain) == nil {
			var vs, ms int
			for _, e := range w.Versions {
				if e.IsDeleteMarker {
					ms++
				} else {
					vs++
				}
			}
			if vs != len(plain.Versions) || ms != len(plain.Markers) {
				t.Fatalf("%d versions and %d markers, encoding/xml finds %d and %d", vs, ms, len(plain.Versions), len(plain.Markers))
			}
		}
		if !strings.EqualFold(w.EncodingType, EncodingTypeURL) {
			return
		}
		for _, v := range w.Versions {
			back, err := xmlutil.URLDecode(escapePath(v.Key))
			if err != nil || back != v.Key {
				t.Fatalf("key %q: re-encoded and decoded to %q (%v)", v.Key, back, err)
			}
		}
	})
}
