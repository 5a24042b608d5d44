package costest_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type loggingDoc struct {
	LoggingEnabled *struct {
		TargetBucket string `xml:"TargetBucket"`
		TargetPrefix string `xml:"TargetPrefix"`
	} `xml:"LoggingEnabled"`
}

func TestBucketLogging(t *testing.T) {
	t.Parallel()
	e := newEnv(t).withBucket()
	r := e.do(call{Bucket: testBucket, Query: "logging"})
	require.Equal(t, http.StatusOK, r.Status)
	assert.Nil(t, decode[loggingDoc](t, r).LoggingEnabled, "never configured: logging off")

	on := `<BucketLoggingStatus><LoggingEnabled><TargetBucket>` + testBucket + `</TargetBucket><TargetPrefix>logs/</TargetPrefix></LoggingEnabled></BucketLoggingStatus>`
	r = e.xmlCall(http.MethodPut, "", "logging", on)
	require.Equal(t, http.StatusOK, r.Status, string(r.Body))
	got := decode[loggingDoc](t, e.do(call{Bucket: testBucket, Query: "logging="})).LoggingEnabled
	require.NotNil(t, got)
	assert.Equal(t, testBucket, got.TargetBucket)
	assert.Equal(t, "logs/", got.TargetPrefix)

	r = e.xmlCall(http.MethodPut, "", "logging", `<BucketLoggingStatus><LoggingEnabled><TargetBucket>nobody-1250000000</TargetBucket></LoggingEnabled></BucketLoggingStatus>`)
	assert.Equal(t, "InvalidTargetBucketForLogging", r.errCode())
	r = e.xmlCall(http.MethodPut, "", "logging", `<BucketLoggingStatus><LoggingEnabled><TargetPrefix>p</TargetPrefix></LoggingEnabled></BucketLoggingStatus>`)
	assert.Equal(t, "MalformedXML", r.errCode())
	r = e.xmlCall(http.MethodPut, "", "logging", `<Logging/>`)
	assert.Equal(t, "MalformedXML", r.errCode())

	// cos-go-sdk-v5 with a nil configuration sends an empty body.
	r = e.xmlCall(http.MethodPut, "", "logging", "")
	require.Equal(t, http.StatusOK, r.Status, string(r.Body))
	assert.Nil(t, decode[loggingDoc](t, e.do(call{Bucket: testBucket, Query: "logging"})).LoggingEnabled)
	r = e.xmlCall(http.MethodPut, "", "logging", on)
	require.Equal(t, http.StatusOK, r.Status)
	r = e.xmlCall(http.MethodPut, "", "logging", `<BucketLoggingStatus></BucketLoggingStatus>`)
	require.Equal(t, http.StatusOK, r.Status)
	assert.Nil(t, decode[loggingDoc](t, e.do(call{Bucket: testBucket, Query: "logging"})).LoggingEnabled)
}
