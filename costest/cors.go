package costest

import (
	"encoding/xml"
	"net/http"
	"strconv"
	"strings"
)

// corsConfig is a validated CORSConfiguration.
type corsConfig struct {
	rules        []corsRule
	responseVary *bool
}

type corsRule struct {
	id                     string
	origins, methods       []string
	headers, exposeHeaders []string
	maxAge                 *int
}

type corsRuleIn struct {
	ID             string   `xml:"ID"`
	AllowedOrigins []string `xml:"AllowedOrigin"`
	AllowedMethods []string `xml:"AllowedMethod"`
	AllowedHeaders []string `xml:"AllowedHeader"`
	ExposeHeaders  []string `xml:"ExposeHeader"`
	MaxAgeSeconds  *string  `xml:"MaxAgeSeconds"`
}

type corsConfigIn struct {
	XMLName      xml.Name     `xml:"CORSConfiguration"`
	Rules        []corsRuleIn `xml:"CORSRule"`
	ResponseVary *string      `xml:"ResponseVary"`
}

type corsRuleOut struct {
	ID             string   `xml:"ID,omitempty"`
	AllowedOrigins []string `xml:"AllowedOrigin"`
	AllowedMethods []string `xml:"AllowedMethod"`
	AllowedHeaders []string `xml:"AllowedHeader"`
	ExposeHeaders  []string `xml:"ExposeHeader"`
	MaxAgeSeconds  *int     `xml:"MaxAgeSeconds"`
}

type corsConfigOut struct {
	XMLName      xml.Name      `xml:"CORSConfiguration"`
	Rules        []corsRuleOut `xml:"CORSRule"`
	ResponseVary *bool         `xml:"ResponseVary"`
}

var corsMethods = map[string]bool{"GET": true, "PUT": true, "POST": true, "DELETE": true, "HEAD": true}

