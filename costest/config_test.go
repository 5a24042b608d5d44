package costest_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type aclDoc struct {
	Owner struct {
		ID string `xml:"ID"`
	} `xml:"Owner"`
	Grants []struct {
		Grantee struct {
			Type string `xml:"http://www.w3.org/2001/XMLSchema-instance type,attr"`
			ID   string `xml:"ID"`
			URI  string `xml:"URI"`
		} `xml:"Grantee"`
		Permission string `xml:"Permission"`
	} `xml:"AccessControlList>Grant"`
}

func (d aclDoc) grants() []string {
	var out []string
	for _, g := range d.Grants {
		out = append(out, g.Grantee.Type+":"+g.Grantee.ID+g.Grantee.URI+":"+g.Permission)
	}
	return out
}

const (
	ownerID  = "qcs::cam::uin/100000000001:uin/100000000001"
	allUsers = "http://cam.qcloud.com/groups/global/AllUsers"
)

func TestBucketAndObjectACL(t *testing.T) {
	t.Parallel()
	e := newEnv(t).withBucket()
	e.put("o", []byte("x"), nil)
	sub := "qcs::cam::uin/100000000001:uin/100000000011"
	bodyXSI := `<AccessControlPolicy><Owner><ID>` + ownerID + `</ID></Owner><AccessControlList>` +
		`<Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="CanonicalUser"><ID>` + sub + `</ID></Grantee><Permission>READ</Permission></Grant>` +
		`<Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="Group"><URI>` + allUsers + `</URI></Grantee><Permission>READ</Permission></Grant>` +
		`</AccessControlList></AccessControlPolicy>`
	bodyGo := `<AccessControlPolicy><Owner><ID>` + ownerID + `</ID></Owner><AccessControlList><Grant><Grantee type="CanonicalUser"><ID>` + ownerID + `</ID></Grantee><Permission>FULL_CONTROL</Permission></Grant></AccessControlList></AccessControlPolicy>`
	bodyNode := `<AccessControlPolicy><Owner><ID>` + ownerID + `</ID></Owner><AccessControlList><Grant><Grantee><ID>` + sub + `</ID></Grantee><Permission>WRITE_ACP</Permission></Grant></AccessControlList></AccessControlPolicy>`

	for _, target := range []string{"", "o"} {
		tests := []struct {
			name   string
			c      call
			status int
			code   string
			grants []string
		}{
			{name: "canned header", c: call{Header: map[string]string{"x-cos-acl": "public-read"}}, status: 200,
				grants: []string{"CanonicalUser:" + ownerID + ":FULL_CONTROL", "Group:" + allUsers + ":READ"}},
			{name: "go header form (empty xml body)", c: call{Header: map[string]string{"x-cos-acl": "public-read-write",
				"Content-Type": "application/xml", "Content-MD5": "1B2M2Y8AsgTpgAmY7PhCfg=="}, Body: []byte{}}, status: 200,
				grants: []string{"CanonicalUser:" + ownerID + ":FULL_CONTROL", "Group:" + allUsers + ":READ", "Group:" + allUsers + ":WRITE"}},
			{name: "grant headers", c: call{Header: map[string]string{"x-cos-grant-read": `id="` + sub + `",id="100000000002"`,
				"x-cos-grant-full-control": `id="` + ownerID + `"`}}, status: 200,
				grants: []string{"CanonicalUser:" + sub + ":READ", "CanonicalUser:100000000002:READ", "CanonicalUser:" + ownerID + ":FULL_CONTROL"}},
			{name: "xsi body", c: call{Body: []byte(bodyXSI), Header: map[string]string{"Content-Type": "application/xml"}}, status: 200,
				grants: []string{"CanonicalUser:" + ownerID + ":FULL_CONTROL", "CanonicalUser:" + sub + ":READ", "Group:" + allUsers + ":READ"}},
			{name: "go body", c: call{Body: []byte(bodyGo)}, status: 200,
				grants: []string{"CanonicalUser:" + ownerID + ":FULL_CONTROL"}},
			{name: "node body", c: call{Body: []byte(bodyNode)}, status: 200,
				grants: []string{"CanonicalUser:" + ownerID + ":FULL_CONTROL", "CanonicalUser:" + sub + ":WRITE_ACP"}},
			{name: "both", c: call{Body: []byte(bodyGo), Header: map[string]string{"x-cos-acl": "private"}}, status: 400, code: "InvalidRequest"},
			{name: "neither", c: call{}, status: 400, code: "InvalidRequest"},
			{name: "bad permission", c: call{Body: []byte(strings.Replace(bodyNode, "WRITE_ACP", "ALL", 1))}, status: 400, code: "MalformedXML"},
			{name: "bad grant header", c: call{Header: map[string]string{"x-cos-grant-read": "nobody"}}, status: 400, code: "InvalidArgument"},
		}
		for _, tt := range tests {
			tt.c.Method, tt.c.Bucket, tt.c.Key, tt.c.Query = http.MethodPut, testBucket, target, "acl"
			r := e.do(tt.c)
			require.Equal(t, tt.status, r.Status, "%q %s: %s", target, tt.name, r.Body)
			assert.Equal(t, tt.code, r.errCode())
			if tt.grants == nil {
				continue
			}
			r = e.do(call{Bucket: testBucket, Key: target, Query: "acl="})
			require.Equal(t, 200, r.Status)
			assert.Contains(t, string(r.Body), `xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"`)
			doc := decode[aclDoc](t, r)
			assert.Equal(t, ownerID, doc.Owner.ID)
			assert.Equal(t, tt.grants, doc.grants(), "%q %s", target, tt.name)
		}
	}
	r := e.do(call{Method: http.MethodPut, Bucket: testBucket, Key: "o", Query: "acl", Header: map[string]string{"x-cos-acl": "default"}})
	require.Equal(t, 200, r.Status)
	r = e.do(call{Bucket: testBucket, Key: "o", Query: "acl"})
	assert.Equal(t, "default", r.Header.Get("x-cos-acl"))
	r = e.do(call{Method: http.MethodPut, Bucket: testBucket, Query: "acl", Header: map[string]string{"x-cos-acl": "default"}})
	assert.Equal(t, "InvalidArgument", r.errCode(), "default is for objects only")
	r = e.do(call{Bucket: testBucket, Key: "missing", Query: "acl"})
	assert.Equal(t, "NoSuchKey", r.errCode())
}

