package costest_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func encDoc(rule string) string {
	return `<ServerSideEncryptionConfiguration><Rule>` + rule + `</Rule></ServerSideEncryptionConfiguration>`
}

func TestBucketEncryption(t *testing.T) {
	t.Parallel()
	e := newEnv(t).withBucket()
	r := e.do(call{Bucket: testBucket, Query: "encryption"})
	assert.Equal(t, http.StatusNotFound, r.Status)
	assert.Equal(t, "NoSuchEncryptionConfiguration", r.errCode())

	// The Node, Python and PHP SDK samples spell the rule
	// ApplySideEncryptionConfiguration; COS takes it and answers in its
	// own element names.
	r = e.xmlCall(http.MethodPut, "", "encryption=", encDoc(`<ApplySideEncryptionConfiguration><SSEAlgorithm>AES256</SSEAlgorithm></ApplySideEncryptionConfiguration>`))
	require.Equal(t, http.StatusOK, r.Status, string(r.Body))
	r = e.do(call{Bucket: testBucket, Query: "encryption"})
	assert.Equal(t, encDoc(`<ApplyServerSideEncryptionByDefault><SSEAlgorithm>AES256</SSEAlgorithm></ApplyServerSideEncryptionByDefault>`),
		strings.TrimPrefix(string(r.Body), xmlDecl))

	// cos-go-sdk-v5's BucketPutEncryptionOptions.
	kms := encDoc(`<ApplyServerSideEncryptionByDefault><SSEAlgorithm>KMS</SSEAlgorithm><KMSMasterKeyID>kms-1</KMSMasterKeyID><KMSAlgorithm>SM4</KMSAlgorithm></ApplyServerSideEncryptionByDefault>`)
	r = e.xmlCall(http.MethodPut, "", "encryption", kms)
	require.Equal(t, http.StatusOK, r.Status, string(r.Body))
	r = e.do(call{Bucket: testBucket, Query: "encryption"})
	assert.Equal(t, kms, strings.TrimPrefix(string(r.Body), xmlDecl))

	r = e.do(call{Method: http.MethodDelete, Bucket: testBucket, Query: "encryption"})
	assert.Equal(t, http.StatusNoContent, r.Status)
	r = e.do(call{Bucket: testBucket, Query: "encryption"})
	assert.Equal(t, "NoSuchEncryptionConfiguration", r.errCode())
}

func TestBucketEncryptionValidation(t *testing.T) {
	t.Parallel()
	e := newEnv(t).withBucket()
	alg := func(inner string) string {
		return encDoc(`<ApplyServerSideEncryptionByDefault>` + inner + `</ApplyServerSideEncryptionByDefault>`)
	}
	runDocCases(t, e, "encryption", []docCase{
		{"not XML", "<ServerSideEncryptionConfiguration>", 400, "MalformedXML"},
		{"no rule", "<ServerSideEncryptionConfiguration/>", 400, "MalformedXML"},
		{"two rules", `<ServerSideEncryptionConfiguration><Rule/><Rule/></ServerSideEncryptionConfiguration>`, 400, "MalformedXML"},
		{"no algorithm", alg(``), 400, "MalformedXML"},
		{"DES", alg(`<SSEAlgorithm>DES</SSEAlgorithm>`), 400, "InvalidArgument"},
		{"object spelling cos/kms", alg(`<SSEAlgorithm>cos/kms</SSEAlgorithm>`), 400, "InvalidArgument"},
		{"KMS key with AES256", alg(`<SSEAlgorithm>AES256</SSEAlgorithm><KMSMasterKeyID>k</KMSMasterKeyID>`), 400, "InvalidArgument"},
		{"KMS algorithm RSA", alg(`<SSEAlgorithm>KMS</SSEAlgorithm><KMSAlgorithm>RSA</KMSAlgorithm>`), 400, "InvalidArgument"},
		{"SM4", alg(`<SSEAlgorithm>SM4</SSEAlgorithm>`), 200, ""},
		{"KMS with the default key", alg(`<SSEAlgorithm>KMS</SSEAlgorithm>`), 200, ""},
	})
}

