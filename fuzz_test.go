package cos

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/cosgo/cos/internal/xmlutil"
)

// FuzzAuthorization checks the signer never panics, is deterministic, and
// does not depend on the order headers and params were given in.
func FuzzAuthorization(f *testing.F) {
	f.Add("GET", "/photos/2024/cat.jpg", "prefix", "a/b", "X-Cos-Meta-A", "Zhang San", int64(1700000000))
	f.Add("put", "/my docs/年度 报告+final.txt", "uploadId", "", "Content-MD5", "XrY7u+Ae7tCTyyK7j1rNww==", int64(0))
	f.Add("", "", "a b", "%zz", "名字", "\x00\xff", int64(-1))
	f.Fuzz(func(t *testing.T, method, path, pk, pv, hk, hv string, start int64) {
		cred := Credentials{SecretID: "AKID", SecretKey: "key"}
		q := url.Values{pk: {pv, pv + "x"}, "z": {"1"}}
		h := http.Header{hk: {hv}, "host": {"h"}}
		s, e := time.Unix(start, 0), time.Unix(start+900, 0)
		a := Authorization(cred, method, path, q, h, s, e)
		if a != Authorization(cred, method, path, q, h, s, e) {
			t.Fatal("not deterministic")
		}
		// Same content, built in another order.
		q2 := url.Values{"z": {"1"}}
		q2[pk] = append(q2[pk], pv+"x", pv)
		h2 := http.Header{"host": {"h"}}
		h2[hk] = append(h2[hk], hv)
		if pk == "z" || hk == "host" {
			return // pooled names change the multiset; skip
		}
		if b := Authorization(cred, method, path, q2, h2, s, e); a != b {
			t.Fatalf("order changed the signature:\n%s\n%s", a, b)
		}
		if !strings.HasPrefix(a, "q-sign-algorithm=sha1&q-ak=AKID&") {
			t.Fatalf("bad prefix %q", a)
		}
	})
}

// FuzzDecodeError feeds arbitrary bodies to the error and document
// decoders: no panic, bounded reads.
func FuzzDecodeError(f *testing.F) {
	f.Add([]byte(`<?xml version='1.0' encoding='utf-8' ?><Error><Code>NoSuchKey</Code><Message>m</Message></Error>`))
	f.Add([]byte("   \n<Error><Code>InternalError</Code></Error>"))
	f.Add([]byte(`<ListAllMyBucketsResult><Buckets><Bucket><Name>a-1</Name><CreationDate>2019-05-24T11:49:50Z</CreationDate></Bucket></Buckets></ListAllMyBucketsResult>`))
	f.Add([]byte("<html>"))
	f.Fuzz(func(t *testing.T, body []byte) {
		_, _ = xmlutil.ParseError(body)
		var out ListBucketsResult
		_, _, _ = xmlutil.Decode(body, &out)
		b, err := xmlutil.ReadBounded(strings.NewReader(string(body)), 64)
		if err == nil && len(b) > 64 {
			t.Fatal("read past the bound")
		}
	})
}
