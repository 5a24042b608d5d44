package cos

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/cosgo/cos/internal/xmlutil"
)

// pageKind is one listing's Scanner decoder beside its encoding/xml
// oracle (list_decode_oracle_test.go).
type pageKind struct {
	name   string
	limits xmlutil.Limits
	page   func() xmlutil.ScanDecoder
	result func(xmlutil.ScanDecoder) any
	oracle func(doc []byte) (any, error)
}

// fuzzLimits are small page limits, so the fuzzer reaches them.
func fuzzLimits(paths ...[]string) xmlutil.Limits {
	lim := xmlutil.Limits{MaxBytes: 1 << 16}
	for _, p := range paths {
		lim.Entries = append(lim.Entries, xmlutil.PageLimits(4, p...))
	}
	return lim
}

// oracle unmarshals doc into wire with encoding/xml and converts it.
func oracle[W any, R any](doc []byte, convert func(*W) (R, error)) (any, error) {
	var w W
	if err := xml.Unmarshal(doc, &w); err != nil {
		return nil, err
	}
	return convert(&w)
}

var pageKinds = []pageKind{
	{"ListObjects", fuzzLimits([]string{"Contents", "CommonPrefixes/Prefix"}),
		func() xmlutil.ScanDecoder { return &listObjectsPage{} },
		func(p xmlutil.ScanDecoder) any { return &p.(*listObjectsPage).res },
		func(doc []byte) (any, error) { return oracle(doc, (*listObjectsWire).result) }},
	{"ListObjectVersions", fuzzLimits([]string{"Version", "DeleteMarker"}, []string{"CommonPrefixes"}),
		func() xmlutil.ScanDecoder { return &listVersionsPage{} },
		func(p xmlutil.ScanDecoder) any { return &p.(*listVersionsPage).res },
		func(doc []byte) (any, error) { return oracle(doc, (*listVersionsWire).result) }},
	{"ListMultipartUploads", fuzzLimits([]string{"Upload"}, []string{"CommonPrefixes/Prefix"}),
		func() xmlutil.ScanDecoder { return &listUploadsPage{} },
		func(p xmlutil.ScanDecoder) any { return &p.(*listUploadsPage).res },
		func(doc []byte) (any, error) { return oracle(doc, (*listUploadsWire).result) }},
	{"ListParts", fuzzLimits([]string{"Part"}),
		func() xmlutil.ScanDecoder { return &listPartsPage{} },
		func(p xmlutil.ScanDecoder) any { return &p.(*listPartsPage).res },
		func(doc []byte) (any, error) { return oracle(doc, (*listPartsWire).result) }},
	{"ListBuckets", fuzzLimits([]string{"Buckets/Bucket"}),
		func() xmlutil.ScanDecoder { return &listBucketsPage{} },
		func(p xmlutil.ScanDecoder) any { return &p.(*listBucketsPage).res },
		func(doc []byte) (any, error) {
			return oracle(doc, func(r *ListBucketsResult) (*ListBucketsResult, error) { return r, nil })
		}},
}

// isDecodeLimit reports an error that names one of xmlutil's limits,
// which encoding/xml alone does not have.
func isDecodeLimit(err error) bool {
	for _, s := range []string{"more than", "nested deeper than", "a token longer than", xmlutil.ErrDocumentTooLarge.Error()} {
		if strings.Contains(err.Error(), s) {
			return true
		}
	}
	return false
}

