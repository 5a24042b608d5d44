package transfer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"

	"github.com/cosgo/cos"
)

// UploadFile uploads the file at path as the object key. It is
// [Uploader.Upload] for a regular file, with two additions:
//
// Parts are read with ReadAt, concurrently and without buffering, and the
// upload fails with an error wrapping [ErrSourceChanged] rather than
// completing if the file changes meanwhile: its size, modification time,
// inode or change time differ, or a part reads short.
//
// With [WithCheckpointDir] a multipart upload is resumable. A checkpoint
// (upload ID, bucket, key, part size, the file's size, modification time,
// inode and change time, and each confirmed part's number, size, ETag and
// CRC64) is written atomically after every part, and once before the
// upload is initiated. When a call fails it keeps the parts and the
// checkpoint instead of aborting; the next UploadFile for the same bucket,
// key and path reuses the upload only if the file is unchanged, the
// checkpoint fits the plan (the same part size, each part the size its
// number calls for) and ListParts confirms every recorded part. Each part
// reused is read back from the file first and its CRC64 compared with the
// recorded one; a part that differs is sent again. Reading back costs one
// pass over the reused bytes at CRC64 speed (see the package
// documentation), far less than sending them again. When every part was
// recorded and
// the upload is gone, a HEAD that finds an object of the file's size and
// CRC64 means the earlier run completed it (and died before removing its
// checkpoint): it is returned without uploading again.
//
// A checkpoint that does not fit is replaced and its upload aborted, but
// only when the checkpoint names this bucket, key and path: one that names
// another key (a file copied under this one's name) leaves that key's
// upload alone. An unreadable checkpoint (torn, not JSON, another version)
// is replaced too, after aborting the upload it names if its bucket, key,
// path and upload ID can still be read. An upload that no longer exists
// on the server (NoSuchUpload) just starts over. A run killed between
// initiating an upload and recording its ID leaves an upload no
// checkpoint names; the next run aborts it if it finds, for this exact
// key, an upload without parts initiated within moments of the one it
// recorded it was about to start. The checkpoint is removed once the
// object is complete.
//
// A path that is not a regular file (a pipe, /dev/stdin) is uploaded as a
// stream by Upload, without resume.
func (u *Uploader) UploadFile(ctx context.Context, key, path string, opt *UploadOptions) (*UploadResult, error) {
	if err := u.check(ctx, key); err != nil {
		return nil, err
	}
	if path == "" {
		return nil, invalid("path", "is empty")
	}
	var o UploadOptions
	if opt != nil {
		o = *opt
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("transfer: upload %q: %w", key, err)
	}
	defer f.Close()
	id, st, err := statFile(f)
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return u.Upload(ctx, key, f, &o)
	}
	src := &sourceFile{f: f, path: path, id: id}
	prog := newProgress(pick(o.Progress, u.cfg.progress), id.Size)
	var r *resumableUpload
	if u.cfg.checkpointDir != "" {
		abs, err := filepath.Abs(path)
		if err != nil {
			return nil, fmt.Errorf("transfer: upload %q: %w", key, err)
		}
		r = &resumableUpload{
			u: u, key: key, path: abs, src: src, o: &o, prog: prog,
			file: checkpointFile(u.cfg.checkpointDir, "upload", u.c.BucketName(), key, abs),
		}
	}
	if id.Size <= u.threshold() {
		if r != nil {
			// The file may have shrunk since an interrupted multipart
			// upload of it: that upload is stale now.
			if _, _, err := r.resume(ctx, 0); err != nil {
				return nil, err
			}
		}
		res, err := u.putSingle(ctx, key, io.NewSectionReader(src, 0, id.Size), id.Size, &o, prog)
		if err == nil {
			err = src.unchanged(key)
		}
		if err != nil {
			return nil, err
		}
		return res, nil
	}
	ps, err := fitPartSize(id.Size, u.partSize())
	if err != nil {
		return nil, err
	}
	if r == nil {
		return u.multipartUpload(ctx, key, &o, prog, readerAtParts(src, 0, id.Size, ps, nil), func() (int, int64, error) {
			if err := src.unchanged(key); err != nil {
				return 0, 0, err
			}
			return partCount(id.Size, ps), id.Size, nil
		})
	}
	return r.run(ctx, ps)
}

