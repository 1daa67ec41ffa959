package main

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"sync/atomic"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/kutip/kutip/bot"
	"github.com/kutip/kutip/internal/ops"
)

// operations is kutip serve's listener for operators, when http.listen
// sets one: /healthz, /readyz and /metrics, on a registry of its own. It
// outlives the adapters, so that /readyz says they are stopping. A nil
// *operations (http.listen unset) does nothing.
type operations struct {
	reg    *prometheus.Registry
	srv    *ops.Server
	loaded atomic.Bool // the library is loaded
	stop   context.CancelFunc
	served chan error // what Serve returned
}

// startOps listens on cfg.Listen and serves there until close is called;
// nil when cfg.Listen is "". The listener is open when it returns, so that
// a port in use fails kutip serve at once; should serving fail later, fail
// is called.
func startOps(ctx context.Context, cfg HTTP, log *slog.Logger, fail func()) (*operations, error) {
	if cfg.Listen == "" {
		return nil, nil
	}
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", cfg.Listen)
	if err != nil {
		return nil, fmt.Errorf("http.listen: %w", err)
	}
	o := &operations{reg: ops.NewRegistry(), served: make(chan error, 1)}
	o.srv = ops.NewServer(o.reg, log)
	o.srv.Check("library", o.loaded.Load)
	ctx, o.stop = context.WithCancel(context.WithoutCancel(ctx))
	go func() {
		err := o.srv.Serve(ctx, ln)
		if err != nil {
			fail()
		}
		o.served <- err
	}()
	log.Info("serving /healthz, /readyz and /metrics", "listen", ln.Addr().String())
	return o, nil
}

// instrument gives svc the metrics, the library's size read from rt, and
// marks the library loaded.
func (o *operations) instrument(svc *bot.Service, rt *bot.Router) error {
	if o == nil {
		return nil
	}
	m, err := ops.NewMetrics(o.reg, rt.Size)
	if err != nil {
		return fmt.Errorf("metrics: %w", err)
	}
	svc.Meter = m
	o.loaded.Store(true)
	return nil
}

// ready makes /readyz wait for name to be ready: an adapter, connected.
func (o *operations) ready(name string, ready func() bool) {
	if o != nil {
		o.srv.Check(name, ready)
	}
}

// close stops serving, and reports why serving failed, if it did.
func (o *operations) close() error {
	if o == nil {
		return nil
	}
	o.stop()
	return <-o.served
}
