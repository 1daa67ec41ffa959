package telegram

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"testing/synctest"
	"time"

	"github.com/kutip/kutip/bot"
	"github.com/kutip/kutip/bot/bottest"
	"github.com/kutip/kutip/bot/telegram/telegramtest"
)

// TestWebhookKept: the webhook answers 200 as soon as the update is kept,
// however long its answer takes; an update a shutdown left unanswered is
// answered at the next start, though Telegram, which had its 200, never
// sends it again. A full inbox answers 503.
func TestWebhookKept(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t)
		cfg := h.config()
		cfg.WebhookURL, cfg.WebhookListen, cfg.WebhookSecret = "https://kutip.example/hook", "127.0.0.1:0", "rahasia"
		stuck := hooked(t, func(ctx context.Context, _ bot.Request) { <-ctx.Done() }) // an answer that never comes
		start := func(svc bot.Service) (*telegramtest.Pipe, func() error) {
			b, err := New(cfg, svc, h.logger())
			if err != nil {
				t.Fatal(err)
			}
			pipe := telegramtest.NewPipe()
			stop := h.run(func(ctx context.Context) error { return b.run(ctx, pipe) })
			h.await("setWebhook", len(h.api.Calls("setWebhook"))+1)
			synctest.Wait() // the fake has set it
			return pipe, stop
		}
		deliver := func(pipe *telegramtest.Pipe) int {
			code, err := h.api.Deliver(t.Context(), pipe.Client(), "http://kutip.test/hook")
			if err != nil {
				t.Fatal(err)
			}
			return code
		}

		pipe, stop := start(stuck)
		for i := 1; i <= maxKept+1; i++ {
			h.push(i, telegramtest.PrivateMessage(i, int64(5000+i), "id", bottest.Question))
		}
		begun := time.Now()
		for i := 1; i <= maxKept; i++ {
			if code := deliver(pipe); code != http.StatusOK {
				t.Fatalf("update %d got %d, want 200 at once", i, code)
			}
		}
		if took := time.Since(begun); took > time.Second {
			t.Errorf("the webhook took %v to answer, want no wait for the answers", took)
		}
		if code := deliver(pipe); code != http.StatusServiceUnavailable {
			t.Errorf("with %d updates waiting the next got %d, want 503", maxKept, code)
		}
		if got := h.api.Pending(); len(got) != 1 {
			t.Errorf("%d updates left with Telegram, want the one refused", len(got))
		}
		pipe.Client().CloseIdleConnections()
		if err := stop(); err != nil {
			t.Fatal(err)
		}
		if n := len(h.api.Calls("sendMessage")); n != 0 {
			t.Fatalf("%d answers sent by the stuck service", n)
		}

		pipe, stop = start(newService(t)) // a restart: the kept updates are answered
		h.await("sendMessage", maxKept)
		if code := deliver(pipe); code != http.StatusOK {
			t.Errorf("the update refused before got %d, want 200", code)
		}
		h.await("sendMessage", maxKept+1)
		h.settle()
		h.wantSent("sendMessage", maxKept+1)
		h.wantConfirmed()
		pipe.Client().CloseIdleConnections()
		if err := stop(); err != nil {
			t.Fatal(err)
		}
		left, _ := os.ReadDir(filepath.Join(h.state, "telegram-7000000001.inbox"))
		if len(left) != 0 {
			t.Errorf("%d files left in the inbox, want none", len(left))
		}
	})
}
