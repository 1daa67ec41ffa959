package telegram

import (
	"context"
	"fmt"
	"sync"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// While updates are being handled, poll asks for the others at most this
// often at first, and at least this often when nothing new comes.
const (
	pollBusyMin = 25 * time.Millisecond
	pollBusyMax = 500 * time.Millisecond
)

// poll answers updates by long polling until ctx is done; they are handled
// under work, which outlives ctx a little. It drives getUpdates itself: the
// library's GetUpdatesChan polls again, and so confirms an update to
// Telegram, before the update is handled. Here the offset moves past an
// update only once it is handled.
//
// Updates are handled as they come, each chat's in order and the chats side
// by side, so that a chat held back by Telegram's limits (a message a
// second) holds up no other. The offset cannot move past an update being
// handled, so while there are some getUpdates answers them again, with
// whatever came since, at once: poll then asks without a long poll's wait,
// as soon as one is done or after a short while, and skips those it has.
func (b *Bot) poll(ctx, work context.Context) error {
	// getUpdates is refused while a webhook is set; pending updates stay.
	if err := b.api.send(ctx, dest{}, "deleteWebhook", tgbotapi.DeleteWebhookConfig{}); err != nil {
		if ctx.Err() != nil {
			return nil
		}
		if refused(err) {
			return fmt.Errorf("telegram: %w", err)
		}
		b.log.Warn("delete webhook", "err", err)
	}
	next, err := b.ledger.Next(ctx)
	if err != nil {
		if ctx.Err() != nil {
			return nil
		}
		return fmt.Errorf("telegram: read the update offset: %w", err)
	}
	b.log.Info("polling for updates", "offset", next)
	b.ready.Store(true)
	d := newDispatcher(b, ctx, work)
	confirmed := 0    // the offset Telegram was last given
	var last []update // the updates getUpdates last gave
	defer func() {
		d.wait()
		next = d.advance(work, last, next)
		b.confirm(next, confirmed)
	}()
	busyWait := pollBusyMin
	for failures := 0; ; {
		offset := next
		timeout := pollTimeout
		if d.busy() {
			timeout = 0
		}
		ups, err := b.getUpdates(ctx, offset, 100, timeout)
		switch {
		case ctx.Err() != nil:
			return nil
		case refused(err):
			return fmt.Errorf("telegram: get updates: %w", err)
		case err != nil:
			failures++
			delay, ok := retryDelay(err, failures)
			if !ok {
				delay = backoff(failures)
			}
			b.ready.Store(false)
			b.api.retrying("getUpdates", failures, delay, err)
			if sleep(ctx, delay) != nil {
				return nil
			}
			continue
		}
		if failures > 0 {
			b.log.Info("polling again: Telegram answers", "method", "getUpdates", "attempts", failures+1)
			b.api.meter.Reconnect(platform)
		}
		b.ready.Store(true)
		failures, confirmed, last = 0, offset, ups
		fresh := d.dispatch(ups, offset)
		next = d.advance(work, ups, next)
		switch {
		case d.busy():
			// Updates are being handled: ask again when one is done, or
			// after a while, the longer the less comes.
			if fresh > 0 {
				busyWait = pollBusyMin
			}
			t := time.NewTimer(busyWait)
			select {
			case <-d.progress:
			case <-t.C:
				busyWait = min(2*busyWait, pollBusyMax)
			case <-ctx.Done():
			}
			t.Stop()
			if d.failures() && sleep(ctx, backoff(1)) != nil {
				return nil // the ledger fails: ask for the updates again later
			}
		case len(ups) > 0 && next == offset:
			// Nothing could be confirmed: an update without an id, alone,
			// or the ledger failing.
			if sleep(ctx, backoff(1)) != nil {
				return nil
			}
		}
	}
}

func (b *Bot) getUpdates(ctx context.Context, offset, limit int, timeout time.Duration) ([]update, error) {
	cfg := tgbotapi.UpdateConfig{Offset: offset, Limit: limit, Timeout: int(timeout / time.Second), AllowedUpdates: allowedUpdates()}
	resp, err := b.api.request(ctx, "getUpdates", cfg, timeout+callTimeout)
	if err != nil {
		return nil, err
	}
	return parseUpdates(resp.Result)
}

// confirm tells Telegram, at a shutdown, that the updates below next are
// handled: the offset goes with the next getUpdates, and there is no next
// one.
func (b *Bot) confirm(next, confirmed int) {
	if next <= confirmed {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if _, err := b.getUpdates(ctx, next, 1, 0); err != nil {
		b.log.Warn("confirm handled updates", "offset", next, "err", err)
	}
}

// A dispatcher hands the updates polled to one goroutine a chat (a key),
// which handles them in order, and keeps track of those being handled.
type dispatcher struct {
	b        *Bot
	ctx      context.Context // done: start no more updates
	work     context.Context // what updates are handled under
	progress chan struct{}   // gets a value when an update is done

	mu      sync.Mutex
	queues  map[string][]update // by key, while its goroutine runs: the update it handles, then those waiting
	taken   map[int]bool        // the updates queued and not yet done
	handled map[int]bool        // the updates done, at or above the offset
	failed  bool                // an update was left for later while polling goes on: the ledger failed
	bad     map[string]bool     // the updates without an id seen, by the hash of their JSON
	wg      sync.WaitGroup
}

func newDispatcher(b *Bot, ctx, work context.Context) *dispatcher {
	return &dispatcher{
		b: b, ctx: ctx, work: work, progress: make(chan struct{}, 1),
		queues: map[string][]update{}, taken: map[int]bool{}, handled: map[int]bool{}, bad: map[string]bool{},
	}
}

// maxBad bounds the updates without an id a dispatcher knows again.
const maxBad = 1000

// dispatch queues the updates getUpdates gave from offset on that are not
// handled, nor queued already, and reports how many it queued. One that
// was handled before this process ran is queued once: the ledger says so
// when it is claimed, and it is done at once.
func (d *dispatcher) dispatch(ups []update, offset int) (fresh int) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if len(d.bad) > maxBad {
		clear(d.bad) // those long confirmed, most of them
	}
	for _, u := range ups {
		if u.id == 0 {
			// Unreadable, and without an id: it is skipped once, known
			// again by its JSON until the offset passes it.
			if !d.bad[u.sum] {
				d.bad[u.sum] = true
				d.b.handle(d.work, u)
			}
			continue
		}
		if d.taken[u.id] || d.handled[u.id] {
			continue
		}
		d.taken[u.id] = true
		fresh++
		k := u.key()
		q, running := d.queues[k]
		d.queues[k] = append(q, u)
		if !running {
			d.wg.Go(func() { d.drain(k) })
		}
	}
	return fresh
}

// drain handles key's updates in order until none is left, or ctx is done:
// those it has not begun are left for Telegram to send again.
func (d *dispatcher) drain(key string) {
	for {
		d.mu.Lock()
		q := d.queues[key]
		if len(q) == 0 || d.ctx.Err() != nil {
			for _, u := range q {
				delete(d.taken, u.id)
			}
			delete(d.queues, key)
			d.mu.Unlock()
			return
		}
		u := q[0]
		d.mu.Unlock()
		out := d.b.handle(d.work, u)
		d.mu.Lock()
		d.queues[key] = d.queues[key][1:]
		delete(d.taken, u.id)
		switch {
		case out == handled:
			d.handled[u.id] = true
		case d.ctx.Err() == nil:
			d.failed = true // getUpdates gives it again, and it is queued again, after a while
		}
		d.mu.Unlock()
		select {
		case d.progress <- struct{}{}:
		default:
		}
	}
}

// advance moves the offset past the updates getUpdates gave, in order,
// that are handled, records it in the ledger, and returns it: next when it
// cannot move.
func (d *dispatcher) advance(ctx context.Context, ups []update, next int) int {
	d.mu.Lock()
	before := next
	for _, u := range ups {
		if u.id == 0 {
			continue // confirmed with the updates after it
		}
		if !d.handled[u.id] {
			break
		}
		next = max(next, u.id+1)
	}
	for id := range d.handled {
		if id < next {
			delete(d.handled, id)
		}
	}
	d.mu.Unlock()
	if next > before {
		if err := d.b.ledger.Advance(ctx, next); err != nil {
			d.b.log.Error("save update offset", "err", err)
		}
	}
	return next
}

// failures reports whether an update was left for later since it was
// last asked, other than for a shutdown.
func (d *dispatcher) failures() bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	failed := d.failed
	d.failed = false
	return failed
}

// busy reports whether updates are being handled, or wait to be.
func (d *dispatcher) busy() bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	return len(d.taken) > 0
}

// wait waits until every update begun is done.
func (d *dispatcher) wait() { d.wg.Wait() }
