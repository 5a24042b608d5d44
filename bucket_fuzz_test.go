package cos

import (
	"encoding/xml"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/cosgo/cos/internal/xmlutil"
)

// FuzzBucketListDecode feeds arbitrary documents to the listing decoders:
// they may fail but never panic, and decoding inverts COS's encoder.
func FuzzBucketListDecode(f *testing.F) {
	for _, name := range []string{"bucket_list_objects.response.xml", "bucket_list_uploads.response.xml"} {
		b, err := os.ReadFile("testdata/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`<ListBucketResult><EncodingType>url</EncodingType><Contents><Key>%E4%B8%AD%zz</Key></Contents></ListBucketResult>`))
	f.Add([]byte(`<ListMultipartUploadsResult><Encoding-Type>URL</Encoding-Type><Upload><Initiated>Wed Jan 18 16:04:17 2017</Initiated></Upload></ListMultipartUploadsResult>`))
	f.Fuzz(func(t *testing.T, doc []byte) {
		var lo listObjectsWire
		if _, isErr, err := xmlutil.Decode(doc, &lo); err == nil && !isErr {
			if res, err := lo.result(); err == nil && strings.EqualFold(lo.EncodingType, "url") {
				// Decoding inverts the encoder COS (and costest) use.
				for _, o := range res.Contents {
					back, err := xmlutil.URLDecode(escapePath(o.Key))
					if err != nil || back != o.Key {
						t.Fatalf("key %q: re-encoded and decoded to %q (%v)", o.Key, back, err)
					}
				}
			}
		}
		var lu listUploadsWire
		if _, isErr, err := xmlutil.Decode(doc, &lu); err == nil && !isErr {
			_, _ = lu.result()
		}
	})
}

// BenchmarkListObjectsDecode measures decoding a full 1000-key page sent
// with encoding-type=url.
func BenchmarkListObjectsDecode(b *testing.B) {
	var sb strings.Builder
	sb.WriteString(`<ListBucketResult><Name>examplebucket-1250000000</Name><EncodingType>url</EncodingType><IsTruncated>true</IsTruncated>`)
	for i := range 1000 {
		fmt.Fprintf(&sb, `<Contents><Key>dir/%%E6%%96%%87%%E4%%BB%%B6%%20%05d.txt</Key><LastModified>2024-05-01T08:00:00.000Z</LastModified>`+
			`<ETag>&quot;f173c1199e3d3b53dd91223cae16fb42&quot;</ETag><Size>%d</Size><Owner><ID>1250000000</ID></Owner>`+
			`<StorageClass>STANDARD</StorageClass></Contents>`, i, i)
	}
	sb.WriteString(`</ListBucketResult>`)
	doc := []byte(sb.String())
	b.SetBytes(int64(len(doc)))
	b.ReportAllocs()
	for b.Loop() {
		var w listObjectsWire
		if err := xml.Unmarshal(doc, &w); err != nil {
			b.Fatal(err)
		}
		if _, err := w.result(); err != nil {
			b.Fatal(err)
		}
	}
}
