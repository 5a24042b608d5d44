package costest_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type taggingDoc struct {
	TagSet *struct {
		Tags []struct {
			Key   string `xml:"Key"`
			Value string `xml:"Value"`
		} `xml:"Tag"`
	} `xml:"TagSet"`
}

func (d taggingDoc) pairs() []string {
	var out []string
	if d.TagSet != nil {
		for _, t := range d.TagSet.Tags {
			out = append(out, t.Key+"="+t.Value)
		}
	}
	return out
}

func tagsXML(pairs ...string) string {
	var b strings.Builder
	b.WriteString("<Tagging><TagSet>")
	for _, p := range pairs {
		k, v, _ := strings.Cut(p, "=")
		fmt.Fprintf(&b, "<Tag><Key>%s</Key><Value>%s</Value></Tag>", k, v)
	}
	b.WriteString("</TagSet></Tagging>")
	return b.String()
}

func manyTags(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("k%d=v", i)
	}
	return out
}

func TestBucketTagging(t *testing.T) {
	t.Parallel()
	e := newEnv(t).withBucket()
	r := e.do(call{Bucket: testBucket, Query: "tagging"})
	assert.Equal(t, http.StatusNotFound, r.Status)
	assert.Equal(t, "NoSuchTagSetError", r.errCode())

	// cos-go-sdk-v5's body and query form; the Node SDK's "tagging=".
	r = e.xmlCall(http.MethodPut, "", "tagging", tagsXML("age=18", "name=xiaoming"))
	require.Equal(t, http.StatusNoContent, r.Status, string(r.Body))
	r = e.do(call{Bucket: testBucket, Query: "tagging="})
	require.Equal(t, http.StatusOK, r.Status)
	assert.Equal(t, []string{"age=18", "name=xiaoming"}, decode[taggingDoc](t, r).pairs())

	for name, tc := range map[string]struct {
		body, code string
	}{
		"51 tags":        {tagsXML(manyTags(51)...), "InvalidTag"},
		"repeated key":   {tagsXML("a=1", "a=2"), "InvalidTag"},
		"reserved key":   {tagsXML("qcs:x=1"), "InvalidTag"},
		"empty key":      {tagsXML("=1"), "InvalidTag"},
		"comma in value": {tagsXML("a=1,2"), "InvalidTag"},
		"long key":       {tagsXML(strings.Repeat("k", 129) + "=v"), "InvalidTag"},
		"no TagSet":      {"<Tagging></Tagging>", "MalformedXML"},
		"no Value":       {"<Tagging><TagSet><Tag><Key>k</Key></Tag></TagSet></Tagging>", "MalformedXML"},
		"not XML":        {"<Tagging", "MalformedXML"},
	} {
		r := e.xmlCall(http.MethodPut, "", "tagging", tc.body)
		assert.Equal(t, http.StatusBadRequest, r.Status, name)
		assert.Equal(t, tc.code, r.errCode(), name)
	}
	r = e.do(call{Bucket: testBucket, Query: "tagging"})
	assert.Equal(t, []string{"age=18", "name=xiaoming"}, decode[taggingDoc](t, r).pairs(), "refused PUTs change nothing")

	r = e.do(call{Method: http.MethodDelete, Bucket: testBucket, Query: "tagging"})
	assert.Equal(t, http.StatusNoContent, r.Status)
	r = e.do(call{Method: http.MethodDelete, Bucket: testBucket, Query: "tagging"})
	assert.Equal(t, http.StatusNotFound, r.Status)
	assert.Equal(t, "NoSuchTagSetError", r.errCode())

	r = e.xmlCall(http.MethodPut, "", "tagging", tagsXML("a=b"))
	require.Equal(t, http.StatusNoContent, r.Status)
	require.Equal(t, http.StatusNoContent, e.do(call{Method: http.MethodDelete, Bucket: testBucket}).Status)
	r = e.do(call{Bucket: testBucket, Query: "tagging"})
	assert.Equal(t, "NoSuchBucket", r.errCode())
}

