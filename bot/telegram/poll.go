package telegram

import (
	"context"
	"fmt"
	"sync"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// poll answers updates by long polling until ctx is done; they are handled
// under work, which outlives ctx a little. It drives getUpdates itself: the
// library's GetUpdatesChan polls again, and so confirms an update to
// Telegram, before the update is handled. Here the offset moves past an
// update only once it is handled.
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
	confirmed := 0 // the offset Telegram was last given
	defer func() { b.confirm(next, confirmed) }()
	for failures := 0; ; {
		offset := next
		ups, err := b.getUpdates(ctx, offset, 100, pollTimeout)
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
			b.log.Warn("get updates failed; retrying", "err", err, "retry_in", delay)
			if sleep(ctx, delay) != nil {
				return nil
			}
			continue
		}
		failures, confirmed = 0, offset
		next = b.handleBatch(work, ups, offset)
		if len(ups) > 0 && next == offset && ctx.Err() == nil {
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
	resp, err := b.api.request(ctx, cfg, timeout+callTimeout)
	if err != nil {
		return nil, err
	}
	return parseUpdates(resp.Result)
}

// handleBatch answers a batch of updates under work, each chat's in order
// and the chats side by side, then moves the offset past those handled. It
// returns the new offset: next, when none could be.
func (b *Bot) handleBatch(work context.Context, ups []update, next int) int {
	if len(ups) == 0 {
		return next
	}
	var keys []string
	byKey := map[string][]int{} // indexes into ups
	for i, u := range ups {
		k := u.key()
		if _, ok := byKey[k]; !ok {
			keys = append(keys, k)
		}
		byKey[k] = append(byKey[k], i)
	}
	done := make([]bool, len(ups))
	var wg sync.WaitGroup
	for _, k := range keys {
		wg.Go(func() {
			for _, i := range byKey[k] {
				done[i] = b.handle(work, ups[i]) == handled
			}
		})
	}
	wg.Wait()
	before := next
	for i, u := range ups {
		if u.id == 0 {
			continue // confirmed with the updates after it
		}
		if !done[i] {
			break
		}
		next = max(next, u.id+1)
	}
	if next > before {
		if err := b.ledger.Advance(work, next); err != nil {
			b.log.Error("save update offset", "err", err)
		}
	}
	return next
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
