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
// upload fails rather than completing if the file's size or modification
// time changes meanwhile.
//
// With [WithCheckpointDir] a multipart upload is resumable. A checkpoint
// (upload ID, bucket, key, part size, file size and modification time, and
// each confirmed part's number, size, ETag and CRC64) is written atomically
// after every part. When a call fails it keeps the parts and the checkpoint
// instead of aborting; the next UploadFile for the same bucket, key and
// path reuses the upload if the file is unchanged and ListParts confirms
// every recorded part, uploading only the missing ones. Otherwise it
// aborts the stale upload and starts over; an upload that no longer exists
// on the server (NoSuchUpload) just starts over. The checkpoint is removed
// once the object is complete.
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
	prog := newProgress(pick(o.Progress, u.cfg.progress), id.size)
	var r *resumableUpload
	if u.cfg.checkpointDir != "" {
		abs, err := filepath.Abs(path)
		if err != nil {
			return nil, fmt.Errorf("transfer: upload %q: %w", key, err)
		}
		r = &resumableUpload{
			u: u, key: key, path: abs, f: f, id: id, o: &o, prog: prog,
			file: checkpointFile(u.cfg.checkpointDir, "upload", u.c.BucketName(), key, abs),
		}
	}
	if id.size <= u.threshold() {
		if r != nil {
			// The file may have shrunk since an interrupted multipart
			// upload of it: that upload is stale now.
			if _, err := r.resume(ctx, false); err != nil {
				return nil, err
			}
		}
		return u.putSingle(ctx, key, io.NewSectionReader(f, 0, id.size), id.size, &o, prog)
	}
	ps, err := fitPartSize(id.size, u.partSize())
	if err != nil {
		return nil, err
	}
	finish := func(partSize int64) func() (int, int64, error) {
		return func() (int, int64, error) {
			now, _, err := statFile(f)
			if err != nil {
				return 0, 0, err
			}
			if !now.same(id) {
				return 0, 0, fmt.Errorf("transfer: upload %q: %s changed while it was uploaded", key, path)
			}
			return partCount(id.size, partSize), id.size, nil
		}
	}
	if r == nil {
		return u.multipartUpload(ctx, key, &o, prog, readerAtParts(f, 0, id.size, ps, nil), finish(ps))
	}
	return r.run(ctx, ps, finish)
}

// resumableUpload is one UploadFile call with a checkpoint.
type resumableUpload struct {
	u    *Uploader
	key  string
	path string
	f    *os.File
	id   fileID
	o    *UploadOptions
	prog *progress
	file string // the checkpoint
	cp   uploadCheckpoint
}

func (r *resumableUpload) run(ctx context.Context, partSize int64, finish func(int64) func() (int, int64, error)) (*UploadResult, error) {
	m, err := r.resume(ctx, true)
	if err != nil {
		return nil, err
	}
	if m == nil {
		if m, err = r.start(ctx, partSize); err != nil {
			return nil, err
		}
	}
	ps := r.cp.PartSize
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
	err = m.run(ctx, readerAtParts(r.f, 0, r.id.size, ps, done))
	var res *UploadResult
	if err == nil {
		var count int
		var size int64
		if count, size, err = finish(ps)(); err == nil {
			res, err = m.complete(ctx, count, size)
		}
	}
	if err == nil {
		r.prog.finish(r.id.size)
		// The object is stored; a checkpoint left behind would only make
		// the next call find its upload gone and start over.
		_ = removeCheckpoint(r.file)
		return res, nil
	}
	if cos.ErrorCode(err) == "NoSuchUpload" {
		// COS says the upload is gone (aborted, or collected by a
		// lifecycle rule): nothing to resume from. Abort anyway (a
		// missing upload counts as aborted) so that an upload which does
		// still exist is not left behind with no checkpoint naming it.
		if aerr := abortUpload(ctx, r.u.c, r.key, m.uploadID); aerr != nil {
			return nil, &UploadError{Key: r.key, UploadID: m.uploadID, Err: errors.Join(err, aerr), Kept: true}
		}
		_ = removeCheckpoint(r.file)
		return nil, &UploadError{Key: r.key, UploadID: m.uploadID, Err: err}
	}
	// Keep parts and checkpoint: the next call resumes from them.
	return nil, &UploadError{Key: r.key, UploadID: m.uploadID, Err: err, Kept: true}
}

