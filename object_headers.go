package cos

import "time"

// objectHeaders is the one definition of the headers an object is written
// with. ObjectPutOptions, InitiateMultipartUploadOptions and
// ObjectCopyOptions (and transfer's UploadOptions and CopyOptions) carry
// these fields flat, so user code reads ObjectPutOptions{ContentType: ...};
// TestObjectHeaderFields checks that each carries every one of them with
// the same type and tag, and validate checks them in one place. A new
// object header goes here first; the test then names every struct that
// lacks it.
type objectHeaders struct {
	ACLHeaders
	SSEHeaders

	StorageClass       StorageClass      `header:"x-cos-storage-class"`
	ContentType        string            `header:"Content-Type"`
	CacheControl       string            `header:"Cache-Control"`
	ContentDisposition string            `header:"Content-Disposition"`
	ContentEncoding    string            `header:"Content-Encoding"`
	ContentLanguage    string            `header:"Content-Language"`
	Expires            time.Time         `header:"Expires"`
	Metadata           map[string]string `header:"x-cos-meta-,prefix"`
	// Tagging is the header form of a tag set, "k1=v1&k2=v2" URL-encoded
	// ([TagSet.Encode] builds it).
	Tagging string `header:"x-cos-tagging"`
}

func (o *ObjectPutOptions) headers() objectHeaders {
	return objectHeaders{o.ACLHeaders, o.SSEHeaders, o.StorageClass, o.ContentType, o.CacheControl,
		o.ContentDisposition, o.ContentEncoding, o.ContentLanguage, o.Expires, o.Metadata, o.Tagging}
}

func (o *InitiateMultipartUploadOptions) headers() objectHeaders {
	return objectHeaders{o.ACLHeaders, o.SSEHeaders, o.StorageClass, o.ContentType, o.CacheControl,
		o.ContentDisposition, o.ContentEncoding, o.ContentLanguage, o.Expires, o.Metadata, o.Tagging}
}

func (o *ObjectCopyOptions) headers() objectHeaders {
	return objectHeaders{o.ACLHeaders, o.SSEHeaders, o.StorageClass, o.ContentType, o.CacheControl,
		o.ContentDisposition, o.ContentEncoding, o.ContentLanguage, o.Expires, o.Metadata, o.Tagging}
}

// validate checks the headers COS would refuse and returns the storage
// class in its normalized (upper-case) form.
func (h objectHeaders) validate() (StorageClass, error) {
	if err := h.ACLHeaders.validate(true); err != nil {
		return "", err
	}
	norm, err := normalizeStorageClass("StorageClass", h.StorageClass)
	if err != nil {
		return "", err
	}
	if err := validateMetadata(h.Metadata); err != nil {
		return "", err
	}
	tags, err := parseTagging("Tagging", h.Tagging)
	if err != nil {
		return "", err
	}
	return norm, tags.validate("Tagging", MaxObjectTags, false)
}

// setsContent reports whether metadata or a content header is set: what a
// copy applies only with MetadataDirectiveReplaced (tags follow the
// tagging directive instead).
func (h objectHeaders) setsContent() bool {
	return len(h.Metadata) > 0 || h.ContentType != "" || h.CacheControl != "" ||
		h.ContentDisposition != "" || h.ContentEncoding != "" || h.ContentLanguage != "" ||
		!h.Expires.IsZero()
}
