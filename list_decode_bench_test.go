package cos

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/cosgo/cos/internal/xmlutil"
)

// The repository's own measure of listing decode: full 1000-entry pages
// decoded as the pipeline decodes them (xmlutil.Scan within the call's
// limits), so a regression shows without anchorbench.

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// listObjectsBenchPage is a full page of 1000 keys as COS sends it, with
// keys percent-encoded (encoding-type=url) or plain.
func listObjectsBenchPage(encoded bool) []byte {
	var sb strings.Builder
	sb.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<ListBucketResult><Name>examplebucket-1250000000</Name>`)
	if encoded {
		sb.WriteString(`<EncodingType>url</EncodingType>`)
	}
	sb.WriteString(`<Prefix>dir/</Prefix><Marker></Marker><MaxKeys>1000</MaxKeys><IsTruncated>true</IsTruncated><NextMarker>dir/next</NextMarker>`)
	for i := range 1000 {
		key := fmt.Sprintf("dir/photo-%05d.jpg", i)
		if encoded {
			key = fmt.Sprintf("dir/%%E6%%96%%87%%E4%%BB%%B6%%20%05d.txt", i)
		}
		fmt.Fprintf(&sb, `<Contents><Key>%s</Key><LastModified>2024-05-01T08:00:00.000Z</LastModified>`+
			`<ETag>&quot;f173c1199e3d3b53dd91223cae16fb42&quot;</ETag><Size>%d</Size>`+
			`<Owner><ID>1250000000</ID><DisplayName>1250000000</DisplayName></Owner>`+
			`<StorageClass>STANDARD</StorageClass></Contents>`, key, 1024+i)
	}
	sb.WriteString(`</ListBucketResult>`)
	return []byte(sb.String())
}

// listVersionsBenchPage is a full page of versions and delete markers.
func listVersionsBenchPage() []byte {
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
	return []byte(sb.String())
}

// listUploadsBenchPage is a full page of multipart uploads.
func listUploadsBenchPage() []byte {
	var sb strings.Builder
	sb.WriteString(`<ListMultipartUploadsResult><Bucket>examplebucket-1250000000</Bucket><Encoding-Type>url</Encoding-Type>` +
		`<MaxUploads>1000</MaxUploads><IsTruncated>true</IsTruncated>`)
	for i := range 1000 {
		fmt.Fprintf(&sb, `<Upload><Key>dir/upload-%05d.bin</Key><UploadId>1585130821cbb7df1d11846c073ad648e8f33b087cec2381df437acdc833cf654b9ecc%04d</UploadId>`+
			`<StorageClass>STANDARD</StorageClass><Initiator><ID>qcs::cam::uin/100000000001:uin/100000000001</ID><DisplayName>100000000001</DisplayName></Initiator>`+
			`<Owner><ID>qcs::cam::uin/100000000001:uin/100000000001</ID><DisplayName>100000000001</DisplayName></Owner>`+
			`<Initiated>2024-05-01T08:00:00.000Z</Initiated></Upload>`, i, i)
	}
	sb.WriteString(`</ListMultipartUploadsResult>`)
	return []byte(sb.String())
}

// listPartsBenchPage is a full page of parts.
func listPartsBenchPage() []byte {
	var sb strings.Builder
	sb.WriteString(`<ListPartsResult><Bucket>examplebucket-1250000000</Bucket><Encoding-type>url</Encoding-type><Key>dir/big.bin</Key>` +
		`<UploadId>1585130821cbb7df1d11846c073ad648e8f33b087cec2381df437acdc833cf654b9ecc6361</UploadId>` +
		`<Initiator><ID>1250000000</ID></Initiator><Owner><ID>1250000000</ID></Owner><StorageClass>STANDARD</StorageClass>` +
		`<PartNumberMarker>0</PartNumberMarker><NextPartNumberMarker>1000</NextPartNumberMarker><MaxParts>1000</MaxParts><IsTruncated>true</IsTruncated>`)
	for i := 1; i <= 1000; i++ {
		fmt.Fprintf(&sb, `<Part><PartNumber>%d</PartNumber><LastModified>2024-05-01T08:00:00.000Z</LastModified>`+
			`<ETag>&quot;f173c1199e3d3b53dd91223cae16fb42&quot;</ETag><Size>8388608</Size></Part>`, i)
	}
	sb.WriteString(`</ListPartsResult>`)
	return []byte(sb.String())
}

// benchPage decodes doc with a fresh page decoder per iteration, within
// the limits the call uses, and reports allocations per entry too.
func benchPage(b *testing.B, doc []byte, page func() xmlutil.ScanDecoder, lim xmlutil.Limits) {
	b.SetBytes(int64(len(doc)))
	b.ReportAllocs()
	for b.Loop() {
		if _, isErr, _, err := xmlutil.Scan(bytes.NewReader(doc), page(), lim); err != nil || isErr {
			b.Fatal(err, isErr)
		}
	}
}

func pageLimits(paths ...string) xmlutil.Limits {
	return xmlutil.Limits{MaxBytes: xmlutil.MaxListDocument, Entries: []xmlutil.Entries{xmlutil.PageLimits(0, paths...)}}
}

// BenchmarkListObjectsDecode decodes a full 1000-key page, plain and sent
// with encoding-type=url.
func BenchmarkListObjectsDecode(b *testing.B) {
	for _, encoded := range []bool{false, true} {
		b.Run(map[bool]string{false: "plain", true: "url"}[encoded], func(b *testing.B) {
			benchPage(b, listObjectsBenchPage(encoded), func() xmlutil.ScanDecoder { return &listObjectsPage{} },
				pageLimits("Contents", "CommonPrefixes/Prefix"))
		})
	}
}

// BenchmarkListVersionsDecode decodes a full page of 1000 versions and
// delete markers sent with encoding-type=url.
func BenchmarkListVersionsDecode(b *testing.B) {
	benchPage(b, listVersionsBenchPage(), func() xmlutil.ScanDecoder { return &listVersionsPage{} }, pageLimits("Version", "DeleteMarker"))
}

// BenchmarkListUploadsDecode decodes a full page of 1000 uploads.
func BenchmarkListUploadsDecode(b *testing.B) {
	benchPage(b, listUploadsBenchPage(), func() xmlutil.ScanDecoder { return &listUploadsPage{} }, pageLimits("Upload"))
}

// BenchmarkListPartsDecode decodes a full page of 1000 parts.
func BenchmarkListPartsDecode(b *testing.B) {
	benchPage(b, listPartsBenchPage(), func() xmlutil.ScanDecoder { return &listPartsPage{} }, pageLimits("Part"))
}
