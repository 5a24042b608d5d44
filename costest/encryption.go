package costest

import (
	"encoding/xml"
	"net/http"
	"strings"
)

// The default encryption family: PUT, GET and DELETE Bucket encryption,
// and the encryption headers of the objects written afterwards.
const (
	// OpPutBucketEncryption is PUT Bucket encryption.
	OpPutBucketEncryption Op = "PutBucketEncryption"
	// OpGetBucketEncryption is GET Bucket encryption.
	OpGetBucketEncryption Op = "GetBucketEncryption"
	// OpDeleteBucketEncryption is DELETE Bucket encryption.
	OpDeleteBucketEncryption Op = "DeleteBucketEncryption"
)

// sseDefault is a bucket's default encryption.
type sseDefault struct {
	algorithm    string // AES256, SM4 or KMS
	kmsKeyID     string
	kmsAlgorithm string
}

// sseInfo is how one object is encrypted: algorithm is the value of
// x-cos-server-side-encryption ("" for none); customer marks SSE-C, which
// a bucket default never overrides.
type sseInfo struct {
	algorithm string // AES256, SM4 or cos/kms
	kmsKeyID  string
	customer  bool
}

type sseRuleIn struct {
	SSEAlgorithm   *string `xml:"SSEAlgorithm"`
	KMSMasterKeyID string  `xml:"KMSMasterKeyID"`
	KMSAlgorithm   string  `xml:"KMSAlgorithm"`
}

type encryptionIn struct {
	XMLName xml.Name `xml:"ServerSideEncryptionConfiguration"`
	Rules   []struct {
		Default *sseRuleIn `xml:"ApplyServerSideEncryptionByDefault"`
		// The spelling of the Node, Python and PHP SDK samples and of an
		// older COS response sample; COS accepts it.
		SDKSpelling *sseRuleIn `xml:"ApplySideEncryptionConfiguration"`
	} `xml:"Rule"`
}

type encryptionOut struct {
	XMLName      xml.Name `xml:"ServerSideEncryptionConfiguration"`
	SSEAlgorithm string   `xml:"Rule>ApplyServerSideEncryptionByDefault>SSEAlgorithm"`
	KMSKeyID     string   `xml:"Rule>ApplyServerSideEncryptionByDefault>KMSMasterKeyID,omitempty"`
	KMSAlgorithm string   `xml:"Rule>ApplyServerSideEncryptionByDefault>KMSAlgorithm,omitempty"`
}

// parseEncryption applies COS's rules to a
// ServerSideEncryptionConfiguration.
func parseEncryption(body []byte) (*sseDefault, *Error) {
	var in encryptionIn
	if err := xml.Unmarshal(body, &in); err != nil {
		return nil, errMalformedXML("ServerSideEncryptionConfiguration: %v", err)
	}
	if len(in.Rules) != 1 {
		return nil, errMalformedXML("ServerSideEncryptionConfiguration needs exactly one Rule, got %d.", len(in.Rules))
	}
	r := in.Rules[0].Default
	if r == nil {
		r = in.Rules[0].SDKSpelling
	}
	if r == nil || r.SSEAlgorithm == nil {
		return nil, errMalformedXML("Rule needs ApplyServerSideEncryptionByDefault with an SSEAlgorithm.")
	}
	d := &sseDefault{algorithm: strings.TrimSpace(*r.SSEAlgorithm),
		kmsKeyID: strings.TrimSpace(r.KMSMasterKeyID), kmsAlgorithm: strings.TrimSpace(r.KMSAlgorithm)}
	switch d.algorithm {
	case "AES256", "SM4":
		if d.kmsKeyID != "" || d.kmsAlgorithm != "" {
			return nil, errInvalidArgument("KMSMasterKeyID and KMSAlgorithm apply to SSEAlgorithm KMS only.")
		}
	case "KMS":
		if d.kmsAlgorithm != "" && d.kmsAlgorithm != "AES256" && d.kmsAlgorithm != "SM4" {
			return nil, errInvalidArgument("KMSAlgorithm %q must be AES256 or SM4.", d.kmsAlgorithm)
		}
	default:
		return nil, errInvalidArgument("SSEAlgorithm %q must be AES256, SM4 or KMS.", d.algorithm)
	}
	return d, nil
}

func (s *Server) putBucketEncryption(c *reqCtx) *Error {
	return putConfig(s, c, maxConfigBody, parseEncryption,
		func(b *bucket, d *sseDefault) *Error { b.conf.encryption = d; return nil }, http.StatusOK)
}

func (s *Server) getBucketEncryption(c *reqCtx) *Error {
	return getConfig(s, c, func(b *bucket) (encryptionOut, *Error) {
		d := b.conf.encryption
		if d == nil {
			return encryptionOut{}, newError(http.StatusNotFound, codeNoEncryption, "The specified bucket does not have a Encryption configuration")
		}
		return encryptionOut{SSEAlgorithm: d.algorithm, KMSKeyID: d.kmsKeyID, KMSAlgorithm: d.kmsAlgorithm}, nil
	})
}

func (s *Server) deleteBucketEncryption(c *reqCtx) *Error {
	return s.setBucketConfig(c, func(b *bucket) { b.conf.encryption = nil }, http.StatusNoContent)
}

// parseSSE reads the encryption headers of a PUT, Initiate or Copy.
func parseSSE(h http.Header) (sseInfo, *Error) {
	if h.Get("x-cos-server-side-encryption-customer-algorithm") != "" {
		return sseInfo{customer: true}, nil
	}
	v := sseInfo{algorithm: h.Get("x-cos-server-side-encryption"), kmsKeyID: h.Get("x-cos-server-side-encryption-cos-kms-key-id")}
	switch v.algorithm {
	case "", "AES256", "SM4", "cos/kms":
	default:
		return v, errInvalidArgument("x-cos-server-side-encryption %q must be AES256, SM4 or cos/kms.", v.algorithm)
	}
	if v.kmsKeyID != "" && v.algorithm != "cos/kms" {
		return v, errInvalidArgument("x-cos-server-side-encryption-cos-kms-key-id needs x-cos-server-side-encryption: cos/kms.")
	}
	return v, nil
}

// withDefault is v, or the bucket's default encryption when the request
// asked for none; the caller holds the store lock.
func (b *bucket) withDefault(v sseInfo) sseInfo {
	d := b.conf.encryption
	if v.algorithm != "" || v.customer || d == nil {
		return v
	}
	if d.algorithm == "KMS" {
		return sseInfo{algorithm: "cos/kms", kmsKeyID: d.kmsKeyID}
	}
	return sseInfo{algorithm: d.algorithm}
}

// setSSEHeaders reports an object's encryption on PUT, Initiate, Complete,
// Copy, GET and HEAD answers.
func setSSEHeaders(h http.Header, v sseInfo) {
	if v.algorithm == "" {
		return
	}
	h.Set("x-cos-server-side-encryption", v.algorithm)
	if v.kmsKeyID != "" {
		h.Set("x-cos-server-side-encryption-cos-kms-key-id", v.kmsKeyID)
	}
}
