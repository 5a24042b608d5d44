package cos

import (
	"context"
	"encoding/xml"
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// subOrigin is the sub-resource of the origin-pull (back-to-source) calls.
const subOrigin = "origin"

// maxOriginNewHeaders is the most headers an origin-pull may add (COS's
// PUT Bucket Origin page: "At most 10 headers can be added").
const maxOriginNewHeaders = 10

// originRedirectCodeRe is the status condition of a Redirect rule: a 4XX
// or 5XX code, or the class itself ("4XX").
var originRedirectCodeRe = regexp.MustCompile(`^[45]([0-9]{2}|XX)$`)

// OriginConfiguration is the bucket's origin-pull (back-to-source) rules:
// what COS does when a request misses, in rule priority order.
type OriginConfiguration struct {
	XMLName xml.Name     `xml:"OriginConfiguration"`
	Rules   []OriginRule `xml:"OriginRule"`
}

// OriginRule is one origin-pull rule.
type OriginRule struct {
	// RulePriority orders the rules (1 first); each rule has its own.
	RulePriority int `xml:"RulePriority"`
	// OriginType is OriginTypeProxy, OriginTypeMirror or OriginTypeRedirect.
	OriginType OriginType `xml:"OriginType"`
	// OriginCondition is when the rule applies.
	OriginCondition OriginCondition `xml:"OriginCondition"`
	// OriginParameter is how the origin is asked.
	OriginParameter OriginParameter `xml:"OriginParameter"`
	// OriginInfo is the origin asked.
	OriginInfo OriginInfo `xml:"OriginInfo"`
}

// OriginType is what COS does on a miss.
type OriginType string

// OriginProtocol is the protocol of an origin-pull request.
type OriginProtocol string

// Values of [OriginType] and [OriginProtocol].
const (
	// OriginTypeProxy fetches from the origin and passes the answer on.
	OriginTypeProxy OriginType = "Proxy"
	// OriginTypeMirror fetches from the origin and also stores the object.
	OriginTypeMirror OriginType = "Mirror"
	// OriginTypeRedirect answers with a redirect to the origin.
	OriginTypeRedirect OriginType = "Redirect"

	OriginProtocolHTTP   OriginProtocol = "HTTP"
	OriginProtocolHTTPS  OriginProtocol = "HTTPS"
	OriginProtocolFollow OriginProtocol = "FOLLOW" // the request's own protocol
)

// OriginCondition selects the requests a rule handles.
type OriginCondition struct {
	// HTTPStatusCode is "404" for Proxy and Mirror rules, a 4XX or 5XX
	// code for Redirect rules.
	HTTPStatusCode string `xml:"HTTPStatusCode"`
	// Prefix limits the rule to keys starting with it ("" for all).
	Prefix string `xml:"Prefix"`
}

// OriginParameter says how the origin is asked. Nil booleans are left to
// COS's defaults.
type OriginParameter struct {
	// Protocol is OriginProtocolHTTP, OriginProtocolHTTPS or OriginProtocolFollow.
	Protocol OriginProtocol `xml:"Protocol"`
	// TransparentErrorCode passes the origin's error status on.
	TransparentErrorCode *bool `xml:"TransparentErrorCode,omitempty"`
	// FollowQueryString keeps the request's query string.
	FollowQueryString *bool `xml:"FollowQueryString,omitempty"`
	// HTTPHeader says which headers go to the origin.
	HTTPHeader *OriginHTTPHeader `xml:"HttpHeader,omitempty"`
	// FollowRedirection follows the origin's 3XX answers.
	FollowRedirection *bool `xml:"FollowRedirection,omitempty"`
	// HTTPRedirectCode is the status of a Redirect rule: "301" or "302".
	HTTPRedirectCode string `xml:"HttpRedirectCode,omitempty"`
	// CopyOriginData keeps the origin's metadata on a mirrored object.
	CopyOriginData *bool `xml:"CopyOriginData,omitempty"`
}

// OriginHTTPHeader selects the headers of origin-pull requests.
type OriginHTTPHeader struct {
	// FollowAllHeaders passes every request header on.
	FollowAllHeaders *bool `xml:"FollowAllHeaders,omitempty"`
	// NewHTTPHeaders are added (at most 10).
	NewHTTPHeaders OriginHeaders `xml:"NewHttpHeaders,omitempty"`
	// FollowHTTPHeaders are passed on from the request (Key only).
	FollowHTTPHeaders OriginHeaders `xml:"FollowHttpHeaders,omitempty"`
	// ForbidFollowHeaders are never passed on (Key only).
	ForbidFollowHeaders OriginHeaders `xml:"ForbidFollowHeaders,omitempty"`
}

// OriginHeaders is a list of Header elements.
type OriginHeaders []OriginHeader

// MarshalXML writes the headers inside the list's element.
func (l OriginHeaders) MarshalXML(e *xml.Encoder, start xml.StartElement) error {
	return marshalList(e, start, "Header", l)
}

// UnmarshalXML reads the Header elements of the list's element.
func (l *OriginHeaders) UnmarshalXML(d *xml.Decoder, _ xml.StartElement) error {
	return unmarshalList(d, "Header", (*[]OriginHeader)(l))
}

// OriginHeader is a header name and, when added, its value.
type OriginHeader struct {
	Key   string `xml:"Key"`
	Value string `xml:"Value,omitempty"`
}

// OriginInfo is the origin a rule asks.
type OriginInfo struct {
	HostInfo *OriginHostInfo `xml:"HostInfo,omitempty"`
	FileInfo *OriginFileInfo `xml:"FileInfo,omitempty"`
}

// OriginHostInfo is the origin host and its stand-bys.
type OriginHostInfo struct {
	// HostName is the origin, such as "www.example.com" or an IP (with
	// an optional port).
	HostName string
	// Weight is the host's share of traffic (optional).
	Weight int64
	// StandbyHostNames are tried in order when HostName fails; on the
	// wire they are StandbyHostName_1, StandbyHostName_2, ...
	StandbyHostNames []string
}

// OriginFileInfo rewrites the key asked from the origin.
type OriginFileInfo struct {
	PrefixConfiguration    *OriginPrefixConfiguration    `xml:"PrefixConfiguration,omitempty"`
	SuffixConfiguration    *OriginSuffixConfiguration    `xml:"SuffixConfiguration,omitempty"`
	FixedFileConfiguration *OriginFixedFileConfiguration `xml:"FixedFileConfiguration,omitempty"`
}

// OriginPrefixConfiguration puts Prefix before the key.
type OriginPrefixConfiguration struct {
	Prefix string `xml:"Prefix"`
}

// OriginSuffixConfiguration puts Suffix after the key.
type OriginSuffixConfiguration struct {
	Suffix string `xml:"Suffix"`
}

// OriginFixedFileConfiguration asks for one fixed path instead of the key.
type OriginFixedFileConfiguration struct {
	FixedFilePath string `xml:"FixedFilePath"`
}

// MarshalXML writes HostName, Weight and numbered StandbyHostName_N
// elements, which a struct tag cannot express.
func (h OriginHostInfo) MarshalXML(e *xml.Encoder, start xml.StartElement) error {
	if err := e.EncodeToken(start); err != nil {
		return err
	}
	el := func(name, v string) error { return e.EncodeElement(v, xml.StartElement{Name: xml.Name{Local: name}}) }
	if err := el("HostName", h.HostName); err != nil {
		return err
	}
	if h.Weight != 0 {
		if err := el("Weight", strconv.FormatInt(h.Weight, 10)); err != nil {
			return err
		}
	}
	for i, s := range h.StandbyHostNames {
		if err := el(fmt.Sprintf("StandbyHostName_%d", i+1), s); err != nil {
			return err
		}
	}
	return e.EncodeToken(start.End())
}

// UnmarshalXML reads StandbyHostName_N in N order, whatever the element
// order; unknown elements are skipped.
func (h *OriginHostInfo) UnmarshalXML(d *xml.Decoder, start xml.StartElement) error {
	var raw struct {
		Elems []struct {
			XMLName xml.Name
			Value   string `xml:",chardata"`
		} `xml:",any"`
	}
	if err := d.DecodeElement(&raw, &start); err != nil {
		return err
	}
	*h = OriginHostInfo{}
	standby := map[int]string{}
	for _, el := range raw.Elems {
		v := strings.TrimSpace(el.Value)
		switch name := el.XMLName.Local; {
		case name == "HostName":
			h.HostName = v
		case name == "Weight":
			w, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				return fmt.Errorf("cos: OriginHostInfo Weight %q: %w", v, err)
			}
			h.Weight = w
		case strings.HasPrefix(name, "StandbyHostName_"):
			n, err := strconv.Atoi(name[len("StandbyHostName_"):])
			if err != nil || n < 1 || n > len(raw.Elems) {
				return fmt.Errorf("cos: OriginHostInfo: bad element %s", name)
			}
			standby[n] = v
		}
	}
	for n := 1; n <= len(standby); n++ {
		s, ok := standby[n]
		if !ok {
			return fmt.Errorf("cos: OriginHostInfo: StandbyHostName_%d missing of %d", n, len(standby))
		}
		h.StandbyHostNames = append(h.StandbyHostNames, s)
	}
	return nil
}

