package cosblob

import (
	"context"
	"net/url"
	"testing"

	"github.com/cosgo/cos"
	"github.com/cosgo/cos/costest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gocloud.dev/blob"
)

// No t.Parallel: these tests set the process environment.

func TestOpenBucketURLWithEnvironmentCredentials(t *testing.T) {
	srv := costest.NewServer()
	t.Cleanup(srv.Close)
	require.NoError(t, srv.CreateBucket(testBucket))
	id, key := srv.Credentials()
	t.Setenv("COS_SECRET_ID", id)
	t.Setenv("COS_SECRET_KEY", key)
	t.Setenv("COS_SESSION_TOKEN", "")
	ctx := context.Background()

	b, err := blob.OpenBucket(ctx, "cos://"+testBucket+"?endpoint="+url.QueryEscape(srv.URL)+"&path_style=true&prefix=docs/")
	require.NoError(t, err)
	defer b.Close()
	require.NoError(t, b.WriteAll(ctx, "a.txt", []byte("hi"), nil))
	got, ok := srv.Object(testBucket, "docs/a.txt")
	require.True(t, ok, "the prefix parameter applies")
	assert.Equal(t, "hi", string(got))
	var c *cos.Client
	require.True(t, b.As(&c))
	assert.Equal(t, testBucket, c.BucketName())

	b2, err := blob.OpenBucket(ctx, "cos://examplebucket-1250000000?region=ap-guangzhou")
	require.NoError(t, err, "a region is enough to open; nothing is sent")
	defer b2.Close()
	require.True(t, b2.As(&c))
	assert.Equal(t, "ap-guangzhou", c.Region())
	assert.Equal(t, "examplebucket-1250000000", c.BucketName())
}

func TestOpenBucketURLErrors(t *testing.T) {
	t.Setenv("COS_SECRET_ID", "id")
	t.Setenv("COS_SECRET_KEY", "key")
	ctx := context.Background()
	for _, tc := range []struct {
		url, wantText string
	}{
		{"cos://examplebucket-1250000000", "region"},
		{"cos://examplebucket-1250000000?regoin=ap-guangzhou", `unknown parameter "regoin"`},
		{"cos://examplebucket-1250000000?region=ap-guangzhou&region=ap-beijing", "given 2 times"},
		{"cos://examplebucket-1250000000?region=ap-guangzhou&path_style=maybe", "path_style"},
		{"cos://examplebucket-1250000000/some/key?region=ap-guangzhou", "prefix parameter"},
		{"cos://?region=ap-guangzhou", "no bucket"},
		{"cos://Bad_Bucket?region=ap-guangzhou", "Bad_Bucket"},
		{"cos://examplebucket-1250000000?region=Guangzhou", "Guangzhou"},
		{"cos://examplebucket-1250000000?endpoint=%3A%2F%2Fnope", "endpoint"},
	} {
		_, err := blob.OpenBucket(ctx, tc.url)
		require.Error(t, err, tc.url)
		assert.ErrorIs(t, err, cos.ErrInvalidArgument, tc.url)
		assert.Contains(t, err.Error(), tc.wantText, tc.url)
	}

	_, err := blob.OpenBucket(ctx, "cos://id:topsecret@examplebucket-1250000000?region=ap-guangzhou")
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "topsecret", "credentials in a URL are never echoed")
	// Nor those in its query: a password in the endpoint, or a presigned
	// URL's signature and token pasted as the endpoint or a parameter.
	presigned := url.QueryEscape("https://examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com/k?x-cos-security-token=toptoken&q-signature=topsig")
	for _, u := range []string{
		"cos://examplebucket-1250000000?region=ap-guangzhou&endpoint=" + url.QueryEscape("https://id:topsecret@cos.example.com"),
		"cos://examplebucket-1250000000?region=ap-guangzhou&endpoint=https://id:topsecret@cos.example.com",
		"cos://examplebucket-1250000000?region=ap-guangzhou&endpoint=" + presigned,
		"cos://examplebucket-1250000000?region=ap-guangzhou&x-cos-security-token=toptoken&q-signature=topsig",
		"cos://examplebucket-1250000000?region=ap-guangzhou&sign=" + url.QueryEscape("q-ak=id&q-signature=topsig"),
		"cos://examplebucket-1250000000?region=Bad&endpoint=" + presigned,
	} {
		_, err := blob.OpenBucket(ctx, u)
		require.ErrorIs(t, err, cos.ErrInvalidArgument, u)
		for _, secret := range []string{"topsecret", "toptoken", "topsig"} {
			assert.NotContains(t, err.Error(), secret, "%s: %v", u, err)
		}
	}

	t.Setenv("COS_SECRET_ID", "")
	_, err = blob.OpenBucket(ctx, "cos://examplebucket-1250000000?region=ap-guangzhou")
	require.ErrorIs(t, err, cos.ErrNoCredentials)
	assert.Contains(t, err.Error(), "COS_SECRET_ID")
}

func TestURLOpenerDirectAppliesPrefixAndCredentials(t *testing.T) {
	t.Setenv("COS_SECRET_ID", "") // the explicit provider must be used instead
	srv := costest.NewServer()
	t.Cleanup(srv.Close)
	require.NoError(t, srv.CreateBucket(testBucket))
	id, key := srv.Credentials()
	o := &URLOpener{Credentials: cos.StaticCredentials(id, key, ""), Options: Options{PartSize: 1 << 20}}
	u, err := url.Parse("cos://" + testBucket + "?endpoint=" + url.QueryEscape(srv.URL) + "&prefix=p/")
	require.NoError(t, err)
	ctx := context.Background()
	b, err := o.OpenBucketURL(ctx, u)
	require.NoError(t, err)
	defer b.Close()
	require.NoError(t, b.WriteAll(ctx, "k", []byte("v"), nil))
	_, ok := srv.Object(testBucket, "p/k")
	assert.True(t, ok)
}
