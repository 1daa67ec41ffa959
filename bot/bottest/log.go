package bottest

import (
	"bytes"
	"regexp"
	"sync"
	"testing"
	"time"
)

// LogBuffer keeps what a logger writes, safe to write from the adapters'
// goroutines while the test reads it.
type LogBuffer struct {
	mu      sync.Mutex
	b       bytes.Buffer
	changed chan struct{} // closed and replaced on every write
}

func (l *LogBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.changed != nil {
		close(l.changed)
		l.changed = nil
	}
	return l.b.Write(p)
}

// Wait waits for the log to match re, and returns the match and its
// submatches. It fails the test after 10 seconds.
func (l *LogBuffer) Wait(t testing.TB, re *regexp.Regexp) []string {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		l.mu.Lock()
		m := re.FindStringSubmatch(l.b.String())
		if l.changed == nil {
			l.changed = make(chan struct{})
		}
		changed := l.changed
		l.mu.Unlock()
		if m != nil {
			return m
		}
		select {
		case <-changed:
		case <-deadline:
			t.Fatalf("no %q in the log in 10s:\n%s", re, l)
			return nil
		}
	}
}

func (l *LogBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
