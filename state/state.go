// Package state is where kutip keeps what it remembers between requests:
// each chat's article, the Telegram update ledger, the arguments of
// Discord's "more" buttons, feedback votes and the articles added from
// links. By default it is files in the state directory, written
// atomically (memory without one), for one process. With a PostgreSQL URL
// it is a database that every kutip process using it shares, so that
// Telegram webhook replicas and Discord shards in separate processes work
// as one bot; kutip creates and migrates the schema when it starts.
//
// Each kind of state is a small interface its consumer declares
// (bot.Choices, bot.Feedback, telegram.Ledgers, discord.Buttons) or this
// package does (Links); a Store holds one of each.
package state

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"os"
	"strconv"
	"time"

	"github.com/kutip/kutip/bot"
	"github.com/kutip/kutip/bot/discord"
	"github.com/kutip/kutip/bot/telegram"
)

// Config says where the state is kept.
type Config struct {
	// Dir is the state directory of the file store; "": memory.
	Dir string
	// PostgresURL, when set, puts the state in PostgreSQL instead
	// ("postgres://user@host/db", or key=value pairs; a password is best
	// left to PGPASSWORD or ~/.pgpass). It is never logged.
	PostgresURL string
	// ClaimLease is how long a Telegram update claimed by a replica stays
	// its own unless renewed: how soon another replica takes over the
	// updates of one that died. 0: DefaultClaimLease.
	ClaimLease time.Duration
}

// DefaultClaimLease is the lease of a claim when Config does not say.
const DefaultClaimLease = 30 * time.Second

// A Store is one of each kind of state, in files or in PostgreSQL. Its
// fields are nil where the consumer's own default is the file store's:
// Buttons (the Discord adapter keeps them in memory) and, until the
// feedback file store is merged, Feedback.
type Store struct {
	Choices  bot.Choices
	Feedback bot.Feedback // nil for files: the command line opens them (feedback.jsonl)
	Ballots  bot.Ballots  // likewise (ballots.jsonl)
	Ledgers  telegram.Ledgers
	Buttons  discord.Buttons
	Links    Links
	// Shared says the store is PostgreSQL: every process that opens it
	// sees the same state.
	Shared bool

	close func()
}

// Open opens the store cfg names: PostgreSQL, its schema migrated, when
// cfg.PostgresURL is set; else files in cfg.Dir, or memory. It logs where
// the state is, never the URL.
func Open(ctx context.Context, cfg Config, log *slog.Logger) (*Store, error) {
	if cfg.PostgresURL != "" {
		return openPostgres(ctx, cfg, log)
	}
	return openFiles(ctx, cfg.Dir, log)
}

// Close lets go of the store: the database's connections.
func (s *Store) Close() {
	if s.close != nil {
		s.close()
	}
}

// openFiles is the file store in dir, or in memory for "". It holds the
// directory's lock until Close: while another process holds it, it waits
// for it (or for ctx).
func openFiles(ctx context.Context, dir string, log *slog.Logger) (*Store, error) {
	s := &Store{Ledgers: telegram.FileLedgers(dir)}
	if dir == "" {
		s.Choices, s.Links = bot.NewMemoryChoices(), &fileLinks{}
		return s, nil
	}
	unlock, err := lockDir(ctx, dir, log)
	if err != nil {
		return nil, err
	}
	choices, err := bot.OpenFileChoices(dir)
	if err != nil {
		unlock()
		return nil, err
	}
	links, err := openFileLinks(dir)
	if err != nil {
		unlock()
		return nil, err
	}
	s.Choices, s.Links, s.close = choices, links, unlock
	return s, nil
}

// replicaID names this process in the claims it makes: host, process and
// a random part, so that a restarted process is a new replica.
func replicaID() string {
	host, err := os.Hostname()
	if err != nil {
		host = "unknown"
	}
	var b [4]byte
	rand.Read(b[:])
	return fmt.Sprintf("%s/%s/%s", host, strconv.Itoa(os.Getpid()), hex.EncodeToString(b[:]))
}
