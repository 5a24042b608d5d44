package costest

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"time"
)

// Server is an in-memory COS service. All its methods are safe for
// concurrent use.
type Server struct {
	// URL is the base URL of a server started by NewServer, e.g.
	// "http://127.0.0.1:41234"; it is empty for one built by New.
	URL string

	cfg       config
	store     *store
	faults    faultSet
	reqlog    requestLog
	ids       idGen
	handler   http.Handler
	ts        *httptest.Server
	done      chan struct{}
	closeOnce sync.Once
}

// New builds a server without listening; serve [Server.Handler] on an
// address of your choice (cmd/cosfake does).
func New(opts ...Option) *Server {
	cfg := defaultConfig()
	for _, o := range opts {
		o(&cfg)
	}
	s := &Server{cfg: cfg, store: newStore(), done: make(chan struct{})}
	s.ids.init()
	s.handler = s.newHandler()
	return s
}

// NewServer builds a server with [New] and starts it on 127.0.0.1 with
// net/http/httptest; call Close when done.
func NewServer(opts ...Option) *Server {
	s := New(opts...)
	s.ts = httptest.NewUnstartedServer(s.handler)
	s.ts.Config.ErrorLog = slog.NewLogLogger(s.cfg.logger.Handler(), slog.LevelDebug)
	s.ts.Start()
	s.URL = s.ts.URL
	return s
}

// Close stops the server: pending fault delays end and, for a server
// started by NewServer, the listener closes and Close waits for requests
// in flight. It is safe to call more than once.
func (s *Server) Close() {
	s.closeOnce.Do(func() {
		close(s.done)
		if s.ts != nil {
			s.ts.Close()
		}
	})
}

// Credentials returns the permanent key pair the server accepts.
func (s *Server) Credentials() (secretID, secretKey string) {
	return s.cfg.secretID, s.cfg.secretKey
}

// AppID returns the account APPID of the server.
func (s *Server) AppID() string { return s.cfg.appID }

// Region returns the region of the server's buckets.
func (s *Server) Region() string { return s.cfg.region }

// Handler returns the server's HTTP handler, to mount elsewhere. It is
// the handler a NewServer listener serves.
func (s *Server) Handler() http.Handler { return s.handler }

// Requests returns a copy of the request log, in order of completion.
func (s *Server) Requests() []Request { return s.reqlog.list() }

// ResetRequests empties the request log.
func (s *Server) ResetRequests() { s.reqlog.reset() }

func (s *Server) now() time.Time { return s.cfg.clock() }

// idGen mints request, trace and upload IDs.
type idGen struct {
	prefix string
	n      atomic.Uint64
}

func (g *idGen) init() {
	var b [6]byte
	_, _ = rand.Read(b[:])
	g.prefix = hex.EncodeToString(b[:])
}

func (g *idGen) requestID() string {
	n := g.n.Add(1)
	return base64.StdEncoding.EncodeToString(fmt.Appendf(nil, "%x_%s_%x", time.Now().Unix(), g.prefix, n))
}

func (g *idGen) traceID() string {
	var b [24]byte
	_, _ = rand.Read(b[:])
	return base64.StdEncoding.EncodeToString(b[:])
}

// uploadID returns an ID that sorts by creation: Unix seconds, a sequence
// number and random hex, like COS's long hex upload IDs.
func (g *idGen) uploadID(now time.Time) string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return fmt.Sprintf("%010d%016x%s", now.Unix(), g.n.Add(1), hex.EncodeToString(b[:]))
}
