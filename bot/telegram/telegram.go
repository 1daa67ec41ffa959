// Package telegram is kutip's Telegram adapter: it turns Telegram updates
// into bot.Requests and bot.Replies into Telegram messages, on
// github.com/go-telegram-bot-api/telegram-bot-api/v5.
//
// In a private chat any text is a question; in a group, a command of the
// service's (/ask), a command that names the bot (/ask@kutipbot), a reply
// to the bot or a mention of it. Inline queries (@kutipbot question) are
// answered with quotes to send. When the service takes votes, an answer
// has 👍 and 👎 buttons (an inline keyboard), whose presses come as
// callback queries. Updates come by long polling, or by
// webhook when Config.WebhookURL is set. An update is confirmed to Telegram
// only once its reply was sent or failed for good, and with
// Config.StateDir that survives a restart. With a shared Config.Ledgers,
// several processes behind one load balancer answer one webhook, each
// update once: a replica claims an update before it answers it. Long
// polling is one process a bot, as Telegram allows one getUpdates consumer.
package telegram

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/kutip/kutip/bot"
)

// platform is how requests from Telegram name their platform.
const platform = "telegram"

// Config configures the adapter. The fields with yaml tags may come from a
// config file; the others are set by whoever runs the adapter.
type Config struct {
	Token         bot.Secret   `yaml:"-"`              // from @BotFather: TELEGRAM_BOT_TOKEN
	APIEndpoint   string       `yaml:"api_endpoint"`   // "http://host:port/bot%s/%s"; "" for api.telegram.org
	WebhookURL    string       `yaml:"webhook_url"`    // the public address Telegram posts updates to; "" for long polling
	WebhookListen string       `yaml:"webhook_listen"` // host:port the webhook server listens on
	WebhookSecret bot.Secret   `yaml:"-"`              // X-Telegram-Bot-Api-Secret-Token: TELEGRAM_WEBHOOK_SECRET
	StateDir      string       `yaml:"-"`              // where the update offset is kept; "" for memory only
	HTTPClient    *http.Client `yaml:"-"`              // nil for a plain one
	// Ledgers keeps the update ledger; nil: FileLedgers(StateDir). A
	// shared one lets replicas answer one webhook.
	Ledgers Ledgers `yaml:"-"`
}

// tokenForm reports whether s is of a bot token's form: digits, a colon,
// then letters, digits, _ and -.
func tokenForm(s string) bool {
	id, key, ok := strings.Cut(s, ":")
	return ok && id != "" && strings.Trim(id, "0123456789") == "" && key != "" && strings.IndexFunc(key, notTokenRune) < 0
}

// secretToken reports whether s is a webhook secret setWebhook takes: 1
// to 256 letters, digits, _ and -.
func secretToken(s string) bool {
	return s != "" && len(s) <= 256 && strings.IndexFunc(s, notTokenRune) < 0
}

// notTokenRune reports whether r is not an ASCII letter, digit, _ or -.
func notTokenRune(r rune) bool {
	return !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || r == '_' || r == '-')
}

// Validate checks the settings: it is the one place they are checked.
// Its errors name the setting, never show a secret, and say how to fix it.
func (c Config) Validate() error {
	switch {
	case c.Token == "":
		return errors.New("telegram: no bot token (TELEGRAM_BOT_TOKEN)")
	case !tokenForm(string(c.Token)):
		return errors.New("telegram: the bot token (TELEGRAM_BOT_TOKEN) is not of the form 123456:ABC-def, as @BotFather gives it")
	case c.APIEndpoint != "" && !validEndpoint(c.APIEndpoint):
		return fmt.Errorf("telegram: api_endpoint %q is not an http(s) address with %%s for the token and %%s for the method, as http://host:port/bot%%s/%%s", c.APIEndpoint)
	case c.WebhookURL == "" && c.WebhookListen != "":
		return errors.New("telegram: webhook_listen is set but webhook_url (TELEGRAM_WEBHOOK_URL) is not")
	case c.WebhookURL == "":
		return nil
	case !bot.WebURL(c.WebhookURL):
		return fmt.Errorf("telegram: webhook_url %q is not an http(s) address", c.WebhookURL)
	case c.WebhookListen == "":
		return errors.New("telegram: webhook_url needs webhook_listen (TELEGRAM_WEBHOOK_LISTEN), the host:port to listen on")
	case !validListen(c.WebhookListen):
		return fmt.Errorf("telegram: webhook_listen %q is not a host:port", c.WebhookListen)
	case !secretToken(string(c.WebhookSecret)):
		return errors.New("telegram: a webhook needs a secret of 1 to 256 letters, digits, _ or - (TELEGRAM_WEBHOOK_SECRET)")
	}
	return nil
}

func validEndpoint(s string) bool {
	if strings.Count(s, "%") != 2 || strings.Count(s, "%s") != 2 {
		return false
	}
	return bot.WebURL(fmt.Sprintf(s, "1:token", "getMe"))
}

func validListen(s string) bool {
	_, port, err := net.SplitHostPort(s)
	if err != nil {
		return false
	}
	n, err := strconv.Atoi(port)
	return err == nil && n >= 0 && n <= 65535
}

