package telegram

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"sync/atomic"
	"testing"
)

// openFileLedger opens bot 1's file ledger in dir.
func openFileLedger(t *testing.T, dir string) *ledger {
	t.Helper()
	l, err := FileLedgers(dir).Ledger(t.Context(), 1, true)
	if err != nil {
		t.Fatal(err)
	}
	return l.(*ledger)
}

func TestLedger(t *testing.T) {
	ctx := t.Context()
	dir := t.TempDir()
	open := func() *ledger { return openFileLedger(t, dir) }
	l := open()
	if n, _ := l.Next(ctx); n != 0 || l.handled(1) {
		t.Fatal("a new ledger is not empty")
	}
	for _, id := range []int{12, 10} {
		if c, _ := l.Claim(ctx, id); c.Status != Claimed || c.Lease != 0 {
			t.Fatalf("Claim(%d) = %+v, want Claimed for good", id, c)
		}
		if err := l.Done(ctx, id); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "telegram-1.json")); err != nil {
		t.Fatalf("the ledger is not in its file: %v", err)
	}
	again := open()
	if !again.handled(10) || !again.handled(12) || again.handled(11) || again.st.Next != 0 {
		t.Errorf("reopened: %+v, want 10 and 12 handled, 11 not", again.st)
	}
	if c, _ := again.Claim(ctx, 12); c.Status != Handled {
		t.Errorf("Claim of a handled update = %+v, want Handled", c)
	}
	if err := again.Advance(ctx, 11); err != nil {
		t.Fatal(err)
	}
	if n, _ := again.Next(ctx); n != 11 || !slices.Equal(again.st.Done, []int{12}) || !again.handled(5) {
		t.Errorf("after Advance(11): %+v", again.st)
	}
	if err := again.Advance(ctx, 3); err != nil || again.st.Next != 11 {
		t.Errorf("Advance went back: %+v", again.st)
	}
}

// TestLedgerClaims: an update being answered is Busy to a second delivery
// until it is done; then it is Handled.
func TestLedgerClaims(t *testing.T) {
	ctx := t.Context()
	l, _ := openLedger("")
	if c, _ := l.Claim(ctx, 7); c.Status != Claimed {
		t.Fatalf("first Claim = %+v", c)
	}
	if c, _ := l.Claim(ctx, 7); c.Status != Busy {
		t.Errorf("Claim while it is answered = %+v, want Busy", c)
	}
	l.Done(ctx, 7)
	if c, _ := l.Claim(ctx, 7); c.Status != Handled {
		t.Errorf("Claim once done = %+v, want Handled", c)
	}
	if len(l.claimed) != 0 {
		t.Errorf("claims left: %v", l.claimed)
	}
}

func TestLedgerBounded(t *testing.T) {
	ctx := t.Context()
	l, _ := openLedger("")
	for id := 1; id <= maxDone+10; id++ {
		l.Done(ctx, id)
	}
	if n, _ := l.Next(ctx); len(l.st.Done) != maxDone || n != 11 || !l.handled(1) {
		t.Errorf("ledger of %d done, next %d", len(l.st.Done), n)
	}
}

func TestLedgerCorrupt(t *testing.T) {
	path := filepath.Join(t.TempDir(), "telegram-1.json")
	os.WriteFile(path, []byte("{"), 0o644)
	if _, err := openLedger(path); err == nil {
		t.Error("a corrupt ledger was read")
	}
}

// BenchmarkLedgerDone: 50 chats' updates recorded done at once, as the
// replies come back: how long a Done takes is how long a kill can find a
// reply sent and not recorded, to be sent again after the restart.
func BenchmarkLedgerDone(b *testing.B) {
	l, err := FileLedgers(b.TempDir()).Ledger(b.Context(), 1, true)
	if err != nil {
		b.Fatal(err)
	}
	var next atomic.Int64
	b.SetParallelism(25) // 50 goroutines on 2 cores
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if err := l.Done(b.Context(), int(next.Add(1))); err != nil {
				b.Error(err)
			}
		}
	})
}

// TestLedgerSending: a reply being sent when the process died is known at
// the next start (Claim.Again): it may be answered twice. One done is not.
func TestLedgerSending(t *testing.T) {
	ctx := t.Context()
	dir := t.TempDir()
	open := func() *ledger { return openFileLedger(t, dir) }
	l := open()
	for _, id := range []int{5, 6} {
		l.Claim(ctx, id)
		if err := l.Sending(ctx, id); err != nil {
			t.Fatal(err)
		}
	}
	if err := l.Done(ctx, 6); err != nil {
		t.Fatal(err)
	}
	l = open() // a crash: 5 was being sent
	if c, _ := l.Claim(ctx, 5); c.Status != Claimed || !c.Again {
		t.Errorf("Claim(5) after a crash mid-send = %+v, want Claimed again", c)
	}
	if c, _ := l.Claim(ctx, 6); c.Status != Handled {
		t.Errorf("Claim(6), done before the crash = %+v, want Handled", c)
	}
	l.Done(ctx, 5)
	l = open()
	if c, _ := l.Claim(ctx, 7); c.Again {
		t.Errorf("Claim(7), never sent: %+v", c)
	}
	if len(l.intents.sending) != 0 {
		t.Errorf("sending %v after every reply is done", l.intents.sending)
	}
	// A file that grew long is written anew with what is being sent.
	last := 100 + 2*maxIntentLines
	for id := 100; id <= last; id++ {
		l.Sending(ctx, id)
		if id != last {
			l.intents.done(id) // as Done does, without the ledger's writes…
		}
	}
	l.Advance(ctx, last) // …which one write makes up for
	if b, _ := os.ReadFile(filepath.Join(dir, "telegram-1.sending")); bytes.Count(b, []byte("\n")) > maxIntentLines {
		t.Errorf("the file of replies being sent grew to %d lines, want it written anew at %d", bytes.Count(b, []byte("\n")), maxIntentLines)
	}
	l = open()
	if c, _ := l.Claim(ctx, last); !c.Again || len(l.intents.sending) != 1 {
		t.Errorf("after many replies and a crash: Claim(%d) = %+v, %d being sent; want it again, alone", last, c, len(l.intents.sending))
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "telegram-1.sending")); string(b) != strconv.Itoa(last)+"\n" {
		t.Errorf("the file of replies being sent holds %q after a restart, want only %d", b, last)
	}
}
