package terminal_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/kutip/kutip/bot"
	"github.com/kutip/kutip/bot/bottest"
	"github.com/kutip/kutip/bot/terminal"
	"github.com/kutip/kutip/internal/ptytest"
)

const (
	prompt = "kutip› "
	home   = "\x1b[1~" // Home and End as tmux sends them
	end    = "\x1b[4~"
	homeO  = "\x1bOH" // and as xterm does in application cursor mode
	endO   = "\x1bOF"
	up     = "\x1b[A"
)

// TestMain makes the test binary the chat itself when KUTIP_TEST_CHAT is
// set: on its standard input and output, over bottest, as kutip chat runs
// it, so that the tests below run it on a pseudo-terminal of their own.
func TestMain(m *testing.M) {
	if os.Getenv("KUTIP_TEST_CHAT") == "" {
		os.Exit(m.Run())
	}
	svc := bot.NewRouter(bottest.New(), bot.Options{Commands: append(bot.DefaultCommands(), terminal.Commands()...)}).Service()
	cfg := terminal.Config{In: os.Stdin, Out: os.Stdout, Color: os.Getenv("NO_COLOR") == "", History: os.Getenv("KUTIP_TEST_HISTORY")}
	b, err := terminal.New(cfg, svc, nil)
	if err == nil {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
		err = b.Run(ctx)
		stop()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Exit(0)
}

// chat starts the chat on a pseudo-terminal of cols × 24, with its history
// in the file history and NO_COLOR as given, and waits for its prompt.
func chat(t *testing.T, cols int, history, noColor string) (*ptytest.PTY, <-chan error) {
	t.Helper()
	p := ptytest.Open(t, cols, 24)
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "KUTIP_TEST_CHAT=1", "KUTIP_TEST_HISTORY="+history, "NO_COLOR="+noColor, "TERM=xterm-256color")
	cooked := p.Termios(t)
	done := p.Start(t, cmd)
	p.WaitFor(t, prompt, 1)
	t.Cleanup(func() {
		if got := p.Termios(t); got.Lflag != cooked.Lflag || got.Iflag != cooked.Iflag || got.Oflag != cooked.Oflag {
			t.Errorf("the terminal was left in another mode: lflag %#x iflag %#x oflag %#x, want %#x %#x %#x",
				got.Lflag, got.Iflag, got.Oflag, cooked.Lflag, cooked.Iflag, cooked.Oflag)
		}
	})
	return p, done
}

// wait waits for the chat to end by itself, successfully.
func wait(t *testing.T, done <-chan error) {
	t.Helper()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("the chat ended with %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the chat did not end")
	}
}

var escape = regexp.MustCompile(`\x1b\[[0-9;?]*[A-Za-z]`)

// rows returns the rows of what the chat wrote, its escape sequences out.
func rows(s string) []string {
	return strings.Split(escape.ReplaceAllString(strings.ReplaceAll(s, "\r\n", "\n"), ""), "\n")
}

// TestPTYWrap: replies are wrapped at word boundaries to the terminal's
// width as it is when each is shown, quotes under their first word; the
// greeting too.
func TestPTYWrap(t *testing.T) {
	p, done := chat(t, 40, "", "1")
	check := func(from, cols int, want ...string) {
		t.Helper()
		out := p.Since(from)
		for _, r := range rows(out) {
			if n := len([]rune(r)); n > cols-1 {
				t.Errorf("a row of %d columns on a terminal of %d: %q", n, cols, r)
			}
		}
		text := strings.Join(rows(out), "\n")
		for _, w := range want {
			if !strings.Contains(text, w) {
				t.Errorf("the chat on %d columns shows\n%s\nwithout %q", cols, text, w)
			}
		}
	}
	check(0, 40, "Perpustakaan: 2 artikel\nTanyakan apa saja; kutip mencari\njawabannya di semua artikel, mengutip\nkalimatnya dan menyebut artikelnya.\n/article untuk memilih satu, /help\nuntuk perintah, /quit untuk keluar.")
	from := p.Settle()
	p.Type(t, bottest.Question+"\r")
	p.WaitFor(t, prompt, 2)
	check(from, 40, "1. “Sedikitnya 62 orang meninggal dunia\n   dan ratusan lainnya luka-luka.”\n   (paragraf 2, kalimat 2)")

	p.Resize(t, 60, 24) // SIGWINCH: the editor draws its line again
	from = p.Settle()
	p.Type(t, bottest.Question+"\r")
	p.WaitFor(t, "(paragraf 3, kalimat 3)", 2)
	check(from, 60, "1. “Sedikitnya 62 orang meninggal dunia dan ratusan lainnya\n   luka-luka.”")
	p.Type(t, "/quit\r")
	wait(t, done)
}

