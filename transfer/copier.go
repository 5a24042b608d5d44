package transfer

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/cosgo/cos"
)

// Copier copies objects inside COS: in one PUT Object - Copy up to
// [MaxSingleCopySize], part by part with concurrent Upload Part - Copy
// above it. No object byte passes through the client. It is safe for
// concurrent use.
type Copier struct {
	c   *cos.Client
	cfg config
	err error
}

// NewCopier returns a Copier writing into c's bucket. [WithThreshold] sets
// the largest source copied in one request (default [MaxSingleCopySize]),
// [WithPartSize] the part size of larger ones (default
// [DefaultCopyPartSize], raised to fit [MaxParts]), [WithConcurrency] the
// parts in flight; [WithLeavePartsOnError] and [WithProgress] apply too. A
// bad option is reported by each call.
func NewCopier(c *cos.Client, opts ...Option) *Copier {
	cfg, err := buildConfig(c, opts)
	return &Copier{c: c, cfg: cfg, err: err}
}

// CopyResult describes the new object. It is an [UploadResult]: a copy
// writes an object as an upload does, in one request or in parts, and
// reports the same facts about it.
type CopyResult = UploadResult

// Copy copies src to the object key of the Copier's bucket. It HEADs the
// source first (for its size, ETag and CRC64), then copies in one request
// or, above the threshold, as a multipart upload of ranged part copies.
// Every request carries If-Match on the source's ETag, so a source that
// changes during the copy fails it with cos.ErrPreconditionFailed instead
// of producing a mix. When COS reports CRC64s the copy's is compared with
// the source's (cos.ErrChecksumMismatch). A failed multipart copy is
// aborted on a context that outlives ctx, unless [WithLeavePartsOnError];
// its error is an [*UploadError].
func (cp *Copier) Copy(ctx context.Context, key string, src cos.CopySource, opt *CopyOptions) (*CopyResult, error) {
	if err := checkCall(ctx, cp.err, key); err != nil {
		return nil, err
	}
	if src.Key == "" {
		return nil, invalid("CopySource.Key", "is empty")
	}
	var o CopyOptions
	if opt != nil {
		o = *opt
	}
	if err := checkDirective("MetadataDirective", string(o.MetadataDirective)); err != nil {
		return nil, err
	}
	if err := checkDirective("TaggingDirective", string(o.TaggingDirective)); err != nil {
		return nil, err
	}
	replaced := strings.EqualFold(string(o.MetadataDirective), string(cos.MetadataDirectiveReplaced))
	if !replaced && o.replacesMetadata() {
		return nil, invalid("MetadataDirective", "Metadata and content headers apply only with MetadataDirectiveReplaced")
	}
	if !o.replacesTags() && o.Tagging != "" {
		return nil, invalid("TaggingDirective", "Tagging applies only with TaggingDirectiveReplaced")
	}
	sc := o.SourceClient
	if sc == nil {
		sc = cp.c
		if src.Bucket != "" && src.Bucket != cp.c.BucketName() {
			sc = cp.c.ForBucket(src.Bucket)
		}
	}
	meta, _, err := sc.Object.Head(ctx, src.Key, &cos.ObjectHeadOptions{VersionID: src.VersionID})
	if err != nil {
		return nil, fmt.Errorf("transfer: copy %q: source %q: %w", key, src.Key, err)
	}
	prog := newProgress(pick(o.Progress, cp.cfg.progress), meta.ContentLength)
	prog.start(0, 0)
	threshold := int64(MaxSingleCopySize)
	if cp.cfg.thresholdSet {
		threshold = cp.cfg.threshold
	}
	var res *CopyResult
	if meta.ContentLength <= threshold {
		res, err = cp.copySingle(ctx, key, src, &o, meta, prog)
	} else {
		var srcTags string
		if srcTags, err = sourceTags(ctx, sc, src, &o, meta); err != nil {
			return nil, err
		}
		res, err = cp.copyMultipart(ctx, key, src, &o, replaced, meta, srcTags, prog)
	}
	if err != nil {
		return nil, err
	}
	prog.finish(res.Size)
	return res, nil
}

