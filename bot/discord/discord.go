// Package discord is kutip's Discord adapter, on discordgo: slash commands
// with autocomplete, mentions in channels and direct messages, over the
// gateway, and interactions over HTTP as an option; 👍/👎 buttons under
// answers when the service takes votes. It only translates
// between Discord and the bot package's requests and replies: the commands,
// the words, the answers and their paging are the bot.Service's.
package discord

import (
	"cmp"
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/kutip/kutip/bot"
)

// platform names Discord in requests and logs.
const platform = "discord"

// Config configures the adapter: the settings a config file may hold, and
// the token, which comes from the environment only.
type Config struct {
	Token              bot.Secret `yaml:"-"`                   // DISCORD_BOT_TOKEN, without "Bot "
	AppID              string     `yaml:"app_id"`              // the application; "": the bot user's id, the same for today's applications
	GuildID            string     `yaml:"guild_id"`            // register the commands in this guild only, at once; "": globally
	PublicKey          string     `yaml:"public_key"`          // hex Ed25519 key that signs HTTP interactions; "": refuse them all
	InteractionsListen string     `yaml:"interactions_listen"` // host:port where Run serves HTTP interactions at POST /interactions; "": none
	APIBaseURL         string     `yaml:"api_base_url"`        // where requests for https://discord.com/ go instead; "": Discord
	ShardID            int        `yaml:"shard_id"`
	ShardCount         int        `yaml:"shard_count"` // 0 or 1: no sharding
	// Buttons keeps the arguments of "more" buttons too long for a
	// custom_id; nil: in memory. Shards in separate processes share one.
	Buttons Buttons `yaml:"-"`
	// DeferAfter is how long an interaction waits for its answer before it
	// is deferred, to be answered by an edit; 0 means 2s, and more than
	// 2.5s means 2.5s: Discord allows 3s.
	DeferAfter time.Duration `yaml:"-"`
}

// Validate checks the settings, naming the one that is wrong.
func (c Config) Validate() error {
	switch {
	case c.Token == "":
		return errors.New("discord: no bot token (DISCORD_BOT_TOKEN)")
	case strings.HasPrefix(string(c.Token), "Bot "):
		return errors.New(`discord: the bot token is given without "Bot " before it`)
	case c.ShardID < 0 || c.ShardCount < 0 || c.ShardID >= max(c.ShardCount, 1):
		return fmt.Errorf("discord: shard_id %d is out of range for shard_count %d", c.ShardID, c.ShardCount)
	case c.InteractionsListen != "" && c.PublicKey == "":
		return errors.New("discord: interactions_listen is set but public_key (DISCORD_PUBLIC_KEY) is not")
	}
	for _, id := range []struct{ key, value string }{{"app_id", c.AppID}, {"guild_id", c.GuildID}} {
		if strings.Trim(id.value, "0123456789") != "" {
			return fmt.Errorf("discord: %s %q is not a Discord id: want digits", id.key, id.value)
		}
	}
	if c.PublicKey != "" {
		if _, err := publicKey(c.PublicKey); err != nil {
			return err
		}
	}
	if c.InteractionsListen != "" {
		if _, _, err := net.SplitHostPort(c.InteractionsListen); err != nil {
			return fmt.Errorf("discord: interactions_listen %q: want host:port", c.InteractionsListen)
		}
	}
	if c.APIBaseURL != "" {
		if _, err := parseBase(c.APIBaseURL); err != nil {
			return fmt.Errorf("discord: api_base_url: %w", err)
		}
	}
	return nil
}

func publicKey(s string) (ed25519.PublicKey, error) {
	k, err := hex.DecodeString(s)
	if err != nil || len(k) != ed25519.PublicKeySize {
		return nil, errors.New("discord: public_key is not 64 hex digits of an Ed25519 key")
	}
	return k, nil
}

