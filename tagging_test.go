package cos_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/cosgo/cos"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPutBucketTaggingRequest(t *testing.T) {
	t.Parallel()
	s := newBktServer(t, func(w http.ResponseWriter, _ *http.Request, _ int) { w.WriteHeader(http.StatusNoContent) })
	_, err := s.client(t).Bucket.PutTagging(context.Background(), cos.TagSet{{Key: "age", Value: "18"}, {Key: "name", Value: "xiaoming"}})
	require.NoError(t, err)
	r := s.requests()[0]
	assert.Equal(t, http.MethodPut, r.Method)
	assert.Equal(t, "/"+bktName+"/", r.Path)
	assert.Equal(t, "tagging", r.RawQuery)
	bktAssertXMLBody(t, r)
	bktGolden(t, "tagging_put.request.xml", r.Body)
}

// The GET answers of the API pages (8277 for buckets, 35710 for objects).
func TestGetTaggingDecodesDocumentedAnswers(t *testing.T) {
	t.Parallel()
	want := cos.TagSet{{Key: "age", Value: "18"}, {Key: "name", Value: "xiaoming"}}
	s := newBktServer(t, bktFile(t, "tagging_get.response.xml"))
	tags, _, err := s.client(t).Bucket.GetTagging(context.Background())
	require.NoError(t, err)
	assert.Equal(t, want, tags)

	s = newBktServer(t, bktFile(t, "tagging_object_get.response.xml"))
	tags, _, err = s.client(t).Object.GetTagging(context.Background(), "exampleobject.txt", &cos.ObjectTaggingOptions{VersionID: "v1"})
	require.NoError(t, err)
	assert.Equal(t, want, tags)
	r := s.requests()[0]
	assert.Equal(t, "/"+bktName+"/exampleobject.txt", r.Path)
	assert.Equal(t, url.Values{"tagging": {""}, "versionId": {"v1"}}, r.Query)
}

func TestBucketTaggingNotSet(t *testing.T) {
	t.Parallel()
	s := newBktServer(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		bktError(w, http.StatusNotFound, "NoSuchTagSetError")
	})
	c := s.client(t)
	tags, resp, err := c.Bucket.GetTagging(context.Background())
	require.ErrorIs(t, err, cos.ErrNotFound)
	assert.Equal(t, "NoSuchTagSetError", cos.ErrorCode(err))
	assert.Nil(t, tags)
	assert.NotNil(t, resp)
	_, err = c.Bucket.DeleteTagging(context.Background())
	require.ErrorIs(t, err, cos.ErrNotFound, "a first answer of 404 is the caller's to see")
	assert.Len(t, s.requests(), 2, "404s are not retried")
}

// A DELETE whose first answer is lost (500 here) and whose retry finds the
// tags gone has done its job.
func TestDeleteBucketTaggingRetryFindsThemGone(t *testing.T) {
	t.Parallel()
	s := newBktServer(t, func(w http.ResponseWriter, _ *http.Request, n int) {
		if n == 1 {
			bktError(w, http.StatusInternalServerError, "InternalError")
			return
		}
		bktError(w, http.StatusNotFound, "NoSuchTagSetError")
	})
	_, err := s.client(t).Bucket.DeleteTagging(context.Background())
	require.NoError(t, err)
	require.Len(t, s.requests(), 2)
	assert.Equal(t, http.MethodDelete, s.requests()[1].Method)
	assert.Equal(t, "tagging", s.requests()[1].RawQuery)
}

func TestObjectTaggingRequests(t *testing.T) {
	t.Parallel()
	s := newBktServer(t, nil)
	c := s.client(t)
	ctx := context.Background()
	_, err := c.Object.PutTagging(ctx, "dir/a b.txt", cos.TagSet{{Key: "k", Value: "v"}}, nil)
	require.NoError(t, err)
	_, err = c.Object.DeleteTagging(ctx, "dir/a b.txt", &cos.ObjectTaggingOptions{VersionID: "MTg0NDUxNjI3NjI"})
	require.NoError(t, err)
	reqs := s.requests()
	require.Len(t, reqs, 2)
	assert.Equal(t, http.MethodPut, reqs[0].Method)
	assert.Equal(t, "/"+bktName+"/dir/a b.txt", reqs[0].Path)
	assert.Equal(t, "tagging", reqs[0].RawQuery)
	bktAssertXMLBody(t, reqs[0])
	assert.Equal(t, `<Tagging><TagSet><Tag><Key>k</Key><Value>v</Value></Tag></TagSet></Tagging>`, string(reqs[0].Body))
	assert.Equal(t, http.MethodDelete, reqs[1].Method)
	assert.Equal(t, "MTg0NDUxNjI3NjI", reqs[1].Query.Get("versionId"))
	assert.True(t, reqs[1].Query.Has("tagging"))
}

