package transfer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/cosgo/cos"
)

// resume returns the upload recorded in the checkpoint, with the parts it
// can reuse, if the checkpoint fits a plan of partSize parts; nil when
// there is nothing to resume (a partSize of 0 only cleans up). When every
// part was recorded and the upload is gone, the object may be complete
// already: then it returns that object's result. A checkpoint that cannot
// be used is removed, after aborting its upload if it provably belongs to
// this bucket, key and path.
func (r *resumableUpload) resume(ctx context.Context, partSize int64) (*multipart, *UploadResult, error) {
	var cp uploadCheckpoint
	state, raw, err := loadCheckpoint(r.file, &cp)
	switch {
	case err != nil || state == cpMissing:
		return nil, nil, err
	case state == cpUnreadable:
		s := salvage(raw)
		if r.ours(s.Kind, s.Bucket, s.Key, s.Path) && s.UploadID != "" {
			return nil, nil, r.discard(ctx, s.UploadID)
		}
		return nil, nil, removeCheckpoint(r.file)
	case !r.ours(cp.Kind, cp.Bucket, cp.Key, cp.Path):
		// Another transfer's checkpoint under this one's name (a copied
		// file): it proves nothing about its upload, which is left alone.
		return nil, nil, removeCheckpoint(r.file)
	case cp.UploadID == "":
		if !cp.Initiating.IsZero() {
			r.sweep(ctx, cp.Initiating)
		}
		return nil, nil, removeCheckpoint(r.file)
	case partSize == 0 || !r.fits(&cp, partSize):
		return nil, nil, r.discard(ctx, cp.UploadID)
	}
	agree, gone, err := r.serverAgrees(ctx, &cp)
	if err != nil {
		return nil, nil, err
	}
	if !agree && !gone {
		return nil, nil, r.discard(ctx, cp.UploadID)
	}
	count := partCount(cp.Size, partSize)
	if gone && len(cp.Parts) != count {
		return nil, nil, removeCheckpoint(r.file) // nothing to abort
	}
	parts, err := r.readBack(ctx, cp.Parts, partSize)
	if err != nil {
		return nil, nil, err
	}
	if gone {
		// Every part was recorded: the run that recorded them may have
		// completed the object before it died.
		var res *UploadResult
		if len(parts) == count {
			if res, err = r.finished(ctx, &cp, parts); err != nil {
				return nil, nil, err
			}
		}
		if res == nil {
			return nil, nil, removeCheckpoint(r.file)
		}
		r.prog.start(cp.Size, count)
		r.prog.finish(cp.Size)
		_ = removeCheckpoint(r.file)
		return nil, res, nil
	}
	cp.Parts = sortParts(parts)
	r.cp = cp
	m := r.u.newMultipart(r.key, cp.UploadID, r.o, r.prog)
	m.parts = parts
	return m, nil, nil
}

// ours reports whether a checkpoint's fields name this very transfer.
func (r *resumableUpload) ours(kind, bucket, key, path string) bool {
	return kind == "upload" && bucket == r.u.c.BucketName() && key == r.key && path == r.path
}

// discard aborts this key's upload uploadID and removes the checkpoint.
// Should the abort fail, the checkpoint stays for the next call to retry.
func (r *resumableUpload) discard(ctx context.Context, uploadID string) error {
	if err := abortUpload(ctx, r.u.c, r.key, uploadID); err != nil {
		return fmt.Errorf("transfer: upload %q: discarding stale upload: %w", r.key, err)
	}
	return removeCheckpoint(r.file)
}

// fits reports whether the checkpoint describes this file, unchanged, cut
// into parts of partSize: every recorded part has a number of the plan, is
// recorded once and has the size its number calls for, so the parts can
// only add up to the file.
func (r *resumableUpload) fits(cp *uploadCheckpoint, partSize int64) bool {
	if cp.PartSize != partSize || !cp.fileID.same(r.src.id) {
		return false
	}
	count := partCount(cp.Size, partSize)
	seen := make(map[int]bool, len(cp.Parts))
	for _, p := range cp.Parts {
		if p.Number < 1 || p.Number > count || seen[p.Number] || p.ETag == "" ||
			p.Size != min(partSize, cp.Size-int64(p.Number-1)*partSize) {
			return false
		}
		seen[p.Number] = true
	}
	return true
}

// serverAgrees checks every recorded part against ListParts: same number,
// size and ETag. gone reports an upload the server no longer has.
func (r *resumableUpload) serverAgrees(ctx context.Context, cp *uploadCheckpoint) (agree, gone bool, err error) {
	onServer := map[int]cos.Part{}
	for p, err := range r.u.c.Object.Parts(ctx, cp.Key, cp.UploadID, nil) {
		if err != nil {
			if errors.Is(err, cos.ErrNotFound) {
				return false, true, nil
			}
			return false, false, fmt.Errorf("transfer: upload %q: listing parts of %s: %w", r.key, cp.UploadID, err)
		}
		onServer[p.PartNumber] = p
	}
	for _, p := range cp.Parts {
		if s, ok := onServer[p.Number]; !ok || s.ETag != p.ETag || s.Size != p.Size {
			return false, false, nil
		}
	}
	return true, false, nil
}

