package conformance

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cosgo/cos"
)

// testObjectACL sets an object's ACL by canned value and by policy.
func (s *suite) testObjectACL(t *testing.T, e *env) {
	ctx := e.ctx(t)
	key := e.prefix + "acl object"
	e.put(t, ctx, key, []byte("acl"))
	acl, _, err := e.c.Object.GetACL(ctx, key)
	must(t, err, "GetACL")
	if acl.Owner.ID == "" {
		t.Fatal("GetACL: no owner")
	}
	equal(t, acl.CannedACL(), cos.ACLPrivate, "canned ACL of a new object")

	_, err = e.c.Object.PutACL(ctx, key, &cos.ACLOptions{ACLHeaders: cos.ACLHeaders{ACL: cos.ACLPublicRead}})
	must(t, err, "PutACL public-read")
	acl, _, err = e.c.Object.GetACL(ctx, key)
	must(t, err, "GetACL")
	equal(t, acl.CannedACL(), cos.ACLPublicRead, "canned ACL after PutACL public-read")

	_, err = e.c.Object.PutACL(ctx, key, &cos.ACLOptions{AccessControlPolicy: &cos.AccessControlPolicy{
		Owner: acl.Owner,
		AccessControlList: []cos.Grant{
			{Grantee: cos.Grantee{Type: cos.GranteeCanonicalUser, ID: acl.Owner.ID}, Permission: cos.PermFullControl},
		},
	}})
	must(t, err, "PutACL by policy")
	acl, _, err = e.c.Object.GetACL(ctx, key)
	must(t, err, "GetACL")
	equal(t, acl.CannedACL(), cos.ACLPrivate, "canned ACL after a private policy")
	if !slices.ContainsFunc(acl.AccessControlList, func(g cos.Grant) bool {
		return g.Grantee.ID == acl.Owner.ID && g.Permission == cos.PermFullControl
	}) {
		t.Errorf("owner FULL_CONTROL grant missing: %+v", acl.AccessControlList)
	}
	_, _, err = e.c.Object.GetACL(ctx, e.prefix+"missing")
	errIs(t, err, cos.ErrNotFound, "GetACL of a missing object")
}

// testBucketACL sets the bucket ACL to private, then puts the original
// policy back and reads it again.
func (s *suite) testBucketACL(t *testing.T, e *env) {
	if !e.h.BucketConfig {
		t.Skip("Harness.BucketConfig is off: not changing the bucket ACL")
	}
	ctx := e.ctx(t)
	orig, _, err := e.c.Bucket.GetACL(ctx)
	must(t, err, "GetACL")
	restore := func(ctx context.Context) error {
		_, err := e.c.Bucket.PutACL(ctx, &cos.ACLOptions{AccessControlPolicy: orig})
		return err
	}
	restoreOnCleanup(t, "the bucket ACL", restore)

	_, err = e.c.Bucket.PutACL(ctx, &cos.ACLOptions{ACLHeaders: cos.ACLHeaders{ACL: cos.ACLPrivate}})
	must(t, err, "PutACL private")
	acl, _, err := e.c.Bucket.GetACL(ctx)
	must(t, err, "GetACL")
	equal(t, acl.CannedACL(), cos.ACLPrivate, "canned ACL after PutACL private")

	must(t, restore(ctx), "PutACL with the original policy")
	acl, _, err = e.c.Bucket.GetACL(ctx)
	must(t, err, "GetACL")
	equal(t, acl.Owner.ID, orig.Owner.ID, "owner")
	sameList(t, grants(acl), grants(orig), "grants after the round trip")
}

func grants(p *cos.AccessControlPolicy) []string {
	var out []string
	for _, g := range p.AccessControlList {
		out = append(out, g.Grantee.ID+g.Grantee.URI+" "+g.Permission)
	}
	slices.Sort(out)
	return out
}

