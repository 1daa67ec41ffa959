// Package telegram is kutip's Telegram adapter: it turns Telegram updates
// into bot.Requests and bot.Replies into Telegram messages, on
// github.com/go-telegram-bot-api/telegram-bot-api/v5.
//
// In a private chat any text is a question; in a group, a command (/ask,
// /ask@kutipbot), a reply to the bot or a mention of it. Inline queries
// (@kutipbot question) are answered with quotes to send. Updates come by
// long polling, or by webhook when Config.WebhookURL is set. An update is
// confirmed to Telegram only once its reply was sent or failed for good, and
// with Config.StateDir that survives a restart.
package telegram

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"regexp"
	"strconv"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/kutip/kutip/bot"
)

// Config configures the adapter.
type Config struct {
	Token         string       // from @BotFather
	APIEndpoint   string       // "http://host:port/bot%s/%s"; "" for api.telegram.org
	WebhookURL    string       // public HTTPS address Telegram posts updates to; "" for long polling
	WebhookListen string       // host:port of the webhook server
	WebhookSecret string       // X-Telegram-Bot-Api-Secret-Token; needed for a webhook
	StateDir      string       // where the update offset is kept; "" for memory only
	HTTPClient    *http.Client // nil for a plain one
}

var secretToken = regexp.MustCompile(`^[A-Za-z0-9_-]{1,256}$`) // as setWebhook allows

func (c Config) validate() error {
	switch {
	case c.Token == "":
		return errors.New("telegram: no token (TELEGRAM_BOT_TOKEN)")
	case c.WebhookURL == "":
		return nil
	case c.WebhookListen == "":
		return errors.New("telegram: a webhook URL needs a listen address (TELEGRAM_WEBHOOK_LISTEN)")
	case !secretToken.MatchString(c.WebhookSecret):
		return errors.New("telegram: a webhook needs a secret of 1 to 256 letters, digits, _ or - (TELEGRAM_WEBHOOK_SECRET)")
	}
	if !bot.WebURL(c.WebhookURL) {
		return fmt.Errorf("telegram: webhook URL %q is not an http(s) address", c.WebhookURL)
	}
	return nil
}

// How long a long poll waits for updates, and how long in-flight replies
// may take to finish after a shutdown signal.
const (
	pollTimeout   = 50 * time.Second
	shutdownGrace = 10 * time.Second
)

// Per-user flood control on the way in: questions, and inline queries,
// which come as the user types.
const (
	floodRequests  = 5
	inlineRequests = 20
	floodPer       = 10 * time.Second
)

// allowedUpdates are the updates kutip asks Telegram for.
func allowedUpdates() []string { return []string{"message", "inline_query"} }

// A Bot is the Telegram adapter of one bot account.
type Bot struct {
	cfg         Config
	log         *slog.Logger
	handler     bot.Handler
	api         *client
	self        tgbotapi.User
	ledger      *ledger
	flood       *flood
	inlineFlood *flood
	chats       *chatLocks
}

// New connects to the Bot API (getMe, retried while the network fails) and
// returns the adapter, to Run. h answers the requests; its panics are
// recovered.
func New(ctx context.Context, log *slog.Logger, cfg Config, h bot.Handler) (*Bot, error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	log = log.With("platform", "telegram")
	hc := cfg.HTTPClient
	if hc == nil {
		hc = &http.Client{}
	}
	endpoint := cfg.APIEndpoint
	if endpoint == "" {
		endpoint = tgbotapi.APIEndpoint
	}
	api, err := connect(ctx, log, cfg.Token, endpoint, hc)
	if err != nil {
		return nil, err
	}
	var path string
	if cfg.StateDir != "" {
		path = filepath.Join(cfg.StateDir, "telegram-"+strconv.FormatInt(api.bot.Self.ID, 10)+".json")
	}
	l, err := openLedger(path)
	if err != nil {
		return nil, fmt.Errorf("telegram: %w", err)
	}
	return &Bot{
		cfg: cfg, log: log, handler: bot.Recover(log, h), api: api, self: api.bot.Self, ledger: l,
		flood: newFlood(floodRequests, floodPer), inlineFlood: newFlood(inlineRequests, floodPer), chats: newChatLocks(),
	}, nil
}

// Username is the bot's user name, without the "@".
func (b *Bot) Username() string { return b.self.UserName }

// Run registers the command menu, then answers updates until ctx is done:
// by webhook when one is configured, by long polling otherwise. Replies in
// flight then get a few seconds to finish. It returns nil after a shutdown,
// an error when the bot cannot run.
func (b *Bot) Run(ctx context.Context) error {
	b.registerCommands(ctx)
	if b.cfg.WebhookURL == "" {
		return b.poll(ctx)
	}
	ln, err := net.Listen("tcp", b.cfg.WebhookListen)
	if err != nil {
		return fmt.Errorf("telegram: webhook: %w", err)
	}
	return b.serveWebhook(ctx, ln)
}

// registerCommands sets the command menu, in Indonesian and in English for
// English-speaking users. A failure costs only the menu.
func (b *Bot) registerCommands(ctx context.Context) {
	for _, lang := range []string{"", "en"} {
		cfg := tgbotapi.NewSetMyCommands(menu(lang)...)
		cfg.LanguageCode = lang
		if err := b.api.send(ctx, dest{}, "setMyCommands", cfg); err != nil {
			b.log.Warn("set command menu", "language_code", lang, "err", err)
		}
	}
}

// menu is the command menu in a language: "" is the default, Indonesian.
func menu(lang string) []tgbotapi.BotCommand {
	entries := []struct{ command, id, en string }{
		{bot.CmdAsk, "Tanya tentang artikel", "Ask about the article"},
		{bot.CmdQuotes, "Kutipan langsung dalam artikel", "The article's direct quotations"},
		{bot.CmdQuote, "Kutipan dari seseorang atau tentang sesuatu", "Quotations by a speaker or about a word"},
		{bot.CmdSummary, "Kalimat-kalimat kunci", "Key sentences"},
		{bot.CmdSource, "Judul dan sumber artikel", "The article's title and source"},
		{bot.CmdArticle, "Pilih artikel", "Choose an article"},
		{bot.CmdHelp, "Cara memakai kutip", "How to use kutip"},
	}
	out := make([]tgbotapi.BotCommand, 0, len(entries))
	for _, e := range entries {
		desc := e.id
		if lang == "en" {
			desc = e.en
		}
		out = append(out, tgbotapi.BotCommand{Command: e.command, Description: desc})
	}
	return out
}

// graceful returns a context for handling updates that outlives ctx by
// shutdownGrace, so that replies in flight at a shutdown finish, but not
// forever.
func graceful(ctx context.Context) (context.Context, context.CancelFunc) {
	work, cancel := context.WithCancel(context.WithoutCancel(ctx))
	stop := context.AfterFunc(ctx, func() {
		t := time.NewTimer(shutdownGrace)
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