func (cp *Copier) copySingle(ctx context.Context, key string, src cos.CopySource, o *CopyOptions, meta *cos.ObjectMeta, prog *progress) (*CopyResult, error) {
	res, _, err := cp.c.Object.Copy(ctx, key, src, o.copyOptions(meta.ETag))
	if err != nil {
		return nil, fmt.Errorf("transfer: copy %q: %w", key, err)
	}
	if res.HasCRC64 && meta.HasCRC64 && res.CRC64 != meta.CRC64 {
		return nil, fmt.Errorf("transfer: copy %q: %w: copy has CRC64 %d, source %d", key, cos.ErrChecksumMismatch, res.CRC64, meta.CRC64)
	}
	prog.add(meta.ContentLength)
	out := &CopyResult{Key: key, ETag: res.ETag, VersionID: res.VersionID, Size: meta.ContentLength}
	if res.HasCRC64 {
		out.CRC64 = res.CRC64
	} else if meta.HasCRC64 {
		out.CRC64 = meta.CRC64
	}
	return out, nil
}

// sourceTags reads the source's tags, in header form, for a multipart
// copy that keeps them (PUT Object - Copy keeps them server-side).
func sourceTags(ctx context.Context, sc *cos.Client, src cos.CopySource, o *CopyOptions, meta *cos.ObjectMeta) (string, error) {
	if o.replacesTags() || meta.TaggingCount == 0 {
		return "", nil
	}
	tags, _, err := sc.Object.GetTagging(ctx, src.Key, &cos.ObjectTaggingOptions{VersionID: src.VersionID})
	if err != nil {
		return "", fmt.Errorf("transfer: copy: tags of source %q: %w", src.Key, err)
	}
	return tags.Encode(), nil
}

func (cp *Copier) copyMultipart(ctx context.Context, key string, src cos.CopySource, o *CopyOptions, replaced bool, meta *cos.ObjectMeta, srcTags string, prog *progress) (*CopyResult, error) {
	size := meta.ContentLength
	ps := int64(DefaultCopyPartSize)
	if cp.cfg.partSize > 0 {
		ps = cp.cfg.partSize
	}
	ps, err := fitPartSize(size, ps)
	if err != nil {
		return nil, err
	}
	ires, _, err := cp.c.Object.InitiateMultipartUpload(ctx, key, o.initiateOptions(replaced, meta, srcTags))
	if err != nil {
		return nil, fmt.Errorf("transfer: copy %q: initiating: %w", key, err)
	}
	m := &multipart{c: cp.c, conc: cp.cfg.concurrency, key: key, uploadID: ires.UploadID, prog: prog, parts: map[int]partInfo{}}
	m.send = func(ctx context.Context, j partJob) partResult {
		first := int64(j.number-1) * ps
		r, _, err := cp.c.Object.UploadPartCopy(ctx, key, ires.UploadID, j.number, src, &cos.UploadPartCopyOptions{
			CopySourceRange:   "bytes=" + strconv.FormatInt(first, 10) + "-" + strconv.FormatInt(first+j.size-1, 10),
			CopySourceIfMatch: quoteETag(meta.ETag),
		})
		if err != nil {
			return partResult{err: fmt.Errorf("transfer: part %d: %w", j.number, err)}
		}
		return partResult{info: partInfo{Number: j.number, Size: j.size, ETag: r.ETag, CRC64: r.CRC64}, noCRC: !r.HasCRC64}
	}
	count := partCount(size, ps)
	err = m.run(ctx, func(ctx context.Context, emit func(partJob) error) error {
		for n := 1; n <= count; n++ {
			if err := emit(partJob{number: n, size: min(ps, size-int64(n-1)*ps)}); err != nil {
				return err
			}
		}
		return nil
	})
	var res *UploadResult
	if err == nil {
		res, err = m.complete(ctx, count, size)
	}
	if err == nil && meta.HasCRC64 && !m.crcUnknown && res.CRC64 != meta.CRC64 {
		err = fmt.Errorf("transfer: copy %q: %w: copy has CRC64 %d, source %d", key, cos.ErrChecksumMismatch, res.CRC64, meta.CRC64)
	}
	if err != nil {
		return nil, m.fail(ctx, err, cp.cfg.leaveParts)
	}
	return res, nil
}
