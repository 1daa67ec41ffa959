package state

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// The schema, one migration a file, NNN_name.sql, applied in order.
//
//go:embed migrations/*.sql
var migrationFiles embed.FS

// A migration is one step of the schema.
type migration struct {
	version int
	name    string
	sql     string
}

// migrations reads the schema's steps, checking that they are numbered
// 1, 2, 3… with none missing.
func migrations() ([]migration, error) {
	names, err := fs.Glob(migrationFiles, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	var out []migration
	for _, name := range names { // sorted
		base := strings.TrimSuffix(path.Base(name), ".sql")
		num, label, _ := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if err != nil || v != len(out)+1 {
			return nil, fmt.Errorf("migration %s: want number %03d", name, len(out)+1)
		}
		b, err := migrationFiles.ReadFile(name)
		if err != nil {
			return nil, err
		}
		out = append(out, migration{version: v, name: label, sql: string(b)})
	}
	return out, nil
}

// SchemaVersion is the version of the schema this kutip creates.
func SchemaVersion() int {
	ms, _ := migrations()
	return len(ms)
}

// Advisory lock keys: one for migrating, one a bot for long polling.
const (
	migrateLock = 0x6b75746970_0001 // "kutip", 1
	pollLock    = 0x6b75746970_0002
)

// migrate brings the database's schema up to this kutip's: each missing
// step in a transaction of its own, recorded in schema_version. Processes
// that start at once take turns on an advisory lock, so each step runs
// once. A schema newer than this kutip's is refused: an older kutip must
// not write to it. It returns the version the schema is at.
func migrate(ctx context.Context, pool *pgxpool.Pool) (int, error) {
	steps, err := migrations()
	if err != nil {
		return 0, err
	}
	conn, err := pool.Acquire(ctx)
	if err != nil {
		return 0, err
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, "SELECT pg_advisory_lock($1)", int64(migrateLock)); err != nil {
		return 0, fmt.Errorf("wait for the migration lock: %w", err)
	}
	defer func() {
		unlock, cancel := context.WithTimeout(context.WithoutCancel(ctx), shortWait)
		defer cancel()
		if _, err := conn.Exec(unlock, "SELECT pg_advisory_unlock($1)", int64(migrateLock)); err != nil {
			conn.Hijack().Close(unlock) // a closed connection holds no lock
		}
	}()
	_, err = conn.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_version (
		version    integer PRIMARY KEY,
		name       text NOT NULL,
		applied_at timestamptz NOT NULL DEFAULT now()
	)`)
	if err != nil {
		return 0, fmt.Errorf("create schema_version: %w", err)
	}
	var have int
	if err := conn.QueryRow(ctx, "SELECT coalesce(max(version), 0) FROM schema_version").Scan(&have); err != nil {
		return 0, fmt.Errorf("read schema_version: %w", err)
	}
	if have > len(steps) {
		return have, fmt.Errorf("the database's schema is at version %d, newer than this kutip's %d: upgrade kutip", have, len(steps))
	}
	for _, m := range steps[have:] {
		err := pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
			if _, err := tx.Exec(ctx, m.sql); err != nil {
				return err
			}
			_, err := tx.Exec(ctx, "INSERT INTO schema_version (version, name) VALUES ($1, $2)", m.version, m.name)
			return err
		})
		if err != nil {
			return have, fmt.Errorf("migrate to version %d (%s): %w", m.version, m.name, err)
		}
		have = m.version
	}
	return have, nil
}
