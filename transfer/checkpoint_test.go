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
		UploadID: "u1", PartSize: mib, fileID: fileID{Size: 3 * mib, ModTime: time.Unix(1700000000, 123456789).UTC(),
			Inode: 42, Dev: 7, CTime: time.Unix(1700000001, 5).UTC()},
		Parts: []partInfo{{Number: 1, Size: mib, ETag: "e1", CRC64: 18446744073709551615}}}
	require.NoError(t, saveCheckpoint(file, &cp))
	cp.Parts = append(cp.Parts, partInfo{Number: 2, Size: mib, ETag: "e2", CRC64: 7})
	require.NoError(t, saveCheckpoint(file, &cp))

	var got uploadCheckpoint
	state, _, err := loadCheckpoint(file, &got)
	require.NoError(t, err)
	require.Equal(t, cpLoaded, state)
	assert.Equal(t, cp.Parts, got.Parts, "uint64 CRCs survive JSON exactly")
	assert.True(t, cp.fileID.same(got.fileID), "the file's identity survives JSON exactly")
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, entries, 1, "no temporary files left")

	require.NoError(t, os.WriteFile(file, []byte(`{"version":99}`), 0o600))
	state, raw, err := loadCheckpoint(file, &got)
	require.NoError(t, err)
	assert.Equal(t, cpUnreadable, state, "another version is not used")
	assert.Equal(t, `{"version":99}`, string(raw))
	require.NoError(t, removeCheckpoint(file))
	require.NoError(t, removeCheckpoint(file), "removing twice is fine")
	state, _, err = loadCheckpoint(file, &got)
	require.NoError(t, err)
	assert.Equal(t, cpMissing, state)
}
