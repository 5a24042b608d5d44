package transfer

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cosgo/cos"
	"github.com/cosgo/cos/costest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func (e *env) put(t *testing.T, key string, data []byte) {
	t.Helper()
	require.NoError(t, e.srv.PutObject(testBucket, key, data, nil))
}

// dirEntries lists a directory's names.
func dirEntries(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func TestDownloadRoundTrip(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for _, n := range []int{0, 1, mib, 3*mib + 5} {
		data := randomBytes(n, uint64(n)+1)
		key := "dl/" + strconv.Itoa(n)
		e.put(t, key, data)
		d := NewDownloader(e.c, WithPartSize(mib), WithConcurrency(3))

		var w memWriterAt
		var log progressLog
		require.NoError(t, d.Download(context.Background(), key, &w, &DownloadOptions{Progress: log.fn, RequireCRC64: true}))
		assert.Equal(t, len(data), len(w.bytes()))
		assert.True(t, len(data) == 0 || string(data) == string(w.bytes()), "bytes differ for size %d", n)
		log.check(t, int64(n), 2)

		dir := t.TempDir()
		path := filepath.Join(dir, "out.bin")
		require.NoError(t, d.DownloadFile(context.Background(), key, path, nil))
		got, err := os.ReadFile(path)
		require.NoError(t, err)
		assert.Equal(t, len(data), len(got))
		assert.True(t, string(data) == string(got))
		assert.Equal(t, []string{"out.bin"}, dirEntries(t, dir), "no temporary file left")
	}
}

func TestDownloadContinuesCutRange(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	data := randomBytes(4*mib, 8)
	e.put(t, "cut", data)
	// The second GET sends its headers and 100 KiB, then drops the
	// connection.
	rule := e.srv.Inject(costest.Fault{Kind: costest.FaultTruncate, Op: costest.OpGetObject, Nth: 2, Bytes: 100 << 10})
	path := filepath.Join(t.TempDir(), "cut.bin")
	require.NoError(t, NewDownloader(e.c, WithPartSize(mib), WithConcurrency(2)).DownloadFile(context.Background(), "cut", path, nil))
	assert.Equal(t, 1, rule.Fired())
	got, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, data, got)
	assert.Equal(t, 5, e.count(costest.OpGetObject), "4 ranges plus the continuation of the cut one")
	// The continuation asks for the rest of the cut range only.
	continued := 0
	for _, r := range e.srv.Requests() {
		if r.Op != costest.OpGetObject {
			continue
		}
		first, _, _ := strings.Cut(strings.TrimPrefix(r.Header.Get("Range"), "bytes="), "-")
		if n, _ := strconv.Atoi(first); n%mib != 0 {
			continued++
		}
	}
	assert.Equal(t, 1, continued)
}

func TestDownloadChangedObjectFailsCleanly(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.put(t, "moving", randomBytes(4*mib, 1))
	// Slow ranges, so the object changes while ranges remain.
	e.srv.Inject(costest.Fault{Kind: costest.FaultDelay, Op: costest.OpGetObject, Delay: 30 * time.Millisecond, Times: -1})
	dir := t.TempDir()
	path := filepath.Join(dir, "moving.bin")
	replaced, version := false, uint64(1)
	d := NewDownloader(e.c, WithPartSize(mib), WithConcurrency(1), WithProgress(func(p Progress) {
		if p.Parts == 1 && !replaced {
			replaced = true
			version++
			e.put(t, "moving", []byte("version "+strconv.Itoa(int(version))))
		}
	}))
	err := d.DownloadFile(context.Background(), "moving", path, nil)
	require.ErrorIs(t, err, cos.ErrPreconditionFailed)
	assert.Empty(t, dirEntries(t, dir), "no destination and no temporary file")

	// Download to a WriterAt fails the same way.
	replaced = false
	e.put(t, "moving", randomBytes(4*mib, 1))
	err = d.Download(context.Background(), "moving", &memWriterAt{}, nil)
	require.ErrorIs(t, err, cos.ErrPreconditionFailed)
}

func TestDownloadCRCMismatchFails(t *testing.T) {
	t.Parallel()
	// Every answer claims a CRC64 the bytes do not have.
	hc, _ := tamperClient(func(r *http.Request) bool { return true })
	e := newEnv(t, cos.WithHTTPClient(hc))
	e.put(t, "crc", randomBytes(2*mib, 1))
	dir := t.TempDir()
	err := NewDownloader(e.c, WithPartSize(mib)).DownloadFile(context.Background(), "crc", filepath.Join(dir, "x"), nil)
	require.ErrorIs(t, err, cos.ErrChecksumMismatch)
	assert.Empty(t, dirEntries(t, dir))
}

