package costest_test

import (
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func lockConfig(days int) string {
	return `<ObjectLockConfiguration><ObjectLockEnabled>Enabled</ObjectLockEnabled><Rule><DefaultRetention><Days>` +
		strconv.Itoa(days) + `</Days></DefaultRetention></Rule></ObjectLockConfiguration>`
}

func retentionDoc(until time.Time) string {
	return `<Retention><RetainUntilDate>` + until.UTC().Format("2006-01-02T15:04:05.000Z") + `</RetainUntilDate></Retention>`
}

type lockDoc struct {
	ObjectLockEnabled string
	Days              int    `xml:"Rule>DefaultRetention>Days"`
	Mode              string `xml:"Rule>DefaultRetention>Mode"`
}

type retentionGot struct {
	Mode            string
	RetainUntilDate string
}

func TestObjectLockConfiguration(t *testing.T) {
	t.Parallel()
	e := newEnv(t).withBucket()
	r := e.do(call{Bucket: testBucket, Query: "object-lock"})
	assert.Equal(t, http.StatusNotFound, r.Status)
	assert.Equal(t, "NoSuchObjectLockConfiguration", r.errCode())

	for _, bad := range []string{lockConfig(0), lockConfig(36501),
		`<ObjectLockConfiguration><ObjectLockEnabled>Disabled</ObjectLockEnabled></ObjectLockConfiguration>`} {
		assert.Equal(t, "InvalidArgument", e.xmlCall(http.MethodPut, "", "object-lock", bad).errCode(), bad)
	}
	require.Equal(t, http.StatusOK, e.xmlCall(http.MethodPut, "", "object-lock",
		`<ObjectLockConfiguration><ObjectLockEnabled>Enabled</ObjectLockEnabled></ObjectLockConfiguration>`).Status)
	got := decode[lockDoc](t, e.do(call{Bucket: testBucket, Query: "object-lock"}))
	assert.Equal(t, lockDoc{ObjectLockEnabled: "Enabled"}, got, "enabled without a default retention")
	require.Equal(t, http.StatusOK, e.xmlCall(http.MethodPut, "", "object-lock", lockConfig(30)).Status)
	got = decode[lockDoc](t, e.do(call{Bucket: testBucket, Query: "object-lock"}))
	assert.Equal(t, lockDoc{ObjectLockEnabled: "Enabled", Days: 30, Mode: "COMPLIANCE"}, got)
	r = e.xmlCall(http.MethodPut, "", "object-lock", lockConfig(7))
	assert.Equal(t, http.StatusConflict, r.Status)
	assert.Equal(t, "InvalidLockedTime", r.errCode(), "the default retention only grows")

	// Versioning cannot be suspended under object lock, and object lock
	// cannot be enabled on a suspended bucket.
	e.setVersioning("Enabled")
	assert.Equal(t, "InvalidBucketState", e.setVersioning("Suspended").errCode())
	other := "other-1250000000"
	require.NoError(t, e.srv.CreateBucket(other))
	e.do(call{Method: http.MethodPut, Bucket: other, Query: "versioning", Body: []byte("<VersioningConfiguration><Status>Suspended</Status></VersioningConfiguration>")})
	r = e.do(call{Method: http.MethodPut, Bucket: other, Query: "object-lock", Body: []byte(lockConfig(1))})
	assert.Equal(t, "InvalidBucketState", r.errCode())
}

// TestRetentionEnforced locks objects and moves the server clock past the
// retain-until date.
func TestRetentionEnforced(t *testing.T) {
	t.Parallel()
	fc := newFakeClock()
	e := newClockEnv(t, fc).withBucket()
	e.put("early", []byte("x"), nil)
	r := e.xmlCall(http.MethodPut, "early", "retention", retentionDoc(fc.Now().Add(time.Hour)))
	assert.Equal(t, "InvalidBucketState", r.errCode(), "retention needs object lock")
	require.Equal(t, http.StatusOK, e.xmlCall(http.MethodPut, "", "object-lock", lockConfig(1)).Status)

	assert.Equal(t, "NoSuchObjectLockConfiguration", e.do(call{Bucket: testBucket, Key: "early", Query: "retention"}).errCode(),
		"the default applies to later writes only")
	e.put("k", []byte("v1"), nil)
	got := decode[retentionGot](t, e.do(call{Bucket: testBucket, Key: "k", Query: "retention"}))
	assert.Equal(t, retentionGot{Mode: "COMPLIANCE", RetainUntilDate: fc.Now().Add(24 * time.Hour).Format("2006-01-02T15:04:05.000Z")}, got)

	// Never-versioned bucket: no delete, no overwrite.
	r = e.do(call{Method: http.MethodDelete, Bucket: testBucket, Key: "k"})
	assert.Equal(t, http.StatusConflict, r.Status)
	assert.Equal(t, "ObjectLocked", r.errCode())
	r = e.do(call{Method: http.MethodPut, Bucket: testBucket, Key: "k", Body: []byte("v2")})
	assert.Equal(t, "ObjectLocked", r.errCode())
	r = e.xmlCall(http.MethodPost, "", "delete", `<Delete><Object><Key>k</Key></Object></Delete>`)
	assert.Contains(t, string(r.Body), "<Code>ObjectLocked</Code>")

	// A retention is extended, never shortened, and must lie ahead.
	assert.Equal(t, "InvalidLockedTime", e.xmlCall(http.MethodPut, "k", "retention", retentionDoc(fc.Now().Add(time.Hour))).errCode())
	assert.Equal(t, "InvalidArgument", e.xmlCall(http.MethodPut, "k", "retention", retentionDoc(fc.Now().Add(-time.Hour))).errCode())
	assert.Equal(t, "InvalidArgument", e.xmlCall(http.MethodPut, "k", "retention",
		`<Retention><Mode>GOVERNANCE</Mode><RetainUntilDate>2099-01-01T00:00:00Z</RetainUntilDate></Retention>`).errCode())
	require.Equal(t, http.StatusOK, e.xmlCall(http.MethodPut, "k", "retention", retentionDoc(fc.Now().Add(48*time.Hour))).Status)

	fc.Advance(47 * time.Hour)
	assert.Equal(t, "ObjectLocked", e.do(call{Method: http.MethodDelete, Bucket: testBucket, Key: "k"}).errCode(), "extended")
	fc.Advance(2 * time.Hour)
	assert.Equal(t, http.StatusNoContent, e.do(call{Method: http.MethodDelete, Bucket: testBucket, Key: "k"}).Status, "past the date")

	// Versioned bucket: a delete marker is fine, removing the version is not.
	e.setVersioning("Enabled")
	id := e.put("v", []byte("x"), nil).Header.Get("x-cos-version-id")
	assert.Equal(t, http.StatusNoContent, e.do(call{Method: http.MethodDelete, Bucket: testBucket, Key: "v"}).Status)
	assert.Equal(t, http.StatusOK, e.do(call{Method: http.MethodPut, Bucket: testBucket, Key: "v", Body: []byte("y")}).Status, "a new version")
	assert.Equal(t, "ObjectLocked", e.do(call{Method: http.MethodDelete, Bucket: testBucket, Key: "v", Query: "versionId=" + id}).errCode())
	r = e.xmlCall(http.MethodPost, "", "delete", `<Delete><Object><Key>v</Key><VersionId>`+id+`</VersionId></Object></Delete>`)
	assert.Contains(t, string(r.Body), "<VersionId>"+id+"</VersionId><Code>ObjectLocked</Code>")
	got = decode[retentionGot](t, e.do(call{Bucket: testBucket, Key: "v", Query: "retention&versionId=" + id}))
	assert.NotEmpty(t, got.RetainUntilDate)
}
