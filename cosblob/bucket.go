package cosblob

import (
	"context"
	"encoding/hex"
	"errors"
	"strings"

	"github.com/cosgo/cos"
	"github.com/cosgo/cos/transfer"
	"gocloud.dev/blob"
	"gocloud.dev/blob/driver"
	"gocloud.dev/gcerrors"
)

// Options tune a bucket opened with [OpenBucket]. The zero value uses the
// defaults of package transfer.
type Options struct {
	// PartSize is the part size of multipart writes, and the largest
	// write sent as a single PUT Object. It also sets the range size of
	// parallel downloads (Bucket.Download into an io.WriterAt). 0 means
	// transfer.DefaultPartSize; otherwise it must lie between
	// transfer.MinPartSize and transfer.MaxPartSize.
	// WriterOptions.BufferSize overrides it for one write.
	PartSize int64
	// Concurrency is how many parts or ranges move at once. A streamed
	// write holds at most max(Concurrency, 2) part buffers. 0 means
	// transfer.DefaultConcurrency; otherwise 1 to 256.
	// WriterOptions.MaxConcurrency overrides it for one write.
	Concurrency int
}

func (o *Options) validate() error {
	if o.PartSize != 0 && (o.PartSize < transfer.MinPartSize || o.PartSize > transfer.MaxPartSize) {
		return invalidArg("Options.PartSize", "%d is outside %d..%d", o.PartSize, transfer.MinPartSize, int64(transfer.MaxPartSize))
	}
	if o.Concurrency < 0 || o.Concurrency > 256 {
		return invalidArg("Options.Concurrency", "%d is outside 1..256", o.Concurrency)
	}
	return nil
}

// OpenBucket returns a *blob.Bucket for the bucket of c (set with
// cos.WithBucket). Every request goes through c, so its credentials,
// retries, logging and HTTP client apply. opts may be nil.
func OpenBucket(ctx context.Context, c *cos.Client, opts *Options) (*blob.Bucket, error) {
	drv, err := openBucket(c, opts)
	if err != nil {
		return nil, err
	}
	return blob.NewBucket(drv), nil
}

func openBucket(c *cos.Client, opts *Options) (*bucket, error) {
	if c == nil {
		return nil, invalidArg("client", "is nil")
	}
	if c.BucketName() == "" {
		return nil, invalidArg("client", "has no bucket; build it with cos.WithBucket")
	}
	var o Options
	if opts != nil {
		o = *opts
	}
	if err := o.validate(); err != nil {
		return nil, err
	}
	b := &bucket{client: c, opts: o}
	b.uploader = transfer.NewUploader(c, b.transferOptions(0, 0)...)
	b.copier = transfer.NewCopier(c, b.transferOptions(0, 0)...)
	return b, nil
}

// bucket implements driver.Bucket on one COS bucket.
type bucket struct {
	client   *cos.Client
	opts     Options
	uploader *transfer.Uploader // for writes without their own buffer size or concurrency
	copier   *transfer.Copier
}

var (
	_ driver.Bucket       = (*bucket)(nil)
	_ driver.DownloaderAt = (*bucket)(nil)
)

// transferOptions are the transfer options for a part size and a
// concurrency, each 0 for the bucket's own.
func (b *bucket) transferOptions(partSize int64, conc int) []transfer.Option {
	var opts []transfer.Option
	if partSize == 0 {
		partSize = b.opts.PartSize
	}
	if partSize != 0 {
		opts = append(opts, transfer.WithPartSize(min(max(partSize, transfer.MinPartSize), transfer.MaxPartSize)))
	}
	if conc == 0 {
		conc = b.opts.Concurrency
	}
	if conc != 0 {
		opts = append(opts, transfer.WithConcurrency(min(max(conc, 1), 256)))
	}
	return opts
}

// Close releases nothing: the bucket owns no connection or goroutine (the
// *cos.Client does not either).
func (b *bucket) Close() error { return nil }

// ErrorCode implements driver.Bucket.
func (b *bucket) ErrorCode(err error) gcerrors.ErrorCode { return errorCode(err) }

// As exposes the *cos.Client.
func (b *bucket) As(i any) bool {
	p, ok := i.(**cos.Client)
	if !ok {
		return false
	}
	*p = b.client
	return true
}

// ErrorAs exposes the errors the driver returns: *cos.ServiceError for
// COS answers, *transfer.UploadError for failed multipart writes.
func (b *bucket) ErrorAs(err error, i any) bool { return errors.As(err, i) }

