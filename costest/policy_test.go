package costest_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Policies as cos-go-sdk-v5 and cos-js-sdk-v5 send them.
func TestBucketPolicy(t *testing.T) {
	t.Parallel()
	e := newEnv(t).withBucket()
	r := e.do(call{Bucket: testBucket, Query: "policy"})
	assert.Equal(t, http.StatusNotFound, r.Status)
	assert.Equal(t, "NoSuchBucketPolicy", r.errCode())

	// cos-go-sdk-v5: lower-case names, no Content-Type, no Content-MD5.
	goDoc := `{"statement":[{"principal":{"qcs":["qcs::cam::uin/100000000001:uin/100000000011"]},"action":["name/cos:GetObject"],"effect":"allow","resource":["qcs::cos:ap-guangzhou:uid/1250000000:` + testBucket + `/*"]}],"version":"2.0"}`
	r = e.do(call{Method: http.MethodPut, Bucket: testBucket, Query: "policy", Body: []byte(goDoc)})
	require.Equal(t, http.StatusNoContent, r.Status, string(r.Body))
	r = e.do(call{Bucket: testBucket, Query: "policy="})
	require.Equal(t, http.StatusOK, r.Status)
	assert.JSONEq(t, goDoc, string(r.Body))

	// cos-js-sdk-v5: the documented capitalised names, JSON Content-Type
	// and Content-MD5.
	nodeDoc := `{"Statement":[{"Principal":{"qcs":["qcs::cam::anyone:anyone"]},"Effect":"Deny","Action":"name/cos:DeleteObject","Resource":["*"],"Condition":{"ip_equal":{"qcs:ip":"10.0.0.1"}}}],"version":"2.0"}`
	r = e.do(call{Method: http.MethodPut, Bucket: testBucket, Query: "policy=", Body: []byte(nodeDoc),
		Header: map[string]string{"Content-Type": "application/json", "Content-MD5": md5b64([]byte(nodeDoc))}})
	require.Equal(t, http.StatusNoContent, r.Status, string(r.Body))
	assert.JSONEq(t, nodeDoc, string(e.do(call{Bucket: testBucket, Query: "policy"}).Body))

	for name, doc := range map[string]string{
		"not JSON":       `{"statement":`,
		"array":          `[{"effect":"allow"}]`,
		"no statement":   `{"version":"2.0"}`,
		"empty list":     `{"statement":[]}`,
		"version 1.0":    `{"version":"1.0","statement":[{"effect":"allow","action":"*","resource":"*"}]}`,
		"effect permit":  `{"statement":[{"effect":"permit","action":"*","resource":"*"}]}`,
		"no action":      `{"statement":[{"effect":"allow","resource":"*"}]}`,
		"empty resource": `{"statement":[{"effect":"allow","action":"*","resource":[]}]}`,
		"bad condition":  `{"statement":[{"effect":"allow","action":"*","resource":"*","condition":"yes"}]}`,
		"bad principal":  `{"principal":"*","statement":[{"effect":"allow","action":"*","resource":"*"}]}`,
	} {
		r := e.do(call{Method: http.MethodPut, Bucket: testBucket, Query: "policy", Body: []byte(doc)})
		assert.Equal(t, http.StatusBadRequest, r.Status, name)
		assert.Equal(t, "MalformedPolicy", r.errCode(), name)
	}
	r = e.do(call{Method: http.MethodPut, Bucket: testBucket, Query: "policy", Body: []byte(nodeDoc),
		Header: map[string]string{"Content-MD5": md5b64([]byte("other"))}})
	assert.Equal(t, "BadDigest", r.errCode())

	assert.Equal(t, http.StatusNoContent, e.do(call{Method: http.MethodDelete, Bucket: testBucket, Query: "policy"}).Status)
	assert.Equal(t, "NoSuchBucketPolicy", e.do(call{Bucket: testBucket, Query: "policy"}).errCode())
}
