package costest

import (
	"encoding/xml"
	"net/http"
	"regexp"
	"slices"
	"strings"
)

// The custom domain family: PUT, GET and DELETE Bucket domain.
const (
	// OpPutBucketDomain is PUT Bucket domain.
	OpPutBucketDomain Op = "PutBucketDomain"
	// OpGetBucketDomain is GET Bucket domain.
	OpGetBucketDomain Op = "GetBucketDomain"
	// OpDeleteBucketDomain is DELETE Bucket domain.
	OpDeleteBucketDomain Op = "DeleteBucketDomain"
)

// maxDomains is the most custom domains of a bucket (PUT Bucket domain).
const maxDomains = 20

var domainNameRE = regexp.MustCompile(`^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$`)

// domainRule is one custom domain as sent.
type domainRule struct {
	Status            string `xml:"Status"`
	Name              string `xml:"Name"`
	Type              string `xml:"Type"`
	ForcedReplacement string `xml:"ForcedReplacement,omitempty"`
}

type domainConfig struct {
	XMLName xml.Name     `xml:"DomainConfiguration"`
	Rules   []domainRule `xml:"DomainRule"`
}

// parseDomain applies COS's rules to a DomainConfiguration; names come
// back lower-cased (DNS names are case-insensitive).
func parseDomain(body []byte) ([]domainRule, *Error) {
	var in domainConfig
	if err := xml.Unmarshal(body, &in); err != nil {
		return nil, errMalformedXML("DomainConfiguration: %v", err)
	}
	if n := len(in.Rules); n == 0 || n > maxDomains {
		return nil, errMalformedXML("DomainConfiguration needs 1 to %d DomainRule elements, got %d.", maxDomains, n)
	}
	seen := map[string]bool{}
	for i := range in.Rules {
		r := &in.Rules[i]
		r.Status, r.Type = strings.TrimSpace(r.Status), strings.TrimSpace(r.Type)
		r.Name = strings.ToLower(strings.TrimSpace(r.Name))
		r.ForcedReplacement = strings.TrimSpace(r.ForcedReplacement)
		switch {
		case !domainNameRE.MatchString(r.Name) || len(r.Name) > 253:
			return nil, errInvalidArgument("Name %q is not a domain name.", r.Name)
		case seen[r.Name]:
			return nil, errInvalidArgument("The domain %q is listed twice.", r.Name)
		case r.Status != "ENABLED" && r.Status != "DISABLED":
			return nil, errInvalidArgument("Status %q must be ENABLED or DISABLED.", r.Status)
		case r.Type != "REST" && r.Type != "WEBSITE" && r.Type != "ACCELERATE":
			return nil, errInvalidArgument("Type %q must be REST, WEBSITE or ACCELERATE.", r.Type)
		case r.ForcedReplacement != "" && r.ForcedReplacement != "CNAME" && r.ForcedReplacement != "TXT":
			return nil, errInvalidArgument("ForcedReplacement %q must be CNAME or TXT.", r.ForcedReplacement)
		}
		seen[r.Name] = true
	}
	return in.Rules, nil
}

func (s *Server) putBucketDomain(c *reqCtx) *Error {
	return putConfig(s, c, maxConfigBody, parseDomain, s.store.bindDomains, http.StatusOK)
}

// bindDomains checks each domain's origin and owner, then gives them to
// b; a domain held by another bucket moves only with ForcedReplacement.
// The caller holds the write lock.
func (st *store) bindDomains(b *bucket, rules []domainRule) *Error {
	for _, r := range rules {
		switch {
		case r.Type == "WEBSITE" && b.conf.website == nil:
			return errInvalidArgument("The domain %s serves the static website, which bucket %s does not have.", r.Name, b.name)
		case r.Type == "ACCELERATE" && b.conf.accelerate != "Enabled":
			return errInvalidArgument("The domain %s serves global acceleration, which bucket %s has not enabled.", r.Name, b.name)
		}
		if other := st.domainOwner(r.Name); other != nil && other != b && r.ForcedReplacement == "" {
			return errorf(http.StatusConflict, codeDomainConflict, "The domain %s is bound to another bucket; set ForcedReplacement to take it over.", r.Name)
		}
	}
	for _, r := range rules {
		if other := st.domainOwner(r.Name); other != nil && other != b {
			other.conf.domains = slices.DeleteFunc(slices.Clone(other.conf.domains), func(o domainRule) bool { return o.Name == r.Name })
		}
	}
	b.conf.domains = rules
	return nil
}

// domainOwner is the bucket holding name, if any; the caller holds the
// lock.
func (st *store) domainOwner(name string) *bucket {
	for _, b := range st.buckets {
		for _, r := range b.conf.domains {
			if r.Name == name {
				return b
			}
		}
	}
	return nil
}

func (s *Server) getBucketDomain(c *reqCtx) *Error {
	return getConfig(s, c, func(b *bucket) (domainConfig, *Error) {
		if len(b.conf.domains) == 0 {
			return domainConfig{}, newError(http.StatusNotFound, codeNoDomain, "The specified bucket does not have a domain configuration.")
		}
		return domainConfig{Rules: b.conf.domains}, nil
	})
}

func (s *Server) deleteBucketDomain(c *reqCtx) *Error {
	return s.setBucketConfig(c, func(b *bucket) { b.conf.domains = nil }, http.StatusNoContent)
}
