package cos

import (
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"runtime"
	"strings"
	"time"
)

// Client is a COS client for one bucket (or for service calls only). A
// Client is immutable and safe for concurrent use; derive clients for other
// buckets with [Client.ForBucket].
type Client struct {
	cfg config

	common service

	// Service groups account-level calls (ListBuckets).
	Service *ServiceService
	// Bucket groups calls on the client's bucket.
	Bucket *BucketService
	// Object groups calls on objects of the client's bucket.
	Object *ObjectService
}

type service struct{ client *Client }

// ServiceService holds account-level calls such as ListBuckets.
type ServiceService service

// BucketService holds calls on the client's bucket.
type BucketService service

// ObjectService holds calls on objects of the client's bucket.
type ObjectService service

// config is the client's immutable configuration. ForBucket copies it.
type config struct {
	region         string
	bucket         string
	bucketErr      error // deferred validation error from ForBucket
	endpoint       *url.URL
	bucketEndpoint *url.URL
	pathStyle      bool
	accelerate     bool // object requests go to <bucket>.cos.accelerate.myqcloud.com
	creds          CredentialsProvider
	httpClient     *http.Client
	retryer        Retryer
	logger         *slog.Logger
	userAgent      string
	now            func() time.Time
	rand           *rand.Rand
	stallTimeout   time.Duration // 0: off
	// secrets remembers what creds handed out, to scrub it from errors.
	secrets *secretLog
}

// Option configures a Client in NewClient.
type Option func(*config) error

// WithRegion sets the COS region, such as "ap-guangzhou". It is needed for
// the default endpoints.
func WithRegion(region string) Option {
	return func(c *config) error {
		if err := validateRegion(region); err != nil {
			return err
		}
		c.region = region
		return nil
	}
}

// WithBucket sets the bucket, in the form "<name>-<appid>".
func WithBucket(bucket string) Option {
	return func(c *config) error {
		c.bucket = bucket
		return nil
	}
}

// WithEndpoint replaces the service endpoint, for example
// "https://cos.ap-guangzhou.tencentcos.cn" or a local fake. Buckets are then
// addressed as <bucket>.<host>, or path-style as <endpoint>/<bucket> when
// the host is an IP address or localhost or WithPathStyle is given.
func WithEndpoint(rawURL string) Option {
	return func(c *config) error {
		u, err := parseEndpoint("endpoint", rawURL)
		if err != nil {
			return err
		}
		c.endpoint = u
		return nil
	}
}

// WithBucketEndpoint sets a URL that already addresses one bucket (a custom
// or CDN domain). Object keys go under its path.
func WithBucketEndpoint(rawURL string) Option {
	return func(c *config) error {
		u, err := parseEndpoint("bucket endpoint", rawURL)
		if err != nil {
			return err
		}
		c.bucketEndpoint = u
		return nil
	}
}

// WithPathStyle addresses buckets as <endpoint>/<bucket>/<key>. Real COS
// does not serve this form; it is for local fakes behind a host name.
func WithPathStyle() Option {
	return func(c *config) error {
		c.pathStyle = true
		return nil
	}
}

// WithStaticCredentials signs with a fixed key pair and optional session
// token.
func WithStaticCredentials(secretID, secretKey, sessionToken string) Option {
	return func(c *config) error {
		if secretID == "" || secretKey == "" {
			return invalidArg("credentials", "secret id and secret key must both be set")
		}
		c.creds = StaticCredentials(secretID, secretKey, sessionToken)
		return nil
	}
}

// WithCredentials signs with credentials from p, asked on every attempt.
func WithCredentials(p CredentialsProvider) Option {
	return func(c *config) error {
		if p == nil {
			return invalidArg("credentials", "provider is nil")
		}
		c.creds = p
		return nil
	}
}

// WithHTTPClient sends requests with hc's transport, cookie jar and
// timeout. Set proxies, tracing transports and TLS settings there. hc is
// never modified: the client uses a shallow copy whose redirect policy
// refuses every redirect, because COS never redirects and following one
// would send the request, its security token and (on 307 and 308) its
// body to a host it was not signed for; a 3xx answer is returned as a
// *ServiceError matching [ErrInvalidResponse]. Prefer context deadlines to
// http.Client.Timeout, which also cuts long downloads.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *config) error {
		if hc == nil {
			return invalidArg("http client", "is nil")
		}
		cp := *hc
		cp.CheckRedirect = refuseRedirect
		c.httpClient = &cp
		return nil
	}
}

