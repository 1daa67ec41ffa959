package telegram

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"sync"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/kutip/kutip/bot"
)

// secretHeader carries the secret_token given to setWebhook on every
// request Telegram makes to the webhook.
const secretHeader = "X-Telegram-Bot-Api-Secret-Token"

// The webhook server's caps: Telegram's requests carry a few short
// headers, and Telegram waits for an answer for about a minute.
const (
	webhookWriteTimeout = 90 * time.Second
	webhookMaxHeader    = 16 << 10
)

// serveWebhook serves the webhook on ln, sets it with Telegram, and answers
// updates under work until ctx is done; then it takes no more, and waits
// for those in flight. The webhook stays set at a shutdown, so that
// Telegram keeps the updates that come meanwhile.
func (b *Bot) serveWebhook(ctx, work context.Context, ln net.Listener) error {
	path := "/"
	if u, err := url.Parse(b.cfg.WebhookURL); err == nil && u.Path != "" {
		path = u.Path
	}
	var hooks *serial
	if in, ok := b.ledger.(Inbox); ok {
		hooks = newSerial(func(u update) { b.handleKept(ctx, work, in, u) })
		defer hooks.wait() // after the drain below: what is left waits in the inbox
		if err := b.resume(ctx, in, hooks); err != nil {
			return fmt.Errorf("telegram: %w", err)
		}
	}
	srv := &http.Server{
		Handler:           b.webhook(work, path, hooks),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      webhookWriteTimeout,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    webhookMaxHeader,
		ErrorLog:          slog.NewLogLogger(b.log.Handler(), slog.LevelWarn),
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()

	// v5.5.1's WebhookConfig has no secret_token: the call is made by name.
	params := tgbotapi.Params{"url": b.cfg.WebhookURL, "secret_token": string(b.cfg.WebhookSecret)}
	err := params.AddInterface("allowed_updates", allowedUpdates())
	if err == nil {
		err = b.api.call(ctx, "setWebhook", params)
	}
	if err == nil {
		b.log.Info("webhook set", "url", b.cfg.WebhookURL, "listen", ln.Addr().String())
		b.ready.Store(true)
		select {
		case err = <-served:
			return fmt.Errorf("telegram: webhook server: %w", err)
		case <-ctx.Done():
		}
	}
	b.inflight.Drain(shutdownGrace) // what is under way finishes; the rest get 503
	shutdown, stop := context.WithTimeout(context.Background(), time.Second)
	defer stop()
	if err := srv.Shutdown(shutdown); err != nil {
		b.log.Warn("webhook server shutdown", "err", err)
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		b.log.Warn("webhook server", "err", err)
	}
	if err != nil && ctx.Err() == nil {
		return fmt.Errorf("telegram: %w", err)
	}
	return nil
}

// webhook answers Telegram's requests: a request without the secret is
// refused with 401 before anything is read. With hooks (the ledger is an
// Inbox), an update is kept in the inbox, answered 200 at once, and
// handled by hooks; a full inbox answers 503. Without, it is answered
// before the response, so that Telegram sends it again, to another
// replica, if this one could not; at most maxWaiting requests wait so.
func (b *Bot) webhook(work context.Context, path string, hooks *serial) http.Handler {
	waiting := make(chan struct{}, maxWaiting)
	secret := []byte(string(b.cfg.WebhookSecret))
	refused := bot.NewRefusals(platform, b.log, b.svc.Metered(), bot.RefusalLogEvery)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if subtle.ConstantTimeCompare([]byte(r.Header.Get(secretHeader)), secret) != 1 {
			refused.Refuse("secret", "webhook request without the secret refused", "remote", r.RemoteAddr)
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		if r.Method != http.MethodPost {
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		if r.URL.Path != path {
			http.NotFound(w, r)
			return
		}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 1<<20))
		if err != nil {
			http.Error(w, "bad request", http.StatusBadRequest)
			return
		}
		u := parseUpdate(body)
		if u.id == 0 {
			b.log.Warn("webhook update without an id refused", "err", u.bad)
			http.Error(w, "bad request", http.StatusBadRequest)
			return
		}
		if hooks != nil {
			w.WriteHeader(b.keep(work, hooks, u, body))
			return
		}
		select {
		case waiting <- struct{}{}:
			defer func() { <-waiting }()
		default:
			http.Error(w, "too many updates waiting", http.StatusServiceUnavailable)
			return
		}
		if !b.handleDelivered(work, u) {
			http.Error(w, "not handled yet", http.StatusServiceUnavailable)
			return
		}
		w.WriteHeader(http.StatusOK)
	})
}

