package cos

import (
	"bytes"
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
		var lo listObjectsPage
		lim := xmlutil.Limits{MaxBytes: xmlutil.MaxListDocument}
		if _, isErr, _, err := xmlutil.Scan(bytes.NewReader(doc), &lo, lim); err == nil && !isErr && strings.EqualFold(lo.res.EncodingType, "url") {
			// Decoding inverts the encoder COS (and costest) use.
			for _, o := range lo.res.Contents {
				back, err := xmlutil.URLDecode(escapePath(o.Key))
				if err != nil || back != o.Key {
					t.Fatalf("key %q: re-encoded and decoded to %q (%v)", o.Key, back, err)
				}
			}
		}
		var lu listUploadsPage
		_, _, _, _ = xmlutil.Scan(bytes.NewReader(doc), &lu, lim)
	})
}
