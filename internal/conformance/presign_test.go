package conformance_test

import (
	"errors"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"testing"
	"time"

	"github.com/cosgo/cos"
	"github.com/cosgo/cos/costest"
	"github.com/cosgo/cos/internal/conformance"
)

// failPresigned is a transport that refuses every presigned request, as a
// network would that drops them.
type failPresigned struct{}

func (failPresigned) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.URL.Query().Get("q-signature") != "" {
		return nil, errors.New("refused")
	}
	return http.DefaultTransport.RoundTrip(r)
}

// TestPresignFailureHidesTheSignature runs the suite's Presign subtest in
// a child process whose presigned fetches fail, and checks that its
// failure message (the suite runs against real COS too, into CI logs)
// names the URL without its signature or session token.
func TestPresignFailureHidesTheSignature(t *testing.T) {
	const token = "SESSIONtokenConformanceNEVERprinted"
	if os.Getenv("COSGO_CONFORMANCE_PRESIGN_CHILD") == "1" {
		srv := costest.NewServer(costest.WithTemporaryCredentials("AKIDchild", "child-secret-key", token, time.Time{}))
		t.Cleanup(srv.Close)
		const bucket = "conformance-1250000000"
		if err := srv.CreateBucket(bucket); err != nil {
			t.Fatal(err)
		}
		conformance.Harness{NewClient: func(t *testing.T) *cos.Client {
			c, err := cos.NewClient(cos.WithEndpoint(srv.URL), cos.WithBucket(bucket),
				cos.WithStaticCredentials("AKIDchild", "child-secret-key", token))
			if err != nil {
				t.Fatal(err)
			}
			return c
		}, HTTPClient: &http.Client{Transport: failPresigned{}}}.Run(t)
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestPresignFailureHidesTheSignature$/^Presign$", "-test.v")
	cmd.Env = append(os.Environ(), "COSGO_CONFORMANCE_PRESIGN_CHILD=1")
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatalf("the child's presigned fetches failed, yet it passed:\n%s", out)
	}
	if !regexp.MustCompile(`Presign.*refused`).Match(out) {
		t.Fatalf("the child did not fail on a presigned fetch:\n%s", out)
	}
	if regexp.MustCompile(`q-signature=[0-9a-f]`).Match(out) || regexp.MustCompile(token).Match(out) {
		t.Errorf("the failure printed the presigned URL's signature or token:\n%s", out)
	}
}
