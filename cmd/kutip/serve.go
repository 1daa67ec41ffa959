package main

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/kutip/kutip/bot"
	"github.com/kutip/kutip/bot/discord"
	"github.com/kutip/kutip/bot/telegram"
)

// An adapter is a chat platform's front end, built without I/O.
type adapter interface {
	Run(ctx context.Context) error
}

func runServe(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "")
	path := fs.String("config", e.getenv("KUTIP_CONFIG"), "YAML config file (see config.example.yaml; env KUTIP_CONFIG)")
	if err := parse(fs, args); err != nil {
		return err
	}
	cfg, err := loadConfig(*path, e.getenv)
	if err != nil {
		return err
	}
	if cfg.Telegram.Token == "" && cfg.Discord.Token == "" {
		return errors.New("no adapter configured: set TELEGRAM_BOT_TOKEN or DISCORD_BOT_TOKEN in the environment")
	}
	log := newLogger(e.stderr, cfg.LogLevel)
	var choices bot.Choices
	if cfg.StateDir != "" {
		fc, err := bot.OpenFileChoices(cfg.StateDir)
		if err != nil {
			return err
		}
		choices = fc
	}
	rt, err := newRouter(cfg.Corpus, choices, logSkipped(log))
	if err != nil {
		return err
	}
	svc := rt.Service()
	adapters := map[string]adapter{}
	if cfg.Telegram.Token != "" {
		if adapters["telegram"], err = telegram.New(cfg.Telegram, svc, log); err != nil {
			return err
		}
	}
	if cfg.Discord.Token != "" {
		if adapters["discord"], err = discord.New(cfg.Discord, svc, log); err != nil {
			return err
		}
	}
	// Each adapter runs until ctx is done; one that fails stops the others.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	var mu sync.Mutex
	var errs []error
	for name, a := range adapters {
		wg.Go(func() {
			if err := a.Run(ctx); err != nil {
				mu.Lock()
				errs = append(errs, fmt.Errorf("%s: %w", name, err))
				mu.Unlock()
				cancel()
			}
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}