// The default encryption on the wire: PUT and HEAD answers carry it, an
// SSE-C upload and explicit headers are left alone, bad SSE headers are
// refused.
func TestBucketEncryptionDefaultOnObjects(t *testing.T) {
	t.Parallel()
	e := newEnv(t).withBucket()
	r := e.xmlCall(http.MethodPut, "", "encryption", encDoc(`<ApplyServerSideEncryptionByDefault><SSEAlgorithm>KMS</SSEAlgorithm><KMSMasterKeyID>kms-1</KMSMasterKeyID></ApplyServerSideEncryptionByDefault>`))
	require.Equal(t, http.StatusOK, r.Status)

	r = e.put("plain", []byte("x"), nil)
	assert.Equal(t, "cos/kms", r.Header.Get("x-cos-server-side-encryption"))
	assert.Equal(t, "kms-1", r.Header.Get("x-cos-server-side-encryption-cos-kms-key-id"))
	r = e.do(call{Method: http.MethodHead, Bucket: testBucket, Key: "plain"})
	assert.Equal(t, "cos/kms", r.Header.Get("x-cos-server-side-encryption"))

	r = e.put("aes", []byte("x"), map[string]string{"x-cos-server-side-encryption": "AES256"})
	assert.Equal(t, "AES256", r.Header.Get("x-cos-server-side-encryption"))
	assert.Empty(t, r.Header.Get("x-cos-server-side-encryption-cos-kms-key-id"))

	r = e.put("ssec", []byte("x"), map[string]string{"x-cos-server-side-encryption-customer-algorithm": "AES256"})
	assert.Empty(t, r.Header.Get("x-cos-server-side-encryption"), "an SSE-C object does not take the default")

	for name, hdr := range map[string]map[string]string{
		"unknown algorithm":      {"x-cos-server-side-encryption": "ROT13"},
		"key id without cos/kms": {"x-cos-server-side-encryption": "AES256", "x-cos-server-side-encryption-cos-kms-key-id": "k"},
	} {
		r = e.do(call{Method: http.MethodPut, Bucket: testBucket, Key: "bad", Body: []byte("x"), Header: hdr})
		assert.Equal(t, http.StatusBadRequest, r.Status, name)
		assert.Equal(t, "InvalidArgument", r.errCode(), name)
	}
}

// A default set between Initiate and Complete applies to the object
// (choices.go: resolved when the version is written); the Complete answer
// must report the encryption the object got, as HEAD then does.
func TestBucketEncryptionDefaultSetDuringMultipart(t *testing.T) {
	t.Parallel()
	e := newEnv(t).withBucket()
	id := e.initiate("mp", nil)
	r := e.xmlCall(http.MethodPut, "", "encryption", encDoc(`<ApplyServerSideEncryptionByDefault><SSEAlgorithm>AES256</SSEAlgorithm></ApplyServerSideEncryptionByDefault>`))
	require.Equal(t, http.StatusOK, r.Status)
	r = e.uploadPart("mp", id, 1, []byte("part"))
	require.Equal(t, http.StatusOK, r.Status)
	r = e.xmlCall(http.MethodPost, "mp", "uploadId="+id, completeBody("1", r.Header.Get("ETag")))
	require.Equal(t, http.StatusOK, r.Status, string(r.Body))
	completed := r.Header.Get("x-cos-server-side-encryption")
	r = e.do(call{Method: http.MethodHead, Bucket: testBucket, Key: "mp"})
	require.Equal(t, http.StatusOK, r.Status)
	assert.Equal(t, "AES256", r.Header.Get("x-cos-server-side-encryption"))
	assert.Equal(t, r.Header.Get("x-cos-server-side-encryption"), completed, "Complete reports what HEAD reports")
}
