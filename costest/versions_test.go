package costest_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// versionsDoc is what the tests read of a ListVersionsResult; entries keep
// their kind and order through a custom walk in kinds.
type versionsDoc struct {
	KeyMarker           string  `xml:"KeyMarker"`
	VersionIDMarker     string  `xml:"VersionIdMarker"`
	IsTruncated         bool    `xml:"IsTruncated"`
	NextKeyMarker       *string `xml:"NextKeyMarker"`
	NextVersionIDMarker *string `xml:"NextVersionIdMarker"`
	CommonPrefixes      []struct {
		Prefix string `xml:"Prefix"`
	} `xml:"CommonPrefixes"`
	Versions      []versionXML `xml:"Version"`
	DeleteMarkers []versionXML `xml:"DeleteMarker"`
}

type versionXML struct {
	Key       string `xml:"Key"`
	VersionID string `xml:"VersionId"`
	IsLatest  bool   `xml:"IsLatest"`
	ETag      string `xml:"ETag"`
}

// listVersions lists ?versions with the extra query q.
func (e *env) listVersions(q string) (versionsDoc, string) {
	e.t.Helper()
	query := "versions"
	if q != "" {
		query += "&" + q
	}
	r := e.do(call{Bucket: testBucket, Query: query})
	require.Equal(e.t, http.StatusOK, r.Status, string(r.Body))
	return decode[versionsDoc](e.t, r), string(r.Body)
}

func (e *env) setVersioning(status string) result {
	e.t.Helper()
	return e.xmlCall(http.MethodPut, "", "versioning", "<VersioningConfiguration><Status>"+status+"</Status></VersioningConfiguration>")
}

func TestVersioningEnabledHistory(t *testing.T) {
	t.Parallel()
	e := newEnv(t).withBucket()
	r := e.do(call{Bucket: testBucket, Query: "versioning"})
	require.Equal(t, http.StatusOK, r.Status)
	assert.Empty(t, decode[struct{ Status string }](t, r).Status, "never versioned: no status")
	assert.Equal(t, "MalformedXML", e.setVersioning("Off").errCode())
	require.Equal(t, http.StatusOK, e.setVersioning("Enabled").Status)
	assert.Equal(t, "Enabled", decode[struct{ Status string }](t, e.do(call{Bucket: testBucket, Query: "versioning"})).Status)

	id1 := e.put("k", []byte("one"), nil).Header.Get("x-cos-version-id")
	id2 := e.put("k", []byte("two"), nil).Header.Get("x-cos-version-id")
	require.NotEmpty(t, id1)
	require.NotEqual(t, id1, id2)
	r = e.do(call{Bucket: testBucket, Key: "k"})
	assert.Equal(t, "two", string(r.Body))
	assert.Equal(t, id2, r.Header.Get("x-cos-version-id"))
	r = e.do(call{Bucket: testBucket, Key: "k", Query: "versionId=" + id1})
	assert.Equal(t, "one", string(r.Body))

	r = e.do(call{Method: http.MethodDelete, Bucket: testBucket, Key: "k"})
	require.Equal(t, http.StatusNoContent, r.Status)
	assert.Equal(t, "true", r.Header.Get("x-cos-delete-marker"))
	marker := r.Header.Get("x-cos-version-id")
	require.NotEmpty(t, marker)
	for _, m := range []string{http.MethodGet, http.MethodHead} {
		r = e.do(call{Method: m, Bucket: testBucket, Key: "k"})
		assert.Equal(t, http.StatusNotFound, r.Status, m)
		assert.Equal(t, "true", r.Header.Get("x-cos-delete-marker"), m)
		assert.Equal(t, marker, r.Header.Get("x-cos-version-id"), m)
	}
	assert.Equal(t, "NoSuchKey", e.do(call{Bucket: testBucket, Key: "k", Query: "versionId=" + marker}).errCode())
	assert.Equal(t, "NoSuchVersion", e.do(call{Bucket: testBucket, Key: "k", Query: "versionId=MTIz"}).errCode())
	assert.Empty(t, e.srv.ObjectKeys(testBucket), "a key behind a delete marker is not listed")
	assert.Equal(t, "BucketNotEmpty", e.do(call{Method: http.MethodDelete, Bucket: testBucket}).errCode(), "versions keep the bucket")

	// The official Go SDK sends ?VersionId=; removing the marker restores the key.
	r = e.do(call{Method: http.MethodDelete, Bucket: testBucket, Key: "k", Query: "VersionId=" + marker})
	require.Equal(t, http.StatusNoContent, r.Status)
	assert.Equal(t, "true", r.Header.Get("x-cos-delete-marker"), "the removed version was a marker")
	assert.Equal(t, "two", string(e.do(call{Bucket: testBucket, Key: "k"}).Body))
	e.do(call{Method: http.MethodDelete, Bucket: testBucket, Key: "k", Query: "versionId=" + id2})
	assert.Equal(t, "one", string(e.do(call{Bucket: testBucket, Key: "k"}).Body), "the older version is current again")
	e.do(call{Method: http.MethodDelete, Bucket: testBucket, Key: "k", Query: "versionId=" + id1})
	assert.Equal(t, http.StatusNoContent, e.do(call{Method: http.MethodDelete, Bucket: testBucket}).Status)
}

