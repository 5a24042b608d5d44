package transfer

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// checkpointVersion is bumped when the checkpoint format changes; a file
// of another version is ignored (the transfer starts over).
const checkpointVersion = 1

// uploadCheckpoint is what a resumable UploadFile records after each part.
// A restarted call trusts it only if it describes the same bucket, key and
// unchanged file and ListParts confirms every recorded part.
type uploadCheckpoint struct {
	Version  int        `json:"version"`
	Kind     string     `json:"kind"`
	Bucket   string     `json:"bucket"`
	Key      string     `json:"key"`
	Path     string     `json:"path"`
	UploadID string     `json:"upload_id"`
	PartSize int64      `json:"part_size"`
	FileSize int64      `json:"file_size"`
	ModTime  time.Time  `json:"mod_time"`
	Parts    []partInfo `json:"parts"`
}

// downloadCheckpoint is what a resumable DownloadFile records after each
// range: the object version it is reading (ETag, size), the temporary file
// and the ranges already in it with their CRC64s.
type downloadCheckpoint struct {
	Version   int        `json:"version"`
	Kind      string     `json:"kind"`
	Bucket    string     `json:"bucket"`
	Key       string     `json:"key"`
	VersionID string     `json:"version_id,omitempty"`
	Path      string     `json:"path"`
	ETag      string     `json:"etag"`
	Size      int64      `json:"size"`
	PartSize  int64      `json:"part_size"`
	TempPath  string     `json:"temp_path"`
	Ranges    []partInfo `json:"ranges"`
}

// checkpointFile names the checkpoint of one transfer: a hash of what
// identifies it, so different files and keys never share one and the name
// is safe on any file system.
func checkpointFile(dir, kind, bucket, key, path string) string {
	sum := sha256.Sum256([]byte(kind + "\x00" + bucket + "\x00" + key + "\x00" + path))
	return filepath.Join(dir, kind+"-"+hex.EncodeToString(sum[:16])+".json")
}

// loadCheckpoint reads file into v. A missing file is (false, nil); so is
// one that cannot be parsed or has another version: a torn or foreign
// checkpoint must not block the transfer, which then starts over.
func loadCheckpoint(file string, v any) (bool, error) {
	raw, err := os.ReadFile(file)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("transfer: reading checkpoint: %w", err)
	}
	var probe struct {
		Version int `json:"version"`
	}
	if json.Unmarshal(raw, &probe) != nil || probe.Version != checkpointVersion {
		return false, nil
	}
	if json.Unmarshal(raw, v) != nil {
		return false, nil
	}
	return true, nil
}

// saveCheckpoint writes v to file atomically: a temporary file in the same
// directory, synced, then renamed over the old checkpoint. A crash leaves
// either the old or the new checkpoint, never a torn one.
func saveCheckpoint(file string, v any) error {
	raw, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return fmt.Errorf("transfer: encoding checkpoint: %w", err)
	}
	dir := filepath.Dir(file)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("transfer: checkpoint directory: %w", err)
	}
	tmp, err := os.CreateTemp(dir, filepath.Base(file)+".tmp-*")
	if err != nil {
		return fmt.Errorf("transfer: writing checkpoint: %w", err)
	}
	_, err = tmp.Write(raw)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), file)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("transfer: writing checkpoint: %w", err)
	}
	return nil
}

// removeCheckpoint deletes file; a missing one is fine.
func removeCheckpoint(file string) error {
	if err := os.Remove(file); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("transfer: removing checkpoint: %w", err)
	}
	return nil
}

// fileID is what identifies a local file's content cheaply: if size or
// modification time changed, the parts recorded for it are stale.
type fileID struct {
	size    int64
	modTime time.Time
}

func statFile(f *os.File) (fileID, fs.FileInfo, error) {
	st, err := f.Stat()
	if err != nil {
		return fileID{}, nil, fmt.Errorf("transfer: %w", err)
	}
	return fileID{size: st.Size(), modTime: st.ModTime().UTC()}, st, nil
}

func (a fileID) same(b fileID) bool { return a.size == b.size && a.modTime.Equal(b.modTime) }
