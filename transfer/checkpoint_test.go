package transfer

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCheckpointRoundTripIsAtomic(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "nested")
	file := checkpointFile(dir, "upload", "b-1250000000", "k", "/data/f")
	assert.NotEqual(t, file, checkpointFile(dir, "upload", "b-1250000000", "k", "/data/g"))
	assert.NotEqual(t, file, checkpointFile(dir, "download", "b-1250000000", "k", "/data/f"))

	cp := uploadCheckpoint{Version: checkpointVersion, Kind: "upload", Bucket: "b-1250000000", Key: "k",
		UploadID: "u1", PartSize: mib, FileSize: 3 * mib, ModTime: time.Unix(1700000000, 123456789).UTC(),
		Parts: []partInfo{{Number: 1, Size: mib, ETag: "e1", CRC64: 18446744073709551615}}}
	require.NoError(t, saveCheckpoint(file, &cp))
	cp.Parts = append(cp.Parts, partInfo{Number: 2, Size: mib, ETag: "e2", CRC64: 7})
	require.NoError(t, saveCheckpoint(file, &cp))

	var got uploadCheckpoint
	ok, err := loadCheckpoint(file, &got)
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, cp.Parts, got.Parts, "uint64 CRCs survive JSON exactly")
	assert.True(t, cp.ModTime.Equal(got.ModTime))
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, entries, 1, "no temporary files left")

	require.NoError(t, os.WriteFile(file, []byte(`{"version":99}`), 0o600))
	ok, err = loadCheckpoint(file, &got)
	require.NoError(t, err)
	assert.False(t, ok, "another version is ignored")
	require.NoError(t, removeCheckpoint(file))
	require.NoError(t, removeCheckpoint(file), "removing twice is fine")
	ok, err = loadCheckpoint(file, &got)
	require.NoError(t, err)
	assert.False(t, ok)
}
