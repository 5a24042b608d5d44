package cos

import (
	"context"
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The worked example of COS's POST Object page (product/436/14690,
// "Signature protection use cases"): its policy, SecretKey and KeyTime
// give SignKey 39acc8c9..., StringToSign d5d903b8... and this signature.
func TestPostSignatureDocumentedVector(t *testing.T) {
	t.Parallel()
	const policyB64 = "ewogICAgImV4cGlyYXRpb24iOiAiMjAxOS0wOC0zMFQwOTozODoxMi40MTRaIiwKICAgICJjb25kaXRpb25zIjogWwogICAgICAgIHsgImFjbCI6ICJkZWZhdWx0IiB9LAogICAgICAgIHsgImJ1Y2tldCI6ICJleGFtcGxlYnVja2V0LTEyNTAwMDAwMDAiIH0sCiAgICAgICAgWyAic3RhcnRzLXdpdGgiLCAiJGtleSIsICJmb2xkZXIvc3ViZm9sZGVyLyIgXSwKICAgICAgICBbICJzdGFydHMtd2l0aCIsICIkQ29udGVudC1UeXBlIiwgImltYWdlLyIgXSwKICAgICAgICBbICJzdGFydHMtd2l0aCIsICIkc3VjY2Vzc19hY3Rpb25fcmVkaXJlY3QiLCAiaHR0cHM6Ly9teS53ZWJzaXRlLyIgXSwKICAgICAgICBbICJlcSIsICIkeC1jb3Mtc2VydmVyLXNpZGUtZW5jcnlwdGlvbiIsICJBRVMyNTYiIF0sCiAgICAgICAgeyAicS1zaWduLWFsZ29yaXRobSI6ICJzaGExIiB9LAogICAgICAgIHsgInEtYWsiOiAiQUtJRFFqejNsdG9tcFZqQm5pNUxpdGtXSEZsRnB3a245VTVxIiB9LAogICAgICAgIHsgInEtc2lnbi10aW1lIjogIjE1NjcxNTA2OTI7MTU2NzE1Nzg5MiIgfQogICAgXQp9"
	policy, err := base64.StdEncoding.DecodeString(policyB64)
	require.NoError(t, err)
	sig := postSignature("BQYIM75p8x0iWVFSIgqEKwFprpRSVHlz", 1567150692, 1567157892, policy)
	assert.Equal(t, "7758dc9a832e9d301dca704cacbf9d9f8172fdef", sig)
}

var postT0 = time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)

func postClient(t testing.TB, token string, opts ...Option) *Client {
	t.Helper()
	base := []Option{WithRegion("ap-guangzhou"), WithBucket(testBucket), WithStaticCredentials(testID, testKey, token),
		withClock(func() time.Time { return postT0.Add(300 * time.Millisecond) })}
	c, err := NewClient(append(base, opts...)...)
	require.NoError(t, err)
	return c
}

// independentPostSignature recomputes q-signature with crypto/hmac.
func independentPostSignature(secretKey, keyTime string, policy []byte) string {
	m := hmac.New(sha1.New, []byte(secretKey))
	m.Write([]byte(keyTime))
	signKey := hex.EncodeToString(m.Sum(nil))
	sum := sha1.Sum(policy)
	m = hmac.New(sha1.New, []byte(signKey))
	m.Write([]byte(hex.EncodeToString(sum[:])))
	return hex.EncodeToString(m.Sum(nil))
}

