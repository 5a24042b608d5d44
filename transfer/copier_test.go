package transfer

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/cosgo/cos"
	"github.com/cosgo/cos/costest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCopySingleAndMultipart(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	small, big := randomBytes(mib/2, 1), randomBytes(3*mib+77, 2)
	meta := map[string]string{"Content-Type": "text/plain", "x-cos-meta-owner": "ops"}
	require.NoError(t, e.srv.PutObject(testBucket, "src/small", small, meta))
	require.NoError(t, e.srv.PutObject(testBucket, "src/big", big, meta))
	cp := NewCopier(e.c, WithThreshold(mib), WithPartSize(mib), WithConcurrency(3))

	var log progressLog
	res, err := cp.Copy(context.Background(), "dst/small", cos.CopySource{Key: "src/small"}, &CopyOptions{Progress: log.fn})
	require.NoError(t, err)
	assert.Equal(t, 0, res.Parts)
	assert.Equal(t, small, e.stored(t, "dst/small"))
	assert.Equal(t, crcOf(small), res.CRC64)
	log.check(t, int64(len(small)), 2)
	assert.Equal(t, 1, e.count(costest.OpCopyObject))

	log = progressLog{}
	res, err = cp.Copy(context.Background(), "dst/big", cos.CopySource{Key: "src/big"}, &CopyOptions{Progress: log.fn})
	require.NoError(t, err)
	assert.Equal(t, 4, res.Parts)
	assert.Equal(t, big, e.stored(t, "dst/big"))
	assert.Equal(t, crcOf(big), res.CRC64)
	log.check(t, int64(len(big)), 5)
	assert.Equal(t, 4, e.count(costest.OpUploadPartCopy))
	assert.Empty(t, e.srv.MultipartUploads(testBucket))

	// The multipart copy carries the source's headers over, as a single
	// copy does.
	m, _, err := e.c.Object.Head(context.Background(), "dst/big", nil)
	require.NoError(t, err)
	assert.Equal(t, "text/plain", m.ContentType)
	assert.Equal(t, "ops", m.Metadata["owner"])
}

func TestCopyReplacedMetadataAndOtherBucket(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	const other = "source-1250000000"
	require.NoError(t, e.srv.CreateBucket(other))
	data := randomBytes(2*mib+1, 3)
	require.NoError(t, e.srv.PutObject(other, "a", data, nil))
	res, err := NewCopier(e.c, WithThreshold(mib), WithPartSize(mib)).Copy(context.Background(), "b",
		cos.CopySource{Bucket: other, Key: "a"},
		&CopyOptions{MetadataDirective: cos.MetadataDirectiveReplaced, ContentType: "image/png", Metadata: map[string]string{"k": "v"}})
	require.NoError(t, err)
	assert.Equal(t, 3, res.Parts)
	assert.Equal(t, data, e.stored(t, "b"))
	m, _, err := e.c.Object.Head(context.Background(), "b", nil)
	require.NoError(t, err)
	assert.Equal(t, "image/png", m.ContentType)
	assert.Equal(t, "v", m.Metadata["k"])
}

func TestCopyFailureAborts(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	require.NoError(t, e.srv.PutObject(testBucket, "src", randomBytes(3*mib, 4), nil))
	e.srv.Inject(costest.Fault{Op: costest.OpUploadPartCopy, Nth: 2, Status: http.StatusForbidden, Code: "AccessDenied"})
	_, err := NewCopier(e.c, WithThreshold(0), WithPartSize(mib)).Copy(context.Background(), "dst", cos.CopySource{Key: "src"}, nil)
	require.ErrorIs(t, err, cos.ErrAccessDenied)
	var ue *UploadError
	require.ErrorAs(t, err, &ue)
	assert.Empty(t, e.srv.MultipartUploads(testBucket))
	_, ok := e.srv.Object(testBucket, "dst")
	assert.False(t, ok)
}

func TestCopyBadInput(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	_, err := NewCopier(e.c).Copy(context.Background(), "dst", cos.CopySource{}, nil)
	require.ErrorIs(t, err, cos.ErrInvalidArgument)
	_, err = NewCopier(e.c).Copy(context.Background(), "dst", cos.CopySource{Key: "a"}, &CopyOptions{ContentType: "x/y"})
	require.ErrorIs(t, err, cos.ErrInvalidArgument)
	_, err = NewCopier(e.c).Copy(context.Background(), "dst", cos.CopySource{Key: "missing"}, nil)
	require.ErrorIs(t, err, cos.ErrNotFound)
}

func TestCopySourceChangedFails(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	require.NoError(t, e.srv.PutObject(testBucket, "src", randomBytes(3*mib, 5), nil))
	// Slow part copies, so the source changes while parts remain.
	e.srv.Inject(costest.Fault{Kind: costest.FaultDelay, Op: costest.OpUploadPartCopy, Delay: 30 * time.Millisecond, Times: -1})
	changed := false
	_, err := NewCopier(e.c, WithThreshold(0), WithPartSize(mib), WithConcurrency(1), WithProgress(func(p Progress) {
		if p.Parts == 1 && !changed {
			changed = true
			require.NoError(t, e.srv.PutObject(testBucket, "src", []byte("changed"), nil))
		}
	})).Copy(context.Background(), "dst", cos.CopySource{Key: "src"}, nil)
	require.ErrorIs(t, err, cos.ErrPreconditionFailed)
	assert.Empty(t, e.srv.MultipartUploads(testBucket))
}
