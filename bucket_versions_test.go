package cos_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/cosgo/cos"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestListObjectVersionsDecode decodes case 2 of COS's GET Bucket Object
// versions page: versions and a delete marker interleaved, "null"
// versions from before versioning was enabled.
func TestListObjectVersionsDecode(t *testing.T) {
	t.Parallel()
	s := newBktServer(t, bktFile(t, "bucket_list_versions.response.xml"))
	res, _, err := s.client(t).Bucket.ListObjectVersions(context.Background(), nil)
	require.NoError(t, err)
	assert.Equal(t, "encoding-type=url&versions", s.requests()[0].RawQuery)
	assert.Equal(t, bktName, res.Name)
	assert.Equal(t, 1000, res.MaxKeys)
	assert.False(t, res.IsTruncated)
	type entry struct {
		key, id        string
		latest, marker bool
	}
	var got []entry
	for _, v := range res.Versions {
		got = append(got, entry{v.Key, v.VersionID, v.IsLatest, v.IsDeleteMarker})
	}
	assert.Equal(t, []entry{
		{"example-object-1.jpg", "null", true, false},
		{"example-object-2.jpg", "MTg0NDUxMzY1MDIzNjQ3NTcwMDk", true, false},
		{"example-object-2.jpg", "null", false, false},
		{"example-object-3.jpg", "MTg0NDUxMzY1MDIzNTQ1ODM2NjE", true, true},
		{"example-object-3.jpg", "MTg0NDUxMzY1MDIzNjQ3NjM2MDY", false, false},
	}, got, "versions and delete markers in COS's order")
	assert.Equal(t, cos.ObjectVersion{
		Key: "example-object-2.jpg", VersionID: "null", LastModified: time.Date(2020, 12, 10, 3, 35, 24, 0, time.UTC),
		ETag: "dcffaafe67632b2bd2dd0b9456eafca7", Size: 23, StorageClass: cos.StorageIntelligentTiering,
		StorageTier: "FREQUENT", Owner: cos.Owner{ID: "1250000000", DisplayName: "1250000000"},
	}, res.Versions[2])
	m := res.Versions[3]
	assert.Empty(t, m.ETag, "a delete marker has no ETag")
	assert.Equal(t, time.Date(2020, 12, 10, 3, 35, 54, 0, time.UTC), m.LastModified)
}

// TestListObjectVersionsURLDecode decodes case 4 (encoding-type=url).
func TestListObjectVersionsURLDecode(t *testing.T) {
	t.Parallel()
	s := newBktServer(t, bktFile(t, "bucket_list_versions_url.response.xml"))
	res, _, err := s.client(t).Bucket.ListObjectVersions(context.Background(), &cos.ListObjectVersionsOptions{EncodingType: "url"})
	require.NoError(t, err)
	var keys []string
	for _, v := range res.Versions {
		keys = append(keys, v.Key)
	}
	assert.Equal(t, []string{"Tencent Cloud.jpg", "照片/2020年/IMG0001.jpg", "照片/2020年/IMG0001.jpg", "腾讯云.jpg", "腾讯云.jpg"}, keys)
	assert.True(t, res.Versions[1].IsDeleteMarker)
}

func TestListObjectVersionsRequest(t *testing.T) {
	t.Parallel()
	s := newBktServer(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		bktXML(w, http.StatusOK, `<ListVersionsResult><EncodingType>url</EncodingType><Prefix>a%20b/</Prefix>`+
			`<KeyMarker>a%20b/k%2B1</KeyMarker><VersionIdMarker>MTIz</VersionIdMarker><Delimiter>/</Delimiter>`+
			`<IsTruncated>true</IsTruncated><NextKeyMarker>a%20b/sub/</NextKeyMarker><NextVersionIdMarker/>`+
			`<CommonPrefixes><Prefix>a%20b/sub/</Prefix></CommonPrefixes></ListVersionsResult>`)
	})
	opt := &cos.ListObjectVersionsOptions{Prefix: "a b/", Delimiter: "/", KeyMarker: "a b/k+1", VersionIDMarker: "MTIz", MaxKeys: 2}
	res, _, err := s.client(t).Bucket.ListObjectVersions(context.Background(), opt)
	require.NoError(t, err)
	assert.Equal(t, "delimiter=%2F&encoding-type=url&key-marker=a%20b%2Fk%2B1&max-keys=2&prefix=a%20b%2F&version-id-marker=MTIz&versions",
		s.requests()[0].RawQuery)
	assert.Empty(t, opt.EncodingType, "options untouched")
	assert.Equal(t, "a b/", res.Prefix)
	assert.Equal(t, "a b/k+1", res.KeyMarker)
	assert.Equal(t, "MTIz", res.VersionIDMarker)
	assert.Equal(t, "a b/sub/", res.NextKeyMarker)
	assert.Empty(t, res.NextVersionIDMarker)
	assert.Equal(t, []string{"a b/sub/"}, res.CommonPrefixes)
}