func TestPublicAccess(t *testing.T) {
	t.Parallel()
	e := newEnv(t).withBucket()
	e.put("private", []byte("p"), nil)
	e.put("public", []byte("o"), map[string]string{"x-cos-acl": "public-read"})
	get := func(key string) int {
		return e.do(call{Bucket: testBucket, Key: key, Unsigned: true}).Status
	}
	assert.Equal(t, 403, get("private"))
	assert.Equal(t, 200, get("public"))
	r := e.do(call{Bucket: testBucket, Key: "public", Query: "response-content-type=text%2Fhtml", Unsigned: true})
	assert.Equal(t, 403, r.Status, "response-* needs a signature")
	assert.Equal(t, 403, e.do(call{Bucket: testBucket, Unsigned: true}).Status)
	assert.Equal(t, 403, e.do(call{Method: http.MethodPut, Bucket: testBucket, Key: "w", Body: []byte("w"), Unsigned: true}).Status)

	require.Equal(t, 200, e.do(call{Method: http.MethodPut, Bucket: testBucket, Query: "acl", Header: map[string]string{"x-cos-acl": "public-read-write"}}).Status)
	assert.Equal(t, 200, get("private"), "objects with the default ACL inherit the bucket's")
	assert.Equal(t, 200, e.do(call{Bucket: testBucket, Unsigned: true}).Status)
	assert.Equal(t, 200, e.do(call{Method: http.MethodPut, Bucket: testBucket, Key: "w", Body: []byte("w"), Unsigned: true}).Status)
	assert.Equal(t, 403, e.do(call{Bucket: testBucket, Query: "acl", Unsigned: true}).Status, "configuration is owner-only")
	require.Equal(t, 200, e.do(call{Method: http.MethodPut, Bucket: testBucket, Key: "private", Query: "acl", Header: map[string]string{"x-cos-acl": "private"}}).Status)
	assert.Equal(t, 403, get("private"), "an explicit object ACL overrides the bucket")
}

