package cos

import (
	"errors"
	"net"
	"net/url"
	"path"
	"regexp"
	"strings"
	"unicode/utf8"
)

var (
	regionRe = regexp.MustCompile(`^[a-z][a-z0-9-]*[a-z0-9]$`)
	bucketRe = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]*[a-z0-9])?-[0-9]+$`)
)

const (
	maxKeyBytes  = 850
	maxHostChars = 60
)

// validateRegion checks the form of a region, never membership in a list:
// new regions appear without notice.
func validateRegion(region string) error {
	if !regionRe.MatchString(region) {
		return invalidArg("region", "%q is not a COS region such as \"ap-guangzhou\"", region)
	}
	return nil
}

func (c *config) validateBucket(bucket string) error {
	if bucket == "" {
		return invalidArg("bucket", "no bucket set; use WithBucket or ForBucket")
	}
	if !bucketRe.MatchString(bucket) {
		return invalidArg("bucket", "%q must be <name>-<appid>: lower-case letters, digits and '-', e.g. examplebucket-1250000000", bucket)
	}
	if c.endpoint == nil && c.bucketEndpoint == nil && c.region != "" {
		host := bucket + ".cos." + c.region + ".myqcloud.com"
		if len(host) > maxHostChars {
			return invalidArg("bucket", "%q is too long: host %s exceeds %d characters", bucket, host, maxHostChars)
		}
	}
	return nil
}

// validateKey refuses keys COS cannot store or that would address the
// bucket itself.
func validateKey(key string) error { return validateKeyField("key", key) }

// validateKeyField is validateKey for a key given as another field (a
// symlink target, a copy source).
func validateKeyField(field, key string) error {
	switch {
	case key == "":
		return invalidArg(field, "is empty")
	case len(key) > maxKeyBytes:
		return invalidArg(field, "is %d bytes; COS allows at most %d", len(key), maxKeyBytes)
	case !utf8.ValidString(key):
		return invalidArg(field, "is not valid UTF-8")
	case strings.ContainsAny(key, "\x18\x19\x1a\x1b"):
		return invalidArg(field, "contains a control character COS refuses (0x18-0x1B)")
	case path.Clean("/"+key) == "/":
		return invalidArg(field, "%q would address the bucket root", key)
	}
	return nil
}

func parseEndpoint(field, raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		// A *url.Error quotes raw whole: say only what is wrong with it.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return nil, invalidArg(field, "is not a URL: %v", err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, invalidArg(field, "%q needs an http or https scheme", endpointText(u))
	}
	if u.Host == "" || u.Hostname() == "" {
		return nil, invalidArg(field, "%q has no host", endpointText(u))
	}
	if u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return nil, invalidArg(field, "%q must not carry a query, fragment or user info", endpointText(u))
	}
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath = ""
	return u, nil
}

// endpointText is a refused endpoint as its error prints it: a presigned
// URL pasted there keeps its signature and token to itself, and user
// information (a password) is replaced.
func endpointText(u *url.URL) string {
	c := *u
	if c.User != nil {
		c.User = url.User("REDACTED")
	}
	return RedactURL(c.String())
}

// isLocalHost reports whether host (no port) is an IP literal or localhost,
// which cannot carry a bucket label and so gets path-style addressing.
func isLocalHost(host string) bool {
	return host == "localhost" || net.ParseIP(host) != nil
}

// target is where one request goes: scheme and host, plus the decoded path
// prefix that precedes "/<key>".
type target struct {
	scheme, host, prefix string
}

// serviceTarget addresses ListBuckets.
func (c *config) serviceTarget() target {
	if c.endpoint != nil {
		return target{c.endpoint.Scheme, c.endpoint.Host, c.endpoint.Path}
	}
	return target{"https", "service.cos.myqcloud.com", ""}
}

// bucketTarget addresses the client's bucket.
func (c *config) bucketTarget() (target, error) {
	if c.bucketErr != nil {
		return target{}, c.bucketErr
	}
	if c.bucketEndpoint != nil {
		return target{c.bucketEndpoint.Scheme, c.bucketEndpoint.Host, c.bucketEndpoint.Path}, nil
	}
	if err := c.validateBucket(c.bucket); err != nil {
		return target{}, err
	}
	if c.endpoint != nil {
		e := c.endpoint
		if c.pathStyle || isLocalHost(e.Hostname()) {
			return target{e.Scheme, e.Host, e.Path + "/" + c.bucket}, nil
		}
		return target{e.Scheme, c.bucket + "." + e.Host, e.Path}, nil
	}
	if c.region == "" {
		return target{}, invalidArg("region", "no region set; use WithRegion (or WithEndpoint)")
	}
	return target{"https", c.bucket + ".cos." + c.region + ".myqcloud.com", ""}, nil
}

// url builds the request URL for key ("" for the bucket itself). Path is
// the decoded path, which is what gets signed; RawPath is the wire form.
func (t target) url(key string) *url.URL {
	u := &url.URL{Scheme: t.scheme, Host: t.host}
	u.Path = t.prefix + "/" + key
	u.RawPath = escapePath(t.prefix) + "/" + escapeKey(key)
	return u
}

// escapeKey writes the key for the path: "/" literal, except a leading "/"
// which becomes %2F so the path never starts with "//".
func escapeKey(key string) string {
	if strings.HasPrefix(key, "/") {
		return "%2F" + escapePath(key[1:])
	}
	return escapePath(key)
}
