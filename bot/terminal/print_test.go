package terminal_test

import (
	"strings"
	"testing"
	"unicode"

	"github.com/kutip/kutip/bot"
	"github.com/kutip/kutip/bot/bottest"
	"github.com/kutip/kutip/bot/terminal"
	"github.com/kutip/kutip/qa"
)

// ask returns the router's reply to a question over bottest, as kutip ask
// asks it.
func ask(t *testing.T, question string, explain bool) bot.Reply {
	t.Helper()
	rep, err := bot.NewRouter(bottest.New(), bot.Options{}).Handle(t.Context(),
		bot.Request{Platform: "cli", Command: bot.CmdAsk, Args: question, Explain: explain})
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// TestExplain pins kutip ask --explain: the reply, then how each quote was
// scored.
func TestExplain(t *testing.T) {
	rep := ask(t, bottest.Question, true)
	var b strings.Builder
	if err := terminal.Print(&b, bot.DefaultCatalog(), rep, false, 0); err != nil {
		t.Fatal(err)
	}
	if err := terminal.PrintExplain(&b, rep); err != nil {
		t.Fatal(err)
	}
	golden(t, "explain.txt", b.String())
}

// TestJSON pins kutip ask --json, explained or not, and abstaining.
func TestJSON(t *testing.T) {
	tests := []struct {
		name     string
		question string
		explain  bool
	}{
		{"json.txt", bottest.Question, false},
		{"json-explain.txt", bottest.Question, true},
		{"json-abstains.txt", bottest.Unanswered, false},
		{"json-markup.txt", bottest.Markup, false},
	}
	for _, tt := range tests {
		var b strings.Builder
		if err := terminal.WriteJSON(&b, ask(t, tt.question, tt.explain)); err != nil {
			t.Fatal(err)
		}
		golden(t, tt.name, b.String())
	}
}

// FuzzPrint checks that whatever an article holds, what the terminal
// shows has no control character but tabs, line breaks and ANSI bold, no
// bidirectional control, and loses none of the quote's words.
func FuzzPrint(f *testing.F) {
	f.Add("Sedikitnya 62 \x1b[31morang\a meninggal\r\n dunia.", "Judul\x9b2J", 14, 26)
	f.Add("\x1b]8;;https://evil.example\x1b\\tautan\x1b]8;;\x1b\\", "", 0, 3)
	f.Add("€\u0085\u200f x\t", "\x00", 1, 3)
	f.Fuzz(func(t *testing.T, text, title string, start, end int) {
		rep := bot.Reply{Kind: bot.KindAnswer, Lang: "id",
			Article: &bot.Article{ID: "a", Title: title, URL: "https://kabar.example/a", Source: title},
			Quotes:  []bot.Quote{{Text: text, Highlights: []bot.Span{{Start: start, End: end}}, Speaker: title}},
		}
		for _, color := range []bool{false, true} {
			var b strings.Builder
			if err := terminal.Print(&b, bot.DefaultCatalog(), rep, color, 0); err != nil {
				t.Fatal(err)
			}
			shown := strings.NewReplacer("\x1b[1m", "", "\x1b[0m", "").Replace(b.String())
			for _, r := range shown {
				if unicode.IsControl(r) && r != '\n' && r != '\t' || unicode.Is(unicode.Bidi_Control, r) {
					t.Fatalf("Print(%q, color %v) shows %U:\n%q", text, color, r, b.String())
				}
			}
			for _, w := range strings.FieldsFunc(string([]rune(text)), func(r rune) bool {
				return unicode.IsSpace(r) || unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r)
			}) {
				if !strings.Contains(shown, w) {
					t.Fatalf("Print(%q, color %v) lost %q:\n%q", text, color, w, shown)
				}
			}
		}
	})
}

func TestPrintExplainRewrites(t *testing.T) {
	rep := bot.Reply{Kind: bot.KindAnswer, Lang: "id", Rewrites: []qa.Rewrite{
		{From: "brp", To: "berapa", How: "normalized"}, {From: "died", To: "meninggal", How: "translated"},
	}}
	var b strings.Builder
	if err := terminal.PrintExplain(&b, rep); err != nil {
		t.Fatal(err)
	}
	if want := "\nread as: brp → berapa (normalized); died → meninggal (translated);\n"; b.String() != want {
		t.Errorf("PrintExplain = %q, want %q", b.String(), want)
	}
	b.Reset()
	if err := terminal.WriteJSON(&b, rep); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), `"rewrites": [`) || !strings.Contains(b.String(), `"how": "translated"`) {
		t.Errorf("WriteJSON has no rewrites:\n%s", b.String())
	}
}
