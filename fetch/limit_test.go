package fetch_test

import (
	"fmt"
	"testing"
	"testing/synctest"
	"time"

	"github.com/kutip/kutip/fetch"
)

// TestLimiter lets a user fetch three pages at once, then one a minute,
// each user on their own, on synctest's clock.
func TestLimiter(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := fetch.NewLimiter(time.Minute, 3, nil)
		for i := range 3 {
			if ok, _ := l.Allow("telegram:1"); !ok {
				t.Fatalf("fetch %d of a burst of 3 refused", i+1)
			}
		}
		if ok, wait := l.Allow("telegram:1"); ok || wait != time.Minute {
			t.Errorf("the fourth at once: %v, wait %v; want refused, a minute", ok, wait)
		}
		if ok, _ := l.Allow("discord:1"); !ok {
			t.Error("another user was refused")
		}
		time.Sleep(40 * time.Second)
		if ok, wait := l.Allow("telegram:1"); ok || wait != 20*time.Second {
			t.Errorf("after 40 s: %v, wait %v; want refused, 20 s", ok, wait)
		}
		time.Sleep(20 * time.Second)
		if ok, _ := l.Allow("telegram:1"); !ok {
			t.Error("after a minute: refused")
		}
		if ok, _ := l.Allow("telegram:1"); ok {
			t.Error("two after a minute")
		}
		time.Sleep(time.Hour) // the bucket fills to its burst, no more
		for i := range 4 {
			if ok, _ := l.Allow("telegram:1"); ok != (i < 3) {
				t.Errorf("an hour later, fetch %d: %v", i+1, ok)
			}
		}
	})
}

// TestLimiterClock runs a Limiter on a clock of the test's own, and checks
// that it forgets users whose bucket is full again, not those still waiting.
func TestLimiterClock(t *testing.T) {
	now := time.Date(2024, 3, 5, 14, 0, 0, 0, time.UTC)
	l := fetch.NewLimiter(time.Minute, 1, func() time.Time { return now })
	if ok, _ := l.Allow("waiting"); !ok {
		t.Fatal("first fetch refused")
	}
	for i := range 2000 {
		l.Allow(fmt.Sprint("user", i))
		now = now.Add(time.Millisecond)
	}
	if ok, _ := l.Allow("waiting"); ok {
		t.Error("a user who must wait was forgotten")
	}
	now = now.Add(time.Minute)
	if ok, _ := l.Allow("waiting"); !ok {
		t.Error("refused a minute later")
	}
}