func (c *OriginConfiguration) validate() error {
	if c == nil || len(c.Rules) == 0 {
		return invalidArg("OriginConfiguration.Rules", "needs at least one rule; use DeleteOrigin to remove the configuration")
	}
	priorities := map[int]bool{}
	for i, r := range c.Rules {
		field := func(name string) string { return elemField("OriginConfiguration.Rules", i, name) }
		if r.RulePriority < 1 {
			return invalidArg(field("RulePriority"), "%d is not positive", r.RulePriority)
		}
		if priorities[r.RulePriority] {
			return invalidArg(field("RulePriority"), "%d is used by another rule", r.RulePriority)
		}
		priorities[r.RulePriority] = true
		code := r.OriginCondition.HTTPStatusCode
		switch r.OriginType {
		case OriginTypeProxy, OriginTypeMirror:
			if code != "404" {
				return invalidArg(field("OriginCondition.HTTPStatusCode"), "%q must be 404 for a %s rule", code, r.OriginType)
			}
		case OriginTypeRedirect:
			if !originRedirectCodeRe.MatchString(code) {
				return invalidArg(field("OriginCondition.HTTPStatusCode"), "%q is not a 4XX or 5XX status", code)
			}
		default:
			return invalidArg(field("OriginType"), "%q is not Proxy, Mirror or Redirect", r.OriginType)
		}
		if err := r.OriginParameter.validate(field); err != nil {
			return err
		}
		if h := r.OriginInfo.HostInfo; h == nil || h.HostName == "" {
			return invalidArg(field("OriginInfo.HostInfo.HostName"), "is empty")
		} else if h.Weight < 0 {
			return invalidArg(field("OriginInfo.HostInfo.Weight"), "is negative (%d)", h.Weight)
		}
	}
	return nil
}

