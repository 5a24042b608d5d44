package costest_test

import (
	"encoding/xml"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type listAllMyBuckets struct {
	Owner struct {
		ID string `xml:"ID"`
	} `xml:"Owner"`
	Buckets []struct {
		Name         string `xml:"Name"`
		Location     string `xml:"Location"`
		CreationDate string `xml:"CreationDate"`
	} `xml:"Buckets>Bucket"`
}

func TestBucketOperations(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	steps := []struct {
		name   string
		call   call
		status int
		code   string
		check  func(t *testing.T, r result)
	}{
		{name: "create", call: call{Method: http.MethodPut, Bucket: testBucket}, status: 200,
			check: func(t *testing.T, r result) {
				assert.Equal(t, "ap-guangzhou", r.Header.Get("x-cos-bucket-region"))
				assert.Empty(t, r.Body)
			}},
		{name: "create again", call: call{Method: http.MethodPut, Bucket: testBucket}, status: 409, code: "BucketAlreadyOwnedByYou"},
		{name: "head", call: call{Method: http.MethodHead, Bucket: testBucket}, status: 200,
			check: func(t *testing.T, r result) { assert.Equal(t, "ap-guangzhou", r.Header.Get("x-cos-bucket-region")) }},
		{name: "head without trailing slash", call: call{Method: http.MethodHead, RawPath: "/" + testBucket}, status: 200},
		{name: "location", call: call{Bucket: testBucket, Query: "location"}, status: 200,
			check: func(t *testing.T, r result) {
				assert.Equal(t, "application/xml", r.Header.Get("Content-Type"))
				var loc struct {
					XMLName xml.Name `xml:"LocationConstraint"`
					Region  string   `xml:",chardata"`
				}
				require.NoError(t, xml.Unmarshal(r.Body, &loc))
				assert.Equal(t, "ap-guangzhou", loc.Region)
			}},
		{name: "list buckets", call: call{RawPath: "/"}, status: 200,
			check: func(t *testing.T, r result) {
				doc := decode[listAllMyBuckets](t, r)
				assert.Equal(t, "qcs::cam::uin/100000000001:uin/100000000001", doc.Owner.ID)
				require.Len(t, doc.Buckets, 1)
				assert.Equal(t, testBucket, doc.Buckets[0].Name)
				assert.Equal(t, "ap-guangzhou", doc.Buckets[0].Location)
				assert.Regexp(t, `^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`, doc.Buckets[0].CreationDate)
			}},
		{name: "delete", call: call{Method: http.MethodDelete, Bucket: testBucket}, status: 204},
		{name: "head gone", call: call{Method: http.MethodHead, Bucket: testBucket}, status: 404,
			check: func(t *testing.T, r result) { assert.Empty(t, r.Body) }},
		{name: "delete gone", call: call{Method: http.MethodDelete, Bucket: testBucket}, status: 404, code: "NoSuchBucket"},
		{name: "location gone", call: call{Bucket: testBucket, Query: "location"}, status: 404, code: "NoSuchBucket"},
		{name: "list objects gone", call: call{Bucket: testBucket}, status: 404, code: "NoSuchBucket"},
	}
	for _, s := range steps {
		r := e.do(s.call)
		require.Equal(t, s.status, r.Status, "%s: %s", s.name, r.Body)
		if s.code != "" {
			assert.Equal(t, s.code, r.errCode(), s.name)
		}
		if s.check != nil {
			s.check(t, r)
		}
	}
}

func TestCreateBucketNameRules(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tests := []struct {
		name string
		ok   bool
	}{
		{"examplebucket-1250000000", true},
		{"a-1", true},
		{"with-dash-1250000000", true},
		{"Upper-1250000000", false},
		{"under_score-1250000000", false},
		{"dot.name-1250000000", false},
		{"-lead-1250000000", false},
		{"trail--1250000000", false},
		{"noappid", false},
		{"appid-abc", false},
		{strings.Repeat("a", 19) + "-1250000000", true},  // host is exactly 60 characters
		{strings.Repeat("a", 20) + "-1250000000", false}, // 61
	}
	for _, tt := range tests {
		r := e.do(call{Method: http.MethodPut, Bucket: tt.name})
		if tt.ok {
			assert.Equal(t, 200, r.Status, "%s: %s", tt.name, r.Body)
		} else {
			assert.Equal(t, 400, r.Status, tt.name)
			assert.Equal(t, "InvalidBucketName", r.errCode(), tt.name)
		}
	}
}

func TestCreateBucketWithACLAndAZ(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	body := `<CreateBucketConfiguration><BucketAZConfig>MAZ</BucketAZConfig></CreateBucketConfiguration>`
	r := e.do(call{Method: http.MethodPut, Bucket: testBucket, Body: []byte(body),
		Header: map[string]string{"x-cos-acl": "public-read"}})
	require.Equal(t, 200, r.Status, string(r.Body))
	r = e.do(call{Method: http.MethodHead, Bucket: testBucket})
	assert.Equal(t, "MAZ", r.Header.Get("x-cos-bucket-az-type"))
	r = e.do(call{Bucket: testBucket, Query: "acl"})
	assert.Contains(t, string(r.Body), "http://cam.qcloud.com/groups/global/AllUsers")

	r = e.do(call{Method: http.MethodPut, Bucket: "other-1250000000", Body: []byte("<nope")})
	assert.Equal(t, "MalformedXML", r.errCode())
	r = e.do(call{Method: http.MethodPut, Bucket: "other-1250000000", Header: map[string]string{"x-cos-acl": "bogus"}})
	assert.Equal(t, "InvalidArgument", r.errCode())
}

func TestTooManyBuckets(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for i := range 200 {
		require.NoError(t, e.srv.CreateBucket("b"+strings.Repeat("x", i%5)+string(rune('a'+i%26))+"-"+itoa(i)))
	}
	r := e.do(call{Method: http.MethodPut, Bucket: "onemore-1250000000"})
	assert.Equal(t, 400, r.Status)
	assert.Equal(t, "TooManyBuckets", r.errCode())
	assert.Len(t, e.srv.Buckets(), 200)
}

func TestDeleteBucketNotEmpty(t *testing.T) {
	t.Parallel()
	e := newEnv(t).withBucket()
	require.NoError(t, e.srv.PutObject(testBucket, "k", []byte("x"), nil))
	r := e.do(call{Method: http.MethodDelete, Bucket: testBucket})
	assert.Equal(t, 409, r.Status)
	assert.Equal(t, "BucketNotEmpty", r.errCode())

	r = e.do(call{Method: http.MethodDelete, Bucket: testBucket, Key: "k"})
	require.Equal(t, 204, r.Status)
	r = e.do(call{Method: http.MethodPost, Bucket: testBucket, Key: "mp", Query: "uploads"})
	require.Equal(t, 200, r.Status)
	r = e.do(call{Method: http.MethodDelete, Bucket: testBucket})
	assert.Equal(t, "BucketNotEmpty", r.errCode(), "an open multipart upload blocks deletion")
}

func TestListBucketsRegionFilter(t *testing.T) {
	t.Parallel()
	e := newEnv(t).withBucket()
	for _, c := range []struct {
		call call
		n    int
	}{
		{call{RawPath: "/", Query: "region=ap-beijing"}, 0},
		{call{RawPath: "/", Query: "region=ap-guangzhou"}, 1},
		{call{RawPath: "/", Host: "service.cos.myqcloud.com"}, 1},
		{call{RawPath: "/", Host: "cos.ap-beijing.myqcloud.com"}, 0},
		{call{RawPath: "/", Host: "cos.ap-guangzhou.myqcloud.com"}, 1},
	} {
		r := e.do(c.call)
		require.Equal(t, 200, r.Status, string(r.Body))
		assert.Len(t, decode[listAllMyBuckets](t, r).Buckets, c.n, "%+v", c.call)
	}
	r := e.do(call{RawPath: "/", Unsigned: true})
	assert.Equal(t, 403, r.Status, "anonymous ListBuckets")
	r = e.do(call{Method: http.MethodPut, RawPath: "/", Host: "service.cos.myqcloud.com"})
	assert.Equal(t, 405, r.Status)
}

func TestCommonResponseHeaders(t *testing.T) {
	t.Parallel()
	e := newEnv(t).withBucket()
	ok := e.do(call{Method: http.MethodHead, Bucket: testBucket})
	ok2 := e.do(call{Method: http.MethodHead, Bucket: testBucket})
	bad := e.do(call{Bucket: testBucket, Key: "missing/key.txt"})
	for _, r := range []result{ok, ok2, bad} {
		assert.NotEmpty(t, r.Header.Get("x-cos-request-id"))
		assert.Equal(t, "tencent-cos", r.Header.Get("Server"))
		assert.NotEmpty(t, r.Header.Get("Date"))
	}
	assert.NotEqual(t, ok.Header.Get("x-cos-request-id"), ok2.Header.Get("x-cos-request-id"))
	assert.Empty(t, ok.Header.Get("x-cos-trace-id"))

	require.Equal(t, 404, bad.Status)
	assert.Equal(t, "application/xml", bad.Header.Get("Content-Type"))
	assert.NotEmpty(t, bad.Header.Get("x-cos-trace-id"))
	assert.True(t, strings.HasPrefix(string(bad.Body), "<?xml"), string(bad.Body))
	var doc struct {
		Code, Message, Resource, RequestId, TraceId string
	}
	require.NoError(t, xml.Unmarshal(bad.Body, &doc))
	assert.Equal(t, "NoSuchKey", doc.Code)
	assert.NotEmpty(t, doc.Message)
	assert.Equal(t, testBucket+".cos.ap-guangzhou.myqcloud.com/missing/key.txt", doc.Resource)
	assert.Equal(t, bad.Header.Get("x-cos-request-id"), doc.RequestId)
	assert.Equal(t, bad.Header.Get("x-cos-trace-id"), doc.TraceId)
}

func itoa(i int) string {
	const digits = "0123456789"
	if i < 10 {
		return digits[i : i+1]
	}
	return itoa(i/10) + digits[i%10:i%10+1]
}