// readBack reads each recorded part's bytes from the file again and keeps
// the parts whose CRC64 is still the recorded one: a file can change
// without its size, mtime or even ctime showing it (a clock set back, a
// file system without ctime), and a part that differs is simply sent
// again.
func (r *resumableUpload) readBack(ctx context.Context, parts []partInfo, partSize int64) (map[int]partInfo, error) {
	keep := make(map[int]partInfo, len(parts))
	buf := make([]byte, min(readBackBuffer, partSize))
	for _, p := range parts {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		crc, err := crcOfRange(r.src, int64(p.Number-1)*partSize, p.Size, buf)
		if errors.Is(err, ErrSourceChanged) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("transfer: upload %q: reading back part %d: %w", r.key, p.Number, err)
		}
		if crc == p.CRC64 {
			keep[p.Number] = p
		}
	}
	return keep, nil
}

// readBackBuffer is the buffer a resume reads recorded parts through.
const readBackBuffer = 1 << 20

// crcOfRange is the CRC64 of size bytes of ra at off, read through buf.
func crcOfRange(ra io.ReaderAt, off, size int64, buf []byte) (uint64, error) {
	h := cos.NewCRC64()
	_, err := io.CopyBuffer(h, io.NewSectionReader(ra, off, size), buf)
	return h.Sum64(), err
}

// finished checks with HEAD whether the object is what completing this
// upload makes: a multipart ETag with this part count, the file's size
// and the CRC64 the parts combine to. Without a CRC64 from COS nothing is
// proven and the file is uploaded again.
func (r *resumableUpload) finished(ctx context.Context, cp *uploadCheckpoint, parts map[int]partInfo) (*UploadResult, error) {
	meta, _, err := r.u.c.Object.Head(ctx, r.key, nil)
	if errors.Is(err, cos.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("transfer: upload %q: checking for a completed upload: %w", r.key, err)
	}
	list := sortParts(parts)
	crc := combineCRC(list)
	if !meta.HasCRC64 || meta.CRC64 != crc || meta.ContentLength != cp.Size ||
		!strings.HasSuffix(meta.ETag, "-"+strconv.Itoa(len(list))) {
		return nil, nil
	}
	return &UploadResult{Key: r.key, ETag: meta.ETag, VersionID: meta.VersionID, CRC64: crc,
		Size: cp.Size, Parts: len(list), UploadID: cp.UploadID}, nil
}

// start records that an upload is about to be initiated, initiates it and
// records its ID before any part is sent, so a crash at any point leaves a
// checkpoint that leads the next call to the upload.
func (r *resumableUpload) start(ctx context.Context, partSize int64) (*multipart, error) {
	r.cp = uploadCheckpoint{
		Version: checkpointVersion, Kind: "upload", Bucket: r.u.c.BucketName(), Key: r.key, Path: r.path,
		Initiating: time.Now().UTC(), PartSize: partSize, fileID: r.src.id, Parts: []partInfo{},
	}
	if err := saveCheckpoint(r.file, &r.cp); err != nil {
		return nil, err
	}
	m, err := r.u.initiate(ctx, r.key, r.o, r.prog)
	if err != nil {
		var se *cos.ServiceError
		if errors.As(err, &se) {
			// COS answered, with an error: it made no upload.
			_ = removeCheckpoint(r.file)
		}
		return nil, err
	}
	r.cp.UploadID, r.cp.Initiating = m.uploadID, time.Time{}
	if err := saveCheckpoint(r.file, &r.cp); err != nil {
		err = m.fail(ctx, err, false)
		_ = removeCheckpoint(r.file)
		return nil, err
	}
	return m, nil
}

// Bounds of the search for an upload a crashed run initiated but never
// recorded: it was initiated right after the intent was recorded (and the
// client waits at most a couple of minutes for the answer), as seen by
// the server's clock, whose offset from ours the listing's Date header
// gives to the second.
const (
	initiateWindow = 2*time.Minute + 30*time.Second
	clockMargin    = 5 * time.Second
	sweepPages     = 20
)

// sweep aborts the upload a run killed during InitiateMultipartUpload may
// have left: one for exactly this key, initiated from the moment the run
// recorded it was about to initiate until initiateWindow later, that has
// no part. A live upload of another writer of the same key would have to
// have started in those moments and not have stored its first part yet.
// Best effort: a listing the credentials may not make is not an error.
func (r *resumableUpload) sweep(ctx context.Context, since time.Time) {
	opt := &cos.ListMultipartUploadsOptions{Prefix: r.key}
	var from, to time.Time
	for page := range sweepPages {
		sent := time.Now()
		res, resp, err := r.u.c.Bucket.ListMultipartUploads(ctx, opt)
		if err != nil {
			return
		}
		if page == 0 {
			var skew time.Duration
			if d, err := http.ParseTime(resp.Header.Get("Date")); err == nil {
				skew = d.Sub(sent)
			}
			from, to = since.Add(skew-clockMargin), since.Add(skew+initiateWindow)
		}
		for _, up := range res.Uploads {
			if up.Key != r.key || up.Initiated.Before(from) || up.Initiated.After(to) {
				continue
			}
			if parts, _, err := r.u.c.Object.ListParts(ctx, r.key, up.UploadID, &cos.ListPartsOptions{MaxParts: 1}); err != nil || len(parts.Parts) > 0 {
				continue
			}
			_ = abortUpload(ctx, r.u.c, r.key, up.UploadID)
		}
		if !res.IsTruncated || res.NextKeyMarker == "" {
			return
		}
		opt.KeyMarker, opt.UploadIDMarker = res.NextKeyMarker, res.NextUploadIDMarker
	}
}
