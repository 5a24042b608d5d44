package cos

import (
	"bytes"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/cosgo/cos/internal/xmlutil"
)

// Fuzz targets for the decoder families not covered by fuzz_test.go and
// bucket_fuzz_test.go (issue 8). Seeds come from testdata and from
// testdata/fuzz/<name>/.

// addGolden seeds f with golden documents from testdata.
func addGolden(f *testing.F, names ...string) {
	for _, name := range names {
		b, err := os.ReadFile("testdata/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
}

// roundTrip marshals v, decodes the result into fresh (a pointer to a zero
// value of v's type) and marshals again: a decoded document must survive
// re-encoding unchanged, or the client would send back something other
// than what it read.
func roundTrip(t *testing.T, v, fresh any) {
	t.Helper()
	b1, err := xmlutil.Marshal(v)
	if err != nil {
		return // e.g. a string holding characters XML cannot carry
	}
	if _, isErr, err := xmlutil.Decode(b1, fresh); err != nil || isErr {
		t.Fatalf("re-decoding our own encoding failed (error doc %v): %v\n%s", isErr, err, b1)
	}
	b2, err := xmlutil.Marshal(fresh)
	if err != nil {
		t.Fatalf("re-encoding: %v", err)
	}
	if !bytes.Equal(b1, b2) {
		t.Fatalf("encoding is not stable:\n%s\n%s", b1, b2)
	}
}

// FuzzDecodeACL feeds arbitrary documents to the ACL decoder (xsi:type
// grantees): no panic, CannedACL always answers, and a policy that passes
// validation re-encodes stably.
func FuzzDecodeACL(f *testing.F) {
	addGolden(f, "bucket_acl.response.xml", "bucket_acl.request.xml")
	f.Add([]byte(`<AccessControlPolicy><Owner><ID>o</ID></Owner><AccessControlList><Grant><Grantee type="Group"><URI>http://cam.qcloud.com/groups/global/AllUsers</URI></Grantee><Permission>READ</Permission></Grant></AccessControlList></AccessControlPolicy>`))
	f.Add([]byte(`<AccessControlPolicy><AccessControlList><Grant><Grantee xmlns:xsi="x" xsi:type=""/></Grant></AccessControlList></AccessControlPolicy>`))
	f.Fuzz(func(t *testing.T, doc []byte) {
		var p AccessControlPolicy
		if _, isErr, err := xmlutil.Decode(doc, &p); err != nil || isErr {
			return
		}
		switch p.CannedACL() {
		case ACLPrivate, ACLPublicRead, ACLPublicReadWrite:
		default:
			t.Fatalf("CannedACL %q", p.CannedACL())
		}
		if p.validate() == nil {
			roundTrip(t, &p, &AccessControlPolicy{})
		}
	})
}

// FuzzDecodeBucketConfig feeds arbitrary documents to the lifecycle and
// CORS decoders (calendar dates in any offset, pointer-or-absent
// elements): no panic, and a configuration that passes validation
// re-encodes stably, so GetX followed by PutX sends what was read.
func FuzzDecodeBucketConfig(f *testing.F) {
	addGolden(f, "lifecycle_get.response.xml", "lifecycle_put.request.xml", "cors_get.response.xml", "cors_put.request.xml")
	f.Add([]byte(`<LifecycleConfiguration><Rule><ID>a</ID><Status>Enabled</Status><Filter/><Expiration><Date>2030-01-01T00:00:00-12:00</Date></Expiration></Rule></LifecycleConfiguration>`))
	f.Add([]byte(`<LifecycleConfiguration><Rule><Status>Disabled</Status><Transition><Date>2030-02-30</Date><StorageClass>archive</StorageClass></Transition></Rule></LifecycleConfiguration>`))
	f.Add([]byte(`<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod><MaxAgeSeconds>0</MaxAgeSeconds></CORSRule><ResponseVary>true</ResponseVary></CORSConfiguration>`))
	f.Fuzz(func(t *testing.T, doc []byte) {
		var lc LifecycleConfiguration
		if _, isErr, err := xmlutil.Decode(doc, &lc); err == nil && !isErr && lc.validate() == nil {
			roundTrip(t, &lc, &LifecycleConfiguration{})
		}
		var cc CORSConfiguration
		if _, isErr, err := xmlutil.Decode(doc, &cc); err == nil && !isErr && cc.validate() == nil {
			roundTrip(t, &cc, &CORSConfiguration{})
		}
	})
}

// FuzzDecodeMultipart feeds arbitrary documents to the multipart and copy
// result decoders: Initiate, Complete (a 200 that may carry <Error>),
// ListParts with url-encoded keys, CopyObjectResult and CopyPartResult
// with their CRC64 fields, DeleteResult and upload listings. No panic; an
// <Error> root is always reported as one.
func FuzzDecodeMultipart(f *testing.F) {
	addGolden(f, "multipart_initiate.response.xml", "multipart_complete.response.xml", "multipart_list_parts.response.xml",
		"object_copy.response.xml", "object_delete_multi.response.xml", "bucket_list_uploads.response.xml")
	f.Add([]byte("\n\n   <Error><Code>InternalError</Code></Error>"))
	f.Add([]byte(`<ListPartsResult><Encoding-type>url</Encoding-type><Key>a%2Fb%zz</Key><Part><PartNumber>1</PartNumber><ETag>"e"</ETag><Size>-1</Size></Part></ListPartsResult>`))
	f.Add([]byte(`<CopyPartResult><ETag>"e"</ETag><LastModified>2024-05-01T08:00:00.000Z</LastModified><CRC64>18446744073709551616</CRC64></CopyPartResult>`))
	f.Fuzz(func(t *testing.T, doc []byte) {
		_, errDocOK := xmlutil.ParseError(doc)
		targets := []any{
			&InitiateMultipartUploadResult{}, &CompleteMultipartUploadResult{}, &listPartsPage{},
			&copyResultDoc{}, &copyPartDoc{}, &DeleteMultiResult{}, &listUploadsPage{},
		}
		for _, v := range targets {
			var isErr bool
			var err error
			if page, ok := v.(xmlutil.ScanDecoder); ok {
				_, isErr, _, err = xmlutil.Scan(bytes.NewReader(doc), page, xmlutil.Limits{MaxBytes: xmlutil.MaxListDocument})
			} else {
				_, isErr, err = xmlutil.Decode(doc, v)
			}
			if isErr != errDocOK && err == nil {
				t.Fatalf("Decode says error document %v, ParseError says %v", isErr, errDocOK)
			}
			if err != nil || isErr {
				continue
			}
			switch w := v.(type) {
			case *listPartsPage:
				k := w.res.Key
				if utf8.ValidString(k) {
					if back, err := xmlutil.URLDecode(escapePath(k)); err != nil || back != k {
						t.Fatalf("key %q: re-encoded and decoded to %q (%v)", k, back, err)
					}
				}
			case *copyResultDoc:
				_, _, _ = copyCRC(w.CRC64, http.Header{})
				_ = parseXMLTime(w.LastModified)
			case *copyPartDoc:
				if v, ok, err := copyCRC(w.CRC64, http.Header{}); err == nil && ok {
					if want, perr := strconv.ParseUint(strings.TrimSpace(w.CRC64), 10, 64); perr != nil || want != v {
						t.Fatalf("CRC64 %q read as %d", w.CRC64, v)
					}
				}
			}
		}
	})
}

// FuzzKeyEscape checks that every key the client accepts is addressed
// exactly: the escaped path decodes back to the key (the signed path is
// the sent path), never starts with "//", and the url-decoding used for
// listings inverts the escaping.
func FuzzKeyEscape(f *testing.F) {
	for _, k := range []string{"a b+c.txt", "/leading", "年度报告.txt", "a%2Fb", "dir//x", "?#[]", "..a", "a/./b", "\t"} {
		f.Add(k)
	}
	f.Fuzz(func(t *testing.T, key string) {
		_, _ = xmlutil.URLDecode(key) // arbitrary listing values never panic
		if validateKey(key) != nil {
			return
		}
		u := target{scheme: "https", host: "b-1250000000.cos.ap-guangzhou.myqcloud.com"}.url(key)
		if strings.HasPrefix(u.RawPath, "//") {
			t.Fatalf("path %q starts with //", u.RawPath)
		}
		back, err := url.PathUnescape(u.RawPath)
		if err != nil || back != "/"+key {
			t.Fatalf("key %q escaped to %q, which decodes to %q (%v)", key, u.RawPath, back, err)
		}
		parsed, err := url.Parse(u.String())
		if err != nil || parsed.Path != "/"+key {
			t.Fatalf("key %q: URL %q parses to path %q (%v)", key, u.String(), parsed.Path, err)
		}
		if got, err := xmlutil.URLDecode(escapePath(key)); err != nil || got != key {
			t.Fatalf("listing decode of %q gave %q (%v)", escapePath(key), got, err)
		}
	})
}

// FuzzResponseHeaders feeds arbitrary header values to the response
// header parsers of HEAD and GET (CRC64, restore status, lengths, dates):
// no panic, a malformed CRC64 is an error, a well-formed one is read
// exactly.
func FuzzResponseHeaders(f *testing.F) {
	f.Add("12345678901234567890", `ongoing-request="false", expiry-date="Thu, 05 Dec 2019 16:00:00 GMT"`, "42", "Wed, 21 Oct 2015 07:28:00 GMT", `"abc"`)
	f.Add("18446744073709551616", `ongoing-request="tru`, "-1", "garbage", `W/"x"`)
	f.Add(" 0 ", `expiry-date="`, "99999999999999999999", "", `""`)
	f.Fuzz(func(t *testing.T, crc, restore, length, modified, etag string) {
		h := http.Header{}
		for k, v := range map[string]string{headerCRC64: crc, "x-cos-restore": restore, "Content-Length": length, "Last-Modified": modified, "ETag": etag} {
			if v != "" {
				h.Set(k, v)
			}
		}
		v, ok, err := parseCRC64Header(h)
		switch {
		case err != nil:
			if !strings.Contains(err.Error(), "malformed") || ok {
				t.Fatalf("bad CRC64 error: %v", err)
			}
		case ok:
			if want, perr := strconv.ParseUint(strings.TrimSpace(crc), 10, 64); perr != nil || want != v {
				t.Fatalf("CRC64 %q read as %d", crc, v)
			}
		}
		if _, err := parseObjectMeta(h); err != nil && ok {
			t.Fatalf("a well-formed CRC64 failed the HEAD parse: %v", err)
		}
		_ = parseRestoreHeader(restore)
	})
}
