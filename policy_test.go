package cos_test

import (
	"context"
	"crypto/md5"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/cosgo/cos"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	polSubUser  = "qcs::cam::uin/100000000001:uin/100000000011"
	polResource = "qcs::cos:ap-guangzhou:uid/1250000000:examplebucket-1250000000/*"
)

func polSample() *cos.BucketPolicy {
	return &cos.BucketPolicy{Statement: []cos.PolicyStatement{{
		Principal: cos.PolicyPrincipal{"qcs": {polSubUser}},
		Effect:    "Allow",
		Action:    cos.PolicyList{"name/cos:GetObject", "name/cos:HeadObject"},
		Resource:  cos.PolicyList{polResource},
		Condition: map[string]map[string]any{"ip_equal": {"qcs:ip": []string{"10.0.0.0/8"}}},
	}}}
}

func TestPutPolicyRequest(t *testing.T) {
	t.Parallel()
	s := newBktServer(t, func(w http.ResponseWriter, _ *http.Request, _ int) { w.WriteHeader(http.StatusNoContent) })
	resp, err := s.client(t).Bucket.PutPolicy(context.Background(), polSample())
	require.NoError(t, err)
	assert.Equal(t, http.StatusNoContent, resp.StatusCode)
	r := s.requests()[0]
	assert.Equal(t, http.MethodPut, r.Method)
	assert.Equal(t, "policy", r.RawQuery)
	assert.Equal(t, "application/json", r.Header.Get("Content-Type"))
	sum := md5.Sum(r.Body)
	assert.Equal(t, base64.StdEncoding.EncodeToString(sum[:]), r.Header.Get("Content-MD5"))
	bktGolden(t, "policy_put.request.json", r.Body)
	assert.Equal(t, "Allow", string(polSample().Statement[0].Effect), "the caller's policy is not modified")
}

func TestPutPolicyJSONSendsTheDocumentAsIs(t *testing.T) {
	t.Parallel()
	s := newBktServer(t, func(w http.ResponseWriter, _ *http.Request, _ int) { w.WriteHeader(http.StatusNoContent) })
	doc := []byte(` {"Statement":[{"Effect":"deny","Action":"name/cos:*","Resource":"*","Principal":"*"}],"version":"2.0"} `)
	_, err := s.client(t).Bucket.PutPolicyJSON(context.Background(), doc)
	require.NoError(t, err)
	assert.Equal(t, doc, s.requests()[0].Body)
	assert.Equal(t, "application/json", s.requests()[0].Header.Get("Content-Type"))
}

// The GET answer of API page 8276: capitalised element names, JSON under
// Content-Type application/xml.
func TestGetPolicyDecodesDocumentedAnswer(t *testing.T) {
	t.Parallel()
	body := bktRead(t, "policy_get.response.json")
	s := newBktServer(t, func(w http.ResponseWriter, _ *http.Request, _ int) { bktXML(w, http.StatusOK, string(body)) })
	c := s.client(t)
	p, _, err := c.Bucket.GetPolicy(context.Background())
	require.NoError(t, err)
	assert.Equal(t, &cos.BucketPolicy{Version: "2.0", Statement: []cos.PolicyStatement{{
		Principal: cos.PolicyPrincipal{"qcs": {"qcs::cam::uin/100000000001:uin/100000000001"}},
		Effect:    cos.PolicyAllow,
		Action:    cos.PolicyList{"name/cos:GetBucket"},
		Resource:  cos.PolicyList{polResource},
	}}}, p)
	raw, _, err := c.Bucket.GetPolicyJSON(context.Background())
	require.NoError(t, err)
	assert.Equal(t, body, raw)
	assert.Equal(t, "policy", s.requests()[0].RawQuery)
}

