package telegram

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func TestLedger(t *testing.T) {
	path := filepath.Join(t.TempDir(), "telegram-1.json")
	l, err := openLedger(path)
	if err != nil {
		t.Fatal(err)
	}
	if l.next() != 0 || l.handled(1) {
		t.Fatal("a new ledger is not empty")
	}
	for _, id := range []int{12, 10} {
		if err := l.done(id); err != nil {
			t.Fatal(err)
		}
	}
	again, err := openLedger(path)
	if err != nil {
		t.Fatal(err)
	}
	if !again.handled(10) || !again.handled(12) || again.handled(11) || again.next() != 0 {
		t.Errorf("reopened: %+v, want 10 and 12 handled, 11 not", again.st)
	}
	if err := again.advance(11); err != nil {
		t.Fatal(err)
	}
	if again.next() != 11 || !slices.Equal(again.st.Done, []int{12}) || !again.handled(5) {
		t.Errorf("after advance(11): %+v", again.st)
	}
	if err := again.advance(3); err != nil || again.next() != 11 {
		t.Errorf("advance went back: %+v", again.st)
	}
}

func TestLedgerBounded(t *testing.T) {
	l, _ := openLedger("")
	for id := 1; id <= maxDone+10; id++ {
		l.done(id)
	}
	if len(l.st.Done) != maxDone || l.next() != 11 || !l.handled(1) {
		t.Errorf("ledger of %d done, next %d", len(l.st.Done), l.next())
	}
}

func TestLedgerCorrupt(t *testing.T) {
	path := filepath.Join(t.TempDir(), "telegram-1.json")
	os.WriteFile(path, []byte("{"), 0o644)
	if _, err := openLedger(path); err == nil {
		t.Error("a corrupt ledger was read")
	}
}
