package transfer

import (
	"context"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/cosgo/cos"
	"github.com/cosgo/cos/costest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// noCRC is a transport that drops x-cos-hash-crc64ecma from every answer,
// as COS does for objects stored before it computed CRC64s.
type noCRC struct{ base http.RoundTripper }

func (n noCRC) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := n.base.RoundTrip(req)
	if err == nil {
		resp.Header.Del("x-cos-hash-crc64ecma")
	}
	return resp, err
}

func noCRCClient() *http.Client {
	return &http.Client{Transport: noCRC{http.DefaultTransport.(*http.Transport).Clone()}}
}

// TestDownloadRefusesAnswersForAnotherRangeOrVersion: a proxy answers a
// range request with another range, or with another version's ETag, for an
// object without a CRC64, where nothing else would notice. Once, the range
// is fetched again and the download is byte-identical; always, the
// download fails with cos.ErrInvalidResponse and leaves nothing.
func TestDownloadRefusesAnswersForAnotherRangeOrVersion(t *testing.T) {
	t.Parallel()
	for _, kind := range []costest.FaultKind{costest.FaultWrongRange, costest.FaultForeignETag} {
		t.Run(kind.String(), func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, cos.WithHTTPClient(noCRCClient()))
			data := randomBytes(3*mib, 71)
			e.put(t, "obj", data)
			d := NewDownloader(e.c, WithPartSize(mib), WithConcurrency(2))
			meta, _, err := e.c.Object.Head(context.Background(), "obj", nil)
			require.NoError(t, err)
			require.False(t, meta.HasCRC64, "the object must look as if it had no CRC64")

			rule := e.srv.Inject(costest.Fault{Kind: kind, Op: costest.OpGetObject, Nth: 2})
			dir := t.TempDir()
			path := filepath.Join(dir, "obj.bin")
			e.srv.ResetRequests()
			require.NoError(t, d.DownloadFile(context.Background(), "obj", path, nil))
			assert.Equal(t, 1, rule.Fired())
			got, err := os.ReadFile(path)
			require.NoError(t, err)
			assert.Equal(t, data, got)
			assert.Equal(t, 4, e.count(costest.OpGetObject), "3 ranges, one of them twice")

			var w memWriterAt
			e.srv.Inject(costest.Fault{Kind: kind, Op: costest.OpGetObject, Nth: 2})
			require.NoError(t, d.Download(context.Background(), "obj", &w, nil))
			assert.Equal(t, data, w.bytes())

			e.srv.Inject(costest.Fault{Kind: kind, Op: costest.OpGetObject, Times: -1})
			dir = t.TempDir()
			err = d.DownloadFile(context.Background(), "obj", filepath.Join(dir, "obj.bin"), nil)
			require.ErrorIs(t, err, cos.ErrInvalidResponse)
			assert.Empty(t, dirEntries(t, dir), "no destination and no temporary file")
			err = d.Download(context.Background(), "obj", &memWriterAt{}, nil)
			require.ErrorIs(t, err, cos.ErrInvalidResponse)
		})
	}
}

// TestDownloadRefusesAnswersOfAnotherCRC64: HEAD and the GETs disagree
// about the whole object's CRC64, so the GETs are of another object.
func TestDownloadRefusesAnswersOfAnotherCRC64(t *testing.T) {
	t.Parallel()
	hc, _ := tamperClient(func(r *http.Request) bool { return r.Method == http.MethodHead })
	e := newEnv(t, cos.WithHTTPClient(hc))
	e.put(t, "crc", randomBytes(2*mib, 1))
	dir := t.TempDir()
	err := NewDownloader(e.c, WithPartSize(mib)).DownloadFile(context.Background(), "crc", filepath.Join(dir, "x"), nil)
	require.ErrorIs(t, err, cos.ErrInvalidResponse)
	assert.Empty(t, dirEntries(t, dir))
}

// interruptedDownload cancels a checkpointed download of key once after
// ranges are in, and returns its checkpoint and temporary file.
func interruptedDownload(t *testing.T, e *env, cpDir, key, path string, after int) (downloadCheckpoint, string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	err := NewDownloader(e.c, WithPartSize(mib), WithConcurrency(1), WithCheckpointDir(cpDir), WithProgress(func(p Progress) {
		if p.Parts >= after {
			cancel()
		}
	})).DownloadFile(ctx, key, path, nil)
	require.ErrorIs(t, err, context.Canceled)
	abs, _ := filepath.Abs(path)
	var cp downloadCheckpoint
	state, _, err := loadCheckpoint(checkpointFile(cpDir, "download", testBucket, key+"\x00", abs), &cp)
	require.NoError(t, err)
	require.Equal(t, cpLoaded, state)
	require.GreaterOrEqual(t, len(cp.Ranges), after)
	return cp, cp.TempPath
}

