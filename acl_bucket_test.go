package cos_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/cosgo/cos"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const bktOwner = "qcs::cam::uin/100000000001:uin/100000000001"

func bktPolicy() *cos.AccessControlPolicy {
	return &cos.AccessControlPolicy{
		Owner: cos.Owner{ID: bktOwner},
		AccessControlList: []cos.Grant{
			{Grantee: cos.Grantee{Type: cos.GranteeCanonicalUser, ID: bktOwner}, Permission: cos.PermFullControl},
			{Grantee: cos.Grantee{Type: cos.GranteeGroup, URI: cos.AllUsersURI}, Permission: cos.PermRead},
		},
	}
}

func TestBucketPutACLHeaders(t *testing.T) {
	t.Parallel()
	s := newBktServer(t, nil)
	opt := &cos.ACLOptions{ACLHeaders: cos.ACLHeaders{ACL: cos.ACLAuthenticatedRead, GrantFullControl: `id="` + bktOwner + `"`}}
	_, err := s.client(t).Bucket.PutACL(context.Background(), opt)
	require.NoError(t, err)
	r := s.requests()[0]
	assert.Equal(t, http.MethodPut, r.Method)
	assert.Equal(t, "/"+bktName+"/", r.Path)
	assert.Equal(t, "acl", r.RawQuery)
	assert.Equal(t, "authenticated-read", r.Header.Get("x-cos-acl"))
	assert.Equal(t, `id="`+bktOwner+`"`, r.Header.Get("x-cos-grant-full-control"))
	assert.Empty(t, r.Body)
	assert.Empty(t, r.Header.Get("Content-MD5"))
}

func TestBucketPutACLBody(t *testing.T) {
	t.Parallel()
	s := newBktServer(t, nil)
	_, err := s.client(t).Bucket.PutACL(context.Background(), &cos.ACLOptions{AccessControlPolicy: bktPolicy()})
	require.NoError(t, err)
	r := s.requests()[0]
	assert.Equal(t, "acl", r.RawQuery)
	assert.Empty(t, r.Header.Get("x-cos-acl"), "never headers and body together")
	bktAssertXMLBody(t, r)
	bktGolden(t, "bucket_acl.request.xml", r.Body)
}

func TestBucketPutACLBadInput(t *testing.T) {
	t.Parallel()
	noOwner := bktPolicy()
	noOwner.Owner.ID = ""
	badPerm := bktPolicy()
	badPerm.AccessControlList[0].Permission = "ALL"
	cases := map[string]*cos.ACLOptions{
		"nil":                  nil,
		"empty":                {},
		"headers and body":     {ACLHeaders: cos.ACLHeaders{ACL: cos.ACLPrivate}, AccessControlPolicy: bktPolicy()},
		"grant and body":       {ACLHeaders: cos.ACLHeaders{GrantRead: `id="x"`}, AccessControlPolicy: bktPolicy()},
		"object-only canned":   {ACLHeaders: cos.ACLHeaders{ACL: cos.ACLDefault}},
		"policy without ID":    {AccessControlPolicy: noOwner},
		"unknown permission":   {AccessControlPolicy: badPerm},
		"unknown canned value": {ACLHeaders: cos.ACLHeaders{ACL: "bucket-owner-read"}},
	}
	for name, opt := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			s := newBktServer(t, nil)
			_, err := s.client(t).Bucket.PutACL(context.Background(), opt)
			require.ErrorIs(t, err, cos.ErrInvalidArgument)
			assert.Empty(t, s.requests())
		})
	}
}

func TestBucketGetACL(t *testing.T) {
	t.Parallel()
	s := newBktServer(t, bktFile(t, "bucket_acl.response.xml"))
	acl, _, err := s.client(t).Bucket.GetACL(context.Background())
	require.NoError(t, err)
	r := s.requests()[0]
	assert.Equal(t, http.MethodGet, r.Method)
	assert.Equal(t, "acl", r.RawQuery)

	assert.Equal(t, bktOwner, acl.Owner.ID)
	require.Len(t, acl.AccessControlList, 2)
	g := acl.AccessControlList[0]
	assert.Equal(t, cos.GranteeCanonicalUser, g.Grantee.Type)
	assert.Equal(t, "qcs::cam::uin/100000000001:uin/100000000011", g.Grantee.ID)
	assert.Equal(t, cos.PermRead, g.Permission)
	g = acl.AccessControlList[1]
	assert.Equal(t, cos.GranteeGroup, g.Grantee.Type)
	assert.Equal(t, cos.AllUsersURI, g.Grantee.URI)
	assert.Equal(t, cos.ACLPublicRead, acl.CannedACL())
}

func TestBucketGetACLErrors(t *testing.T) {
	t.Parallel()
	s := newBktServer(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		bktError(w, http.StatusForbidden, "AccessDenied")
	})
	acl, resp, err := s.client(t).Bucket.GetACL(context.Background())
	require.ErrorIs(t, err, cos.ErrAccessDenied)
	assert.Nil(t, acl)
	assert.Equal(t, "req-test", resp.RequestID)
}