// refuseRedirect hands a 3xx back as the answer instead of following it.
func refuseRedirect(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

// WithRetryer replaces the default retry policy; WithRetryer(NoRetry)
// turns retries off.
func WithRetryer(r Retryer) Option {
	return func(c *config) error {
		if r == nil {
			return invalidArg("retryer", "is nil")
		}
		c.retryer = r
		return nil
	}
}

// WithLogger logs one debug line per attempt and a warning per retry to l.
// Secrets, Authorization values, tokens and signatures are never logged.
// The default logger discards everything.
func WithLogger(l *slog.Logger) Option {
	return func(c *config) error {
		if l == nil {
			return invalidArg("logger", "is nil")
		}
		c.logger = l
		return nil
	}
}

// WithUserAgent puts s in front of the SDK's own User-Agent.
func WithUserAgent(s string) Option {
	return func(c *config) error {
		c.userAgent = strings.TrimSpace(s + " " + defaultUserAgent)
		return nil
	}
}

// withClock replaces the time source (tests).
func withClock(now func() time.Time) Option {
	return func(c *config) error {
		c.now = now
		return nil
	}
}

var defaultUserAgent = "cosgo/" + Version + " (" + runtime.Version() + "; " + runtime.GOOS + "/" + runtime.GOARCH + ")"

// NewClient builds a Client. It checks every option up front (region form,
// bucket name, endpoint URLs) and returns an error wrapping
// ErrInvalidArgument that names the bad field. Without credentials the
// client sends anonymous requests.
func NewClient(opts ...Option) (*Client, error) {
	cfg := config{
		logger:       slog.New(slog.DiscardHandler),
		userAgent:    defaultUserAgent,
		now:          time.Now,
		stallTimeout: defaultStallTimeout,
		secrets:      &secretLog{},
	}
	for _, o := range opts {
		if err := o(&cfg); err != nil {
			return nil, err
		}
	}
	if cfg.creds != nil {
		cfg.creds = notingProvider{p: cfg.creds, log: cfg.secrets}
	}
	if cfg.httpClient == nil {
		cfg.httpClient = defaultHTTPClient()
	}
	if cfg.retryer == nil {
		cfg.retryer = NewStandardRetryer()
	}
	if cfg.bucket != "" {
		if err := cfg.validateBucket(cfg.bucket); err != nil {
			return nil, err
		}
	}
	if err := cfg.checkAccelerate(); err != nil {
		return nil, err
	}
	return newClient(cfg), nil
}

func newClient(cfg config) *Client {
	c := &Client{cfg: cfg}
	c.common.client = c
	c.Service = (*ServiceService)(&c.common)
	c.Bucket = (*BucketService)(&c.common)
	c.Object = (*ObjectService)(&c.common)
	return c
}

// ForBucket returns a client for another bucket that shares this client's
// HTTP client, credentials, retryer and logger. It is cheap. A bad bucket
// name surfaces as ErrInvalidArgument on the first call.
func (c *Client) ForBucket(bucket string) *Client {
	cfg := c.cfg
	cfg.bucket = bucket
	cfg.bucketErr = cfg.validateBucket(bucket)
	return newClient(cfg)
}

// BucketName returns the client's bucket ("" when none is set).
func (c *Client) BucketName() string { return c.cfg.bucket }

// Region returns the client's region ("" when none is set).
func (c *Client) Region() string { return c.cfg.region }

// defaultHTTPClient has connect, TLS and header timeouts but no overall
// timeout, which would cut long transfers; deadlines come from ctx.
func defaultHTTPClient() *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConnsPerHost = 64
	t.IdleConnTimeout = 50 * time.Second // below COS's 60 s keep-alive
	t.TLSHandshakeTimeout = 10 * time.Second
	t.ResponseHeaderTimeout = 2 * time.Minute
	t.DialContext = (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext
	// COS does not redirect; following one could replay a signed
	// request elsewhere.
	return &http.Client{Transport: t, CheckRedirect: refuseRedirect}
}