func TestObjectTagging(t *testing.T) {
	t.Parallel()
	e := newEnv(t).withBucket()
	e.put("dir/o", []byte("data"), nil)
	r := e.do(call{Bucket: testBucket, Key: "dir/o", Query: "tagging"})
	require.Equal(t, http.StatusOK, r.Status)
	assert.Contains(t, string(r.Body), "<TagSet></TagSet>", "an untagged object answers an empty TagSet")
	assert.Empty(t, decode[taggingDoc](t, r).pairs())

	// cos-go-sdk-v5 sends ?tagging&versionId=<id>; "null" names the only
	// version of an unversioned object.
	r = e.xmlCall(http.MethodPut, "dir/o", "tagging&versionId=null", tagsXML("k1=v 1", "k2=v2"))
	require.Equal(t, http.StatusOK, r.Status, string(r.Body))
	r = e.do(call{Bucket: testBucket, Key: "dir/o", Query: "tagging"})
	assert.Equal(t, []string{"k1=v 1", "k2=v2"}, decode[taggingDoc](t, r).pairs())
	for _, m := range []string{http.MethodHead, http.MethodGet} {
		r = e.do(call{Method: m, Bucket: testBucket, Key: "dir/o"})
		assert.Equal(t, "2", r.Header.Get("x-cos-tagging-count"), m)
	}

	r = e.xmlCall(http.MethodPut, "dir/o", "tagging", tagsXML(manyTags(11)...))
	assert.Equal(t, "InvalidTag", r.errCode())
	r = e.do(call{Bucket: testBucket, Key: "dir/o", Query: "tagging&versionId=MTg0NDUxNjI3NjI"})
	assert.Equal(t, http.StatusNotFound, r.Status)
	assert.Equal(t, "NoSuchVersion", r.errCode())
	r = e.xmlCall(http.MethodPut, "missing", "tagging", tagsXML("a=b"))
	assert.Equal(t, "NoSuchKey", r.errCode())

	r = e.do(call{Method: http.MethodDelete, Bucket: testBucket, Key: "dir/o", Query: "tagging="})
	assert.Equal(t, http.StatusNoContent, r.Status)
	r = e.do(call{Method: http.MethodHead, Bucket: testBucket, Key: "dir/o"})
	assert.Empty(t, r.Header.Values("x-cos-tagging-count"))
	r = e.do(call{Method: http.MethodDelete, Bucket: testBucket, Key: "dir/o", Query: "tagging"})
	assert.Equal(t, http.StatusNoContent, r.Status, "deleting absent object tags is harmless")
}

func TestTagsOnWrite(t *testing.T) {
	t.Parallel()
	e := newEnv(t).withBucket()
	tagsOf := func(key string) []string {
		t.Helper()
		r := e.do(call{Bucket: testBucket, Key: key, Query: "tagging"})
		require.Equal(t, http.StatusOK, r.Status, string(r.Body))
		return decode[taggingDoc](t, r).pairs()
	}
	e.put("src", []byte("x"), map[string]string{"x-cos-tagging": "a=1&b=x%20y&c=p+q"})
	assert.Equal(t, []string{"a=1", "b=x y", "c=p q"}, tagsOf("src"))

	r := e.do(call{Method: http.MethodPut, Bucket: testBucket, Key: "bad", Body: []byte("x"),
		Header: map[string]string{"x-cos-tagging": strings.Join(manyTags(11), "&")}})
	assert.Equal(t, "InvalidTag", r.errCode())
	r = e.do(call{Method: http.MethodPut, Bucket: testBucket, Key: "bad", Body: []byte("x"),
		Header: map[string]string{"x-cos-tagging": "a=%zz"}})
	assert.Equal(t, "InvalidArgument", r.errCode())
	assert.Equal(t, http.StatusNotFound, e.do(call{Method: http.MethodHead, Bucket: testBucket, Key: "bad"}).Status, "nothing stored")

	copyHdr := func(extra map[string]string) map[string]string {
		h := map[string]string{"x-cos-copy-source": testBucket + ".cos.ap-guangzhou.myqcloud.com/src"}
		for k, v := range extra {
			h[k] = v
		}
		return h
	}
	r = e.do(call{Method: http.MethodPut, Bucket: testBucket, Key: "kept", Header: copyHdr(nil)})
	require.Equal(t, http.StatusOK, r.Status, string(r.Body))
	assert.Equal(t, []string{"a=1", "b=x y", "c=p q"}, tagsOf("kept"))
	r = e.do(call{Method: http.MethodPut, Bucket: testBucket, Key: "replaced",
		Header: copyHdr(map[string]string{"x-cos-tagging-directive": "Replaced", "x-cos-tagging": "z=26"})})
	require.Equal(t, http.StatusOK, r.Status, string(r.Body))
	assert.Equal(t, []string{"z=26"}, tagsOf("replaced"))
	r = e.do(call{Method: http.MethodPut, Bucket: testBucket, Key: "x", Header: copyHdr(map[string]string{"x-cos-tagging-directive": "Merge"})})
	assert.Equal(t, "InvalidArgument", r.errCode())

	// Changing the tags of an object in place is a self-copy with Replaced.
	r = e.do(call{Method: http.MethodPut, Bucket: testBucket, Key: "src",
		Header: copyHdr(map[string]string{"x-cos-tagging-directive": "Replaced", "x-cos-tagging": "only=this"})})
	require.Equal(t, http.StatusOK, r.Status, string(r.Body))
	assert.Equal(t, []string{"only=this"}, tagsOf("src"))

	// Initiate keeps the tags for Complete.
	r = e.do(call{Method: http.MethodPost, Bucket: testBucket, Key: "mp", Query: "uploads", Header: map[string]string{"x-cos-tagging": "via=mp"}})
	require.Equal(t, http.StatusOK, r.Status)
	up := decode[struct {
		UploadID string `xml:"UploadId"`
	}](t, r).UploadID
	r = e.do(call{Method: http.MethodPut, Bucket: testBucket, Key: "mp", Query: "partNumber=1&uploadId=" + up, Body: []byte("p")})
	require.Equal(t, http.StatusOK, r.Status)
	r = e.xmlCall(http.MethodPost, "mp", "uploadId="+up,
		`<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>`+r.Header.Get("ETag")+`</ETag></Part></CompleteMultipartUpload>`)
	require.Equal(t, http.StatusOK, r.Status, string(r.Body))
	assert.Equal(t, []string{"via=mp"}, tagsOf("mp"))
}