// A single string where a list is usual, and condition values of every
// JSON kind.
func TestGetPolicyLenientShapes(t *testing.T) {
	t.Parallel()
	doc := `{"version":"2.0","principal":{"qcs":"qcs::cam::anyone:anyone"},"statement":[{"effect":"deny","action":"name/cos:*","resource":"*",` +
		`"condition":{"numeric_less_than_equal":{"cos:content-length":10},"bool_equal":{"qcs:secure_transport":false},"ip_not_equal":{"qcs:ip":["1.2.3.4","5.6.7.8"]}}}]}`
	s := newBktServer(t, func(w http.ResponseWriter, _ *http.Request, _ int) { bktXML(w, http.StatusOK, doc) })
	p, _, err := s.client(t).Bucket.GetPolicy(context.Background())
	require.NoError(t, err)
	assert.Equal(t, cos.PolicyPrincipal{"qcs": {"qcs::cam::anyone:anyone"}}, p.Principal)
	st := p.Statement[0]
	assert.Equal(t, cos.PolicyList{"name/cos:*"}, st.Action)
	assert.Equal(t, cos.PolicyList{"*"}, st.Resource)
	assert.Equal(t, map[string]map[string]any{
		"numeric_less_than_equal": {"cos:content-length": float64(10)},
		"bool_equal":              {"qcs:secure_transport": false},
		"ip_not_equal":            {"qcs:ip": []any{"1.2.3.4", "5.6.7.8"}},
	}, st.Condition)
	// Sent back, numbers stay numbers and lists stay lists.
	out, err := json.Marshal(p)
	require.NoError(t, err)
	assert.JSONEq(t, `{"version":"2.0","principal":{"qcs":["qcs::cam::anyone:anyone"]},"statement":[{"effect":"deny","action":["name/cos:*"],"resource":["*"],`+
		`"condition":{"numeric_less_than_equal":{"cos:content-length":10},"bool_equal":{"qcs:secure_transport":false},"ip_not_equal":{"qcs:ip":["1.2.3.4","5.6.7.8"]}}}]}`, string(out))
}

func TestGetPolicyErrors(t *testing.T) {
	t.Parallel()
	s := newBktServer(t, func(w http.ResponseWriter, _ *http.Request, n int) {
		switch n {
		case 1:
			bktError(w, http.StatusNotFound, "NoSuchBucketPolicy")
		default:
			bktXML(w, http.StatusOK, `{"statement":[{"action":42}]}`)
		}
	})
	c := s.client(t)
	p, _, err := c.Bucket.GetPolicy(context.Background())
	require.ErrorIs(t, err, cos.ErrNotFound)
	assert.Equal(t, "NoSuchBucketPolicy", cos.ErrorCode(err))
	assert.Nil(t, p)
	_, _, err = c.Bucket.GetPolicy(context.Background())
	require.Error(t, err)
	assert.Contains(t, err.Error(), "bucket policy")
	raw, _, err := c.Bucket.GetPolicyJSON(context.Background())
	require.NoError(t, err, "the raw form takes what the typed one cannot")
	assert.JSONEq(t, `{"statement":[{"action":42}]}`, string(raw))
}

func TestPolicyBadInput(t *testing.T) {
	t.Parallel()
	s := newBktServer(t, nil)
	c := s.client(t)
	ctx := context.Background()
	mod := func(f func(p *cos.BucketPolicy)) *cos.BucketPolicy {
		p := polSample()
		f(p)
		return p
	}
	cases := []struct {
		name, field string
		p           *cos.BucketPolicy
	}{
		{"nil", "BucketPolicy", nil},
		{"no statements", "BucketPolicy.Statement", &cos.BucketPolicy{}},
		{"version 1.0", "BucketPolicy.Version", mod(func(p *cos.BucketPolicy) { p.Version = "1.0" })},
		{"effect permit", "Statement[0].Effect", mod(func(p *cos.BucketPolicy) { p.Statement[0].Effect = "permit" })},
		{"no action", "Statement[0].Action", mod(func(p *cos.BucketPolicy) { p.Statement[0].Action = nil })},
		{"empty resource", "Statement[0].Resource", mod(func(p *cos.BucketPolicy) { p.Statement[0].Resource = cos.PolicyList{" "} })},
		{"empty principal list", "Statement[0].Principal[qcs]", mod(func(p *cos.BucketPolicy) { p.Statement[0].Principal = cos.PolicyPrincipal{"qcs": nil} })},
		{"empty principal type", "BucketPolicy.Principal", mod(func(p *cos.BucketPolicy) { p.Principal = cos.PolicyPrincipal{"": {"x"}} })},
		{"condition without keys", "Statement[0].Condition", mod(func(p *cos.BucketPolicy) {
			p.Statement[0].Condition = map[string]map[string]any{"ip_equal": {}}
		})},
		{"condition value not JSON", "BucketPolicy", mod(func(p *cos.BucketPolicy) {
			p.Statement[0].Condition = map[string]map[string]any{"ip_equal": {"qcs:ip": make(chan int)}}
		})},
	}
	for _, tc := range cases {
		_, err := c.Bucket.PutPolicy(ctx, tc.p)
		require.ErrorIs(t, err, cos.ErrInvalidArgument, tc.name)
		assert.Contains(t, err.Error(), tc.field, tc.name)
	}
	for _, doc := range []string{"", "  ", "[1]", `{"a":`, "null"} {
		_, err := c.Bucket.PutPolicyJSON(ctx, []byte(doc))
		require.ErrorIs(t, err, cos.ErrInvalidArgument, doc)
	}
	assert.Empty(t, s.requests())
}
