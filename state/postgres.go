package state

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/kutip/kutip/bot"
)

// db is the PostgreSQL store: its connections, and who this process is in
// the claims it makes.
type db struct {
	pool    *pgxpool.Pool
	replica string
	lease   time.Duration
	log     *slog.Logger
	pruned  atomic.Int64 // when rows that can no longer matter were last deleted, in Unix seconds
}

// How long to keep trying to reach PostgreSQL at start, and how long the
// statements of a shutdown may take.
const (
	connectWait = 30 * time.Second
	shortWait   = 5 * time.Second
)

func openPostgres(ctx context.Context, cfg Config, log *slog.Logger) (*Store, error) {
	pcfg, err := pgxpool.ParseConfig(cfg.PostgresURL) // its errors hide the password
	if err != nil {
		return nil, fmt.Errorf("state: postgres_url: %w", err)
	}
	pool, err := pgxpool.NewWithConfig(ctx, pcfg)
	if err != nil {
		return nil, fmt.Errorf("state: postgres: %w", err)
	}
	where := []any{"host", pcfg.ConnConfig.Host, "database", pcfg.ConnConfig.Database}
	if err := ping(ctx, pool, log.With(where...)); err != nil {
		pool.Close()
		return nil, fmt.Errorf("state: postgres at %s, database %s: %w", pcfg.ConnConfig.Host, pcfg.ConnConfig.Database, err)
	}
	version, err := migrate(ctx, pool)
	if err != nil {
		pool.Close()
		return nil, fmt.Errorf("state: postgres: %w", err)
	}
	d := &db{pool: pool, replica: replicaID(), lease: cfg.ClaimLease, log: log}
	if d.lease <= 0 {
		d.lease = DefaultClaimLease
	}
	log.Info("state in PostgreSQL", append(where, "schema_version", version, "replica", d.replica, "claim_lease", d.lease)...)
	return &Store{
		Choices: pgChoices{d}, Feedback: pgVotes{d}, Ballots: pgBallots{d}, Ledgers: pgLedgers{d}, Buttons: pgButtons{d}, Links: pgLinks{d},
		Shared: true, close: pool.Close,
	}, nil
}

// ping waits for PostgreSQL to answer, for connectWait at most: kutip and
// its database are often started together.
func ping(ctx context.Context, pool *pgxpool.Pool, log *slog.Logger) error {
	ctx, cancel := context.WithTimeout(ctx, connectWait)
	defer cancel()
	delay := 250 * time.Millisecond
	for {
		err := pool.Ping(ctx)
		if err == nil || ctx.Err() != nil {
			return err
		}
		log.Warn("cannot reach PostgreSQL; retrying", "retry_in", delay, "err", err)
		t := time.NewTimer(delay)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return err
		}
		delay = min(2*delay, 4*time.Second)
	}
}

// pruneEvery is how often rows that can no longer matter are deleted:
// handled updates and claims older than Telegram keeps an update,
// buttons older than buttonAge.
const (
	pruneEvery = time.Hour
	keepUpdate = 48 * time.Hour
	buttonAge  = 30 * 24 * time.Hour
)

// prune deletes what can no longer matter, at most once every pruneEvery
// for all of the process's stores; a failure is logged, not returned.
func (d *db) prune(ctx context.Context) {
	now := time.Now().Unix()
	last := d.pruned.Load()
	if now-last < int64(pruneEvery/time.Second) || !d.pruned.CompareAndSwap(last, now) {
		return
	}
	for _, q := range []struct {
		what, sql string
		age       time.Duration
	}{
		{"telegram updates", "DELETE FROM telegram_updates WHERE coalesce(done_at, expires_at) < now() - $1::interval", keepUpdate},
		{"discord buttons", "DELETE FROM discord_buttons WHERE created_at < now() - $1::interval", buttonAge},
		{"ballots", "DELETE FROM ballots WHERE created_at < now() - $1::interval", buttonAge},
	} {
		if _, err := d.pool.Exec(ctx, q.sql, q.age); err != nil && ctx.Err() == nil {
			d.log.Warn("delete old state", "what", q.what, "err", err)
		}
	}
}

// pgChoices keeps each chat's article in chat_articles.
type pgChoices struct{ db *db }

