package cos_test

import (
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cosgo/cos"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// bktEscape percent-encodes like COS with encoding-type=url: every byte
// but unreserved characters and "/" (space is %20, "+" is %2B).
func bktEscape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("-_.~/", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		fmt.Fprintf(&b, "%%%02X", c)
	}
	return b.String()
}

// bktLister serves GET Bucket over keys with prefix, marker, max-keys and
// encoding-type, the way COS pages (NextMarker on every truncated page).
type bktLister struct {
	keys       []string
	failOnPage int  // answer this request with a 500 (1-based)
	noNext     bool // omit NextMarker
	stuck      bool // claim truncation but never advance
}

func (l *bktLister) handler(t *testing.T) bktHandler {
	keys := slices.Clone(l.keys)
	slices.Sort(keys)
	return func(w http.ResponseWriter, r *http.Request, n int) {
		if n == l.failOnPage {
			bktError(w, http.StatusInternalServerError, "InternalError")
			return
		}
		q := r.URL.Query()
		prefix, marker := q.Get("prefix"), q.Get("marker")
		maxKeys := 1000
		if v := q.Get("max-keys"); v != "" {
			maxKeys, _ = strconv.Atoi(v)
		}
		enc := q.Get("encoding-type") == "url"
		esc := func(s string) string {
			if enc {
				return bktEscape(s)
			}
			return s
		}
		var b strings.Builder
		b.WriteString(`<ListBucketResult><Name>` + bktName + `</Name>`)
		if enc {
			b.WriteString(`<EncodingType>url</EncodingType>`)
		}
		fmt.Fprintf(&b, `<Prefix>%s</Prefix><Marker>%s</Marker><MaxKeys>%d</MaxKeys>`, esc(prefix), esc(marker), maxKeys)
		var page []string
		truncated := false
		for _, k := range keys {
			if !strings.HasPrefix(k, prefix) || (marker != "" && k <= marker) {
				continue
			}
			if len(page) == maxKeys {
				truncated = true
				break
			}
			page = append(page, k)
		}
		if l.stuck {
			truncated = true
		}
		fmt.Fprintf(&b, `<IsTruncated>%t</IsTruncated>`, truncated)
		if truncated && !l.noNext {
			next := marker
			if !l.stuck && len(page) > 0 {
				next = page[len(page)-1]
			}
			fmt.Fprintf(&b, `<NextMarker>%s</NextMarker>`, esc(next))
		}
		for _, k := range page {
			var kb strings.Builder
			_ = xml.EscapeText(&kb, []byte(esc(k)))
			fmt.Fprintf(&b, `<Contents><Key>%s</Key><LastModified>2024-05-01T08:00:00.000Z</LastModified>`+
				`<ETag>&quot;etag-%d&quot;</ETag><Size>%d</Size><StorageClass>STANDARD</StorageClass></Contents>`, kb.String(), len(k), len(k))
		}
		b.WriteString(`</ListBucketResult>`)
		bktXML(w, http.StatusOK, b.String())
	}
}

func bktKeys(n int) []string {
	keys := make([]string, n)
	for i := range keys {
		keys[i] = fmt.Sprintf("k/%05d", i)
	}
	return keys
}

func TestListObjectsRequestAndDecode(t *testing.T) {
	t.Parallel()
	s := newBktServer(t, bktFile(t, "bucket_list_objects.response.xml"))
	opt := &cos.ListObjectsOptions{Prefix: "example folder/", Delimiter: "/", Marker: "a+b c", MaxKeys: 4, EncodingType: "URL"}
	res, resp, err := s.client(t).Bucket.ListObjects(context.Background(), opt)
	require.NoError(t, err)
	assert.Equal(t, "req-test", resp.RequestID)
	assert.Equal(t, &cos.ListObjectsOptions{Prefix: "example folder/", Delimiter: "/", Marker: "a+b c", MaxKeys: 4, EncodingType: "URL"}, opt, "options untouched")

	r := s.requests()[0]
	assert.Equal(t, http.MethodGet, r.Method)
	assert.Equal(t, "/"+bktName+"/", r.Path)
	assert.Equal(t, "delimiter=%2F&encoding-type=url&marker=a%2Bb%20c&max-keys=4&prefix=example%20folder%2F", r.RawQuery)

	assert.Equal(t, bktName, res.Name)
	assert.Equal(t, "url", res.EncodingType)
	assert.Equal(t, "example-folder-1/", res.Prefix)
	assert.Empty(t, res.Marker)
	assert.Equal(t, 4, res.MaxKeys)
	assert.Equal(t, "/", res.Delimiter)
	assert.True(t, res.IsTruncated)
	assert.Equal(t, "example-folder-1/b.jpg", res.NextMarker)
	assert.Equal(t, []string{"example-folder-1/sub/", "example-folder-1/照片/"}, res.CommonPrefixes)
	require.Len(t, res.Contents, 2)
	assert.Equal(t, cos.Object{
		Key: "example-folder-1/a.jpg", LastModified: time.Date(2020, 12, 10, 3, 37, 30, 0, time.UTC),
		ETag: "f173c1199e3d3b53dd91223cae16fb42", Size: 37, StorageClass: cos.StorageStandard,
		Owner: cos.Owner{ID: "1250000000", DisplayName: "1250000000"},
	}, res.Contents[0])
	o := res.Contents[1]
	assert.Equal(t, "example-folder-1/Tencent Cloud+1%.jpg", o.Key, "percent-decoding only: + stays +")
	assert.Equal(t, "a2b5e6a0f7d4e0b0c3a1e3c5d7f9a1b3-2", o.ETag)
	assert.Equal(t, int64(2097152), o.Size)
	assert.Equal(t, cos.StorageArchive, o.StorageClass)
	assert.Equal(t, "DONE", o.RestoreStatus)
}

