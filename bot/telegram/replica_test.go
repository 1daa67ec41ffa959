package telegram

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/kutip/kutip/bot"
	"github.com/kutip/kutip/bot/bottest"
	"github.com/kutip/kutip/bot/telegram/telegramtest"
)

// sharedLedger is a Ledger as webhook replicas share one, in memory: its
// claims have a lease, and a test can plant another replica's claim. It is
// its own Ledgers.
type sharedLedger struct {
	lease    time.Duration
	openErr  error // what Ledger returns, if not nil
	claimErr error // what Claim returns, if not nil

	mu      sync.Mutex
	owner   map[int]string
	expires map[int]time.Time
	done    map[int]bool
	claims  int // calls of Claim
}

func newSharedLedger(lease time.Duration) *sharedLedger {
	return &sharedLedger{lease: lease, owner: map[int]string{}, expires: map[int]time.Time{}, done: map[int]bool{}}
}

const me = "this replica"

func (s *sharedLedger) Ledger(context.Context, int64, bool) (Ledger, error) {
	if s.openErr != nil {
		return nil, s.openErr
	}
	return s, nil
}

// plant makes update id another replica's, for d.
func (s *sharedLedger) plant(id int, d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.owner[id], s.expires[id] = "another replica", time.Now().Add(d)
}

// finish marks update id done, as its replica would.
func (s *sharedLedger) finish(id int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.done[id] = true
}

func (s *sharedLedger) Claim(_ context.Context, id int) (Claim, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.claims++
	switch {
	case s.claimErr != nil:
		return Claim{}, s.claimErr
	case s.done[id]:
		return Claim{Status: Handled}, nil
	case s.owner[id] != "" && s.owner[id] != me && time.Now().Before(s.expires[id]):
		return Claim{Status: Busy}, nil
	}
	s.owner[id], s.expires[id] = me, time.Now().Add(s.lease)
	return Claim{Status: Claimed, Lease: s.lease}, nil
}

func (s *sharedLedger) Done(_ context.Context, id int) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.done[id] = true
	return nil
}

func (s *sharedLedger) Next(context.Context) (int, error)  { return 0, nil }
func (s *sharedLedger) Advance(context.Context, int) error { return nil }
func (s *sharedLedger) Close() error                       { return nil }

// replica runs a webhook bot on the shared ledger in the bubble, and
// returns what delivers the next queued update to it.
func (h *harness) replica(l *sharedLedger, svc bot.Service) (deliver func() int) {
	cfg := h.config()
	cfg.WebhookURL, cfg.WebhookListen, cfg.WebhookSecret = "https://kutip.example/hook", "127.0.0.1:0", "rahasia"
	cfg.Ledgers = l
	b, err := New(cfg, svc, h.logger())
	if err != nil {
		h.t.Fatal(err)
	}
	pipe := telegramtest.NewPipe()
	h.run(func(ctx context.Context) error { return b.run(ctx, pipe) })
	h.await("setWebhook", 1)
	synctest.Wait() // the fake has set it
	return func() int {
		code, err := h.api.Deliver(context.Background(), pipe.Client(), "http://kutip.test/hook")
		if err != nil {
			h.t.Errorf("deliver: %v", err)
		}
		return code
	}
}

// TestWebhookReplicas: an update Telegram sends again, to this replica,
// while another answers it waits for that one and is not answered twice;
// the claim of a replica that died expires, and this one answers it; one
// that stays claimed too long is left to Telegram to send again.
func TestWebhookReplicas(t *testing.T) {
	tests := []struct {
		name      string
		claimed   time.Duration // the other replica's lease
		finishes  time.Duration // when it is done with the update; 0: it died
		wantCode  int
		wantSent  int
		wantAfter time.Duration // how long the delivery took
	}{
		{"answered by the other", time.Minute, 2 * time.Second, http.StatusOK, 0, 2 * time.Second},
		{"the other died", 5 * time.Second, 0, http.StatusOK, 1, 5 * time.Second},
		{"the other is too slow", time.Hour, 0, http.StatusServiceUnavailable, 0, busyWait},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				h := newHarness(t)
				l := newSharedLedger(30 * time.Second)
				deliver := h.replica(l, newService(t))
				h.push(1, telegramtest.PrivateMessage(1, 5001, "id", bottest.Question))
				l.plant(1, tt.claimed)
				if tt.finishes > 0 {
					time.AfterFunc(tt.finishes, func() { l.finish(1) })
				}
				start := time.Now()
				if code := deliver(); code != tt.wantCode {
					t.Errorf("delivery answered %d, want %d", code, tt.wantCode)
				}
				if took := time.Since(start); took < tt.wantAfter || took > tt.wantAfter+time.Second {
					t.Errorf("the delivery took %v, want %v", took, tt.wantAfter)
				}
				h.settle()
				h.wantSent("sendMessage", tt.wantSent)
			})
		})
	}
}

// TestClaimRenewed: an answer that takes longer than the lease keeps its
// claim, renewed every third of the lease, so that no other replica takes
// the update meanwhile.
func TestClaimRenewed(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t)
		l := newSharedLedger(3 * time.Second)
		slow := hooked(t, func(context.Context, bot.Request) { time.Sleep(10 * time.Second) })
		deliver := h.replica(l, slow)
		h.push(1, telegramtest.PrivateMessage(1, 5001, "id", bottest.Question))
		if code := deliver(); code != http.StatusOK {
			t.Errorf("delivery answered %d", code)
		}
		l.mu.Lock()
		claims, expires := l.claims, l.expires[1]
		l.mu.Unlock()
		if claims < 4 { // the claim, and a renewal each second
			t.Errorf("%d claims, want the first and at least 3 renewals", claims)
		}
		if left := time.Until(expires); left < 2*time.Second {
			t.Errorf("the lease ends in %v after 10s of answering: not renewed", left)
		}
		h.wantSent("sendMessage", 1)
	})
}

// TestLedgerFails: when the ledger cannot claim an update, the webhook
// answers 503, so that Telegram sends it again; nothing is answered.
func TestLedgerFails(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t)
		l := newSharedLedger(30 * time.Second)
		l.claimErr = errors.New("connection refused")
		deliver := h.replica(l, newService(t))
		h.push(1, telegramtest.PrivateMessage(1, 5001, "id", bottest.Question))
		if code := deliver(); code != http.StatusServiceUnavailable {
			t.Errorf("delivery answered %d, want 503", code)
		}
		h.settle()
		h.wantSent("sendMessage", 0)
		if !strings.Contains(h.logs.String(), "connection refused") {
			t.Errorf("the ledger's error is not logged:\n%s", h.logs)
		}
	})
}

// TestPolledElsewhere: long polling a bot that another process polls (a
// shared ledger says so) stops Run with an error that says what to do.
func TestPolledElsewhere(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t)
		l := newSharedLedger(30 * time.Second)
		l.openErr = ErrPolledElsewhere
		cfg := h.config()
		cfg.Ledgers = l
		b, err := New(cfg, newService(t), h.logger())
		if err != nil {
			t.Fatal(err)
		}
		err = b.Run(t.Context())
		for _, want := range []string{"@" + telegramtest.BotUsername, "another process is long-polling", "webhook mode"} {
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("Run: %v, want an error saying %q", err, want)
			}
		}
		if !errors.Is(err, ErrPolledElsewhere) {
			t.Errorf("Run: %v, want ErrPolledElsewhere", err)
		}
		h.wantSent("getUpdates", 0)
	})
}
