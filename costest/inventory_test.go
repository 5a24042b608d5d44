package costest_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/cosgo/cos/costest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// invDoc is what cos-go-sdk-v5 v0.7.70 sends for PutInventory (its
// BucketPutInventoryOptions: Filter>And, Encryption>SSE-COS, "True").
func invDoc(id, inner string) string {
	return `<InventoryConfiguration><Id>` + id + `</Id><IsEnabled>True</IsEnabled><IncludedObjectVersions>All</IncludedObjectVersions>` +
		`<Filter><And><Prefix>logs/</Prefix><Tag><Key>k</Key><Value>v</Value></Tag></And><Period><StartTime>1568688761</StartTime></Period></Filter>` +
		`<OptionalFields><Field>Size</Field><Field>IsMultipartUpload</Field></OptionalFields>` +
		`<Schedule><Frequency>Daily</Frequency></Schedule>` +
		`<Destination><COSBucketDestination><Bucket>qcs::cos:ap-guangzhou::dest-1250000000</Bucket><AccountId>100000000001</AccountId>` +
		`<Prefix>inv</Prefix><Format>CSV</Format><Encryption><SSE-COS></SSE-COS></Encryption></COSBucketDestination></Destination>` +
		inner + `</InventoryConfiguration>`
}

type invList struct {
	IDs       []string `xml:"InventoryConfiguration>Id"`
	Truncated bool     `xml:"IsTruncated"`
	Token     string   `xml:"ContinuationToken"`
	Next      string   `xml:"NextContinuationToken"`
}

func TestBucketInventory(t *testing.T) {
	t.Parallel()
	e := newEnv(t).withBucket()
	r := e.do(call{Bucket: testBucket, Query: "inventory&id=list1"})
	assert.Equal(t, http.StatusNotFound, r.Status)
	assert.Equal(t, "NoSuchInventoryConfiguration", r.errCode())
	r = e.do(call{Bucket: testBucket, Query: "inventory"})
	require.Equal(t, http.StatusOK, r.Status)
	assert.Equal(t, invList{}, decode[invList](t, r), "no jobs: an empty page")

	r = e.xmlCall(http.MethodPut, "", "inventory&id=list1", invDoc("list1", ""))
	require.Equal(t, http.StatusOK, r.Status, string(r.Body))
	r = e.do(call{Bucket: testBucket, Query: "id=list1&inventory="})
	require.Equal(t, http.StatusOK, r.Status)
	assert.Equal(t, invDoc("list1", ""), strings.TrimPrefix(string(r.Body), xmlDecl), "returned as sent")

	r = e.do(call{Method: http.MethodDelete, Bucket: testBucket, Query: "inventory&id=list1"})
	assert.Equal(t, http.StatusNoContent, r.Status)
	r = e.do(call{Method: http.MethodDelete, Bucket: testBucket, Query: "inventory&id=list1"})
	assert.Equal(t, "NoSuchInventoryConfiguration", r.errCode())

	var ops []costest.Op
	for _, req := range e.srv.Requests() {
		ops = append(ops, req.Op)
	}
	assert.Equal(t, []costest.Op{costest.OpGetBucketInventory, costest.OpListBucketInventoryConfigurations,
		costest.OpPutBucketInventory, costest.OpGetBucketInventory, costest.OpDeleteBucketInventory,
		costest.OpDeleteBucketInventory}, ops, "?inventory&id= and ?inventory are different calls")
}

func TestBucketInventoryValidation(t *testing.T) {
	t.Parallel()
	e := newEnv(t).withBucket()
	swap := func(old, new string) string { return strings.Replace(invDoc("a", ""), old, new, 1) }
	runDocCases(t, e, "inventory&id=a", []docCase{
		{"not XML", "<InventoryConfiguration>", 400, "MalformedXML"},
		{"no destination", `<InventoryConfiguration><Id>a</Id><IsEnabled>true</IsEnabled><Schedule><Frequency>Daily</Frequency></Schedule><IncludedObjectVersions>All</IncludedObjectVersions></InventoryConfiguration>`, 400, "MalformedXML"},
		{"id differs from the query", invDoc("b", ""), 400, "InvalidArgument"},
		{"enabled maybe", swap("<IsEnabled>True", "<IsEnabled>maybe"), 400, "InvalidArgument"},
		{"bucket without qcs", swap("qcs::cos:ap-guangzhou::dest-1250000000", "dest-1250000000"), 400, "InvalidArgument"},
		{"ORC format", swap("<Format>CSV", "<Format>ORC"), 400, "InvalidArgument"},
		{"hourly", swap("<Frequency>Daily", "<Frequency>Hourly"), 400, "InvalidArgument"},
		{"monthly date on a daily job", swap("</Frequency>", "</Frequency><MonthlyDate>3</MonthlyDate>"), 400, "InvalidArgument"},
		{"some versions", swap("<IncludedObjectVersions>All", "<IncludedObjectVersions>Some"), 400, "InvalidArgument"},
		{"prefix and And", swap("<Filter>", "<Filter><Prefix>p</Prefix>"), 400, "MalformedXML"},
		{"unknown field", swap("<Field>Size", "<Field>Color"), 400, "InvalidArgument"},
		{"monthly", swap("<Frequency>Daily</Frequency>", "<Frequency>Monthly</Frequency><MonthlyDate>28</MonthlyDate>"), 200, ""},
	})
	for _, q := range []string{"inventory&id=", "inventory&id=a%2Fb"} {
		r := e.xmlCall(http.MethodPut, "", q, invDoc("a", ""))
		assert.Equal(t, "InvalidArgument", r.errCode(), q)
	}
	r := e.do(call{Bucket: testBucket, Query: "inventory&continuation-token=forged"})
	assert.Equal(t, "InvalidArgument", r.errCode())
}

// Jobs list in ID order, 100 a page, with opaque tokens; the 1001st job is
// refused; replacing a job does not count.
func TestBucketInventoryPaging(t *testing.T) {
	t.Parallel()
	e := newEnv(t).withBucket()
	for i := range 1000 {
		id := fmt.Sprintf("j%04d", i)
		r := e.xmlCall(http.MethodPut, "", "inventory&id="+id, invDoc(id, ""))
		require.Equal(t, http.StatusOK, r.Status, string(r.Body))
	}
	r := e.xmlCall(http.MethodPut, "", "inventory&id=x", invDoc("x", ""))
	assert.Equal(t, http.StatusBadRequest, r.Status)
	assert.Equal(t, "TooManyConfigurations", r.errCode())
	r = e.xmlCall(http.MethodPut, "", "inventory&id=j0007", invDoc("j0007", ""))
	assert.Equal(t, http.StatusOK, r.Status, "replacing a job is not adding one")

	var ids []string
	token := ""
	for page := 0; page < 20; page++ {
		q := "inventory"
		if token != "" {
			q += "&continuation-token=" + url.QueryEscape(token)
		}
		l := decode[invList](t, e.do(call{Bucket: testBucket, Query: q}))
		assert.LessOrEqual(t, len(l.IDs), 100)
		assert.Equal(t, token, l.Token)
		ids = append(ids, l.IDs...)
		if !l.Truncated {
			assert.Empty(t, l.Next)
			break
		}
		require.NotEqual(t, token, l.Next)
		token = l.Next
	}
	require.Len(t, ids, 1000)
	assert.Equal(t, "j0000", ids[0])
	assert.Equal(t, "j0999", ids[999])
}
