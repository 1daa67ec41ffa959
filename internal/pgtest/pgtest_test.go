package pgtest_test

import (
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/kutip/kutip/internal/pgtest"
)

func TestServer(t *testing.T) {
	srv := pgtest.Start(t)
	a, b := srv.Database(t), srv.Database(t)
	if a == b {
		t.Fatalf("two databases at one URL, %s", a)
	}
	conn, err := pgx.Connect(t.Context(), a)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(t.Context())
	var n int
	if err := conn.QueryRow(t.Context(), "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").Scan(&n); err != nil || n != 0 {
		t.Errorf("a new database: %d tables, %v; want it empty", n, err)
	}
}
