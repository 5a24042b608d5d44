package cos

import (
	"context"
	"encoding/xml"
	"net/http"
	"strings"
)

// The hotlink-protection family: a bucket's Referer allow or block list.
//
// Wire facts (PUT and GET Bucket referer, API pages 31423 and 30615;
// cos-go-sdk-v5 v0.7.70 bucket_referer.go; cos-js-sdk-v5
// getBucketReferer): the sub-resource is "referer"; the document is
// <RefererConfiguration> with Status (Enabled, Disabled), RefererType
// (Black-List, White-List), DomainList/Domain (prefix match, ports and
// "*." wildcards allowed) and EmptyReferConfiguration (Allow, Deny; Deny
// by default); PUT needs Content-MD5; a bucket without a configuration
// answers GET with 404 NoSuchRefererConfiguration (what the JS SDK
// checks). There is no DELETE: the Go SDK's DeleteReferer sends a PUT with
// an empty body. VerifySignatureURL is sent by the Go SDK and not
// documented.

// subReferer is the sub-resource of the hotlink-protection calls.
const subReferer = "referer"

// RefererStatus switches hotlink protection on or off.
type RefererStatus string

// Statuses of a [RefererConfiguration].
const (
	RefererEnabled  RefererStatus = "Enabled"
	RefererDisabled RefererStatus = "Disabled"
)

// RefererType says whether the domains are allowed or blocked.
type RefererType string

// Types of a [RefererConfiguration].
const (
	// RefererWhiteList allows only requests whose Referer matches a
	// domain.
	RefererWhiteList RefererType = "White-List"
	// RefererBlackList refuses requests whose Referer matches a domain.
	RefererBlackList RefererType = "Black-List"
)

// EmptyReferConfiguration says what happens to requests without a
// Referer header.
type EmptyReferConfiguration string

// Choices for requests without a Referer.
const (
	EmptyReferAllow EmptyReferConfiguration = "Allow"
	EmptyReferDeny  EmptyReferConfiguration = "Deny"
)

// RefererConfiguration is the bucket's hotlink protection.
type RefererConfiguration struct {
	XMLName     xml.Name      `xml:"RefererConfiguration"`
	Status      RefererStatus `xml:"Status"`
	RefererType RefererType   `xml:"RefererType"`
	// DomainList holds domains such as "www.example.com",
	// "*.example.com", "example.com/path" or "192.168.1.2:8080", matched
	// as prefixes. An enabled configuration needs at least one.
	DomainList []string `xml:"DomainList>Domain"`
	// EmptyReferConfiguration is Allow or Deny; empty leaves COS's
	// default, Deny.
	EmptyReferConfiguration EmptyReferConfiguration `xml:"EmptyReferConfiguration,omitempty"`
	// VerifySignatureURL is passed through as the official Go SDK does;
	// COS's pages do not document it.
	VerifySignatureURL string `xml:"VerifySignatureURL,omitempty"`
}

func (c *RefererConfiguration) validate() error {
	if c == nil {
		return invalidArg("RefererConfiguration", "is nil; use DeleteReferer to remove it")
	}
	if c.Status != RefererEnabled && c.Status != RefererDisabled {
		return invalidArg("RefererConfiguration.Status", "%q is neither %q nor %q", c.Status, RefererEnabled, RefererDisabled)
	}
	if c.RefererType != RefererWhiteList && c.RefererType != RefererBlackList {
		return invalidArg("RefererConfiguration.RefererType", "%q is neither %q nor %q", c.RefererType, RefererWhiteList, RefererBlackList)
	}
	switch c.EmptyReferConfiguration {
	case "", EmptyReferAllow, EmptyReferDeny:
	default:
		return invalidArg("RefererConfiguration.EmptyReferConfiguration", "%q is neither %q nor %q", c.EmptyReferConfiguration, EmptyReferAllow, EmptyReferDeny)
	}
	if c.Status == RefererEnabled && len(c.DomainList) == 0 {
		return invalidArg("RefererConfiguration.DomainList", "is empty; an enabled configuration needs at least one domain")
	}
	for i, d := range c.DomainList {
		if strings.TrimSpace(d) == "" || strings.ContainsAny(d, " \t\r\n") {
			return invalidArg(elemField("RefererConfiguration.DomainList", i, ""), "%q is not a domain", d)
		}
	}
	return nil
}

// PutReferer replaces the bucket's hotlink protection (PUT Bucket
// referer); the body goes with Content-MD5. A status, type or
// empty-referer choice COS does not know, an enabled configuration
// without domains, or an empty or blank domain fails with
// [ErrInvalidArgument] before any request.
//
// The call replaces the whole configuration, so it retries on transient
// failures. A missing bucket gives [ErrNotFound].
func (s *BucketService) PutReferer(ctx context.Context, cfg *RefererConfiguration) (*Response, error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	return s.client.putConfig(ctx, "PutBucketReferer", subReferer, onBucket, cfg)
}

// GetReferer returns the bucket's hotlink protection (GET Bucket
// referer). A bucket without one gives a 404 NoSuchRefererConfiguration
// error matching [ErrNotFound] (as does a missing bucket; tell them apart
// with [ErrorCode]). It retries like every read.
func (s *BucketService) GetReferer(ctx context.Context) (*RefererConfiguration, *Response, error) {
	return getConfig[RefererConfiguration](ctx, s.client, "GetBucketReferer", subReferer, onBucket)
}

// DeleteReferer removes the bucket's hotlink protection. COS has no
// DELETE for it: like the official Go SDK, the call sends a PUT with an
// empty body (and the MD5 of nothing). Removing twice is harmless, so it
// retries on transient failures. A missing bucket gives [ErrNotFound].
func (s *BucketService) DeleteReferer(ctx context.Context) (*Response, error) {
	o := onBucket.op("DeleteBucketReferer", http.MethodPut, subReferer)
	o.header = http.Header{"Content-Md5": {contentMD5(nil)}}
	return s.client.do(ctx, o)
}
