package cos_test

import (
	"bytes"
	"context"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/cosgo/cos"
	"github.com/cosgo/cos/costest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func e2eRandom(n int, seed uint64) []byte {
	r := rand.New(rand.NewPCG(seed, seed+1))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

func TestE2EMultipartFullCycle(t *testing.T) {
	t.Parallel()
	srv, c := e2e(t)
	ctx := context.Background()
	const key = "mp/年度 big.bin"
	parts := [][]byte{e2eRandom(1<<20+17, 1), e2eRandom(1<<20, 2), []byte("the tail")}

	init, _, err := c.Object.InitiateMultipartUpload(ctx, key, &cos.InitiateMultipartUploadOptions{
		Metadata: map[string]string{"origin": "multipart"},
	})
	require.NoError(t, err)
	assert.Equal(t, key, init.Key)
	assert.Equal(t, []string{init.UploadID}, srv.MultipartUploads(e2eBucket))

	// Upload out of order; the first from a stream of declared length.
	var done []cos.CompletedPart
	var crcs [3]uint64
	for _, i := range []int{2, 0, 1} {
		var body interface{ Read([]byte) (int, error) } = bytes.NewReader(parts[i])
		var opt *cos.UploadPartOptions
		if i == 2 {
			body = strings.NewReader(string(parts[i]) + "ignored beyond ContentLength")
			opt = &cos.UploadPartOptions{ContentLength: int64(len(parts[i]))}
		}
		res, _, err := c.Object.UploadPart(ctx, key, init.UploadID, i+1, body, opt)
		require.NoError(t, err, "part %d", i+1)
		assert.Equal(t, cos.CRC64(parts[i]), res.CRC64)
		crcs[i] = res.CRC64
		done = append(done, cos.CompletedPart{PartNumber: i + 1, ETag: res.ETag})
	}

	var listed []int
	for p, err := range c.Object.Parts(ctx, key, init.UploadID, &cos.ListPartsOptions{MaxParts: 2}) {
		require.NoError(t, err)
		listed = append(listed, p.PartNumber)
		assert.Equal(t, int64(len(parts[p.PartNumber-1])), p.Size)
	}
	assert.Equal(t, []int{1, 2, 3}, listed)
	page, _, err := c.Object.ListParts(ctx, key, init.UploadID, &cos.ListPartsOptions{EncodingType: "url"})
	require.NoError(t, err)
	assert.Equal(t, key, page.Key)
	assert.Len(t, page.Parts, 3)

	res, _, err := c.Object.CompleteMultipartUpload(ctx, key, init.UploadID, done, nil)
	require.NoError(t, err)
	assert.True(t, strings.HasSuffix(res.ETag, "-3"), res.ETag)
	assert.Equal(t, key, res.Key)
	whole := bytes.Join(parts, nil)
	combined := cos.CRC64Combine(cos.CRC64Combine(crcs[0], crcs[1], int64(len(parts[1]))), crcs[2], int64(len(parts[2])))
	assert.Equal(t, cos.CRC64(whole), combined)
	if res.HasCRC64 {
		assert.Equal(t, combined, res.CRC64)
	}
	assert.Empty(t, srv.MultipartUploads(e2eBucket))

	got := e2eRead(t, c, key)
	assert.True(t, bytes.Equal(whole, []byte(got)))
	m, _, err := c.Object.Head(ctx, key, nil)
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"origin": "multipart"}, m.Metadata)
	assert.Equal(t, int64(len(whole)), m.ContentLength)

	// The upload is gone now.
	_, _, err = c.Object.ListParts(ctx, key, init.UploadID, nil)
	require.ErrorIs(t, err, cos.ErrNotFound)
}

