// Package transfer moves whole objects between Go programs and Tencent
// Cloud Object Storage (COS): concurrent, resumable and verified uploads,
// downloads and server-side copies, with memory bounded whatever the size.
// It is built on the public API of package cos only.
//
// # Uploads
//
//	u := transfer.NewUploader(c, transfer.WithPartSize(16<<20), transfer.WithConcurrency(4))
//	res, err := u.Upload(ctx, "backup.tar", r, nil)        // any io.Reader, size known or not
//	res, err = u.UploadFile(ctx, "big.iso", "/data/big.iso", nil)
//
// An input of at most the threshold ([WithThreshold], default: one part)
// goes in one PUT Object; a larger one as a multipart upload. Memory is
// bounded by (concurrency + 1) x part size for readers that must be read in
// order, and is near zero for files and other io.ReaderAt sources, whose
// parts are read in place with io.SectionReader. The part size grows so an
// object of known size fits in [MaxParts] parts. Each part's CRC64 is
// checked against the server's and the object's, combined from the parts,
// against the one COS computes at completion.
//
// The first failure stops the other parts; the multipart upload is then
// aborted on a context that survives the caller's cancellation (so a
// cancelled upload leaves nothing behind) and the first error is returned
// inside an [*UploadError] carrying the upload ID. [WithLeavePartsOnError]
// keeps the parts instead.
//
// The seed SDK's upload_file(PartSize, MAXThread) maps to
// [Uploader.UploadFile] with [WithPartSize] (bytes, not MiB) and
// [WithConcurrency].
//
// # Resuming
//
// With [WithCheckpointDir], [Uploader.UploadFile] and
// [Downloader.DownloadFile] write a small JSON checkpoint after every part
// or range (atomically: temporary file, sync, rename). Run the same call
// again after a crash, Ctrl-C or error and it continues: an upload is
// reused only if the local file is unchanged and ListParts confirms the
// recorded parts, a download only if the object's ETag and size are
// unchanged; anything else starts over cleanly. Checkpoints are removed on
// success.
//
// # Downloads
//
// [Downloader.Download] and [Downloader.DownloadFile] HEAD the object and
// fetch concurrent ranges, each pinned with If-Match to the ETag seen, so
// an object replaced meanwhile fails with cos.ErrPreconditionFailed rather
// than producing a mix of versions. A range cut off midway is continued
// from where it stopped. The ranges' CRC64s are combined and compared with
// the object's. DownloadFile writes a temporary file beside the destination
// and renames it into place only when verified.
//
// # Copies
//
// [Copier.Copy] copies up to 5 GiB in one request and larger objects as
// concurrent ranged part copies, keeping the source's metadata unless told
// otherwise.
//
// # Progress
//
// [WithProgress] or the per-call Progress field receive [Progress] values:
// bytes confirmed by the server out of the total (-1 while unknown), never
// decreasing, on the calling goroutine, at least once per part and once at
// the end.
package transfer
