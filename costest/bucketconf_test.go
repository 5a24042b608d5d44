package costest_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The intelligent tiering switch: an empty document until set (COS's GET
// page), then what was sent; COS's rules on Status and Days.
func TestBucketIntelligentTiering(t *testing.T) {
	t.Parallel()
	e := newEnv(t).withBucket()
	r := e.do(call{Bucket: testBucket, Query: "intelligenttiering"})
	require.Equal(t, http.StatusOK, r.Status)
	assert.Equal(t, "<IntelligentTieringConfiguration/>", strings.TrimPrefix(string(r.Body), xmlDecl))

	goSDK := `<IntelligentTieringConfiguration><Status>Enabled</Status><Transition><Days>30</Days><RequestFrequent>1</RequestFrequent></Transition></IntelligentTieringConfiguration>`
	tier := func(status, transition string) string {
		return `<IntelligentTieringConfiguration><Status>` + status + `</Status>` + transition + `</IntelligentTieringConfiguration>`
	}
	runDocCases(t, e, "intelligenttiering", []docCase{
		{"not XML", "<IntelligentTieringConfiguration>", 400, "MalformedXML"},
		{"on", tier("On", ""), 400, "InvalidArgument"},
		{"enabled without transition", tier("Enabled", ""), 400, "MalformedXML"},
		{"45 days", tier("Enabled", "<Transition><Days>45</Days></Transition>"), 400, "InvalidArgument"},
		{"zero requests", tier("Enabled", "<Transition><Days>30</Days><RequestFrequent>0</RequestFrequent></Transition>"), 400, "InvalidArgument"},
		{"suspended", tier("Suspended", ""), 200, ""},
		{"Go SDK", goSDK, 200, ""},
	})
	r = e.do(call{Bucket: testBucket, Query: "intelligenttiering="})
	assert.Equal(t, goSDK, strings.TrimPrefix(string(r.Body), xmlDecl))
	r = e.do(call{Method: http.MethodDelete, Bucket: testBucket, Query: "intelligenttiering"})
	assert.Equal(t, http.StatusMethodNotAllowed, r.Status, "the switch has no DELETE")
}

// Acceleration: no status until set; the accelerate host answers 400
// BucketAccelerateNotEnabled until the switch is Enabled, and again once
// it is Suspended.
func TestBucketAccelerate(t *testing.T) {
	t.Parallel()
	e := newEnv(t).withBucket()
	r := e.do(call{Bucket: testBucket, Query: "accelerate"})
	require.Equal(t, http.StatusOK, r.Status)
	assert.Equal(t, "<AccelerateConfiguration></AccelerateConfiguration>", strings.TrimPrefix(string(r.Body), xmlDecl))

	acc := func(status, typ string) string {
		return `<AccelerateConfiguration><Status>` + status + `</Status>` + typ + `</AccelerateConfiguration>`
	}
	runDocCases(t, e, "accelerate", []docCase{
		{"not XML", "<AccelerateConfiguration>", 400, "MalformedXML"},
		{"disabled", acc("Disabled", ""), 400, "InvalidArgument"},
		{"CDN type", acc("Enabled", "<Type>CDN</Type>"), 400, "InvalidArgument"},
	})

	host := testBucket + ".cos.accelerate.myqcloud.com"
	r = e.do(call{Method: http.MethodPut, Host: host, Key: "k", Body: []byte("v")})
	assert.Equal(t, http.StatusBadRequest, r.Status)
	assert.Equal(t, "BucketAccelerateNotEnabled", r.errCode())

	r = e.xmlCall(http.MethodPut, "", "accelerate", acc("Enabled", "<Type>COS</Type>"))
	require.Equal(t, http.StatusOK, r.Status, string(r.Body))
	r = e.do(call{Bucket: testBucket, Query: "accelerate"})
	assert.Equal(t, acc("Enabled", "<Type>COS</Type>"), strings.TrimPrefix(string(r.Body), xmlDecl))
	r = e.do(call{Method: http.MethodPut, Host: host, Key: "k", Body: []byte("v")})
	assert.Equal(t, http.StatusOK, r.Status, string(r.Body))
	r = e.do(call{Host: host, Key: "k"})
	assert.Equal(t, "v", string(r.Body))

	r = e.xmlCall(http.MethodPut, "", "accelerate", acc("Suspended", ""))
	require.Equal(t, http.StatusOK, r.Status)
	r = e.do(call{Host: host, Key: "k"})
	assert.Equal(t, "BucketAccelerateNotEnabled", r.errCode())
	r = e.do(call{Host: "missing-1250000000.cos.accelerate.myqcloud.com", Key: "k"})
	assert.Equal(t, "NoSuchBucket", r.errCode())
}

func TestBucketDomainValidation(t *testing.T) {
	t.Parallel()
	e := newEnv(t).withBucket()
	rule := func(status, name, typ, forced string) string {
		return `<DomainConfiguration><DomainRule><Status>` + status + `</Status><Name>` + name + `</Name><Type>` + typ +
			`</Type><ForcedReplacement>` + forced + `</ForcedReplacement></DomainRule></DomainConfiguration>`
	}
	twice := strings.Replace(rule("ENABLED", "a.example.com", "REST", ""), "</DomainConfiguration>",
		`<DomainRule><Status>ENABLED</Status><Name>A.example.com</Name><Type>REST</Type></DomainRule></DomainConfiguration>`, 1)
	many := `<DomainConfiguration>` + strings.Repeat(`<DomainRule><Status>ENABLED</Status><Name>x.example.com</Name><Type>REST</Type></DomainRule>`, 21) + `</DomainConfiguration>`
	runDocCases(t, e, "domain", []docCase{
		{"not XML", "<DomainConfiguration>", 400, "MalformedXML"},
		{"no rules", "<DomainConfiguration/>", 400, "MalformedXML"},
		{"21 rules", many, 400, "MalformedXML"},
		{"bad name", rule("ENABLED", "exa mple.com", "REST", ""), 400, "InvalidArgument"},
		{"name twice", twice, 400, "InvalidArgument"},
		{"status on", rule("on", "a.example.com", "REST", ""), 400, "InvalidArgument"},
		{"type CDN", rule("ENABLED", "a.example.com", "CDN", ""), 400, "InvalidArgument"},
		{"replacement by MX", rule("ENABLED", "a.example.com", "REST", "MX"), 400, "InvalidArgument"},
		{"website without one", rule("ENABLED", "a.example.com", "WEBSITE", ""), 400, "InvalidArgument"},
		{"acceleration not enabled", rule("ENABLED", "a.example.com", "ACCELERATE", ""), 400, "InvalidArgument"},
		{"Go SDK", rule("ENABLED", "www.abc.com", "REST", "CNAME"), 200, ""},
	})
	r := e.do(call{Bucket: testBucket, Query: "domain"})
	assert.Equal(t, rule("ENABLED", "www.abc.com", "REST", "CNAME"), strings.TrimPrefix(string(r.Body), xmlDecl))
}

// goSDKOrigin is what cos-go-sdk-v5 v0.7.70 sends for an origin rule
// (BucketOriginHostInfo's own MarshalXML numbers the stand-by hosts).
const goSDKOrigin = `<OriginConfiguration><OriginRule><RulePriority>1</RulePriority><OriginType>Mirror</OriginType>` +
	`<OriginCondition><HTTPStatusCode>404</HTTPStatusCode></OriginCondition>` +
	`<OriginParameter><Protocol>FOLLOW</Protocol><FollowQueryString>true</FollowQueryString><HttpHeader>` +
	`<NewHttpHeaders><Header><Key>x-cos-a</Key><Value>b</Value></Header></NewHttpHeaders></HttpHeader>` +
	`<FollowRedirection>true</FollowRedirection><HttpRedirectCode>301</HttpRedirectCode></OriginParameter>` +
	`<OriginInfo><HostInfo><HostName>www.example.com</HostName><Weight>10</Weight>` +
	`<StandbyHostName_1>b1.example.com</StandbyHostName_1></HostInfo></OriginInfo></OriginRule></OriginConfiguration>`

func TestBucketOriginValidation(t *testing.T) {
	t.Parallel()
	e := newEnv(t).withBucket()
	r := e.do(call{Bucket: testBucket, Query: "origin"})
	assert.Equal(t, "NoSuchOriginConfiguration", r.errCode())
	swap := func(old, new string) string { return strings.Replace(goSDKOrigin, old, new, 1) }
	headers := strings.Repeat(`<Header><Key>x-cos-a</Key><Value>b</Value></Header>`, 11)
	runDocCases(t, e, "origin", []docCase{
		{"not XML", "<OriginConfiguration>", 400, "MalformedXML"},
		{"no rules", "<OriginConfiguration/>", 400, "MalformedXML"},
		{"priority 0", swap("<RulePriority>1", "<RulePriority>0"), 400, "InvalidArgument"},
		{"same priority twice", swap("</OriginConfiguration>", goSDKOrigin[len("<OriginConfiguration>"):]), 400, "InvalidArgument"},
		{"type Cache", swap("<OriginType>Mirror", "<OriginType>Cache"), 400, "InvalidArgument"},
		{"mirror on 403", swap("<HTTPStatusCode>404", "<HTTPStatusCode>403"), 400, "InvalidArgument"},
		{"redirect on 200", swap("<OriginType>Mirror</OriginType><OriginCondition><HTTPStatusCode>404", "<OriginType>Redirect</OriginType><OriginCondition><HTTPStatusCode>200"), 400, "InvalidArgument"},
		{"FTP", swap("<Protocol>FOLLOW", "<Protocol>FTP"), 400, "InvalidArgument"},
		{"redirect 307", swap("<HttpRedirectCode>301", "<HttpRedirectCode>307"), 400, "InvalidArgument"},
		{"11 new headers", swap(`<Header><Key>x-cos-a</Key><Value>b</Value></Header>`, headers), 400, "InvalidArgument"},
		{"no host", swap("<HostName>www.example.com</HostName>", ""), 400, "MalformedXML"},
		{"redirect on 4XX", swap("<OriginType>Mirror</OriginType><OriginCondition><HTTPStatusCode>404", "<OriginType>Redirect</OriginType><OriginCondition><HTTPStatusCode>4XX"), 200, ""},
		{"Go SDK", goSDKOrigin, 200, ""},
	})
	r = e.do(call{Bucket: testBucket, Query: "origin"})
	assert.Equal(t, goSDKOrigin, strings.TrimPrefix(string(r.Body), xmlDecl), "returned as sent")
	r = e.do(call{Method: http.MethodDelete, Bucket: testBucket, Query: "origin"})
	assert.Equal(t, http.StatusNoContent, r.Status)
}
