package cos

import (
	"context"
	"encoding/xml"
)

// subWebsite is the sub-resource of the static website calls.
const subWebsite = "website"

// maxWebsiteRoutingRules is the most routing rules one configuration
// holds. COS's PUT Bucket website page names no number; 100 is S3's order
// of magnitude and the figure costest enforces (unconfirmed).
const maxWebsiteRoutingRules = 100

// WebsiteConfiguration serves the bucket as a static website on its
// website endpoint (<bucket>.cos-website.<region>.myqcloud.com): an index
// document for "directories", an error document, an optional redirect of
// every request to HTTPS and routing rules that redirect some requests.
type WebsiteConfiguration struct {
	XMLName xml.Name `xml:"WebsiteConfiguration"`
	// IndexDocument is served for a request that ends in "/" (required).
	IndexDocument WebsiteIndexDocument `xml:"IndexDocument"`
	// RedirectAllRequestsTo redirects every request to another protocol.
	RedirectAllRequestsTo *WebsiteRedirectAllRequestsTo `xml:"RedirectAllRequestsTo,omitempty"`
	// AutoAddressing, when Enabled, serves "dir/index.html" for "dir"
	// without the trailing "/".
	AutoAddressing *WebsiteAutoAddressing `xml:"AutoAddressing,omitempty"`
	// ErrorDocument is served for 4XX errors.
	ErrorDocument *WebsiteErrorDocument `xml:"ErrorDocument,omitempty"`
	// RoutingRules redirect requests by key prefix or error code, first
	// match wins.
	RoutingRules WebsiteRoutingRules `xml:"RoutingRules,omitempty"`
}

// WebsiteRoutingRules is the RoutingRules list, each a RoutingRule
// element.
type WebsiteRoutingRules []WebsiteRoutingRule

// MarshalXML writes the rules inside <RoutingRules>.
func (l WebsiteRoutingRules) MarshalXML(e *xml.Encoder, start xml.StartElement) error {
	return marshalList(e, start, "RoutingRule", l)
}

// UnmarshalXML reads the RoutingRule elements of <RoutingRules>.
func (l *WebsiteRoutingRules) UnmarshalXML(d *xml.Decoder, _ xml.StartElement) error {
	return unmarshalList(d, "RoutingRule", (*[]WebsiteRoutingRule)(l))
}

// WebsiteIndexDocument names the index document.
type WebsiteIndexDocument struct {
	// Suffix is appended to a request for a "directory", e.g. "index.html".
	Suffix string `xml:"Suffix"`
}

// WebsiteRedirectAllRequestsTo redirects every website request.
type WebsiteRedirectAllRequestsTo struct {
	// Protocol is "https" (or "http").
	Protocol string `xml:"Protocol"`
}

// WebsiteAutoAddressing turns automatic index lookup on or off.
type WebsiteAutoAddressing struct {
	// Status is WebsiteEnabled or WebsiteDisabled.
	Status WebsiteStatus `xml:"Status"`
}

// WebsiteErrorDocument names the error document.
type WebsiteErrorDocument struct {
	// Key is the object served for errors (required).
	Key string `xml:"Key"`
	// OriginalHTTPStatus, when Enabled, keeps the error's status code on
	// the error document rather than answering 200.
	OriginalHTTPStatus WebsiteStatus `xml:"OriginalHttpStatus,omitempty"`
}

// WebsiteStatus is Enabled or Disabled.
type WebsiteStatus string

// Values of [WebsiteStatus].
const (
	WebsiteEnabled  WebsiteStatus = "Enabled"
	WebsiteDisabled WebsiteStatus = "Disabled"
)

// WebsiteRoutingRule redirects the requests its condition matches.
type WebsiteRoutingRule struct {
	Condition WebsiteCondition `xml:"Condition"`
	Redirect  WebsiteRedirect  `xml:"Redirect"`
}

// WebsiteCondition is what a routing rule matches: one of an error code
// or a key prefix.
type WebsiteCondition struct {
	// HTTPErrorCodeReturnedEquals matches requests that would fail with
	// this 4XX status.
	HTTPErrorCodeReturnedEquals int `xml:"HttpErrorCodeReturnedEquals,omitempty"`
	// KeyPrefixEquals matches keys starting with this prefix.
	KeyPrefixEquals string `xml:"KeyPrefixEquals,omitempty"`
}

// WebsiteRedirect is where a routing rule sends the request: one of a new
// key or a new key prefix, optionally with another protocol.
type WebsiteRedirect struct {
	// Protocol is "http" or "https"; empty keeps the request's.
	Protocol string `xml:"Protocol,omitempty"`
	// ReplaceKeyWith replaces the whole key.
	ReplaceKeyWith string `xml:"ReplaceKeyWith,omitempty"`
	// ReplaceKeyPrefixWith replaces the matched KeyPrefixEquals.
	ReplaceKeyPrefixWith string `xml:"ReplaceKeyPrefixWith,omitempty"`
}

func validWebsiteProtocol(p string, optional bool) bool {
	return p == "http" || p == "https" || optional && p == ""
}

