package cos_test

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/cosgo/cos"
)

// A presigned URL lets anyone holding it act until it expires, and
// net/http quotes the whole URL in its errors. RedactURL keeps what a log
// needs (object, expiry) and masks the signature and the token.
func ExampleRedactURL() {
	u := "https://examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com/a.txt?" +
		"q-sign-algorithm=sha1&q-ak=AKIDEXAMPLE&q-sign-time=1700000000%3B1700000300&q-key-time=1700000000%3B1700000300" +
		"&q-header-list=host&q-url-param-list=&q-signature=0f3b2c9a&x-cos-security-token=TOKEN"
	fmt.Println(cos.RedactURL(u))

	// A failed fetch of a presigned URL: log the *url.Error's parts.
	client := &http.Client{Timeout: time.Second}
	_, err := client.Get("http://127.0.0.1:1/a.txt?q-signature=0f3b2c9a") // nothing listens on port 1
	if ue := (*url.Error)(nil); errors.As(err, &ue) {
		fmt.Println("fetch failed:", ue.Op, cos.RedactURL(ue.URL))
	}
	// Output:
	// https://examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com/a.txt?q-sign-algorithm=sha1&q-ak=AKIDEXAMPLE&q-sign-time=1700000000%3B1700000300&q-key-time=1700000000%3B1700000300&q-header-list=host&q-url-param-list=&q-signature=REDACTED&x-cos-security-token=REDACTED
	// fetch failed: Get http://127.0.0.1:1/a.txt?q-signature=REDACTED
}
