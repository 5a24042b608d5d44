package costest_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The samples of COS's OPTIONS Object page (product/436/8288): a preflight
// for PUT Object, one for PUT Bucket lifecycle (a sub-resource), and the
// refusal.
func TestPreflightAsCOSDocumentsIt(t *testing.T) {
	t.Parallel()
	e := newEnv(t).withBucket()
	body := `<CORSConfiguration><CORSRule><AllowedOrigin>https://example.com</AllowedOrigin><AllowedOrigin>https://bar.com</AllowedOrigin>` +
		`<AllowedMethod>PUT</AllowedMethod><AllowedMethod>GET</AllowedMethod><AllowedMethod>POST</AllowedMethod>` +
		`<AllowedMethod>DELETE</AllowedMethod><AllowedMethod>HEAD</AllowedMethod><AllowedHeader>*</AllowedHeader>` +
		`<ExposeHeader>Content-Length</ExposeHeader><ExposeHeader>ETag</ExposeHeader><ExposeHeader>x-cos-meta-author</ExposeHeader>` +
		`<MaxAgeSeconds>600</MaxAgeSeconds></CORSRule></CORSConfiguration>`
	require.Equal(t, http.StatusOK, e.xmlCall(http.MethodPut, "", "cors", body).Status)

	r := e.do(call{Method: http.MethodOptions, Bucket: testBucket, Key: "exampleobject", Unsigned: true, Header: map[string]string{
		"Origin": "https://example.com", "Access-Control-Request-Method": "PUT",
		"Access-Control-Request-Headers": "content-md5,content-type,x-cos-meta-author"}})
	require.Equal(t, http.StatusOK, r.Status, string(r.Body))
	assert.Equal(t, "true", r.Header.Get("Access-Control-Allow-Credentials"))
	assert.Equal(t, "content-md5,content-type,x-cos-meta-author", r.Header.Get("Access-Control-Allow-Headers"))
	assert.Equal(t, "PUT,GET,POST,DELETE,HEAD", r.Header.Get("Access-Control-Allow-Methods"))
	assert.Equal(t, "https://example.com", r.Header.Get("Access-Control-Allow-Origin"))
	assert.Equal(t, "Content-Length,ETag,x-cos-meta-author", r.Header.Get("Access-Control-Expose-Headers"))
	assert.Equal(t, "600", r.Header.Get("Access-Control-Max-Age"))
	assert.Equal(t, "0", r.Header.Get("Content-Length"))

	// OPTIONS /?lifecycle: a preflight may name a sub-resource.
	r = e.do(call{Method: http.MethodOptions, Bucket: testBucket, Query: "lifecycle", Unsigned: true, Header: map[string]string{
		"Origin": "https://bar.com", "Access-Control-Request-Method": "PUT", "Access-Control-Request-Headers": "content-md5,content-type"}})
	require.Equal(t, http.StatusOK, r.Status, string(r.Body))
	assert.Equal(t, "https://bar.com", r.Header.Get("Access-Control-Allow-Origin"))

	// cos-go-sdk-v5 signs its Options call: accepted the same way.
	r = e.do(call{Method: http.MethodOptions, Bucket: testBucket, Key: "exampleobject", Header: map[string]string{
		"Origin": "https://example.com", "Access-Control-Request-Method": "GET"}})
	require.Equal(t, http.StatusOK, r.Status, string(r.Body))

	r = e.do(call{Method: http.MethodOptions, Bucket: testBucket, Key: "exampleobject", Unsigned: true, Header: map[string]string{
		"Origin": "https://other.com", "Access-Control-Request-Method": "PUT"}})
	assert.Equal(t, http.StatusForbidden, r.Status)
	assert.Equal(t, "AccessForbidden", r.errCode())
	assert.Contains(t, string(r.Body), "CORSResponse: This CORS request is not allowed.")
}