func TestTagSetEncode(t *testing.T) {
	t.Parallel()
	ts := cos.TagSet{{Key: "a b", Value: "x+y=z&w"}, {Key: "项目", Value: ""}, {Key: "k/1:2@x", Value: "~._-"}}
	enc := ts.Encode()
	assert.Equal(t, "a%20b=x%2By%3Dz%26w&%E9%A1%B9%E7%9B%AE=&k%2F1%3A2%40x=~._-", enc)
	assert.Empty(t, cos.TagSet(nil).Encode())
	v, ok := ts.Get("项目")
	assert.True(t, ok)
	assert.Empty(t, v)
	_, ok = ts.Get("missing")
	assert.False(t, ok)
	assert.Equal(t, map[string]string{"a b": "x+y=z&w", "项目": "", "k/1:2@x": "~._-"}, ts.Map())
	assert.Equal(t, cos.TagSet{{Key: "a", Value: "1"}, {Key: "b", Value: "2"}}, cos.TagSetFromMap(map[string]string{"b": "2", "a": "1"}))
}

// Put, Initiate and Copy send the header form; Copy sends the directive.
func TestTaggingHeaders(t *testing.T) {
	t.Parallel()
	s := newBktServer(t, func(w http.ResponseWriter, r *http.Request, _ int) {
		switch {
		case r.URL.Query().Has("uploads"):
			bktXML(w, 200, `<InitiateMultipartUploadResult><Bucket>b</Bucket><Key>k</Key><UploadId>u1</UploadId></InitiateMultipartUploadResult>`)
		case r.Header.Get("x-cos-copy-source") != "":
			bktXML(w, 200, `<CopyObjectResult><ETag>"e"</ETag><LastModified>2020-04-10T18:20:30Z</LastModified></CopyObjectResult>`)
		default:
			w.WriteHeader(http.StatusOK)
		}
	})
	c := s.client(t, cos.WithRegion("ap-guangzhou"))
	ctx := context.Background()
	tags := cos.TagSet{{Key: "team", Value: "data eng"}, {Key: "tier", Value: "1"}}
	_, _, err := c.Object.Put(ctx, "k", strings.NewReader("x"), &cos.ObjectPutOptions{Tagging: tags.Encode()})
	require.NoError(t, err)
	_, _, err = c.Object.InitiateMultipartUpload(ctx, "k", &cos.InitiateMultipartUploadOptions{Tagging: tags.Encode()})
	require.NoError(t, err)
	_, _, err = c.Object.Copy(ctx, "k2", cos.CopySource{Key: "k"}, &cos.ObjectCopyOptions{TaggingDirective: "replaced", Tagging: tags.Encode()})
	require.NoError(t, err)
	_, _, err = c.Object.Copy(ctx, "k3", cos.CopySource{Key: "k"}, nil)
	require.NoError(t, err)
	reqs := s.requests()
	require.Len(t, reqs, 4)
	for _, r := range reqs[:3] {
		assert.Equal(t, "team=data%20eng&tier=1", r.Header.Get("x-cos-tagging"))
	}
	assert.Equal(t, "Replaced", reqs[2].Header.Get("x-cos-tagging-directive"))
	assert.Empty(t, reqs[3].Header.Values("x-cos-tagging-directive"), "the default sends no directive")
	assert.Empty(t, reqs[3].Header.Values("x-cos-tagging"))
}

func TestObjectMetaTaggingCount(t *testing.T) {
	t.Parallel()
	s := newBktServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if n == 1 {
			w.Header().Set("x-cos-tagging-count", "3")
		} else {
			w.Header().Set("x-cos-tagging-count", "three")
		}
		w.WriteHeader(http.StatusOK)
		if r.Method == http.MethodGet {
			_, _ = w.Write([]byte("body"))
		}
	})
	c := s.client(t)
	meta, _, err := c.Object.Head(context.Background(), "k", nil)
	require.NoError(t, err)
	assert.Equal(t, 3, meta.TaggingCount)
	resp, err := c.Object.Get(context.Background(), "k", nil)
	require.NoError(t, err)
	defer resp.Body.Close()
	meta, err = cos.ParseObjectMeta(resp.Header)
	require.NoError(t, err, "an unreadable count does not fail the call")
	assert.Zero(t, meta.TaggingCount)
	assert.Equal(t, int64(4), meta.ContentLength)
}

