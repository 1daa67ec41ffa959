package state_test

import (
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/kutip/kutip/bot/bottest"
	"github.com/kutip/kutip/state"
)

// TestDirLock opens the file store twice on one directory, as two
// processes would (flock locks are per open file, so one process shows
// it): the second waits, says for whom, and gets the directory once the
// first lets go of it.
func TestDirLock(t *testing.T) {
	dir := t.TempDir()
	first := open(t, state.Config{Dir: dir})

	logs := &bottest.LogBuffer{}
	log := slog.New(slog.NewTextHandler(logs, nil))
	ctx, cancel := context.WithTimeout(t.Context(), 500*time.Millisecond)
	defer cancel()
	if st, err := state.Open(ctx, state.Config{Dir: dir}, log); err == nil {
		st.Close()
		t.Fatal("a second store on a locked directory opened")
	} else if !strings.Contains(err.Error(), "locked by another kutip process") {
		t.Errorf("error %q does not say the directory is locked by another process", err)
	}
	if !strings.Contains(logs.String(), "waiting for the state directory") || !strings.Contains(logs.String(), "holder_pid=") {
		t.Errorf("no line says the store waits, and for whom:\n%s", logs)
	}

	got := make(chan error, 1)
	go func() {
		st, err := state.Open(t.Context(), state.Config{Dir: dir}, log)
		if err == nil {
			st.Close()
		}
		got <- err
	}()
	time.Sleep(300 * time.Millisecond) // it waits…
	select {
	case err := <-got:
		t.Fatalf("the second store did not wait for the first: %v", err)
	default:
	}
	first.Close() // …until the first lets go
	select {
	case err := <-got:
		if err != nil {
			t.Fatalf("after the first store closed: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the second store still waits after the first closed")
	}
}
