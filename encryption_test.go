package cos_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/cosgo/cos"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func bktKMSEncryption() *cos.ServerSideEncryptionConfiguration {
	return &cos.ServerSideEncryptionConfiguration{Rule: cos.ApplyServerSideEncryptionByDefault{
		SSEAlgorithm: cos.SSEAlgorithmKMS, KMSMasterKeyID: "kms-key-1", KMSAlgorithm: "SM4"}}
}

func TestPutEncryption(t *testing.T) {
	t.Parallel()
	s := newBktServer(t, nil)
	_, err := s.client(t).Bucket.PutEncryption(context.Background(), bktKMSEncryption())
	require.NoError(t, err)
	r := s.requests()[0]
	assert.Equal(t, http.MethodPut, r.Method)
	assert.Equal(t, "encryption", r.RawQuery)
	bktAssertXMLBody(t, r)
	bktGolden(t, "encryption_put.request.xml", r.Body)
}

// TestGetEncryption decodes the SSE-COS response body of COS's GET Bucket
// encryption page (tencentcloud.com/document/product/436/33460; the page's
// sample declaration `<?xml version = "1.0" encoding = "UTF-8">` is not
// well-formed XML and is left out).
func TestGetEncryption(t *testing.T) {
	t.Parallel()
	s := newBktServer(t, bktFile(t, "encryption_get.response.xml"))
	cfg, _, err := s.client(t).Bucket.GetEncryption(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "encryption", s.requests()[0].RawQuery)
	assert.Equal(t, cos.ApplyServerSideEncryptionByDefault{SSEAlgorithm: cos.SSEAlgorithmAES256}, cfg.Rule)
}

func TestEncryptionRoundTripCostest(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv, c := bktFake(t, "sse-1250000000")
	require.NoError(t, srv.CreateBucket("sse-1250000000"))

	_, _, err := c.Bucket.GetEncryption(ctx)
	require.ErrorIs(t, err, cos.ErrNotFound)
	assert.Equal(t, "NoSuchEncryptionConfiguration", cos.ErrorCode(err))

	for _, cfg := range []*cos.ServerSideEncryptionConfiguration{
		{Rule: cos.ApplyServerSideEncryptionByDefault{SSEAlgorithm: cos.SSEAlgorithmAES256}},
		bktKMSEncryption(),
	} {
		_, err = c.Bucket.PutEncryption(ctx, cfg)
		require.NoError(t, err)
		got, _, err := c.Bucket.GetEncryption(ctx)
		require.NoError(t, err)
		assert.Equal(t, cfg.Rule, got.Rule)
	}

	_, err = c.Bucket.DeleteEncryption(ctx)
	require.NoError(t, err)
	_, _, err = c.Bucket.GetEncryption(ctx)
	assert.Equal(t, "NoSuchEncryptionConfiguration", cos.ErrorCode(err))
	_, err = c.Bucket.DeleteEncryption(ctx)
	require.NoError(t, err, "deleting twice is harmless")
}

// Objects written without SSE headers report the bucket default on PUT,
// HEAD and GET, through Put, multipart and Copy; explicit headers win;
// objects stored before the default stay as they were.
func TestEncryptionDefaultAppliesToNewObjects(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv, c := bktFake(t, "sse-1250000000")
	require.NoError(t, srv.CreateBucket("sse-1250000000"))
	put := func(key string, opt *cos.ObjectPutOptions) string {
		t.Helper()
		res, _, err := c.Object.Put(ctx, key, strings.NewReader("data of "+key), opt)
		require.NoError(t, err)
		return res.ServerSideEncryption
	}
	head := func(key string) (string, string) {
		t.Helper()
		m, resp, err := c.Object.Head(ctx, key, nil)
		require.NoError(t, err)
		return m.ServerSideEncryption, resp.Header.Get("x-cos-server-side-encryption-cos-kms-key-id")
	}
	get := func(key string) string {
		t.Helper()
		resp, err := c.Object.Get(ctx, key, nil)
		require.NoError(t, err)
		_, _ = io.Copy(io.Discard, resp.Body)
		require.NoError(t, resp.Body.Close())
		return resp.Header.Get("x-cos-server-side-encryption")
	}

	assert.Empty(t, put("before", nil))
	_, err := c.Bucket.PutEncryption(ctx, &cos.ServerSideEncryptionConfiguration{
		Rule: cos.ApplyServerSideEncryptionByDefault{SSEAlgorithm: cos.SSEAlgorithmAES256}})
	require.NoError(t, err)

	assert.Equal(t, "AES256", put("plain", nil))
	alg, _ := head("plain")
	assert.Equal(t, "AES256", alg)
	assert.Equal(t, "AES256", get("plain"))
	alg, _ = head("before")
	assert.Empty(t, alg, "objects stored before the default are unchanged")

	explicit := &cos.ObjectPutOptions{SSEHeaders: cos.SSEHeaders{ServerSideEncryption: "cos/kms", SSEKMSKeyID: "mine"}}
	assert.Equal(t, "cos/kms", put("explicit", explicit))
	alg, key := head("explicit")
	assert.Equal(t, []string{"cos/kms", "mine"}, []string{alg, key}, "explicit headers win over the default")

	_, err = c.Bucket.PutEncryption(ctx, bktKMSEncryption())
	require.NoError(t, err)
	init, resp, err := c.Object.InitiateMultipartUpload(ctx, "mp", nil)
	require.NoError(t, err)
	assert.Equal(t, "cos/kms", resp.Header.Get("x-cos-server-side-encryption"))
	part, _, err := c.Object.UploadPart(ctx, "mp", init.UploadID, 1, bytes.NewReader([]byte("one part")), nil)
	require.NoError(t, err)
	_, resp, err = c.Object.CompleteMultipartUpload(ctx, "mp", init.UploadID, []cos.CompletedPart{{PartNumber: 1, ETag: part.ETag}}, nil)
	require.NoError(t, err)
	assert.Equal(t, "cos/kms", resp.Header.Get("x-cos-server-side-encryption"))
	alg, key = head("mp")
	assert.Equal(t, []string{"cos/kms", "kms-key-1"}, []string{alg, key})

	_, resp, err = c.Object.Copy(ctx, "copy", cos.CopySource{Bucket: "sse-1250000000", Key: "before"}, nil)
	require.NoError(t, err)
	assert.Equal(t, "cos/kms", resp.Header.Get("x-cos-server-side-encryption"))
	alg, key = head("copy")
	assert.Equal(t, []string{"cos/kms", "kms-key-1"}, []string{alg, key}, "a copy takes the destination bucket's default")

	_, err = c.Bucket.DeleteEncryption(ctx)
	require.NoError(t, err)
	assert.Empty(t, put("after", nil))
	assert.Empty(t, get("after"))
}
