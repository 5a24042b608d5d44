package costest_test

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/cosgo/cos"
	"github.com/cosgo/cos/costest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPostObjectAnswers(t *testing.T) {
	t.Parallel()
	p := newPostEnv(t)
	post := p.presign(&cos.PostPolicy{KeyPrefix: "r/", SuccessActionRedirect: "https://my.website/upload_success.html"})
	r := p.submit(post.URL.String(), fieldsOf(post), "example.jpg", []byte("x"))
	require.Equal(t, http.StatusSeeOther, r.Status, string(r.Body))
	assert.Equal(t, "https://my.website/upload_success.html?bucket="+testBucket+"&key=r%2Fexample.jpg&etag=%22"+md5hex([]byte("x"))[1:33]+"%22",
		r.Header.Get("Location"), "the shape of COS's sample 8")

	post = p.presign(&cos.PostPolicy{KeyPrefix: "s/", SuccessActionStatus: 200})
	r = p.submit(post.URL.String(), fieldsOf(post), "a", []byte("x"))
	assert.Equal(t, http.StatusOK, r.Status)
	assert.Empty(t, r.Body)

	// Without a policy condition on it, an unknown status means the default.
	post = p.presign(&cos.PostPolicy{KeyPrefix: "s/"})
	r = p.submit(post.URL.String(), append(fieldsOf(post), formPart{"success_action_status", "202"}), "b", []byte("x"))
	assert.Equal(t, http.StatusNoContent, r.Status)

}

// A form signed with temporary credentials needs its session token.
func TestPostObjectTemporaryCredentials(t *testing.T) {
	t.Parallel()
	e := newEnv(t, costest.WithTemporaryCredentials("AKIDtemp", "tempSecret", "tok-123", time.Time{})).withBucket()
	c, err := cos.NewClient(cos.WithEndpoint(e.srv.URL), cos.WithBucket(testBucket), cos.WithStaticCredentials("AKIDtemp", "tempSecret", "tok-123"))
	require.NoError(t, err)
	p := &postEnv{env: e, c: c}
	post := p.presign(&cos.PostPolicy{Key: "tmp.txt"})
	assert.Equal(t, "tok-123", post.Fields["x-cos-security-token"])
	r := p.submit(post.URL.String(), fieldsOf(post), "tmp.txt", []byte("x"))
	require.Equal(t, http.StatusNoContent, r.Status, string(r.Body))

	delete(post.Fields, "x-cos-security-token")
	r = p.submit(post.URL.String(), fieldsOf(post), "tmp.txt", []byte("x"))
	assert.Equal(t, http.StatusForbidden, r.Status)
	assert.Equal(t, "InvalidAccessKeyId", r.errCode())
}

// The cos-js-sdk-v5 demo (demo/sts-post.html with server/sts-post-object.js)
// posts a request signature, computed for "post /" with no headers or
// parameters, in a "Signature" field, to the bucket's virtual host.
func TestPostObjectSignatureField(t *testing.T) {
	t.Parallel()
	p := newPostEnv(t)
	now := time.Now()
	sig := cos.Authorization(p.cred, http.MethodPost, "/", nil, nil, now.Add(-time.Second), now.Add(10*time.Minute))
	post := func(sig string) result {
		var buf bytes.Buffer
		ct := writeForm(t, &buf, []formPart{{"key", "dir/demo.txt"}, {"Signature", sig}}, "demo.txt", []byte("demo"))
		req, err := http.NewRequest(http.MethodPost, p.srv.URL+"/", &buf)
		require.NoError(t, err)
		req.Host = testBucket + ".cos.ap-guangzhou.myqcloud.com"
		req.Header.Set("Content-Type", ct)
		return p.send(req)
	}
	r := post(sig)
	require.Equal(t, http.StatusNoContent, r.Status, string(r.Body))
	data, ok := p.stored("dir/demo.txt")
	require.True(t, ok)
	assert.Equal(t, "demo", string(data))
	assert.Equal(t, "http://"+testBucket+".cos.ap-guangzhou.myqcloud.com/dir/demo.txt", r.Header.Get("Location"))

	// Change the signature's last hex digit (to one it is not).
	last := "0"
	if sig[len(sig)-1] == '0' {
		last = "1"
	}
	r = post(sig[:len(sig)-1] + last)
	assert.Equal(t, http.StatusForbidden, r.Status)
}

