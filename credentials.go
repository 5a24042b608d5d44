package cos

import (
	"context"
	"errors"
	"os"
	"sync"
	"time"
)

// CredentialsProvider supplies credentials for each request attempt.
// Implementations must be safe for concurrent use.
type CredentialsProvider interface {
	Credentials(ctx context.Context) (Credentials, error)
}

// CredentialsProviderFunc adapts a function to CredentialsProvider.
type CredentialsProviderFunc func(ctx context.Context) (Credentials, error)

// Credentials calls f.
func (f CredentialsProviderFunc) Credentials(ctx context.Context) (Credentials, error) {
	return f(ctx)
}

// staticProvider returns fixed credentials. It is a function rather than
// a struct holding them: fmt prints a function as an address under every
// verb, even where it cannot call the methods that redact (a value met
// inside an unexported field, such as a Client's configuration).
type staticProvider func() Credentials

func (p staticProvider) Credentials(context.Context) (Credentials, error) { return p(), nil }

// StaticCredentials returns a provider of one fixed key pair and optional
// session token.
func StaticCredentials(secretID, secretKey, sessionToken string) CredentialsProvider {
	c := Credentials{SecretID: secretID, SecretKey: secretKey, SessionToken: sessionToken}
	return staticProvider(func() Credentials { return c })
}

// ErrNoCredentials is returned by EnvCredentials when the environment holds
// no key pair.
var ErrNoCredentials = errors.New("cos: no credentials")

// EnvCredentials returns a provider that reads COS_SECRET_ID,
// COS_SECRET_KEY and COS_SESSION_TOKEN on every call. It is the only place
// the SDK reads the environment.
func EnvCredentials() CredentialsProvider {
	return CredentialsProviderFunc(func(context.Context) (Credentials, error) {
		c := Credentials{
			SecretID:     os.Getenv("COS_SECRET_ID"),
			SecretKey:    os.Getenv("COS_SECRET_KEY"),
			SessionToken: os.Getenv("COS_SESSION_TOKEN"),
		}
		if !c.valid() {
			return Credentials{}, errors.Join(ErrNoCredentials, errors.New("COS_SECRET_ID and COS_SECRET_KEY must be set"))
		}
		return c, nil
	})
}

// CredentialsCache wraps a provider of temporary (STS) credentials. It
// returns the cached value until RefreshBefore ahead of its Expires, then
// fetches once however many goroutines ask at the same time; the others
// wait for that fetch (or for their own ctx).
type CredentialsCache struct {
	provider      CredentialsProvider
	refreshBefore time.Duration
	now           func() time.Time

	mu       sync.Mutex
	cur      *Credentials // a pointer, so a raw print shows an address
	have     bool
	inflight chan struct{} // closed when the running fetch ends
	lastErr  error
	// lastCanceled reports that lastErr came from the fetching caller's
	// own context ending: it says nothing about the provider, so callers
	// that waited for that fetch try again rather than fail with it.
	lastCanceled bool
}

// NewCredentialsCache caches p's credentials, refreshing them refreshBefore
// ahead of expiry (5 minutes when refreshBefore <= 0). Credentials with a
// zero Expires are kept forever.
func NewCredentialsCache(p CredentialsProvider, refreshBefore time.Duration) *CredentialsCache {
	if refreshBefore <= 0 {
		refreshBefore = 5 * time.Minute
	}
	return &CredentialsCache{provider: p, refreshBefore: refreshBefore, now: time.Now}
}

// Credentials returns fresh credentials, fetching them when the cache is
// empty or about to expire.
func (c *CredentialsCache) Credentials(ctx context.Context) (Credentials, error) {
	for {
		c.mu.Lock()
		if c.have && !c.stale() {
			cur := *c.cur
			c.mu.Unlock()
			return cur, nil
		}
		wait := c.inflight
		if wait == nil {
			wait = make(chan struct{})
			c.inflight = wait
			c.mu.Unlock()
			c.fetch(ctx, wait)
			c.mu.Lock()
			have, err := c.have && !c.expired(), c.lastErr
			var cur Credentials
			if have {
				cur = *c.cur
			}
			c.mu.Unlock()
			if err != nil {
				return Credentials{}, err
			}
			if !have {
				return Credentials{}, errors.New("cos: credentials provider returned expired credentials")
			}
			return cur, nil
		}
		c.mu.Unlock()
		select {
		case <-wait:
			c.mu.Lock()
			err, fresh := c.lastErr, c.have && !c.expired()
			canceled := c.lastCanceled
			var cur Credentials
			if fresh {
				cur = *c.cur
			}
			c.mu.Unlock()
			if err != nil && canceled && ctx.Err() == nil {
				continue // another caller's cancel, not ours: fetch again
			}
			if err != nil {
				// The refresh this caller waited for failed: report it, as
				// the caller that ran it does, rather than sign with the
				// stale credentials.
				return Credentials{}, err
			}
			if fresh {
				return cur, nil
			}
		case <-ctx.Done():
			return Credentials{}, ctx.Err()
		}
	}
}

// fetch runs one provider call and publishes its result.
func (c *CredentialsCache) fetch(ctx context.Context, done chan struct{}) {
	cred, err := c.provider.Credentials(ctx)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.lastErr = err
	c.lastCanceled = err != nil && ctx.Err() != nil
	if err == nil {
		if !cred.valid() {
			c.lastErr = errors.New("cos: credentials provider returned an empty key pair")
		} else {
			c.cur, c.have = &cred, true
		}
	}
	c.inflight = nil
	close(done)
}

// stale reports whether the cached value is within the refresh window.
func (c *CredentialsCache) stale() bool {
	return c.cur != nil && !c.cur.Expires.IsZero() && !c.now().Add(c.refreshBefore).Before(c.cur.Expires)
}

func (c *CredentialsCache) expired() bool {
	return c.cur != nil && !c.cur.Expires.IsZero() && !c.now().Before(c.cur.Expires)
}
