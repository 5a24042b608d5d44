package costest

import (
	"encoding/xml"
	"net/http"
	"strconv"
	"strings"
)

// The static website family: PUT, GET and DELETE Bucket website.
const (
	// OpPutBucketWebsite is PUT Bucket website.
	OpPutBucketWebsite Op = "PutBucketWebsite"
	// OpGetBucketWebsite is GET Bucket website.
	OpGetBucketWebsite Op = "GetBucketWebsite"
	// OpDeleteBucketWebsite is DELETE Bucket website.
	OpDeleteBucketWebsite Op = "DeleteBucketWebsite"
)

type websiteIn struct {
	XMLName xml.Name `xml:"WebsiteConfiguration"`
	Index   *struct {
		Suffix *string `xml:"Suffix"`
	} `xml:"IndexDocument"`
	RedirectAll *struct {
		Protocol string `xml:"Protocol"`
	} `xml:"RedirectAllRequestsTo"`
	AutoAddressing *struct {
		Status string `xml:"Status"`
	} `xml:"AutoAddressing"`
	ErrorDocument *struct {
		Key                *string `xml:"Key"`
		OriginalHTTPStatus *string `xml:"OriginalHttpStatus"`
	} `xml:"ErrorDocument"`
	RoutingRules *struct {
		Rules []websiteRuleIn `xml:"RoutingRule"`
	} `xml:"RoutingRules"`
}

type websiteRuleIn struct {
	Condition struct {
		Code   *string `xml:"HttpErrorCodeReturnedEquals"`
		Prefix *string `xml:"KeyPrefixEquals"`
	} `xml:"Condition"`
	Redirect struct {
		Protocol      string  `xml:"Protocol"`
		ReplaceKey    *string `xml:"ReplaceKeyWith"`
		ReplacePrefix *string `xml:"ReplaceKeyPrefixWith"`
	} `xml:"Redirect"`
}

func websiteProtocol(p string, optional bool) bool {
	p = strings.ToLower(strings.TrimSpace(p))
	return p == "http" || p == "https" || optional && p == ""
}

func enabledDisabled(s string) bool {
	s = strings.TrimSpace(s)
	return s == "Enabled" || s == "Disabled"
}

// parseWebsite applies COS's rules to a WebsiteConfiguration.
func parseWebsite(body []byte) *Error {
	var in websiteIn
	if err := xml.Unmarshal(body, &in); err != nil {
		return errMalformedXML("WebsiteConfiguration: %v", err)
	}
	if in.Index == nil || in.Index.Suffix == nil || strings.TrimSpace(*in.Index.Suffix) == "" {
		return errMalformedXML("WebsiteConfiguration needs IndexDocument with a Suffix.")
	}
	if r := in.RedirectAll; r != nil && !websiteProtocol(r.Protocol, false) {
		return errInvalidArgument("RedirectAllRequestsTo Protocol %q must be http or https.", r.Protocol)
	}
	if a := in.AutoAddressing; a != nil && !enabledDisabled(a.Status) {
		return errInvalidArgument("AutoAddressing Status %q must be Enabled or Disabled.", a.Status)
	}
	if d := in.ErrorDocument; d != nil {
		if d.Key == nil || strings.TrimSpace(*d.Key) == "" {
			return errMalformedXML("ErrorDocument needs a Key.")
		}
		if d.OriginalHTTPStatus != nil && !enabledDisabled(*d.OriginalHTTPStatus) {
			return errInvalidArgument("OriginalHttpStatus %q must be Enabled or Disabled.", *d.OriginalHTTPStatus)
		}
	}
	if in.RoutingRules == nil {
		return nil
	}
	if n := len(in.RoutingRules.Rules); n > maxWebsiteRules {
		return errInvalidArgument("RoutingRules holds %d rules; at most %d are allowed.", n, maxWebsiteRules)
	}
	for i, r := range in.RoutingRules.Rules {
		if e := r.check(i + 1); e != nil {
			return e
		}
	}
	return nil
}

func (r websiteRuleIn) check(n int) *Error {
	cond, red := r.Condition, r.Redirect
	if (cond.Code == nil) == (cond.Prefix == nil) {
		return errInvalidArgument("RoutingRule %d needs exactly one of HttpErrorCodeReturnedEquals and KeyPrefixEquals.", n)
	}
	if cond.Code != nil {
		code, err := strconv.Atoi(strings.TrimSpace(*cond.Code))
		if err != nil || code < 400 || code > 499 {
			return errInvalidArgument("RoutingRule %d: HttpErrorCodeReturnedEquals %q is not a 4XX status.", n, *cond.Code)
		}
	}
	if (red.ReplaceKey == nil) == (red.ReplacePrefix == nil) {
		return errInvalidArgument("RoutingRule %d needs exactly one of ReplaceKeyWith and ReplaceKeyPrefixWith.", n)
	}
	if red.ReplacePrefix != nil && cond.Prefix == nil {
		return errInvalidArgument("RoutingRule %d: ReplaceKeyPrefixWith needs a KeyPrefixEquals condition.", n)
	}
	if !websiteProtocol(red.Protocol, true) {
		return errInvalidArgument("RoutingRule %d: Protocol %q must be http or https.", n, red.Protocol)
	}
	return nil
}

func errNoSuchWebsite() *Error {
	return newError(http.StatusNotFound, codeNoWebsite, "The specified bucket does not have a website configuration.")
}

func (s *Server) putBucketWebsite(c *reqCtx) *Error {
	return s.putDocument(c, parseWebsite, func(bc *bucketConf, doc []byte) { bc.website = doc })
}

func (s *Server) getBucketWebsite(c *reqCtx) *Error {
	return s.getDocument(c, func(b *bucket) []byte { return b.conf.website }, errNoSuchWebsite)
}

func (s *Server) deleteBucketWebsite(c *reqCtx) *Error {
	return s.setBucketConfig(c, func(b *bucket) { b.conf.website = nil }, http.StatusNoContent)
}
