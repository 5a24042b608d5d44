package costest

import (
	"encoding/xml"
	"net/http"
	"strings"
)

// The hotlink-protection family: a bucket's Referer allow or block list.
// costest stores and checks the configuration; it does not filter
// requests by their Referer.

// The hotlink-protection operations.
const (
	// OpPutBucketReferer is PUT Bucket referer.
	OpPutBucketReferer Op = "PutBucketReferer"
	// OpGetBucketReferer is GET Bucket referer.
	OpGetBucketReferer Op = "GetBucketReferer"
)

// refererConfig is a validated RefererConfiguration.
type refererConfig struct {
	status, refererType string
	domains             []string
	emptyRefer          string // Allow or Deny
	verifySignatureURL  string // passed through as sent
}

type refererXML struct {
	XMLName                 xml.Name `xml:"RefererConfiguration"`
	Status                  string   `xml:"Status"`
	RefererType             string   `xml:"RefererType"`
	Domains                 []string `xml:"DomainList>Domain"`
	EmptyReferConfiguration string   `xml:"EmptyReferConfiguration,omitempty"`
	VerifySignatureURL      string   `xml:"VerifySignatureURL,omitempty"`
}

// oneOf returns the canonical spelling of v among allowed, compared
// case-insensitively, or "".
func oneOf(v string, allowed ...string) string {
	for _, a := range allowed {
		if strings.EqualFold(strings.TrimSpace(v), a) {
			return a
		}
	}
	return ""
}

// parseReferer applies the rules of PUT Bucket referer (page 31423):
// Status Enabled or Disabled and RefererType Black-List or White-List are
// required; EmptyReferConfiguration is Allow or Deny (default Deny); an
// enabled list needs at least one domain.
func parseReferer(body []byte) (*refererConfig, *Error) {
	var in refererXML
	if err := xml.Unmarshal(body, &in); err != nil {
		return nil, errMalformedXML("RefererConfiguration: %v", err)
	}
	cfg := &refererConfig{
		status:             oneOf(in.Status, "Enabled", "Disabled"),
		refererType:        oneOf(in.RefererType, "Black-List", "White-List"),
		domains:            trimAll(in.Domains),
		emptyRefer:         "Deny",
		verifySignatureURL: strings.TrimSpace(in.VerifySignatureURL),
	}
	switch {
	case strings.TrimSpace(in.Status) == "" || strings.TrimSpace(in.RefererType) == "":
		return nil, errMalformedXML("RefererConfiguration needs Status and RefererType.")
	case cfg.status == "":
		return nil, errInvalidArgument("Status %q must be Enabled or Disabled.", in.Status)
	case cfg.refererType == "":
		return nil, errInvalidArgument("RefererType %q must be Black-List or White-List.", in.RefererType)
	case cfg.status == "Enabled" && len(cfg.domains) == 0:
		return nil, errMalformedXML("An enabled RefererConfiguration needs a DomainList with at least one Domain.")
	}
	if v := strings.TrimSpace(in.EmptyReferConfiguration); v != "" {
		if cfg.emptyRefer = oneOf(v, "Allow", "Deny"); cfg.emptyRefer == "" {
			return nil, errInvalidArgument("EmptyReferConfiguration %q must be Allow or Deny.", v)
		}
	}
	return cfg, nil
}

// putBucketReferer stores the configuration; an empty body removes it
// (see refererEmptyPutDeletes).
func (s *Server) putBucketReferer(c *reqCtx) *Error {
	parse := func(body []byte) (*refererConfig, *Error) {
		if len(strings.TrimSpace(string(body))) == 0 && refererEmptyPutDeletes {
			return nil, nil
		}
		return parseReferer(body)
	}
	return putConfig(s, c, maxTaggingBody, parse, func(b *bucket, cfg *refererConfig) *Error { b.referer = cfg; return nil }, http.StatusOK)
}

func (s *Server) getBucketReferer(c *reqCtx) *Error {
	return getConfig(s, c, func(b *bucket) (refererXML, *Error) {
		cfg := b.referer
		if cfg == nil {
			return refererXML{}, newError(http.StatusNotFound, codeNoSuchReferer, "The referer configuration does not exist.")
		}
		return refererXML{Status: cfg.status, RefererType: cfg.refererType, Domains: cfg.domains,
			EmptyReferConfiguration: cfg.emptyRefer, VerifySignatureURL: cfg.verifySignatureURL}, nil
	})
}
