package cos_test

import (
	"context"
	"encoding/xml"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/cosgo/cos"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// bktLifecycle mirrors the sample of cos-operations.md.
func bktLifecycle() *cos.LifecycleConfiguration {
	return &cos.LifecycleConfiguration{Rules: []cos.LifecycleRule{
		{
			ID: "archive-logs",
			Filter: cos.LifecycleFilter{And: &cos.LifecycleFilterAnd{
				Prefix: "logs/", Tags: []cos.Tag{{Key: "type", Value: "log"}},
			}},
			Status: cos.LifecycleEnabled,
			Transitions: []cos.LifecycleTransition{
				{Days: 30, StorageClass: "Standard_IA"}, // seed spelling, sent upper case
				{Days: 90, StorageClass: cos.StorageArchive},
			},
			Expiration:                     &cos.LifecycleExpiration{Days: 365},
			NoncurrentVersionTransitions:   []cos.NoncurrentVersionTransition{{NoncurrentDays: 30, StorageClass: cos.StorageArchive}},
			NoncurrentVersionExpiration:    &cos.NoncurrentVersionExpiration{NoncurrentDays: 360},
			AbortIncompleteMultipartUpload: &cos.AbortIncompleteMultipartUpload{DaysAfterInitiation: 7},
		},
		{
			ID:         "expire-on-date",
			Filter:     cos.LifecycleFilter{Prefix: "tmp/"},
			Status:     cos.LifecycleDisabled,
			Expiration: &cos.LifecycleExpiration{Date: time.Date(2018, 4, 20, 0, 0, 0, 0, time.UTC)},
		},
		{
			ID:          "whole-bucket",
			Status:      cos.LifecycleEnabled,
			Expiration:  &cos.LifecycleExpiration{ExpiredObjectDeleteMarker: true},
			Transitions: nil,
		},
	}}
}

func TestPutLifecycle(t *testing.T) {
	t.Parallel()
	s := newBktServer(t, nil)
	cfg := bktLifecycle()
	_, err := s.client(t).Bucket.PutLifecycle(context.Background(), cfg)
	require.NoError(t, err)
	assert.Equal(t, cos.StorageClass("Standard_IA"), cfg.Rules[0].Transitions[0].StorageClass, "caller's config untouched")
	r := s.requests()[0]
	assert.Equal(t, http.MethodPut, r.Method)
	assert.Equal(t, "/"+bktName+"/", r.Path)
	assert.Equal(t, "lifecycle", r.RawQuery)
	bktAssertXMLBody(t, r)
	bktGolden(t, "lifecycle_put.request.xml", r.Body)
}

func TestGetLifecycle(t *testing.T) {
	t.Parallel()
	s := newBktServer(t, bktFile(t, "lifecycle_get.response.xml"))
	cfg, _, err := s.client(t).Bucket.GetLifecycle(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "lifecycle", s.requests()[0].RawQuery)
	require.Len(t, cfg.Rules, 3)

	want := bktLifecycle().Rules[:2]
	want[0].Transitions[0].StorageClass = cos.StorageStandardIA
	assert.Equal(t, want, cfg.Rules[:2])

	r := cfg.Rules[2]
	assert.Equal(t, cos.LifecycleFilter{}, r.Filter, "an empty Filter is the whole bucket")
	require.Len(t, r.Transitions, 1)
	assert.Equal(t, cos.StorageStandardIA, r.Transitions[0].StorageClass)
	assert.Equal(t, time.Date(2018, 4, 20, 0, 0, 0, 0, time.UTC), r.Transitions[0].Date,
		"2018-04-19T16:00Z is midnight of 20 April in Beijing")
}

func TestLifecycleDateWireForm(t *testing.T) {
	t.Parallel()
	// The calendar day in the time's own location is what counts.
	late := time.Date(2018, 4, 20, 23, 30, 0, 0, time.FixedZone("EST", -5*3600))
	raw, err := xml.Marshal(cos.LifecycleExpiration{Date: late})
	require.NoError(t, err)
	assert.Equal(t, `<LifecycleExpiration><Date>2018-04-20T00:00:00+08:00</Date></LifecycleExpiration>`, string(raw))

	var e cos.LifecycleExpiration
	require.NoError(t, xml.Unmarshal([]byte(`<Expiration><Date>2018-04-20</Date></Expiration>`), &e))
	assert.Equal(t, time.Date(2018, 4, 20, 0, 0, 0, 0, time.UTC), e.Date)
	require.Error(t, xml.Unmarshal([]byte(`<Expiration><Date>April</Date></Expiration>`), &e))
}

func TestGetLifecycleNotConfigured(t *testing.T) {
	t.Parallel()
	s := newBktServer(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		bktError(w, http.StatusNotFound, "NoSuchLifecycleConfiguration")
	})
	cfg, _, err := s.client(t).Bucket.GetLifecycle(context.Background())
	require.ErrorIs(t, err, cos.ErrNotFound)
	assert.Equal(t, "NoSuchLifecycleConfiguration", cos.ErrorCode(err))
	assert.Nil(t, cfg)
}

