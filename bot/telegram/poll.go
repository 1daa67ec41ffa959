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
	b.log.Info("polling for updates", "offset", b.ledger.next())
	b.ready.Store(true)
	d := newDispatcher(b, ctx, work)
	confirmed := 0    // the offset Telegram was last given
	var last []update // the updates getUpdates last gave
	defer func() {
		d.wait()
		b.advance(last)
		b.confirm(confirmed)
	}()
	busyWait := pollBusyMin
	for failures := 0; ; {
		offset := b.ledger.next()
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
		b.advance(ups)
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
		case len(ups) > 0 && b.ledger.next() == offset:
			// Nothing could be confirmed: an update without an id, alone.
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

// advance moves the offset past the updates getUpdates gave, in order,
// that are handled.
func (b *Bot) advance(ups []update) {
	next := b.ledger.next()
	for _, u := range ups {
		if u.id == 0 {
			continue // confirmed with the updates after it
		}
		if !b.ledger.handled(u.id) {
			break
		}
		next = max(next, u.id+1)
	}
	if err := b.ledger.advance(next); err != nil {
		b.log.Error("save update offset", "err", err)
	}
}

// confirm tells Telegram which updates are handled, at a shutdown: the
// offset goes with the next getUpdates, and there is no next one.
func (b *Bot) confirm(confirmed int) {
	next := b.ledger.next()
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

	mu     sync.Mutex
	queues map[string][]update // by key, while its goroutine runs: the update it handles, then those waiting
	taken  map[int]bool        // the updates queued and not yet done
	bad    map[[2]int]bool     // the updates without an id seen: after which update, the how-manieth
	wg     sync.WaitGroup
}

func newDispatcher(b *Bot, ctx, work context.Context) *dispatcher {
	return &dispatcher{
		b: b, ctx: ctx, work: work, progress: make(chan struct{}, 1),
		queues: map[string][]update{}, taken: map[int]bool{}, bad: map[[2]int]bool{},
	}
}

// dispatch queues the updates getUpdates gave from offset on that are not
// handled, nor queued already, and reports how many it queued.
func (d *dispatcher) dispatch(ups []update, offset int) (fresh int) {
	d.mu.Lock()
	defer d.mu.Unlock()
	for k := range d.bad {
		if k[0] < offset-1 {
			delete(d.bad, k) // confirmed
		}
	}
	prev, run := offset-1, 0
	for _, u := range ups {
		if u.id == 0 {
			// Unreadable, and without an id to know it again by: it is
			// skipped once, where it stands among the others.
			if at := [2]int{prev, run}; !d.bad[at] {
				d.bad[at] = true
				d.b.handle(d.work, u)
			}
			run++
			continue
		}
		prev, run = u.id, 0
		if d.taken[u.id] || d.b.ledger.handled(u.id) {
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
		d.b.handle(d.work, u)
		d.mu.Lock()
		d.queues[key] = d.queues[key][1:]
		delete(d.taken, u.id)
		d.mu.Unlock()
		select {
		case d.progress <- struct{}{}:
		default:
		}
	}
}

// busy reports whether updates are being handled, or wait to be.
func (d *dispatcher) busy() bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	return len(d.taken) > 0
}

// wait waits until every update begun is done.
func (d *dispatcher) wait() { d.wg.Wait() }
