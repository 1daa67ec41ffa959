package bottest

import (
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/kutip/kutip/bot"
)

// A Meter records what an adapter counts, a line each: "call sendMessage
// 200", "retry sendMessage 429", "request ask answered", "reconnect
// discord", "vote telegram true", "refused signature". It is safe for concurrent use; its zero
// value is ready.
type Meter struct {
	mu      sync.Mutex
	counted []string
	flying  int
}

var _ bot.Meter = (*Meter)(nil)

func (m *Meter) add(format string, args ...any) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.counted = append(m.counted, fmt.Sprintf(format, args...))
}

// Counted returns what was counted, in order.
func (m *Meter) Counted() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return slices.Clone(m.counted)
}

// InFlight returns how many updates have begun and are not done.
func (m *Meter) InFlight() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.flying
}

func (m *Meter) Request(_, command string, outcome bot.Outcome, _ time.Duration) {
	m.add("request %s %s", command, outcome)
}
func (m *Meter) Call(_, method, status string)  { m.add("call %s %s", method, status) }
func (m *Meter) Retry(_, method, reason string) { m.add("retry %s %s", method, reason) }
func (m *Meter) Reconnect(platform string)      { m.add("reconnect %s", platform) }
func (m *Meter) GaveUp(_, method string)        { m.add("gave up %s", method) }
func (m *Meter) Vote(platform string, up bool)  { m.add("vote %s %v", platform, up) }
func (m *Meter) Refused(_, reason string)       { m.add("refused %s", reason) }
func (m *Meter) Fetched(outcome string)         { m.add("fetched %s", outcome) }

func (m *Meter) Begin(string) (done func()) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.flying++
	var once sync.Once
	return func() {
		once.Do(func() {
			m.mu.Lock()
			defer m.mu.Unlock()
			m.flying--
		})
	}
}
