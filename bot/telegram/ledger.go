package telegram

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/kutip/kutip/internal/atomicfile"
)

// A Ledger records which updates are handled, so that none is answered
// twice and none is skipped: across restarts and, when it is shared (the
// state package's PostgreSQL store), across the replicas that answer one
// webhook. An update is claimed before it is answered and marked done
// after; a claim lasts its lease, renewed while the answer takes, so that
// the claims of a replica that died expire and another takes them.
type Ledger interface {
	// Claim takes update id for this process to answer. Claimed again by
	// the same process, the claim is renewed.
	Claim(ctx context.Context, id int) (Claim, error)
	// Done records that update id is handled: answered, or failed for good.
	Done(ctx context.Context, id int) error
	// Next is the first update not yet confirmed to Telegram by long
	// polling: every update below it is handled.
	Next(ctx context.Context) (int, error)
	// Advance moves Next up to next.
	Advance(ctx context.Context, next int) error
	// Close lets go of the ledger, and of the right to long-poll.
	Close() error
}

// A Claim is what Ledger.Claim found.
type Claim struct {
	Status ClaimStatus
	// Lease is how long a Claimed update stays this process's unless it
	// is claimed again; 0: as long as the process lives.
	Lease time.Duration
	// Again says a process that died was sending the update's reply: it
	// may have gone out, and answering it now may answer it twice.
	Again bool
}

// An intender is a Ledger that records that an update's reply is about to
// be sent, so that after a crash Claim can tell (Claim.Again) which
// updates may be answered twice: Telegram's sendMessage has no key that
// would make a second send of it harmless.
type intender interface {
	Sending(ctx context.Context, id int) error
}

// ClaimStatus says whose an update is.
type ClaimStatus int

// The statuses of a claim.
const (
	Claimed ClaimStatus = iota + 1 // this process answers it, then calls Done
	Handled                        // it was handled before: confirm it, do nothing
	Busy                           // another process is answering it, and its lease runs
)

// Ledgers opens the ledgers of bots: FileLedgers keeps them in files, the
// state package in PostgreSQL.
type Ledgers interface {
	// Ledger opens the ledger of the bot with that id. With poll, the
	// process means to long-poll the bot, which Telegram allows one
	// process at a time: a shared ledger then fails with an error that
	// wraps ErrPolledElsewhere while another process polls it.
	Ledger(ctx context.Context, botID int64, poll bool) (Ledger, error)
}

// ErrPolledElsewhere is the error of a ledger opened to long-poll a bot
// that another process long-polls.
var ErrPolledElsewhere = errors.New("another process is long-polling this bot")

// FileLedgers keeps each bot's ledger in dir, as telegram-BOTID.json,
// written atomically before a change counts; "" keeps them in memory. It
// is for one process: claims are in memory, and the lease never ends.
func FileLedgers(dir string) Ledgers { return fileLedgers(dir) }

type fileLedgers string

func (dir fileLedgers) Ledger(_ context.Context, botID int64, _ bool) (Ledger, error) {
	var path string
	if dir != "" {
		path = filepath.Join(string(dir), "telegram-"+strconv.FormatInt(botID, 10)+".json")
	}
	return openLedger(path)
}

// A ledger is a Ledger in a file, or in memory. Every update below Next is
// handled, and so are those in Done; Next is the offset confirmed to
// Telegram.
type ledger struct {
	mu      sync.Mutex
	path    string // "": in memory only
	st      ledgerState
	claimed map[int]bool // being answered
	intents *intents     // the replies being sent, in a file beside path
	inbox   *inbox       // the webhook's updates, kept in a folder beside path

	// The changes to st are counted, and so are those saved: a save
	// under way holds saving, and whoever waits for it finds its own
	// change saved by the next one, with every change made meanwhile. One
	// write serves many Dones, and the time a Done takes, in which a kill
	// has a reply sent and not recorded, is at most two writes.
	saving         sync.Mutex
	changes, saved int
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
	l := &ledger{path: path, claimed: map[int]bool{}}
	if path == "" {
		l.inbox, _ = openInbox("", nil)
		l.intents, _ = openIntents("", nil)
		return l, nil
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("state dir: %w", err)
	}
	if err := atomicfile.Clean(path); err != nil {
		return nil, err
	}
	b, err := os.ReadFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return nil, fmt.Errorf("read update offset: %w", err)
	default:
		if err := json.Unmarshal(b, &l.st); err != nil {
			return nil, fmt.Errorf("read update offset %s: %w", path, err)
		}
	}
	slices.Sort(l.st.Done)
	base := strings.TrimSuffix(path, ".json")
	if l.inbox, err = openInbox(base+".inbox", l.handled); err != nil {
		return nil, err
	}
	if l.intents, err = openIntents(base+".sending", l.handled); err != nil {
		return nil, err
	}
	return l, nil
}

func (l *ledger) Claim(_ context.Context, id int) (Claim, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	switch {
	case l.handled(id):
		return Claim{Status: Handled}, nil
	case l.claimed[id]:
		return Claim{Status: Busy}, nil
	}
	l.claimed[id] = true
	return Claim{Status: Claimed, Again: l.intents.again[id]}, nil
}

// Sending records that update id's reply is about to be sent.
func (l *ledger) Sending(_ context.Context, id int) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.handled(id) {
		return nil
	}
	return l.intents.add(id)
}

func (l *ledger) Next(context.Context) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.st.Next, nil
}

// handled reports whether update id was handled; l.mu is held.
func (l *ledger) handled(id int) bool {
	_, found := slices.BinarySearch(l.st.Done, id)
	return id < l.st.Next || found
}

func (l *ledger) Done(_ context.Context, id int) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.claimed, id)
	l.intents.done(id)
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

// save makes the changes to st so far durable before it returns; l.mu is
// held, and let go of while it waits and writes.
func (l *ledger) save() error {
	if l.path == "" {
		return nil
	}
	l.changes++
	mine := l.changes
	l.mu.Unlock()
	defer l.mu.Lock()
	l.saving.Lock()
	defer l.saving.Unlock()
	l.mu.Lock()
	if l.saved >= mine {
		l.mu.Unlock()
		return nil // saved with another's change
	}
	b, err := json.Marshal(l.st)
	upTo := l.changes
	l.mu.Unlock()
	if err == nil {
		err = atomicfile.Write(l.path, b)
	}
	if err != nil {
		return fmt.Errorf("save update offset: %w", err)
	}
	l.mu.Lock()
	l.saved = upTo
	l.mu.Unlock()
	return nil
}

// Advance moves Next up to next, for the updates of a batch all handled,
// and forgets the Done below it.
func (l *ledger) Advance(_ context.Context, next int) error {
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

func (l *ledger) Close() error { return l.intents.close() }
