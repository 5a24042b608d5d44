package cos

import (
	"context"
	"encoding/xml"
	"regexp"
	"strings"
)

// subDomain is the sub-resource of the custom domain calls.
const subDomain = "domain"

// maxDomainRules is the most custom domains a bucket takes without a
// ticket (COS's PUT Bucket domain page: "up to 20").
const maxDomainRules = 20

// domainNameRe is a DNS host name (labels of letters, digits and "-"), an
// optional leading "*." wildcard label allowed.
var domainNameRe = regexp.MustCompile(`^(\*\.)?([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$`)

// DomainConfiguration binds custom domains to the bucket.
type DomainConfiguration struct {
	XMLName xml.Name     `xml:"DomainConfiguration"`
	Rules   []DomainRule `xml:"DomainRule"`
}

// DomainRule is one custom domain.
type DomainRule struct {
	// Status is DomainEnabled or DomainDisabled.
	Status DomainStatus `xml:"Status"`
	// Name is the domain, such as "www.example.com".
	Name string `xml:"Name"`
	// Type is the origin the domain serves: DomainTypeREST (the default
	// endpoint), DomainTypeWebsite (needs a website configuration) or
	// DomainTypeAccelerate (needs global acceleration).
	Type DomainType `xml:"Type"`
	// ForcedReplacement takes the domain over from another bucket that
	// holds it, proving ownership by a "CNAME" or "TXT" record.
	ForcedReplacement string `xml:"ForcedReplacement,omitempty"`
}

// DomainStatus is ENABLED or DISABLED.
type DomainStatus string

// DomainType is the origin a custom domain serves.
type DomainType string

// Values of [DomainStatus] and [DomainType]. The types are the three
// origins of COS's PUT Bucket domain page (default, static website, global
// acceleration); their wire names REST and WEBSITE are in the official
// SDKs, ACCELERATE is unconfirmed.
const (
	DomainEnabled        DomainStatus = "ENABLED"
	DomainDisabled       DomainStatus = "DISABLED"
	DomainTypeREST       DomainType   = "REST"
	DomainTypeWebsite    DomainType   = "WEBSITE"
	DomainTypeAccelerate DomainType   = "ACCELERATE"
)

func (c *DomainConfiguration) validate() error {
	if c == nil || len(c.Rules) == 0 {
		return invalidArg("DomainConfiguration.Rules", "needs at least one rule; use DeleteDomain to remove the configuration")
	}
	if len(c.Rules) > maxDomainRules {
		return invalidArg("DomainConfiguration.Rules", "has %d domains; COS allows %d", len(c.Rules), maxDomainRules)
	}
	seen := map[string]bool{}
	for i, r := range c.Rules {
		field := func(name string) string { return elemField("DomainConfiguration.Rules", i, name) }
		if !domainNameRe.MatchString(r.Name) || len(r.Name) > 253 {
			return invalidArg(field("Name"), "%q is not a domain name", r.Name)
		}
		name := strings.ToLower(r.Name)
		if seen[name] {
			return invalidArg(field("Name"), "%q is listed twice", r.Name)
		}
		seen[name] = true
		if r.Status != DomainEnabled && r.Status != DomainDisabled {
			return invalidArg(field("Status"), "%q is not ENABLED or DISABLED", r.Status)
		}
		if r.Type != DomainTypeREST && r.Type != DomainTypeWebsite && r.Type != DomainTypeAccelerate {
			return invalidArg(field("Type"), "%q is not REST, WEBSITE or ACCELERATE", r.Type)
		}
		if f := r.ForcedReplacement; f != "" && f != "CNAME" && f != "TXT" {
			return invalidArg(field("ForcedReplacement"), "%q is not CNAME or TXT", f)
		}
	}
	return nil
}

// PutDomain replaces the bucket's custom domains (PUT Bucket domain); the
// body goes with Content-MD5. No rules, more than 20, a name that is not a
// domain or is listed twice, or an unknown status, type or
// ForcedReplacement fails with [ErrInvalidArgument] before any request.
// A domain another bucket holds gives a 409 error matching [ErrConflict]
// unless ForcedReplacement is set.
//
// Replacing the whole configuration is idempotent, so it retries on
// transient failures. A missing bucket gives [ErrNotFound].
func (s *BucketService) PutDomain(ctx context.Context, cfg *DomainConfiguration) (*Response, error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	return s.client.putConfig(ctx, "PutBucketDomain", subDomain, onBucket, cfg)
}

// GetDomain returns the bucket's custom domains (GET Bucket domain). A
// bucket without any gives a 404 NoSuchDomainConfiguration error matching
// [ErrNotFound] (as does a missing bucket; tell them apart with
// [ErrorCode]). It retries like every read.
func (s *BucketService) GetDomain(ctx context.Context) (*DomainConfiguration, *Response, error) {
	return getConfig[DomainConfiguration](ctx, s.client, "GetBucketDomain", subDomain, onBucket)
}

// DeleteDomain removes every custom domain of the bucket (DELETE Bucket
// domain). Deleting twice is harmless, so it retries on transient
// failures. A missing bucket gives [ErrNotFound].
func (s *BucketService) DeleteDomain(ctx context.Context) (*Response, error) {
	return s.client.deleteConfig(ctx, "DeleteBucketDomain", subDomain, onBucket)
}
