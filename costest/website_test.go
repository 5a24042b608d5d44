package costest_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// docCase is one configuration document and the answer COS gives it.
type docCase struct {
	name   string
	body   string
	status int
	code   string
}

// runDocCases PUTs each body to ?query on testBucket and checks the
// answer.
func runDocCases(t *testing.T, e *env, query string, cases []docCase) {
	t.Helper()
	for _, tc := range cases {
		r := e.xmlCall(http.MethodPut, "", query, tc.body)
		assert.Equal(t, tc.status, r.Status, "%s: %s", tc.name, r.Body)
		if tc.code != "" {
			assert.Equal(t, tc.code, r.errCode(), tc.name)
		}
	}
}

// xmlDecl starts every costest XML answer.
const xmlDecl = "<?xml version='1.0' encoding='utf-8' ?>\n"

// What cos-go-sdk-v5 v0.7.70 sends for the sample of its website test
// (BucketPutWebsiteOptions marshalled: no declaration, omitted empties).
const goSDKWebsite = `<WebsiteConfiguration><IndexDocument><Suffix>index.html</Suffix></IndexDocument>` +
	`<RedirectAllRequestsTo><Protocol>https</Protocol></RedirectAllRequestsTo>` +
	`<ErrorDocument><Key>Error.html</Key><OriginalHttpStatus>Enabled</OriginalHttpStatus></ErrorDocument>` +
	`<RoutingRules><RoutingRule><Condition><HttpErrorCodeReturnedEquals>404</HttpErrorCodeReturnedEquals></Condition>` +
	`<Redirect><Protocol>https</Protocol><ReplaceKeyWith>404.html</ReplaceKeyWith></Redirect></RoutingRule>` +
	`<RoutingRule><Condition><KeyPrefixEquals>docs/</KeyPrefixEquals></Condition>` +
	`<Redirect><Protocol>https</Protocol><ReplaceKeyPrefixWith>documents/</ReplaceKeyPrefixWith></Redirect></RoutingRule></RoutingRules>` +
	`</WebsiteConfiguration>`

func TestBucketWebsite(t *testing.T) {
	t.Parallel()
	e := newEnv(t).withBucket()

	r := e.do(call{Bucket: testBucket, Query: "website"})
	assert.Equal(t, http.StatusNotFound, r.Status)
	assert.Equal(t, "NoSuchWebsiteConfiguration", r.errCode())

	// The Go SDK's form, then the Node SDK's "website=" form with
	// indentation: both stored, and returned as sent minus whitespace.
	r = e.xmlCall(http.MethodPut, "", "website", goSDKWebsite)
	require.Equal(t, http.StatusOK, r.Status, string(r.Body))
	r = e.do(call{Bucket: testBucket, Query: "website"})
	require.Equal(t, http.StatusOK, r.Status)
	assert.Equal(t, goSDKWebsite, strings.TrimPrefix(string(r.Body), xmlDecl))

	indented := "<WebsiteConfiguration>\n  <IndexDocument>\n    <Suffix>home.html</Suffix>\n  </IndexDocument>\n</WebsiteConfiguration>"
	r = e.xmlCall(http.MethodPut, "", "website=", indented)
	require.Equal(t, http.StatusOK, r.Status, string(r.Body))
	r = e.do(call{Bucket: testBucket, Query: "website="})
	assert.Equal(t, `<WebsiteConfiguration><IndexDocument><Suffix>home.html</Suffix></IndexDocument></WebsiteConfiguration>`,
		strings.TrimPrefix(string(r.Body), xmlDecl))

	r = e.do(call{Method: http.MethodDelete, Bucket: testBucket, Query: "website"})
	assert.Equal(t, http.StatusNoContent, r.Status)
	r = e.do(call{Bucket: testBucket, Query: "website"})
	assert.Equal(t, "NoSuchWebsiteConfiguration", r.errCode())
	r = e.do(call{Method: http.MethodDelete, Bucket: testBucket, Query: "website"})
	assert.Equal(t, http.StatusNoContent, r.Status, "deleting nothing is fine")

	r = e.xmlCall(http.MethodPut, "", "website", goSDKWebsite)
	require.Equal(t, http.StatusOK, r.Status)
	r = e.do(call{Method: http.MethodDelete, Bucket: testBucket})
	require.Equal(t, http.StatusNoContent, r.Status)
	r = e.do(call{Bucket: testBucket, Query: "website"})
	assert.Equal(t, "NoSuchBucket", r.errCode())
}

