package ops

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// A Server answers an operator's HTTP requests:
//
//	GET /healthz  200 while the process runs
//	GET /readyz   200 when every check is ready, else 503 naming those that are not
//	GET /metrics  the metrics of a registry, in Prometheus's text format
//
// It is an http.Handler; Serve runs it on a listener of its own. Checks
// can be added while it serves.
type Server struct {
	metrics http.Handler
	log     *slog.Logger

	mu     sync.Mutex
	checks []check
}

type check struct {
	name  string
	ready func() bool
}

// NewServer returns the server of reg's metrics. A nil log discards.
func NewServer(reg *prometheus.Registry, log *slog.Logger) *Server {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	errLog := slog.NewLogLogger(log.Handler(), slog.LevelWarn)
	h := promhttp.HandlerFor(reg, promhttp.HandlerOpts{
		ErrorLog:            errLog,
		Registry:            reg, // promhttp_metric_handler_errors_total
		MaxRequestsInFlight: 4,
		Timeout:             10 * time.Second,
	})
	return &Server{metrics: promhttp.InstrumentMetricHandler(reg, h), log: log}
}

// Check adds what /readyz checks: name is ready while ready reports true.
// /readyz is not ready until a check is added.
func (s *Server) Check(name string, ready func() bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.checks = append(s.checks, check{name, ready})
}

// ServeHTTP answers /healthz, /readyz and /metrics.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	switch r.URL.Path {
	case "/healthz":
		fmt.Fprintln(w, "ok")
	case "/readyz":
		s.ready(w)
	case "/metrics":
		s.metrics.ServeHTTP(w, r)
	default:
		http.NotFound(w, r)
	}
}

// ready answers /readyz: one line a check, "name ok" or "name not ready".
func (s *Server) ready(w http.ResponseWriter) {
	s.mu.Lock()
	checks := s.checks
	s.mu.Unlock()
	var b strings.Builder
	ok := len(checks) > 0
	if !ok {
		b.WriteString("starting\n")
	}
	for _, c := range checks {
		state := "ok"
		if !c.ready() {
			state, ok = "not ready", false
		}
		fmt.Fprintf(&b, "%s %s\n", c.name, state)
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if !ok {
		w.WriteHeader(http.StatusServiceUnavailable)
	}
	fmt.Fprint(w, b.String())
}

// How long the server waits for a client, and for the requests under way
// at a shutdown.
const (
	readHeaderTimeout = 5 * time.Second
	readTimeout       = 10 * time.Second
	writeTimeout      = 30 * time.Second
	idleTimeout       = time.Minute
	maxHeaderBytes    = 16 << 10
	shutdownTimeout   = 5 * time.Second
)

// Serve serves s on ln until ctx is done, then shuts down, waiting a
// little for the requests under way. It returns nil after a shutdown, an
// error when serving failed.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readTimeout,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       idleTimeout,
		MaxHeaderBytes:    maxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served:
		return fmt.Errorf("ops server: %w", err)
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	err := srv.Shutdown(shutdown)
	if serr := <-served; !errors.Is(serr, http.ErrServerClosed) {
		err = errors.Join(err, serr)
	}
	if err != nil {
		return fmt.Errorf("ops server: shutdown: %w", err)
	}
	return nil
}
