package costest

import (
	"encoding/xml"
	"net/http"
	"regexp"
	"strconv"
	"strings"
)

// The origin-pull (back-to-source) family: PUT, GET and DELETE Bucket
// Origin.
const (
	// OpPutBucketOrigin is PUT Bucket Origin.
	OpPutBucketOrigin Op = "PutBucketOrigin"
	// OpGetBucketOrigin is GET Bucket Origin.
	OpGetBucketOrigin Op = "GetBucketOrigin"
	// OpDeleteBucketOrigin is DELETE Bucket Origin.
	OpDeleteBucketOrigin Op = "DeleteBucketOrigin"
)

// maxOriginNewHeaders is the most headers an origin-pull adds (PUT Bucket
// Origin page).
const maxOriginNewHeaders = 10

var originRedirectCodeRE = regexp.MustCompile(`^[45]([0-9]{2}|XX)$`)

type originRuleIn struct {
	Priority  string `xml:"RulePriority"`
	Type      string `xml:"OriginType"`
	Condition struct {
		Code string `xml:"HTTPStatusCode"`
	} `xml:"OriginCondition"`
	Parameter struct {
		Protocol     string   `xml:"Protocol"`
		RedirectCode string   `xml:"HttpRedirectCode"`
		NewHeaders   []string `xml:"HttpHeader>NewHttpHeaders>Header>Key"`
	} `xml:"OriginParameter"`
	HostInfo *struct {
		HostName string `xml:"HostName"`
	} `xml:"OriginInfo>HostInfo"`
}

type originIn struct {
	XMLName xml.Name       `xml:"OriginConfiguration"`
	Rules   []originRuleIn `xml:"OriginRule"`
}

// parseOrigin applies COS's rules to an OriginConfiguration.
func parseOrigin(body []byte) *Error {
	var in originIn
	if err := xml.Unmarshal(body, &in); err != nil {
		return errMalformedXML("OriginConfiguration: %v", err)
	}
	if len(in.Rules) == 0 {
		return errMalformedXML("OriginConfiguration needs at least one OriginRule.")
	}
	priorities := map[int]bool{}
	for _, r := range in.Rules {
		p, err := strconv.Atoi(strings.TrimSpace(r.Priority))
		if err != nil || p < 1 || priorities[p] {
			return errInvalidArgument("RulePriority %q must be a positive integer no other rule uses.", r.Priority)
		}
		priorities[p] = true
		code := strings.TrimSpace(r.Condition.Code)
		switch t := strings.TrimSpace(r.Type); t {
		case "Proxy", "Mirror":
			if code != "404" {
				return errInvalidArgument("A %s rule needs HTTPStatusCode 404, got %q.", t, code)
			}
		case "Redirect":
			if !originRedirectCodeRE.MatchString(code) {
				return errInvalidArgument("A Redirect rule needs a 4XX or 5XX HTTPStatusCode, got %q.", code)
			}
		default:
			return errInvalidArgument("OriginType %q must be Proxy, Mirror or Redirect.", r.Type)
		}
		par := r.Parameter
		switch strings.TrimSpace(par.Protocol) {
		case "HTTP", "HTTPS", "FOLLOW":
		default:
			return errInvalidArgument("Protocol %q must be HTTP, HTTPS or FOLLOW.", par.Protocol)
		}
		if c := strings.TrimSpace(par.RedirectCode); c != "" && c != "301" && c != "302" {
			return errInvalidArgument("HttpRedirectCode %q must be 301 or 302.", par.RedirectCode)
		}
		if len(par.NewHeaders) > maxOriginNewHeaders {
			return errInvalidArgument("NewHttpHeaders holds %d headers; at most %d are allowed.", len(par.NewHeaders), maxOriginNewHeaders)
		}
		if r.HostInfo == nil || strings.TrimSpace(r.HostInfo.HostName) == "" {
			return errMalformedXML("Every OriginRule needs OriginInfo with a HostInfo HostName.")
		}
	}
	return nil
}

func errNoSuchOrigin() *Error {
	return newError(http.StatusNotFound, codeNoOrigin, "The specified bucket does not have an origin configuration.")
}

func (s *Server) putBucketOrigin(c *reqCtx) *Error {
	return s.putDocument(c, parseOrigin, func(bc *bucketConf, doc []byte) { bc.origin = doc })
}

func (s *Server) getBucketOrigin(c *reqCtx) *Error {
	return s.getDocument(c, func(b *bucket) []byte { return b.conf.origin }, errNoSuchOrigin)
}

func (s *Server) deleteBucketOrigin(c *reqCtx) *Error {
	return s.setBucketConfig(c, func(b *bucket) { b.conf.origin = nil }, http.StatusNoContent)
}