func trimAll(in []string) []string {
	var out []string
	for _, s := range in {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// parseCORS validates a CORSConfiguration document.
func parseCORS(body []byte) (*corsConfig, *Error) {
	var in corsConfigIn
	if err := xml.Unmarshal(body, &in); err != nil {
		return nil, errMalformedXML("CORSConfiguration: %v", err)
	}
	if n := len(in.Rules); n == 0 || n > maxCORSRules {
		return nil, errMalformedXML("CORSConfiguration needs 1 to %d CORSRule elements, got %d.", maxCORSRules, n)
	}
	cfg := &corsConfig{}
	if in.ResponseVary != nil {
		v, err := strconv.ParseBool(strings.TrimSpace(*in.ResponseVary))
		if err != nil {
			return nil, errMalformedXML("ResponseVary %q is not a boolean.", *in.ResponseVary)
		}
		cfg.responseVary = &v
	}
	for _, r := range in.Rules {
		rule := corsRule{id: strings.TrimSpace(r.ID), origins: trimAll(r.AllowedOrigins),
			headers: trimAll(r.AllowedHeaders), exposeHeaders: trimAll(r.ExposeHeaders)}
		if len(rule.origins) == 0 || len(r.AllowedMethods) == 0 {
			return nil, errMalformedXML("Every CORSRule needs AllowedOrigin and AllowedMethod.")
		}
		if len(rule.id) > 255 {
			return nil, errInvalidArgument("CORSRule ID is longer than 255 characters.")
		}
		for _, o := range rule.origins {
			if strings.Count(o, "*") > 1 {
				return nil, errInvalidArgument("AllowedOrigin %q may hold one * at most.", o)
			}
		}
		for _, m := range trimAll(r.AllowedMethods) {
			if !corsMethods[strings.ToUpper(m)] {
				return nil, errInvalidArgument("AllowedMethod %q must be GET, PUT, POST, DELETE or HEAD.", m)
			}
			rule.methods = append(rule.methods, strings.ToUpper(m))
		}
		if r.MaxAgeSeconds != nil {
			n, err := strconv.Atoi(strings.TrimSpace(*r.MaxAgeSeconds))
			if err != nil || n < 0 {
				return nil, errMalformedXML("MaxAgeSeconds %q is not a non-negative integer.", *r.MaxAgeSeconds)
			}
			rule.maxAge = &n
		}
		cfg.rules = append(cfg.rules, rule)
	}
	return cfg, nil
}

func (cfg *corsConfig) document() corsConfigOut {
	out := corsConfigOut{ResponseVary: cfg.responseVary}
	for _, r := range cfg.rules {
		out.Rules = append(out.Rules, corsRuleOut{ID: r.id, AllowedOrigins: r.origins, AllowedMethods: r.methods,
			AllowedHeaders: r.headers, ExposeHeaders: r.exposeHeaders, MaxAgeSeconds: r.maxAge})
	}
	return out
}

// wildMatch matches s against a pattern with at most one "*",
// case-insensitively.
func wildMatch(pattern, s string) bool {
	pattern, s = strings.ToLower(pattern), strings.ToLower(s)
	before, after, star := strings.Cut(pattern, "*")
	if !star {
		return pattern == s
	}
	return len(s) >= len(before)+len(after) && strings.HasPrefix(s, before) && strings.HasSuffix(s, after)
}

func matchAny(patterns []string, s string) bool {
	for _, p := range patterns {
		if wildMatch(p, s) {
			return true
		}
	}
	return false
}

// match returns the first rule allowing origin, method and every
// requested header.
func (cfg *corsConfig) match(origin, method string, headers []string) *corsRule {
	for i := range cfg.rules {
		r := &cfg.rules[i]
		if !matchAny(r.origins, origin) || !matchAny(r.methods, method) {
			continue
		}
		ok := true
		for _, h := range headers {
			if !matchAny(r.headers, h) {
				ok = false
				break
			}
		}
		if ok {
			return r
		}
	}
	return nil
}

func (s *Server) bucketCORS(name string) (cfg *corsConfig, e *Error) {
	e = s.readBucket(name, func(b *bucket) *Error { cfg = b.cors; return nil })
	return cfg, e
}

// setCORSHeaders writes the Access-Control-* answer for a matched rule.
func setCORSHeaders(h http.Header, cfg *corsConfig, r *corsRule, origin string) {
	if len(r.origins) == 1 && r.origins[0] == "*" {
		h.Set("Access-Control-Allow-Origin", "*")
	} else {
		// COS's OPTIONS Object samples send Allow-Credentials with an
		// echoed origin, not with "*".
		h.Set("Access-Control-Allow-Origin", origin)
		h.Set("Access-Control-Allow-Credentials", "true")
	}
	if len(r.exposeHeaders) > 0 {
		h.Set("Access-Control-Expose-Headers", strings.Join(r.exposeHeaders, ","))
	}
	if cfg.responseVary != nil && *cfg.responseVary {
		h.Set("Vary", "Origin, Access-Control-Request-Headers, Access-Control-Request-Method")
	}
}

// msgCORSForbidden is the message of COS's sample refusal (OPTIONS Object,
// example 4), for a bucket without CORS rules and for one whose rules do
// not match alike.
const msgCORSForbidden = "CORSResponse: This CORS request is not allowed. This is usually because the evalution of Origin, " +
	"request method / Access-Control-Request-Method or Access-Control-Requet-Headers are not whitelisted by the resource's CORS spec"

// optionsObject answers a browser preflight from the bucket's CORS rules.
func (s *Server) optionsObject(c *reqCtx) *Error {
	origin := c.r.Header.Get("Origin")
	method := c.r.Header.Get("Access-Control-Request-Method")
	if origin == "" || method == "" {
		return badRequest("InvalidRequest", "A preflight needs Origin and Access-Control-Request-Method.")
	}
	cfg, e := s.bucketCORS(c.bucket)
	if e != nil {
		return e
	}
	if cfg == nil {
		return errorf(statusCORSForbidden, codeCORSForbidden, msgCORSForbidden)
	}
	var reqHeaders []string
	for h := range strings.SplitSeq(c.r.Header.Get("Access-Control-Request-Headers"), ",") {
		if h = strings.ToLower(strings.TrimSpace(h)); h != "" {
			reqHeaders = append(reqHeaders, h)
		}
	}
	rule := cfg.match(origin, method, reqHeaders)
	if rule == nil {
		return errorf(statusCORSForbidden, codeCORSForbidden, msgCORSForbidden)
	}
	h := c.w.Header()
	setCORSHeaders(h, cfg, rule, origin)
	h.Set("Access-Control-Allow-Methods", strings.Join(rule.methods, ","))
	if len(reqHeaders) > 0 {
		h.Set("Access-Control-Allow-Headers", strings.Join(reqHeaders, ","))
	}
	if rule.maxAge != nil {
		h.Set("Access-Control-Max-Age", strconv.Itoa(*rule.maxAge))
	}
	return c.writeEmpty(http.StatusOK)
}

// corsActualRequest adds Access-Control-* headers to a request that
// carries Origin when a CORS rule allows it.
func (s *Server) corsActualRequest(c *reqCtx) {
	origin := c.r.Header.Get("Origin")
	if origin == "" || c.bucket == "" || c.op == OpOptionsObject {
		return
	}
	cfg, _ := s.bucketCORS(c.bucket)
	if cfg == nil {
		return
	}
	if rule := cfg.match(origin, c.r.Method, nil); rule != nil {
		setCORSHeaders(c.w.Header(), cfg, rule, origin)
	}
}

func (s *Server) putBucketCORS(c *reqCtx) *Error {
	return putConfig(s, c, maxCORSBody, parseCORS, func(b *bucket, cfg *corsConfig) *Error { b.cors = cfg; return nil }, http.StatusOK)
}

func (s *Server) getBucketCORS(c *reqCtx) *Error {
	return getConfig(s, c, func(b *bucket) (corsConfigOut, *Error) {
		if b.cors == nil {
			return corsConfigOut{}, newError(http.StatusNotFound, "NoSuchCORSConfiguration", "")
		}
		return b.cors.document(), nil
	})
}

func (s *Server) deleteBucketCORS(c *reqCtx) *Error {
	return s.setBucketConfig(c, func(b *bucket) { b.cors = nil }, http.StatusNoContent)
}