func validWebsiteStatus(s WebsiteStatus, optional bool) bool {
	return s == WebsiteEnabled || s == WebsiteDisabled || optional && s == ""
}

func (c *WebsiteConfiguration) validate() error {
	if c == nil {
		return invalidArg("WebsiteConfiguration", "is nil; use DeleteWebsite to remove the configuration")
	}
	if c.IndexDocument.Suffix == "" {
		return invalidArg("WebsiteConfiguration.IndexDocument.Suffix", "is empty")
	}
	if r := c.RedirectAllRequestsTo; r != nil && !validWebsiteProtocol(r.Protocol, false) {
		return invalidArg("WebsiteConfiguration.RedirectAllRequestsTo.Protocol", "%q is not http or https", r.Protocol)
	}
	if a := c.AutoAddressing; a != nil && !validWebsiteStatus(a.Status, false) {
		return invalidArg("WebsiteConfiguration.AutoAddressing.Status", "%q is not Enabled or Disabled", a.Status)
	}
	if e := c.ErrorDocument; e != nil {
		if e.Key == "" {
			return invalidArg("WebsiteConfiguration.ErrorDocument.Key", "is empty")
		}
		if !validWebsiteStatus(e.OriginalHTTPStatus, true) {
			return invalidArg("WebsiteConfiguration.ErrorDocument.OriginalHTTPStatus", "%q is not Enabled or Disabled", e.OriginalHTTPStatus)
		}
	}
	if len(c.RoutingRules) > maxWebsiteRoutingRules {
		return invalidArg("WebsiteConfiguration.RoutingRules", "has %d rules; at most %d are allowed", len(c.RoutingRules), maxWebsiteRoutingRules)
	}
	for i, r := range c.RoutingRules {
		if err := r.validate(i); err != nil {
			return err
		}
	}
	return nil
}

func (r WebsiteRoutingRule) validate(i int) error {
	field := func(name string) string { return elemField("WebsiteConfiguration.RoutingRules", i, name) }
	cond, red := r.Condition, r.Redirect
	switch code := cond.HTTPErrorCodeReturnedEquals; {
	case code == 0 && cond.KeyPrefixEquals == "":
		return invalidArg(field("Condition"), "needs HTTPErrorCodeReturnedEquals or KeyPrefixEquals")
	case code != 0 && cond.KeyPrefixEquals != "":
		return invalidArg(field("Condition"), "sets both HTTPErrorCodeReturnedEquals and KeyPrefixEquals; a rule matches on one")
	case code != 0 && (code < 400 || code > 499):
		return invalidArg(field("Condition.HTTPErrorCodeReturnedEquals"), "%d is not a 4XX status", code)
	}
	switch {
	case red.ReplaceKeyWith == "" && red.ReplaceKeyPrefixWith == "":
		return invalidArg(field("Redirect"), "needs ReplaceKeyWith or ReplaceKeyPrefixWith")
	case red.ReplaceKeyWith != "" && red.ReplaceKeyPrefixWith != "":
		return invalidArg(field("Redirect"), "sets both ReplaceKeyWith and ReplaceKeyPrefixWith")
	case red.ReplaceKeyPrefixWith != "" && cond.KeyPrefixEquals == "":
		return invalidArg(field("Redirect.ReplaceKeyPrefixWith"), "needs a KeyPrefixEquals condition to replace")
	}
	if !validWebsiteProtocol(red.Protocol, true) {
		return invalidArg(field("Redirect.Protocol"), "%q is not http or https", red.Protocol)
	}
	return nil
}

// PutWebsite replaces the bucket's static website configuration (PUT
// Bucket website); the body goes with Content-MD5. A configuration without
// an index document, a redirect protocol other than http/https, an error
// document without a key, more than 100 routing rules, or a rule without
// exactly one condition (a 4XX code or a key prefix) and one replacement
// (key or key prefix) fails with [ErrInvalidArgument] before any request.
//
// Replacing the whole configuration is idempotent, so it retries on
// transient failures. A missing bucket gives [ErrNotFound].
func (s *BucketService) PutWebsite(ctx context.Context, cfg *WebsiteConfiguration) (*Response, error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	return s.client.putConfig(ctx, "PutBucketWebsite", subWebsite, onBucket, cfg)
}

// GetWebsite returns the bucket's static website configuration (GET Bucket
// website). A bucket without one gives a 404 NoSuchWebsiteConfiguration
// error matching [ErrNotFound] (as does a missing bucket; tell them apart
// with [ErrorCode]). It retries like every read.
func (s *BucketService) GetWebsite(ctx context.Context) (*WebsiteConfiguration, *Response, error) {
	return getConfig[WebsiteConfiguration](ctx, s.client, "GetBucketWebsite", subWebsite, onBucket)
}

// DeleteWebsite removes the bucket's static website configuration (DELETE
// Bucket website). Deleting twice is harmless, so it retries on transient
// failures. A missing bucket gives [ErrNotFound].
func (s *BucketService) DeleteWebsite(ctx context.Context) (*Response, error) {
	return s.client.deleteConfig(ctx, "DeleteBucketWebsite", subWebsite, onBucket)
}
