package transfer

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/cosgo/cos/internal/fsutil"
)

// checkpointVersion is bumped when the checkpoint format changes; a file
// of another version is not used (the transfer starts over, cleaning what
// the file still names: see salvage).
const checkpointVersion = 2

// uploadCheckpoint is what a resumable UploadFile records after each part.
// A restarted call trusts it only if it describes this bucket, key and
// unchanged file, its parts fit the plan, ListParts confirms them and each
// part's bytes in the file still have the recorded CRC64.
type uploadCheckpoint struct {
	Version  int    `json:"version"`
	Kind     string `json:"kind"`
	Bucket   string `json:"bucket"`
	Key      string `json:"key"`
	Path     string `json:"path"`
	UploadID string `json:"upload_id"`
	// Initiating is when InitiateMultipartUpload was about to be sent,
	// recorded (with no UploadID) until its answer is: a crash in between
	// leaves an upload no checkpoint names, which the next run looks for.
	Initiating time.Time `json:"initiating,omitzero"`
	PartSize   int64     `json:"part_size"`
	fileID
	Parts []partInfo `json:"parts"`
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
	return filepath.Join(dir, kind+"-"+checkpointHash(kind, bucket, key, path)+".json")
}

func checkpointHash(kind, bucket, key, path string) string {
	sum := sha256.Sum256([]byte(kind + "\x00" + bucket + "\x00" + key + "\x00" + path))
	return hex.EncodeToString(sum[:16])
}

// checkpointState is what loadCheckpoint found.
type checkpointState int

const (
	cpMissing    checkpointState = iota
	cpLoaded                     // parsed, of this version
	cpUnreadable                 // torn, not JSON, or another version
)

// loadCheckpoint reads file into v. A file that cannot be parsed or has
// another version is cpUnreadable, with its bytes, so the caller can still
// clean up what it names (see salvage) and start over: a torn or foreign
// checkpoint must never block the transfer. Temporary files left by a
// save that was interrupted are removed first.
func loadCheckpoint(file string, v any) (checkpointState, []byte, error) {
	removeStaleTemps(file)
	raw, err := os.ReadFile(file)
	if errors.Is(err, fs.ErrNotExist) {
		return cpMissing, nil, nil
	}
	if err != nil {
		return cpMissing, nil, fmt.Errorf("transfer: reading checkpoint: %w", err)
	}
	var probe struct {
		Version int `json:"version"`
	}
	if json.Unmarshal(raw, &probe) != nil || probe.Version != checkpointVersion || json.Unmarshal(raw, v) != nil {
		return cpUnreadable, raw, nil
	}
	return cpLoaded, raw, nil
}

// tempInfix joins a checkpoint's name and the random suffix of the
// temporary file a save writes first: "<checkpoint>.tmp-<random>".
const tempInfix = ".tmp-"

// saveCheckpoint writes v to file atomically: a temporary file in the same
// directory, synced, then renamed over the old checkpoint. A crash leaves
// either the old or the new checkpoint, never a torn one, and at worst a
// temporary file that the next load or removal of the checkpoint deletes.
func saveCheckpoint(file string, v any) error {
	raw, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return fmt.Errorf("transfer: encoding checkpoint: %w", err)
	}
	dir := filepath.Dir(file)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("transfer: checkpoint directory: %w", err)
	}
	tmp, err := os.CreateTemp(dir, filepath.Base(file)+tempInfix+"*")
	if err != nil {
		return fmt.Errorf("transfer: writing checkpoint: %w", err)
	}
	if _, err = tmp.Write(raw); err != nil {
		tmp.Close()
	} else {
		err = fsutil.ReplaceFile(tmp, file)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("transfer: writing checkpoint: %w", err)
	}
	return nil
}

// removeCheckpoint deletes file and any temporary file of it; a missing
// one is fine.
func removeCheckpoint(file string) error {
	removeStaleTemps(file)
	if err := os.Remove(file); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("transfer: removing checkpoint: %w", err)
	}
	return nil
}

// removeStaleTemps deletes the temporary files of file's saves. Saves of
// one checkpoint are made one at a time by the call that owns it, and a
// call loads (or removes) its checkpoint before saving, so any temporary
// file found then was left by a save that died. Best effort: a failure
// only leaves litter.
func removeStaleTemps(file string) {
	dir, base := filepath.Dir(file), filepath.Base(file)+tempInfix
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), base) && e.Type().IsRegular() {
			os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}

// salvaged is what can still be read from an unreadable checkpoint.
type salvaged struct {
	Kind, Bucket, Key, Path, UploadID, TempPath string
}

// salvage reads the top-level string fields of a checkpoint that could not
// be loaded, in order, until the bytes stop making sense: a checkpoint cut
// short still names its bucket, key and upload ID (they come first), and
// one of another version its temporary file.
func salvage(raw []byte) salvaged {
	var s salvaged
	dec := json.NewDecoder(bytes.NewReader(raw))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return s
	}
	fields := map[string]*string{
		"kind": &s.Kind, "bucket": &s.Bucket, "key": &s.Key, "path": &s.Path,
		"upload_id": &s.UploadID, "temp_path": &s.TempPath,
	}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return s
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return s
		}
		name, _ := t.(string)
		if dst, ok := fields[name]; ok {
			var str string
			if json.Unmarshal(v, &str) == nil {
				*dst = str
			}
		}
	}
	return s
}
