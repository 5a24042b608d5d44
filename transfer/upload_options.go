package transfer

import (
	"time"

	"github.com/cosgo/cos"
)

// UploadOptions are the optional inputs of [Uploader.Upload] and
// [Uploader.UploadFile]. The object headers apply to the single PUT or to
// the initiation of the multipart upload, whichever is used.
type UploadOptions struct {
	cos.ACLHeaders
	cos.SSEHeaders

	// StorageClass is the object's class (default STANDARD).
	StorageClass cos.StorageClass
	// ContentType defaults to the type of the key's extension, else
	// application/octet-stream.
	ContentType        string
	CacheControl       string
	ContentDisposition string
	ContentEncoding    string
	ContentLanguage    string
	Expires            time.Time
	// Metadata becomes x-cos-meta-<name> headers.
	Metadata map[string]string
	// Tagging is the object's tags in the header form of
	// cos.TagSet.Encode, "k1=v1&k2=v2" URL-encoded.
	Tagging string
	// TrafficLimit caps the speed of each request, in bit/s.
	TrafficLimit int64
	// ForbidOverwrite makes the upload fail with cos.ErrConflict (409)
	// when the key already exists, instead of replacing it. It is sent on
	// the single PUT, or on CompleteMultipartUpload, so the check happens
	// when the object would become visible.
	ForbidOverwrite bool

	// Size, when positive, is the number of bytes a reader of unknown
	// size (a pipe, an HTTP body) will deliver. It sizes the parts so the
	// stream fits in MaxParts and gives progress a total; a stream that
	// ends at a different length fails the upload. Readers whose size can
	// be learnt (files, bytes and strings readers, io.Seeker) ignore it.
	Size int64

	// Progress, if set, replaces the Uploader's WithProgress callback for
	// this call.
	Progress func(Progress)
}

// putOptions are the headers of a single PUT Object of size bytes. A
// size of zero means "take the size from the body", which is right for an
// empty one too. TestUploadOptionsPassEveryHeaderOn checks that no header
// is dropped here or in initiateOptions.
func (o *UploadOptions) putOptions(size int64) *cos.ObjectPutOptions {
	return &cos.ObjectPutOptions{ACLHeaders: o.ACLHeaders, SSEHeaders: o.SSEHeaders, StorageClass: o.StorageClass,
		ContentType: o.ContentType, CacheControl: o.CacheControl, ContentDisposition: o.ContentDisposition,
		ContentEncoding: o.ContentEncoding, ContentLanguage: o.ContentLanguage, Expires: o.Expires,
		Metadata: o.Metadata, Tagging: o.Tagging, TrafficLimit: o.TrafficLimit,
		ForbidOverwrite: o.ForbidOverwrite, ContentLength: size}
}

// initiateOptions are the same headers for InitiateMultipartUpload.
func (o *UploadOptions) initiateOptions() *cos.InitiateMultipartUploadOptions {
	return &cos.InitiateMultipartUploadOptions{ACLHeaders: o.ACLHeaders, SSEHeaders: o.SSEHeaders, StorageClass: o.StorageClass,
		ContentType: o.ContentType, CacheControl: o.CacheControl, ContentDisposition: o.ContentDisposition,
		ContentEncoding: o.ContentEncoding, ContentLanguage: o.ContentLanguage, Expires: o.Expires,
		Metadata: o.Metadata, Tagging: o.Tagging}
}

// partOptions are the headers of one part: a customer key (SSE-C) must be
// repeated on every part, and the speed limit applies per request.
func (o *UploadOptions) partOptions(size int64) *cos.UploadPartOptions {
	return &cos.UploadPartOptions{
		SSECustomerHeaders: o.SSECustomerHeaders,
		ContentLength:      size,
		TrafficLimit:       o.TrafficLimit,
	}
}

// completeOptions are the headers of CompleteMultipartUpload.
func (o *UploadOptions) completeOptions() *cos.CompleteMultipartUploadOptions {
	if o == nil || !o.ForbidOverwrite {
		return nil
	}
	return &cos.CompleteMultipartUploadOptions{ForbidOverwrite: true}
}
