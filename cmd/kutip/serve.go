package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
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
	var on []string
	if cfg.Telegram.Token != "" {
		mode := "long polling"
		if cfg.Telegram.WebhookURL != "" {
			mode = "webhook at " + cfg.Telegram.WebhookListen
		}
		on = append(on, "telegram ("+mode+")")
	}
	if cfg.Discord.Token != "" {
		mode := "gateway"
		if cfg.Discord.InteractionsListen != "" {
			mode = "HTTP interactions at " + cfg.Discord.InteractionsListen
		}
		on = append(on, "discord ("+mode+")")
	}
	if len(on) == 0 {
		return errors.New("serve: no adapter configured: set TELEGRAM_BOT_TOKEN or DISCORD_BOT_TOKEN in the environment")
	}
	log.Info("configured", "adapters", on, "corpus", cfg.Corpus)
	fmt.Fprintf(e.stdout, "configured: %v; the adapters are not built yet, so kutip serve stops here\n", on)
	return nil
}

// newLogger returns the program's one logger, text to w at the given level.
func newLogger(w io.Writer, level string) *slog.Logger {
	l, _ := parseLevel(level) // validated with the config
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: l}))
}