// testCORS adds a CORS rule next to the bucket's own, checks it and a
// preflight, then restores the original configuration.
func (s *suite) testCORS(t *testing.T, e *env) {
	if !e.h.BucketConfig {
		t.Skip("Harness.BucketConfig is off: not changing the bucket's CORS configuration")
	}
	ctx := e.ctx(t)
	orig, restore := keepConfig(t, ctx, "CORS", e.c.Bucket.GetCORS, e.c.Bucket.PutCORS, e.c.Bucket.DeleteCORS)

	const origin = "https://conformance.cosgo.example"
	rule := cos.CORSRule{
		ID:             "cosgo-conformance-" + randomHex(4),
		AllowedOrigins: []string{origin},
		AllowedMethods: []string{"GET", "PUT"},
		AllowedHeaders: []string{"x-cos-meta-test"},
		ExposeHeaders:  []string{"ETag"},
		MaxAgeSeconds:  60,
	}
	cfg := &cos.CORSConfiguration{Rules: []cos.CORSRule{rule}}
	if orig != nil {
		cfg.Rules = append(slices.Clone(orig.Rules), rule)
		cfg.ResponseVary = orig.ResponseVary
	}
	_, err := e.c.Bucket.PutCORS(ctx, cfg)
	must(t, err, "PutCORS")
	got, _, err := e.c.Bucket.GetCORS(ctx)
	must(t, err, "GetCORS")
	i := slices.IndexFunc(got.Rules, func(r cos.CORSRule) bool { return r.ID == rule.ID })
	if i < 0 {
		t.Fatalf("GetCORS: rule %s missing from %+v", rule.ID, got.Rules)
	}
	r := got.Rules[i]
	equal(t, slices.Equal(r.AllowedOrigins, rule.AllowedOrigins), true, "AllowedOrigins %v", r.AllowedOrigins)
	equal(t, slices.Equal(r.AllowedMethods, rule.AllowedMethods), true, "AllowedMethods %v", r.AllowedMethods)
	equal(t, slices.Equal(lower(r.AllowedHeaders), rule.AllowedHeaders), true, "AllowedHeaders %v", r.AllowedHeaders)
	equal(t, slices.Equal(lower(r.ExposeHeaders), lower(rule.ExposeHeaders)), true, "ExposeHeaders %v", r.ExposeHeaders)
	equal(t, r.MaxAgeSeconds, rule.MaxAgeSeconds, "MaxAgeSeconds")

	// A browser's preflight is answered from the new rule (COS may take a
	// moment to apply it).
	key := e.prefix + "cors object"
	e.put(t, ctx, key, []byte("cors"))
	u, err := e.c.Object.PresignURL(ctx, http.MethodGet, key, time.Minute, nil)
	must(t, err, "PresignURL")
	u.RawQuery = ""
	preflight := func(from string) (int, string) {
		req, err := http.NewRequestWithContext(ctx, http.MethodOptions, u.String(), nil)
		must(t, err, "preflight request")
		req.Header.Set("Origin", from)
		req.Header.Set("Access-Control-Request-Method", "PUT")
		resp, err := e.h.HTTPClient.Do(req)
		must(t, err, "preflight")
		resp.Body.Close()
		return resp.StatusCode, resp.Header.Get("Access-Control-Allow-Origin")
	}
	var status int
	var allow string
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(time.Second) {
		if status, allow = preflight(origin); status == http.StatusOK || time.Now().After(deadline) {
			break
		}
	}
	equal(t, status, http.StatusOK, "preflight from an allowed origin")
	if allow != origin && allow != "*" {
		t.Errorf("preflight: Access-Control-Allow-Origin %q", allow)
	}
	status, _ = preflight("https://other.cosgo.example")
	equal(t, status, http.StatusForbidden, "preflight from another origin")

	must(t, restore(ctx), "restore the CORS configuration")
	if orig == nil {
		_, _, err = e.c.Bucket.GetCORS(ctx)
		errIs(t, err, cos.ErrNotFound, "GetCORS after DeleteCORS")
	}
}

func lower(s []string) []string {
	out := make([]string, len(s))
	for i, v := range s {
		out[i] = strings.ToLower(v)
	}
	return out
}