// TestDownloadResumeReadsBackTemporaryFile changes bytes of a recorded
// range in the temporary file between two runs: the resume reads every
// recorded range back, fetches the changed one again, and the destination
// is the object.
func TestDownloadResumeReadsBackTemporaryFile(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	data := randomBytes(4*mib+9, 61)
	e.put(t, "obj", data)
	dir, cpDir := t.TempDir(), t.TempDir()
	path := filepath.Join(dir, "obj.bin")
	cp, tmp := interruptedDownload(t, e, cpDir, "obj", path, 2)
	require.Equal(t, 1, cp.Ranges[0].Number)
	f, err := os.OpenFile(tmp, os.O_RDWR, 0)
	require.NoError(t, err)
	_, err = f.WriteAt([]byte("not the object's bytes"), 1000)
	require.NoError(t, err)
	require.NoError(t, f.Close())

	e.srv.ResetRequests()
	require.NoError(t, NewDownloader(e.c, WithPartSize(mib), WithCheckpointDir(cpDir)).DownloadFile(context.Background(), "obj", path, nil))
	got, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, data, got)
	fetched := map[string]bool{}
	for _, r := range e.srv.Requests() {
		if r.Op == costest.OpGetObject {
			fetched[r.Header.Get("Range")] = true
		}
	}
	assert.True(t, fetched["bytes=0-1048575"], "the changed range is fetched again: %v", fetched)
	assert.False(t, fetched["bytes=1048576-2097151"], "an intact recorded range is not: %v", fetched)
	assert.Equal(t, []string{"obj.bin"}, dirEntries(t, dir))
	assert.Empty(t, dirEntries(t, cpDir))
}

// TestUnreadableDownloadCheckpointStillRemovesItsTempFile: whatever is
// left of the checkpoint, the temporary file it belonged to is found by
// its name and removed.
func TestUnreadableDownloadCheckpointStillRemovesItsTempFile(t *testing.T) {
	t.Parallel()
	for name, spoil := range map[string]func([]byte) []byte{
		"random bytes": func([]byte) []byte { return randomBytes(300, 5) },
		"cut short":    func(raw []byte) []byte { return raw[:40] },
		"another version": func(raw []byte) []byte {
			return []byte(strings.Replace(string(raw), `"version": 2`, `"version": 1`, 1))
		},
		"empty": func([]byte) []byte { return nil },
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			data := randomBytes(3*mib, 62)
			e.put(t, "obj", data)
			dir, cpDir := t.TempDir(), t.TempDir()
			path := filepath.Join(dir, "obj.bin")
			interruptedDownload(t, e, cpDir, "obj", path, 1)
			file := filepath.Join(cpDir, dirEntries(t, cpDir)[0])
			raw, err := os.ReadFile(file)
			require.NoError(t, err)
			require.NoError(t, os.WriteFile(file, spoil(raw), 0o600))

			require.NoError(t, NewDownloader(e.c, WithPartSize(mib), WithCheckpointDir(cpDir)).DownloadFile(context.Background(), "obj", path, nil))
			got, err := os.ReadFile(path)
			require.NoError(t, err)
			assert.Equal(t, data, got)
			assert.Equal(t, []string{"obj.bin"}, dirEntries(t, dir), "no stray temporary file")
			assert.Empty(t, dirEntries(t, cpDir))
		})
	}
}

