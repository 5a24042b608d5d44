package transfer

import (
	"net/http"
	"strings"
	"time"

	"github.com/cosgo/cos"
)

// CopyOptions are the optional inputs of [Copier.Copy]. The destination
// headers mean what they mean in cos.ObjectCopyOptions.
type CopyOptions struct {
	cos.ACLHeaders
	cos.SSEHeaders

	// MetadataDirective is Copy (default: the copy keeps the source's
	// content headers and metadata) or Replaced (it takes them from these
	// options). A multipart copy cannot copy them server-side, so the
	// Copier reads them from the source's HEAD and sets them itself.
	MetadataDirective cos.MetadataDirective
	// StorageClass of the copy (default STANDARD, whatever the source's).
	StorageClass cos.StorageClass

	// Content headers and Metadata apply only with MetadataDirective
	// Replaced.
	ContentType        string
	CacheControl       string
	ContentDisposition string
	ContentEncoding    string
	ContentLanguage    string
	Expires            time.Time
	Metadata           map[string]string

	// TaggingDirective is Copy (default: the copy keeps the source's tags)
	// or Replaced (it gets Tagging). A multipart copy cannot copy tags
	// server-side, so the Copier reads the source's tags (when its HEAD
	// reports any) and sets them itself.
	TaggingDirective cos.TaggingDirective
	// Tagging is the copy's tags in the header form of cos.TagSet.Encode;
	// it applies only with TaggingDirective Replaced.
	Tagging string

	// SourceClient, if set, is used to HEAD the source. By default the
	// Copier uses c.ForBucket(src.Bucket), which reaches the source only
	// through c's region or endpoint; for a source in another region pass
	// a client for that region (the copy requests themselves always go to
	// the destination, which fetches the source by its CopySource.Region).
	SourceClient *cos.Client

	// Progress, if set, replaces the Copier's WithProgress callback for
	// this call.
	Progress func(Progress)
}

func (o *CopyOptions) replacesTags() bool {
	return strings.EqualFold(string(o.TaggingDirective), string(cos.TaggingDirectiveReplaced))
}

func (o *CopyOptions) replacesMetadata() bool {
	return len(o.Metadata) > 0 || o.ContentType != "" || o.CacheControl != "" || o.ContentDisposition != "" ||
		o.ContentEncoding != "" || o.ContentLanguage != "" || !o.Expires.IsZero()
}

// copyOptions are the headers of a single PUT Object - Copy, pinned to the
// source's ETag.
func (o *CopyOptions) copyOptions(etag string) *cos.ObjectCopyOptions {
	return &cos.ObjectCopyOptions{
		ACLHeaders: o.ACLHeaders, SSEHeaders: o.SSEHeaders, MetadataDirective: o.MetadataDirective,
		CopySourceIfMatch: quoteETag(etag), StorageClass: o.StorageClass,
		ContentType: o.ContentType, CacheControl: o.CacheControl, ContentDisposition: o.ContentDisposition,
		ContentEncoding: o.ContentEncoding, ContentLanguage: o.ContentLanguage, Expires: o.Expires, Metadata: o.Metadata,
		TaggingDirective: o.TaggingDirective, Tagging: o.Tagging,
	}
}

// initiateOptions are the headers of a multipart copy's object: these
// options' with MetadataDirective Replaced, else the source's, which PUT
// Object - Copy would have carried over but a multipart copy cannot. The
// tags are Tagging with TaggingDirective Replaced, else srcTags (the
// source's, in header form).
func (o *CopyOptions) initiateOptions(replaced bool, meta *cos.ObjectMeta, srcTags string) *cos.InitiateMultipartUploadOptions {
	init := &cos.InitiateMultipartUploadOptions{ACLHeaders: o.ACLHeaders, SSEHeaders: o.SSEHeaders, StorageClass: o.StorageClass, Tagging: srcTags}
	if o.replacesTags() {
		init.Tagging = o.Tagging
	}
	if replaced {
		init.ContentType, init.CacheControl, init.ContentDisposition = o.ContentType, o.CacheControl, o.ContentDisposition
		init.ContentEncoding, init.ContentLanguage, init.Expires, init.Metadata = o.ContentEncoding, o.ContentLanguage, o.Expires, o.Metadata
		return init
	}
	init.ContentType, init.CacheControl, init.ContentDisposition = meta.ContentType, meta.CacheControl, meta.ContentDisposition
	init.ContentEncoding, init.ContentLanguage, init.Metadata = meta.ContentEncoding, meta.ContentLanguage, meta.Metadata
	if t, err := http.ParseTime(meta.Expires); err == nil {
		init.Expires = t
	}
	return init
}
