package fetch

import (
	"errors"
	"sync"
	"time"
)

// ErrLimited is a fetch a user may not make yet: they fetched too many.
var ErrLimited = errors.New("too many fetches; wait a while")

// A Limiter lets each user fetch a burst of pages at once and then one page
// every so often: a token bucket per user. It is safe for concurrent use.
type Limiter struct {
	every time.Duration // one more fetch a user may make, each time this passes
	burst int
	now   func() time.Time

	mu      sync.Mutex
	buckets map[string]*bucket
}

type bucket struct {
	tokens float64
	at     time.Time // when tokens was counted
}

// maxUsers is how many users a Limiter remembers before it forgets those
// whose bucket is full again.
const maxUsers = 1024

// NewLimiter returns a Limiter that lets a user make burst fetches at once
// and one more each time every passes (burst at least 1), reading the time
// from now (nil: time.Now).
func NewLimiter(every time.Duration, burst int, now func() time.Time) *Limiter {
	if now == nil {
		now = time.Now
	}
	return &Limiter{every: every, burst: max(burst, 1), now: now, buckets: map[string]*bucket{}}
}

// Allow reports whether user may fetch a page now, and counts it if so;
// when not, it says how long until they may.
func (l *Limiter) Allow(user string) (ok bool, wait time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	b, seen := l.buckets[user]
	if !seen {
		if len(l.buckets) >= maxUsers {
			l.forget(now)
		}
		b = &bucket{tokens: float64(l.burst), at: now}
		l.buckets[user] = b
	}
	l.refill(b, now)
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	return false, time.Duration((1 - b.tokens) * float64(l.every))
}

func (l *Limiter) refill(b *bucket, now time.Time) {
	if l.every <= 0 {
		b.tokens = float64(l.burst)
	} else if d := now.Sub(b.at); d > 0 {
		b.tokens = min(float64(l.burst), b.tokens+float64(d)/float64(l.every))
	}
	b.at = now
}

// forget drops the users whose bucket is full again: they are as if new.
func (l *Limiter) forget(now time.Time) {
	for user, b := range l.buckets {
		if l.refill(b, now); b.tokens >= float64(l.burst) {
			delete(l.buckets, user)
		}
	}
}
