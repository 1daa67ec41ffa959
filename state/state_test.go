package state_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/kutip/kutip/bot"
	"github.com/kutip/kutip/bot/bottest"
	"github.com/kutip/kutip/bot/telegram"
	"github.com/kutip/kutip/internal/pgtest"
	"github.com/kutip/kutip/state"
)

// open opens a store for t, closed when t ends.
func open(t *testing.T, cfg state.Config) *state.Store {
	t.Helper()
	logs := &bottest.LogBuffer{}
	st, err := state.Open(t.Context(), cfg, slog.New(slog.NewTextHandler(logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(st.Close)
	if cfg.PostgresURL != "" && strings.Contains(logs.String(), cfg.PostgresURL) {
		t.Errorf("the URL is in the log:\n%s", logs)
	}
	return st
}

// TestPostgres runs the PostgreSQL store against a real server: a
// throwaway cluster (internal/pgtest), each test in a database of its own.
// Two stores on one database are two kutip processes.
func TestPostgres(t *testing.T) {
	srv := pgtest.Start(t)
	const lease = 500 * time.Millisecond
	pair := func(t *testing.T) (a, b *state.Store) {
		url := srv.Database(t)
		cfg := state.Config{PostgresURL: url, ClaimLease: lease}
		return open(t, cfg), open(t, cfg)
	}

	t.Run("migrations", func(t *testing.T) {
		url := srv.Database(t)
		for range 2 { // a restart finds the schema as it left it
			open(t, state.Config{PostgresURL: url}).Close()
		}
		if got := versions(t, url); !slices.Equal(got, upTo(state.SchemaVersion())) {
			t.Errorf("schema_version holds %v, want each of 1…%d once", got, state.SchemaVersion())
		}
	})

	t.Run("concurrent migrations", func(t *testing.T) {
		url := srv.Database(t)
		var wg sync.WaitGroup
		errs := make([]error, 8)
		for i := range errs {
			wg.Go(func() {
				st, err := state.Open(t.Context(), state.Config{PostgresURL: url}, slog.New(slog.DiscardHandler))
				if err == nil {
					st.Close()
				}
				errs[i] = err
			})
		}
		wg.Wait()
		if err := errors.Join(errs...); err != nil {
			t.Fatalf("processes starting at once: %v", err)
		}
		if got := versions(t, url); !slices.Equal(got, upTo(state.SchemaVersion())) {
			t.Errorf("schema_version holds %v, want each of 1…%d once", got, state.SchemaVersion())
		}
	})

	t.Run("a newer schema", func(t *testing.T) {
		url := srv.Database(t)
		open(t, state.Config{PostgresURL: url}).Close()
		exec(t, url, fmt.Sprintf("INSERT INTO schema_version (version, name) VALUES (%d, 'future')", state.SchemaVersion()+1))
		_, err := state.Open(t.Context(), state.Config{PostgresURL: url}, slog.New(slog.DiscardHandler))
		if err == nil || !strings.Contains(err.Error(), "upgrade kutip") {
			t.Errorf("a schema newer than kutip's: %v, want it refused", err)
		}
	})

	t.Run("choices", func(t *testing.T) {
		a, b := pair(t)
		testChoices(t, a.Choices, b.Choices)
	})

	t.Run("links", func(t *testing.T) {
		a, b := pair(t)
		testLinks(t, a.Links, b.Links)
	})

	t.Run("claims", func(t *testing.T) {
		a, b := pair(t)
		ctx := t.Context()
		la, lb := ledger(t, a, 1, false), ledger(t, b, 1, false)
		claim := func(l telegram.Ledger, id int, want telegram.ClaimStatus) {
			t.Helper()
			c, err := l.Claim(ctx, id)
			if err != nil || c.Status != want {
				t.Fatalf("Claim(%d) = %+v, %v; want status %d", id, c, err, want)
			}
			if want == telegram.Claimed && c.Lease != lease {
				t.Errorf("Claim(%d) has a lease of %v, want %v", id, c.Lease, lease)
			}
		}
		claim(la, 1, telegram.Claimed)
		claim(lb, 1, telegram.Busy)    // another replica's
		claim(la, 1, telegram.Claimed) // renewed
		if err := la.Done(ctx, 1); err != nil {
			t.Fatal(err)
		}
		claim(lb, 1, telegram.Handled)
		claim(la, 1, telegram.Handled)
		// Another bot's update 1 is another update.
		claim(ledger(t, b, 2, false), 1, telegram.Claimed)

		// A replica that dies: its claim expires, another takes it, and
		// it is no longer the first's.
		claim(la, 2, telegram.Claimed)
		claim(lb, 2, telegram.Busy)
		deadline := time.Now().Add(10 * lease)
		for {
			c, err := lb.Claim(ctx, 2)
			if err != nil {
				t.Fatal(err)
			}
			if c.Status == telegram.Claimed {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("the claim of a dead replica did not expire in %v", 10*lease)
			}
			time.Sleep(lease / 5)
		}
		claim(la, 2, telegram.Busy)
	})

	t.Run("claims at once", func(t *testing.T) {
		a, b := pair(t)
		ledgers := []telegram.Ledger{ledger(t, a, 1, false), ledger(t, b, 1, false)}
		var mu sync.Mutex
		got := map[telegram.ClaimStatus]int{}
		var wg sync.WaitGroup
		for i := range 20 {
			wg.Go(func() {
				c, err := ledgers[i%2].Claim(t.Context(), 7)
				if err != nil {
					t.Error(err)
				}
				mu.Lock()
				got[c.Status]++
				mu.Unlock()
			})
		}
		wg.Wait()
		// One replica claims it; its other requests renew the claim.
		if got[telegram.Claimed] == 0 || got[telegram.Claimed]+got[telegram.Busy] != 20 {
			t.Errorf("20 claims at once from two replicas: %v", got)
		}
		c1, _ := ledgers[0].Claim(t.Context(), 7)
		c2, _ := ledgers[1].Claim(t.Context(), 7)
		if (c1.Status == telegram.Claimed) == (c2.Status == telegram.Claimed) {
			t.Errorf("after claims at once: %v and %v, want one replica's", c1, c2)
		}
	})

	t.Run("long polling", func(t *testing.T) {
		a, b := pair(t)
		ctx := t.Context()
		poller := ledger(t, a, 1, true)
		if _, err := b.Ledgers.Ledger(ctx, 1, true); !errors.Is(err, telegram.ErrPolledElsewhere) {
			t.Errorf("a second poller: %v, want ErrPolledElsewhere", err)
		}
		ledger(t, b, 2, true).Close()  // another bot
		ledger(t, b, 1, false).Close() // a webhook's ledger takes no lock
		if n, err := poller.Next(ctx); n != 0 || err != nil {
			t.Errorf("Next of a new ledger = %d, %v", n, err)
		}
		poller.Claim(ctx, 10)
		poller.Done(ctx, 10)
		for _, next := range []int{11, 5} {
			if err := poller.Advance(ctx, next); err != nil {
				t.Fatal(err)
			}
		}
		if n, _ := poller.Next(ctx); n != 11 {
			t.Errorf("Next after Advance(11), Advance(5) = %d, want 11", n)
		}
		if c, _ := poller.Claim(ctx, 9); c.Status != telegram.Handled {
			t.Errorf("Claim below the offset = %+v, want Handled", c)
		}
		if err := poller.Close(); err != nil {
			t.Fatal(err)
		}
		next := ledger(t, b, 1, true) // the next poller, after the first stopped
		if n, _ := next.Next(ctx); n != 11 {
			t.Errorf("the next poller starts at %d, want 11", n)
		}
	})

	t.Run("buttons", func(t *testing.T) {
		a, b := pair(t)
		ctx := t.Context()
		long := strings.Repeat("Berapa orang yang meninggal dunia? ", 5)
		if err := a.Buttons.Put(ctx, "k1", long); err != nil {
			t.Fatal(err)
		}
		if err := a.Buttons.Put(ctx, "k1", long); err != nil {
			t.Fatalf("the same button made again: %v", err)
		}
		if arg, ok, err := b.Buttons.Get(ctx, "k1"); arg != long || !ok || err != nil {
			t.Errorf("another shard's Get = %q, %v, %v", arg, ok, err)
		}
		if _, ok, err := b.Buttons.Get(ctx, "gone"); ok || err != nil {
			t.Errorf("Get of a key never kept: %v, %v", ok, err)
		}
	})

	t.Run("votes", func(t *testing.T) {
		a, b := pair(t)
		testFeedback(t, a.Feedback, b.Feedback)
	})

	t.Run("ballots", func(t *testing.T) {
		// A press may reach another replica than the one that sent the
		// answer: the ballot must be there too.
		a, b := pair(t)
		ctx := t.Context()
		bl := bot.Ballot{Question: "Berapa korban?", Article: "gempa", Sentence: 3, Quote: "Sedikitnya 62 orang meninggal dunia."}
		key := bot.BallotKey(bl)
		if err := a.Ballots.PutBallot(ctx, key, bl); err != nil {
			t.Fatal(err)
		}
		if err := a.Ballots.PutBallot(ctx, key, bl); err != nil {
			t.Fatalf("the same ballot kept again: %v", err)
		}
		if got, ok, err := b.Ballots.Ballot(ctx, key); got != bl || !ok || err != nil {
			t.Errorf("the other replica's Ballot = %+v, %v, %v; want %+v", got, ok, err, bl)
		}
		if _, ok, err := b.Ballots.Ballot(ctx, "gone"); ok || err != nil {
			t.Errorf("a ballot never kept: %v, %v", ok, err)
		}
	})

	t.Run("a database not there", func(t *testing.T) {
		const url = "postgres://kutip:hunter2@127.0.0.1:1/kutip?connect_timeout=1"
		ctx, cancel := context.WithTimeout(t.Context(), 2*time.Second)
		defer cancel()
		_, err := state.Open(ctx, state.Config{PostgresURL: url}, slog.New(slog.DiscardHandler))
		if err == nil || strings.Contains(err.Error(), "hunter2") || !strings.Contains(err.Error(), "127.0.0.1") {
			t.Errorf("Open of a server not there: %v, want an error naming the host, not the password", err)
		}
		_, err = state.Open(ctx, state.Config{PostgresURL: "postgres://kutip:hunter2@host:port/kutip"}, slog.New(slog.DiscardHandler))
		if err == nil || strings.Contains(err.Error(), "hunter2") || !strings.Contains(err.Error(), "postgres_url") {
			t.Errorf("Open of a bad URL: %v, want an error naming the setting, not the password", err)
		}
	})
}

// TestFiles runs the same checks on the file store: two stores on one
// folder are one process restarted.
func TestFiles(t *testing.T) {
	dir := t.TempDir()
	a := open(t, state.Config{Dir: dir})
	if a.Shared || a.Buttons != nil || a.Feedback != nil {
		t.Errorf("the file store: %+v, want it not shared, buttons to the adapter", a)
	}
	testChoices(t, a.Choices, nil)
	testLinks(t, a.Links, nil)
	if c, _ := ledger(t, a, 1, true).Claim(t.Context(), 1); c.Status != telegram.Claimed || c.Lease != 0 {
		t.Errorf("the file ledger's claim: %+v", c)
	}
	a.Close() // a restart: the directory's lock is let go of, and taken again
	b := open(t, state.Config{Dir: dir})
	if got, _ := b.Choices.Article(t.Context(), "telegram:1"); got != "storm" {
		t.Errorf("the article after a restart: %q, want storm", got)
	}
	if got, _ := b.Links.Links(t.Context()); len(got) != 2 {
		t.Errorf("links after a restart: %d, want 2", len(got))
	}
	mem := open(t, state.Config{})
	testChoices(t, mem.Choices, nil)
	testLinks(t, mem.Links, nil)
}

// testChoices checks a Choices, and that other (when not nil) sees what it
// saves.
func testChoices(t *testing.T, c, other bot.Choices) {
	t.Helper()
	ctx := t.Context()
	if other == nil {
		other = c
	}
	for _, article := range []string{"gempa", "storm"} {
		if err := c.SetArticle(ctx, "telegram:1", article); err != nil {
			t.Fatal(err)
		}
		if got, err := other.Article(ctx, "telegram:1"); got != article || err != nil {
			t.Errorf("Article after SetArticle(%q) = %q, %v", article, got, err)
		}
	}
	if got, err := other.Article(ctx, "discord:2"); got != "" || err != nil {
		t.Errorf("a chat that never picked: %q, %v", got, err)
	}
}

// testLinks checks a Links, and that other (when not nil) sees what it
// keeps.
func testLinks(t *testing.T, l, other state.Links) {
	t.Helper()
	ctx := t.Context()
	if other == nil {
		other = l
	}
	at := time.Date(2026, 5, 1, 8, 0, 0, 0, time.UTC)
	links := []state.Link{
		{ID: "b", URL: "https://kabar.example/b", Chat: "telegram:1", Text: "# B\n\nIsi.", Added: at.Add(time.Minute)},
		{ID: "a", URL: "https://kabar.example/a", Text: "# A\n\nIsi.", Added: at},
		{ID: "b", URL: "https://kabar.example/b2", Chat: "telegram:1", Text: "# B2\n\nIsi baru.", Added: at.Add(2 * time.Minute)},
	}
	for _, k := range links {
		if err := l.AddLink(ctx, k); err != nil {
			t.Fatal(err)
		}
	}
	got, err := other.Links(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].ID != "a" || got[1].URL != "https://kabar.example/b2" || got[1].Text != "# B2\n\nIsi baru." || !got[1].Added.Equal(links[2].Added) {
		t.Errorf("Links = %+v, want a, then b replaced", got)
	}
}

func testFeedback(t *testing.T, f, other bot.Feedback) {
	t.Helper()
	ctx := t.Context()
	at := time.Date(2026, 5, 1, 8, 0, 0, 0, time.UTC)
	votes := []bot.Vote{
		{Platform: "telegram", Chat: "telegram:-5", User: "telegram:9", Question: "Berapa korban?", Article: "gempa", Sentence: 2, Quote: "Sedikitnya 62 orang meninggal.", Up: true, At: at.Add(time.Minute)},
		{Platform: "discord", Chat: "discord:1", User: "discord:7", Question: "Berapa korban?", Article: "gempa", Sentence: 2, Quote: "Sedikitnya 62 orang meninggal.", Up: true, At: at},
		// The first user changes their mind.
		{Platform: "telegram", Chat: "telegram:-5", User: "telegram:9", Question: "Berapa korban?", Article: "gempa", Sentence: 2, Quote: "Sedikitnya 62 orang meninggal.", Up: false, At: at.Add(2 * time.Minute)},
		// Another quote of the same answer is another vote.
		{Platform: "telegram", Chat: "telegram:-5", User: "telegram:9", Question: "Berapa korban?", Article: "gempa", Sentence: 3, Quote: "Ratusan luka-luka.", Up: true, At: at.Add(3 * time.Minute)},
	}
	for _, v := range votes {
		if err := f.Vote(ctx, v); err != nil {
			t.Fatal(err)
		}
	}
	got, err := other.Votes(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := []bot.Vote{votes[1], votes[2], votes[3]}
	if len(got) != len(want) {
		t.Fatalf("Votes = %+v, want %+v", got, want)
	}
	for i := range want {
		if g, w := got[i], want[i]; !g.At.Equal(w.At) || g.User != w.User || g.Up != w.Up || g.Sentence != w.Sentence || g != withAt(w, g.At) {
			t.Errorf("vote %d = %+v, want %+v", i, g, w)
		}
	}
}

// withAt is v at the instant at, as another time.Location shows it.
func withAt(v bot.Vote, at time.Time) bot.Vote {
	v.At = at
	return v
}

// ledger opens a bot's ledger in st, closed when t ends.
func ledger(t *testing.T, st *state.Store, botID int64, poll bool) telegram.Ledger {
	t.Helper()
	l, err := st.Ledgers.Ledger(t.Context(), botID, poll)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	return l
}

// versions lists the versions in schema_version.
func versions(t *testing.T, url string) []int {
	t.Helper()
	conn, err := pgx.Connect(t.Context(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	rows, _ := conn.Query(t.Context(), "SELECT version FROM schema_version ORDER BY version")
	got, err := pgx.CollectRows(rows, pgx.RowTo[int])
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func exec(t *testing.T, url, sql string) {
	t.Helper()
	conn, err := pgx.Connect(t.Context(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(t.Context(), sql); err != nil {
		t.Fatal(err)
	}
}

func upTo(n int) []int {
	var out []int
	for i := 1; i <= n; i++ {
		out = append(out, i)
	}
	return out
}

// BenchmarkPostgres times what a request costs the PostgreSQL store: a
// chat's article read, a Telegram update claimed and marked done, a button
// kept and read back.
func BenchmarkPostgres(b *testing.B) {
	srv := pgtest.Start(b)
	st, err := state.Open(b.Context(), state.Config{PostgresURL: srv.Database(b)}, slog.New(slog.DiscardHandler))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	ctx := b.Context()
	var next atomic.Int64 // update ids, new in every run of a sub-benchmark
	b.Run("Article", func(b *testing.B) {
		st.Choices.SetArticle(ctx, "telegram:1", "gempa")
		for b.Loop() {
			if _, err := st.Choices.Article(ctx, "telegram:1"); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("ClaimDone", func(b *testing.B) {
		l, err := st.Ledgers.Ledger(ctx, 1, false)
		if err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			id := int(next.Add(1))
			if c, err := l.Claim(ctx, id); err != nil || c.Status != telegram.Claimed {
				b.Fatal(c, err)
			}
			if err := l.Done(ctx, id); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("ClaimDoneParallel", func(b *testing.B) {
		l, err := st.Ledgers.Ledger(ctx, 2, false)
		if err != nil {
			b.Fatal(err)
		}
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				id := int(next.Add(1))
				if c, err := l.Claim(ctx, id); err != nil || c.Status != telegram.Claimed {
					b.Fatal(c, err)
				}
				if err := l.Done(ctx, id); err != nil {
					b.Fatal(err)
				}
			}
		})
	})
	b.Run("Button", func(b *testing.B) {
		long := strings.Repeat("Berapa orang yang meninggal dunia? ", 5)
		for b.Loop() {
			if err := st.Buttons.Put(ctx, "k", long); err != nil {
				b.Fatal(err)
			}
			if _, _, err := st.Buttons.Get(ctx, "k"); err != nil {
				b.Fatal(err)
			}
		}
	})
}