func TestTaggingBadInput(t *testing.T) {
	t.Parallel()
	eleven := make(cos.TagSet, 11)
	fiftyOne := make(cos.TagSet, 51)
	for i := range fiftyOne {
		fiftyOne[i] = cos.Tag{Key: "k" + strings.Repeat("x", i), Value: "v"}
		if i < len(eleven) {
			eleven[i] = fiftyOne[i]
		}
	}
	one := func(k, v string) cos.TagSet { return cos.TagSet{{Key: k, Value: v}} }
	ctx := context.Background()
	s := newBktServer(t, nil)
	c := s.client(t)
	bucket := func(ts cos.TagSet) func() error {
		return func() error { _, err := c.Bucket.PutTagging(ctx, ts); return err }
	}
	object := func(ts cos.TagSet) func() error {
		return func() error { _, err := c.Object.PutTagging(ctx, "k", ts, nil); return err }
	}
	cases := []struct {
		name, field string
		call        func() error
	}{
		{"empty bucket set", "TagSet", bucket(nil)},
		{"empty object set", "TagSet", object(cos.TagSet{})},
		{"51 bucket tags", "TagSet", bucket(fiftyOne)},
		{"11 object tags", "TagSet", object(eleven)},
		{"empty key", "TagSet[0].Key", object(one("", "v"))},
		{"key of 129 characters", "TagSet[0].Key", bucket(one(strings.Repeat("键", 129), "v"))},
		{"value of 257 characters", "TagSet[0].Value", object(one("k", strings.Repeat("v", 257)))},
		{"key with a comma", "TagSet[0].Key", object(one("a,b", "v"))},
		{"value with a newline", "TagSet[0].Value", bucket(one("k", "a\nb"))},
		{"invalid UTF-8", "TagSet[0].Key", object(one("a\xffb", "v"))},
		{"reserved bucket key", "TagSet[0].Key", bucket(one("qcs:project", "v"))},
		{"repeated key", "TagSet[1].Key", object(cos.TagSet{{Key: "k", Value: "1"}, {Key: "k", Value: "2"}})},
		{"bad header escape (Put)", "Tagging", func() error {
			_, _, err := c.Object.Put(ctx, "k", strings.NewReader("x"), &cos.ObjectPutOptions{Tagging: "a=%zz"})
			return err
		}},
		{"11 header tags (Initiate)", "Tagging", func() error {
			_, _, err := c.Object.InitiateMultipartUpload(ctx, "k", &cos.InitiateMultipartUploadOptions{Tagging: eleven.Encode()})
			return err
		}},
		{"tags without Replaced (Copy)", "TaggingDirective", func() error {
			_, _, err := c.Object.Copy(ctx, "k", cos.CopySource{Key: "s", Region: "ap-guangzhou"}, &cos.ObjectCopyOptions{Tagging: "a=b"})
			return err
		}},
		{"unknown directive (Copy)", "TaggingDirective", func() error {
			_, _, err := c.Object.Copy(ctx, "k", cos.CopySource{Key: "s", Region: "ap-guangzhou"}, &cos.ObjectCopyOptions{TaggingDirective: "Merge"})
			return err
		}},
		{"repeated header key (Copy)", "Tagging", func() error {
			_, _, err := c.Object.Copy(ctx, "k", cos.CopySource{Key: "s", Region: "ap-guangzhou"},
				&cos.ObjectCopyOptions{TaggingDirective: cos.TaggingDirectiveReplaced, Tagging: "a=1&a=2"})
			return err
		}},
		{"empty key (object call)", "key", func() error { _, _, err := c.Object.GetTagging(ctx, "", nil); return err }},
	}
	for _, tc := range cases {
		err := tc.call()
		require.ErrorIs(t, err, cos.ErrInvalidArgument, tc.name)
		assert.Contains(t, err.Error(), tc.field, tc.name)
	}
	assert.Empty(t, s.requests(), "nothing is sent")
}
