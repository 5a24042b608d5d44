package transfer

import (
	"bytes"
	"context"
	"testing"

	"github.com/cosgo/cos"
	"github.com/cosgo/cos/costest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A copy keeps the source's tags unless TaggingDirective replaces them,
// single or multipart; a multipart copy reads them from the source, which
// PUT Object - Copy does server-side.
func TestCopyCarriesTags(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	tags := cos.TagSet{{Key: "team", Value: "data"}, {Key: "stage", Value: "raw files"}}
	_, _, err := e.c.Object.Put(ctx, "src/tagged", bytes.NewReader(randomBytes(2*mib+5, 7)), &cos.ObjectPutOptions{Tagging: tags.Encode()})
	require.NoError(t, err)
	require.NoError(t, e.srv.PutObject(testBucket, "src/plain", randomBytes(2*mib, 8), nil))
	tagsOf := func(key string) cos.TagSet {
		t.Helper()
		got, _, err := e.c.Object.GetTagging(ctx, key, nil)
		require.NoError(t, err)
		return got
	}
	replaced := cos.TagSet{{Key: "stage", Value: "copied"}}
	for _, threshold := range []int64{MaxSingleCopySize, mib} {
		cp := NewCopier(e.c, WithThreshold(threshold), WithPartSize(mib))
		_, err := cp.Copy(ctx, "dst/kept", cos.CopySource{Key: "src/tagged"}, nil)
		require.NoError(t, err)
		assert.Equal(t, tags, tagsOf("dst/kept"), "threshold %d", threshold)
		_, err = cp.Copy(ctx, "dst/replaced", cos.CopySource{Key: "src/tagged"},
			&CopyOptions{TaggingDirective: cos.TaggingDirectiveReplaced, Tagging: replaced.Encode()})
		require.NoError(t, err)
		assert.Equal(t, replaced, tagsOf("dst/replaced"), "threshold %d", threshold)
	}
	before := e.count(costest.OpGetObjectTagging)
	_, err = NewCopier(e.c, WithThreshold(mib), WithPartSize(mib)).Copy(ctx, "dst/plain", cos.CopySource{Key: "src/plain"}, nil)
	require.NoError(t, err)
	assert.Equal(t, before, e.count(costest.OpGetObjectTagging), "an untagged source (HEAD says 0) is not asked for tags")
	assert.Empty(t, tagsOf("dst/plain"))
}