// Attributes reads the object's metadata with HEAD Object.
func (b *bucket) Attributes(ctx context.Context, key string) (*driver.Attributes, error) {
	meta, _, err := b.client.Object.Head(ctx, escapeKey(key), nil)
	if err != nil {
		return nil, err
	}
	md := make(map[string]string, len(meta.Metadata))
	for k, v := range meta.Metadata {
		md[unescapeMetaName(k)] = unescapeMetaValue(v)
	}
	var sum []byte
	if meta.ServerSideEncryption == "" {
		// COS documents the ETag as the body's MD5 only for unencrypted
		// objects written in one request.
		sum = etagMD5(meta.ETag)
	}
	return &driver.Attributes{
		CacheControl:       meta.CacheControl,
		ContentDisposition: meta.ContentDisposition,
		ContentEncoding:    meta.ContentEncoding,
		ContentLanguage:    meta.ContentLanguage,
		ContentType:        meta.ContentType,
		Metadata:           md,
		ModTime:            meta.LastModified,
		Size:               meta.ContentLength,
		MD5:                sum,
		ETag:               quoteETag(meta.ETag),
		AsFunc: func(i any) bool {
			p, ok := i.(*cos.ObjectMeta)
			if !ok {
				return false
			}
			*p = *meta
			return true
		},
	}, nil
}

// etagMD5 decodes an ETag that is a hex MD5; multipart ETags
// ("<hex>-<parts>") and anything else give nil.
func etagMD5(etag string) []byte {
	etag = strings.Trim(etag, `"`)
	if len(etag) != 32 {
		return nil
	}
	sum, err := hex.DecodeString(etag)
	if err != nil {
		return nil
	}
	return sum
}

// quoteETag puts back the quotes package cos strips, as HTTP writes ETags.
func quoteETag(etag string) string {
	if etag == "" || strings.HasPrefix(etag, `"`) || strings.HasPrefix(etag, `W/"`) {
		return etag
	}
	return `"` + etag + `"`
}

// Delete removes the object. DELETE Object succeeds on a missing key, so
// the key is checked with HEAD first to report NotFound as gocloud
// requires; an object removed between the two calls still deletes
// cleanly.
func (b *bucket) Delete(ctx context.Context, key string, opts *driver.DeleteOptions) error {
	o := &cos.ObjectDeleteOptions{}
	if opts.BeforeDelete != nil {
		if err := opts.BeforeDelete(asOne(&o)); err != nil {
			return err
		}
	}
	k := escapeKey(key)
	if _, _, err := b.client.Object.Head(ctx, k, &cos.ObjectHeadOptions{VersionID: o.VersionID}); err != nil {
		return err
	}
	_, err := b.client.Object.Delete(ctx, k, o)
	return err
}

// Copy copies srcKey to dstKey inside COS with transfer.Copier: one PUT
// Object - Copy up to 5 GiB, concurrent part copies above, every request
// pinned to the source's ETag. Content headers and metadata are kept.
func (b *bucket) Copy(ctx context.Context, dstKey, srcKey string, opts *driver.CopyOptions) error {
	src := &cos.CopySource{Key: escapeKey(srcKey)}
	co := &transfer.CopyOptions{}
	cp := b.copier
	if opts.BeforeCopy != nil {
		err := opts.BeforeCopy(func(i any) bool {
			switch p := i.(type) {
			case **cos.CopySource:
				*p = src
			case **transfer.CopyOptions:
				*p = co
			case **transfer.Copier:
				*p = cp
			default:
				return false
			}
			return true
		})
		if err != nil {
			return err
		}
	}
	dst := escapeKey(dstKey)
	if dst == src.Key && (src.Bucket == "" || src.Bucket == b.client.BucketName()) &&
		!strings.EqualFold(string(co.MetadataDirective), string(cos.MetadataDirectiveReplaced)) {
		// COS refuses to copy an object onto itself unchanged; the
		// result would be the object as it is, so only check it exists.
		_, _, err := b.client.Object.Head(ctx, dst, &cos.ObjectHeadOptions{VersionID: src.VersionID})
		return err
	}
	_, err := cp.Copy(ctx, dst, *src, co)
	return err
}

// asOne returns an As function that exposes one value: v is a pointer to
// the driver's variable, so the callback can replace or modify it.
func asOne[T any](v *T) func(any) bool {
	return func(i any) bool {
		p, ok := i.(*T)
		if !ok {
			return false
		}
		*p = *v
		return true
	}
}
