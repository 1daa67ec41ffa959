package bot

import (
	"log/slog"
	"sync"
	"time"
)

// RefusalLogEvery is how often, at most, Refusals logs a line.
const RefusalLogEvery = time.Minute

// Refusals logs and counts the requests an endpoint refuses (a forged
// signature, a missing secret). Each one is counted by the meter, but at
// most one line is logged a period, which says how many went unlogged
// since the line before: a flood of forged requests does not flood the
// log. It is safe for concurrent use.
type Refusals struct {
	platform string
	log      *slog.Logger
	meter    Meter
	every    time.Duration
	now      func() time.Time

	mu     sync.Mutex
	next   time.Time // when the next line may be logged
	silent int       // refusals not logged since the last line
}

// NewRefusals returns the refusals of platform's endpoint, logged to log
// (nil: discarded) at most once every period, counted by m (nil: not
// counted).
func NewRefusals(platform string, log *slog.Logger, m Meter, every time.Duration) *Refusals {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if m == nil {
		m = NoMeter{}
	}
	return &Refusals{platform: platform, log: log, meter: m, every: every, now: time.Now}
}

// Refuse counts a request refused for reason (a metric label: one of a
// few words kutip fixes) and logs msg with attrs at warning level, unless
// a line was logged less than a period ago.
func (r *Refusals) Refuse(reason, msg string, attrs ...any) {
	r.meter.Refused(r.platform, reason)
	r.mu.Lock()
	now := r.now()
	if now.Before(r.next) {
		r.silent++
		r.mu.Unlock()
		return
	}
	r.next = now.Add(r.every)
	silent := r.silent
	r.silent = 0
	r.mu.Unlock()
	attrs = append(attrs, "reason", reason)
	if silent > 0 {
		attrs = append(attrs, "unlogged_before", silent)
	}
	r.log.Warn(msg, attrs...)
}
