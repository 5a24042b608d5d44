package cos

import (
	"context"
	"encoding/xml"
	"net/http"
)

// subCORS is the sub-resource of the CORS calls.
const subCORS = "cors"

// maxCORSRules is the most rules COS stores for one bucket.
const maxCORSRules = 100

// CORSConfiguration is the bucket's cross-origin resource sharing
// configuration: the rules browsers' preflight requests are checked
// against.
type CORSConfiguration struct {
	XMLName xml.Name   `xml:"CORSConfiguration"`
	Rules   []CORSRule `xml:"CORSRule"`
	// ResponseVary makes COS send "Vary: Origin" so caches keep answers for
	// different origins apart.
	ResponseVary bool `xml:"ResponseVary,omitempty"`
}

// CORSRule allows requests from some origins with some methods.
type CORSRule struct {
	// ID names the rule (optional).
	ID string `xml:"ID,omitempty"`
	// AllowedOrigins are origins such as "https://www.example.com"; one "*"
	// wildcard is allowed per origin. At least one is required.
	AllowedOrigins []string `xml:"AllowedOrigin"`
	// AllowedMethods are upper-case methods among GET, PUT, POST, DELETE
	// and HEAD. At least one is required.
	AllowedMethods []string `xml:"AllowedMethod"`
	// AllowedHeaders are the request headers a preflight may ask for ("*"
	// for any).
	AllowedHeaders []string `xml:"AllowedHeader,omitempty"`
	// ExposeHeaders are the response headers scripts may read, such as
	// "ETag" or "x-cos-request-id".
	ExposeHeaders []string `xml:"ExposeHeader,omitempty"`
	// MaxAgeSeconds is how long browsers may cache a preflight answer. It
	// is always sent, since 0 (do not cache) is a valid setting.
	MaxAgeSeconds int `xml:"MaxAgeSeconds"`
}

func (c *CORSConfiguration) validate() error {
	if c == nil || len(c.Rules) == 0 {
		return invalidArg("CORSConfiguration.Rules", "needs at least one rule; use DeleteCORS to remove the configuration")
	}
	if len(c.Rules) > maxCORSRules {
		return invalidArg("CORSConfiguration.Rules", "has %d rules; COS allows at most %d", len(c.Rules), maxCORSRules)
	}
	for i, r := range c.Rules {
		field := func(name string) string { return elemField("CORSConfiguration.Rules", i, name) }
		if len(r.AllowedOrigins) == 0 {
			return invalidArg(field("AllowedOrigins"), "is empty")
		}
		for _, o := range r.AllowedOrigins {
			if o == "" {
				return invalidArg(field("AllowedOrigins"), "holds an empty origin")
			}
		}
		if len(r.AllowedMethods) == 0 {
			return invalidArg(field("AllowedMethods"), "is empty")
		}
		for _, m := range r.AllowedMethods {
			switch m {
			case http.MethodGet, http.MethodPut, http.MethodPost, http.MethodDelete, http.MethodHead:
			default:
				return invalidArg(field("AllowedMethods"), "method %q is not one of GET, PUT, POST, DELETE, HEAD", m)
			}
		}
		if r.MaxAgeSeconds < 0 {
			return invalidArg(field("MaxAgeSeconds"), "is negative (%d)", r.MaxAgeSeconds)
		}
	}
	return nil
}

// PutCORS replaces the bucket's CORS configuration (PUT Bucket cors); the
// body goes with Content-MD5. An empty configuration, more than 100
// rules, a rule without origins or methods, a method COS does not know or
// a negative MaxAgeSeconds fail with [ErrInvalidArgument] before any
// request.
//
// The call replaces the whole configuration, so it retries on transient
// failures. A missing bucket gives [ErrNotFound].
func (s *BucketService) PutCORS(ctx context.Context, cfg *CORSConfiguration) (*Response, error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	return s.client.putConfig(ctx, "PutBucketCORS", subCORS, onBucket, cfg)
}

// GetCORS returns the bucket's CORS configuration (GET Bucket cors). A
// bucket without one gives a 404 NoSuchCORSConfiguration error matching
// [ErrNotFound] (as does a missing bucket; tell them apart with
// [ErrorCode]). It retries like every read.
func (s *BucketService) GetCORS(ctx context.Context) (*CORSConfiguration, *Response, error) {
	return getConfig[CORSConfiguration](ctx, s.client, "GetBucketCORS", subCORS, onBucket)
}

// DeleteCORS removes the bucket's CORS configuration (DELETE Bucket cors),
// after which browsers' cross-origin requests fail. Deleting twice is
// harmless, so it retries on transient failures. A missing bucket gives
// [ErrNotFound].
func (s *BucketService) DeleteCORS(ctx context.Context) (*Response, error) {
	return s.client.deleteConfig(ctx, "DeleteBucketCORS", subCORS, onBucket)
}