// versionPager serves n versions of key "k", page by page, following
// key-marker/version-id-marker; stuck repeats the first page forever.
func versionPager(t *testing.T, n, size int, stuck bool) bktHandler {
	return func(w http.ResponseWriter, r *http.Request, _ int) {
		start := 0
		if id := r.URL.Query().Get("version-id-marker"); id != "" && !stuck {
			_, err := fmt.Sscanf(id, "v%d", &start)
			require.NoError(t, err)
			start++
		}
		var b strings.Builder
		end := min(start+size, n)
		b.WriteString(`<ListVersionsResult><EncodingType>url</EncodingType>`)
		fmt.Fprintf(&b, `<IsTruncated>%t</IsTruncated>`, end < n)
		if end < n {
			fmt.Fprintf(&b, `<NextKeyMarker>k</NextKeyMarker><NextVersionIdMarker>v%d</NextVersionIdMarker>`, end-1)
		}
		for i := start; i < end; i++ {
			kind := "Version"
			if i%3 == 1 {
				kind = "DeleteMarker"
			}
			fmt.Fprintf(&b, `<%s><Key>k</Key><VersionId>v%d</VersionId><IsLatest>%t</IsLatest></%s>`, kind, i, i == 0, kind)
		}
		b.WriteString(`</ListVersionsResult>`)
		bktXML(w, http.StatusOK, b.String())
	}
}

func TestObjectVersionsPaging(t *testing.T) {
	t.Parallel()
	s := newBktServer(t, versionPager(t, 7, 3, false))
	var ids []string
	markers := 0
	for v, err := range s.client(t).Bucket.ObjectVersions(context.Background(), &cos.ListObjectVersionsOptions{MaxKeys: 3}) {
		require.NoError(t, err)
		ids = append(ids, v.VersionID)
		if v.IsDeleteMarker {
			markers++
		}
	}
	assert.Equal(t, []string{"v0", "v1", "v2", "v3", "v4", "v5", "v6"}, ids)
	assert.Equal(t, 2, markers)
	reqs := s.requests()
	require.Len(t, reqs, 3)
	assert.Equal(t, "k", reqs[1].Query.Get("key-marker"))
	assert.Equal(t, "v2", reqs[1].Query.Get("version-id-marker"))
	assert.Equal(t, "v5", reqs[2].Query.Get("version-id-marker"))
}

func TestObjectVersionsStuckServer(t *testing.T) {
	t.Parallel()
	s := newBktServer(t, versionPager(t, 7, 3, true))
	var errs []error
	n := 0
	for _, err := range s.client(t).Bucket.ObjectVersions(context.Background(), nil) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		n++
		require.Less(t, n, 100, "the iterator must stop")
	}
	require.Len(t, errs, 1)
	assert.Contains(t, errs[0].Error(), "did not advance")
	assert.Len(t, s.requests(), 2)
}

func TestObjectVersionsStopsOnBreak(t *testing.T) {
	t.Parallel()
	s := newBktServer(t, versionPager(t, 7, 3, false))
	for range s.client(t).Bucket.ObjectVersions(context.Background(), nil) {
		break
	}
	assert.Len(t, s.requests(), 1, "no page is fetched after the loop breaks")
}

// TestListObjectVersionsPrefixesCounted checks that a page holds no more
// common prefixes than MaxKeys asked for, however they are spelled: each
// <CommonPrefixes> element is one entry of the result, with or without a
// <Prefix> inside.
func TestListObjectVersionsPrefixesCounted(t *testing.T) {
	t.Parallel()
	for name, prefixes := range map[string]string{
		"empty elements":     strings.Repeat("<CommonPrefixes/>", 3),
		"without a Prefix":   strings.Repeat("<CommonPrefixes><Other>x</Other></CommonPrefixes>", 3),
		"with their Prefix":  strings.Repeat("<CommonPrefixes><Prefix>p/</Prefix></CommonPrefixes>", 3),
		"mixed and repeated": "<CommonPrefixes/><CommonPrefixes><Prefix>a/</Prefix><Prefix>b/</Prefix></CommonPrefixes><CommonPrefixes/>",
	} {
		body := "<ListVersionsResult><Name>" + bktName + "</Name><MaxKeys>2</MaxKeys>" + prefixes + "</ListVersionsResult>"
		s := newBktServer(t, func(w http.ResponseWriter, _ *http.Request, _ int) { bktXML(w, http.StatusOK, body) })
		res, _, err := s.client(t).Bucket.ListObjectVersions(context.Background(), &cos.ListObjectVersionsOptions{MaxKeys: 2})
		require.ErrorIs(t, err, cos.ErrInvalidResponse, "%s: 3 common prefixes on a page of 2: %+v", name, res)
		assert.Contains(t, err.Error(), "more than 2 entries", name)
	}
}
