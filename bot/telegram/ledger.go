package telegram

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sync"

	"github.com/kutip/kutip/internal/atomicfile"
)

// A ledger remembers which updates are handled, so that a restart neither
// answers an update twice nor skips one. Every update below Next is handled,
// and so are those in Done; Next is the offset confirmed to Telegram. With a
// path, every change is written to it atomically before it counts.
type ledger struct {
	mu   sync.Mutex
	path string // "": in memory only
	st   ledgerState
}

type ledgerState struct {
	Next int   `json:"next"`
	Done []int `json:"done,omitempty"` // ascending, each ≥ Next
}

// maxDone bounds the updates remembered above Next. Only webhook mode,
// where Next does not move, comes near it: then the oldest are forgotten.
const maxDone = 1000

// openLedger reads the ledger kept at path, if any, making its folder if
// need be; "" keeps it in memory.
func openLedger(path string) (*ledger, error) {
	l := &ledger{path: path}
	if path == "" {
		return l, nil
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("state dir: %w", err)
	}
	b, err := os.ReadFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return l, nil
	case err != nil:
		return nil, fmt.Errorf("read update offset: %w", err)
	}
	if err := json.Unmarshal(b, &l.st); err != nil {
		return nil, fmt.Errorf("read update offset %s: %w", path, err)
	}
	slices.Sort(l.st.Done)
	return l, nil
}

// next is the first update not yet confirmed to Telegram.
func (l *ledger) next() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.st.Next
}

// handled reports whether update id was handled.
func (l *ledger) handled(id int) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	_, found := slices.BinarySearch(l.st.Done, id)
	return id < l.st.Next || found
}

// done records that update id was handled.
func (l *ledger) done(id int) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	i, found := slices.BinarySearch(l.st.Done, id)
	if id < l.st.Next || found {
		return nil
	}
	l.st.Done = slices.Insert(l.st.Done, i, id)
	if n := len(l.st.Done); n > maxDone {
		l.st.Next = l.st.Done[n-maxDone]
		l.st.Done = slices.Delete(l.st.Done, 0, n-maxDone)
	}
	return l.save()
}

// advance moves Next up to next, for the updates of a batch all handled,
// and forgets the Done below it.
func (l *ledger) advance(next int) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if next <= l.st.Next {
		return nil
	}
	l.st.Next = next
	i, _ := slices.BinarySearch(l.st.Done, next)
	l.st.Done = slices.Delete(l.st.Done, 0, i)
	return l.save()
}

// save writes the ledger; l.mu is held.
func (l *ledger) save() error {
	if l.path == "" {
		return nil
	}
	b, err := json.Marshal(l.st)
	if err != nil {
		return fmt.Errorf("save update offset: %w", err)
	}
	if err := atomicfile.Write(l.path, b); err != nil {
		return fmt.Errorf("save update offset: %w", err)
	}
	return nil
}