func (c pgChoices) Article(ctx context.Context, chat string) (string, error) {
	var article string
	err := c.db.pool.QueryRow(ctx, "SELECT article FROM chat_articles WHERE chat = $1", chat).Scan(&article)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return "", nil
	case err != nil:
		return "", fmt.Errorf("read the article of %s: %w", chat, err)
	}
	return article, nil
}

func (c pgChoices) SetArticle(ctx context.Context, chat, article string) error {
	_, err := c.db.pool.Exec(ctx, `INSERT INTO chat_articles (chat, article) VALUES ($1, $2)
		ON CONFLICT (chat) DO UPDATE SET article = EXCLUDED.article, updated_at = now()`, chat, article)
	if err != nil {
		return fmt.Errorf("save the article of %s: %w", chat, err)
	}
	return nil
}

// pgButtons keeps the arguments of Discord's "more" buttons in
// discord_buttons, for buttonAge.
type pgButtons struct{ db *db }

func (b pgButtons) Put(ctx context.Context, key, arg string) error {
	_, err := b.db.pool.Exec(ctx, `INSERT INTO discord_buttons (key, arg) VALUES ($1, $2)
		ON CONFLICT (key) DO UPDATE SET created_at = now()`, key, arg)
	if err != nil {
		return fmt.Errorf("keep a button's argument: %w", err)
	}
	b.db.prune(ctx)
	return nil
}

func (b pgButtons) Get(ctx context.Context, key string) (string, bool, error) {
	var arg string
	err := b.db.pool.QueryRow(ctx, "SELECT arg FROM discord_buttons WHERE key = $1", key).Scan(&arg)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return "", false, nil
	case err != nil:
		return "", false, fmt.Errorf("read a button's argument: %w", err)
	}
	return arg, true, nil
}

// pgBallots keeps what each feedback button votes on in ballots, for
// buttonAge.
type pgBallots struct{ db *db }

func (b pgBallots) PutBallot(ctx context.Context, key string, bl bot.Ballot) error {
	_, err := b.db.pool.Exec(ctx, `INSERT INTO ballots (key, question, article, sentence, quote) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (key) DO UPDATE SET created_at = now()`, key, bl.Question, bl.Article, bl.Sentence, bl.Quote)
	if err != nil {
		return fmt.Errorf("keep a ballot: %w", err)
	}
	b.db.prune(ctx)
	return nil
}

func (b pgBallots) Ballot(ctx context.Context, key string) (bot.Ballot, bool, error) {
	var bl bot.Ballot
	err := b.db.pool.QueryRow(ctx, "SELECT question, article, sentence, quote FROM ballots WHERE key = $1", key).
		Scan(&bl.Question, &bl.Article, &bl.Sentence, &bl.Quote)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return bot.Ballot{}, false, nil
	case err != nil:
		return bot.Ballot{}, false, fmt.Errorf("read a ballot: %w", err)
	}
	return bl, true, nil
}

// pgVotes keeps the feedback votes in votes.
type pgVotes struct{ db *db }

func (v pgVotes) Vote(ctx context.Context, vote bot.Vote) error {
	if vote.At.IsZero() {
		vote.At = time.Now()
	}
	_, err := v.db.pool.Exec(ctx, `INSERT INTO votes (platform, chat, user_key, question, article, sentence, quote, up, at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
		ON CONFLICT (user_key, question, article, sentence) DO UPDATE SET
			platform = EXCLUDED.platform, chat = EXCLUDED.chat, quote = EXCLUDED.quote, up = EXCLUDED.up, at = EXCLUDED.at`,
		vote.Platform, vote.Chat, vote.User, vote.Question, vote.Article, vote.Sentence, vote.Quote, vote.Up, vote.At)
	if err != nil {
		return fmt.Errorf("save a vote: %w", err)
	}
	return nil
}

func (v pgVotes) Votes(ctx context.Context) ([]bot.Vote, error) {
	rows, err := v.db.pool.Query(ctx, `SELECT platform, chat, user_key, question, article, sentence, quote, up, at
		FROM votes ORDER BY at, user_key, question, article, sentence`)
	if err != nil {
		return nil, fmt.Errorf("read the votes: %w", err)
	}
	votes, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (bot.Vote, error) {
		var x bot.Vote
		err := row.Scan(&x.Platform, &x.Chat, &x.User, &x.Question, &x.Article, &x.Sentence, &x.Quote, &x.Up, &x.At)
		return x, err
	})
	if err != nil {
		return nil, fmt.Errorf("read the votes: %w", err)
	}
	return votes, nil
}