func TestListObjectsDecodesOnlyWhenTheServerEncoded(t *testing.T) {
	t.Parallel()
	s := newBktServer(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		bktXML(w, 200, `<ListBucketResult><Name>b</Name><Prefix></Prefix><Marker></Marker><MaxKeys>1000</MaxKeys>`+
			`<IsTruncated>false</IsTruncated><Contents><Key>100%25 a+b</Key></Contents></ListBucketResult>`)
	})
	res, _, err := s.client(t).Bucket.ListObjects(context.Background(), nil)
	require.NoError(t, err)
	assert.Equal(t, "100%25 a+b", res.Contents[0].Key, "no EncodingType element: keys are taken as they are")
	assert.Equal(t, "encoding-type=url", s.requests()[0].RawQuery, "nil options still ask for url encoding")
}

func TestListObjectsMalformedEncodingIsAnError(t *testing.T) {
	t.Parallel()
	s := newBktServer(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		bktXML(w, 200, `<ListBucketResult><EncodingType>url</EncodingType><IsTruncated>false</IsTruncated>`+
			`<Contents><Key>bad%zzkey</Key></Contents></ListBucketResult>`)
	})
	res, resp, err := s.client(t).Bucket.ListObjects(context.Background(), nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "bad%zzkey")
	assert.ErrorIs(t, err, cos.ErrInvalidResponse, "a page the server broke")
	assert.Len(t, s.requests(), 1, "not retried")
	assert.Nil(t, res)
	assert.NotNil(t, resp)
}

func TestListObjectsBadInput(t *testing.T) {
	t.Parallel()
	cases := map[string]*cos.ListObjectsOptions{
		"MaxKeys above 1000": {MaxKeys: 1001},
		"negative MaxKeys":   {MaxKeys: -1},
		"unknown encoding":   {EncodingType: "gzip"},
	}
	for name, opt := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			s := newBktServer(t, nil)
			c := s.client(t)
			_, _, err := c.Bucket.ListObjects(context.Background(), opt)
			require.ErrorIs(t, err, cos.ErrInvalidArgument)
			n := 0
			for _, err := range c.Bucket.Objects(context.Background(), opt) {
				n++
				require.ErrorIs(t, err, cos.ErrInvalidArgument)
			}
			assert.Equal(t, 1, n, "the error is yielded once")
			assert.Empty(t, s.requests())
		})
	}
}