const corsBody = `<CORSConfiguration>
  <CORSRule>
    <ID>1234</ID>
    <MaxAgeSeconds>500</MaxAgeSeconds>
    <AllowedOrigin>http://www.qq.com</AllowedOrigin>
    <AllowedOrigin>https://*.example.com</AllowedOrigin>
    <AllowedMethod>PUT</AllowedMethod>
    <AllowedMethod>get</AllowedMethod>
    <AllowedHeader>x-cos-meta-*</AllowedHeader>
    <AllowedHeader>Content-Type</AllowedHeader>
    <ExposeHeader>ETag</ExposeHeader>
  </CORSRule>
  <CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>HEAD</AllowedMethod></CORSRule>
  <ResponseVary>true</ResponseVary>
</CORSConfiguration>`

type corsDoc struct {
	Rules []struct {
		ID             string   `xml:"ID"`
		AllowedOrigins []string `xml:"AllowedOrigin"`
		AllowedMethods []string `xml:"AllowedMethod"`
		AllowedHeaders []string `xml:"AllowedHeader"`
		ExposeHeaders  []string `xml:"ExposeHeader"`
		MaxAgeSeconds  *int     `xml:"MaxAgeSeconds"`
	} `xml:"CORSRule"`
	ResponseVary string `xml:"ResponseVary"`
}