// TestPTYKeys types as a user of tmux or xterm would: Home and End in both
// of their forms, and Up on a line of 3,000 characters, which the editor
// shows on one row, scrolled, never over the rows above it. The lines the
// chat got are read back from its history.
func TestPTYKeys(t *testing.T) {
	history := filepath.Join(t.TempDir(), "history")
	p, done := chat(t, 80, history, "1")

	p.Type(t, "korban"+home+"Berapa "+end+"?\r") // tmux's Home and End
	p.WaitFor(t, bottest.FirstAnswer[:20], 1)
	p.Type(t, "korban"+homeO+"Berapa "+endO+"?\r") // xterm's
	p.WaitFor(t, bottest.FirstAnswer[:20], 2)

	long := strings.Repeat("kata ", 600) // 3,000 characters
	p.Type(t, long+"\r")
	p.WaitFor(t, "Tidak ada artikel yang menyebutkan hal itu.", 1)
	from := p.Settle()
	p.Type(t, up)
	p.Settle()
	drawn := p.Since(from)
	if strings.Contains(drawn, "\n") || strings.Contains(drawn, "\x1b[A") {
		t.Errorf("recalling a long line moved off its row: %q", drawn)
	}
	for _, r := range strings.Split(escape.ReplaceAllString(drawn, ""), "\r") { // each redraw of the row
		if n := len([]rune(r)); n > 80 {
			t.Errorf("the recalled line is drawn %d columns wide on 80: %.100q", n, r)
		}
	}
	p.Type(t, home+"Z"+end+"!\r")
	p.WaitFor(t, "Tidak ada artikel yang menyebutkan hal itu.", 2)
	p.Type(t, "/quit now\r")
	wait(t, done)

	b, err := os.ReadFile(history)
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Join([]string{bottest.Question, long, "Z" + long + "!", "/quit now"}, "\n") + "\n"
	if string(b) != want {
		t.Errorf("the history holds\n%.200q\nwant\n%.200q", b, want)
	}
}

// TestPTYHistory: the history outlives the chat: Up in a second chat
// recalls the first one's question. It is the user's alone.
func TestPTYHistory(t *testing.T) {
	history := filepath.Join(t.TempDir(), "state", "kutip", "history")
	p, done := chat(t, 80, history, "1")
	p.Type(t, bottest.Question+"\r")
	p.WaitFor(t, bottest.FirstAnswer[:20], 1)
	p.Type(t, " 123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw\r") // a leading space and a token: not kept
	p.WaitFor(t, prompt, 3)
	p.Type(t, "/exit please\r")
	wait(t, done)

	p, done = chat(t, 80, history, "1")
	p.Type(t, up+up+"\r") // past "/exit please" to the question
	p.WaitFor(t, bottest.FirstAnswer[:20], 1)
	p.Type(t, "\x04")
	wait(t, done)
	b, _ := os.ReadFile(history)
	if want := "/exit please\n" + bottest.Question + "\n"; string(b) != want { // the recalled line is the newest
		t.Errorf("the history holds %q, want %q", b, want)
	}
	for _, path := range []string{history, filepath.Dir(history)} {
		if info, err := os.Stat(path); err != nil || info.Mode().Perm()&0o077 != 0 {
			t.Errorf("%s: %v, mode %v; want it the user's alone", path, err, info.Mode())
		}
	}
}

// TestPTYLeave: Ctrl-D and Ctrl-C leave the chat on a line of their own,
// the terminal in the mode it was in; /help lists /quit; color is ANSI
// bold unless NO_COLOR is set.
func TestPTYLeave(t *testing.T) {
	for _, tt := range []struct {
		name, keys, noColor string
		end                 string // what the chat writes last
		bold                bool
	}{
		{"ctrl-d", "\x04", "", prompt + "\r\n", true},
		{"ctrl-c on a half-typed line", "Berap\x03", "", prompt + "Berap^C\r\n", true},
		{"no color", "\x04", "1", prompt + "\r\n", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p, done := chat(t, 80, "", tt.noColor)
			p.Type(t, "/help\r")
			p.WaitFor(t, "/quit — Keluar dari obrolan", 1)
			p.Type(t, bottest.Question+"\r")
			p.WaitFor(t, "luka-luka.”", 1)
			p.WaitFor(t, prompt, 3)
			p.Settle() // the editor reads keys now, not the terminal's own line discipline
			p.Type(t, tt.keys)
			wait(t, done)
			p.Settle() // what it wrote last may still be on its way
			out := p.Screen()
			if !strings.HasSuffix(out, tt.end) {
				t.Errorf("the chat ends with %q, want %q: the prompt's line ended", out[max(0, len(out)-40):], tt.end)
			}
			if bold := strings.Contains(out, "\x1b[1m"); bold != tt.bold {
				t.Errorf("NO_COLOR=%q: bold %v, want %v", tt.noColor, bold, tt.bold)
			}
		})
	}
}

// TestPTYLongLine: a line over 64 KiB typed (pasted) into the line
// editor is answered that it is too long, and the chat goes on.
func TestPTYLongLine(t *testing.T) {
	p, done := chat(t, 80, "", "1")
	p.Type(t, strings.Repeat("x", 64<<10+1)+"\r")
	p.WaitFor(t, "Baris itu terlalu panjang: kutip membaca baris sampai 65536 byte.", 1)
	p.Type(t, bottest.Question+"\r")
	p.WaitFor(t, bottest.FirstAnswer[:20], 1)
	p.Type(t, "/quit\r")
	wait(t, done)
}