func TestPresignPostForm(t *testing.T) {
	t.Parallel()
	c := postClient(t, "session-token")
	post, err := c.Object.PresignPost(context.Background(), &PostPolicy{
		Key: "uploads/${filename}", Expires: 10 * time.Minute, MinSize: 1, MaxSize: 1 << 20,
		ContentType: "image/png", SuccessActionStatus: 201, Metadata: map[string]string{"Owner": "u1", "app": "x"},
		ACL: ACLPublicRead, StorageClass: "standard_ia",
		Conditions: []PostCondition{{PostConditionStartsWith, "Content-Disposition", "attachment"}, {PostConditionEquals, "x-cos-server-side-encryption", "AES256"}},
	})
	require.NoError(t, err)
	assert.Equal(t, "https://"+testBucket+".cos.ap-guangzhou.myqcloud.com/", post.URL.String())
	assert.Equal(t, postT0.Add(10*time.Minute), post.Expiration)

	keyTime := "1714564800;1714565400"
	doc, err := base64.StdEncoding.DecodeString(post.Fields["policy"])
	require.NoError(t, err)
	assert.JSONEq(t, `{"expiration":"2024-05-01T12:10:00.000Z","conditions":[
		{"bucket":"`+testBucket+`"},
		["starts-with","$key","uploads/"],
		["content-length-range",1,1048576],
		{"Content-Type":"image/png"},
		{"success_action_status":"201"},
		{"acl":"public-read"},
		{"x-cos-storage-class":"STANDARD_IA"},
		{"x-cos-meta-app":"x"},
		{"x-cos-meta-owner":"u1"},
		["starts-with","$Content-Disposition","attachment"],
		["eq","$x-cos-server-side-encryption","AES256"],
		{"q-sign-algorithm":"sha1"},
		{"q-ak":"`+testID+`"},
		{"q-sign-time":"`+keyTime+`"}]}`, string(doc))
	assert.Equal(t, map[string]string{
		"key":                          "uploads/${filename}",
		"policy":                       post.Fields["policy"],
		"q-sign-algorithm":             "sha1",
		"q-ak":                         testID,
		"q-key-time":                   keyTime,
		"q-signature":                  independentPostSignature(testKey, keyTime, doc),
		"x-cos-security-token":         "session-token",
		"Content-Type":                 "image/png",
		"success_action_status":        "201",
		"acl":                          "public-read",
		"x-cos-storage-class":          "STANDARD_IA",
		"x-cos-meta-app":               "x",
		"x-cos-meta-owner":             "u1",
		"x-cos-server-side-encryption": "AES256",
	}, post.Fields)
}

func TestPresignPostKeyForms(t *testing.T) {
	t.Parallel()
	c := postClient(t, "", WithEndpoint("http://127.0.0.1:9000"))
	conds := func(p *PresignedPost) []any {
		doc, err := base64.StdEncoding.DecodeString(p.Fields["policy"])
		require.NoError(t, err)
		var v struct{ Conditions []any }
		require.NoError(t, json.Unmarshal(doc, &v))
		return v.Conditions
	}
	exact, err := c.Object.PresignPost(context.Background(), &PostPolicy{Key: "a b/年.txt"})
	require.NoError(t, err)
	assert.Equal(t, "http://127.0.0.1:9000/"+testBucket+"/", exact.URL.String(), "path-style, as the client addresses the bucket")
	assert.Equal(t, "a b/年.txt", exact.Fields["key"])
	assert.Equal(t, map[string]any{"key": "a b/年.txt"}, conds(exact)[1])
	assert.Equal(t, postT0.Add(time.Hour), exact.Expiration, "one hour by default")
	assert.NotContains(t, exact.Fields, "x-cos-security-token")

	prefix, err := c.Object.PresignPost(context.Background(), &PostPolicy{KeyPrefix: "user/42/"})
	require.NoError(t, err)
	assert.Equal(t, "user/42/${filename}", prefix.Fields["key"])
	assert.Equal(t, []any{"starts-with", "$key", "user/42/"}, conds(prefix)[1])

	minOnly, err := c.Object.PresignPost(context.Background(), &PostPolicy{Key: "k", MinSize: 10})
	require.NoError(t, err)
	assert.Equal(t, []any{"content-length-range", 10.0, float64(5 << 30)}, conds(minOnly)[2])

	redirect, err := c.Object.PresignPost(context.Background(), &PostPolicy{Key: "k", SuccessActionRedirect: "https://my.site/done?x=1"})
	require.NoError(t, err)
	assert.Equal(t, "https://my.site/done?x=1", redirect.Fields["success_action_redirect"])
}