// testLifecycle adds a rule for the subtest's prefix next to the bucket's
// own, reads it back and restores the original configuration.
func (s *suite) testLifecycle(t *testing.T, e *env) {
	if !e.h.BucketConfig {
		t.Skip("Harness.BucketConfig is off: not changing the bucket's lifecycle configuration")
	}
	ctx := e.ctx(t)
	orig, restore := keepConfig(t, ctx, "Lifecycle", e.c.Bucket.GetLifecycle, e.c.Bucket.PutLifecycle, e.c.Bucket.DeleteLifecycle)

	// The rule only expires this subtest's own objects.
	rule := cos.LifecycleRule{
		ID:                             "cosgo-conformance-" + randomHex(4),
		Filter:                         cos.LifecycleFilter{Prefix: e.prefix},
		Status:                         cos.LifecycleEnabled,
		Expiration:                     &cos.LifecycleExpiration{Days: 1},
		AbortIncompleteMultipartUpload: &cos.AbortIncompleteMultipartUpload{DaysAfterInitiation: 1},
	}
	cfg := &cos.LifecycleConfiguration{Rules: []cos.LifecycleRule{rule}}
	if orig != nil {
		cfg.Rules = append(slices.Clone(orig.Rules), rule)
	}
	_, err := e.c.Bucket.PutLifecycle(ctx, cfg)
	must(t, err, "PutLifecycle")
	got, _, err := e.c.Bucket.GetLifecycle(ctx)
	must(t, err, "GetLifecycle")
	equal(t, len(got.Rules), len(cfg.Rules), "number of rules")
	i := slices.IndexFunc(got.Rules, func(r cos.LifecycleRule) bool { return r.ID == rule.ID })
	if i < 0 {
		t.Fatalf("GetLifecycle: rule %s missing", rule.ID)
	}
	r := got.Rules[i]
	equal(t, r.Filter.Prefix, e.prefix, "Filter.Prefix")
	equal(t, r.Status, cos.LifecycleEnabled, "Status")
	if equal(t, r.Expiration != nil, true, "Expiration present") {
		equal(t, r.Expiration.Days, 1, "Expiration.Days")
	}
	if equal(t, r.AbortIncompleteMultipartUpload != nil, true, "AbortIncompleteMultipartUpload present") {
		equal(t, r.AbortIncompleteMultipartUpload.DaysAfterInitiation, 1, "DaysAfterInitiation")
	}

	must(t, restore(ctx), "restore the lifecycle configuration")
	if orig == nil {
		_, _, err = e.c.Bucket.GetLifecycle(ctx)
		errIs(t, err, cos.ErrNotFound, "GetLifecycle after DeleteLifecycle")
	}
}

// keepConfig reads the bucket's configuration of a family (nil when it
// has none) and returns it with restore, which puts it back, or deletes
// the configuration when there was none; restore also runs when the test
// ends.
func keepConfig[T any](t *testing.T, ctx context.Context, family string,
	get func(context.Context) (*T, *cos.Response, error),
	put func(context.Context, *T) (*cos.Response, error),
	del func(context.Context) (*cos.Response, error)) (orig *T, restore func(context.Context) error) {
	t.Helper()
	orig, _, err := get(ctx)
	if errors.Is(err, cos.ErrNotFound) {
		orig, err = nil, nil
	}
	must(t, err, "Get%s", family)
	restore = func(ctx context.Context) error {
		if orig == nil {
			_, err := del(ctx)
			return err
		}
		_, err := put(ctx, orig)
		return err
	}
	restoreOnCleanup(t, "the "+family+" configuration", restore)
	return orig, restore
}

// restoreOnCleanup runs restore when the test ends, reporting its error as
// failing to restore what.
func restoreOnCleanup(t *testing.T, what string, restore func(context.Context) error) {
	t.Cleanup(func() {
		ctx, cancel := freshCtx()
		defer cancel()
		if err := restore(ctx); err != nil {
			t.Errorf("cleanup: restore %s: %v", what, err)
		}
	})
}

// freshCtx is a context for t.Cleanup, when t.Context() is done.
func freshCtx() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), time.Minute)
}