func TestBucketCORS(t *testing.T) {
	t.Parallel()
	e := newEnv(t).withBucket()
	preflight := func(origin, method, headers string) result {
		h := map[string]string{"Origin": origin, "Access-Control-Request-Method": method}
		if headers != "" {
			h["Access-Control-Request-Headers"] = headers
		}
		return e.do(call{Method: http.MethodOptions, Bucket: testBucket, Key: "a/b.txt", Header: h, Unsigned: true})
	}
	r := e.do(call{Bucket: testBucket, Query: "cors"})
	assert.Equal(t, 404, r.Status)
	assert.Equal(t, "NoSuchCORSConfiguration", r.errCode())
	assert.Equal(t, 403, preflight("http://www.qq.com", "PUT", "").Status, "no CORS configuration")

	r = e.xmlCall(http.MethodPut, "", "cors", corsBody)
	require.Equal(t, 200, r.Status, string(r.Body))
	r = e.do(call{Bucket: testBucket, Query: "cors="})
	require.Equal(t, 200, r.Status)
	doc := decode[corsDoc](t, r)
	require.Len(t, doc.Rules, 2)
	assert.Equal(t, "1234", doc.Rules[0].ID)
	assert.Equal(t, []string{"http://www.qq.com", "https://*.example.com"}, doc.Rules[0].AllowedOrigins)
	assert.Equal(t, []string{"PUT", "GET"}, doc.Rules[0].AllowedMethods)
	assert.Equal(t, []string{"ETag"}, doc.Rules[0].ExposeHeaders)
	require.NotNil(t, doc.Rules[0].MaxAgeSeconds)
	assert.Equal(t, 500, *doc.Rules[0].MaxAgeSeconds)
	assert.Nil(t, doc.Rules[1].MaxAgeSeconds)
	assert.Equal(t, "true", doc.ResponseVary)

	r = preflight("https://app.example.com", "PUT", "Content-Type, x-cos-meta-author")
	require.Equal(t, 200, r.Status, string(r.Body))
	assert.Equal(t, "https://app.example.com", r.Header.Get("Access-Control-Allow-Origin"))
	assert.Equal(t, "PUT,GET", r.Header.Get("Access-Control-Allow-Methods"))
	assert.Equal(t, "content-type,x-cos-meta-author", r.Header.Get("Access-Control-Allow-Headers"))
	assert.Equal(t, "ETag", r.Header.Get("Access-Control-Expose-Headers"))
	assert.Equal(t, "500", r.Header.Get("Access-Control-Max-Age"))
	assert.Contains(t, r.Header.Get("Vary"), "Origin")
	r = preflight("http://anything.test", "HEAD", "")
	require.Equal(t, 200, r.Status)
	assert.Equal(t, "*", r.Header.Get("Access-Control-Allow-Origin"))
	for _, bad := range [][3]string{
		{"http://evil.test", "PUT", ""},
		{"http://www.qq.com", "DELETE", ""},
		{"http://www.qq.com", "PUT", "authorization"},
	} {
		r = preflight(bad[0], bad[1], bad[2])
		assert.Equal(t, 403, r.Status, bad)
		assert.Equal(t, "AccessForbidden", r.errCode(), bad)
	}
	assert.Equal(t, 400, preflight("", "PUT", "").Status)

	// An actual request with a matching Origin gets the CORS headers.
	e.put("a/b.txt", []byte("x"), nil)
	r = e.do(call{Bucket: testBucket, Key: "a/b.txt", Header: map[string]string{"Origin": "http://www.qq.com"}})
	assert.Equal(t, "http://www.qq.com", r.Header.Get("Access-Control-Allow-Origin"))
	assert.Equal(t, "ETag", r.Header.Get("Access-Control-Expose-Headers"))

	for _, bad := range []struct{ body, code string }{
		{`<CORSConfiguration></CORSConfiguration>`, "MalformedXML"},
		{`<CORSConfiguration><CORSRule><AllowedMethod>GET</AllowedMethod></CORSRule></CORSConfiguration>`, "MalformedXML"},
		{`<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>PATCH</AllowedMethod></CORSRule></CORSConfiguration>`, "InvalidArgument"},
		{`<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod><MaxAgeSeconds>x</MaxAgeSeconds></CORSRule></CORSConfiguration>`, "MalformedXML"},
		{`<CORSConfiguration>` + strings.Repeat(`<CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod></CORSRule>`, 101) + `</CORSConfiguration>`, "MalformedXML"},
		{`<CORS`, "MalformedXML"},
	} {
		r = e.xmlCall(http.MethodPut, "", "cors", bad.body)
		assert.Equal(t, bad.code, r.errCode(), bad.body[:min(60, len(bad.body))])
	}
	r = e.do(call{Method: http.MethodDelete, Bucket: testBucket, Query: "cors"})
	assert.Equal(t, 204, r.Status)
	r = e.do(call{Bucket: testBucket, Query: "cors"})
	assert.Equal(t, "NoSuchCORSConfiguration", r.errCode())
	r = e.do(call{Method: http.MethodDelete, Bucket: testBucket, Query: "cors"})
	assert.Equal(t, 204, r.Status, "deleting an absent configuration succeeds")
}

const lifecycleBody = `<LifecycleConfiguration xmlns="http://example.com/ns">
  <Rule>
    <ID>archive-logs</ID>
    <Filter><And><Prefix>logs/</Prefix><Tag><Key>type</Key><Value>log</Value></Tag></And></Filter>
    <Status>Enabled</Status>
    <Transition><Days>30</Days><StorageClass>Standard_IA</StorageClass></Transition>
    <Transition><Days>90</Days><StorageClass>ARCHIVE</StorageClass></Transition>
    <Expiration><Days>365</Days></Expiration>
    <AbortIncompleteMultipartUpload><DaysAfterInitiation>7</DaysAfterInitiation></AbortIncompleteMultipartUpload>
  </Rule>
  <Rule>
    <ID>expire-on-date</ID>
    <Filter><Prefix>tmp/ </Prefix></Filter>
    <Status>Disabled</Status>
    <Expiration><Date>2018-04-20T00:00:00+08:00</Date></Expiration>
  </Rule>
</LifecycleConfiguration>`

