package cos

import (
	"context"
	"encoding/xml"
)

// subEncryption is the sub-resource of the default encryption calls.
const subEncryption = "encryption"

// ServerSideEncryptionConfiguration is the bucket's default encryption:
// objects written without encryption headers are encrypted with it, and
// their PUT, HEAD and GET answers carry x-cos-server-side-encryption
// ([ObjectPutResult].ServerSideEncryption, [ObjectMeta].ServerSideEncryption).
type ServerSideEncryptionConfiguration struct {
	XMLName xml.Name `xml:"ServerSideEncryptionConfiguration"`
	// Rule is the default applied to new objects.
	Rule ApplyServerSideEncryptionByDefault `xml:"Rule>ApplyServerSideEncryptionByDefault"`
}

// ApplyServerSideEncryptionByDefault names the algorithm (and KMS key) of
// the bucket's default encryption.
type ApplyServerSideEncryptionByDefault struct {
	// SSEAlgorithm is SSEAlgorithmAES256 (SSE-COS), SSEAlgorithmSM4
	// (SSE-COS with SM4) or SSEAlgorithmKMS (SSE-KMS).
	SSEAlgorithm SSEAlgorithm `xml:"SSEAlgorithm"`
	// KMSMasterKeyID is the KMS key (CMK) of SSE-KMS; empty uses the
	// default key COS creates. Only with SSEAlgorithmKMS.
	KMSMasterKeyID string `xml:"KMSMasterKeyID,omitempty"`
	// KMSAlgorithm is "AES256" (the default) or "SM4". Only with
	// SSEAlgorithmKMS.
	KMSAlgorithm string `xml:"KMSAlgorithm,omitempty"`
}

// SSEAlgorithm is a default encryption algorithm of a bucket.
type SSEAlgorithm string

// Values of [SSEAlgorithm]. AES256 and KMS are on COS's PUT Bucket
// encryption page; SM4 comes from the coscli bucket-encryption reference.
const (
	SSEAlgorithmAES256 SSEAlgorithm = "AES256"
	SSEAlgorithmSM4    SSEAlgorithm = "SM4"
	SSEAlgorithmKMS    SSEAlgorithm = "KMS"
)

func (c *ServerSideEncryptionConfiguration) validate() error {
	if c == nil {
		return invalidArg("ServerSideEncryptionConfiguration", "is nil; use DeleteEncryption to remove the default")
	}
	r := c.Rule
	switch r.SSEAlgorithm {
	case SSEAlgorithmAES256, SSEAlgorithmSM4:
		if r.KMSMasterKeyID != "" || r.KMSAlgorithm != "" {
			return invalidArg("ServerSideEncryptionConfiguration.Rule.KMSMasterKeyID", "and KMSAlgorithm apply to SSEAlgorithm KMS only, not %s", r.SSEAlgorithm)
		}
	case SSEAlgorithmKMS:
		if r.KMSAlgorithm != "" && r.KMSAlgorithm != "AES256" && r.KMSAlgorithm != "SM4" {
			return invalidArg("ServerSideEncryptionConfiguration.Rule.KMSAlgorithm", "%q is not AES256 or SM4", r.KMSAlgorithm)
		}
	default:
		return invalidArg("ServerSideEncryptionConfiguration.Rule.SSEAlgorithm", "%q is not AES256, SM4 or KMS", r.SSEAlgorithm)
	}
	return nil
}

// PutEncryption sets the bucket's default encryption (PUT Bucket
// encryption); the body goes with Content-MD5. Objects written afterwards
// without x-cos-server-side-encryption are encrypted with it; objects
// already stored are not changed. An unknown algorithm, or a KMS key or
// KMS algorithm with an algorithm other than KMS, fails with
// [ErrInvalidArgument] before any request.
//
// Replacing the configuration is idempotent, so it retries on transient
// failures. A missing bucket gives [ErrNotFound].
func (s *BucketService) PutEncryption(ctx context.Context, cfg *ServerSideEncryptionConfiguration) (*Response, error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	return s.client.putConfig(ctx, "PutBucketEncryption", subEncryption, onBucket, cfg)
}

// GetEncryption returns the bucket's default encryption (GET Bucket
// encryption). A bucket without one gives a 404
// NoSuchEncryptionConfiguration error matching [ErrNotFound] (as does a
// missing bucket; tell them apart with [ErrorCode]). It retries like every
// read.
func (s *BucketService) GetEncryption(ctx context.Context) (*ServerSideEncryptionConfiguration, *Response, error) {
	return getConfig[ServerSideEncryptionConfiguration](ctx, s.client, "GetBucketEncryption", subEncryption, onBucket)
}

// DeleteEncryption removes the bucket's default encryption (DELETE Bucket
// encryption); stored objects stay encrypted. Deleting twice is harmless,
// so it retries on transient failures. A missing bucket gives
// [ErrNotFound].
func (s *BucketService) DeleteEncryption(ctx context.Context) (*Response, error) {
	return s.client.deleteConfig(ctx, "DeleteBucketEncryption", subEncryption, onBucket)
}
