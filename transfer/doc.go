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
// bounded by max(concurrency, 2) x part size for readers that must be read
// in order, and is near zero for files and other io.ReaderAt sources,
// whose parts are read in place with io.SectionReader. The part size grows so an
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
// again after a crash, kill -9, Ctrl-C or error and it continues: an upload
// is reused only if the local file is unchanged (size, modification time,
// inode and change time), the checkpoint fits the plan (part size, each
// part's size by its number) and ListParts confirms the recorded parts; a
// download only if the object's ETag and size are unchanged. Anything else
// starts over cleanly, aborting only an upload the checkpoint proves is
// this bucket's, key's and file's. Checkpoints are removed on success.
//
// A checkpoint says what was sent or written; before a resume trusts it,
// every recorded part is read back from the file being uploaded, and every
// recorded range from the temporary file of a download, and its CRC64
// compared with the recorded one: a part or range that differs is sent or
// fetched again. That pass costs what computing the CRC64 of the reused
// bytes costs: BenchmarkResumeReadBack reads back a 256 MiB file (16 MiB
// parts, page cache) at 0.8-1.3 GB/s on a shared 2-core machine (0.44-0.51
// GB/s while its load was 20), the same rate as the CRC64 of those bytes in
// memory there (0.78-1.04 GB/s; hash/crc64 does about 1.9 GB/s on an idle
// core): about a second per GiB reused, where sending it again takes a
// network transfer of it.
//
// What a crash can leave is collected by the next run: temporary files of
// a checkpoint save, the temporary file of a download (named after its
// checkpoint, so it is found even when the checkpoint cannot be read), the
// upload an unreadable checkpoint still names, and the upload of a run
// killed while initiating it (see [Uploader.UploadFile]). A run killed
// after its upload completed or its download was put in place is
// recognised, by HEAD or by reading the destination back, and transfers
// nothing again. RELIABILITY.md reports the crash test that kills real
// processes at random moments.
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
