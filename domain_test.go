package cos_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/cosgo/cos"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func bktDomains() *cos.DomainConfiguration {
	return &cos.DomainConfiguration{Rules: []cos.DomainRule{
		{Status: cos.DomainEnabled, Name: "www.example.com", Type: cos.DomainTypeREST, ForcedReplacement: "CNAME"},
		{Status: cos.DomainDisabled, Name: "static.example.com", Type: cos.DomainTypeREST},
	}}
}

func TestPutDomain(t *testing.T) {
	t.Parallel()
	s := newBktServer(t, nil)
	_, err := s.client(t).Bucket.PutDomain(context.Background(), bktDomains())
	require.NoError(t, err)
	r := s.requests()[0]
	assert.Equal(t, http.MethodPut, r.Method)
	assert.Equal(t, "domain", r.RawQuery)
	bktAssertXMLBody(t, r)
	bktGolden(t, "domain_put.request.xml", r.Body)
}

// TestGetDomain decodes the response body of COS's GET Bucket domain page
// (tencentcloud.com/document/api/436/35869) as published: the page shows
// the element layout with placeholders ("Enum", "string") rather than
// values, so this checks the element names and nesting.
func TestGetDomain(t *testing.T) {
	t.Parallel()
	s := newBktServer(t, bktFile(t, "domain_get.response.xml"))
	cfg, _, err := s.client(t).Bucket.GetDomain(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "domain", s.requests()[0].RawQuery)
	rule := cos.DomainRule{Status: "Enum", Name: "string", Type: "Enum"}
	assert.Equal(t, []cos.DomainRule{rule, rule}, cfg.Rules)
}

// The domain round trip on costest, and COS's cross-bucket rules: a domain
// another bucket holds needs ForcedReplacement, a WEBSITE domain needs a
// website configuration.
func TestDomainRoundTripCostest(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv, c := bktFake(t, "dom-1250000000")
	require.NoError(t, srv.CreateBucket("dom-1250000000"))
	require.NoError(t, srv.CreateBucket("other-1250000000"))
	other := c.ForBucket("other-1250000000")

	_, _, err := c.Bucket.GetDomain(ctx)
	require.ErrorIs(t, err, cos.ErrNotFound)
	assert.Equal(t, "NoSuchDomainConfiguration", cos.ErrorCode(err))

	_, err = c.Bucket.PutDomain(ctx, bktDomains())
	require.NoError(t, err)
	got, _, err := c.Bucket.GetDomain(ctx)
	require.NoError(t, err)
	assert.Equal(t, bktDomains().Rules, got.Rules)

	taken := &cos.DomainConfiguration{Rules: []cos.DomainRule{{Status: cos.DomainEnabled, Name: "static.example.com", Type: cos.DomainTypeREST}}}
	_, err = other.Bucket.PutDomain(ctx, taken)
	require.ErrorIs(t, err, cos.ErrConflict)
	assert.Equal(t, "DomainConflict", cos.ErrorCode(err))
	taken.Rules[0].ForcedReplacement = "TXT"
	_, err = other.Bucket.PutDomain(ctx, taken)
	require.NoError(t, err, "ForcedReplacement takes the domain over")
	got, _, err = c.Bucket.GetDomain(ctx)
	require.NoError(t, err)
	assert.Equal(t, bktDomains().Rules[:1], got.Rules, "the domain left its former bucket")

	site := &cos.DomainConfiguration{Rules: []cos.DomainRule{{Status: cos.DomainEnabled, Name: "site.example.com", Type: cos.DomainTypeWebsite}}}
	_, err = c.Bucket.PutDomain(ctx, site)
	require.Error(t, err, "a WEBSITE domain needs a website configuration")
	assert.Equal(t, "InvalidArgument", cos.ErrorCode(err))
	_, err = c.Bucket.PutWebsite(ctx, &cos.WebsiteConfiguration{IndexDocument: cos.WebsiteIndexDocument{Suffix: "index.html"}})
	require.NoError(t, err)
	_, err = c.Bucket.PutDomain(ctx, site)
	require.NoError(t, err)

	_, err = c.Bucket.DeleteDomain(ctx)
	require.NoError(t, err)
	_, _, err = c.Bucket.GetDomain(ctx)
	assert.Equal(t, "NoSuchDomainConfiguration", cos.ErrorCode(err))
	_, err = c.Bucket.DeleteDomain(ctx)
	require.NoError(t, err, "deleting twice is harmless")

	_, err = other.Bucket.Delete(ctx)
	require.NoError(t, err)
	_, err = c.Bucket.PutDomain(ctx, taken)
	require.NoError(t, err, "a deleted bucket's domains are free")
}