func TestObjectsIterator(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	t.Run("pages through 2500 keys", func(t *testing.T) {
		t.Parallel()
		keys := bktKeys(2500)
		s := newBktServer(t, (&bktLister{keys: keys}).handler(t))
		opt := &cos.ListObjectsOptions{MaxKeys: 1000}
		var got []string
		for o, err := range s.client(t).Bucket.Objects(ctx, opt) {
			require.NoError(t, err)
			got = append(got, o.Key)
		}
		assert.Equal(t, keys, got)
		reqs := s.requests()
		require.Len(t, reqs, 3)
		assert.Empty(t, reqs[0].Query.Get("marker"))
		assert.Equal(t, "k/00999", reqs[1].Query.Get("marker"))
		assert.Equal(t, "k/01999", reqs[2].Query.Get("marker"))
		assert.Equal(t, &cos.ListObjectsOptions{MaxKeys: 1000}, opt, "options untouched")
	})
	t.Run("early break fetches no more pages", func(t *testing.T) {
		t.Parallel()
		s := newBktServer(t, (&bktLister{keys: bktKeys(2500)}).handler(t))
		seq := s.client(t).Bucket.Objects(ctx, nil)
		n := 0
		for _, err := range seq {
			require.NoError(t, err)
			if n++; n == 5 {
				break
			}
		}
		assert.Len(t, s.requests(), 1)
		// The sequence starts over when ranged again.
		var first cos.Object
		for o := range seq {
			first = o
			break
		}
		assert.Equal(t, "k/00000", first.Key)
	})
	t.Run("error mid-listing is yielded once", func(t *testing.T) {
		t.Parallel()
		s := newBktServer(t, (&bktLister{keys: bktKeys(2500), failOnPage: 2}).handler(t))
		c := s.client(t, cos.WithRetryer(cos.NoRetry))
		var n, errs int
		for o, err := range c.Bucket.Objects(ctx, &cos.ListObjectsOptions{MaxKeys: 1000}) {
			if err != nil {
				errs++
				assert.Equal(t, cos.Object{}, o)
				assert.Equal(t, "InternalError", cos.ErrorCode(err))
				continue
			}
			n++
		}
		assert.Equal(t, 1000, n)
		assert.Equal(t, 1, errs)
		assert.Len(t, s.requests(), 2)
	})
	t.Run("url-encoded keys come back decoded", func(t *testing.T) {
		t.Parallel()
		keys := []string{"a b.txt", "a+b.txt", "100%.txt", "目录/文件 名+1%.txt", "x/%2F literal", "\x01ctl"}
		s := newBktServer(t, (&bktLister{keys: keys}).handler(t))
		var got []string
		for o, err := range s.client(t).Bucket.Objects(ctx, &cos.ListObjectsOptions{MaxKeys: 2}) {
			require.NoError(t, err)
			got = append(got, o.Key)
		}
		want := slices.Clone(keys)
		slices.Sort(want)
		assert.Equal(t, want, got)
		for _, r := range s.requests()[1:] {
			assert.Equal(t, "url", r.Query.Get("encoding-type"))
		}
		assert.Len(t, s.requests(), 3)
	})
	t.Run("missing NextMarker falls back to the last key", func(t *testing.T) {
		t.Parallel()
		keys := bktKeys(25)
		s := newBktServer(t, (&bktLister{keys: keys, noNext: true}).handler(t))
		var got []string
		for o, err := range s.client(t).Bucket.Objects(ctx, &cos.ListObjectsOptions{MaxKeys: 10}) {
			require.NoError(t, err)
			got = append(got, o.Key)
		}
		assert.Equal(t, keys, got)
	})
	t.Run("a server that never advances is an error, not a loop", func(t *testing.T) {
		t.Parallel()
		s := newBktServer(t, (&bktLister{keys: bktKeys(5), stuck: true}).handler(t))
		var errs []error
		n := 0
		for _, err := range s.client(t).Bucket.Objects(ctx, &cos.ListObjectsOptions{MaxKeys: 10}) {
			if err != nil {
				errs = append(errs, err)
				continue
			}
			n++
		}
		require.Len(t, errs, 1)
		assert.Contains(t, errs[0].Error(), "did not advance")
		assert.Equal(t, 5, n)
		// Page 1 has no NextMarker, so the last key is used; page 2 echoes
		// that marker back as NextMarker.
		assert.Len(t, s.requests(), 2)
	})
	t.Run("cancelled context", func(t *testing.T) {
		t.Parallel()
		s := newBktServer(t, (&bktLister{keys: bktKeys(5)}).handler(t))
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		var errs []error
		for _, err := range s.client(t).Bucket.Objects(cctx, nil) {
			errs = append(errs, err)
		}
		require.Len(t, errs, 1)
		assert.ErrorIs(t, errs[0], context.Canceled)
	})
}

func TestNextPageMarker(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		res  cos.ListObjectsResult
		want string
	}{
		{"NextMarker wins", cos.ListObjectsResult{NextMarker: "n", Contents: []cos.Object{{Key: "z"}}}, "n"},
		{"last key", cos.ListObjectsResult{Contents: []cos.Object{{Key: "a"}, {Key: "b"}}}, "b"},
		{"prefix after key", cos.ListObjectsResult{Contents: []cos.Object{{Key: "a"}}, CommonPrefixes: []string{"b/"}}, "b/"},
		{"key after prefix", cos.ListObjectsResult{Contents: []cos.Object{{Key: "c"}}, CommonPrefixes: []string{"b/"}}, "c"},
		{"empty", cos.ListObjectsResult{}, ""},
	} {
		assert.Equal(t, tc.want, tc.res.NextPageMarker(), tc.name)
	}
}

// TestListObjectsPageCutMidwayIsRetriedWhole cuts the first answer in the
// middle of its entries (the connection closes short of Content-Length):
// the call is retried and returns the second answer's page alone, without
// entries left over from the first.
func TestListObjectsPageCutMidwayIsRetriedWhole(t *testing.T) {
	t.Parallel()
	var page strings.Builder
	page.WriteString(`<ListBucketResult><Name>b</Name><IsTruncated>false</IsTruncated>`)
	for i := range 50 {
		fmt.Fprintf(&page, `<Contents><Key>k%02d</Key><Size>%d</Size></Contents>`, i, i)
	}
	page.WriteString(`</ListBucketResult>`)
	doc := page.String()
	s := newBktServer(t, func(w http.ResponseWriter, _ *http.Request, n int) {
		w.Header().Set("Content-Type", "application/xml")
		w.Header().Set("Content-Length", strconv.Itoa(len(doc)))
		if n == 1 {
			_, _ = io.WriteString(w, doc[:len(doc)/2]) // the server closes the connection short
			return
		}
		_, _ = io.WriteString(w, doc)
	})
	res, _, err := s.client(t).Bucket.ListObjects(context.Background(), nil)
	require.NoError(t, err)
	require.Len(t, s.requests(), 2, "the cut page was asked for again")
	require.Len(t, res.Contents, 50)
	for i, o := range res.Contents {
		assert.Equal(t, fmt.Sprintf("k%02d", i), o.Key)
		assert.Equal(t, int64(i), o.Size)
	}
}