// checkPage decodes doc with k's Scanner decoder and its oracle: the same
// result, or both an error (the Scanner may also stop at a limit). An
// <Error> root must be the error document encoding/xml reads.
func checkPage(t *testing.T, k pageKind, doc []byte) {
	t.Helper()
	page := k.page()
	errDoc, isErr, empty, err := xmlutil.Scan(bytes.NewReader(doc), page, k.limits)
	if err != nil && !errors.Is(err, xmlutil.ErrInvalid) {
		t.Fatalf("%s: error %v does not wrap ErrInvalid", k.name, err)
	}
	switch {
	case empty:
		var v struct{}
		if uerr := xml.Unmarshal(doc, &v); uerr != io.EOF {
			t.Fatalf("%s: empty body, but encoding/xml says %v", k.name, uerr)
		}
		return
	case isErr:
		var want xmlutil.ErrorDoc
		uerr := xml.Unmarshal(doc, &want)
		switch {
		case err == nil && uerr != nil:
			t.Fatalf("%s: error document accepted, encoding/xml refuses it: %v", k.name, uerr)
		case err != nil && uerr == nil && !isDecodeLimit(err):
			t.Fatalf("%s: error document refused (%v), encoding/xml reads %+v", k.name, err, want)
		case err == nil && !reflect.DeepEqual(errDoc, want):
			t.Fatalf("%s: error document %+v, encoding/xml %+v", k.name, errDoc, want)
		}
		return
	}
	want, werr := k.oracle(doc)
	switch {
	case err == nil && werr != nil:
		t.Fatalf("%s: accepted what encoding/xml refuses (%v): %+v", k.name, werr, k.result(page))
	case err != nil && werr == nil && !isDecodeLimit(err):
		t.Fatalf("%s: refused (%v) what encoding/xml reads as %+v", k.name, err, want)
	case err == nil:
		if got := k.result(page); !reflect.DeepEqual(got, want) {
			t.Fatalf("%s: decoded\n%+v\nencoding/xml\n%+v", k.name, got, want)
		}
	}
}

// listPageSeeds are real answers and documents at the edges of the
// wire structs' rules.
var listPageSeeds = []string{
	`<ListBucketResult><Name>b</Name><Name>c</Name><EncodingType>url</EncodingType><Contents><Key>a%20b</Key><Key>c</Key>` +
		`<LastModified>bad</LastModified><LastModified> 2024-05-01T08:00:00.123Z </LastModified><Size> 7 </Size>` +
		`<Owner><ID>1</ID></Owner><Owner><DisplayName>n</DisplayName><x/></Owner><ETag>"e"</ETag></Contents>` +
		`<CommonPrefixes><Prefix>p%2F</Prefix><Prefix>q</Prefix><CommonPrefixes><Prefix>r</Prefix></CommonPrefixes></CommonPrefixes>` +
		`<CommonPrefixes/><EncodingType>URL</EncodingType></ListBucketResult>`,
	`<ListBucketResult><Contents><Key>%zz</Key></Contents><EncodingType>url</EncodingType><EncodingType></EncodingType></ListBucketResult>`,
	`<ListBucketResult><MaxKeys>1x</MaxKeys></ListBucketResult>`,
	`<ListBucketResult><MaxKeys></MaxKeys><IsTruncated>True</IsTruncated><IsTruncated> </IsTruncated></ListBucketResult>`,
	`<ListBucketResult><Contents><Size>99999999999999999999</Size></Contents></ListBucketResult>`,
	`<ListBucketResult><Contents><LastModified>Wed Jan 18 16:04:17 2017</LastModified><Key>a<b>x</b>c</Key></Contents></ListBucketResult>`,
	`<ListBucketResult><Contents><LastModified>2024-02-30T08:00:00Z</LastModified></Contents></ListBucketResult>`,
	`<ListBucketResult><Contents><LastModified>2024-05-01T08:00:00+08:00</LastModified></Contents></ListBucketResult>`,
	`<p:ListBucketResult xmlns:p="urn:x"><p:Contents><p:Key>k</p:Key></p:Contents></p:ListBucketResult>`,
	`<Other/>`, `<Error><Code>NoSuchBucket</Code><Message>m</Message><Code>X</Code></Error>`, "  ", "<!-- c -->",
	`<ListVersionsResult><Version><Key>a</Key><IsLatest>true</IsLatest></Version><DeleteMarker><Key>a</Key></DeleteMarker>` +
		`<CommonPrefixes/><CommonPrefixes><Prefix>x</Prefix><Prefix>y</Prefix></CommonPrefixes><NextVersionIdMarker>v</NextVersionIdMarker></ListVersionsResult>`,
	`<ListVersionsResult><IsTruncated>maybe</IsTruncated></ListVersionsResult>`,
	`<ListMultipartUploadsResult><EncodingType>url</EncodingType><Upload><Key>a%2Fb</Key><UploadID>old</UploadID>` +
		`<Initiator><ID>i</ID></Initiator><Owner><ID>o</ID></Owner><Initiated>2024-05-01T08:00:00Z</Initiated></Upload>` +
		`<Upload><UploadId>new</UploadId><UploadID>old</UploadID></Upload><Encoding-Type></Encoding-Type></ListMultipartUploadsResult>`,
	`<ListPartsResult xmlns="urn:d"><Encoding-type>u</Encoding-type><EncodingType>rl </EncodingType><Key>a%2Fb</Key>` +
		`<Part><PartNumber>1</PartNumber><LastModified>2024-05-01T08:00:00.000Z</LastModified><ETag>"e"</ETag><Size>5</Size></Part>` +
		`<Initiator><ID>i</ID></Initiator><StorageClass>STANDARD</StorageClass></ListPartsResult>`,
	`<ListPartsResult><Part><LastModified/></Part></ListPartsResult>`,
	`<ListAllMyBucketsResult><Owner><ID>o</ID></Owner><Buckets><Bucket><Name>b-1</Name><Location>ap-guangzhou</Location>` +
		`<CreationDate>2024-05-01T08:00:00Z</CreationDate></Bucket><Other/></Buckets><Buckets><Bucket/></Buckets></ListAllMyBucketsResult>`,
	`<ListAllMyBucketsResult><Buckets><Bucket><CreationDate>yesterday</CreationDate></Bucket></Buckets></ListAllMyBucketsResult>`,
	`<p:ListAllMyBucketsResult xmlns:p="urn:x" xmlns="urn:d"><IsTruncated>1</IsTruncated></p:ListAllMyBucketsResult>`,
	`<ListAllMyBucketsResult xmlns="urn:d" xmlns="urn:e"/>`,
}