// resume returns the upload recorded in the checkpoint if reuse is set
// and it is still valid, with its confirmed parts; nil when there is
// nothing to resume. A stale upload is aborted and its checkpoint removed.
func (r *resumableUpload) resume(ctx context.Context, reuse bool) (*multipart, error) {
	var cp uploadCheckpoint
	ok, err := loadCheckpoint(r.file, &cp)
	if err != nil || !ok {
		return nil, err
	}
	bucket := r.u.c.BucketName()
	valid := reuse && cp.Kind == "upload" && cp.Bucket == bucket && cp.Key == r.key && cp.Path == r.path &&
		cp.UploadID != "" && (fileID{size: cp.FileSize, modTime: cp.ModTime}).same(r.id) &&
		cp.PartSize >= MinPartSize && cp.PartSize <= MaxPartSize && partCount(r.id.size, cp.PartSize) <= MaxParts
	if valid {
		agree, err := r.serverAgrees(ctx, &cp)
		if err != nil {
			return nil, err
		}
		if agree {
			r.cp = cp
			m := r.u.newMultipart(r.key, cp.UploadID, r.o, r.prog)
			for _, p := range cp.Parts {
				m.parts[p.Number] = p
			}
			return m, nil
		}
	}
	if cp.UploadID != "" && cp.Key != "" && cp.Bucket == bucket {
		if err := abortUpload(ctx, r.u.c, cp.Key, cp.UploadID); err != nil {
			return nil, fmt.Errorf("transfer: upload %q: discarding stale upload: %w", r.key, err)
		}
	}
	return nil, removeCheckpoint(r.file)
}

// serverAgrees checks every recorded part against ListParts: same number,
// size and ETag. A vanished upload is (false, nil) after removing the
// checkpoint, so the caller starts over without aborting.
func (r *resumableUpload) serverAgrees(ctx context.Context, cp *uploadCheckpoint) (bool, error) {
	onServer := map[int]cos.Part{}
	for p, err := range r.u.c.Object.Parts(ctx, cp.Key, cp.UploadID, nil) {
		if err != nil {
			if errors.Is(err, cos.ErrNotFound) {
				cp.UploadID = "" // nothing to abort
				return false, nil
			}
			return false, fmt.Errorf("transfer: upload %q: listing parts of %s: %w", r.key, cp.UploadID, err)
		}
		onServer[p.PartNumber] = p
	}
	count := partCount(cp.FileSize, cp.PartSize)
	for _, p := range cp.Parts {
		s, ok := onServer[p.Number]
		if !ok || p.Number < 1 || p.Number > count || s.ETag != p.ETag || s.Size != p.Size {
			return false, nil
		}
	}
	return true, nil
}

// start initiates a new upload and records it before any part is sent, so
// even a crash right after leaves a checkpoint naming the upload.
func (r *resumableUpload) start(ctx context.Context, partSize int64) (*multipart, error) {
	m, err := r.u.initiate(ctx, r.key, r.o, r.prog)
	if err != nil {
		return nil, err
	}
	r.cp = uploadCheckpoint{
		Version: checkpointVersion, Kind: "upload", Bucket: r.u.c.BucketName(), Key: r.key, Path: r.path,
		UploadID: m.uploadID, PartSize: partSize, FileSize: r.id.size, ModTime: r.id.modTime, Parts: []partInfo{},
	}
	if err := saveCheckpoint(r.file, &r.cp); err != nil {
		return nil, m.fail(ctx, err, false)
	}
	return m, nil
}
