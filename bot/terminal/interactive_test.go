package terminal_test

import (
	"bytes"
	"context"
	"io"
	"strings"
	"sync"
	"testing"
	"testing/synctest"

	"github.com/kutip/kutip/bot"
	"github.com/kutip/kutip/bot/bottest"
	"github.com/kutip/kutip/bot/terminal"
)

// fakeTTY is a terminal in raw mode: keys come from a pipe, and what the
// line editor draws is kept.
type fakeTTY struct {
	io.Reader
	mu  sync.Mutex
	out bytes.Buffer
}

func (f *fakeTTY) Write(p []byte) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.out.Write(p)
}

func (f *fakeTTY) String() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.out.String()
}

const (
	prompt = "kutip› "
	up     = "\x1b[A"
)

// TestInteractive types into the line editor: a question, a blank line,
// /source, then Up twice recalls the question past them (blank lines are
// not kept), and the chat ends as the user leaves.
func TestInteractive(t *testing.T) {
	const typed = bottest.Question + "\r\r/source\r" + up + up + "\r"
	tests := []struct {
		name  string
		keys  []string // typed after typed, one at a time
		stop  bool     // ctx is done once the keys are read
		color bool
		end   string // what the chat writes last
	}{
		{"ctrl-d", []string{"\x04"}, false, false, prompt + "\r\n"},
		{"ctrl-c on a half-typed line", []string{"Berap", "\x03"}, false, false, prompt + "Berap\r\n"},
		{"quit", []string{"/quit\r"}, false, false, prompt + "/quit\r\n"},
		{"ctx done", nil, true, false, prompt + "\r\n"},
		{"color", []string{"\x04"}, false, true, prompt + "\r\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				e := bottest.New()
				svc := bot.NewRouter(e, bot.Options{}).Service()
				keys, typing := io.Pipe()
				tty := &fakeTTY{Reader: keys}
				b, err := terminal.New(terminal.Config{In: keys, Out: tty, Color: tt.color}, svc, nil)
				if err != nil {
					t.Fatal(err)
				}
				ctx, cancel := context.WithCancel(t.Context())
				defer cancel()
				done := make(chan error)
				go func() { done <- b.Chat(ctx, tty, 100, 40) }()
				for _, k := range append([]string{typed}, tt.keys...) {
					if _, err := io.WriteString(typing, k); err != nil {
						t.Fatal(err)
					}
					synctest.Wait() // the editor has read and drawn the keys
				}
				if tt.stop {
					cancel() // all typed is answered, and the editor waits for keys
				}
				if err := <-done; err != nil {
					t.Fatalf("Chat() = %v, want nil", err)
				}
				typing.Close() // the read left behind ends

				out := tty.String()
				title, hello := bottest.GempaTitle, svc.Catalog.T("id", "chat.greeting")
				if tt.color {
					title = "\x1b[1m" + title + "\x1b[0m"
				}
				if want := title + "\r\n" + hello + "\r\n\r\n" + prompt; !strings.HasPrefix(out, want) {
					t.Errorf("the chat starts with\n%q, want\n%q", out[:min(len(out), len(want))], want)
				}
				if !strings.HasSuffix(out, tt.end) {
					t.Errorf("the chat ends with %q, want %q", out[max(len(out)-len(tt.end)-10, 0):], tt.end)
				}
				var asked []string
				for _, q := range e.Asked() {
					asked = append(asked, q.Text)
				}
				if len(asked) != 2 || asked[0] != bottest.Question || asked[1] != bottest.Question {
					t.Errorf("the engine was asked %q, want the question twice: Up recalls it", asked)
				}
				answer := "1. “Sedikitnya 62 orang meninggal dunia"
				if tt.color {
					answer = "1. “Sedikitnya 62 \x1b[1morang meninggal\x1b[0m dunia"
				}
				if n := strings.Count(out, answer); n != 2 {
					t.Errorf("the answer is shown %d times, want 2:\n%q", n, out)
				}
				if !strings.Contains(out, "luka-luka.”\r\n   (paragraf 2, kalimat 2)\r\n") || strings.Contains(strings.ReplaceAll(out, "\r\n", ""), "\n") {
					t.Errorf("lines do not end in CR LF, as raw mode needs:\n%q", out)
				}
			})
		})
	}
}