// TestDownloadFileAlreadyInPlaceIsNotFetchedAgain plays a run that died
// after renaming its file into place, before removing its checkpoint: the
// next run reads the destination back and fetches nothing. A destination
// changed since is fetched again.
func TestDownloadFileAlreadyInPlaceIsNotFetchedAgain(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	data := randomBytes(3*mib+5, 63)
	e.put(t, "obj", data)
	dir, cpDir := t.TempDir(), t.TempDir()
	path := filepath.Join(dir, "obj.bin")
	d := NewDownloader(e.c, WithPartSize(mib), WithCheckpointDir(cpDir))
	require.NoError(t, d.DownloadFile(context.Background(), "obj", path, nil))
	meta, _, err := e.c.Object.Head(context.Background(), "obj", nil)
	require.NoError(t, err)
	leftBehind := func() {
		cp := downloadCheckpoint{Version: checkpointVersion, Kind: "download", Bucket: testBucket, Key: "obj",
			Path: path, ETag: meta.ETag, Size: meta.ContentLength, PartSize: mib, TempPath: checkpointTemp(testBucket, "obj\x00", path)}
		for n := 1; n <= 4; n++ {
			off := (n - 1) * mib
			end := min(off+mib, len(data))
			cp.Ranges = append(cp.Ranges, partInfo{Number: n, Size: int64(end - off), CRC64: crcOf(data[off:end])})
		}
		require.NoError(t, saveCheckpoint(checkpointFile(cpDir, "download", testBucket, "obj\x00", path), &cp))
	}

	leftBehind()
	e.srv.ResetRequests()
	var log progressLog
	require.NoError(t, d.DownloadFile(context.Background(), "obj", path, &DownloadOptions{Progress: log.fn}))
	assert.Equal(t, 0, e.count(costest.OpGetObject), "nothing fetched again")
	log.check(t, int64(len(data)), 1)
	assert.Empty(t, dirEntries(t, cpDir))

	leftBehind()
	require.NoError(t, os.WriteFile(path, randomBytes(len(data), 64), 0o644))
	e.srv.ResetRequests()
	require.NoError(t, d.DownloadFile(context.Background(), "obj", path, nil))
	assert.Equal(t, 4, e.count(costest.OpGetObject), "a changed destination is fetched again")
	got, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, data, got)
	assert.Equal(t, []string{"obj.bin"}, dirEntries(t, dir))
	assert.Empty(t, dirEntries(t, cpDir))
}

// TestDownloadFileIntoDirectoryFailsBeforeAnyRequest: a destination that
// is a directory is bad input, found before anything is fetched.
func TestDownloadFileIntoDirectoryFailsBeforeAnyRequest(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.put(t, "obj", randomBytes(2*mib, 65))
	dir := t.TempDir()
	e.srv.ResetRequests()
	for _, d := range []*Downloader{NewDownloader(e.c), NewDownloader(e.c, WithCheckpointDir(t.TempDir()))} {
		err := d.DownloadFile(context.Background(), "obj", dir, nil)
		require.ErrorIs(t, err, cos.ErrInvalidArgument)
		assert.Contains(t, err.Error(), "path")
	}
	assert.Empty(t, e.srv.Requests())
	assert.Empty(t, dirEntries(t, dir))
}

// TestCheckpointTemporariesCollected leaves temporary files of a checkpoint
// (a save killed before its rename): the next load removes them, and only
// them.
func TestCheckpointTemporariesCollected(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	data := randomBytes(3*mib, 66)
	e.put(t, "obj", data)
	dir, cpDir := t.TempDir(), t.TempDir()
	path := filepath.Join(dir, "obj.bin")
	interruptedDownload(t, e, cpDir, "obj", path, 1)
	file := filepath.Join(cpDir, dirEntries(t, cpDir)[0])
	for i := range 3 {
		require.NoError(t, os.WriteFile(file+tempInfix+strconv.Itoa(1000+i), []byte(`{"version":2,"ki`), 0o600))
	}
	other := filepath.Join(cpDir, "upload-0123456789abcdef0123456789abcdef.json"+tempInfix+"77")
	require.NoError(t, os.WriteFile(other, []byte("another checkpoint's"), 0o600))

	require.NoError(t, NewDownloader(e.c, WithPartSize(mib), WithCheckpointDir(cpDir)).DownloadFile(context.Background(), "obj", path, nil))
	assert.Equal(t, []string{filepath.Base(other)}, dirEntries(t, cpDir), "only this checkpoint's temporaries are removed")
}

