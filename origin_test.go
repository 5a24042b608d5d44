package cos_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/cosgo/cos"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func bktBool(v bool) *bool { return &v }

// bktOrigin is the rule of the GET Bucket Origin sample (see
// TestGetOrigin) plus the elements it leaves out.
func bktOrigin() *cos.OriginConfiguration {
	return &cos.OriginConfiguration{Rules: []cos.OriginRule{{
		RulePriority:    1,
		OriginType:      cos.OriginTypeMirror,
		OriginCondition: cos.OriginCondition{HTTPStatusCode: "404"},
		OriginParameter: cos.OriginParameter{
			Protocol:          cos.OriginProtocolHTTP,
			FollowQueryString: bktBool(false),
			HTTPHeader: &cos.OriginHTTPHeader{
				NewHTTPHeaders:    []cos.OriginHeader{{Key: "x-cos", Value: "exampleHeader"}},
				FollowHTTPHeaders: []cos.OriginHeader{{Key: "exampleHeaderKey"}},
			},
			FollowRedirection: bktBool(true),
			HTTPRedirectCode:  "302",
		},
		OriginInfo: cos.OriginInfo{HostInfo: &cos.OriginHostInfo{
			HostName: "examplebucket-1250000000.cos.ap-shanghai.myqcloud.com", Weight: 10,
			StandbyHostNames: []string{"hostname1", "hostname2"},
		}},
	}}}
}

func TestPutOrigin(t *testing.T) {
	t.Parallel()
	s := newBktServer(t, nil)
	cfg := bktOrigin()
	cfg.Rules = append(cfg.Rules, cos.OriginRule{
		RulePriority: 2, OriginType: cos.OriginTypeRedirect,
		OriginCondition: cos.OriginCondition{HTTPStatusCode: "403", Prefix: "old/"},
		OriginParameter: cos.OriginParameter{Protocol: cos.OriginProtocolFollow, TransparentErrorCode: bktBool(true), CopyOriginData: bktBool(false)},
		OriginInfo: cos.OriginInfo{
			HostInfo: &cos.OriginHostInfo{HostName: "10.0.0.1:8080"},
			FileInfo: &cos.OriginFileInfo{PrefixConfiguration: &cos.OriginPrefixConfiguration{Prefix: "new/"}},
		},
	})
	_, err := s.client(t).Bucket.PutOrigin(context.Background(), cfg)
	require.NoError(t, err)
	r := s.requests()[0]
	assert.Equal(t, http.MethodPut, r.Method)
	assert.Equal(t, "origin", r.RawQuery)
	bktAssertXMLBody(t, r)
	bktGolden(t, "origin_put.request.xml", r.Body)
}

// TestGetOrigin decodes the GET Bucket Origin response sample as
// cos-go-sdk-v5's bucket_origin_test.go reproduces it (COS's page could not
// be retrieved to compare), numbered StandbyHostName_N elements included.
func TestGetOrigin(t *testing.T) {
	t.Parallel()
	s := newBktServer(t, bktFile(t, "origin_get.response.xml"))
	cfg, _, err := s.client(t).Bucket.GetOrigin(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "origin", s.requests()[0].RawQuery)
	want := bktOrigin()
	want.XMLName = cfg.XMLName
	assert.Equal(t, want, cfg)
}

func TestOriginRoundTripCostest(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv, c := bktFake(t, "org-1250000000")
	require.NoError(t, srv.CreateBucket("org-1250000000"))

	_, _, err := c.Bucket.GetOrigin(ctx)
	require.ErrorIs(t, err, cos.ErrNotFound)
	assert.Equal(t, "NoSuchOriginConfiguration", cos.ErrorCode(err))

	_, err = c.Bucket.PutOrigin(ctx, bktOrigin())
	require.NoError(t, err)
	got, _, err := c.Bucket.GetOrigin(ctx)
	require.NoError(t, err)
	want := bktOrigin()
	want.XMLName = got.XMLName
	assert.Equal(t, want, got)

	_, err = c.Bucket.DeleteOrigin(ctx)
	require.NoError(t, err)
	_, _, err = c.Bucket.GetOrigin(ctx)
	assert.Equal(t, "NoSuchOriginConfiguration", cos.ErrorCode(err))

	_, err = c.Bucket.PutOrigin(ctx, bktOrigin())
	require.NoError(t, err)
	_, err = c.Bucket.Delete(ctx)
	require.NoError(t, err)
	require.NoError(t, srv.CreateBucket("org-1250000000"))
	_, _, err = c.Bucket.GetOrigin(ctx)
	assert.Equal(t, "NoSuchOriginConfiguration", cos.ErrorCode(err), "the rules went with the bucket")
}