func TestDeleteLifecycle(t *testing.T) {
	t.Parallel()
	s := newBktServer(t, func(w http.ResponseWriter, _ *http.Request, _ int) { w.WriteHeader(http.StatusNoContent) })
	_, err := s.client(t).Bucket.DeleteLifecycle(context.Background())
	require.NoError(t, err)
	r := s.requests()[0]
	assert.Equal(t, http.MethodDelete, r.Method)
	assert.Equal(t, "lifecycle", r.RawQuery)
}

func TestPutLifecycleBadInput(t *testing.T) {
	t.Parallel()
	day := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	rule := func(mut func(*cos.LifecycleRule)) *cos.LifecycleConfiguration {
		r := cos.LifecycleRule{ID: "r", Status: cos.LifecycleEnabled, Expiration: &cos.LifecycleExpiration{Days: 1}}
		mut(&r)
		return &cos.LifecycleConfiguration{Rules: []cos.LifecycleRule{r}}
	}
	many := &cos.LifecycleConfiguration{}
	for i := range 1001 {
		many.Rules = append(many.Rules, cos.LifecycleRule{ID: fmt.Sprint(i), Status: cos.LifecycleEnabled,
			Expiration: &cos.LifecycleExpiration{Days: 1}})
	}
	dup := rule(func(*cos.LifecycleRule) {})
	dup.Rules = append(dup.Rules, dup.Rules[0])
	cases := map[string]struct {
		cfg   *cos.LifecycleConfiguration
		field string
	}{
		"nil":                     {nil, "Rules"},
		"no rules":                {&cos.LifecycleConfiguration{}, "Rules"},
		"1001 rules":              {many, "Rules"},
		"duplicate IDs":           {dup, "Rules[1].ID"},
		"long ID":                 {rule(func(r *cos.LifecycleRule) { r.ID = strings.Repeat("x", 256) }), "Rules[0].ID"},
		"no status":               {rule(func(r *cos.LifecycleRule) { r.Status = "" }), "Status"},
		"unknown status":          {rule(func(r *cos.LifecycleRule) { r.Status = "enabled" }), "Status"},
		"no action":               {rule(func(r *cos.LifecycleRule) { r.Expiration = nil }), "actions"},
		"empty expiration":        {rule(func(r *cos.LifecycleRule) { r.Expiration = &cos.LifecycleExpiration{} }), "Expiration"},
		"negative days":           {rule(func(r *cos.LifecycleRule) { r.Expiration.Days = -3 }), "Expiration"},
		"days and date":           {rule(func(r *cos.LifecycleRule) { r.Expiration.Date = day }), "Expiration"},
		"delete marker and days":  {rule(func(r *cos.LifecycleRule) { r.Expiration.ExpiredObjectDeleteMarker = true }), "Expiration"},
		"transition without time": {rule(func(r *cos.LifecycleRule) { r.Transitions = []cos.LifecycleTransition{{StorageClass: "ARCHIVE"}} }), "Transitions[0]"},
		"transition negative days": {rule(func(r *cos.LifecycleRule) {
			r.Transitions = []cos.LifecycleTransition{{Days: -1, StorageClass: "ARCHIVE"}}
		}), "Transitions[0]"},
		"transition no class": {rule(func(r *cos.LifecycleRule) { r.Transitions = []cos.LifecycleTransition{{Days: 5}} }), "StorageClass"},
		"unknown class": {rule(func(r *cos.LifecycleRule) {
			r.Transitions = []cos.LifecycleTransition{{Days: 5, StorageClass: "GLACIER"}}
		}), "StorageClass"},
		"days and date in a rule": {rule(func(r *cos.LifecycleRule) {
			r.Transitions = []cos.LifecycleTransition{{Date: day, StorageClass: "ARCHIVE"}}
		}), "actions"},
		"noncurrent days zero": {rule(func(r *cos.LifecycleRule) {
			r.NoncurrentVersionExpiration = &cos.NoncurrentVersionExpiration{}
		}), "NoncurrentVersionExpiration"},
		"noncurrent transition class": {rule(func(r *cos.LifecycleRule) {
			r.NoncurrentVersionTransitions = []cos.NoncurrentVersionTransition{{NoncurrentDays: 3, StorageClass: "COLD"}}
		}), "NoncurrentVersionTransitions[0]"},
		"abort days zero": {rule(func(r *cos.LifecycleRule) {
			r.AbortIncompleteMultipartUpload = &cos.AbortIncompleteMultipartUpload{}
		}), "AbortIncompleteMultipartUpload"},
		"filter with two conditions": {rule(func(r *cos.LifecycleRule) {
			r.Filter = cos.LifecycleFilter{Prefix: "a/", Tag: &cos.Tag{Key: "k", Value: "v"}}
		}), "Filter"},
		"tag without key": {rule(func(r *cos.LifecycleRule) { r.Filter = cos.LifecycleFilter{Tag: &cos.Tag{Value: "v"}} }), "Filter.Tag"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			s := newBktServer(t, nil)
			_, err := s.client(t).Bucket.PutLifecycle(context.Background(), tc.cfg)
			require.ErrorIs(t, err, cos.ErrInvalidArgument)
			assert.Contains(t, err.Error(), tc.field)
			assert.Empty(t, s.requests())
		})
	}
}
