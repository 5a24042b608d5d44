package costest_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type refererDoc struct {
	Status, RefererType     string
	Domains                 []string `xml:"DomainList>Domain"`
	EmptyReferConfiguration string
	VerifySignatureURL      string
}

func TestBucketReferer(t *testing.T) {
	t.Parallel()
	e := newEnv(t).withBucket()
	r := e.do(call{Bucket: testBucket, Query: "referer"})
	assert.Equal(t, http.StatusNotFound, r.Status)
	assert.Equal(t, "NoSuchRefererConfiguration", r.errCode())

	// cos-go-sdk-v5's element order, with its VerifySignatureURL.
	goDoc := `<RefererConfiguration><Status>Enabled</Status><RefererType>Black-List</RefererType><DomainList><Domain>*.qq.com</Domain><Domain>10.0.0.1:8080</Domain></DomainList><EmptyReferConfiguration>Allow</EmptyReferConfiguration><VerifySignatureURL>Allow</VerifySignatureURL></RefererConfiguration>`
	r = e.xmlCall(http.MethodPut, "", "referer", goDoc)
	require.Equal(t, http.StatusOK, r.Status, string(r.Body))
	got := decode[refererDoc](t, e.do(call{Bucket: testBucket, Query: "referer="}))
	assert.Equal(t, refererDoc{Status: "Enabled", RefererType: "Black-List", Domains: []string{"*.qq.com", "10.0.0.1:8080"},
		EmptyReferConfiguration: "Allow", VerifySignatureURL: "Allow"}, got)

	for name, tc := range map[string]struct{ doc, code string }{
		"no status":      {`<RefererConfiguration><RefererType>White-List</RefererType><DomainList><Domain>a</Domain></DomainList></RefererConfiguration>`, "MalformedXML"},
		"status On":      {`<RefererConfiguration><Status>On</Status><RefererType>White-List</RefererType><DomainList><Domain>a</Domain></DomainList></RefererConfiguration>`, "InvalidArgument"},
		"type Gray-List": {`<RefererConfiguration><Status>Enabled</Status><RefererType>Gray-List</RefererType><DomainList><Domain>a</Domain></DomainList></RefererConfiguration>`, "InvalidArgument"},
		"no domains":     {`<RefererConfiguration><Status>Enabled</Status><RefererType>White-List</RefererType></RefererConfiguration>`, "MalformedXML"},
		"empty refer":    {`<RefererConfiguration><Status>Enabled</Status><RefererType>White-List</RefererType><DomainList><Domain>a</Domain></DomainList><EmptyReferConfiguration>Sometimes</EmptyReferConfiguration></RefererConfiguration>`, "InvalidArgument"},
	} {
		r := e.xmlCall(http.MethodPut, "", "referer", tc.doc)
		assert.Equal(t, http.StatusBadRequest, r.Status, name)
		assert.Equal(t, tc.code, r.errCode(), name)
	}

	// cos-go-sdk-v5's DeleteReferer: PUT, no body, the MD5 of nothing.
	r = e.do(call{Method: http.MethodPut, Bucket: testBucket, Query: "referer", Header: map[string]string{"Content-Md5": md5b64(nil)}})
	require.Equal(t, http.StatusOK, r.Status, string(r.Body))
	assert.Equal(t, "NoSuchRefererConfiguration", e.do(call{Bucket: testBucket, Query: "referer"}).errCode())
}
