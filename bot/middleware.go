package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"sync"
	"time"
)

// Guard is the middleware every adapter puts around the handler it serves.
// A panic or an error becomes an apology in the user's language, logged
// with what went wrong (and the stack, for a panic); every request gets one
// log line at info: platform, command, outcome, latency and chat, never the
// message's text, which has a line of its own at debug. Only a request
// stopped because ctx is done returns an error, so that the adapter can
// leave it for later.
func Guard(log *slog.Logger, cat *Catalog, next Handler) Handler {
	return HandlerFunc(func(ctx context.Context, req Request) (Reply, error) {
		start := time.Now()
		attrs := []any{"platform", req.Platform, "command", req.Command, "chat_id", req.Chat}
		log.Debug("request text", append(attrs, "text", req.Args)...)
		rep, err := handleSafely(ctx, next, req)
		var p *panicked
		if errors.As(err, &p) {
			log.Error("panic answering a request", append(attrs, "panic", p.value, "stack", p.stack)...)
			rep, err = apology(cat, req, "error.panic"), nil
		} else if err != nil && ctx.Err() == nil {
			log.Error("request failed", append(attrs, "err", err)...)
			rep, err = apology(cat, req, "error.failed"), nil
		}
		outcome := rep.Outcome
		if err != nil {
			outcome = Failed
		}
		log.Info("request", append(attrs, "outcome", string(outcome), "latency", time.Since(start))...)
		return rep, err
	})
}

// Recover is the last resort of an adapter's own code: deferred at the
// start of each event it handles, it turns a panic there (rendering,
// sending) into an error log line with the stack, so that one bad event
// cannot take the process down. Panics in the handler never get this far:
// Guard answers them with an apology.
//
//	defer bot.Recover(b.log, "interaction")
func Recover(log *slog.Logger, event string) {
	if v := recover(); v != nil {
		log.Error("panic handling an event", "event", event, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
	}
}

// panicked is a panic in a handler, as an error.
type panicked struct {
	value string
	stack string
}

func (p *panicked) Error() string { return "panic: " + p.value }

func handleSafely(ctx context.Context, h Handler, req Request) (rep Reply, err error) {
	defer func() {
		if v := recover(); v != nil {
			rep, err = Reply{}, &panicked{value: fmt.Sprint(v), stack: string(debug.Stack())}
		}
	}()
	return h.Handle(ctx, req)
}

func apology(cat *Catalog, req Request, key string) Reply {
	lang := cat.Lang(req.Lang)
	return Reply{Kind: KindText, Text: cat.T(lang, key), Lang: lang, Outcome: Failed}
}

// Inflight counts the requests an adapter is answering, so that a shutdown
// can wait for them. Once it drains, it takes no more. The zero value is
// ready to use.
type Inflight struct {
	mu      sync.Mutex
	closing bool
	wg      sync.WaitGroup
}

// Start counts one more request under way; it reports false, counting
// nothing, once Drain was called.
func (f *Inflight) Start() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.closing {
		return false
	}
	f.wg.Add(1)
	return true
}

// Done counts a request Start counted as finished.
func (f *Inflight) Done() { f.wg.Done() }

// Drain stops taking requests and waits for those under way, at most for
// grace. It reports whether they all finished.
func (f *Inflight) Drain(grace time.Duration) bool {
	f.mu.Lock()
	f.closing = true
	f.mu.Unlock()
	idle := make(chan struct{})
	go func() {
		f.wg.Wait()
		close(idle)
	}()
	t := time.NewTimer(grace)
	defer t.Stop()
	select {
	case <-idle:
		return true
	case <-t.C:
		return false
	}
}

// Outlive returns a context for the work begun under ctx: it goes on for
// grace after ctx is done, then it is cancelled too, so that the replies in
// flight at a shutdown finish, but not forever.
func Outlive(ctx context.Context, grace time.Duration) (context.Context, context.CancelFunc) {
	work, cancel := context.WithCancel(context.WithoutCancel(ctx))
	stop := context.AfterFunc(ctx, func() {
		t := time.NewTimer(grace)
		defer t.Stop()
		select {
		case <-t.C:
			cancel()
		case <-work.Done():
		}
	})
	return work, func() {
		stop()
		cancel()
	}
}