// sourceFile is the file UploadFile reads, with what identified it when
// the upload started. Its ReadAt reports a file that now ends early as
// ErrSourceChanged instead of a plain EOF, so a part can never be sent
// short or fail with an error no caller can test for.
type sourceFile struct {
	f    *os.File
	path string
	id   fileID
}

func (s *sourceFile) ReadAt(p []byte, off int64) (int, error) {
	n, err := s.f.ReadAt(p, off)
	if err == io.EOF && off+int64(n) < s.id.Size {
		return n, fmt.Errorf("%w: %s ends at byte %d, it had %d bytes", ErrSourceChanged, s.path, off+int64(n), s.id.Size)
	}
	return n, err
}

// unchanged fails with ErrSourceChanged if the file is not the one the
// upload started with.
func (s *sourceFile) unchanged(key string) error {
	now, _, err := statFile(s.f)
	if err != nil {
		return err
	}
	if !now.same(s.id) {
		return fmt.Errorf("transfer: upload %q: %w: %s (size %d, modified %v when the upload started; now size %d, modified %v)",
			key, ErrSourceChanged, s.path, s.id.Size, s.id.ModTime, now.Size, now.ModTime)
	}
	return nil
}

// resumableUpload is one UploadFile call with a checkpoint.
type resumableUpload struct {
	u    *Uploader
	key  string
	path string // absolute
	src  *sourceFile
	o    *UploadOptions
	prog *progress
	file string // the checkpoint
	cp   uploadCheckpoint
}

func (r *resumableUpload) run(ctx context.Context, partSize int64) (*UploadResult, error) {
	m, res, err := r.resume(ctx, partSize)
	if err != nil || res != nil {
		return res, err
	}
	if m == nil {
		if m, err = r.start(ctx, partSize); err != nil {
			return nil, err
		}
	}
	size := r.src.id.Size
	done := maps.Clone(m.parts) // the producer must not share the map the collector writes
	var doneBytes int64
	for _, p := range done {
		doneBytes += p.Size
	}
	r.prog.start(doneBytes, len(done))
	m.onPart = func() error {
		r.cp.Parts = sortParts(m.parts)
		return saveCheckpoint(r.file, &r.cp)
	}
	err = m.run(ctx, readerAtParts(r.src, 0, size, partSize, done))
	if err == nil {
		err = r.src.unchanged(r.key)
	}
	if err == nil {
		res, err = m.complete(ctx, partCount(size, partSize), size)
	}
	if err == nil {
		r.prog.finish(size)
		// The object is stored; a checkpoint left behind would only cost
		// the next call a HEAD.
		_ = removeCheckpoint(r.file)
		return res, nil
	}
	if cos.ErrorCode(err) == "NoSuchUpload" || errors.Is(err, ErrSourceChanged) {
		// COS says the upload is gone (aborted, or collected by a
		// lifecycle rule), or its parts are of a file that is no more:
		// nothing to resume from. Abort anyway (a missing upload counts
		// as aborted) so that an upload which does still exist is not
		// left behind with no checkpoint naming it.
		if aerr := abortUpload(ctx, r.u.c, r.key, m.uploadID); aerr != nil {
			return nil, &UploadError{Key: r.key, UploadID: m.uploadID, Err: errors.Join(err, aerr), Kept: true}
		}
		_ = removeCheckpoint(r.file)
		return nil, &UploadError{Key: r.key, UploadID: m.uploadID, Err: err}
	}
	// Keep parts and checkpoint: the next call resumes from them.
	return nil, &UploadError{Key: r.key, UploadID: m.uploadID, Err: err, Kept: true}
}
