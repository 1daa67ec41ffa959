package telegram

import (
	"context"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

// TestLimits sends at once what Telegram's limits spread out, and checks
// when each message went.
func TestLimits(t *testing.T) {
	tests := []struct {
		name  string
		dests []dest
		last  time.Duration // when the last may go
	}{
		{"30 chats", repeat(30, func(i int) dest { return dest{chat: int64(i + 1)} }), 0},
		{"31 chats", repeat(31, func(i int) dest { return dest{chat: int64(i + 1)} }), time.Second},
		{"3 to a private chat", repeat(3, func(int) dest { return dest{chat: 1} }), 2 * time.Second},
		{"21 to a group", repeat(21, func(int) dest { return dest{chat: -1, group: true} }), time.Minute},
		{"20 to a group", repeat(20, func(int) dest { return dest{chat: -1, group: true} }), 19 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				l := newLimits()
				start := time.Now()
				var mu sync.Mutex
				var last time.Duration
				var wg sync.WaitGroup
				for _, d := range tt.dests {
					wg.Go(func() {
						if err := l.wait(t.Context(), d); err != nil {
							t.Error(err)
						}
						mu.Lock()
						last = max(last, time.Since(start))
						mu.Unlock()
					})
				}
				wg.Wait()
				if last != tt.last {
					t.Errorf("the last message went at %v, want %v", last, tt.last)
				}
			})
		})
	}
}

func repeat(n int, f func(int) dest) []dest {
	out := make([]dest, n)
	for i := range out {
		out[i] = f(i)
	}
	return out
}

func TestLimitsWaitEndsWithContext(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := newLimits()
		l.wait(t.Context(), dest{chat: 1})
		ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
		defer cancel()
		if err := l.wait(ctx, dest{chat: 1}); err == nil {
			t.Error("wait outlived its context")
		}
	})
}

// TestFloodByDate: a user is judged by when the messages were sent, so
// that a backlog sent at a fair pace is let through however bunched it is
// handled, and a burst gets one notice.
func TestFloodByDate(t *testing.T) {
	f := newFlood(2, 10*time.Second)
	sent := time.Now().Add(-time.Hour) // a backlog: the bot was down an hour
	for i := range 10 {
		if ok, _ := f.allow(1, sent.Add(time.Duration(i)*6*time.Second)); !ok {
			t.Fatalf("message %d, sent 6 s after the one before, refused", i)
		}
	}
	burst := sent.Add(2 * time.Minute)
	var refused, notices int
	for range 5 {
		ok, notice := f.allow(1, burst)
		if !ok {
			refused++
		}
		if notice {
			notices++
		}
	}
	if refused != 3 || notices != 1 {
		t.Errorf("5 messages sent in one second: %d refused, %d notices; want 3 and 1", refused, notices)
	}
	if ok, _ := f.allow(2, time.Now().Add(time.Hour)); !ok {
		t.Error("a date in the future (a clock ahead) refused")
	}
}

func TestFlood(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFlood(2, 10*time.Second)
		steps := []struct {
			after        time.Duration
			user         int64
			ok, noticeIt bool
		}{
			{0, 1, true, false},
			{0, 1, true, false},
			{0, 1, false, true},  // over: one notice
			{0, 1, false, false}, // then silence
			{0, 2, true, false},  // another user is not held back
			{10 * time.Second, 1, true, false},
			{0, 1, true, false},
			{0, 1, false, true}, // a new flood, a new notice
		}
		for i, s := range steps {
			time.Sleep(s.after)
			ok, notice := f.allow(s.user, time.Now())
			if ok != s.ok || notice != s.noticeIt {
				t.Errorf("step %d: allow(%d) = %v, %v; want %v, %v", i, s.user, ok, notice, s.ok, s.noticeIt)
			}
		}
	})
}