func TestDownloadMissingObject(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	dir := t.TempDir()
	err := NewDownloader(e.c).DownloadFile(context.Background(), "absent", filepath.Join(dir, "x"), nil)
	require.ErrorIs(t, err, cos.ErrNotFound)
	assert.Empty(t, dirEntries(t, dir))
	require.ErrorIs(t, NewDownloader(e.c).Download(context.Background(), "k", nil, nil), cos.ErrInvalidArgument)
	require.ErrorIs(t, NewDownloader(e.c, WithConcurrency(-1)).Download(context.Background(), "k", &memWriterAt{}, nil), cos.ErrInvalidArgument)
}

func TestDownloadFileResumes(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	data := randomBytes(6*mib+9, 31)
	e.put(t, "big", data)
	dir, cpDir := t.TempDir(), t.TempDir()
	path := filepath.Join(dir, "big.bin")

	ctx, cancel := context.WithCancel(context.Background())
	err := NewDownloader(e.c, WithPartSize(mib), WithConcurrency(1), WithCheckpointDir(cpDir), WithProgress(func(p Progress) {
		if p.Parts >= 3 {
			cancel()
		}
	})).DownloadFile(ctx, "big", path, nil)
	cancel()
	require.ErrorIs(t, err, context.Canceled)
	_, serr := os.Stat(path)
	require.ErrorIs(t, serr, os.ErrNotExist, "no destination before the download is complete")
	require.Len(t, dirEntries(t, dir), 1, "the temporary file is kept for the resume")
	var cp downloadCheckpoint
	abs, _ := filepath.Abs(path)
	state, _, err := loadCheckpoint(checkpointFile(cpDir, "download", testBucket, "big\x00", abs), &cp)
	require.NoError(t, err)
	require.Equal(t, cpLoaded, state)
	require.GreaterOrEqual(t, len(cp.Ranges), 3)

	e.srv.ResetRequests()
	var log progressLog
	require.NoError(t, NewDownloader(e.c, WithPartSize(mib), WithCheckpointDir(cpDir)).
		DownloadFile(context.Background(), "big", path, &DownloadOptions{Progress: log.fn}))
	got, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, data, got)
	// Only the missing ranges are fetched (a GET of the first run cancelled
	// in flight may be logged late, hence sets).
	recorded := map[int]bool{}
	for _, r := range cp.Ranges {
		recorded[(r.Number-1)*mib] = true
	}
	fetched := map[int]bool{}
	for _, r := range e.srv.Requests() {
		if r.Op == costest.OpGetObject {
			first, _, _ := strings.Cut(strings.TrimPrefix(r.Header.Get("Range"), "bytes="), "-")
			n, _ := strconv.Atoi(first)
			assert.False(t, recorded[n], "range at %d was complete and fetched again", n)
			fetched[n] = true
		}
	}
	assert.Len(t, fetched, 7-len(cp.Ranges))
	assert.Equal(t, int64(len(cp.Ranges))*mib, log.calls[0].Done)
	log.check(t, int64(len(data)), 2)
	assert.Equal(t, []string{"big.bin"}, dirEntries(t, dir))
	assert.Empty(t, dirEntries(t, cpDir), "checkpoint removed on success")
}

func TestDownloadFileResumeAfterObjectChangedStartsOver(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.put(t, "obj", randomBytes(4*mib, 1))
	dir, cpDir := t.TempDir(), t.TempDir()
	path := filepath.Join(dir, "obj.bin")
	ctx, cancel := context.WithCancel(context.Background())
	err := NewDownloader(e.c, WithPartSize(mib), WithConcurrency(1), WithCheckpointDir(cpDir), WithProgress(func(p Progress) {
		if p.Parts >= 1 {
			cancel()
		}
	})).DownloadFile(ctx, "obj", path, nil)
	cancel()
	require.ErrorIs(t, err, context.Canceled)
	oldTemp := dirEntries(t, dir)
	require.Len(t, oldTemp, 1)

	data := randomBytes(3*mib+1, 2)
	e.put(t, "obj", data)
	require.NoError(t, NewDownloader(e.c, WithPartSize(mib), WithCheckpointDir(cpDir)).DownloadFile(context.Background(), "obj", path, nil))
	got, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, data, got)
	assert.Equal(t, []string{"obj.bin"}, dirEntries(t, dir), "the stale temporary file is removed")
}

func TestTempFileOwnership(t *testing.T) {
	t.Parallel()
	dest := filepath.Join("/d", "f.txt")
	assert.True(t, ours("/d/.f.txt.cosgo-123.part", dest))
	assert.False(t, ours("/d/f.txt", dest))
	assert.False(t, ours("/etc/.f.txt.cosgo-1.part", dest))
	assert.False(t, ours("", dest))
}