func TestVersioningNullVersion(t *testing.T) {
	t.Parallel()
	e := newEnv(t).withBucket()
	r := e.put("a", []byte("before"), nil)
	assert.Empty(t, r.Header.Get("x-cos-version-id"), "never versioned: no version header")
	doc, raw := e.listVersions("")
	require.Len(t, doc.Versions, 1)
	assert.Contains(t, raw, "<VersionId></VersionId>", "never versioned: empty VersionId")

	e.setVersioning("Enabled")
	doc, _ = e.listVersions("")
	assert.Equal(t, "null", doc.Versions[0].VersionID, "objects from before keep the null version")
	id := e.put("a", []byte("enabled"), nil).Header.Get("x-cos-version-id")

	e.setVersioning("Suspended")
	r = e.put("a", []byte("suspended-1"), nil)
	assert.Equal(t, "null", r.Header.Get("x-cos-version-id"))
	e.put("a", []byte("suspended-2"), nil)
	doc, _ = e.listVersions("")
	require.Len(t, doc.Versions, 2, "the null version is replaced, the enabled one kept")
	assert.Equal(t, []string{"null", id}, []string{doc.Versions[0].VersionID, doc.Versions[1].VersionID})
	assert.Equal(t, "suspended-2", string(e.do(call{Bucket: testBucket, Key: "a", Query: "versionId=null"}).Body))

	r = e.do(call{Method: http.MethodDelete, Bucket: testBucket, Key: "a"})
	assert.Equal(t, "null", r.Header.Get("x-cos-version-id"))
	assert.Equal(t, "true", r.Header.Get("x-cos-delete-marker"))
	doc, _ = e.listVersions("")
	require.Len(t, doc.DeleteMarkers, 1)
	require.Len(t, doc.Versions, 1)
	assert.Equal(t, "null", doc.DeleteMarkers[0].VersionID)
	assert.True(t, doc.DeleteMarkers[0].IsLatest)
	assert.Equal(t, id, doc.Versions[0].VersionID)
}

// TestListObjectVersionsPaging follows the paging samples of COS's GET
// Bucket Object versions page (cases 7 to 11).
func TestListObjectVersionsPaging(t *testing.T) {
	t.Parallel()
	e := newEnv(t).withBucket()
	e.setVersioning("Enabled")
	e.put("example-object-1.jpg", []byte("a"), nil)
	e.put("example-object-1.jpg", []byte("b"), nil)
	e.put("example-object-2.jpg", []byte("c"), nil)
	marker := e.do(call{Method: http.MethodDelete, Bucket: testBucket, Key: "example-object-2.jpg"}).Header.Get("x-cos-version-id")
	e.put("example-object-3.jpg", []byte("d"), nil)

	doc, raw := e.listVersions("max-keys=3")
	assert.True(t, doc.IsTruncated)
	require.NotNil(t, doc.NextKeyMarker)
	assert.Equal(t, "example-object-2.jpg", *doc.NextKeyMarker)
	assert.Equal(t, marker, *doc.NextVersionIDMarker)
	assert.Len(t, doc.Versions, 2)
	assert.Len(t, doc.DeleteMarkers, 1)
	assert.Less(t, strings.LastIndex(raw, "<Version>"), strings.Index(raw, "<DeleteMarker>"), "entries in COS order")

	doc, _ = e.listVersions("max-keys=3&key-marker=example-object-2.jpg&version-id-marker=" + marker)
	assert.False(t, doc.IsTruncated)
	assert.Nil(t, doc.NextKeyMarker, "NextKeyMarker only when truncated")
	assert.Equal(t, "example-object-2.jpg", doc.KeyMarker)
	require.Len(t, doc.Versions, 2)
	assert.Equal(t, "example-object-2.jpg", doc.Versions[0].Key)
	assert.False(t, doc.Versions[0].IsLatest)
	assert.True(t, doc.Versions[1].IsLatest)

	doc, _ = e.listVersions("key-marker=example-object-2.jpg")
	require.Len(t, doc.Versions, 1, "key-marker alone starts after the key")
	assert.Equal(t, "example-object-3.jpg", doc.Versions[0].Key)

	for _, k := range []string{"example-folder-1/a", "example-folder-2/a", "example-folder-3/a", "example-folder-4/b"} {
		e.put(k, []byte("x"), nil)
	}
	doc, raw = e.listVersions("delimiter=%2F&max-keys=3")
	require.Len(t, doc.CommonPrefixes, 3)
	assert.Equal(t, "example-folder-3/", *doc.NextKeyMarker)
	assert.Contains(t, raw, "<NextVersionIdMarker></NextVersionIdMarker>", "empty after a common prefix")
	doc, _ = e.listVersions("delimiter=%2F&max-keys=3&key-marker=example-folder-3%2F&version-id-marker=")
	require.Len(t, doc.CommonPrefixes, 1)
	assert.Equal(t, "example-folder-4/", doc.CommonPrefixes[0].Prefix)
	assert.Equal(t, "example-object-1.jpg", *doc.NextKeyMarker)

	e.put("腾讯云.jpg", []byte("x"), nil)
	doc, _ = e.listVersions("encoding-type=url&prefix=%E8%85%BE")
	require.Len(t, doc.Versions, 1)
	assert.Equal(t, "%E8%85%BE%E8%AE%AF%E4%BA%91.jpg", doc.Versions[0].Key)
	assert.Equal(t, "InvalidArgument", e.do(call{Bucket: testBucket, Query: "versions&encoding-type=b64"}).errCode())
}
