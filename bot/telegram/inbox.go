package telegram

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/kutip/kutip/internal/atomicfile"
)

// An Inbox keeps the updates a webhook took until they are handled, so
// that the webhook can answer Telegram 200 as soon as an update is kept,
// rather than once it is answered, which can take minutes, and a restart
// still answers it: Telegram never sends an update it got 200 for again.
// A Ledger that is one (FileLedgers') has the webhook work from it; one
// that is not (the replicas' shared ledger) has each request wait for its
// update's answer, so that Telegram sends it to another replica when this
// one dies.
type Inbox interface {
	// Keep keeps update id, its JSON raw, until Drop. fresh is false when
	// it was kept before or is handled: nothing to do. It fails with
	// ErrInboxFull when maxKept updates wait.
	Keep(ctx context.Context, id int, raw []byte) (fresh bool, err error)
	// Kept returns the JSON of the updates kept and not dropped, by id:
	// those a shutdown or a crash left unanswered.
	Kept(ctx context.Context) ([][]byte, error)
	// Drop forgets update id, once it is handled.
	Drop(ctx context.Context, id int) error
}

// ErrInboxFull is Inbox.Keep's error when the updates waiting are
// maxKept: the webhook answers 503, and Telegram sends the update again
// later.
var ErrInboxFull = errors.New("too many updates waiting")

// maxKept bounds the updates an inbox keeps: the work a webhook takes on.
const maxKept = 1000

// inbox is the file ledger's Inbox: one file an update, in a folder beside
// the ledger's file, written atomically; in memory without a file.
type inbox struct {
	mu   sync.Mutex
	dir  string         // "": in memory only
	kept map[int][]byte // the updates kept, being written or written
}

// openInbox reads the updates kept in dir, if any, and removes those that
// handled reports handled (a kill came between Done and Drop) and the
// files a kill left half written; "" keeps them in memory.
func openInbox(dir string, handled func(id int) bool) (*inbox, error) {
	in := &inbox{dir: dir, kept: map[int][]byte{}}
	if dir == "" {
		return in, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("webhook inbox: %w", err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("webhook inbox: %w", err)
	}
	for _, e := range entries {
		name := e.Name()
		id, err := strconv.Atoi(strings.TrimSuffix(name, ".json"))
		if err != nil || !strings.HasSuffix(name, ".json") {
			if strings.HasSuffix(name, ".tmp") {
				os.Remove(filepath.Join(dir, name)) // a Write killed midway
			}
			continue
		}
		path := filepath.Join(dir, name)
		if handled(id) {
			os.Remove(path) // handled, and killed before it was dropped
			continue
		}
		raw, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("webhook inbox: %w", err)
		}
		in.kept[id] = raw
	}
	return in, nil
}

func (in *inbox) path(id int) string { return filepath.Join(in.dir, strconv.Itoa(id)+".json") }

// keep keeps update id unless it is kept already or handled (the ledger
// says so), or the inbox is full.
func (in *inbox) keep(id int, raw []byte, handled bool) (bool, error) {
	in.mu.Lock()
	_, kept := in.kept[id]
	switch {
	case kept || handled:
		in.mu.Unlock()
		return false, nil
	case len(in.kept) >= maxKept:
		in.mu.Unlock()
		return false, ErrInboxFull
	}
	in.kept[id] = raw
	in.mu.Unlock()
	if in.dir == "" {
		return true, nil
	}
	if err := atomicfile.Write(in.path(id), raw); err != nil {
		in.mu.Lock()
		delete(in.kept, id)
		in.mu.Unlock()
		return false, fmt.Errorf("keep update %d: %w", id, err)
	}
	return true, nil
}

func (in *inbox) all() [][]byte {
	in.mu.Lock()
	defer in.mu.Unlock()
	ids := make([]int, 0, len(in.kept))
	for id := range in.kept {
		ids = append(ids, id)
	}
	slices.SortFunc(ids, cmp.Compare)
	raws := make([][]byte, len(ids))
	for i, id := range ids {
		raws[i] = in.kept[id]
	}
	return raws
}

func (in *inbox) drop(id int) error {
	in.mu.Lock()
	delete(in.kept, id)
	in.mu.Unlock()
	if in.dir == "" {
		return nil
	}
	if err := os.Remove(in.path(id)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("drop update %d: %w", id, err)
	}
	return nil
}

// The file ledger's Inbox.

func (l *ledger) Keep(_ context.Context, id int, raw []byte) (bool, error) {
	l.mu.Lock()
	handled := l.handled(id)
	l.mu.Unlock()
	return l.inbox.keep(id, raw, handled)
}

func (l *ledger) Kept(context.Context) ([][]byte, error) { return l.inbox.all(), nil }

func (l *ledger) Drop(_ context.Context, id int) error { return l.inbox.drop(id) }

// A serial runs do on the updates added, each key's in order, the keys side
// by side: one goroutine a key while it has updates.
type serial struct {
	do func(update)

	mu     sync.Mutex
	queues map[string][]update // by key, while its goroutine runs: the update it handles, then those waiting
	wg     sync.WaitGroup
}

func newSerial(do func(update)) *serial {
	return &serial{do: do, queues: map[string][]update{}}
}

func (s *serial) add(u update) {
	s.mu.Lock()
	defer s.mu.Unlock()
	k := u.key()
	q, running := s.queues[k]
	s.queues[k] = append(q, u)
	if !running {
		s.wg.Go(func() { s.drain(k) })
	}
}

func (s *serial) drain(key string) {
	for {
		s.mu.Lock()
		q := s.queues[key]
		if len(q) == 0 {
			delete(s.queues, key)
			s.mu.Unlock()
			return
		}
		s.mu.Unlock()
		s.do(q[0])
		s.mu.Lock()
		s.queues[key] = s.queues[key][1:]
		s.mu.Unlock()
	}
}

// wait waits until every update added is done.
func (s *serial) wait() { s.wg.Wait() }
