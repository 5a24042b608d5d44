package cos

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// objFileXML answers with the testdata file name.
func objFileXML(t *testing.T, name string) func(http.ResponseWriter, *http.Request, int) {
	raw, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	return func(w http.ResponseWriter, r *http.Request, n int) { writeXML(w, 200, string(raw)) }
}

func TestDelete(t *testing.T) {
	t.Parallel()
	rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request, n int) { w.WriteHeader(http.StatusNoContent) })
	c := rec.client(t)
	resp, err := c.Object.Delete(context.Background(), "dir/a b", &ObjectDeleteOptions{VersionID: "v1"})
	require.NoError(t, err)
	assert.Equal(t, 204, resp.StatusCode)
	_, err = c.Object.Delete(context.Background(), "plain", nil)
	require.NoError(t, err)
	reqs := rec.requests()
	require.Len(t, reqs, 2)
	assert.Equal(t, http.MethodDelete, reqs[0].Method)
	assert.Equal(t, "/"+testBucket+"/dir/a%20b", reqs[0].RawPath)
	assert.Equal(t, "versionId=v1", reqs[0].RawQuery)
	assert.True(t, reqs[0].SigOK)
	assert.Equal(t, "", reqs[1].RawQuery)

	for _, key := range []string{"", ".", "a/.."} {
		_, err := c.Object.Delete(context.Background(), key, nil)
		require.ErrorIs(t, err, ErrInvalidArgument, "key %q must never become DELETE Bucket", key)
	}
	assert.Len(t, rec.requests(), 2)
}

func TestDeleteMulti(t *testing.T) {
	t.Parallel()
	rec := newRecorder(t, objFileXML(t, "object_delete_multi.response.xml"))
	c := rec.client(t)
	objs := []ObjectIdentifier{{Key: "list/a.txt"}, {Key: "list/b c.txt", VersionID: "MTg0NDUx"}, {Key: `<&>"`}}
	res, _, err := c.Object.DeleteMulti(context.Background(), &DeleteMultiOptions{Objects: objs})
	require.NoError(t, err)
	assert.Equal(t, []DeletedObject{
		{Key: "list/a.txt"},
		{Key: "v.txt", DeleteMarker: true, DeleteMarkerVersionID: "MTg0"},
	}, res.Deleted)
	assert.Equal(t, []DeleteError{{Key: "locked.txt", Code: "AccessDenied", Message: "Access Denied"}}, res.Errors)

	r := rec.requests()[0]
	assert.True(t, r.SigOK)
	assert.Equal(t, http.MethodPost, r.Method)
	assert.Equal(t, "/"+testBucket+"/", r.Path)
	assert.Equal(t, "delete", r.RawQuery)
	assert.Equal(t, "application/xml", r.Header.Get("Content-Type"))
	assert.Equal(t, contentMD5(r.Body), r.Header.Get("Content-MD5"))
	objGolden(t, "object_delete_multi.request.xml", r.Body)

	_, _, err = c.Object.DeleteMulti(context.Background(), &DeleteMultiOptions{Objects: objs, Quiet: true})
	require.NoError(t, err)
	assert.Contains(t, string(rec.requests()[1].Body), "<Quiet>true</Quiet>")
}

func TestDeleteMultiBadInput(t *testing.T) {
	t.Parallel()
	rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request, n int) { writeXML(w, 200, "<DeleteResult/>") })
	c := rec.client(t)
	many := make([]ObjectIdentifier, 1001)
	for i := range many {
		many[i].Key = fmt.Sprintf("k%d", i)
	}
	for name, opt := range map[string]*DeleteMultiOptions{
		"nil":         nil,
		"none":        {},
		"1001 keys":   {Objects: many},
		"empty key":   {Objects: []ObjectIdentifier{{Key: "a"}, {Key: ""}}},
		"root key":    {Objects: []ObjectIdentifier{{Key: "./"}}},
		"xml-hostile": {Objects: []ObjectIdentifier{{Key: "a\x01b"}}},
	} {
		_, resp, err := c.Object.DeleteMulti(context.Background(), opt)
		require.ErrorIs(t, err, ErrInvalidArgument, name)
		assert.Nil(t, resp, name)
	}
	res, _, err := c.Object.DeleteMulti(context.Background(), &DeleteMultiOptions{Objects: many[:1000]})
	require.NoError(t, err, "1000 keys are allowed")
	assert.Empty(t, res.Deleted)
	assert.Equal(t, 1, len(rec.requests()))
}
