package reliability

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/cosgo/cos"
	"github.com/cosgo/cos/costest"
	"github.com/cosgo/cos/transfer"
	"github.com/stretchr/testify/require"
)

// FuzzCheckpointLoad writes arbitrary bytes where transfer keeps its
// upload and download checkpoints, then runs UploadFile and DownloadFile
// again. transfer's loader is unexported, so this drives it through the
// public API: whatever the file holds (torn JSON, another version, a
// foreign upload ID, absurd part sizes, a temp_path pointing elsewhere),
// both calls must succeed with byte-identical results, leave no
// checkpoint, temporary file or multipart upload behind, and never touch
// a file that is not theirs.
func FuzzCheckpointLoad(f *testing.F) {
	srv := costest.NewServer()
	f.Cleanup(srv.Close)
	require.NoError(f, srv.CreateBucket(bucket))
	tr := newTransport()
	f.Cleanup(tr.CloseIdleConnections)
	c, err := cos.NewClient(cos.WithEndpoint(srv.URL), cos.WithRegion(srv.Region()), cos.WithBucket(bucket),
		cos.WithStaticCredentials(costest.DefaultSecretID, costest.DefaultSecretKey, ""),
		cos.WithHTTPClient(httpClient(tr)), cos.WithRetryer(fastRetryer()))
	require.NoError(f, err)

	data := randomBytes(7, partSize+100) // two parts, two ranges
	root := fastTempDir(f)
	cpDir := filepath.Join(root, "checkpoints")
	work := filepath.Join(root, "work")
	require.NoError(f, os.MkdirAll(work, 0o755))
	src := filepath.Join(work, "src.bin")
	dest := filepath.Join(work, "dest.bin")
	require.NoError(f, os.WriteFile(src, data, 0o644))
	require.NoError(f, srv.PutObject(bucket, "down.bin", data, nil))
	// Files a checkpoint must never make transfer open, change or delete.
	canaries := map[string][]byte{
		filepath.Join(work, "canary.txt"): []byte("work canary"),
		filepath.Join(root, "canary.txt"): []byte("root canary"),
	}
	for p, b := range canaries {
		require.NoError(f, os.WriteFile(p, b, 0o644))
	}
	up := transfer.NewUploader(c, transfer.WithPartSize(partSize), transfer.WithConcurrency(2), transfer.WithCheckpointDir(cpDir))
	down := transfer.NewDownloader(c, transfer.WithPartSize(partSize), transfer.WithConcurrency(2), transfer.WithCheckpointDir(cpDir))
	ctx := context.Background()

	// Learn where the checkpoints live (their names are transfer's
	// business): fail each transfer once so it keeps its checkpoint.
	checkpointOf := func(fail costest.Op, run func() error) (string, []byte) {
		before := map[string]bool{}
		for _, n := range dirNames(f, cpDirOrEmpty(f, cpDir)) {
			before[n] = true
		}
		rule := srv.Inject(costest.Fault{Op: fail, Nth: 2, Status: 403, Code: "AccessDenied"})
		require.Error(f, run())
		rule.Remove()
		for _, n := range dirNames(f, cpDir) {
			if !before[n] {
				p := filepath.Join(cpDir, n)
				raw, err := os.ReadFile(p)
				require.NoError(f, err)
				return p, raw
			}
		}
		f.Fatal("the failed transfer kept no checkpoint")
		return "", nil
	}
	upCP, upRaw := checkpointOf(costest.OpUploadPart, func() error {
		_, err := up.UploadFile(ctx, "up.bin", src, nil)
		return err
	})
	downCP, downRaw := checkpointOf(costest.OpGetObject, func() error {
		return down.DownloadFile(ctx, "down.bin", dest, nil)
	})
	// The real checkpoints resume; then every input starts from a clean
	// state.
	_, err = up.UploadFile(ctx, "up.bin", src, nil)
	require.NoError(f, err)
	require.NoError(f, down.DownloadFile(ctx, "down.bin", dest, nil))

	f.Add(upRaw)
	f.Add(downRaw)
	f.Add(bytes.Replace(downRaw, []byte(`"temp_path": "`), []byte(`"temp_path": "`+filepath.Join(work, "canary.txt")+`", "x": "`), 1))
	f.Add(bytes.Replace(upRaw, []byte(`"part_size": `), []byte(`"part_size": 1`), 1))
	f.Add([]byte(`{"version":1,"kind":"upload","upload_id":"nope","parts":[{"number":1,"size":-5,"etag":"x","crc64":"1"}]}`))

	f.Fuzz(func(t *testing.T, raw []byte) {
		if len(raw) > 1<<20 {
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		require.NoError(t, os.WriteFile(upCP, raw, 0o600))
		res, err := up.UploadFile(ctx, "up.bin", src, nil)
		require.NoError(t, err)
		require.EqualValues(t, len(data), res.Size)
		got, _ := srv.Object(bucket, "up.bin")
		require.True(t, bytes.Equal(got, data), "uploaded object differs")
		require.Empty(t, srv.MultipartUploads(bucket), "upload left behind")

		require.NoError(t, os.WriteFile(downCP, raw, 0o600))
		require.NoError(t, down.DownloadFile(ctx, "down.bin", dest, nil))
		b, err := os.ReadFile(dest)
		require.NoError(t, err)
		require.True(t, bytes.Equal(b, data), "downloaded file differs")

		require.Empty(t, dirNames(t, cpDir), "checkpoint left after success")
		require.Equal(t, []string{"canary.txt", "dest.bin", "src.bin"}, dirNames(t, work), "temporary file left behind")
		for p, want := range canaries {
			b, err := os.ReadFile(p)
			require.NoError(t, err, "a checkpoint made transfer remove %s", p)
			require.Equal(t, want, b, "a checkpoint made transfer change %s", p)
		}
	})
}

// fastTempDir returns a temporary directory on tmpfs when there is one:
// transfer syncs every checkpoint and file it writes, and on a disk those
// syncs would dominate each fuzz execution.
func fastTempDir(t testing.TB) string {
	if st, err := os.Stat("/dev/shm"); err == nil && st.IsDir() {
		if dir, err := os.MkdirTemp("/dev/shm", "cosgo-fuzz-"); err == nil {
			t.Cleanup(func() { os.RemoveAll(dir) })
			return dir
		}
	}
	return t.TempDir()
}

// cpDirOrEmpty returns dir, creating it so it can be listed.
func cpDirOrEmpty(t testing.TB, dir string) string {
	require.NoError(t, os.MkdirAll(dir, 0o700))
	return dir
}
