package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/kutip/kutip/bot"
	"github.com/kutip/kutip/bot/discord"
	"github.com/kutip/kutip/corpus"
	"github.com/kutip/kutip/qa"
)

func runServe(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "serve", "")
	path := fs.String("config", e.getenv("KUTIP_CONFIG"), "YAML config file (see config.example.yaml; env KUTIP_CONFIG)")
	if err := parse(fs, args); err != nil {
		return err
	}
	cfg, err := loadConfig(*path, e.getenv)
	if err != nil {
		return err
	}
	log := newLogger(e.stderr, cfg.LogLevel)
	if cfg.Telegram.Token == "" && cfg.Discord.Token == "" {
		return errors.New("serve: no adapter configured: set TELEGRAM_BOT_TOKEN or DISCORD_BOT_TOKEN in the environment")
	}
	c, err := corpus.Load(cfg.Corpus)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	var choices bot.Choices
	if cfg.StateDir != "" {
		fc, err := bot.OpenFileChoices(cfg.StateDir)
		if err != nil {
			return fmt.Errorf("serve: %w", err)
		}
		choices = fc
	}
	router := bot.NewRouter(qa.New(c), c, choices)
	handler := bot.Recover(log, router)

	var adapters []adapter
	if cfg.Telegram.Token != "" {
		log.Warn("the Telegram adapter is not built yet: TELEGRAM_BOT_TOKEN is ignored")
	}
	if cfg.Discord.Token != "" {
		adapters = append(adapters, adapter{"discord", func(ctx context.Context) error {
			return serveDiscord(ctx, log, cfg.Discord, handler, router)
		}})
	}
	if len(adapters) == 0 {
		return errors.New("serve: no adapter to run")
	}
	log.Info("serving", "adapters", len(adapters), "corpus", cfg.Corpus, "articles", len(c.Articles))
	return runAdapters(ctx, adapters)
}

// An adapter runs a chat platform's bot until ctx is cancelled.
type adapter struct {
	name string
	run  func(ctx context.Context) error
}

// runAdapters runs the adapters side by side until ctx is cancelled; one
// that fails stops the others.
func runAdapters(ctx context.Context, adapters []adapter) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	errs := make([]error, len(adapters))
	var wg sync.WaitGroup
	for i, a := range adapters {
		wg.Go(func() {
			if err := a.run(ctx); err != nil {
				errs[i] = fmt.Errorf("%s: %w", a.name, err)
				cancel()
			}
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}

// serveDiscord runs the Discord adapter until ctx is cancelled: over the
// gateway, and, when discord.interactions_listen is set, with Discord's
// HTTP interactions served at POST /interactions there.
func serveDiscord(ctx context.Context, log *slog.Logger, cfg DiscordConfig, h bot.Handler, rt *bot.Router) error {
	if cfg.InteractionsListen != "" && cfg.PublicKey == "" {
		return errors.New("discord.interactions_listen is set but discord.public_key (DISCORD_PUBLIC_KEY) is not")
	}
	b, err := discord.New(discord.Options{
		Token: string(cfg.Token), AppID: cfg.AppID, GuildID: cfg.GuildID, PublicKey: cfg.PublicKey,
		APIBaseURL: cfg.APIBaseURL, ShardID: cfg.ShardID, ShardCount: cfg.ShardCount,
		Articles: len(rt.Articles()) > 1,
	}, log, h, rt)
	if err != nil {
		return err
	}
	if cfg.InteractionsListen == "" {
		return b.Run(ctx)
	}
	ln, err := net.Listen("tcp", cfg.InteractionsListen)
	if err != nil {
		return fmt.Errorf("interactions endpoint: %w", err)
	}
	mux := http.NewServeMux()
	mux.Handle("POST /interactions", b)
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 10 * time.Second, ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	served := make(chan error, 1)
	go func() {
		served <- srv.Serve(ln)
		cancel() // without its endpoint, the adapter stops
	}()
	log.Info("discord interactions endpoint", "listen", ln.Addr().String(), "path", "/interactions")
	runErr := b.Run(ctx)
	shutdown, stop := context.WithTimeout(context.Background(), 5*time.Second)
	defer stop()
	shutErr := srv.Shutdown(shutdown)
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return errors.Join(runErr, fmt.Errorf("interactions endpoint: %w", err))
	}
	return errors.Join(runErr, shutErr)
}

// newLogger returns the program's one logger, text to w at the given level.
func newLogger(w io.Writer, level string) *slog.Logger {
	l, _ := parseLevel(level) // validated with the config
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: l}))
}
