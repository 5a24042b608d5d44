package cos

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestListParts(t *testing.T) {
	t.Parallel()
	rec := newRecorder(t, objFileXML(t, "multipart_list_parts.response.xml"))
	c := rec.client(t)
	opt := &ListPartsOptions{PartNumberMarker: 0, MaxParts: 2, EncodingType: "url"}
	res, _, err := c.Object.ListParts(context.Background(), "mp/年度 big+1.bin", "1497951948935", opt)
	require.NoError(t, err)
	assert.Equal(t, "mp/年度 big+1.bin", res.Key, "decoded, + kept")
	assert.Equal(t, "url", res.EncodingType)
	assert.Equal(t, "1497951948935", res.UploadID)
	assert.Equal(t, Owner{ID: "qcs::cam::uin/100000000001:uin/100000000001", DisplayName: "100000000001"}, res.Initiator)
	assert.Equal(t, "1250000000", res.Owner.ID)
	assert.Equal(t, StorageStandard, res.StorageClass)
	assert.Equal(t, 2, res.NextPartNumberMarker)
	assert.Equal(t, 2, res.MaxParts)
	assert.True(t, res.IsTruncated)
	require.Len(t, res.Parts, 2)
	assert.Equal(t, Part{PartNumber: 1, LastModified: time.Date(2017, 6, 20, 9, 45, 49, 0, time.UTC), ETag: "fae3dba15f4d9b2d76cbaed5de3a08e3", Size: 6291456}, res.Parts[0])
	r := rec.requests()[0]
	assert.True(t, r.SigOK)
	assert.Equal(t, http.MethodGet, r.Method)
	assert.Equal(t, "encoding-type=url&max-parts=2&uploadId=1497951948935", r.RawQuery)

	for _, flag := range []string{"Encoding-Type", "EncodingType"} {
		rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request, n int) {
			writeXML(w, 200, "<ListPartsResult><"+flag+">url</"+flag+"><Key>a%20b</Key></ListPartsResult>")
		})
		res, _, err := rec.client(t).Object.ListParts(context.Background(), "a b", "u", nil)
		require.NoError(t, err, flag)
		assert.Equal(t, "a b", res.Key, flag)
	}
	rec = newRecorder(t, func(w http.ResponseWriter, r *http.Request, n int) {
		writeXML(w, 200, "<ListPartsResult><Key>a%20b</Key></ListPartsResult>")
	})
	res, _, err = rec.client(t).Object.ListParts(context.Background(), "a b", "u", nil)
	require.NoError(t, err)
	assert.Equal(t, "a%20b", res.Key, "decoded only when the answer says url")
}

func TestListPartsBadInput(t *testing.T) {
	t.Parallel()
	rec := newRecorder(t, nil)
	c := rec.client(t)
	_, _, err := c.Object.ListParts(context.Background(), "k", "", nil)
	require.ErrorIs(t, err, ErrInvalidArgument)
	_, _, err = c.Object.ListParts(context.Background(), "", "u", nil)
	require.ErrorIs(t, err, ErrInvalidArgument)
	_, _, err = c.Object.ListParts(context.Background(), "k", "u", &ListPartsOptions{MaxParts: -1})
	require.ErrorIs(t, err, ErrInvalidArgument)
	assert.Empty(t, rec.requests())
}

// objPartsPages serves 7 parts, 3 per page.
func objPartsPages(stuck bool) func(http.ResponseWriter, *http.Request, int) {
	return func(w http.ResponseWriter, r *http.Request, n int) {
		marker, _ := strconv.Atoi(r.URL.Query().Get("part-number-marker"))
		if stuck {
			marker = 0
		}
		var b strings.Builder
		last := min(marker+3, 7)
		for i := marker + 1; i <= last; i++ {
			fmt.Fprintf(&b, "<Part><PartNumber>%d</PartNumber><ETag>&quot;e%d&quot;</ETag><Size>%d</Size></Part>", i, i, i)
		}
		next := last
		if stuck {
			next = 0
			b.Reset()
		}
		writeXML(w, 200, fmt.Sprintf("<ListPartsResult><IsTruncated>%t</IsTruncated><NextPartNumberMarker>%d</NextPartNumberMarker>%s</ListPartsResult>",
			last < 7 || stuck, next, b.String()))
	}
}

func TestPartsIterator(t *testing.T) {
	t.Parallel()
	rec := newRecorder(t, objPartsPages(false))
	c := rec.client(t)
	opt := &ListPartsOptions{MaxParts: 3}
	var got []int
	for p, err := range c.Object.Parts(context.Background(), "k", "u", opt) {
		require.NoError(t, err)
		got = append(got, p.PartNumber)
		assert.Equal(t, fmt.Sprintf("e%d", p.PartNumber), p.ETag)
	}
	assert.Equal(t, []int{1, 2, 3, 4, 5, 6, 7}, got)
	assert.Equal(t, 0, opt.PartNumberMarker, "options untouched")
	reqs := rec.requests()
	require.Len(t, reqs, 3)
	assert.Equal(t, "max-parts=3&uploadId=u", reqs[0].RawQuery)
	assert.Equal(t, "max-parts=3&part-number-marker=3&uploadId=u", reqs[1].RawQuery)
	assert.Equal(t, "max-parts=3&part-number-marker=6&uploadId=u", reqs[2].RawQuery)

	// Breaking stops fetching.
	n := 0
	for range c.Object.Parts(context.Background(), "k", "u", nil) {
		n++
		if n == 2 {
			break
		}
	}
	assert.Len(t, rec.requests(), 4)
}

func TestPartsIteratorErrors(t *testing.T) {
	t.Parallel()
	rec := newRecorder(t, objPartsPages(true))
	c := rec.client(t)
	var errs []error
	for _, err := range c.Object.Parts(context.Background(), "k", "u", nil) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	require.Len(t, errs, 1)
	assert.Contains(t, errs[0].Error(), "does not advance")

	rec2 := newRecorder(t, func(w http.ResponseWriter, r *http.Request, n int) {
		writeXML(w, 404, errorXML("NoSuchUpload", "gone"))
	})
	errs = nil
	for _, err := range rec2.client(t).Object.Parts(context.Background(), "k", "u", nil) {
		errs = append(errs, err)
	}
	require.Len(t, errs, 1)
	require.ErrorIs(t, errs[0], ErrNotFound)
}
