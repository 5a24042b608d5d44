package conformance

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/url"
	"testing"

	"github.com/cosgo/cos"
)

// The suite uses only the standard library, not testify: it is compiled
// into the package, not only into its tests.

// must stops the test on an error. A *url.Error from a fetch of a
// presigned URL quotes the whole URL: it is printed through
// cos.RedactURL, since the suite also runs against real COS into logs.
func must(t *testing.T, err error, what string, args ...any) {
	t.Helper()
	if err != nil {
		if ue := (*url.Error)(nil); errors.As(err, &ue) {
			err = fmt.Errorf("%s %s: %w", ue.Op, cos.RedactURL(ue.URL), ue.Err)
		}
		t.Fatalf("%s: %v", fmt.Sprintf(what, args...), err)
	}
}

// equal reports got != want.
func equal[T comparable](t *testing.T, got, want T, what string, args ...any) bool {
	t.Helper()
	if got != want {
		t.Errorf("%s: got %v, want %v", fmt.Sprintf(what, args...), got, want)
		return false
	}
	return true
}

// errIs reports an error that does not match target.
func errIs(t *testing.T, err, target error, what string, args ...any) bool {
	t.Helper()
	if !errors.Is(err, target) {
		t.Errorf("%s: got error %v, want one matching %v", fmt.Sprintf(what, args...), err, target)
		return false
	}
	return true
}

// statusOf returns the HTTP status of a *cos.ServiceError, or 0.
func statusOf(err error) int {
	var se *cos.ServiceError
	if errors.As(err, &se) {
		return se.StatusCode
	}
	return 0
}

// readAll reads and closes a GET body.
func readAll(t *testing.T, resp *cos.Response, err error, what string) []byte {
	t.Helper()
	must(t, err, "%s", what)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	must(t, err, "%s: read body", what)
	return b
}

// sameBytes reports different byte slices without printing them whole.
func sameBytes(t *testing.T, got, want []byte, what string) bool {
	t.Helper()
	if !bytes.Equal(got, want) {
		t.Errorf("%s: got %d bytes (%.32q...), want %d bytes (%.32q...)", what, len(got), got, len(want), want)
		return false
	}
	return true
}

// pattern returns n bytes that differ between seeds.
func pattern(n int, seed byte) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i*7+i/251) ^ seed
	}
	return b
}
