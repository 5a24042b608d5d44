package cos

import (
	"fmt"
	"log/slog"
	"strconv"
)

// The types that hold secrets format safely under every fmt verb (%v,
// %+v, %#v, %s, %q, ...) and under slog, including when they are printed
// inside another value: fmt reaches unexported fields by reflection and
// would otherwise print a secret key held there.

// Format writes c's String for every verb (quoted for %q) and GoString for
// %#v, so no verb prints the SecretKey or the SessionToken.
func (c Credentials) Format(f fmt.State, verb rune) {
	formatSafe(f, verb, c.String(), c.GoString())
}

// GoString is the %#v form of c, with the secret parts redacted.
func (c Credentials) GoString() string {
	tok := ""
	if c.SessionToken != "" {
		tok = redacted
	}
	return "cos.Credentials{SecretID:" + strconv.Quote(c.SecretID) + `, SecretKey:"` + redacted + `", SessionToken:` +
		strconv.Quote(tok) + ", Expires:" + strconv.Quote(c.Expires.String()) + "}"
}

// formatSafe writes s (or gs for %#v) for any verb.
func formatSafe(f fmt.State, verb rune, s, gs string) {
	switch {
	case verb == 'v' && f.Flag('#'):
		_, _ = f.Write([]byte(gs))
	case verb == 'q':
		_, _ = f.Write([]byte(strconv.Quote(s)))
	default:
		_, _ = f.Write([]byte(s))
	}
}

// String describes the provider without its secrets.
func (p staticProvider) String() string { return "cos.StaticCredentials(" + p().String() + ")" }

// Format prints the provider safely under every verb.
func (p staticProvider) Format(f fmt.State, verb rune) {
	formatSafe(f, verb, p.String(), "cos.StaticCredentials("+p().GoString()+")")
}

// LogValue logs the provider as its credentials do.
func (p staticProvider) LogValue() slog.Value { return p().LogValue() }

// String describes the cache without the credentials it holds.
func (c *CredentialsCache) String() string {
	if c == nil {
		return "cos.CredentialsCache(nil)"
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return "cos.CredentialsCache{RefreshBefore:" + c.refreshBefore.String() + " Cached:" + strconv.FormatBool(c.have) + "}"
}

// Format prints the cache safely under every verb.
func (c *CredentialsCache) Format(f fmt.State, verb rune) {
	s := c.String()
	formatSafe(f, verb, s, "&"+s)
}

// LogValue logs the cache's refresh window and whether it holds
// credentials.
func (c *CredentialsCache) LogValue() slog.Value {
	if c == nil {
		return slog.StringValue("nil")
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return slog.GroupValue(slog.Duration("refresh_before", c.refreshBefore), slog.Bool("cached", c.have))
}

// String describes the client: region, bucket and endpoint, never its
// credentials.
func (c Client) String() string {
	return "cos.Client{Region:" + c.cfg.region + " Bucket:" + c.cfg.bucket + " Endpoint:" + c.endpointText() +
		" Credentials:" + strconv.FormatBool(c.cfg.creds != nil) + "}"
}

// GoString is the %#v form of the client, without its credentials.
func (c Client) GoString() string {
	return "&cos.Client{Region:" + strconv.Quote(c.cfg.region) + ", Bucket:" + strconv.Quote(c.cfg.bucket) +
		", Endpoint:" + strconv.Quote(c.endpointText()) + ", Credentials:" + strconv.FormatBool(c.cfg.creds != nil) + "}"
}

// Format prints the client safely under every verb: its configuration
// holds the credentials provider, which fmt would otherwise print field by
// field.
func (c Client) Format(f fmt.State, verb rune) { formatSafe(f, verb, c.String(), c.GoString()) }

// LogValue logs the client's region, bucket and endpoint.
func (c Client) LogValue() slog.Value {
	return slog.GroupValue(slog.String("region", c.cfg.region), slog.String("bucket", c.cfg.bucket),
		slog.String("endpoint", c.endpointText()), slog.Bool("credentials", c.cfg.creds != nil))
}

func (c Client) endpointText() string {
	switch {
	case c.cfg.bucketEndpoint != nil:
		return RedactURL(c.cfg.bucketEndpoint.String())
	case c.cfg.endpoint != nil:
		return RedactURL(c.cfg.endpoint.String())
	}
	return ""
}
