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
	srv := &http.Server{
		Handler:           b.webhook(work, path),
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
// refused with 401 before anything is read; an update is answered before
// the response, so that Telegram sends it again if kutip could not.
func (b *Bot) webhook(work context.Context, path string) http.Handler {
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
		if !b.handleDelivered(work, u) {
			http.Error(w, "not handled yet", http.StatusServiceUnavailable)
			return
		}
		w.WriteHeader(http.StatusOK)
	})
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
