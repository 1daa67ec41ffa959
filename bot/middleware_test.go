package bot_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/kutip/kutip/bot"
	"github.com/kutip/kutip/bot/bottest"
)

func TestGuard(t *testing.T) {
	tests := []struct {
		name    string
		h       bot.HandlerFunc
		lang    string
		text    string   // the reply's text
		outcome string   // in the log line and the reply
		logs    []string // also in the log
	}{
		{"answers", func(context.Context, bot.Request) (bot.Reply, error) {
			return bot.Reply{Kind: bot.KindText, Text: "ok", Outcome: bot.Answered}, nil
		}, "id", "ok", "answered", nil},
		{"panics", func(context.Context, bot.Request) (bot.Reply, error) { panic("boom") }, "en-US",
			"Sorry, something went wrong while answering. Please try again.", "error", []string{"level=ERROR", "panic=boom", "stack=", "middleware_test.go"}},
		{"fails", func(context.Context, bot.Request) (bot.Reply, error) { return bot.Reply{}, errors.New("disk on fire") }, "",
			"Maaf, pertanyaan itu tidak bisa dijawab sekarang.", "error", []string{"level=ERROR", `err="disk on fire"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var logs bottest.LogBuffer
			h := bot.Guard(slog.New(slog.NewTextHandler(&logs, nil)), bot.DefaultCatalog(), tt.h)
			rep, err := h.Handle(t.Context(), bot.Request{Platform: "test", Command: "ask", Args: "secret question", Chat: "test:7", Lang: tt.lang})
			if err != nil {
				t.Fatal(err)
			}
			if rep.Text != tt.text || string(rep.Outcome) != tt.outcome {
				t.Errorf("reply %q (%s), want %q (%s)", rep.Text, rep.Outcome, tt.text, tt.outcome)
			}
			got := logs.String()
			line := "level=INFO msg=request platform=test command=ask chat_id=test:7 outcome=" + tt.outcome + " latency="
			if strings.Count(got, "msg=request ") != 1 || !strings.Contains(got, line) {
				t.Errorf("want one request line holding %q:\n%s", line, got)
			}
			for _, want := range tt.logs {
				if !strings.Contains(got, want) {
					t.Errorf("the log does not hold %q:\n%s", want, got)
				}
			}
			if strings.Contains(got, "secret question") {
				t.Errorf("the log holds the question:\n%s", got)
			}
		})
	}
}

// TestGuardStopped: a request stopped by its context is left to the
// adapter, not apologised for.
func TestGuardStopped(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	h := bot.Guard(slog.New(slog.DiscardHandler), bot.DefaultCatalog(), bot.HandlerFunc(func(ctx context.Context, _ bot.Request) (bot.Reply, error) {
		cancel()
		return bot.Reply{}, ctx.Err()
	}))
	if _, err := h.Handle(ctx, bot.Request{}); !errors.Is(err, context.Canceled) {
		t.Errorf("Handle = %v, want context.Canceled", err)
	}
}

func TestInflight(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var f bot.Inflight
		if !f.Start() {
			t.Fatal("Start refused before Drain")
		}
		go func() {
			time.Sleep(3 * time.Second)
			f.Done()
		}()
		start := time.Now()
		if !f.Drain(10 * time.Second) {
			t.Error("Drain gave up on a request that finished in time")
		}
		if d := time.Since(start); d != 3*time.Second {
			t.Errorf("Drain waited %v, want 3s: until the request was done", d)
		}
		if f.Start() {
			t.Error("Start took a request after Drain")
		}
	})
	synctest.Test(t, func(t *testing.T) {
		var f bot.Inflight
		f.Start() // never done
		start := time.Now()
		if f.Drain(2 * time.Second) {
			t.Error("Drain reported done a request that never was")
		}
		if d := time.Since(start); d != 2*time.Second {
			t.Errorf("Drain waited %v, want its grace, 2s", d)
		}
		f.Done() // late, so that nothing is left waiting when the test ends
	})
}

func TestOutlive(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, stop := context.WithCancel(t.Context())
		work, cancel := bot.Outlive(ctx, 5*time.Second)
		defer cancel()
		stop()
		start := time.Now()
		<-work.Done()
		if d := time.Since(start); d != 5*time.Second {
			t.Errorf("the work was cancelled %v after its parent, want 5s", d)
		}
	})
	synctest.Test(t, func(t *testing.T) {
		work, cancel := bot.Outlive(t.Context(), time.Second)
		cancel()
		if work.Err() == nil {
			t.Error("cancel does not cancel the work")
		}
	})
}

func TestSecret(t *testing.T) {
	s := bot.Secret("123:s3cr3t")
	var logs bottest.LogBuffer
	slog.New(slog.NewTextHandler(&logs, nil)).Info("start", "token", s)
	b, _ := s.MarshalText()
	for _, shown := range []string{fmt.Sprint(s), fmt.Sprintf("%v %s %#v", s, s, s), logs.String(), string(b)} {
		if strings.Contains(shown, "s3cr3t") || !strings.Contains(shown, "REDACTED") {
			t.Errorf("the secret shows: %q", shown)
		}
	}
	if string(s) != "123:s3cr3t" {
		t.Error("string(s) must give the secret to the client that needs it")
	}
}

func TestRecover(t *testing.T) {
	var logs bottest.LogBuffer
	log := slog.New(slog.NewTextHandler(&logs, nil))
	func() {
		defer bot.Recover(log, "render")
		panic("index out of range")
	}()
	got := logs.String()
	for _, want := range []string{"level=ERROR", "event=render", `panic="index out of range"`, "stack=", "TestRecover"} {
		if !strings.Contains(got, want) {
			t.Errorf("the log does not hold %q:\n%s", want, got)
		}
	}
	var calm bottest.LogBuffer
	func() { defer bot.Recover(slog.New(slog.NewTextHandler(&calm, nil)), "calm") }()
	if calm.String() != "" {
		t.Errorf("no panic, yet the log says %q", calm.String())
	}
}

// TestGuardDebugText: the text of a request is logged at debug only.
func TestGuardDebugText(t *testing.T) {
	var logs bottest.LogBuffer
	ok := func(context.Context, bot.Request) (bot.Reply, error) { return bot.Reply{Outcome: bot.Answered}, nil }
	h := bot.Guard(slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})), bot.DefaultCatalog(), bot.HandlerFunc(ok))
	if _, err := h.Handle(t.Context(), bot.Request{Platform: "test", Command: "ask", Args: "berapa korban?", Chat: "test:7"}); err != nil {
		t.Fatal(err)
	}
	if want := `level=DEBUG msg="request text" platform=test command=ask chat_id=test:7 text="berapa korban?"`; !strings.Contains(logs.String(), want) {
		t.Errorf("want %s in the log:\n%s", want, logs.String())
	}
}

// meter records what it is given; Measure's tests read it.
type meter struct {
	bot.NoMeter
	requests []string
}

func (m *meter) Request(platform, command string, outcome bot.Outcome, latency time.Duration) {
	m.requests = append(m.requests, fmt.Sprintf("%s %s %s %v", platform, command, outcome, latency))
}

func TestMeasure(t *testing.T) {
	tests := []struct {
		command string
		err     error
		want    string
	}{
		{"ask", nil, "test ask answered 2s"},
		{"start", nil, "test help answered 2s"}, // an alias counts as its command
		{"", nil, "test help answered 2s"},
		{"weather", nil, "test other answered 2s"}, // what a user typed is no name
		{"quote", context.Canceled, "test quote error 2s"},
	}
	for _, tt := range tests {
		t.Run(tt.command, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				var m meter
				slow := func(context.Context, bot.Request) (bot.Reply, error) {
					time.Sleep(2 * time.Second)
					return bot.Reply{Outcome: bot.Answered}, tt.err
				}
				h := bot.Measure(&m, bot.DefaultCommands(), bot.HandlerFunc(slow))
				if _, err := h.Handle(t.Context(), bot.Request{Platform: "test", Command: tt.command}); err != tt.err {
					t.Fatalf("Handle: %v, want %v", err, tt.err)
				}
				if len(m.requests) != 1 || m.requests[0] != tt.want {
					t.Errorf("counted %q, want %q", m.requests, tt.want)
				}
			})
		})
	}
}
