package cos

import (
	"context"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCopyRequestShape(t *testing.T) {
	t.Parallel()
	rec := newRecorder(t, objFileXML(t, "object_copy.response.xml"))
	c := rec.client(t, WithRegion("ap-guangzhou"))
	since := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	opt := &ObjectCopyOptions{
		MetadataDirective:           "replaced",
		CopySourceIfMatch:           `"abc"`,
		CopySourceIfUnmodifiedSince: since,
		StorageClass:                StorageStandardIA,
		ACLHeaders:                  ACLHeaders{ACL: ACLPrivate},
		ContentType:                 "text/plain",
		Metadata:                    map[string]string{"k": "v"},
	}
	res, _, err := c.Object.Copy(context.Background(), "dst/b.txt",
		CopySource{Key: "src/年度 a+b.txt", VersionID: "v/1"}, opt)
	require.NoError(t, err)
	assert.Equal(t, &ObjectCopyResult{
		ETag:         "ba82b57cfdfda8bd17ad4e5879ebb4fe",
		LastModified: time.Date(2017, 8, 4, 2, 41, 45, 0, time.UTC),
		CRC64:        1234567890123456789, HasCRC64: true,
		VersionID: "MTg0",
	}, res)
	assert.Equal(t, MetadataDirective("replaced"), opt.MetadataDirective, "options untouched")

	r := rec.requests()[0]
	assert.True(t, r.SigOK)
	assert.Equal(t, http.MethodPut, r.Method)
	assert.Equal(t, "/"+testBucket+"/dst/b.txt", r.Path)
	assert.Empty(t, r.Body)
	assert.Equal(t, "0", r.Header.Get("Content-Length"))
	for k, v := range map[string]string{
		"x-cos-copy-source":                     testBucket + ".cos.ap-guangzhou.myqcloud.com/src/%E5%B9%B4%E5%BA%A6%20a%2Bb.txt?versionId=v%2F1",
		"x-cos-metadata-directive":              "Replaced",
		"x-cos-copy-source-If-Match":            `"abc"`,
		"x-cos-copy-source-If-Unmodified-Since": "Tue, 02 Jan 2024 03:04:05 GMT",
		"x-cos-storage-class":                   "STANDARD_IA",
		"x-cos-acl":                             "private",
		"Content-Type":                          "text/plain",
		"x-cos-meta-k":                          "v",
	} {
		assert.Equal(t, v, r.Header.Get(k), k)
	}
}

func TestCopyOtherBucketAndRegion(t *testing.T) {
	t.Parallel()
	rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request, n int) {
		writeXML(w, 200, `<CopyObjectResult><ETag>"e"</ETag><LastModified>2020-12-10T03:37:30.000Z</LastModified></CopyObjectResult>`)
	})
	c := rec.client(t)
	res, _, err := c.Object.Copy(context.Background(), "b", CopySource{Bucket: "other-1250000001", Region: "ap-beijing", Key: "/x"}, nil)
	require.NoError(t, err)
	assert.Equal(t, "e", res.ETag)
	assert.Equal(t, 2020, res.LastModified.Year())
	assert.False(t, res.HasCRC64)
	assert.Equal(t, "other-1250000001.cos.ap-beijing.myqcloud.com/%2Fx", rec.requests()[0].Header.Get("x-cos-copy-source"))

	// No region anywhere: the source is addressed like the client's own
	// buckets (here path-style on a local endpoint).
	_, _, err = c.Object.Copy(context.Background(), "b", CopySource{Key: "a b"}, nil)
	require.NoError(t, err)
	host := strings.TrimPrefix(rec.srv.URL, "http://")
	assert.Equal(t, host+"/"+testBucket+"/a%20b", rec.requests()[1].Header.Get("x-cos-copy-source"))
	named, err := NewClient(WithEndpoint("https://cos.ap-guangzhou.tencentcos.cn"), WithBucket(testBucket))
	require.NoError(t, err)
	v, err := CopySource{Bucket: "src-1250000000", Key: "k"}.header(&named.cfg)
	require.NoError(t, err)
	assert.Equal(t, "src-1250000000.cos.ap-guangzhou.tencentcos.cn/k", v)
}

func TestCopyErrorIn200(t *testing.T) {
	t.Parallel()
	rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request, n int) {
		writeXML(w, 200, errorXML("InternalError", "copy failed"))
	})
	c := rec.client(t, WithRegion("ap-guangzhou"), WithRetryer(NoRetry))
	res, resp, err := c.Object.Copy(context.Background(), "b", CopySource{Key: "a"}, nil)
	var se *ServiceError
	require.ErrorAs(t, err, &se)
	assert.Equal(t, 200, se.StatusCode)
	assert.Equal(t, "InternalError", se.Code)
	assert.Nil(t, res)
	assert.NotNil(t, resp)
}

