package main

import (
	"context"
	"log/slog"

	"github.com/kutip/kutip/bot"
	"github.com/kutip/kutip/bot/telegram"
)

// serveTelegram runs the Telegram adapter until ctx is done.
func serveTelegram(ctx context.Context, log *slog.Logger, cfg Config, h bot.Handler) error {
	b, err := telegram.New(ctx, log, telegram.Config{
		Token:         string(cfg.Telegram.Token),
		APIEndpoint:   cfg.Telegram.APIEndpoint,
		WebhookURL:    cfg.Telegram.WebhookURL,
		WebhookListen: cfg.Telegram.WebhookListen,
		WebhookSecret: string(cfg.Telegram.WebhookSecret),
		StateDir:      cfg.StateDir,
	}, h)
	if err != nil {
		if ctx.Err() != nil {
			return nil // stopped while connecting
		}
		return err
	}
	log.Info("telegram adapter running", "username", b.Username(), "webhook", cfg.Telegram.WebhookURL != "")
	return b.Run(ctx)
}
