package cos_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/cosgo/cos"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// bktWebsite is the configuration of the sample on COS's GET Bucket
// website page (intl.cloud.tencent.com/document/product/436/30616), plus
// the optional elements that sample leaves out.
func bktWebsite() *cos.WebsiteConfiguration {
	return &cos.WebsiteConfiguration{
		IndexDocument:         cos.WebsiteIndexDocument{Suffix: "index.html"},
		RedirectAllRequestsTo: &cos.WebsiteRedirectAllRequestsTo{Protocol: "https"},
		AutoAddressing:        &cos.WebsiteAutoAddressing{Status: cos.WebsiteEnabled},
		ErrorDocument:         &cos.WebsiteErrorDocument{Key: "Error.html", OriginalHTTPStatus: cos.WebsiteDisabled},
		RoutingRules: []cos.WebsiteRoutingRule{
			{Condition: cos.WebsiteCondition{HTTPErrorCodeReturnedEquals: 404},
				Redirect: cos.WebsiteRedirect{Protocol: "https", ReplaceKeyWith: "404.html"}},
			{Condition: cos.WebsiteCondition{KeyPrefixEquals: "docs/"},
				Redirect: cos.WebsiteRedirect{Protocol: "https", ReplaceKeyPrefixWith: "documents/"}},
			{Condition: cos.WebsiteCondition{KeyPrefixEquals: "img/"},
				Redirect: cos.WebsiteRedirect{ReplaceKeyWith: "demo.jpg"}},
		},
	}
}

func TestPutWebsite(t *testing.T) {
	t.Parallel()
	s := newBktServer(t, nil)
	_, err := s.client(t).Bucket.PutWebsite(context.Background(), bktWebsite())
	require.NoError(t, err)
	r := s.requests()[0]
	assert.Equal(t, http.MethodPut, r.Method)
	assert.Equal(t, "/"+bktName+"/", r.Path)
	assert.Equal(t, "website", r.RawQuery)
	bktAssertXMLBody(t, r)
	bktGolden(t, "website_put.request.xml", r.Body)

	_, err = s.client(t).Bucket.PutWebsite(context.Background(), &cos.WebsiteConfiguration{
		IndexDocument: cos.WebsiteIndexDocument{Suffix: "index.html"}})
	require.NoError(t, err)
	assert.Equal(t, `<WebsiteConfiguration><IndexDocument><Suffix>index.html</Suffix></IndexDocument></WebsiteConfiguration>`,
		string(s.requests()[1].Body), "no empty RoutingRules container")
}

// TestGetWebsite decodes the response sample of COS's GET Bucket website
// page.
func TestGetWebsite(t *testing.T) {
	t.Parallel()
	s := newBktServer(t, bktFile(t, "website_get.response.xml"))
	cfg, _, err := s.client(t).Bucket.GetWebsite(context.Background())
	require.NoError(t, err)
	r := s.requests()[0]
	assert.Equal(t, http.MethodGet, r.Method)
	assert.Equal(t, "website", r.RawQuery)

	want := bktWebsite()
	want.AutoAddressing = nil
	want.ErrorDocument.OriginalHTTPStatus = ""
	want.RoutingRules[2].Redirect.Protocol = "https"
	want.XMLName = cfg.XMLName
	assert.Equal(t, want, cfg)
}

func TestDeleteWebsite(t *testing.T) {
	t.Parallel()
	s := newBktServer(t, func(w http.ResponseWriter, _ *http.Request, _ int) { w.WriteHeader(http.StatusNoContent) })
	_, err := s.client(t).Bucket.DeleteWebsite(context.Background())
	require.NoError(t, err)
	r := s.requests()[0]
	assert.Equal(t, http.MethodDelete, r.Method)
	assert.Equal(t, "website", r.RawQuery)
}

// The website round trip on costest: what was put comes back, a deleted
// (or never set) configuration is 404 NoSuchWebsiteConfiguration, and the
// configuration goes with its bucket.
func TestWebsiteRoundTripCostest(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv, c := bktFake(t, "site-1250000000")
	require.NoError(t, srv.CreateBucket("site-1250000000"))

	_, _, err := c.Bucket.GetWebsite(ctx)
	require.ErrorIs(t, err, cos.ErrNotFound)
	assert.Equal(t, "NoSuchWebsiteConfiguration", cos.ErrorCode(err))

	_, err = c.Bucket.PutWebsite(ctx, bktWebsite())
	require.NoError(t, err)
	got, _, err := c.Bucket.GetWebsite(ctx)
	require.NoError(t, err)
	want := bktWebsite()
	want.XMLName = got.XMLName
	assert.Equal(t, want, got)

	_, err = c.Bucket.DeleteWebsite(ctx)
	require.NoError(t, err)
	_, _, err = c.Bucket.GetWebsite(ctx)
	assert.Equal(t, "NoSuchWebsiteConfiguration", cos.ErrorCode(err))
	_, err = c.Bucket.DeleteWebsite(ctx)
	require.NoError(t, err, "deleting twice is harmless")

	_, err = c.Bucket.PutWebsite(ctx, bktWebsite())
	require.NoError(t, err)
	_, err = c.Bucket.Delete(ctx)
	require.NoError(t, err)
	require.NoError(t, srv.CreateBucket("site-1250000000"))
	_, _, err = c.Bucket.GetWebsite(ctx)
	assert.Equal(t, "NoSuchWebsiteConfiguration", cos.ErrorCode(err), "the configuration went with the bucket")
}