// maxWaiting bounds the webhook requests that wait for their update's
// answer, without an Inbox.
const maxWaiting = 256

// keep keeps an update that came to the webhook in the inbox and queues it,
// and returns the status to answer: 200 once it is kept (or was before),
// 503 when it cannot be, and Telegram is to send it again.
func (b *Bot) keep(work context.Context, hooks *serial, u update, raw []byte) int {
	in := b.ledger.(Inbox)
	fresh, err := in.Keep(work, u.id, raw)
	switch {
	case errors.Is(err, ErrInboxFull):
		b.log.Warn("webhook update refused for now: too many wait", "update_id", u.id, "max", maxKept)
		return http.StatusServiceUnavailable
	case err != nil:
		b.log.Error("webhook update not kept", "update_id", u.id, "err", err)
		return http.StatusServiceUnavailable
	case fresh:
		hooks.add(u)
	}
	return http.StatusOK
}

// resume queues the updates a shutdown or a crash left in the inbox.
func (b *Bot) resume(ctx context.Context, in Inbox, hooks *serial) error {
	raws, err := in.Kept(ctx)
	if err != nil {
		return fmt.Errorf("webhook inbox: %w", err)
	}
	if len(raws) > 0 {
		b.log.Info("answering the updates kept before the restart", "updates", len(raws))
	}
	for _, raw := range raws {
		hooks.add(parseUpdate(raw))
	}
	return nil
}

// handleKept handles an update of the inbox, and drops it once handled.
// While the ledger fails, it tries again; at a shutdown it leaves the
// update in the inbox, for the next start.
func (b *Bot) handleKept(ctx, work context.Context, in Inbox, u update) {
	for attempt := 1; ; attempt++ {
		if out := b.handle(work, u); out == handled {
			if err := in.Drop(work, u.id); err != nil {
				b.log.Warn("drop a handled update from the inbox", "update_id", u.id, "err", err)
			}
			return
		}
		if ctx.Err() != nil || sleep(ctx, backoff(attempt)) != nil {
			return
		}
	}
}

// How long a webhook request waits for another replica that claimed its
// update to finish it (or for that claim to expire, to take it over), and
// how often it looks. Telegram gives a webhook about a minute to answer.
const (
	busyWait = 15 * time.Second
	busyPoll = 100 * time.Millisecond
)

// handleDelivered handles an update that came to the webhook, in its
// chat's turn, and reports whether it is handled: answered here or by
// another replica. While another replica answers it, it waits.
func (b *Bot) handleDelivered(work context.Context, u update) bool {
	deadline := time.Now().Add(busyWait)
	for {
		unlock, err := b.chats.lock(work, u.key())
		if err != nil {
			return false
		}
		out := b.handle(work, u)
		unlock()
		if out != busy {
			return out == handled
		}
		if !time.Now().Before(deadline) || sleep(work, busyPoll) != nil {
			return false
		}
	}
}

// chatLocks keeps each chat's updates in order when webhook requests
// overlap.
type chatLocks struct {
	mu sync.Mutex
	m  map[string]*chatLock
}

type chatLock struct {
	held  chan struct{} // holds a value while locked
	users int
}

func newChatLocks() *chatLocks { return &chatLocks{m: map[string]*chatLock{}} }

// lock waits for key's lock, or until ctx is done.
func (c *chatLocks) lock(ctx context.Context, key string) (unlock func(), err error) {
	c.mu.Lock()
	l, ok := c.m[key]
	if !ok {
		l = &chatLock{held: make(chan struct{}, 1)}
		c.m[key] = l
	}
	l.users++
	c.mu.Unlock()
	release := func() {
		c.mu.Lock()
		if l.users--; l.users == 0 {
			delete(c.m, key)
		}
		c.mu.Unlock()
	}
	select {
	case l.held <- struct{}{}:
		return func() { <-l.held; release() }, nil
	case <-ctx.Done():
		release()
		return nil, ctx.Err()
	}
}
