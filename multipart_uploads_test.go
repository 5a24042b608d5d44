package cos_test

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cosgo/cos"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestListMultipartUploadsRequestAndDecode(t *testing.T) {
	t.Parallel()
	s := newBktServer(t, bktFile(t, "bucket_list_uploads.response.xml"))
	opt := &cos.ListMultipartUploadsOptions{Prefix: "a b/", Delimiter: "/", KeyMarker: "a b/k", UploadIDMarker: "u1", MaxUploads: 10}
	res, _, err := s.client(t).Bucket.ListMultipartUploads(context.Background(), opt)
	require.NoError(t, err)
	assert.Empty(t, opt.EncodingType, "options untouched")

	r := s.requests()[0]
	assert.Equal(t, http.MethodGet, r.Method)
	assert.Equal(t, "/"+bktName+"/", r.Path)
	assert.Equal(t, "delimiter=%2F&encoding-type=url&key-marker=a%20b%2Fk&max-uploads=10&prefix=a%20b%2F&upload-id-marker=u1&uploads", r.RawQuery)

	assert.Equal(t, bktName, res.Bucket)
	assert.Equal(t, "url", res.EncodingType)
	assert.Equal(t, "b c.bin", res.NextKeyMarker)
	assert.Equal(t, "1484727158f2b8", res.NextUploadIDMarker)
	assert.Equal(t, 1000, res.MaxUploads)
	assert.False(t, res.IsTruncated)
	assert.Equal(t, "/", res.Delimiter)
	assert.Equal(t, []string{"dir/"}, res.CommonPrefixes)
	owner := cos.Owner{ID: "qcs::cam::uin/100000000001:uin/100000000001", DisplayName: "100000000001"}
	assert.Equal(t, []cos.MultipartUpload{{
		Key: "b c.bin", UploadID: "1484727158f2b8", StorageClass: cos.StorageStandard,
		Initiator: owner, Owner: owner, Initiated: time.Date(2017, 6, 12, 10, 13, 5, 0, time.UTC),
	}}, res.Uploads)
}

// An old COS sample spells UploadID and writes Initiated in ctime form.
func TestListMultipartUploadsOldSpellings(t *testing.T) {
	t.Parallel()
	s := newBktServer(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		bktXML(w, 200, `<ListMultipartUploadsResult><Bucket>b</Bucket><IsTruncated>false</IsTruncated>`+
			`<Upload><Key>k</Key><UploadID>old-id</UploadID><Initiated>Wed Jan 18 16:04:17 2017</Initiated></Upload>`+
			`</ListMultipartUploadsResult>`)
	})
	res, _, err := s.client(t).Bucket.ListMultipartUploads(context.Background(), nil)
	require.NoError(t, err)
	require.Len(t, res.Uploads, 1)
	assert.Equal(t, "old-id", res.Uploads[0].UploadID)
	assert.Equal(t, time.Date(2017, 1, 18, 16, 4, 17, 0, time.UTC), res.Uploads[0].Initiated)
	assert.Equal(t, "encoding-type=url&uploads", s.requests()[0].RawQuery)
}

func TestListMultipartUploadsBadTimeIsAnError(t *testing.T) {
	t.Parallel()
	s := newBktServer(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		bktXML(w, 200, `<ListMultipartUploadsResult><Upload><Key>k</Key><Initiated>yesterday</Initiated></Upload></ListMultipartUploadsResult>`)
	})
	_, _, err := s.client(t).Bucket.ListMultipartUploads(context.Background(), nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "yesterday")
}

func TestListMultipartUploadsBadInput(t *testing.T) {
	t.Parallel()
	cases := map[string]*cos.ListMultipartUploadsOptions{
		"MaxUploads above 1000":         {MaxUploads: 2000},
		"negative MaxUploads":           {MaxUploads: -5},
		"UploadIDMarker without marker": {UploadIDMarker: "u"},
		"unknown encoding":              {EncodingType: "base64"},
	}
	for name, opt := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			s := newBktServer(t, nil)
			c := s.client(t)
			_, _, err := c.Bucket.ListMultipartUploads(context.Background(), opt)
			require.ErrorIs(t, err, cos.ErrInvalidArgument)
			for _, err := range c.Bucket.MultipartUploads(context.Background(), opt) {
				require.ErrorIs(t, err, cos.ErrInvalidArgument)
			}
			assert.Empty(t, s.requests())
		})
	}
}

