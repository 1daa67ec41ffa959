// Package discord is kutip's Discord adapter, on discordgo: slash commands
// with autocomplete, mentions in channels and direct messages, over the
// gateway, and interactions over HTTP as an option. It only translates
// between Discord and the bot package's requests and replies.
package discord

import (
	"cmp"
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/kutip/kutip/bot"
	"github.com/kutip/kutip/lang"
)

// Completer suggests a command's argument as the user types it;
// *bot.Router is one.
type Completer interface {
	Complete(ctx context.Context, chat, command, typed string) []bot.Choice
}

// Options configure the adapter.
type Options struct {
	Token      string // the bot token, without "Bot "
	AppID      string // the application; "" for the bot user's id, which is the same for today's applications
	GuildID    string // register the commands in this guild only, at once; "" registers them globally
	PublicKey  string // hex Ed25519 key that signs HTTP interactions; "" refuses them all
	APIBaseURL string // where requests for https://discord.com/ go instead; "" for Discord
	ShardID    int
	ShardCount int  // 0 or 1: no sharding
	Articles   bool // register /article: the corpus holds several articles
	// DeferAfter is how long an interaction waits for its answer before it
	// is deferred, to be answered by an edit; 0 means 2s, and more than
	// 2.5s means 2.5s: Discord allows 3s.
	DeferAfter time.Duration
}

// Timing.
const (
	defaultDeferAfter  = 2 * time.Second
	maxDeferAfter      = 2500 * time.Millisecond
	eventTimeout       = 30 * time.Second // the most one event may take
	autocompleteBudget = 2 * time.Second  // suggestions cannot be deferred
	shutdownWait       = 10 * time.Second // for events in progress at shutdown
)

// Bot is the Discord adapter.
type Bot struct {
	opts     Options
	log      *slog.Logger
	handler  bot.Handler
	complete Completer // nil: no suggestions
	s        *discordgo.Session
	key      ed25519.PublicKey // nil: HTTP interactions are all refused
	args     argStore
	work     inflight
}

// New returns the adapter. It answers with h, which it wraps in bot.Recover,
// and suggests with c; c and log may be nil.
func New(opts Options, log *slog.Logger, h bot.Handler, c Completer) (*Bot, error) {
	if opts.Token == "" {
		return nil, errors.New("discord: no bot token")
	}
	if opts.ShardCount > 1 && (opts.ShardID < 0 || opts.ShardID >= opts.ShardCount) {
		return nil, fmt.Errorf("discord: shard %d of %d is out of range", opts.ShardID, opts.ShardCount)
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	b := &Bot{opts: opts, log: log.With("platform", "discord"), complete: c}
	b.handler = bot.Recover(b.log, h)
	if b.opts.DeferAfter <= 0 {
		b.opts.DeferAfter = defaultDeferAfter
	}
	b.opts.DeferAfter = min(b.opts.DeferAfter, maxDeferAfter)
	if opts.PublicKey != "" {
		k, err := hex.DecodeString(opts.PublicKey)
		if err != nil || len(k) != ed25519.PublicKeySize {
			return nil, errors.New("discord: the public key is not 64 hex digits of an Ed25519 key")
		}
		b.key = k
	}
	var transport http.RoundTripper = http.DefaultTransport
	if opts.APIBaseURL != "" {
		base, err := parseBase(opts.APIBaseURL)
		if err != nil {
			return nil, fmt.Errorf("discord: %w", err)
		}
		transport = rewrite{base: base, next: transport}
	}
	s, err := discordgo.New("Bot " + opts.Token)
	if err != nil {
		return nil, fmt.Errorf("discord: %w", err)
	}
	s.Client = &http.Client{Timeout: 20 * time.Second, Transport: transport}
	s.StateEnabled = false // kutip keeps no guild state
	// Mentions and direct messages come with their content without the
	// privileged MESSAGE_CONTENT intent, which kutip does not ask for.
	s.Identify.Intents = discordgo.IntentsGuildMessages | discordgo.IntentsDirectMessages
	s.ShardID, s.ShardCount = opts.ShardID, max(opts.ShardCount, 1)
	b.s = s
	return b, nil
}

// Run registers the slash commands, connects to the gateway and answers
// until ctx is cancelled; then it waits a little for the answers under way
// and closes the connection. discordgo reconnects and resumes a dropped
// connection by itself.
func (b *Bot) Run(ctx context.Context) error {
	me, err := b.s.User("@me", discordgo.WithContext(ctx))
	if err != nil {
		return stopped(ctx, fmt.Errorf("discord: log in: %w", err))
	}
	appID := cmp.Or(b.opts.AppID, me.ID)
	cmds := commands(b.opts.Articles)
	if _, err := b.s.ApplicationCommandBulkOverwrite(appID, b.opts.GuildID, cmds, discordgo.WithContext(ctx)); err != nil {
		return stopped(ctx, fmt.Errorf("discord: register commands: %w", err))
	}
	b.log.Info("commands registered", "count", len(cmds), "guild_id", b.opts.GuildID, "app_id", appID)

	events := context.WithoutCancel(ctx) // an answer under way outlives the cancellation a little
	handlers := []func(){
		b.s.AddHandler(func(_ *discordgo.Session, e *discordgo.InteractionCreate) { b.onInteraction(events, e.Interaction) }),
		b.s.AddHandler(func(_ *discordgo.Session, e *discordgo.MessageCreate) { b.onMessage(events, me, e.Message) }),
		b.s.AddHandler(func(_ *discordgo.Session, e *discordgo.Ready) {
			b.log.Info("gateway ready", "bot", me.Username, "shard", e.Shard)
		}),
		b.s.AddHandler(func(_ *discordgo.Session, _ *discordgo.Resumed) { b.log.Info("gateway resumed") }),
		b.s.AddHandler(func(_ *discordgo.Session, _ *discordgo.Disconnect) { b.log.Warn("gateway disconnected; reconnecting") }),
	}
	if err := b.s.Open(); err != nil {
		return stopped(ctx, fmt.Errorf("discord: open the gateway: %w", err))
	}
	<-ctx.Done()
	b.work.drain(shutdownWait)
	for _, remove := range handlers {
		remove()
	}
	// discordgo's heartbeat may see the connection closing and reconnect;
	// it reads this after taking the session's lock, as Close does.
	b.s.Lock()
	b.s.ShouldReconnectOnError = false
	b.s.Unlock()
	if err := b.s.Close(); err != nil {
		return fmt.Errorf("discord: close the gateway: %w", err)
	}
	b.log.Info("gateway closed")
	return nil
}

// stopped is err, or nil when ctx was cancelled while starting: that is a
// stop, not a failure.
func stopped(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return nil
	}
	return err
}

