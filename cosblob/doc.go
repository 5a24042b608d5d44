// Package cosblob is a driver for the Go Cloud Development Kit's
// gocloud.dev/blob on Tencent Cloud Object Storage (COS), built on package
// cos: code written against *blob.Bucket runs on COS unchanged. It passes
// gocloud's driver conformance suite (gocloud.dev/blob/drivertest).
//
// # Opening a bucket
//
// From a *cos.Client, which brings its credentials, retries, logging and
// HTTP client:
//
//	c, err := cos.NewClient(cos.WithRegion("ap-guangzhou"),
//		cos.WithBucket("examplebucket-1250000000"), cos.WithCredentials(cos.EnvCredentials()))
//	b, err := cosblob.OpenBucket(ctx, c, nil)
//	defer b.Close()
//
// Or by URL, after importing this package (the import registers the "cos"
// scheme; see [URLOpener] for every parameter):
//
//	b, err := blob.OpenBucket(ctx, "cos://examplebucket-1250000000?region=ap-guangzhou")
//
// # What maps to what
//
//   - Writes go through transfer.Uploader: up to one part size
//     ([Options].PartSize, default 16 MiB) in one PUT Object, larger ones
//     as a multipart upload streamed with at most max(Concurrency, 2)
//     part buffers. Nothing is visible before Close succeeds; a cancelled
//     context or a ContentMD5 mismatch leaves the old object (or none).
//     WriterOptions.IfNotExist sends x-cos-forbid-overwrite.
//   - Reads are one GET Object (a HEAD for zero-length reads); a body cut
//     off midway is continued with If-Match on the first ETag, and whole
//     reads are checked against COS's CRC64. Bucket.Download into an
//     io.WriterAt uses transfer.Downloader: concurrent ranges, same pinning.
//   - Attributes is HEAD Object: ETag (quoted), MD5 when the ETag is one
//     (unencrypted single-request objects), size, Last-Modified, content
//     headers and user metadata. CreateTime is not available.
//   - List is GET Bucket with prefix, delimiter, max-keys (at most 1000)
//     and COS's NextMarker as page token.
//   - Copy is transfer.Copier: PUT Object - Copy up to 5 GiB, part copies
//     above, pinned to the source's ETag, metadata kept.
//   - Delete is HEAD then DELETE Object (COS deletes a missing key
//     silently, gocloud wants NotFound).
//   - SignedURL presigns GET, PUT (optionally signing Content-Type) and
//     DELETE.
//
// Errors map to gcerrors codes: 404 is NotFound; 403 PermissionDenied;
// 412, 304, 409 (x-cos-forbid-overwrite) and an archived object are
// FailedPrecondition; 400, 411, 413, 416 and bad input are
// InvalidArgument; SlowDown and 429 ResourceExhausted; other 5xx and
// checksum mismatches Internal; a cancelled context Canceled.
//
// # Escaping
//
// gocloud accepts any UTF-8 key and metadata; COS does not, so cosblob
// escapes on write and unescapes on read:
//   - Keys: ASCII control characters and a leading "/" or "\" become
//     "__0x<hex>__" (the form other gocloud drivers use), as does the first
//     "_" of text that would read as such a sequence.
//   - Metadata names: COS allows only a-z, 0-9 and "-"; any other byte
//     becomes "--<hex>" (so "key_a" is stored as x-cos-meta-key--5fa), and
//     a "-" followed by "-" or by an escaped byte is escaped too.
//   - Metadata values: "%", control characters, non-ASCII bytes and a
//     leading or trailing space are percent-encoded; an empty value, which
//     COS would drop, is stored as "%".
//
// Keys, names and values without those characters are stored as given,
// so other COS tools see them unchanged.
//
// # As
//
// cosblob exposes these types through As:
//   - Bucket: *cos.Client
//   - Error: *cos.ServiceError (a COS error answer), *transfer.UploadError
//     (a failed multipart write, with its upload ID)
//   - Attributes: cos.ObjectMeta
//   - Reader: *cos.Response (the GET answer; a HEAD for zero-length reads)
//   - ListObject: cos.Object for objects, *cos.ListObjectsResult (the
//     page) for objects and directories
//   - ReaderOptions.BeforeRead: *cos.ObjectGetOptions; for
//     Bucket.Download into an io.WriterAt, *transfer.DownloadOptions and
//     *transfer.Downloader instead
//   - WriterOptions.BeforeWrite: *transfer.UploadOptions, *transfer.Uploader
//   - CopyOptions.BeforeCopy: *cos.CopySource, *transfer.CopyOptions,
//     *transfer.Copier
//   - DeleteOptions.BeforeDelete: *cos.ObjectDeleteOptions
//   - ListOptions.BeforeList: *cos.ListObjectsOptions
//   - SignedURLOptions.BeforeSign: *cos.PresignOptions
package cosblob
