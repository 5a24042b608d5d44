package cos

import (
	"context"
	"fmt"
	"io"
	"mime"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"
)

// SSECustomerHeaders carry a customer-provided encryption key (SSE-C). The
// same three values must be sent on every read of an object written with
// them.
type SSECustomerHeaders struct {
	// SSECustomerAlgorithm is "AES256".
	SSECustomerAlgorithm string `header:"x-cos-server-side-encryption-customer-algorithm"`
	// SSECustomerKey is the base64 of the 32-byte key.
	SSECustomerKey string `header:"x-cos-server-side-encryption-customer-key"`
	// SSECustomerKeyMD5 is the base64 of the key's MD5.
	SSECustomerKeyMD5 string `header:"x-cos-server-side-encryption-customer-key-MD5"`
}

// SSEHeaders ask COS to encrypt the stored object: with its own keys
// (ServerSideEncryption "AES256"), with KMS ("cos/kms", optional
// SSEKMSKeyID) or with a customer key (SSECustomerHeaders).
type SSEHeaders struct {
	ServerSideEncryption string `header:"x-cos-server-side-encryption"`
	SSEKMSKeyID          string `header:"x-cos-server-side-encryption-cos-kms-key-id"`
	SSECustomerHeaders
}

// ObjectPutOptions are the optional headers of [ObjectService.Put]. The
// zero value stores the object with the bucket's ACL, class STANDARD and a
// Content-Type guessed from the key's extension.
type ObjectPutOptions struct {
	ACLHeaders
	SSEHeaders

	// StorageClass is the object's class (default STANDARD).
	StorageClass StorageClass `header:"x-cos-storage-class"`
	// ContentType defaults to the type of the key's extension
	// (mime.TypeByExtension), else application/octet-stream.
	ContentType        string    `header:"Content-Type"`
	CacheControl       string    `header:"Cache-Control"`
	ContentDisposition string    `header:"Content-Disposition"`
	ContentEncoding    string    `header:"Content-Encoding"`
	ContentLanguage    string    `header:"Content-Language"`
	Expires            time.Time `header:"Expires"`
	// ContentLength is the number of bytes to send. It is needed only when
	// the body's size cannot be learnt from it (not a bytes or strings
	// reader, *os.File or io.Seeker); zero means "take it from the body".
	ContentLength int64 `url:"-"`
	// ContentMD5 is the base64 MD5 of the body, checked by COS.
	ContentMD5 string `header:"Content-MD5"`
	// Metadata becomes x-cos-meta-<name> headers. Names hold letters,
	// digits and '-' only (COS lower-cases them); values must be ASCII; all
	// names and values together at most 2 KB.
	Metadata map[string]string `header:"x-cos-meta-,prefix"`
	// Tagging is the object's tags in header form, "k1=v1&k2=v2" with keys
	// and values URL-encoded: build it with [TagSet.Encode]. At most
	// [MaxObjectTags] tags, checked before sending.
	Tagging string `header:"x-cos-tagging"`
	// ForbidOverwrite refuses to replace an existing object (409).
	ForbidOverwrite bool `header:"x-cos-forbid-overwrite"`
	// TrafficLimit caps the transfer speed, in bit/s.
	TrafficLimit int64 `header:"x-cos-traffic-limit"`
}

// ObjectPutResult is what COS answers to a PUT Object.
type ObjectPutResult struct {
	// ETag is the entity tag without quotes (the MD5 hex of the body for
	// unencrypted objects).
	ETag string
	// VersionID is set in versioned buckets.
	VersionID string
	// Expiration is x-cos-expiration, set when a lifecycle rule applies.
	Expiration string
	// CRC64 is the CRC-64/ECMA of the stored bytes: the server's
	// x-cos-hash-crc64ecma, verified against the bytes sent, or the value
	// computed over the bytes sent when the server sends none.
	CRC64 uint64
	// ServerSideEncryption echoes the encryption applied, if any.
	ServerSideEncryption string
}