// bktUploadLister pages uploads (two per key) by key-marker and
// upload-id-marker, url-encoding keys.
func bktUploadLister(keys []string, failOnPage int) bktHandler {
	type up struct{ key, id string }
	var ups []up
	for _, k := range keys {
		ups = append(ups, up{k, "id-1"}, up{k, "id-2"})
	}
	return func(w http.ResponseWriter, r *http.Request, n int) {
		if n == failOnPage {
			bktError(w, http.StatusForbidden, "AccessDenied")
			return
		}
		q := r.URL.Query()
		km, im := q.Get("key-marker"), q.Get("upload-id-marker")
		limit, _ := strconv.Atoi(q.Get("max-uploads"))
		if limit == 0 {
			limit = 1000
		}
		var page []up
		truncated := false
		for _, u := range ups {
			if u.key < km || (u.key == km && (im == "" || u.id <= im)) {
				continue
			}
			if len(page) == limit {
				truncated = true
				break
			}
			page = append(page, u)
		}
		var b strings.Builder
		fmt.Fprintf(&b, `<ListMultipartUploadsResult><Encoding-Type>url</Encoding-Type><IsTruncated>%t</IsTruncated>`, truncated)
		if truncated {
			last := page[len(page)-1]
			fmt.Fprintf(&b, `<NextKeyMarker>%s</NextKeyMarker><NextUploadIdMarker>%s</NextUploadIdMarker>`, bktEscape(last.key), last.id)
		}
		for _, u := range page {
			fmt.Fprintf(&b, `<Upload><Key>%s</Key><UploadId>%s</UploadId><Initiated>2024-01-01T00:00:00.000Z</Initiated></Upload>`, bktEscape(u.key), u.id)
		}
		b.WriteString(`</ListMultipartUploadsResult>`)
		bktXML(w, 200, b.String())
	}
}

func TestMultipartUploadsIterator(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	keys := []string{"a b", "a+b", "c%d", "文件"}
	t.Run("pages by key and upload ID", func(t *testing.T) {
		t.Parallel()
		s := newBktServer(t, bktUploadLister(keys, 0))
		var got []string
		for u, err := range s.client(t).Bucket.MultipartUploads(ctx, &cos.ListMultipartUploadsOptions{MaxUploads: 3}) {
			require.NoError(t, err)
			got = append(got, u.Key+"#"+u.UploadID)
		}
		assert.Equal(t, []string{"a b#id-1", "a b#id-2", "a+b#id-1", "a+b#id-2", "c%d#id-1", "c%d#id-2", "文件#id-1", "文件#id-2"}, got)
		reqs := s.requests()
		require.Len(t, reqs, 3)
		assert.Equal(t, "a+b", reqs[1].Query.Get("key-marker"))
		assert.Equal(t, "id-1", reqs[1].Query.Get("upload-id-marker"))
	})
	t.Run("early break", func(t *testing.T) {
		t.Parallel()
		s := newBktServer(t, bktUploadLister(keys, 0))
		for range s.client(t).Bucket.MultipartUploads(ctx, &cos.ListMultipartUploadsOptions{MaxUploads: 3}) {
			break
		}
		assert.Len(t, s.requests(), 1)
	})
	t.Run("error yielded once", func(t *testing.T) {
		t.Parallel()
		s := newBktServer(t, bktUploadLister(keys, 2))
		var n, errs int
		for _, err := range s.client(t).Bucket.MultipartUploads(ctx, &cos.ListMultipartUploadsOptions{MaxUploads: 3}) {
			if err != nil {
				errs++
				assert.ErrorIs(t, err, cos.ErrAccessDenied)
				continue
			}
			n++
		}
		assert.Equal(t, 3, n)
		assert.Equal(t, 1, errs)
	})
	t.Run("stuck server", func(t *testing.T) {
		t.Parallel()
		s := newBktServer(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
			bktXML(w, 200, `<ListMultipartUploadsResult><IsTruncated>true</IsTruncated></ListMultipartUploadsResult>`)
		})
		var errs int
		for _, err := range s.client(t).Bucket.MultipartUploads(ctx, nil) {
			require.Error(t, err)
			errs++
		}
		assert.Equal(t, 1, errs)
		assert.Len(t, s.requests(), 1)
	})
}
