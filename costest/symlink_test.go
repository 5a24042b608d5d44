package costest_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// cos-go-sdk-v5 v0.7.70 sends the target through encodeURIComponent, which
// leaves !'()* unescaped, and reads x-cos-symlink-target back.
func TestSymlinkAsTheOfficialSDKSendsIt(t *testing.T) {
	t.Parallel()
	e := newEnv(t).withBucket()
	e.put("dir/photo (1).jpg", []byte("pixels"), map[string]string{"Content-Type": "image/jpeg"})
	r := e.do(call{Method: http.MethodPut, Bucket: testBucket, Key: "link", Query: "symlink",
		Header: map[string]string{"x-cos-symlink-target": "dir%2Fphoto%20(1).jpg"}})
	require.Equal(t, http.StatusOK, r.Status, string(r.Body))
	assert.Equal(t, md5hex([]byte("/dir/photo (1).jpg")), r.Header.Get("ETag"), "the link's ETag is the MD5 of the target path")

	r = e.do(call{Bucket: testBucket, Key: "link", Query: "symlink"})
	require.Equal(t, http.StatusOK, r.Status)
	assert.Equal(t, "dir/photo%20%281%29.jpg", r.Header.Get("x-cos-symlink-target"))
	assert.Empty(t, r.Body)

	r = e.do(call{Bucket: testBucket, Key: "link"})
	require.Equal(t, http.StatusOK, r.Status)
	assert.Equal(t, "pixels", string(r.Body))
	assert.Equal(t, "image/jpeg", r.Header.Get("Content-Type"))

	// A link to a link is not followed.
	r = e.do(call{Method: http.MethodPut, Bucket: testBucket, Key: "link2", Query: "symlink",
		Header: map[string]string{"x-cos-symlink-target": "link"}})
	require.Equal(t, http.StatusOK, r.Status)
	r = e.do(call{Bucket: testBucket, Key: "link2"})
	assert.Equal(t, http.StatusNotFound, r.Status)
}

func TestSymlinkRefusals(t *testing.T) {
	t.Parallel()
	e := newEnv(t).withBucket()
	for name, hdr := range map[string]map[string]string{
		"no target":      nil,
		"bad escape":     {"x-cos-symlink-target": "%zz"},
		"root target":    {"x-cos-symlink-target": "."},
		"control target": {"x-cos-symlink-target": "a%18b"},
	} {
		r := e.do(call{Method: http.MethodPut, Bucket: testBucket, Key: "link", Query: "symlink", Header: hdr})
		assert.Equal(t, http.StatusBadRequest, r.Status, name)
	}
	r := e.do(call{Method: http.MethodHead, Bucket: testBucket, Key: "link"})
	assert.Equal(t, http.StatusNotFound, r.Status, "refused links store nothing")

	// x-cos-forbid-overwrite is honoured, as for PUT Object.
	e.put("taken", []byte("x"), nil)
	r = e.do(call{Method: http.MethodPut, Bucket: testBucket, Key: "taken", Query: "symlink",
		Header: map[string]string{"x-cos-symlink-target": "t", "x-cos-forbid-overwrite": "true"}})
	assert.Equal(t, http.StatusConflict, r.Status)
}

// In a versioned bucket, deleting a link's target leaves a delete marker
// on the target, not on the link: a GET or HEAD of the link is a plain 404
// that must not say the link's own current version is a delete marker
// (cos.IsDeleteMarker would send the caller to restore the wrong key).
func TestSymlinkToDeletedTargetIsNotADeleteMarker(t *testing.T) {
	t.Parallel()
	e := newEnv(t).withBucket()
	e.setVersioning("Enabled")
	e.put("target", []byte("x"), nil)
	r := e.do(call{Method: http.MethodPut, Bucket: testBucket, Key: "link", Query: "symlink",
		Header: map[string]string{"x-cos-symlink-target": "target"}})
	require.Equal(t, http.StatusOK, r.Status, string(r.Body))
	r = e.do(call{Method: http.MethodDelete, Bucket: testBucket, Key: "target"})
	require.Equal(t, http.StatusNoContent, r.Status, string(r.Body))
	require.Equal(t, "true", r.Header.Get("x-cos-delete-marker"))
	marker := r.Header.Get("x-cos-version-id")

	for _, method := range []string{http.MethodGet, http.MethodHead} {
		r = e.do(call{Method: method, Bucket: testBucket, Key: "link"})
		assert.Equal(t, http.StatusNotFound, r.Status, method)
		assert.Empty(t, r.Header.Get("x-cos-delete-marker"), "%s: the link is not a delete marker", method)
		assert.NotEqual(t, marker, r.Header.Get("x-cos-version-id"), "%s: the target's marker is not the link's version", method)
	}
}
