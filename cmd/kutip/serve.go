package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync"

	"github.com/kutip/kutip/bot"
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
	router, err := newRouter(cfg)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	// Each adapter runs until ctx is done; one that fails stops the others.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	var mu sync.Mutex
	var errs []error
	start := func(name string, serve func(context.Context) error) {
		wg.Go(func() {
			if err := serve(ctx); err != nil {
				mu.Lock()
				errs = append(errs, fmt.Errorf("serve %s: %w", name, err))
				mu.Unlock()
				cancel()
			}
		})
	}
	if cfg.Telegram.Token != "" {
		start("telegram", func(ctx context.Context) error { return serveTelegram(ctx, log, cfg, router) })
	}
	if cfg.Discord.Token != "" {
		start("discord", func(ctx context.Context) error { return serveDiscord(ctx, log, cfg.Discord, router) })
	}
	wg.Wait()
	return errors.Join(errs...)
}

// newRouter builds what every adapter asks: the router over the corpus,
// each chat's article choice kept in the state dir when there is one.
func newRouter(cfg Config) (*bot.Router, error) {
	c, err := corpus.Load(cfg.Corpus)
	if err != nil {
		return nil, err
	}
	var choices bot.Choices
	if cfg.StateDir != "" {
		fc, err := bot.OpenFileChoices(cfg.StateDir)
		if err != nil {
			return nil, err
		}
		choices = fc
	}
	return bot.NewRouter(qa.New(c), c, choices), nil
}

// newLogger returns the program's one logger, text to w at the given level.
func newLogger(w io.Writer, level string) *slog.Logger {
	l, _ := parseLevel(level) // validated with the config
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: l}))
}
