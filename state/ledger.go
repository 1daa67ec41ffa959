package state

import (
	"context"
	"fmt"
	"hash/fnv"
	"strconv"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/kutip/kutip/bot/telegram"
)

// pgLedgers keeps the Telegram update ledgers in telegram_updates and
// telegram_offsets, for every replica.
type pgLedgers struct{ db *db }

// Ledger opens a bot's ledger. To long-poll, the process takes an advisory
// lock on the bot, held by a connection of its own until Close: a second
// poller of the bot is refused.
func (l pgLedgers) Ledger(ctx context.Context, botID int64, poll bool) (telegram.Ledger, error) {
	led := &pgLedger{db: l.db, bot: botID}
	if !poll {
		return led, nil
	}
	conn, err := l.db.pool.Acquire(ctx)
	if err != nil {
		return nil, fmt.Errorf("lock bot %d for long polling: %w", botID, err)
	}
	var locked bool
	if err := conn.QueryRow(ctx, "SELECT pg_try_advisory_lock($1)", pollKey(botID)).Scan(&locked); err != nil {
		conn.Release()
		return nil, fmt.Errorf("lock bot %d for long polling: %w", botID, err)
	}
	if !locked {
		conn.Release()
		return nil, fmt.Errorf("bot %d: %w on this database", botID, telegram.ErrPolledElsewhere)
	}
	led.lock = conn
	return led, nil
}

// pollKey is the advisory lock of long polling the bot.
func pollKey(botID int64) int64 {
	h := fnv.New64a()
	fmt.Fprintf(h, "%d telegram poll %s", int64(pollLock), strconv.FormatInt(botID, 10))
	return int64(h.Sum64())
}

// A pgLedger is one bot's ledger.
type pgLedger struct {
	db   *db
	bot  int64
	lock *pgxpool.Conn // holds the poll lock; nil: none
}

// The outcomes of claimSQL.
const (
	claimed = 1
	handled = 2
	busy    = 3
)

// claimSQL claims update $2 of bot $1 for replica $3, for lease $4: a new
// claim, a renewal of its own, or the takeover of a claim whose lease ran
// out. The update is handled when it is below the polling offset or done.
const claimSQL = `
WITH polled AS (
	SELECT coalesce((SELECT next FROM telegram_offsets WHERE bot_id = $1::bigint), 0) AS next
), claim AS (
	INSERT INTO telegram_updates AS u (bot_id, update_id, replica, expires_at)
	SELECT $1::bigint, $2::bigint, $3::text, now() + $4::interval FROM polled WHERE $2::bigint >= polled.next
	ON CONFLICT (bot_id, update_id) DO UPDATE
		SET replica = EXCLUDED.replica, expires_at = EXCLUDED.expires_at
		WHERE u.done_at IS NULL AND (u.replica = EXCLUDED.replica OR u.expires_at < now())
	RETURNING 1
)
SELECT CASE
	WHEN EXISTS (SELECT FROM claim) THEN 1
	WHEN $2::bigint < (SELECT next FROM polled) THEN 2
	WHEN EXISTS (SELECT FROM telegram_updates WHERE bot_id = $1::bigint AND update_id = $2::bigint AND done_at IS NOT NULL) THEN 2
	ELSE 3
END`

func (l *pgLedger) Claim(ctx context.Context, id int) (telegram.Claim, error) {
	var got int
	if err := l.db.pool.QueryRow(ctx, claimSQL, l.bot, id, l.db.replica, l.db.lease).Scan(&got); err != nil {
		return telegram.Claim{}, fmt.Errorf("claim update %d: %w", id, err)
	}
	switch got {
	case claimed:
		return telegram.Claim{Status: telegram.Claimed, Lease: l.db.lease}, nil
	case handled:
		return telegram.Claim{Status: telegram.Handled}, nil
	}
	return telegram.Claim{Status: telegram.Busy}, nil
}

func (l *pgLedger) Done(ctx context.Context, id int) error {
	_, err := l.db.pool.Exec(ctx, `INSERT INTO telegram_updates AS u (bot_id, update_id, replica, expires_at, done_at)
		VALUES ($1, $2, $3, now(), now())
		ON CONFLICT (bot_id, update_id) DO UPDATE SET done_at = coalesce(u.done_at, now())`, l.bot, id, l.db.replica)
	if err != nil {
		return fmt.Errorf("record update %d handled: %w", id, err)
	}
	l.db.prune(ctx)
	return nil
}

func (l *pgLedger) Next(ctx context.Context) (int, error) {
	var next int
	err := l.db.pool.QueryRow(ctx, "SELECT coalesce((SELECT next FROM telegram_offsets WHERE bot_id = $1), 0)", l.bot).Scan(&next)
	if err != nil {
		return 0, fmt.Errorf("read the update offset: %w", err)
	}
	return next, nil
}

func (l *pgLedger) Advance(ctx context.Context, next int) error {
	err := pgx.BeginFunc(ctx, l.db.pool, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO telegram_offsets (bot_id, next) VALUES ($1, $2)
			ON CONFLICT (bot_id) DO UPDATE SET next = greatest(telegram_offsets.next, EXCLUDED.next)`, l.bot, next)
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, "DELETE FROM telegram_updates WHERE bot_id = $1 AND update_id < $2", l.bot, next)
		return err
	})
	if err != nil {
		return fmt.Errorf("save the update offset: %w", err)
	}
	return nil
}

// Close lets go of the poll lock, if the ledger holds it.
func (l *pgLedger) Close() error {
	if l.lock == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), shortWait)
	defer cancel()
	_, err := l.lock.Exec(ctx, "SELECT pg_advisory_unlock($1)", pollKey(l.bot))
	if err != nil {
		l.lock.Hijack().Close(ctx) // a closed connection holds no lock
	} else {
		l.lock.Release()
	}
	l.lock = nil
	if err != nil {
		return fmt.Errorf("unlock long polling: %w", err)
	}
	return nil
}