// The policy form of COS's own samples, built by hand: conditions as
// objects, the q-* ones included, signed as the page describes.
func TestPostObjectDocumentedPolicyForm(t *testing.T) {
	t.Parallel()
	p := newPostEnv(t)
	now := time.Now().Unix()
	keyTime := strconv.FormatInt(now-1, 10) + ";" + strconv.FormatInt(now+600, 10)
	exp := time.Unix(now+600, 0).UTC().Format("2006-01-02T15:04:05.000Z")
	sign := func(policy string) []formPart {
		m := hmac.New(sha1.New, []byte(p.cred.SecretKey))
		m.Write([]byte(keyTime))
		signKey := hex.EncodeToString(m.Sum(nil))
		sum := sha1.Sum([]byte(policy))
		m = hmac.New(sha1.New, []byte(signKey))
		m.Write([]byte(hex.EncodeToString(sum[:])))
		return []formPart{{"key", "exampleobject"}, {"policy", base64.StdEncoding.EncodeToString([]byte(policy))},
			{"q-sign-algorithm", "sha1"}, {"q-ak", p.cred.SecretID}, {"q-key-time", keyTime}, {"q-signature", hex.EncodeToString(m.Sum(nil))}}
	}
	action := p.srv.URL + "/" + testBucket + "/"
	good := `{"conditions":[{"q-sign-algorithm":"sha1"},{"q-ak":"` + p.cred.SecretID + `"},{"q-sign-time":"` + keyTime + `"}],"expiration":"` + exp + `"}`
	r := p.submit(action, sign(good), "example.jpg", []byte("x"))
	require.Equal(t, http.StatusNoContent, r.Status, string(r.Body))

	for name, policy := range map[string]string{
		"no q-ak condition": `{"conditions":[{"q-sign-algorithm":"sha1"},{"q-sign-time":"` + keyTime + `"}],"expiration":"` + exp + `"}`,
		"no expiration":     `{"conditions":[{"q-sign-algorithm":"sha1"},{"q-ak":"` + p.cred.SecretID + `"},{"q-sign-time":"` + keyTime + `"}]}`,
		"unknown operation": `{"conditions":[["in","$key",["a"]],{"q-sign-algorithm":"sha1"},{"q-ak":"x"},{"q-sign-time":"1;2"}],"expiration":"` + exp + `"}`,
		"not JSON":          `{"conditions":`,
	} {
		r := p.submit(action, sign(policy), "example.jpg", []byte("x"))
		assert.Equal(t, http.StatusBadRequest, r.Status, name)
		assert.Equal(t, "InvalidPolicyDocument", r.errCode(), name)
	}
	wrongTime := `{"conditions":[{"q-sign-algorithm":"sha1"},{"q-ak":"` + p.cred.SecretID + `"},{"q-sign-time":"1;2"}],"expiration":"` + exp + `"}`
	r = p.submit(action, sign(wrongTime), "example.jpg", []byte("x"))
	assert.Equal(t, http.StatusForbidden, r.Status, "q-sign-time is checked against q-key-time")
}

func TestPostObjectMalformedForms(t *testing.T) {
	t.Parallel()
	p := newPostEnv(t)
	post := p.presign(&cos.PostPolicy{KeyPrefix: "m/"})
	action := post.URL.String()

	req, err := http.NewRequest(http.MethodPost, action, bytes.NewReader([]byte("key=a")))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r := p.send(req)
	assert.Equal(t, "RequestIsNotMultiPartContent", r.errCode())

	noKey := fieldsOf(post)[:0]
	for _, f := range fieldsOf(post) {
		if f.name != "key" {
			noKey = append(noKey, f)
		}
	}
	assert.Equal(t, "UserKeyMustBeSpecified", p.submit(action, noKey, "f", []byte("x")).errCode())

	var buf bytes.Buffer
	ct := writeForm(t, &buf, fieldsOf(post), "", nil)
	req, err = http.NewRequest(http.MethodPost, action, &buf)
	require.NoError(t, err)
	req.Header.Set("Content-Type", ct)
	assert.Equal(t, "IncorrectNumberOfFilesInPostRequest", p.send(req).errCode())

	r = p.submit(action, append(fieldsOf(post), formPart{"Content-MD5", "1B2M2Y8AsgTpgAmY7PhCfg=="}), "f", []byte("x"))
	assert.Equal(t, "BadDigest", r.errCode())
	assert.Empty(t, p.srv.ObjectKeys(testBucket))
}

// A bucket whose ACL grants public write takes unsigned forms; a private
// one refuses them. A page's XHR gets the CORS headers its rule allows.
func TestPostObjectUnsignedAndCORS(t *testing.T) {
	t.Parallel()
	p := newPostEnv(t)
	action := p.srv.URL + "/" + testBucket + "/"
	r := p.submit(action, []formPart{{"key", "anon.txt"}}, "anon.txt", []byte("x"))
	assert.Equal(t, http.StatusForbidden, r.Status)
	r = p.do(call{Method: http.MethodPut, Bucket: testBucket, Query: "acl", Header: map[string]string{"x-cos-acl": "public-read-write"}})
	require.Equal(t, http.StatusOK, r.Status, string(r.Body))
	r = p.submit(action, []formPart{{"key", "anon.txt"}}, "anon.txt", []byte("x"))
	assert.Equal(t, http.StatusNoContent, r.Status, string(r.Body))

	cors := `<CORSConfiguration><CORSRule><AllowedOrigin>http://127.0.0.1:*</AllowedOrigin><AllowedMethod>POST</AllowedMethod>` +
		`<ExposeHeader>ETag</ExposeHeader></CORSRule></CORSConfiguration>`
	require.Equal(t, http.StatusOK, p.xmlCall(http.MethodPut, "", "cors", cors).Status)
	var buf bytes.Buffer
	ct := writeForm(t, &buf, []formPart{{"key", "xhr.txt"}}, "xhr.txt", []byte("x"))
	req, err := http.NewRequest(http.MethodPost, action, &buf)
	require.NoError(t, err)
	req.Header.Set("Content-Type", ct)
	req.Header.Set("Origin", "http://127.0.0.1:8080")
	r = p.send(req)
	require.Equal(t, http.StatusNoContent, r.Status)
	assert.Equal(t, "http://127.0.0.1:8080", r.Header.Get("Access-Control-Allow-Origin"))
	assert.Equal(t, "ETag", r.Header.Get("Access-Control-Expose-Headers"))
	u, _ := url.Parse(r.Header.Get("Location"))
	assert.Equal(t, "/"+testBucket+"/xhr.txt", u.Path)
}
