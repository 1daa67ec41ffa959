package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/kutip/kutip/bot"
	"github.com/kutip/kutip/bot/discord"
)

// serveDiscord runs the Discord adapter until ctx is done: over the
// gateway, and, when discord.interactions_listen is set, with Discord's
// HTTP interactions served at POST /interactions there.
func serveDiscord(ctx context.Context, log *slog.Logger, cfg DiscordConfig, rt *bot.Router) error {
	if cfg.InteractionsListen != "" && cfg.PublicKey == "" {
		return errors.New("discord.interactions_listen is set but discord.public_key (DISCORD_PUBLIC_KEY) is not")
	}
	b, err := discord.New(discord.Options{
		Token: string(cfg.Token), AppID: cfg.AppID, GuildID: cfg.GuildID, PublicKey: cfg.PublicKey,
		APIBaseURL: cfg.APIBaseURL, ShardID: cfg.ShardID, ShardCount: cfg.ShardCount,
		Articles: len(rt.Articles()) > 1,
	}, log, rt, rt)
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
