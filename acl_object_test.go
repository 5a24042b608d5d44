package cos

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestObjectPutACL(t *testing.T) {
	t.Parallel()
	rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request, n int) {})
	c := rec.client(t)
	ctx := context.Background()
	_, err := c.Object.PutACL(ctx, "a b", &ACLOptions{ACLHeaders: ACLHeaders{ACL: ACLDefault, GrantReadACP: `id="x"`}})
	require.NoError(t, err)
	policy := &AccessControlPolicy{
		Owner:             Owner{ID: "qcs::cam::uin/1:uin/1"},
		AccessControlList: []Grant{{Grantee: Grantee{URI: AllUsersURI}, Permission: PermRead}},
	}
	_, err = c.Object.PutACL(ctx, "a b", &ACLOptions{AccessControlPolicy: policy})
	require.NoError(t, err)

	reqs := rec.requests()
	require.Len(t, reqs, 2)
	for _, r := range reqs {
		assert.True(t, r.SigOK)
		assert.Equal(t, http.MethodPut, r.Method)
		assert.Equal(t, "/"+testBucket+"/a%20b", r.RawPath)
		assert.Equal(t, "acl", r.RawQuery)
	}
	assert.Equal(t, "default", reqs[0].Header.Get("x-cos-acl"))
	assert.Equal(t, `id="x"`, reqs[0].Header.Get("x-cos-grant-read-acp"))
	assert.Empty(t, reqs[0].Body)
	assert.Empty(t, reqs[1].Header.Get("x-cos-acl"))
	assert.Contains(t, string(reqs[1].Body), `xsi:type="Group"`)
	assert.Equal(t, contentMD5(reqs[1].Body), reqs[1].Header.Get("Content-MD5"))

	for name, opt := range map[string]*ACLOptions{
		"nil":                nil,
		"empty":              {},
		"both":               {ACLHeaders: ACLHeaders{ACL: ACLPrivate}, AccessControlPolicy: policy},
		"bucket-only canned": {ACLHeaders: ACLHeaders{ACL: ACLAuthenticatedRead}},
	} {
		_, err := c.Object.PutACL(ctx, "a", opt)
		require.ErrorIs(t, err, ErrInvalidArgument, name)
	}
	assert.Len(t, rec.requests(), 2)
}

func TestObjectGetACL(t *testing.T) {
	t.Parallel()
	rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request, n int) {
		writeXML(w, 200, `<AccessControlPolicy><Owner><ID>qcs::cam::uin/1:uin/1</ID></Owner><AccessControlList>`+
			`<Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="Group"><URI>`+AllUsersURI+`</URI></Grantee><Permission>READ</Permission></Grant>`+
			`</AccessControlList></AccessControlPolicy>`)
	})
	c := rec.client(t)
	acl, _, err := c.Object.GetACL(context.Background(), "a")
	require.NoError(t, err)
	assert.Equal(t, ACLPublicRead, acl.CannedACL())
	assert.Equal(t, GranteeGroup, acl.AccessControlList[0].Grantee.Type)
	r := rec.requests()[0]
	assert.Equal(t, http.MethodGet, r.Method)
	assert.Equal(t, "acl", r.RawQuery)
	assert.True(t, r.SigOK)
}