func TestCopyBadInputSendsNothing(t *testing.T) {
	t.Parallel()
	rec := newRecorder(t, nil)
	c := rec.client(t, WithRegion("ap-guangzhou"))
	noRegion, err := NewClient(WithBucket(testBucket), WithBucketEndpoint("https://cdn.example.com"), WithStaticCredentials(testID, testKey, ""))
	require.NoError(t, err)
	cases := []struct {
		name  string
		c     *Client
		key   string
		src   CopySource
		opt   *ObjectCopyOptions
		field string
	}{
		{"empty key", c, "", CopySource{Key: "a"}, nil, "key"},
		{"empty source key", c, "b", CopySource{}, nil, "key"},
		{"bad source bucket", c, "b", CopySource{Bucket: "Bad_Bucket", Key: "a"}, nil, "CopySource.Bucket"},
		{"bad source region", c, "b", CopySource{Region: "Mars 1", Key: "a"}, nil, "CopySource.Region"},
		{"no region", noRegion, "b", CopySource{Key: "a"}, nil, "CopySource.Region"},
		{"directive", c, "b", CopySource{Key: "a"}, &ObjectCopyOptions{MetadataDirective: "Merge"}, "MetadataDirective"},
		{"metadata without Replaced", c, "b", CopySource{Key: "a"}, &ObjectCopyOptions{Metadata: map[string]string{"a": "b"}}, "MetadataDirective"},
		{"content type with Copy", c, "b", CopySource{Key: "a"}, &ObjectCopyOptions{MetadataDirective: MetadataDirectiveCopy, ContentType: "x/y"}, "MetadataDirective"},
		{"storage class", c, "b", CopySource{Key: "a"}, &ObjectCopyOptions{StorageClass: "HOT"}, "StorageClass"},
		{"metadata", c, "b", CopySource{Key: "a"}, &ObjectCopyOptions{MetadataDirective: MetadataDirectiveReplaced, Metadata: map[string]string{"a b": "c"}}, "Metadata"},
	}
	for _, tc := range cases {
		_, resp, err := tc.c.Object.Copy(context.Background(), tc.key, tc.src, tc.opt)
		require.ErrorIs(t, err, ErrInvalidArgument, tc.name)
		assert.Contains(t, err.Error(), tc.field, tc.name)
		assert.Nil(t, resp, tc.name)
	}
	assert.Empty(t, rec.requests())
}

func TestParseXMLTime(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"2017-08-04T02:41:45", "2017-08-04T02:41:45Z", "2017-08-04T02:41:45.000Z", "2017-08-04T10:41:45+08:00"} {
		assert.True(t, parseXMLTime(s).Equal(time.Date(2017, 8, 4, 2, 41, 45, 0, time.UTC)), s)
	}
	assert.True(t, parseXMLTime("yesterday").IsZero())
}

func TestObjectCallsTransportFailure(t *testing.T) {
	t.Parallel()
	mt := httpmock.NewMockTransport()
	mt.RegisterNoResponder(httpmock.ConnectionFailure)
	c, err := NewClient(WithRegion("ap-guangzhou"), WithBucket(testBucket), WithStaticCredentials(testID, testKey, ""),
		WithHTTPClient(&http.Client{Transport: mt}), WithRetryer(NoRetry))
	require.NoError(t, err)
	ctx := context.Background()
	parts := []CompletedPart{{PartNumber: 1, ETag: "e"}}
	calls := map[string]func() error{
		"Put":       func() error { _, _, err := c.Object.Put(ctx, "k", strings.NewReader("x"), nil); return err },
		"Get":       func() error { _, err := c.Object.Get(ctx, "k", nil); return err },
		"GetToFile": func() error { _, err := c.Object.GetToFile(ctx, "k", filepath.Join(t.TempDir(), "f"), nil); return err },
		"Head":      func() error { _, _, err := c.Object.Head(ctx, "k", nil); return err },
		"Exists":    func() error { _, err := c.Object.Exists(ctx, "k"); return err },
		"Delete":    func() error { _, err := c.Object.Delete(ctx, "k", nil); return err },
		"DeleteMulti": func() error {
			_, _, err := c.Object.DeleteMulti(ctx, &DeleteMultiOptions{Objects: []ObjectIdentifier{{Key: "k"}}})
			return err
		},
		"Copy":    func() error { _, _, err := c.Object.Copy(ctx, "k", CopySource{Key: "s"}, nil); return err },
		"Restore": func() error { _, err := c.Object.Restore(ctx, "k", &RestoreOptions{Days: 1}); return err },
		"PutACL": func() error {
			_, err := c.Object.PutACL(ctx, "k", &ACLOptions{ACLHeaders: ACLHeaders{ACL: ACLPrivate}})
			return err
		},
		"GetACL":   func() error { _, _, err := c.Object.GetACL(ctx, "k"); return err },
		"Initiate": func() error { _, _, err := c.Object.InitiateMultipartUpload(ctx, "k", nil); return err },
		"UploadPart": func() error {
			_, _, err := c.Object.UploadPart(ctx, "k", "u", 1, strings.NewReader("x"), nil)
			return err
		},
		"UploadPartCopy": func() error {
			_, _, err := c.Object.UploadPartCopy(ctx, "k", "u", 1, CopySource{Key: "s"}, nil)
			return err
		},
		"ListParts": func() error { _, _, err := c.Object.ListParts(ctx, "k", "u", nil); return err },
		"Complete":  func() error { _, _, err := c.Object.CompleteMultipartUpload(ctx, "k", "u", parts, nil); return err },
		"Abort":     func() error { _, err := c.Object.AbortMultipartUpload(ctx, "k", "u"); return err },
	}
	for name, call := range calls {
		before := mt.GetTotalCallCount()
		err := call()
		require.Error(t, err, name)
		assert.NotErrorIs(t, err, ErrInvalidArgument, name)
		assert.Equal(t, before+1, mt.GetTotalCallCount(), name)
	}
}
