package transfer

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/cosgo/cos"
	"github.com/cosgo/cos/costest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func writeFile(t *testing.T, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "data.bin")
	require.NoError(t, os.WriteFile(path, data, 0o600))
	return path
}

func TestUploadFileRoundTrip(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for _, n := range []int{0, 100, 4*mib + 7} {
		data := randomBytes(n, uint64(n))
		path := writeFile(t, data)
		var log progressLog
		res, err := NewUploader(e.c, WithPartSize(mib), WithProgress(log.fn)).UploadFile(context.Background(), "file", path, nil)
		require.NoError(t, err)
		assert.Equal(t, data, e.stored(t, "file"))
		assert.Equal(t, crcOf(data), res.CRC64)
		log.check(t, int64(n), 2)
	}
}

// interruptedUpload starts a resumable upload of path and cancels it from
// the progress callback once after parts are confirmed. It returns the
// error and the checkpoint left behind.
func interruptedUpload(t *testing.T, e *env, dir, key, path string, after int) (error, uploadCheckpoint) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	u := NewUploader(e.c, WithPartSize(mib), WithConcurrency(1), WithCheckpointDir(dir), WithProgress(func(p Progress) {
		if p.Parts >= after {
			cancel()
		}
	}))
	_, err := u.UploadFile(ctx, key, path, nil)
	require.Error(t, err)
	abs, _ := filepath.Abs(path)
	var cp uploadCheckpoint
	raw, rerr := os.ReadFile(checkpointFile(dir, "upload", testBucket, key, abs))
	require.NoError(t, rerr, "the checkpoint must survive a failure")
	require.NoError(t, json.Unmarshal(raw, &cp))
	return err, cp
}

func TestUploadFileResumesOnlyMissingParts(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	dir := t.TempDir()
	data := randomBytes(6*mib+100, 21)
	path := writeFile(t, data)

	err, cp := interruptedUpload(t, e, dir, "resume", path, 2)
	assert.ErrorIs(t, err, context.Canceled)
	var ue *UploadError
	require.ErrorAs(t, err, &ue)
	assert.True(t, ue.Kept)
	assert.Equal(t, cp.UploadID, ue.UploadID)
	require.GreaterOrEqual(t, len(cp.Parts), 2)
	assert.Equal(t, []string{cp.UploadID}, e.srv.MultipartUploads(testBucket), "parts are kept for the resume")

	e.srv.ResetRequests()
	var log progressLog
	res, err := NewUploader(e.c, WithPartSize(mib), WithConcurrency(2), WithCheckpointDir(dir)).
		UploadFile(context.Background(), "resume", path, &UploadOptions{Progress: log.fn})
	require.NoError(t, err)
	assert.Equal(t, cp.UploadID, res.UploadID, "the same upload is completed")
	// Only the missing parts are sent. (A part of the first run that
	// was cancelled in flight may still show up in the log, late; it is
	// one of the missing ones, which is why this compares sets.)
	recorded := map[string]bool{}
	for _, p := range cp.Parts {
		recorded[strconv.Itoa(p.Number)] = true
	}
	sent := map[string]bool{}
	for _, r := range e.srv.Requests() {
		if r.Op == costest.OpUploadPart {
			n := r.Query.Get("partNumber")
			assert.False(t, recorded[n], "part %s was confirmed before and sent again", n)
			sent[n] = true
		}
	}
	assert.Len(t, sent, 7-len(cp.Parts))
	assert.Equal(t, 0, e.count(costest.OpInitiateMultipartUpload))
	assert.Equal(t, data, e.stored(t, "resume"))
	assert.Equal(t, crcOf(data), res.CRC64)
	assert.Equal(t, int64(len(cp.Parts))*mib, log.calls[0].Done, "progress starts at the resumed bytes")
	log.check(t, int64(len(data)), 2)
	entries, _ := os.ReadDir(dir)
	assert.Empty(t, entries, "checkpoint removed on success")
	assert.Empty(t, e.srv.MultipartUploads(testBucket))
}

func TestUploadFileChangedFileStartsOver(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	dir := t.TempDir()
	path := writeFile(t, randomBytes(4*mib, 1))
	_, cp := interruptedUpload(t, e, dir, "changed", path, 1)

	data := randomBytes(4*mib, 2) // same size, other bytes and mtime
	require.NoError(t, os.WriteFile(path, data, 0o600))
	later := time.Now().Add(time.Hour)
	require.NoError(t, os.Chtimes(path, later, later))

	e.srv.ResetRequests()
	res, err := NewUploader(e.c, WithPartSize(mib), WithCheckpointDir(dir)).UploadFile(context.Background(), "changed", path, nil)
	require.NoError(t, err)
	assert.NotEqual(t, cp.UploadID, res.UploadID)
	assert.Equal(t, 1, e.count(costest.OpAbortMultipartUpload), "the stale upload is aborted")
	assert.Equal(t, 4, e.partsSent(res.UploadID))
	assert.Equal(t, data, e.stored(t, "changed"))
	assert.Empty(t, e.srv.MultipartUploads(testBucket))
}

