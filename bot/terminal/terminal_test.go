package terminal_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/synctest"
	"unicode"

	"github.com/kutip/kutip/bot"
	"github.com/kutip/kutip/bot/bottest"
	"github.com/kutip/kutip/bot/terminal"
	"github.com/kutip/kutip/corpus"
	goldenfile "github.com/kutip/kutip/internal/golden"
	"github.com/kutip/kutip/qa"
)

// golden compares got with testdata/name, or rewrites it under -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	goldenfile.Check(t, filepath.Join("testdata", name), []byte(got))
}

func service() bot.Service { return bot.NewRouter(bottest.New(), bot.Options{}).Service() }

// run runs a chat of cfg over svc on the given input, piped, and returns
// what it wrote and logged.
func run(t *testing.T, cfg terminal.Config, svc bot.Service, in string) (out, logged string) {
	t.Helper()
	var stdout, log bytes.Buffer
	cfg.In, cfg.Out = strings.NewReader(in), &stdout
	b, err := terminal.New(cfg, svc, slog.New(slog.NewTextHandler(&log, nil)))
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Run(t.Context()); err != nil {
		t.Fatalf("Run: %v", err)
	}
	return stdout.String(), log.String()
}

// TestSession pins a scripted, piped chat over bottest: each
// testdata/session-*.txt holds the lines typed, then "-- out --" and what
// the chat wrote.
func TestSession(t *testing.T) {
	tests := []struct {
		file string
		cfg  terminal.Config
	}{
		{"session-id.txt", terminal.Config{}},
		{"session-en.txt", terminal.Config{Lang: "en"}},
		{"session-color.txt", terminal.Config{Color: true}},
	}
	const sep = "-- out --\n"
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join("testdata", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			in, _, ok := strings.Cut(string(b), sep)
			if !ok {
				t.Fatalf("%s has no %q line", tt.file, strings.TrimSpace(sep))
			}
			out, log := run(t, tt.cfg, service(), in)
			golden(t, tt.file, in+sep+out)

			// One log line a request, from bot.Guard: every line but the
			// blank ones, up to the one that quits.
			asked := 0
			for _, line := range strings.Split(in, "\n") {
				line = strings.ToLower(strings.TrimSpace(line))
				if line == "/quit" || line == "exit" {
					break
				}
				if line != "" {
					asked++
				}
			}
			if n := strings.Count(log, "msg=request platform=terminal"); n != asked {
				t.Errorf("%d requests logged, want %d:\n%s", n, asked, log)
			}
			if !strings.Contains(log, "chat_id=terminal") {
				t.Errorf("the log does not name the chat:\n%s", log)
			}
		})
	}
}

// TestQuit checks every way to leave, and that nothing after it is asked.
func TestQuit(t *testing.T) {
	for _, quit := range []string{"/quit", "/exit", "/q", "quit", "exit", " QUIT "} {
		e := bottest.New()
		out, _ := run(t, terminal.Config{}, bot.NewRouter(e, bot.Options{}).Service(), quit+"\n"+bottest.Question+"\n")
		if out != "" || len(e.Asked()) != 0 {
			t.Errorf("%q: the chat went on: wrote %q, asked %v", quit, out, e.Asked())
		}
	}
}

// TestNoControl checks that control characters from an article (escape
// sequences, bells, carriage returns, C1 controls, bidirectional
// overrides) never reach the
// terminal, with color on or off: only tabs and line breaks do, and ANSI
// bold.
func TestNoControl(t *testing.T) {
	const nasty = "\x1b[2J\x1b]0;owned\a\rKorban\x9b31m \x00\x7f\u0085tewas\x08\x1b[0m \u202eterbalik\u2066 \xff"
	e := bottest.New()
	info := e.Library[0]
	info.Title = "Judul\x1b[5m berkedip\a"
	info.Source = "\x1b]8;;https://evil.example\x1b\\Sumber\x1b]8;;\x1b\\"
	e.Library[0] = info
	q := qa.Hit{Article: "gempa", Text: nasty, Highlights: []qa.Span{{Start: strings.Index(nasty, "Korban"), End: strings.Index(nasty, "Korban") + 6}}}
	e.Answers["nasty"] = qa.Answer{Hits: []qa.Hit{q}, Matched: 1}
	e.Answers["closest"] = qa.Answer{Abstained: true, Closest: &q}
	e.Quotes["gempa"] = []corpus.Quotation{{Text: nasty, Speaker: "Dia\x1b[8m", Role: "\rJuru bicara\a"}}
	svc := bot.NewRouter(e, bot.Options{}).Service()
	for _, color := range []bool{false, true} {
		out, _ := run(t, terminal.Config{Color: color}, svc, "nasty\nclosest\n/quotes\n/quote Dia\n/source\n/article\n/ask \x1b[31m\n")
		if !strings.Contains(out, "Korban") || !strings.Contains(out, "berkedip") {
			t.Fatalf("color %v: the quote or the title is missing:\n%q", color, out)
		}
		if got := strings.Count(out, "\x1b[1m"); color != (got > 0) {
			t.Errorf("color %v: %d bold sequences", color, got)
		}
		rest := strings.NewReplacer("\x1b[1m", "", "\x1b[0m", "").Replace(out)
		for _, r := range rest {
			if unicode.IsControl(r) && r != '\n' && r != '\t' || unicode.Is(unicode.Bidi_Control, r) {
				t.Fatalf("color %v: control character %U reached the terminal:\n%q", color, r, out)
			}
		}
	}
}