func TestPresignPostRefusesMalformedPolicy(t *testing.T) {
	t.Parallel()
	c := postClient(t, "")
	cases := map[string]struct {
		p     *PostPolicy
		field string
	}{
		"nil":                 {nil, "PostPolicy"},
		"no key":              {&PostPolicy{}, "PostPolicy.Key"},
		"key and prefix":      {&PostPolicy{Key: "a", KeyPrefix: "b"}, "PostPolicy.Key"},
		"root key":            {&PostPolicy{Key: "."}, "PostPolicy.Key"},
		"long prefix":         {&PostPolicy{KeyPrefix: string(make([]byte, 900))}, "PostPolicy.KeyPrefix"},
		"negative expiry":     {&PostPolicy{Key: "k", Expires: -time.Second}, "PostPolicy.Expires"},
		"negative min":        {&PostPolicy{Key: "k", MinSize: -1}, "PostPolicy.MinSize"},
		"negative max":        {&PostPolicy{Key: "k", MaxSize: -1}, "PostPolicy.MaxSize"},
		"min above max":       {&PostPolicy{Key: "k", MinSize: 10, MaxSize: 5}, "PostPolicy.MinSize"},
		"max above 5 GB":      {&PostPolicy{Key: "k", MaxSize: 5<<30 + 1}, "PostPolicy.MaxSize"},
		"type and prefix":     {&PostPolicy{Key: "k", ContentType: "a/b", ContentTypePrefix: "a/"}, "PostPolicy.ContentType"},
		"type line break":     {&PostPolicy{Key: "k", ContentType: "a/b\r\nX: y"}, "PostPolicy.ContentType"},
		"type not UTF-8":      {&PostPolicy{Key: "k", ContentType: "\xa6"}, "PostPolicy.ContentType"},
		"status 202":          {&PostPolicy{Key: "k", SuccessActionStatus: 202}, "PostPolicy.SuccessActionStatus"},
		"status and redirect": {&PostPolicy{Key: "k", SuccessActionStatus: 200, SuccessActionRedirect: "https://a/"}, "PostPolicy.SuccessActionStatus"},
		"relative redirect":   {&PostPolicy{Key: "k", SuccessActionRedirect: "/done"}, "PostPolicy.SuccessActionRedirect"},
		"ftp redirect":        {&PostPolicy{Key: "k", SuccessActionRedirect: "ftp://a/"}, "PostPolicy.SuccessActionRedirect"},
		"bad metadata":        {&PostPolicy{Key: "k", Metadata: map[string]string{"a_b": "x"}}, "Metadata"},
		"bad acl":             {&PostPolicy{Key: "k", ACL: "everyone"}, "ACL"},
		"bucket acl":          {&PostPolicy{Key: "k", ACL: ACLAuthenticatedRead}, "ACL"},
		"bad class":           {&PostPolicy{Key: "k", StorageClass: "COLD"}, "PostPolicy.StorageClass"},
		"bad op":              {&PostPolicy{Key: "k", Conditions: []PostCondition{{"in", "acl", "x"}}}, "PostPolicy.Conditions[0].Op"},
		"empty field":         {&PostPolicy{Key: "k", Conditions: []PostCondition{{PostConditionEquals, "", "x"}}}, "PostPolicy.Conditions[0].Field"},
		"dollar field":        {&PostPolicy{Key: "k", Conditions: []PostCondition{{PostConditionEquals, "$acl", "x"}}}, "PostPolicy.Conditions[0].Field"},
		"signature field":     {&PostPolicy{Key: "k", Conditions: []PostCondition{{PostConditionEquals, "Q-Signature", "x"}}}, "PostPolicy.Conditions[0].Field"},
		"key field":           {&PostPolicy{Key: "k", Conditions: []PostCondition{{PostConditionStartsWith, "key", ""}}}, "PostPolicy.Conditions[0].Field"},
		"invalid utf8 value":  {&PostPolicy{Key: "k", Conditions: []PostCondition{{PostConditionEquals, "a", "\xff"}}}, "PostPolicy.Conditions[0].Value"},
	}
	for name, tc := range cases {
		_, err := c.Object.PresignPost(context.Background(), tc.p)
		require.Error(t, err, name)
		assert.ErrorIs(t, err, ErrInvalidArgument, name)
		assert.Contains(t, err.Error(), tc.field, name)
	}
	anon, err := NewClient(WithRegion("ap-guangzhou"), WithBucket(testBucket))
	require.NoError(t, err)
	_, err = anon.Object.PresignPost(context.Background(), &PostPolicy{Key: "k"})
	assert.ErrorIs(t, err, ErrNoCredentials)
}