// onMessage answers a message that mentions the bot, or any direct message.
func (b *Bot) onMessage(base context.Context, me *discordgo.User, m *discordgo.Message) {
	if m.Author == nil || m.Author.Bot || m.Author.ID == me.ID || !b.work.start() {
		return
	}
	defer b.work.done()
	defer b.recoverEvent("message")
	text, mentioned := stripMention(m, me.ID)
	if m.GuildID != "" && !mentioned {
		return
	}
	req, ok := bot.Parse(text, me.Username)
	if !ok {
		return
	}
	req.Chat = chat(m.ChannelID)
	req.Lang = lang.Detect(text, lang.Builtin()).Code // a message says nothing of its author's language
	ctx, cancel := context.WithTimeout(base, eventTimeout)
	defer cancel()
	b.log.Debug("message", "command", req.Command, "chat_id", m.ChannelID, "user_id", m.Author.ID, "dm", m.GuildID == "")
	reply := b.reply(ctx, req)
	if _, err := b.s.ChannelMessageSendComplex(m.ChannelID, reply.send(m), discordgo.WithContext(ctx)); err != nil {
		b.log.Warn("reply to message", "chat_id", m.ChannelID, "err", err)
	}
}

// stripMention takes the bot's mentions out of a message, reporting whether
// there were any.
func stripMention(m *discordgo.Message, botID string) (string, bool) {
	text, mentioned := m.Content, false
	for _, tag := range []string{"<@" + botID + ">", "<@!" + botID + ">"} {
		if strings.Contains(text, tag) {
			text, mentioned = strings.ReplaceAll(text, tag, " "), true
		}
	}
	for _, u := range m.Mentions {
		mentioned = mentioned || u.ID == botID
	}
	return strings.TrimSpace(text), mentioned
}

func chat(channelID string) string { return "discord:" + channelID }

// reply answers a request as a message, an apology when that fails.
func (b *Bot) reply(ctx context.Context, req bot.Request) (m message) {
	defer func() {
		if v := recover(); v != nil {
			b.log.Error("panic rendering a reply", "command", req.Command, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
			m = textMessage(bot.ErrorText(bot.Lang(req.Lang)))
		}
	}()
	rep, err := b.handler.Handle(ctx, req)
	if err != nil {
		b.log.Error("answer", "command", req.Command, "chat_id", req.Chat, "err", err)
		return textMessage(bot.ErrorText(bot.Lang(req.Lang)))
	}
	if rep.Kind == bot.KindQuotes { // the router gives every quotation; Discord shows a page
		rep.Quotes = rep.Quotes[min(req.Offset, len(rep.Quotes)):]
		rep.Offset = req.Offset
		if len(rep.Quotes) > quotesPage {
			rep.Quotes, rep.More = rep.Quotes[:quotesPage], true
		}
	}
	return b.view(rep, req)
}

func (b *Bot) recoverEvent(kind string) {
	if v := recover(); v != nil {
		b.log.Error("panic in the discord adapter", "event", kind, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
	}
}

// inflight counts the events being handled, so that shutdown can wait for
// them; once it drains, it takes no more.
type inflight struct {
	mu      sync.RWMutex
	closing bool
	wg      sync.WaitGroup
}

func (f *inflight) start() bool {
	f.mu.RLock()
	defer f.mu.RUnlock()
	if f.closing {
		return false
	}
	f.wg.Add(1)
	return true
}

func (f *inflight) done() { f.wg.Done() }

// drain waits for the events under way, at most for wait.
func (f *inflight) drain(wait time.Duration) {
	f.mu.Lock()
	f.closing = true
	f.mu.Unlock()
	idle := make(chan struct{})
	go func() {
		f.wg.Wait()
		close(idle)
	}()
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case <-idle:
	case <-t.C:
	}
}