// TestFailure checks that a handler's failure reaches the user as the
// guard's apology, in the chat's language, and the chat goes on.
func TestFailure(t *testing.T) {
	svc := service()
	svc.Handler = bot.HandlerFunc(func(ctx context.Context, req bot.Request) (bot.Reply, error) {
		if req.Args == "panic" {
			panic("boom")
		}
		return bot.Reply{}, errors.New("engine down")
	})
	out, log := run(t, terminal.Config{Lang: "en"}, svc, "fail\npanic\n")
	want := svc.Catalog.T("en", "error.failed") + "\n\n" + svc.Catalog.T("en", "error.panic") + "\n\n"
	if out != want {
		t.Errorf("the chat wrote %q, want %q", out, want)
	}
	if !strings.Contains(log, "engine down") || !strings.Contains(log, "boom") {
		t.Errorf("the failures are not logged:\n%s", log)
	}
}

func TestNew(t *testing.T) {
	in, out := strings.NewReader(""), io.Discard
	tests := []struct {
		name string
		cfg  terminal.Config
		svc  bot.Service
		err  string // "" for none
	}{
		{"defaults", terminal.Config{In: in, Out: out}, service(), ""},
		{"lang", terminal.Config{In: in, Out: out, Lang: "en"}, service(), ""},
		{"regional lang", terminal.Config{In: in, Out: out, Lang: "en-US"}, service(), ""},
		{"regional lang with _", terminal.Config{In: in, Out: out, Lang: "id_ID"}, service(), ""},
		{"lang not spoken", terminal.Config{In: in, Out: out, Lang: "fr"}, service(), `kutip does not speak "fr"; it speaks id, en`},
		{"not a lang", terminal.Config{In: in, Out: out, Lang: "english!"}, service(), `lang "english!" is not a language code`},
		{"lang of one letter", terminal.Config{In: in, Out: out, Lang: "e"}, service(), "is not a language code"},
		{"lang ends in -", terminal.Config{In: in, Out: out, Lang: "en-"}, service(), "is not a language code"},
		{"no input", terminal.Config{Out: out}, service(), "no input or no output"},
		{"no output", terminal.Config{In: in}, service(), "no input or no output"},
		{"no handler", terminal.Config{In: in, Out: out}, bot.Service{Catalog: bot.DefaultCatalog()}, "no handler or no catalog"},
		{"no catalog", terminal.Config{In: in, Out: out}, bot.Service{Handler: service().Handler}, "no handler or no catalog"},
	}
	for _, tt := range tests {
		_, err := terminal.New(tt.cfg, tt.svc, nil)
		if tt.err == "" && err != nil || tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)) {
			t.Errorf("%s: New() = %v, want %q", tt.name, err, tt.err)
		}
		if verr := tt.cfg.Validate(); (verr != nil) != strings.Contains(tt.err, "language code") {
			t.Errorf("%s: Validate() = %v", tt.name, verr)
		}
	}
}

// TestStop checks that Run returns nil as soon as ctx is done, though no
// line comes and the read cannot be stopped.
func TestStop(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r, w := io.Pipe()
		var out bytes.Buffer
		b, err := terminal.New(terminal.Config{In: r, Out: &out}, service(), nil)
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(t.Context())
		done := make(chan error)
		go func() { done <- b.Run(ctx) }()
		if _, err := io.WriteString(w, bottest.Question+"\n"); err != nil {
			t.Fatal(err)
		}
		synctest.Wait() // answered, and blocked reading the next line
		if !strings.Contains(out.String(), bottest.FirstAnswer) {
			t.Fatalf("no answer before the stop: %q", out.String())
		}
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run after ctx is done = %v, want nil", err)
		}
		w.Close() // the read left behind ends
	})
}

type failing struct{ err error }

func (f failing) Read([]byte) (int, error)  { return 0, f.err }
func (f failing) Write([]byte) (int, error) { return 0, f.err }

func TestRunFails(t *testing.T) {
	broken := errors.New("broken pipe")
	tests := []struct {
		name string
		cfg  terminal.Config
		want string
	}{
		{"read", terminal.Config{In: failing{broken}, Out: io.Discard}, "terminal: read: broken pipe"},
		{"write", terminal.Config{In: strings.NewReader(bottest.Question + "\n"), Out: failing{broken}}, "terminal: write: broken pipe"},
	}
	for _, tt := range tests {
		b, err := terminal.New(tt.cfg, service(), nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := b.Run(t.Context()); err == nil || err.Error() != tt.want {
			t.Errorf("%s: Run() = %v, want %q", tt.name, err, tt.want)
		}
	}
}

// TestEngine is the one chat on the real engine and article: the answer is
// the article's own sentence.
func TestEngine(t *testing.T) {
	c := corpus.Default()
	svc := bot.NewRouter(qa.New(c), bot.Options{}).Service()
	out, _ := run(t, terminal.Config{}, svc, "Berapa orang yang tewas?\n")
	if !strings.Contains(out, "15 orang meninggal dunia") || !strings.Contains(out, "Sumber: "+c.Articles[0].Title) {
		t.Errorf("the real engine's answer is not the article's:\n%s", out)
	}
}
