package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"sync"
	"syscall"

	"github.com/kutip/kutip/bot/discord"
	"github.com/kutip/kutip/bot/telegram"
	"github.com/kutip/kutip/state"
)

// An adapter is a chat platform's front end, built without I/O. It is
// ready while it is connected to its platform.
type adapter interface {
	Run(ctx context.Context) error
	Ready() bool
}

func runServe(ctx context.Context, e env, args []string) (err error) {
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
	// Each adapter runs until ctx is done; one that fails stops the others.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	watch, err := startOps(ctx, cfg.HTTP, log, cancel)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, watch.close()) }() // after the adapters
	st, err := openState(ctx, &cfg, log)
	if err != nil {
		return err
	}
	defer st.Close()
	lib, err := openLibrary(ctx, cfg, st.Links, log, logSkipped(log))
	if err != nil {
		return err
	}
	rt := newRouter(lib, cfg.Links, st.Choices, nil)
	svc := rt.Service()
	if err := watch.instrument(&svc, rt); err != nil {
		return err
	}
	voting, closeVoting, err := openVoting(cfg.StateDir, st.Feedback, st.Ballots)
	if err != nil {
		return err
	}
	defer closeVoting()
	svc.Voting = voting
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
	var wg sync.WaitGroup
	var mu sync.Mutex
	var errs []error
	// The library follows its folder, and SIGHUP reloads it all, until
	// the adapters are done.
	var living sync.WaitGroup
	defer living.Wait()
	defer cancel()
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	living.Go(func() { lib.ReloadOn(ctx, hup) })
	living.Go(func() {
		if err := lib.Watch(ctx); err != nil {
			log.Warn("the corpus is not watched: changes wait for SIGHUP", "err", err)
		}
	})
	for name, a := range adapters {
		watch.ready(name, a.Ready)
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

// openState opens where the state is kept, files or PostgreSQL, and gives
// the adapters their part of it.
func openState(ctx context.Context, cfg *Config, log *slog.Logger) (*state.Store, error) {
	st, err := state.Open(ctx, state.Config{Dir: cfg.StateDir, PostgresURL: cfg.State.PostgresURL, ClaimLease: cfg.State.ClaimLease}, log)
	if err != nil {
		return nil, err
	}
	cfg.Telegram.Ledgers = st.Ledgers
	cfg.Discord.Buttons = st.Buttons
	if st.Shared && cfg.Telegram.Token != "" && cfg.Telegram.WebhookURL == "" {
		log.Info("telegram long polling is one process a bot: run replicas in webhook mode (TELEGRAM_WEBHOOK_URL)")
	}
	return st, nil
}
