package cos_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"github.com/cosgo/cos"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func bktCORS() *cos.CORSConfiguration {
	return &cos.CORSConfiguration{Rules: []cos.CORSRule{
		{
			ID:             "1234",
			AllowedOrigins: []string{"http://www.qq.com", "https://*.example.com"},
			AllowedMethods: []string{"PUT", "GET"},
			AllowedHeaders: []string{"x-cos-meta-test"},
			ExposeHeaders:  []string{"x-cos-meta-test1", "ETag"},
			MaxAgeSeconds:  500,
		},
		{AllowedOrigins: []string{"*"}, AllowedMethods: []string{"HEAD"}},
	}}
}

func TestPutCORS(t *testing.T) {
	t.Parallel()
	s := newBktServer(t, nil)
	_, err := s.client(t).Bucket.PutCORS(context.Background(), bktCORS())
	require.NoError(t, err)
	r := s.requests()[0]
	assert.Equal(t, http.MethodPut, r.Method)
	assert.Equal(t, "/"+bktName+"/", r.Path)
	assert.Equal(t, "cors", r.RawQuery)
	bktAssertXMLBody(t, r)
	bktGolden(t, "cors_put.request.xml", r.Body)
}

func TestGetCORS(t *testing.T) {
	t.Parallel()
	s := newBktServer(t, bktFile(t, "cors_get.response.xml"))
	cfg, _, err := s.client(t).Bucket.GetCORS(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "cors", s.requests()[0].RawQuery)
	assert.Equal(t, []cos.CORSRule{{
		ID: "1234", AllowedOrigins: []string{"http://www.qq.com"}, AllowedMethods: []string{"PUT", "GET"},
		AllowedHeaders: []string{"x-cos-meta-test"}, ExposeHeaders: []string{"x-cos-meta-test1"}, MaxAgeSeconds: 500,
	}}, cfg.Rules)
	assert.False(t, cfg.ResponseVary)
}

func TestGetCORSNotConfigured(t *testing.T) {
	t.Parallel()
	s := newBktServer(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		bktError(w, http.StatusNotFound, "NoSuchCORSConfiguration")
	})
	cfg, resp, err := s.client(t).Bucket.GetCORS(context.Background())
	require.ErrorIs(t, err, cos.ErrNotFound)
	assert.Equal(t, "NoSuchCORSConfiguration", cos.ErrorCode(err))
	assert.Nil(t, cfg)
	assert.NotNil(t, resp)
	assert.Len(t, s.requests(), 1, "a 404 is not retried")
}

func TestDeleteCORS(t *testing.T) {
	t.Parallel()
	s := newBktServer(t, func(w http.ResponseWriter, _ *http.Request, _ int) { w.WriteHeader(http.StatusNoContent) })
	resp, err := s.client(t).Bucket.DeleteCORS(context.Background())
	require.NoError(t, err)
	assert.Equal(t, http.StatusNoContent, resp.StatusCode)
	r := s.requests()[0]
	assert.Equal(t, http.MethodDelete, r.Method)
	assert.Equal(t, "cors", r.RawQuery)
}

func TestPutCORSBadInput(t *testing.T) {
	t.Parallel()
	rule := func(mut func(*cos.CORSRule)) *cos.CORSConfiguration {
		r := cos.CORSRule{AllowedOrigins: []string{"*"}, AllowedMethods: []string{"GET"}}
		mut(&r)
		return &cos.CORSConfiguration{Rules: []cos.CORSRule{r}}
	}
	many := &cos.CORSConfiguration{}
	for i := range 101 {
		many.Rules = append(many.Rules, cos.CORSRule{ID: fmt.Sprint(i), AllowedOrigins: []string{"*"}, AllowedMethods: []string{"GET"}})
	}
	cases := map[string]*cos.CORSConfiguration{
		"nil":               nil,
		"no rules":          {},
		"101 rules":         many,
		"no origins":        rule(func(r *cos.CORSRule) { r.AllowedOrigins = nil }),
		"empty origin":      rule(func(r *cos.CORSRule) { r.AllowedOrigins = []string{""} }),
		"no methods":        rule(func(r *cos.CORSRule) { r.AllowedMethods = nil }),
		"unknown method":    rule(func(r *cos.CORSRule) { r.AllowedMethods = []string{"PATCH"} }),
		"lower-case method": rule(func(r *cos.CORSRule) { r.AllowedMethods = []string{"get"} }),
		"negative max age":  rule(func(r *cos.CORSRule) { r.MaxAgeSeconds = -1 }),
	}
	for name, cfg := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			s := newBktServer(t, nil)
			_, err := s.client(t).Bucket.PutCORS(context.Background(), cfg)
			require.ErrorIs(t, err, cos.ErrInvalidArgument)
			assert.Empty(t, s.requests())
		})
	}
}
