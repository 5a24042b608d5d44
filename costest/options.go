package costest

import (
	"log/slog"
	"time"
)

// Default identity of a server built without options. The credentials are
// fake and only ever valid against costest.
const (
	// DefaultSecretID is the SecretId a server accepts by default.
	DefaultSecretID = "AKIDcostestEXAMPLE"
	// DefaultSecretKey is the SecretKey a server accepts by default.
	DefaultSecretKey = "costestSecretKeyEXAMPLE"
	// DefaultAppID is the account APPID by default.
	DefaultAppID = "1250000000"
	// DefaultRegion is the region of every bucket by default.
	DefaultRegion = "ap-guangzhou"
	// DefaultOwner is the owner account UIN by default.
	DefaultOwner = "100000000001"
)

// Option configures a [Server] built by [New] or [NewServer].
type Option func(*config)

type tempCred struct {
	secretKey string
	token     string
	expires   time.Time
}

type config struct {
	secretID, secretKey string
	temps               map[string]tempCred
	appID               string
	region              string
	owner               string
	clock               func() time.Time
	anonymous           bool
	restoreDelay        time.Duration
	restoreDelaySet     bool
	logger              *slog.Logger
}

func defaultConfig() config {
	return config{
		secretID:  DefaultSecretID,
		secretKey: DefaultSecretKey,
		temps:     map[string]tempCred{},
		appID:     DefaultAppID,
		region:    DefaultRegion,
		owner:     DefaultOwner,
		clock:     time.Now,
		logger:    slog.New(slog.DiscardHandler),
	}
}

// WithCredentials sets the permanent key pair the server accepts
// (default [DefaultSecretID] / [DefaultSecretKey]).
func WithCredentials(secretID, secretKey string) Option {
	return func(c *config) { c.secretID, c.secretKey = secretID, secretKey }
}

// WithTemporaryCredentials adds an STS-style temporary key. Requests signed
// with secretID must carry token in the x-cos-security-token header or
// query parameter (else 403 InvalidAccessKeyId); after expires (on the
// server clock) they are refused with 400 ExpiredToken. A zero expires never
// expires.
func WithTemporaryCredentials(secretID, secretKey, token string, expires time.Time) Option {
	return func(c *config) {
		c.temps[secretID] = tempCred{secretKey: secretKey, token: token, expires: expires}
	}
}

// WithAppID sets the account's APPID (default [DefaultAppID]), shown as the
// owner of listed objects.
func WithAppID(appID string) Option { return func(c *config) { c.appID = appID } }

// WithRegion sets the region every bucket lives in (default
// [DefaultRegion]).
func WithRegion(region string) Option { return func(c *config) { c.region = region } }

// WithOwner sets the owner account UIN (default [DefaultOwner]) used in ACL
// documents and listings.
func WithOwner(uin string) Option { return func(c *config) { c.owner = uin } }

// WithClock replaces the server clock (default time.Now). It drives
// signature validity, Last-Modified times, temporary-key expiry and restore
// completion, so tests can move time forward.
func WithClock(now func() time.Time) Option { return func(c *config) { c.clock = now } }

// WithAnonymous turns signature checking off: every request is accepted as
// if the owner had signed it.
func WithAnonymous() Option { return func(c *config) { c.anonymous = true } }

// WithRestoreDelay sets how long a restore of an archived object stays
// ongoing, on the server clock, whatever its tier; 0 completes restores at
// once. Without it the delay is the tier's shortest documented time (see
// choices.go).
func WithRestoreDelay(d time.Duration) Option {
	return func(c *config) { c.restoreDelay, c.restoreDelaySet = d, true }
}

// WithLogger sends one debug record per request (operation, bucket, key,
// status) and the HTTP server's own errors to l. The default discards them.
func WithLogger(l *slog.Logger) Option {
	return func(c *config) {
		if l != nil {
			c.logger = l
		}
	}
}
