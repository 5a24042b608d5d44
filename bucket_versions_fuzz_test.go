package cos

import (
	"encoding/xml"
	"fmt"
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
		var w listVersionsWire
		_, isErr, err := xmlutil.Decode(doc, &w)
		if err != nil || isErr {
			return
		}
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
			for _, e := range w.Entries {
				if e.deleteMarker {
					ms++
				} else {
					vs++
				}
			}
			if vs != len(plain.Versions) || ms != len(plain.Markers) {
				t.Fatalf("%d versions and %d markers, encoding/xml finds %d and %d", vs, ms, len(plain.Versions), len(plain.Markers))
			}
		}
		res, err := w.result()
		if err != nil || !strings.EqualFold(w.EncodingType, EncodingTypeURL) {
			return
		}
		for _, v := range res.Versions {
			back, err := xmlutil.URLDecode(escapePath(v.Key))
			if err != nil || back != v.Key {
				t.Fatalf("key %q: re-encoded and decoded to %q (%v)", v.Key, back, err)
			}
		}
	})
}

// BenchmarkListVersionsDecode measures decoding a full 1000-entry page of
// versions and delete markers sent with encoding-type=url.
func BenchmarkListVersionsDecode(b *testing.B) {
	var sb strings.Builder
	sb.WriteString(`<ListVersionsResult><Name>examplebucket-1250000000</Name><EncodingType>url</EncodingType><IsTruncated>true</IsTruncated>`)
	for i := range 1000 {
		if i%4 == 3 {
			fmt.Fprintf(&sb, `<DeleteMarker><Key>dir/%%E6%%96%%87%%E4%%BB%%B6%%20%05d.txt</Key><VersionId>MTg0NDUxMzY1MDIzNTQ1ODM2NjE</VersionId>`+
				`<IsLatest>true</IsLatest><LastModified>2024-05-01T08:00:00.000Z</LastModified><Owner><ID>1250000000</ID></Owner></DeleteMarker>`, i)
			continue
		}
		fmt.Fprintf(&sb, `<Version><Key>dir/%%E6%%96%%87%%E4%%BB%%B6%%20%05d.txt</Key><VersionId>MTg0NDUxMzY1MDIzNjQ3NTcwMDk</VersionId>`+
			`<IsLatest>false</IsLatest><LastModified>2024-05-01T08:00:00.000Z</LastModified>`+
			`<ETag>&quot;f173c1199e3d3b53dd91223cae16fb42&quot;</ETag><Size>%d</Size><StorageClass>STANDARD</StorageClass>`+
			`<Owner><ID>1250000000</ID></Owner></Version>`, i, i)
	}
	sb.WriteString(`</ListVersionsResult>`)
	doc := []byte(sb.String())
	b.SetBytes(int64(len(doc)))
	b.ReportAllocs()
	for b.Loop() {
		var w listVersionsWire
		if _, _, err := xmlutil.Decode(doc, &w); err != nil {
			b.Fatal(err)
		}
		if _, err := w.result(); err != nil {
			b.Fatal(err)
		}
	}
}