// TestDownloadTempNameNeverFollowsLinks plants a symbolic link under the
// predictable name of a checkpointed download's temporary file, and then
// in place of a kept one: the file it points to is never written.
func TestDownloadTempNameNeverFollowsLinks(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	data := randomBytes(3*mib, 67)
	e.put(t, "obj", data)
	dir, cpDir, elsewhere := t.TempDir(), t.TempDir(), t.TempDir()
	victim := filepath.Join(elsewhere, "victim")
	require.NoError(t, os.WriteFile(victim, []byte("keep me"), 0o600))
	path := filepath.Join(dir, "obj.bin")
	d := NewDownloader(e.c, WithPartSize(mib), WithCheckpointDir(cpDir))

	require.NoError(t, os.Symlink(victim, checkpointTemp(testBucket, "obj\x00", path)))
	require.NoError(t, d.DownloadFile(context.Background(), "obj", path, nil))

	_, tmp := interruptedDownload(t, e, cpDir, "obj", path, 1)
	require.NoError(t, os.Remove(tmp))
	require.NoError(t, os.Symlink(victim, tmp))
	require.NoError(t, d.DownloadFile(context.Background(), "obj", path, nil))

	got, err := os.ReadFile(victim)
	require.NoError(t, err)
	assert.Equal(t, "keep me", string(got))
	got, err = os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, data, got)
	assert.Equal(t, []string{"obj.bin"}, dirEntries(t, dir))
}

// TestDownloadFileNeverPutsAnotherRunsFileInPlace plays a second run of
// the same download (another process, for a newer version of the object
// or before this one recorded its checkpoint) replacing the temporary file
// under its predictable name while this run writes the one it opened.
// This run must not rename the other run's file, which it neither wrote
// nor verified, into place and report success.
func TestDownloadFileNeverPutsAnotherRunsFileInPlace(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	data := randomBytes(3*mib, 68)
	e.put(t, "obj", data)
	dir, cpDir := t.TempDir(), t.TempDir()
	path := filepath.Join(dir, "obj.bin")
	tmp := checkpointTemp(testBucket, "obj\x00", path)
	other := randomBytes(len(data), 69)
	replaced := false
	err := NewDownloader(e.c, WithPartSize(mib), WithConcurrency(1), WithCheckpointDir(cpDir), WithProgress(func(p Progress) {
		if p.Parts == 1 && !replaced {
			replaced = true
			// What the other run's createTemp does: remove the name and
			// create a file of its own under it.
			require.NoError(t, os.Remove(tmp))
			require.NoError(t, os.WriteFile(tmp, other, 0o600))
		}
	})).DownloadFile(context.Background(), "obj", path, nil)
	require.True(t, replaced)
	require.Error(t, err, "this run's own file is gone: it cannot be put in place")
	_, serr := os.Stat(path)
	assert.ErrorIs(t, serr, fs.ErrNotExist, "the destination is untouched")
	got, rerr := os.ReadFile(tmp)
	require.NoError(t, rerr, "the other run's file is left to it")
	assert.Equal(t, other, got)
}

// TestFailedDownloadLeavesAnotherRunsFileAlone: the object changes while a
// checkpointed download runs, and a second run of it (another process,
// which saw the new version) replaces the temporary file under its name.
// The first run fails with ErrPreconditionFailed and drops what it cannot
// resume, but the file now under the name is the other run's.
func TestFailedDownloadLeavesAnotherRunsFileAlone(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.put(t, "obj", randomBytes(6*mib, 70))
	dir, cpDir := t.TempDir(), t.TempDir()
	path := filepath.Join(dir, "obj.bin")
	tmp := checkpointTemp(testBucket, "obj\x00", path)
	other := randomBytes(6*mib, 72)
	replaced := false
	err := NewDownloader(e.c, WithPartSize(mib), WithConcurrency(1), WithCheckpointDir(cpDir), WithProgress(func(p Progress) {
		if p.Parts == 1 && !replaced {
			replaced = true
			e.put(t, "obj", other)
			require.NoError(t, os.Remove(tmp))
			require.NoError(t, os.WriteFile(tmp, other[:mib], 0o600))
		}
	})).DownloadFile(context.Background(), "obj", path, nil)
	require.True(t, replaced)
	require.ErrorIs(t, err, cos.ErrPreconditionFailed)
	got, rerr := os.ReadFile(tmp)
	require.NoError(t, rerr, "the other run's file is left to it")
	assert.Equal(t, other[:mib], got)
}

// A damaged checkpoint without a range size names no plan: nothing of it
// fits, and nothing divides by its zero part size.
func TestFittingRangesOfCheckpointWithoutPartSize(t *testing.T) {
	t.Parallel()
	for _, ps := range []int64{0, -1} {
		cp := &downloadCheckpoint{Size: 100, PartSize: ps, Ranges: []partInfo{{Number: 1, Size: 100}}}
		require.NotPanics(t, func() { assert.Empty(t, fittingRanges(cp)) })
	}
}
