package cos_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/cosgo/cos"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A preflight allowed by the bucket's CORS rules, and one refused.
func TestOptionsAgainstCORSRules(t *testing.T) {
	t.Parallel()
	_, c := e2e(t)
	ctx := context.Background()
	req := &cos.OptionsRequest{Origin: "https://app.example.com", Method: http.MethodPut, Headers: []string{"Content-Type", "x-cos-meta-author"}}

	_, _, err := c.Object.Options(ctx, "uploads/a.txt", req)
	assert.ErrorIs(t, err, cos.ErrCORSForbidden, "no CORS rules yet")

	_, err = c.Bucket.PutCORS(ctx, &cos.CORSConfiguration{Rules: []cos.CORSRule{{
		AllowedOrigins: []string{"https://*.example.com"},
		AllowedMethods: []string{"PUT", "POST"},
		AllowedHeaders: []string{"content-type", "x-cos-meta-*"},
		ExposeHeaders:  []string{"ETag"},
		MaxAgeSeconds:  300,
	}}})
	require.NoError(t, err)

	res, _, err := c.Object.Options(ctx, "uploads/a.txt", req)
	require.NoError(t, err)
	assert.Equal(t, "https://app.example.com", res.AllowOrigin)
	assert.Equal(t, []string{"PUT", "POST"}, res.AllowMethods)
	assert.Equal(t, []string{"content-type", "x-cos-meta-author"}, res.AllowHeaders)
	assert.Equal(t, []string{"ETag"}, res.ExposeHeaders)
	assert.Equal(t, 300*time.Second, res.MaxAge)
	assert.True(t, res.AllowCredentials)

	// The bucket root is a resource like any other.
	_, _, err = c.Object.Options(ctx, "", &cos.OptionsRequest{Origin: "https://www.example.com", Method: http.MethodPost})
	require.NoError(t, err)

	for name, bad := range map[string]*cos.OptionsRequest{
		"other origin": {Origin: "https://evil.test", Method: http.MethodPut},
		"other method": {Origin: "https://app.example.com", Method: http.MethodDelete},
		"other header": {Origin: "https://app.example.com", Method: http.MethodPut, Headers: []string{"x-custom"}},
	} {
		_, _, err := c.Object.Options(ctx, "uploads/a.txt", bad)
		assert.ErrorIs(t, err, cos.ErrCORSForbidden, name)
		assert.Equal(t, "AccessForbidden", cos.ErrorCode(err), name)
	}
}
