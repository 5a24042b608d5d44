package demo

import (
	"context"
	"net"
	"net/url"
	"strings"
	"testing"
)

// TestFetchErrorHidesTheSignature checks that a failed fetch of a
// presigned URL does not print the URL's signature and token: net/http's
// *url.Error quotes the whole URL, and Run prints what Fetch returns.
func TestFetchErrorHidesTheSignature(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there any more: the fetch fails
	const sig, tok = "0123456789abcdef0123456789abcdef01234567", "SESSIONtokenNEVERprinted"
	u, err := url.Parse("http://" + addr + "/b/k?x-cos-security-token=" + tok + "&q-sign-algorithm=sha1&q-signature=" + sig)
	if err != nil {
		t.Fatal(err)
	}
	_, err = Fetch(context.Background(), u)
	if err == nil {
		t.Fatal("fetching from a closed port succeeded")
	}
	for _, secret := range []string{sig, tok} {
		if strings.Contains(err.Error(), secret) {
			t.Errorf("the error prints a secret: %v", err)
		}
	}
	if !strings.Contains(err.Error(), addr+"/b/k") {
		t.Errorf("the error no longer says what failed: %v", err)
	}
}