func TestUploadFileVanishedUploadStartsOver(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	dir := t.TempDir()
	data := randomBytes(3*mib, 3)
	path := writeFile(t, data)
	_, cp := interruptedUpload(t, e, dir, "vanished", path, 1)
	_, err := e.c.Object.AbortMultipartUpload(context.Background(), "vanished", cp.UploadID)
	require.NoError(t, err)

	e.srv.ResetRequests()
	res, err := NewUploader(e.c, WithPartSize(mib), WithCheckpointDir(dir)).UploadFile(context.Background(), "vanished", path, nil)
	require.NoError(t, err)
	assert.NotEqual(t, cp.UploadID, res.UploadID)
	assert.Equal(t, 0, e.count(costest.OpAbortMultipartUpload), "nothing to abort")
	assert.Equal(t, 3, e.partsSent(res.UploadID))
	assert.Equal(t, data, e.stored(t, "vanished"))
}

func TestUploadFileDisagreeingPartsStartOver(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	dir := t.TempDir()
	data := randomBytes(3*mib, 4)
	path := writeFile(t, data)
	_, cp := interruptedUpload(t, e, dir, "disagree", path, 1)
	cp.Parts[0].ETag = "0123456789abcdef0123456789abcdef"
	abs, _ := filepath.Abs(path)
	require.NoError(t, saveCheckpoint(checkpointFile(dir, "upload", testBucket, "disagree", abs), &cp))

	res, err := NewUploader(e.c, WithPartSize(mib), WithCheckpointDir(dir)).UploadFile(context.Background(), "disagree", path, nil)
	require.NoError(t, err)
	assert.NotEqual(t, cp.UploadID, res.UploadID)
	assert.Equal(t, data, e.stored(t, "disagree"))
	assert.Empty(t, e.srv.MultipartUploads(testBucket), "the stale upload is aborted")
}

func TestUploadFileCorruptCheckpointStartsOver(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	dir := t.TempDir()
	data := randomBytes(2*mib+1, 5)
	path := writeFile(t, data)
	abs, _ := filepath.Abs(path)
	require.NoError(t, os.WriteFile(checkpointFile(dir, "upload", testBucket, "torn", abs), []byte(`{"version":1,"upl`), 0o600))
	_, err := NewUploader(e.c, WithPartSize(mib), WithCheckpointDir(dir)).UploadFile(context.Background(), "torn", path, nil)
	require.NoError(t, err)
	assert.Equal(t, data, e.stored(t, "torn"))
}

func TestUploadFileModifiedDuringUploadFails(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	path := writeFile(t, randomBytes(3*mib, 6))
	touched := false
	_, err := NewUploader(e.c, WithPartSize(mib), WithConcurrency(1), WithProgress(func(p Progress) {
		if p.Parts == 1 && !touched {
			touched = true
			later := time.Now().Add(time.Hour)
			require.NoError(t, os.Chtimes(path, later, later))
		}
	})).UploadFile(context.Background(), "moving", path, nil)
	require.ErrorIs(t, err, ErrSourceChanged)
	_, ok := e.srv.Object(testBucket, "moving")
	assert.False(t, ok)
	assert.Empty(t, e.srv.MultipartUploads(testBucket))
}

func TestUploadFileMissing(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	_, err := NewUploader(e.c).UploadFile(context.Background(), "k", filepath.Join(t.TempDir(), "nope"), nil)
	require.ErrorIs(t, err, os.ErrNotExist)
	_, err = NewUploader(e.c).UploadFile(context.Background(), "k", "", nil)
	require.ErrorIs(t, err, cos.ErrInvalidArgument)
}

func TestUploadFileShrunkBelowThresholdDropsStaleUpload(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	dir := t.TempDir()
	path := writeFile(t, randomBytes(3*mib, 7))
	_, cp := interruptedUpload(t, e, dir, "shrunk", path, 1)
	require.Equal(t, []string{cp.UploadID}, e.srv.MultipartUploads(testBucket))

	require.NoError(t, os.WriteFile(path, []byte("small now"), 0o600))
	res, err := NewUploader(e.c, WithPartSize(mib), WithCheckpointDir(dir)).UploadFile(context.Background(), "shrunk", path, nil)
	require.NoError(t, err)
	assert.Equal(t, 0, res.Parts)
	assert.Equal(t, []byte("small now"), e.stored(t, "shrunk"))
	assert.Empty(t, e.srv.MultipartUploads(testBucket), "the stale upload is aborted")
	assert.Empty(t, dirEntries(t, dir), "and its checkpoint removed")
}