func TestBucketWebsiteValidation(t *testing.T) {
	t.Parallel()
	e := newEnv(t).withBucket()
	doc := func(inner string) string {
		return `<WebsiteConfiguration><IndexDocument><Suffix>index.html</Suffix></IndexDocument>` + inner + `</WebsiteConfiguration>`
	}
	rule := func(cond, redirect string) string {
		return doc(`<RoutingRules><RoutingRule><Condition>` + cond + `</Condition><Redirect>` + redirect + `</Redirect></RoutingRule></RoutingRules>`)
	}
	many := strings.Repeat(`<RoutingRule><Condition><KeyPrefixEquals>a/</KeyPrefixEquals></Condition><Redirect><ReplaceKeyWith>b</ReplaceKeyWith></Redirect></RoutingRule>`, 101)
	runDocCases(t, e, "website", []docCase{
		{"not XML", "<WebsiteConfiguration>", 400, "MalformedXML"},
		{"other root", "<CORSConfiguration/>", 400, "MalformedXML"},
		{"no index", "<WebsiteConfiguration/>", 400, "MalformedXML"},
		{"empty suffix", "<WebsiteConfiguration><IndexDocument><Suffix> </Suffix></IndexDocument></WebsiteConfiguration>", 400, "MalformedXML"},
		{"ftp redirect", doc(`<RedirectAllRequestsTo><Protocol>ftp</Protocol></RedirectAllRequestsTo>`), 400, "InvalidArgument"},
		{"auto addressing on", doc(`<AutoAddressing><Status>On</Status></AutoAddressing>`), 400, "InvalidArgument"},
		{"error document without key", doc(`<ErrorDocument></ErrorDocument>`), 400, "MalformedXML"},
		{"original status yes", doc(`<ErrorDocument><Key>e.html</Key><OriginalHttpStatus>yes</OriginalHttpStatus></ErrorDocument>`), 400, "InvalidArgument"},
		{"101 rules", doc(`<RoutingRules>` + many + `</RoutingRules>`), 400, "InvalidArgument"},
		{"no condition", rule(``, `<ReplaceKeyWith>b</ReplaceKeyWith>`), 400, "InvalidArgument"},
		{"two conditions", rule(`<HttpErrorCodeReturnedEquals>404</HttpErrorCodeReturnedEquals><KeyPrefixEquals>a</KeyPrefixEquals>`, `<ReplaceKeyWith>b</ReplaceKeyWith>`), 400, "InvalidArgument"},
		{"5XX code", rule(`<HttpErrorCodeReturnedEquals>503</HttpErrorCodeReturnedEquals>`, `<ReplaceKeyWith>b</ReplaceKeyWith>`), 400, "InvalidArgument"},
		{"no replacement", rule(`<KeyPrefixEquals>a</KeyPrefixEquals>`, `<Protocol>https</Protocol>`), 400, "InvalidArgument"},
		{"two replacements", rule(`<KeyPrefixEquals>a</KeyPrefixEquals>`, `<ReplaceKeyWith>b</ReplaceKeyWith><ReplaceKeyPrefixWith>c</ReplaceKeyPrefixWith>`), 400, "InvalidArgument"},
		{"prefix replaced on an error code", rule(`<HttpErrorCodeReturnedEquals>404</HttpErrorCodeReturnedEquals>`, `<ReplaceKeyPrefixWith>c</ReplaceKeyPrefixWith>`), 400, "InvalidArgument"},
		{"gopher redirect", rule(`<KeyPrefixEquals>a</KeyPrefixEquals>`, `<Protocol>gopher</Protocol><ReplaceKeyWith>b</ReplaceKeyWith>`), 400, "InvalidArgument"},
		{"valid", rule(`<KeyPrefixEquals>a</KeyPrefixEquals>`, `<Protocol>HTTPS</Protocol><ReplaceKeyPrefixWith>c</ReplaceKeyPrefixWith>`), 200, ""},
	})
	r := e.do(call{Method: http.MethodPut, Bucket: "missing-1250000000", Query: "website", Body: []byte(goSDKWebsite)})
	assert.Equal(t, "NoSuchBucket", r.errCode())
}
