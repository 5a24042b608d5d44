package cosfs

import (
	"context"
	"strings"
	"time"
)

// An Option configures an [FS] built by [New].
type Option func(*options)

type options struct {
	prefix  string
	ctx     context.Context
	timeout time.Duration
}

// WithPrefix roots the file system at a key prefix: with WithPrefix("site")
// the name "css/a.css" is the key "site/css/a.css". The prefix names a
// directory, so a "/" is added when it does not end with one; it is
// otherwise used as given. The default is the whole bucket.
func WithPrefix(prefix string) Option {
	return func(o *options) { o.prefix = dirPrefix(prefix) }
}

// WithContext sets the context of every request the file system sends
// (default [context.Background]). Cancelling it makes every later call, and
// reads of open files, fail.
func WithContext(ctx context.Context) Option {
	return func(o *options) {
		if ctx != nil {
			o.ctx = ctx
		}
	}
}

// WithTimeout bounds each request the file system sends: a listing page, a
// HEAD, a ranged GET until its response headers arrive, and each wait for
// data while an open file streams. Zero (the default) means no bound beyond
// the context's own.
func WithTimeout(d time.Duration) Option {
	return func(o *options) {
		if d > 0 {
			o.timeout = d
		}
	}
}

// dirPrefix turns a prefix into a directory key prefix ending in "/", or "".
func dirPrefix(p string) string {
	if p != "" && !strings.HasSuffix(p, "/") {
		p += "/"
	}
	return p
}