// Put uploads body as the object key in one request (PUT Object, at most
// 5 GB; larger objects need a multipart upload such as transfer.Uploader).
//
// The body streams: it is never read whole into memory. Its size is taken
// from the reader (bytes.Reader, strings.Reader, bytes.Buffer, *os.File,
// any io.Seeker) or from opt.ContentLength; a reader of unknown size
// without ContentLength is refused, since COS needs a Content-Length. Put
// retries transient failures only when the body can be replayed from its
// start (an io.Seeker, ideally also an io.ReaderAt); any other reader gets
// one attempt. Put never closes body.
//
// The CRC64 of the bytes actually sent is computed while they stream and
// compared with the server's x-cos-hash-crc64ecma; a difference is an error
// wrapping ErrChecksumMismatch. Errors: ErrInvalidArgument for bad input,
// ErrNotFound when the bucket does not exist, ErrConflict with
// ForbidOverwrite on an existing key, *ServiceError otherwise.
func (s *ObjectService) Put(ctx context.Context, key string, body io.Reader, opt *ObjectPutOptions) (*ObjectPutResult, *Response, error) {
	if body == nil {
		return nil, nil, invalidArg("body", "is nil; pass strings.NewReader(\"\") for an empty object")
	}
	var o ObjectPutOptions
	if opt != nil {
		o = *opt
	}
	sc, err := o.headers().validate()
	if err != nil {
		return nil, nil, err
	}
	if o.TrafficLimit < 0 {
		return nil, nil, invalidArg("TrafficLimit", "is negative (%d)", o.TrafficLimit)
	}
	o.StorageClass = sc
	size, err := streamSize(body, o.ContentLength)
	if err != nil {
		return nil, nil, err
	}
	hdr := http.Header{}
	if o.ContentType == "" {
		hdr.Set("Content-Type", detectContentType(key))
	}
	crc := &sentCRC{}
	resp, err := s.client.do(ctx, &op{
		name: "PutObject", method: http.MethodPut, object: true, key: key,
		header: hdr, opts: []any{&o},
		body: body, size: size, wrapBody: crc.wrap,
		errorIn200: true, // cheap: a PUT answer has no body unless it is an <Error>
		idempotent: true,
	})
	if err != nil {
		return nil, resp, err
	}
	h := resp.Header
	res := &ObjectPutResult{
		ETag:                 stripETagQuotes(h.Get("ETag")),
		VersionID:            h.Get("x-cos-version-id"),
		Expiration:           h.Get("x-cos-expiration"),
		ServerSideEncryption: h.Get("x-cos-server-side-encryption"),
	}
	res.CRC64, err = crc.checked(h, size)
	if err != nil {
		return nil, resp, fmt.Errorf("cos: PutObject %s: %w", key, err)
	}
	return res, resp, nil
}

// PutFile uploads the file at path as the object key with [ObjectService.Put].
// A regular file is replayable, so transient failures are retried. When
// opt.ContentType is empty the type comes from the key's extension, else
// from the file's. PutFile opens and closes the file itself.
func (s *ObjectService) PutFile(ctx context.Context, key, path string, opt *ObjectPutOptions) (*ObjectPutResult, *Response, error) {
	if path == "" {
		return nil, nil, invalidArg("path", "is empty")
	}
	var o ObjectPutOptions
	if opt != nil {
		o = *opt
	}
	if o.ContentType == "" {
		o.ContentType = typeByKey(key)
		if o.ContentType == "" {
			o.ContentType = mime.TypeByExtension(filepath.Ext(path))
		}
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, fmt.Errorf("cos: PutFile %s: %w", key, err)
	}
	defer f.Close()
	return s.Put(ctx, key, f, &o)
}

// checked verifies the server's CRC64 against the bytes sent and returns
// the object's CRC64 (the server's, else the local one).
func (c *sentCRC) checked(h http.Header, size int64) (uint64, error) {
	server, has, err := c.verify(h, size)
	if err != nil {
		return 0, err
	}
	if has {
		return server, nil
	}
	local, _ := c.sum()
	return local, nil
}

// streamSize returns the number of bytes a streamed body will send, using
// the same detection as the pipeline. COS needs a Content-Length, so an
// unknown size is refused.
func streamSize(body io.Reader, contentLength int64) (int64, error) {
	if contentLength < 0 {
		return 0, invalidArg("ContentLength", "is negative (%d)", contentLength)
	}
	want := int64(-1)
	if contentLength > 0 {
		want = contentLength
	}
	src, err := readerSource(body, want)
	if err != nil {
		return 0, err
	}
	if src.size < 0 {
		return 0, invalidArg("ContentLength", "the body's size cannot be known (not a bytes/strings reader, file or io.Seeker) and COS needs a Content-Length: set ContentLength, or use transfer.Uploader for streams of unknown size")
	}
	return src.size, nil
}

// maxMetadataBytes bounds user metadata: names (without x-cos-meta-) plus
// values.
const maxMetadataBytes = 2048

func validateMetadata(meta map[string]string) error {
	total := 0
	seen := make(map[string]string, len(meta))
	for name, value := range meta {
		if name == "" {
			return invalidArg("Metadata", "has an empty name")
		}
		for i := 0; i < len(name); i++ {
			c := name[i]
			if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-') {
				return invalidArg("Metadata", "name %q: only letters, digits and '-' are allowed", name)
			}
		}
		lower := strings.ToLower(name)
		if other, dup := seen[lower]; dup {
			return invalidArg("Metadata", "names %q and %q differ only in case; COS stores names lower-cased", other, name)
		}
		seen[lower] = name
		for i := 0; i < len(value); i++ {
			c := value[i]
			if c >= 0x80 {
				return invalidArg("Metadata", "value of %q is not ASCII; encode it (for example url.QueryEscape) first", name)
			}
			if c < 0x20 && c != '\t' || c == 0x7f {
				return invalidArg("Metadata", "value of %q holds a control character", name)
			}
		}
		total += len(name) + len(value)
	}
	if total > maxMetadataBytes {
		return invalidArg("Metadata", "is %d bytes; COS allows at most %d", total, maxMetadataBytes)
	}
	return nil
}

// detectContentType guesses the Content-Type from the key's extension.
func detectContentType(key string) string {
	if t := typeByKey(key); t != "" {
		return t
	}
	return "application/octet-stream"
}

// typeByKey is the MIME type of the key's extension ("" when unknown).
func typeByKey(key string) string { return mime.TypeByExtension(path.Ext(key)) }

// stripETagQuotes removes the quotes COS puts around ETags.
func stripETagQuotes(s string) string {
	s = strings.TrimSpace(s)
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' {
		return s[1 : len(s)-1]
	}
	return s
}