func TestBucketLifecycle(t *testing.T) {
	t.Parallel()
	e := newEnv(t).withBucket()
	r := e.do(call{Bucket: testBucket, Query: "lifecycle"})
	assert.Equal(t, 404, r.Status)
	assert.Equal(t, "NoSuchLifecycleConfiguration", r.errCode())

	r = e.xmlCall(http.MethodPut, "", "lifecycle", lifecycleBody)
	require.Equal(t, 200, r.Status, string(r.Body))
	r = e.do(call{Bucket: testBucket, Query: "lifecycle="})
	require.Equal(t, 200, r.Status)
	assert.Equal(t, "application/xml", r.Header.Get("Content-Type"))
	want := `<LifecycleConfiguration><Rule><ID>archive-logs</ID><Filter><And><Prefix>logs/</Prefix><Tag><Key>type</Key><Value>log</Value></Tag></And></Filter>` +
		`<Status>Enabled</Status><Transition><Days>30</Days><StorageClass>STANDARD_IA</StorageClass></Transition><Transition><Days>90</Days><StorageClass>ARCHIVE</StorageClass></Transition>` +
		`<Expiration><Days>365</Days></Expiration><AbortIncompleteMultipartUpload><DaysAfterInitiation>7</DaysAfterInitiation></AbortIncompleteMultipartUpload></Rule>` +
		`<Rule><ID>expire-on-date</ID><Filter><Prefix>tmp/ </Prefix></Filter><Status>Disabled</Status><Expiration><Date>2018-04-20T00:00:00+08:00</Date></Expiration></Rule></LifecycleConfiguration>`
	assert.Equal(t, want, strings.TrimSpace(string(r.Body[strings.Index(string(r.Body), "<Lifecycle"):])))

	rule := func(inner string) string {
		return `<LifecycleConfiguration><Rule><ID>r</ID>` + inner + `</Rule></LifecycleConfiguration>`
	}
	for _, bad := range []struct{ body, code string }{
		{`<LifecycleConfiguration></LifecycleConfiguration>`, "MalformedXML"},
		{rule(`<Filter/><Status>On</Status><Expiration><Days>1</Days></Expiration>`), "MalformedXML"},
		{rule(`<Status>Enabled</Status><Expiration><Days>1</Days></Expiration>`), "MalformedXML"},
		{rule(`<Filter/><Status>Enabled</Status>`), "MalformedXML"},
		{rule(`<Filter/><Status>Enabled</Status><Expiration><Days>1</Days><Date>2018-04-20T00:00:00+08:00</Date></Expiration>`), "InvalidArgument"},
		{rule(`<Filter/><Status>Enabled</Status><Expiration><Date>20 April</Date></Expiration>`), "InvalidArgument"},
		{rule(`<Filter/><Status>Enabled</Status><Expiration><Days>0</Days></Expiration>`), "InvalidArgument"},
		{rule(`<Filter/><Status>Enabled</Status><Transition><Days>1</Days><StorageClass>COLD</StorageClass></Transition>`), "InvalidArgument"},
		{rule(`<Filter><Prefix>a</Prefix><Tag><Key>k</Key><Value>v</Value></Tag></Filter><Status>Enabled</Status><Expiration><Days>1</Days></Expiration>`), "MalformedXML"},
		{`<Lifecycle`, "MalformedXML"},
	} {
		r = e.xmlCall(http.MethodPut, "", "lifecycle", bad.body)
		assert.Equal(t, bad.code, r.errCode(), bad.body)
	}
	r = e.do(call{Method: http.MethodDelete, Bucket: testBucket, Query: "lifecycle"})
	assert.Equal(t, 204, r.Status)
	r = e.do(call{Bucket: testBucket, Query: "lifecycle"})
	assert.Equal(t, "NoSuchLifecycleConfiguration", r.errCode())
}
