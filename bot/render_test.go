package bot_test

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/kutip/kutip/bot"
	"github.com/kutip/kutip/bot/bottest"
)

func TestSegments(t *testing.T) {
	tests := []struct {
		name string
		q    bot.Quote
		want string // bold in brackets
	}{
		{"joined", bot.Quote{Text: "15 orang meninggal dunia di sini", Highlights: []bot.Span{{3, 8}, {9, 18}, {19, 24}}}, "15 [orang meninggal dunia] di sini"},
		{"bad spans skipped", bot.Quote{Text: "15 orang meninggal", Highlights: []bot.Span{{3, 8}, {100, 200}, {5, 6}, {9, 9}, {-1, 2}}}, "15 [orang] meninggal"},
		{"mid-rune span skipped", bot.Quote{Text: "Prancis €uro", Highlights: []bot.Span{{9, 10}, {0, 7}}}, "[Prancis] €uro"},
		{"white space folded", bot.Quote{Text: "  Kata\n  dia,\t\"aman\u00a0sekali\"  \r\n", Highlights: []bot.Span{{2, 6}, {21, 27}}}, "[Kata] dia, \"aman [sekali]\""},
		{"space between bold words", bot.Quote{Text: "orang\n  meninggal", Highlights: []bot.Span{{0, 5}, {8, 17}}}, "[orang meninggal]"},
		{"empty", bot.Quote{Text: " \n "}, ""},
	}
	for _, tt := range tests {
		var b strings.Builder
		for _, s := range bot.Segments(tt.q) {
			if s.Bold {
				b.WriteString("[" + s.Text + "]")
			} else {
				b.WriteString(s.Text)
			}
		}
		if got := b.String(); got != tt.want {
			t.Errorf("%s: Segments(%q) = %q, want %q", tt.name, tt.q.Text, got, tt.want)
		}
	}
}

func FuzzSegments(f *testing.F) {
	f.Add("15 orang  meninggal\n dunia", 3, 8, 9, 18)
	f.Add("€ x", 1, 2, 0, 3)
	f.Fuzz(func(t *testing.T, text string, s1, e1, s2, e2 int) {
		if !utf8.ValidString(text) {
			return
		}
		q := bot.Quote{Text: text, Highlights: []bot.Span{{s1, e1}, {s2, e2}}}
		var b strings.Builder
		for _, s := range bot.Segments(q) {
			if s.Text == "" || !utf8.ValidString(s.Text) {
				t.Fatalf("Segments(%q) has an empty or broken segment %q", text, s.Text)
			}
			b.WriteString(s.Text)
		}
		if got, want := b.String(), bot.FoldSpace(text); got != want {
			t.Fatalf("Segments(%q) shows %q, want the text with its white space folded, %q", text, got, want)
		}
	})
}

// markup marks everything up visibly, to see the renderer's every call.
var markup = bot.Markup{
	Escape: func(s string) string { return strings.ReplaceAll(s, "<", "&lt;") },
	Bold:   func(s string) string { return "<b>" + s + "</b>" },
	Italic: func(s string) string { return "<i>" + s + "</i>" },
	Link:   func(text, url string) string { return "<a " + url + ">" + text + "</a>" },
	Quote:  func(s string) string { return "<q>" + s + "</q>" },
	Number: func(n int) string { return fmt.Sprintf("<n%d>", n) },
	Indent: "<_>",
}

// TestRender pins the one walk over a reply in a made-up markup.
func TestRender(t *testing.T) {
	rt, _ := newRouter(t)
	r := bot.Renderer{Catalog: bot.DefaultCatalog(), Markup: markup}
	var b strings.Builder
	for _, req := range []bot.Request{
		{Command: "ask", Args: bottest.Question},
		{Command: "ask", Args: bottest.Many, Offset: 3},
		{Command: "ask", Args: bottest.Unanswered, Lang: "en"},
		{Command: "ask", Args: bottest.Markup},
		{Command: "quote", Args: "Kamil"},
		{Command: "source", Article: "storm"},
		{Command: "article", Args: "<nope>"},
	} {
		rep, err := rt.Handle(t.Context(), req)
		if err != nil {
			t.Fatal(err)
		}
		out := r.Render(rep)
		fmt.Fprintf(&b, "## %s %q offset %d\n", req.Command, req.Args, req.Offset)
		for i, block := range out.Blocks {
			fmt.Fprintf(&b, "[block %d]\n%s\n", i, block)
		}
		fmt.Fprintf(&b, "[source]\n%s\n\n", out.Source)
	}
	golden(t, "render.txt", b.String())
}

func TestRenderedString(t *testing.T) {
	for _, tt := range []struct {
		r    bot.Rendered
		want string
	}{
		{bot.Rendered{Blocks: []string{"a", "b"}, Source: "s"}, "a\n\nb\n\ns"},
		{bot.Rendered{Blocks: []string{"a"}}, "a"},
		{bot.Rendered{Source: "s"}, "s"},
	} {
		if got := tt.r.String(); got != tt.want {
			t.Errorf("%+v.String() = %q, want %q", tt.r, got, tt.want)
		}
	}
}

func TestQuoted(t *testing.T) {
	for in, want := range map[string]string{
		"Kami menang":     "“Kami menang”",
		`"Kami menang"`:   `"Kami menang"`,
		"“Kami”":          "“Kami”",
		"«Nous»":          "«Nous»",
		"":                "“”",
		"'single' quoted": "'single' quoted",
	} {
		if got := bot.Quoted(in); got != want {
			t.Errorf("Quoted(%q) = %q, want %q", in, got, want)
		}
	}
}