// Timing.
const (
	defaultDeferAfter  = 2 * time.Second
	maxDeferAfter      = 2500 * time.Millisecond
	eventTimeout       = 30 * time.Second // the most one event may take
	autocompleteBudget = 2 * time.Second  // suggestions cannot be deferred
	shutdownWait       = 10 * time.Second // for events in progress at shutdown
	apologyTime        = 3 * time.Second  // for an apology once an event's time is up
	endpointWait       = 5 * time.Second  // for the interactions endpoint to shut down
)

// Bot is the Discord adapter.
type Bot struct {
	cfg     Config
	svc     bot.Service
	log     *slog.Logger // with the platform
	handler bot.Handler  // svc's, guarded
	render  bot.Renderer
	s       *discordgo.Session
	key     ed25519.PublicKey // nil: HTTP interactions are all refused
	buttons Buttons
	work    bot.Inflight
	meter   bot.Meter
	ready   atomic.Bool  // the gateway is connected
	lost    atomic.Int64 // when the gateway was lost, in Unix nanoseconds; 0: it was not

	// HTTP interactions.
	refused     *bot.Refusals
	seen        replays
	pending     chan struct{} // a value for each request read or waiting for its first response
	bodyTimeout time.Duration
}

// New returns the adapter for the service, without any I/O: it checks cfg
// and builds a client. log may be nil.
func New(cfg Config, svc bot.Service, log *slog.Logger) (*Bot, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if svc.Handler == nil || svc.Catalog == nil || len(svc.Commands) == 0 {
		// Registering no commands would delete the application's.
		return nil, errors.New("discord: the service has no handler, no catalog or no commands")
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	b := &Bot{
		cfg: cfg, svc: svc, log: log.With("platform", platform),
		handler: svc.Guarded(log), // Guard names the platform itself
		render:  bot.Renderer{Catalog: svc.Catalog, Markup: markup()},
		meter:   svc.Metered(),
		pending: make(chan struct{}, maxPending), bodyTimeout: bodyTimeout,
	}
	b.refused = bot.NewRefusals(platform, b.log, b.meter, bot.RefusalLogEvery)
	b.buttons = cfg.Buttons
	if b.buttons == nil {
		b.buttons = &memButtons{}
	}
	if b.cfg.DeferAfter <= 0 {
		b.cfg.DeferAfter = defaultDeferAfter
	}
	b.cfg.DeferAfter = min(b.cfg.DeferAfter, maxDeferAfter)
	if cfg.PublicKey != "" {
		b.key, _ = publicKey(cfg.PublicKey) // Validate checked it
	}
	var transport http.RoundTripper = http.DefaultTransport
	if cfg.APIBaseURL != "" {
		base, _ := parseBase(cfg.APIBaseURL) // Validate checked it
		transport = rewrite{base: base, next: transport}
	}
	s, err := discordgo.New("Bot " + string(cfg.Token))
	if err != nil {
		return nil, fmt.Errorf("discord: %w", err)
	}
	s.Client = &http.Client{Timeout: 20 * time.Second, Transport: metered{meter: b.meter, next: transport}}
	// rest retries, with the context, a log line and a count: discordgo's
	// own retries sleep past a shutdown, and say nothing.
	s.ShouldRetryOnRateLimit = false
	s.MaxRestRetries = 0
	s.StateEnabled = false // kutip keeps no guild state
	// Events are handed to kutip in the order they come, so that a
	// disconnection is seen before the resumption that follows it; those
	// that take time (interactions, messages) get a goroutine each.
	s.SyncEvents = true
	// Mentions and direct messages come with their content without the
	// privileged MESSAGE_CONTENT intent, which kutip does not ask for.
	s.Identify.Intents = discordgo.IntentsGuildMessages | discordgo.IntentsDirectMessages
	s.ShardID, s.ShardCount = cfg.ShardID, max(cfg.ShardCount, 1)
	routeLibraryLog(s, b.log, string(cfg.Token))
	b.s = s
	return b, nil
}

// Run logs in, registers the slash commands (shard 0 does, for every
// shard), connects to the gateway and,
// when InteractionsListen is set, serves HTTP interactions there; it
// answers until ctx is done, then waits a little for the answers under way
// and closes it all. It returns nil after a clean shutdown, an error when
// it cannot run. discordgo reconnects and resumes a dropped gateway
// connection by itself. Run may be called once.
func (b *Bot) Run(ctx context.Context) (err error) {
	events, cancel := bot.Outlive(ctx, shutdownWait) // an answer under way outlives ctx a little
	defer cancel()
	var served <-chan struct{} // closed when the interactions endpoint stops; nil: none
	if b.cfg.InteractionsListen != "" {
		ep, lerr := b.listen(ctx, events)
		if lerr != nil {
			return stopped(ctx, lerr)
		}
		served = ep.done
		defer func() { err = errors.Join(err, ep.close()) }()
	}
	remove, err := b.start(ctx, events)
	if err != nil {
		b.drain() // what the endpoint began meanwhile
		return stopped(ctx, err)
	}
	select {
	case <-ctx.Done():
	case <-served: // the endpoint failed: close reports why
	}
	b.drain()
	remove()
	b.ready.Store(false)
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

// How long start waits before it tries again, the first time and at most.
const (
	startBackoff    = time.Second
	startBackoffMax = time.Minute
)

// start opens the adapter, trying again with a backoff while Discord
// cannot be reached, fails or closes the gateway, until ctx is done; a
// refusal for good (a token refused, a 4xx, the gateway's fatal close
// codes) fails at once.
func (b *Bot) start(ctx, events context.Context) (remove func(), err error) {
	wait := startBackoff
	for attempt := 1; ; attempt++ {
		remove, err := b.open(ctx, events)
		if err == nil {
			return remove, nil
		}
		if refused(err) || ctx.Err() != nil {
			return nil, err
		}
		b.log.Warn("cannot start; trying again", "attempt", attempt, "wait", wait, "err", err)
		if err := sleep(ctx, wait); err != nil {
			return nil, err
		}
		wait = min(2*wait, startBackoffMax)
	}
}

// refused reports whether err is Discord's refusal, for good, of what
// open asked: a REST call answered with a 4xx but 429, or the gateway
// closed with a code after which Discord says not to reconnect
// (authentication failed, invalid shard, sharding required, invalid API
// version, invalid or disallowed intents).
func refused(err error) bool {
	var rest *discordgo.RESTError
	if errors.As(err, &rest) && rest.Response != nil {
		code := rest.Response.StatusCode
		return code >= 400 && code < 500 && code != http.StatusTooManyRequests
	}
	// The gateway's close frame comes as gorilla/websocket's CloseError,
	// which discordgo does not wrap: "websocket: close 4004: ...".
	var code int
	if _, after, ok := strings.Cut(err.Error(), "websocket: close "); ok {
		fmt.Sscanf(after, "%d", &code)
	}
	switch code {
	case 4004, 4010, 4011, 4012, 4013, 4014:
		return true
	}
	return false
}

// plainly says what a refused token or permission means, for the error
// Run returns.
func plainly(err error) error {
	var rest *discordgo.RESTError
	if !errors.As(err, &rest) || rest.Response == nil {
		return err
	}
	switch rest.Response.StatusCode {
	case http.StatusUnauthorized:
		return fmt.Errorf("the bot token is refused (401 Unauthorized): check DISCORD_BOT_TOKEN: %w", err)
	case http.StatusForbidden:
		return fmt.Errorf("the bot is refused (403 Forbidden): check the application's scopes (bot, applications.commands) and its permissions in the guild: %w", err)
	}
	return err
}

// open logs in, registers the slash commands on shard 0 and connects to the gateway,
// whose events are answered under events until remove is called.
func (b *Bot) open(ctx, events context.Context) (remove func(), err error) {
	var me *discordgo.User
	err = b.rest(ctx, routeMe, "", func(opt discordgo.RequestOption) (err error) {
		me, err = b.s.User("@me", opt)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("discord: log in: %w", plainly(err))
	}
	appID := cmp.Or(b.cfg.AppID, me.ID)
	if b.cfg.ShardID == 0 {
		// The commands are the application's: shard 0 registers them for
		// every shard, each in its own process.
		cmds := b.commands()
		registered := routeCommands
		if b.cfg.GuildID != "" {
			registered = routeGuildCmds
		}
		err = b.rest(ctx, registered, "", func(opt discordgo.RequestOption) error {
			_, err := b.s.ApplicationCommandBulkOverwrite(appID, b.cfg.GuildID, cmds, opt)
			return err
		})
		if err != nil {
			return nil, fmt.Errorf("discord: register commands: %w", plainly(err))
		}
		b.log.Info("commands registered", "count", len(cmds), "guild_id", b.cfg.GuildID, "app_id", appID)
	} else {
		b.log.Info("commands left to shard 0 to register", "shard_id", b.cfg.ShardID, "shard_count", b.cfg.ShardCount)
	}
	handlers := []func(){
		b.s.AddHandler(func(_ *discordgo.Session, e *discordgo.InteractionCreate) { go b.onInteraction(events, e.Interaction) }),
		b.s.AddHandler(func(_ *discordgo.Session, e *discordgo.MessageCreate) { go b.onMessage(events, me, e.Message) }),
		b.s.AddHandler(func(_ *discordgo.Session, e *discordgo.Ready) {
			b.up() // before the line that says so
			b.log.Info("gateway ready", "bot", me.Username, "shard", e.Shard)
		}),
		b.s.AddHandler(func(_ *discordgo.Session, _ *discordgo.Resumed) {
			b.up()
			b.log.Info("gateway resumed")
		}),
		b.s.AddHandler(func(_ *discordgo.Session, _ *discordgo.Disconnect) {
			b.ready.Store(false)
			b.lost.CompareAndSwap(0, time.Now().UnixNano())
			b.log.Warn("gateway disconnected; reconnecting")
		}),
	}
	remove = func() {
		for _, r := range handlers {
			r()
		}
	}
	if err := b.s.Open(); err != nil {
		remove()
		return nil, fmt.Errorf("discord: open the gateway: %w", err)
	}
	return remove, nil
}

// up marks the gateway connected; after a loss, that is a reconnection,
// logged and counted.
func (b *Bot) up() {
	b.ready.Store(true)
	if lost := b.lost.Swap(0); lost != 0 {
		b.meter.Reconnect(platform)
		b.log.Info("gateway reconnected", "down", time.Since(time.Unix(0, lost)).Round(time.Millisecond))
	}
}

// Ready reports whether the gateway is connected: ready or resumed, and
// not lost since. It is safe to call at any time, from any goroutine.
func (b *Bot) Ready() bool { return b.ready.Load() }

// drain stops taking events and waits a little for those under way.
func (b *Bot) drain() {
	b.log.Info("stopping: finishing the answers under way")
	if !b.work.Drain(shutdownWait + apologyTime) { // the answers' time is up after shutdownWait
		b.log.Warn("answers still under way at shutdown", "wait", shutdownWait)
	}
}

// stopped is err, or nil when ctx was cancelled while starting: that is a
// stop, not a failure.
func stopped(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return nil
	}
	return err
}

// endpoint is the HTTP server of the interactions endpoint.
type endpoint struct {
	srv  *http.Server
	done chan struct{} // closed when Serve returns
	err  error         // what Serve returned, once done is closed
}

// listen serves HTTP interactions at InteractionsListen, POST
// /interactions, each answered under events.
func (b *Bot) listen(ctx, events context.Context) (*endpoint, error) {
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", b.cfg.InteractionsListen)
	if err != nil {
		return nil, fmt.Errorf("discord: interactions endpoint: %w", err)
	}
	ln = newLimitListener(ln, maxConns)
	mux := http.NewServeMux()
	mux.HandleFunc("POST /interactions", func(w http.ResponseWriter, r *http.Request) {
		b.serveInteraction(events, w, r)
	})
	ep := &endpoint{
		srv: &http.Server{
			Handler:           mux,
			ReadHeaderTimeout: 5 * time.Second,
			ReadTimeout:       10 * time.Second,
			WriteTimeout:      respondWithin + 5*time.Second,
			IdleTimeout:       time.Minute,
			MaxHeaderBytes:    maxHeader,
			ErrorLog:          slog.NewLogLogger(b.log.Handler(), slog.LevelWarn),
		},
		done: make(chan struct{}),
	}
	go func() {
		ep.err = ep.srv.Serve(ln)
		close(ep.done)
	}()
	b.log.Info("interactions endpoint", "listen", ln.Addr().String(), "path", "/interactions")
	return ep, nil
}

// close shuts the endpoint down, waiting a little for the requests it is
// answering, and reports why it stopped if it failed.
func (ep *endpoint) close() error {
	ctx, cancel := context.WithTimeout(context.Background(), endpointWait)
	defer cancel()
	err := ep.srv.Shutdown(ctx)
	<-ep.done
	if !errors.Is(ep.err, http.ErrServerClosed) {
		err = errors.Join(err, ep.err)
	}
	if err != nil {
		return fmt.Errorf("discord: interactions endpoint: %w", err)
	}
	return nil
}

// onMessage answers a message that mentions the bot, or any direct message.
func (b *Bot) onMessage(base context.Context, me *discordgo.User, m *discordgo.Message) {
	if m.Author == nil || m.Author.Bot || m.Author.ID == me.ID || !b.work.Start() {
		return
	}
	defer b.work.Done()
	defer b.meter.Begin(platform)()
	defer bot.Recover(b.log, "message")
	text, mentioned := stripMention(m, me.ID)
	if m.GuildID != "" && !mentioned {
		return
	}
	msg, ok := bot.Parse(text, me.Username)
	if !ok {
		return
	}
	req := msg.Request
	req.Platform, req.Chat, req.User, req.Group = platform, chat(m.ChannelID), platform+":"+m.Author.ID, m.GuildID != ""
	req.Lang = bot.Guess(text) // a message says nothing of its author's language
	b.page(&req)
	ctx, cancel := context.WithTimeout(base, eventTimeout)
	defer cancel()
	b.log.Debug("message", "command", req.Command, "chat_id", req.Chat, "user_id", m.Author.ID, "dm", m.GuildID == "")
	reply, err := b.reply(ctx, req)
	if err != nil {
		b.log.Debug("message left unanswered", "chat_id", req.Chat, "err", err)
		return
	}
	err = b.rest(ctx, routeSend, "", func(opt discordgo.RequestOption) error {
		_, err := b.s.ChannelMessageSendComplex(m.ChannelID, reply.send(m), opt)
		return err
	})
	if err != nil {
		b.log.Warn("reply to message", "chat_id", req.Chat, "err", err)
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

func chat(channelID string) string { return platform + ":" + channelID }

// page asks for a page of results when the command comes in pages.
func (b *Bot) page(req *bot.Request) {
	if c, ok := b.svc.Command(req.Command); ok && c.Page > 0 {
		req.Limit = c.Page
	}
}

// pages reports whether a command's replies come in pages.
func (b *Bot) pages(cmd string) bool {
	c, ok := b.svc.Command(cmd)
	return ok && c.Page > 0
}

// reply answers a request as a message. It fails only when ctx is done
// before the answer is: then there is nothing to send.
func (b *Bot) reply(ctx context.Context, req bot.Request) (message, error) {
	rep, err := b.handler.Handle(ctx, req)
	if err != nil {
		return message{}, err
	}
	m := b.view(ctx, rep, req)
	if key := b.ballot(ctx, rep); key != "" {
		m.components = withVotes(key, m.components)
	}
	return m, nil
}

// ballot opens the ballot of the feedback buttons under rep, and returns
// its key; "" for no buttons: rep is not an answer that quotes, the
// service takes no votes, or the ballot could not be kept.
func (b *Bot) ballot(ctx context.Context, rep bot.Reply) string {
	if b.svc.Voting == nil {
		return ""
	}
	key, err := b.svc.Voting.Open(ctx, rep)
	if err != nil {
		b.log.Warn("feedback buttons left out", "err", err)
		return ""
	}
	return key
}
