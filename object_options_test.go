package cos

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The request is the preflight a browser sends; the answer is COS's sample
// (OPTIONS Object, product/436/8288, example 1).
func TestOptionsRequestAndAnswer(t *testing.T) {
	t.Parallel()
	rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request, n int) {
		h := w.Header()
		h.Set("Access-Control-Allow-Credentials", "true")
		h.Set("Access-Control-Allow-Headers", "content-md5,content-type,x-cos-meta-author")
		h.Set("Access-Control-Allow-Methods", "PUT,GET,POST,DELETE,HEAD")
		h.Set("Access-Control-Allow-Origin", "https://example.com")
		h.Set("Access-Control-Expose-Headers", "Content-Length,ETag,x-cos-meta-author")
		h.Set("Access-Control-Max-Age", "600")
		w.WriteHeader(http.StatusOK)
	})
	c := rec.client(t)
	res, _, err := c.Object.Options(context.Background(), "exampleobject", &OptionsRequest{
		Origin: "https://example.com", Method: http.MethodPut, Headers: []string{"content-md5", "content-type", "x-cos-meta-author"},
	})
	require.NoError(t, err)
	assert.Equal(t, &ObjectOptionsResult{
		AllowOrigin:      "https://example.com",
		AllowMethods:     []string{"PUT", "GET", "POST", "DELETE", "HEAD"},
		AllowHeaders:     []string{"content-md5", "content-type", "x-cos-meta-author"},
		ExposeHeaders:    []string{"Content-Length", "ETag", "x-cos-meta-author"},
		MaxAge:           600 * time.Second,
		AllowCredentials: true,
	}, res)
	got := rec.requests()[0]
	assert.Equal(t, http.MethodOptions, got.Method)
	assert.Equal(t, "/"+testBucket+"/exampleobject", got.Path)
	assert.Equal(t, "https://example.com", got.Header.Get("Origin"))
	assert.Equal(t, "PUT", got.Header.Get("Access-Control-Request-Method"))
	assert.Equal(t, "content-md5,content-type,x-cos-meta-author", got.Header.Get("Access-Control-Request-Headers"))

	// key "" asks about the bucket.
	_, _, err = c.Object.Options(context.Background(), "", &OptionsRequest{Origin: "https://a", Method: http.MethodGet})
	require.NoError(t, err)
	assert.Equal(t, "/"+testBucket+"/", rec.requests()[1].Path)
	assert.Empty(t, rec.requests()[1].Header.Values("Access-Control-Request-Headers"))
}

// COS's refusal (example 4) is ErrCORSForbidden and ErrAccessDenied.
func TestOptionsRefused(t *testing.T) {
	t.Parallel()
	rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request, n int) {
		writeXML(w, http.StatusForbidden, errorXML("AccessForbidden", "CORSResponse: This CORS request is not allowed."))
	})
	_, _, err := rec.client(t).Object.Options(context.Background(), "k", &OptionsRequest{Origin: "https://a", Method: http.MethodGet})
	require.Error(t, err)
	assert.ErrorIs(t, err, ErrCORSForbidden)
	assert.ErrorIs(t, err, ErrAccessDenied)
	assert.Equal(t, "AccessForbidden", ErrorCode(err))
	var se *ServiceError
	require.ErrorAs(t, err, &se)
	assert.Equal(t, http.StatusForbidden, se.StatusCode)

	// Another 403 is not a CORS refusal.
	rec2 := newRecorder(t, func(w http.ResponseWriter, r *http.Request, n int) {
		writeXML(w, http.StatusForbidden, errorXML("AccessDenied", "no"))
	})
	_, _, err = rec2.client(t).Object.Options(context.Background(), "k", &OptionsRequest{Origin: "https://a", Method: http.MethodGet})
	assert.ErrorIs(t, err, ErrAccessDenied)
	assert.NotErrorIs(t, err, ErrCORSForbidden)
}