// FuzzListPages checks every listing's Scanner decoder against
// encoding/xml on the same bodies: the same result, or both an error.
func FuzzListPages(f *testing.F) {
	addGolden(f, "bucket_list_objects.response.xml", "bucket_list_uploads.response.xml", "multipart_list_parts.response.xml",
		"bucket_list_versions.response.xml", "bucket_list_versions_url.response.xml")
	for _, s := range listPageSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, doc []byte) {
		for _, k := range pageKinds {
			checkPage(t, k, doc)
		}
	})
}

// TestListPageSeeds runs the seeds and real answers through every
// decoder, so the comparison runs in every `go test`.
func TestListPageSeeds(t *testing.T) {
	docs := listPageSeeds
	for _, name := range []string{"bucket_list_objects.response.xml", "bucket_list_uploads.response.xml", "multipart_list_parts.response.xml",
		"bucket_list_versions.response.xml", "bucket_list_versions_url.response.xml"} {
		docs = append(docs, string(readTestdata(t, name)))
	}
	docs = append(docs, string(listObjectsBenchPage(true)), string(listVersionsBenchPage()))
	for _, doc := range docs {
		for _, k := range pageKinds {
			checkPage(t, k, []byte(doc))
		}
	}
}

// FuzzListTime checks parseListTimeBytes, which reads COS's own form of
// time without a string, against parseListTime.
func FuzzListTime(f *testing.F) {
	for _, s := range []string{"2024-05-01T08:00:00.000Z", " 2024-02-29T23:59:59Z", "2023-02-29T00:00:00Z", "2024-05-01T08:00:00.1234567891Z",
		"2024-05-01T24:00:00Z", "0000-01-01T00:00:00Z", "2024-05-01T08:00:00.Z", "2024-05-01T08:00:00+08:00", "Wed Jan 18 16:04:17 2017", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, gerr := parseListTimeBytes("T", []byte(s))
		want, werr := parseListTime("T", s)
		if (gerr == nil) != (werr == nil) || !reflect.DeepEqual(got, want) {
			t.Fatalf("%q: %v (%v), parseListTime %v (%v)", s, got, gerr, want, werr)
		}
	})
}

// TestParseListTimeFastPath shows the common form is read without
// allocating.
func TestParseListTimeFastPath(t *testing.T) {
	raw := []byte("2024-05-01T08:00:00.123Z")
	want := time.Date(2024, 5, 1, 8, 0, 0, 123e6, time.UTC)
	allocs := testing.AllocsPerRun(100, func() {
		if got, err := parseListTimeBytes("T", raw); err != nil || !got.Equal(want) {
			t.Fatalf("%v %v", got, err)
		}
	})
	if allocs != 0 {
		t.Errorf("%v allocations", allocs)
	}
}