// How long a long poll waits for updates, and how long the replies in
// flight may take to finish after a shutdown signal.
const (
	pollTimeout   = 50 * time.Second
	shutdownGrace = 10 * time.Second
)

// Per-user flood control on the way in: questions, inline queries, which
// come as the user types, and votes.
const (
	floodRequests  = 5
	inlineRequests = 20
	voteRequests   = 10
	floodPer       = 10 * time.Second
)

// allowedUpdates are the updates kutip asks Telegram for: callback queries
// are the presses of the feedback buttons.
func allowedUpdates() []string { return []string{"message", "inline_query", "callback_query"} }

// A Bot is the Telegram adapter of one bot account.
type Bot struct {
	cfg         Config
	svc         bot.Service
	handler     bot.Handler // the service's, guarded
	render      bot.Renderer
	log         *slog.Logger
	api         *client
	flood       *flood
	inlineFlood *flood
	voteFlood   *flood
	chats       *chatLocks
	inflight    bot.Inflight
	ready       atomic.Bool // connected: polling, or the webhook set

	// Set by Run before it handles an update.
	self   tgbotapi.User
	ledger Ledger
}

// New returns the adapter of the bot cfg names, serving svc, to Run. It
// checks cfg, and does no I/O. A nil log discards.
func New(cfg Config, svc bot.Service, log *slog.Logger) (*Bot, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if svc.Handler == nil || svc.Catalog == nil {
		return nil, errors.New("telegram: the service has no handler or no catalog")
	}
	hc := cfg.HTTPClient
	if hc == nil {
		hc = &http.Client{}
	}
	endpoint := cfg.APIEndpoint
	if endpoint == "" {
		endpoint = tgbotapi.APIEndpoint
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	adapterLog := log.With("platform", platform)
	return &Bot{
		cfg:         cfg,
		svc:         svc,
		handler:     svc.Guarded(log), // Guard names the platform itself
		render:      bot.Renderer{Catalog: svc.Catalog, Markup: markup()},
		log:         adapterLog,
		api:         newClient(string(cfg.Token), endpoint, hc, adapterLog, svc.Metered()),
		flood:       newFlood(floodRequests, floodPer),
		inlineFlood: newFlood(inlineRequests, floodPer),
		voteFlood:   newFlood(voteRequests, floodPer),
		chats:       newChatLocks(),
	}, nil
}

// Run connects to the Bot API (getMe, retried while the network or
// Telegram fails), opens the update ledger, sets the command menu, then
// answers updates until ctx is done: by webhook when one is configured, by
// long polling otherwise. The replies in flight then get a few seconds to
// finish. It returns nil after a shutdown, also one while connecting, and
// an error when the bot cannot run: Telegram refused the token, the ledger
// or the webhook's address cannot be had. Run is called once.
func (b *Bot) Run(ctx context.Context) error {
	return b.run(ctx, nil)
}

// Ready reports whether the bot is connected to Telegram: polling, its
// last getUpdates answered, or its webhook set. It is safe to call at any
// time, from any goroutine.
func (b *Bot) Ready() bool { return b.ready.Load() }

// run is Run; ln, when not nil, is where the webhook is served instead of
// Config.WebhookListen.
func (b *Bot) run(ctx context.Context, ln net.Listener) error {
	me, err := b.api.connect(ctx)
	if err != nil {
		if ctx.Err() != nil {
			return nil // stopped while connecting
		}
		return fmt.Errorf("telegram: %w", err)
	}
	b.self = me
	ledgers := b.cfg.Ledgers
	if ledgers == nil {
		ledgers = FileLedgers(b.cfg.StateDir)
	}
	polls := b.cfg.WebhookURL == ""
	if b.ledger, err = ledgers.Ledger(ctx, me.ID, polls); err != nil {
		switch {
		case ctx.Err() != nil:
			return nil
		case errors.Is(err, ErrPolledElsewhere):
			return fmt.Errorf("telegram: @%s: %w: Telegram allows one long-polling process a bot; stop the other, or run replicas in webhook mode (TELEGRAM_WEBHOOK_URL)", me.UserName, err)
		}
		return fmt.Errorf("telegram: open the update ledger: %w", err)
	}
	defer func() {
		if err := b.ledger.Close(); err != nil {
			b.log.Warn("close the update ledger", "err", err)
		}
	}()
	b.log.Info("connected", "username", me.UserName, "webhook", !polls)
	b.setCommands(ctx)

	work, cancel := bot.Outlive(ctx, shutdownGrace)
	defer cancel()
	defer b.ready.Store(false)
	defer b.inflight.Drain(shutdownGrace) // before cancel
	if b.cfg.WebhookURL == "" {
		return b.poll(ctx, work)
	}
	if ln == nil {
		if ln, err = net.Listen("tcp", b.cfg.WebhookListen); err != nil {
			return fmt.Errorf("telegram: webhook: %w", err)
		}
	}
	return b.serveWebhook(ctx, work, ln)
}
