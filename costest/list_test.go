package costest_test

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type listBucketDoc struct {
	Name           string  `xml:"Name"`
	EncodingType   *string `xml:"EncodingType"`
	Prefix         string  `xml:"Prefix"`
	Marker         *string `xml:"Marker"`
	MaxKeys        int     `xml:"MaxKeys"`
	Delimiter      *string `xml:"Delimiter"`
	IsTruncated    bool    `xml:"IsTruncated"`
	NextMarker     *string `xml:"NextMarker"`
	CommonPrefixes []struct {
		Prefix string `xml:"Prefix"`
	} `xml:"CommonPrefixes"`
	Contents []struct {
		Key           string `xml:"Key"`
		LastModified  string `xml:"LastModified"`
		ETag          string `xml:"ETag"`
		Size          int64  `xml:"Size"`
		StorageClass  string `xml:"StorageClass"`
		RestoreStatus string `xml:"RestoreStatus"`
		Owner         struct {
			ID string `xml:"ID"`
		} `xml:"Owner"`
	} `xml:"Contents"`
}

func (d listBucketDoc) names() []string {
	var out []string
	for _, p := range d.CommonPrefixes {
		out = append(out, p.Prefix)
	}
	for _, c := range d.Contents {
		out = append(out, c.Key)
	}
	return out
}

func (e *env) list(query string) listBucketDoc {
	e.t.Helper()
	r := e.do(call{Bucket: testBucket, Query: query})
	require.Equal(e.t, http.StatusOK, r.Status, string(r.Body))
	require.Equal(e.t, "ap-guangzhou", r.Header.Get("x-cos-bucket-region"))
	return decode[listBucketDoc](e.t, r)
}

func TestListObjects(t *testing.T) {
	t.Parallel()
	e := newEnv(t).withBucket()
	keys := []string{"list/a.txt", "list/b.txt", "list/dir/c.txt", "list/dir/d.txt", "list/key with space+plus.txt", "other", "腾讯/云.jpg"}
	for _, k := range keys {
		require.NoError(t, e.srv.PutObject(testBucket, k, []byte(k), nil))
	}

	d := e.list("")
	assert.Equal(t, testBucket, d.Name)
	assert.Equal(t, keys, d.names())
	assert.Equal(t, 1000, d.MaxKeys)
	require.NotNil(t, d.Marker, "Marker is always present")
	assert.Nil(t, d.EncodingType)
	assert.Nil(t, d.Delimiter)
	assert.Nil(t, d.NextMarker)
	assert.Equal(t, `"`+md5hex([]byte("other"))[1:], d.Contents[5].ETag)
	assert.Equal(t, int64(5), d.Contents[5].Size)
	assert.Equal(t, "STANDARD", d.Contents[5].StorageClass)
	assert.Equal(t, "1250000000", d.Contents[5].Owner.ID)
	assert.Regexp(t, `^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$`, d.Contents[5].LastModified)

	// Node form, with delimiter and encoding-type=url.
	d = e.list("prefix=list%2F&delimiter=%2F&encoding-type=url")
	require.NotNil(t, d.EncodingType)
	assert.Equal(t, "url", *d.EncodingType)
	assert.Equal(t, "list/", d.Prefix)
	assert.Equal(t, []string{"list/dir/", "list/a.txt", "list/b.txt", "list/key%20with%20space%2Bplus.txt"}, d.names())
	d = e.list("prefix=%E8%85%BE&encoding-type=url")
	assert.Equal(t, []string{"%E8%85%BE%E8%AE%AF/%E4%BA%91.jpg"}, d.names())
	assert.Equal(t, "%E8%85%BE", d.Prefix)

	// Paging with max-keys counts prefixes too; NextMarker is the last
	// item, and resuming from it never repeats a prefix.
	var got []string
	q := "delimiter=%2F&max-keys=1&prefix=list%2F"
	for range 10 {
		d = e.list(q)
		got = append(got, d.names()...)
		if !d.IsTruncated {
			assert.Nil(t, d.NextMarker)
			break
		}
		require.NotNil(t, d.NextMarker)
		assert.Equal(t, d.names()[len(d.names())-1], *d.NextMarker)
		q = "delimiter=%2F&max-keys=1&prefix=list%2F&marker=" + url.QueryEscape(*d.NextMarker)
	}
	assert.Equal(t, []string{"list/a.txt", "list/b.txt", "list/dir/", "list/key with space+plus.txt"}, got)

	d = e.list("marker=list%2Fb.txt&max-keys=2&prefix=list%2F")
	assert.Equal(t, []string{"list/dir/c.txt", "list/dir/d.txt"}, d.names())
	assert.True(t, d.IsTruncated)
	d = e.list("max-keys=0")
	assert.Empty(t, d.names())
	assert.False(t, d.IsTruncated)
	d = e.list("max-keys=5000")
	assert.Equal(t, 1000, d.MaxKeys)

	for _, bad := range []string{"max-keys=-1", "max-keys=ten", "encoding-type=xml"} {
		r := e.do(call{Bucket: testBucket, Query: bad})
		assert.Equal(t, 400, r.Status, bad)
		assert.Equal(t, "InvalidArgument", r.errCode(), bad)
	}
}

func TestListObjectsPagesAllKeys(t *testing.T) {
	t.Parallel()
	e := newEnv(t).withBucket()
	for i := range 1203 {
		require.NoError(t, e.srv.PutObject(testBucket, fmt.Sprintf("k/%05d", i), nil, nil))
	}
	n, pages := 0, 0
	q := ""
	for {
		d := e.list(q)
		pages++
		n += len(d.Contents)
		if !d.IsTruncated {
			break
		}
		q = "marker=" + url.QueryEscape(*d.NextMarker)
	}
	assert.Equal(t, 1203, n)
	assert.Equal(t, 2, pages)
}