func TestE2EMultipartMissingPartAndAbort(t *testing.T) {
	t.Parallel()
	srv, c := e2e(t)
	ctx := context.Background()
	init, _, err := c.Object.InitiateMultipartUpload(ctx, "mp/x", nil)
	require.NoError(t, err)
	p1, _, err := c.Object.UploadPart(ctx, "mp/x", init.UploadID, 1, bytes.NewReader(e2eRandom(1<<20, 3)), nil)
	require.NoError(t, err)

	_, _, err = c.Object.CompleteMultipartUpload(ctx, "mp/x", init.UploadID, []cos.CompletedPart{
		{PartNumber: 1, ETag: p1.ETag}, {PartNumber: 2, ETag: "0123456789abcdef0123456789abcdef"},
	}, nil)
	var se *cos.ServiceError
	require.ErrorAs(t, err, &se)
	assert.Equal(t, "InvalidPart", se.Code)

	// COS may report a failed merge in a 200 body (here on every attempt;
	// InternalError is retried).
	rule := srv.Inject(costest.Fault{Kind: costest.FaultErrorIn200, Op: costest.OpCompleteMultipartUpload, Code: "InternalError", Times: -1})
	_, _, err = c.Object.CompleteMultipartUpload(ctx, "mp/x", init.UploadID, []cos.CompletedPart{{PartNumber: 1, ETag: p1.ETag}}, nil)
	rule.Remove()
	require.ErrorAs(t, err, &se)
	assert.Equal(t, 200, se.StatusCode)
	assert.Equal(t, "InternalError", se.Code)
	assert.Equal(t, 3, rule.Fired())

	_, err = c.Object.AbortMultipartUpload(ctx, "mp/x", init.UploadID)
	require.NoError(t, err)
	assert.Empty(t, srv.MultipartUploads(e2eBucket))
	_, err = c.Object.AbortMultipartUpload(ctx, "mp/x", init.UploadID)
	require.ErrorIs(t, err, cos.ErrNotFound)
	_, _, err = c.Object.UploadPart(ctx, "mp/x", init.UploadID, 2, strings.NewReader("late"), nil)
	require.ErrorIs(t, err, cos.ErrNotFound)
}

func TestE2EUploadPartCopy(t *testing.T) {
	t.Parallel()
	_, c := e2e(t)
	ctx := context.Background()
	src := e2eRandom(3<<20, 4)
	_, _, err := c.Object.Put(ctx, "src/big", bytes.NewReader(src), nil)
	require.NoError(t, err)
	init, _, err := c.Object.InitiateMultipartUpload(ctx, "dst/assembled", nil)
	require.NoError(t, err)

	first, _, err := c.Object.UploadPartCopy(ctx, "dst/assembled", init.UploadID, 1, cos.CopySource{Key: "src/big"},
		&cos.UploadPartCopyOptions{CopySourceRange: "bytes=1048576-2097151"})
	require.NoError(t, err)
	assert.NotEmpty(t, first.ETag)
	if first.HasCRC64 {
		assert.Equal(t, cos.CRC64(src[1<<20:2<<20]), first.CRC64)
	}
	second, _, err := c.Object.UploadPartCopy(ctx, "dst/assembled", init.UploadID, 2, cos.CopySource{Key: "src/big"},
		&cos.UploadPartCopyOptions{CopySourceRange: "bytes=0-9"})
	require.NoError(t, err)
	_, _, err = c.Object.CompleteMultipartUpload(ctx, "dst/assembled", init.UploadID, []cos.CompletedPart{
		{PartNumber: 2, ETag: second.ETag}, {PartNumber: 1, ETag: first.ETag},
	}, nil)
	require.NoError(t, err)
	want := append(append([]byte(nil), src[1<<20:2<<20]...), src[:10]...)
	assert.True(t, bytes.Equal(want, []byte(e2eRead(t, c, "dst/assembled"))))

	_, _, err = c.Object.UploadPartCopy(ctx, "dst/assembled", "no-such-upload", 1, cos.CopySource{Key: "src/big"}, nil)
	require.ErrorIs(t, err, cos.ErrNotFound)
}