func (p OriginParameter) validate(field func(string) string) error {
	switch p.Protocol {
	case OriginProtocolHTTP, OriginProtocolHTTPS, OriginProtocolFollow:
	default:
		return invalidArg(field("OriginParameter.Protocol"), "%q is not HTTP, HTTPS or FOLLOW", p.Protocol)
	}
	if c := p.HTTPRedirectCode; c != "" && c != "301" && c != "302" {
		return invalidArg(field("OriginParameter.HTTPRedirectCode"), "%q is not 301 or 302", c)
	}
	h := p.HTTPHeader
	if h == nil {
		return nil
	}
	if len(h.NewHTTPHeaders) > maxOriginNewHeaders {
		return invalidArg(field("OriginParameter.HTTPHeader.NewHTTPHeaders"), "has %d headers; at most %d", len(h.NewHTTPHeaders), maxOriginNewHeaders)
	}
	for _, list := range []OriginHeaders{h.NewHTTPHeaders, h.FollowHTTPHeaders, h.ForbidFollowHeaders} {
		for _, hd := range list {
			if hd.Key == "" {
				return invalidArg(field("OriginParameter.HTTPHeader"), "holds a header without a Key")
			}
		}
	}
	return nil
}

// PutOrigin replaces the bucket's origin-pull rules (PUT Bucket Origin);
// the body goes with Content-MD5. No rules, a priority below 1 or used
// twice, an unknown type or protocol, a status condition other than 404
// for Proxy and Mirror (or not 4XX/5XX for Redirect), a redirect code
// other than 301/302, more than 10 added headers or a rule without an
// origin host fails with [ErrInvalidArgument] before any request.
//
// Replacing the whole configuration is idempotent, so it retries on
// transient failures. A missing bucket gives [ErrNotFound].
func (s *BucketService) PutOrigin(ctx context.Context, cfg *OriginConfiguration) (*Response, error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	return s.client.putConfig(ctx, "PutBucketOrigin", subOrigin, onBucket, cfg)
}

// GetOrigin returns the bucket's origin-pull rules (GET Bucket Origin). A
// bucket without any gives a 404 NoSuchOriginConfiguration error matching
// [ErrNotFound] (as does a missing bucket; tell them apart with
// [ErrorCode]). It retries like every read.
func (s *BucketService) GetOrigin(ctx context.Context) (*OriginConfiguration, *Response, error) {
	return getConfig[OriginConfiguration](ctx, s.client, "GetBucketOrigin", subOrigin, onBucket)
}

// DeleteOrigin removes the bucket's origin-pull rules (DELETE Bucket
// Origin). Deleting twice is harmless, so it retries on transient
// failures. A missing bucket gives [ErrNotFound].
func (s *BucketService) DeleteOrigin(ctx context.Context) (*Response, error) {
	return s.client.deleteConfig(ctx, "DeleteBucketOrigin", subOrigin, onBucket)
}
