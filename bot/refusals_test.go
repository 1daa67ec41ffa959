package bot

import (
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"
)

// countMeter counts refusals by reason.
type countMeter struct {
	NoMeter
	mu      sync.Mutex
	refused map[string]int
}

func (m *countMeter) Refused(_, reason string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.refused[reason]++
}

type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestRefusals: 2,000 forged requests from many goroutines are 2,000
// counts and one line a minute, each later line saying how many went
// unlogged.
func TestRefusals(t *testing.T) {
	tests := []struct {
		name  string
		steps []time.Duration // the clock's advance before each burst
		burst int
		lines []string // each line's end, in order
	}{
		{"one burst", []time.Duration{0}, 2000, []string{"reason=signature"}},
		{"a minute later", []time.Duration{0, time.Minute}, 1000, []string{"reason=signature", "reason=signature unlogged_before=999"}},
		{"within the minute", []time.Duration{0, 59 * time.Second}, 1000, []string{"reason=signature"}},
		{"one at a time, slowly", []time.Duration{0, 2 * time.Minute, 2 * time.Minute}, 1, []string{"reason=signature", "reason=signature", "reason=signature"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out syncBuffer
			log := slog.New(slog.NewTextHandler(&out, &slog.HandlerOptions{ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
				if a.Key == slog.TimeKey {
					return slog.Attr{}
				}
				return a
			}}))
			m := &countMeter{refused: map[string]int{}}
			r := NewRefusals("discord", log, m, RefusalLogEvery)
			now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
			var clock sync.Mutex
			r.now = func() time.Time { clock.Lock(); defer clock.Unlock(); return now }
			for _, step := range tt.steps {
				clock.Lock()
				now = now.Add(step)
				clock.Unlock()
				var wg sync.WaitGroup
				for range tt.burst {
					wg.Go(func() { r.Refuse("signature", "interaction refused", "remote", "192.0.2.1:1234") })
				}
				wg.Wait()
			}
			lines := strings.Split(strings.TrimSpace(out.String()), "\n")
			if len(lines) != len(tt.lines) {
				t.Fatalf("%d lines, want %d:\n%s", len(lines), len(tt.lines), out.String())
			}
			for i, l := range lines {
				if want := `level=WARN msg="interaction refused" remote=192.0.2.1:1234 ` + tt.lines[i]; l != want {
					t.Errorf("line %d: %s\nwant     %s", i, l, want)
				}
			}
			if want := len(tt.steps) * tt.burst; m.refused["signature"] != want {
				t.Errorf("%d refusals counted, want %d", m.refused["signature"], want)
			}
		})
	}
}
