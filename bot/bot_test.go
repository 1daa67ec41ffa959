package bot_test

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/kutip/kutip/bot"
	"github.com/kutip/kutip/corpus"
	"github.com/kutip/kutip/qa"
)

func TestParse(t *testing.T) {
	tests := []struct {
		in       string
		cmd, arg string
		ok       bool
	}{
		{"Berapa korban?", "ask", "Berapa korban?", true},
		{"/ask Berapa korban?", "ask", "Berapa korban?", true},
		{"/ask@kutipbot Berapa korban?", "ask", "Berapa korban?", true},
		{"/ask@KutipBot  Berapa korban? ", "ask", "Berapa korban?", true},
		{"/ask@otherbot Berapa korban?", "", "", false},
		{"/QUOTES", "quotes", "", true},
		{"/quote Ilham Aliyev", "quote", "Ilham Aliyev", true},
		{"/ask\nBerapa korban?", "ask", "Berapa korban?", true},
		{"  ", "ask", "", true},
	}
	for _, tt := range tests {
		req, ok := bot.Parse(tt.in, "kutipbot")
		if ok != tt.ok || req.Command != tt.cmd || req.Args != tt.arg {
			t.Errorf("Parse(%q) = %q %q %v, want %q %q %v", tt.in, req.Command, req.Args, ok, tt.cmd, tt.arg, tt.ok)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add("/ask@kutipbot Berapa korban?")
	f.Add("/\n@")
	f.Fuzz(func(t *testing.T, s string) {
		req, ok := bot.Parse(s, "kutipbot")
		if ok && req.Args != "" && !strings.Contains(s, req.Args) && utf8.ValidString(s) {
			t.Fatalf("Parse(%q).Args = %q is not in the message", s, req.Args)
		}
	})
}

func TestSegments(t *testing.T) {
	q := bot.Quote{Text: "15 orang meninggal dunia di sini", Highlights: []qa.Span{{Start: 3, End: 8}, {Start: 9, End: 18}, {Start: 19, End: 24}, {Start: 100, End: 200}, {Start: 5, End: 6}}}
	var b strings.Builder
	for _, s := range bot.Segments(q) {
		if s.Bold {
			b.WriteString("[" + s.Text + "]")
		} else {
			b.WriteString(s.Text)
		}
	}
	if got, want := b.String(), "15 [orang meninggal dunia] di sini"; got != want {
		t.Errorf("Segments = %q, want %q", got, want)
	}
}

func newRouter(t *testing.T) *bot.Router {
	t.Helper()
	c := corpus.Default()
	return bot.NewRouter(qa.New(c), c, nil)
}

func TestRouter(t *testing.T) {
	rt := newRouter(t)
	tests := []struct {
		name string
		req  bot.Request
		kind bot.Kind
		want string // in the reply's text or first quote
	}{
		{"ask", bot.Request{Command: "ask", Args: "Berapa orang yang meninggal?"}, bot.KindAnswer, "15 orang"},
		{"quotes", bot.Request{Command: "quotes"}, bot.KindQuotes, "Kami tetap komitmen"},
		{"quote by speaker", bot.Request{Command: "quote", Args: "aliyev"}, bot.KindQuotes, "Kami ada dalam"},
		{"quote typo", bot.Request{Command: "quote", Args: "Gutteres"}, bot.KindQuotes, "sangat prihatin"},
		{"quote none", bot.Request{Command: "quote", Args: "Putin"}, bot.KindText, "Putin"},
		{"quote no arg", bot.Request{Command: "quote", Lang: "en"}, bot.KindText, "Name a speaker"},
		{"summary", bot.Request{Command: "summary"}, bot.KindSummary, ""},
		{"source", bot.Request{Command: "source"}, bot.KindSource, ""},
		{"help en", bot.Request{Command: "help", Lang: "en-US"}, bot.KindText, "/quotes"},
		{"start", bot.Request{Command: "start"}, bot.KindText, "Perintah"},
		{"unknown", bot.Request{Command: "frobnicate"}, bot.KindText, "/frobnicate"},
		{"empty question", bot.Request{Command: "ask", Args: "  "}, bot.KindText, "Tulis pertanyaan"},
		{"binary question", bot.Request{Command: "ask", Args: "\xff\xfe\x00"}, bot.KindText, "bukan teks"},
		{"article list", bot.Request{Command: "article"}, bot.KindText, corpus.DefaultID},
		{"article unknown", bot.Request{Command: "article", Args: "nope"}, bot.KindText, "nope"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep, err := rt.Handle(t.Context(), tt.req)
			if err != nil {
				t.Fatal(err)
			}
			if rep.Kind != tt.kind {
				t.Fatalf("kind %d, want %d: %+v", rep.Kind, tt.kind, rep)
			}
			got := rep.Text
			if len(rep.Quotes) > 0 {
				got = rep.Quotes[0].Text
			}
			if !strings.Contains(got, tt.want) {
				t.Errorf("reply %q does not hold %q", got, tt.want)
			}
		})
	}
}

func TestRouterAbstains(t *testing.T) {
	rt := newRouter(t)
	for _, q := range []string{"Siapa pemenang Piala Dunia 2018?", "What is the capital of Japan?"} {
		rep, err := rt.Handle(t.Context(), bot.Request{Command: "ask", Args: q})
		if err != nil {
			t.Fatal(err)
		}
		if !rep.Abstained || len(rep.Quotes) > 0 {
			t.Errorf("%q: want an abstention, got %+v", q, rep.Quotes)
		}
	}
}

func TestRouterPaging(t *testing.T) {
	rt := newRouter(t)
	first, _ := rt.Handle(t.Context(), bot.Request{Command: "ask", Args: "Armenia Azerbaijan", Limit: 2})
	if len(first.Quotes) != 2 || !first.More {
		t.Fatalf("first page: %d quotes, more %v", len(first.Quotes), first.More)
	}
	second, _ := rt.Handle(t.Context(), bot.Request{Command: "ask", Args: "Armenia Azerbaijan", Limit: 2, Offset: 2})
	if len(second.Quotes) == 0 || second.Quotes[0].Sentence == first.Quotes[0].Sentence || second.Quotes[0].Sentence == first.Quotes[1].Sentence {
		t.Errorf("second page repeats the first: %+v", second.Quotes)
	}
}

func TestRecover(t *testing.T) {
	h := bot.Recover(slog.New(slog.NewTextHandler(io.Discard, nil)), bot.HandlerFunc(func(context.Context, bot.Request) (bot.Reply, error) {
		panic("boom")
	}))
	rep, err := h.Handle(t.Context(), bot.Request{Lang: "en"})
	if err != nil || !strings.Contains(rep.Text, "Sorry") {
		t.Errorf("Recover gave %+v, %v", rep, err)
	}
}

func TestFileChoices(t *testing.T) {
	dir := t.TempDir()
	c, err := bot.OpenFileChoices(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.SetArticle("telegram:1", "a"); err != nil {
		t.Fatal(err)
	}
	again, err := bot.OpenFileChoices(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got := again.Article("telegram:1"); got != "a" {
		t.Errorf("after reopening, Article = %q, want a", got)
	}
}

func TestRouterPicksArticle(t *testing.T) {
	c := &corpus.Corpus{Articles: []*corpus.Article{
		corpus.Parse("a", "Kucing itu tidur di atas meja makan."),
		corpus.Parse("b", "Anjing itu berlari di taman kota."),
	}}
	rt := bot.NewRouter(qa.New(c), c, nil)
	if _, err := rt.Handle(t.Context(), bot.Request{Command: "article", Args: "b", Chat: "x"}); err != nil {
		t.Fatal(err)
	}
	rep, err := rt.Handle(t.Context(), bot.Request{Command: "ask", Args: "Di mana anjing berlari?", Chat: "x"})
	if err != nil || len(rep.Quotes) == 0 || rep.Article.ID != "b" {
		t.Fatalf("after /article b: %+v, %v", rep, err)
	}
	other, _ := rt.Handle(t.Context(), bot.Request{Command: "source", Chat: "y"})
	if other.Article.ID != "a" {
		t.Errorf("another chat's article is %q, want a", other.Article.ID)
	}
}

func TestPlainTextDropsControl(t *testing.T) {
	rep := bot.Reply{Kind: bot.KindAnswer, Quotes: []bot.Quote{{Text: "Aman\x1b[2J\x07 sekali", Highlights: []qa.Span{{Start: 0, End: 4}}}}}
	got := bot.PlainText(rep, "id", func(s string) string { return "*" + s + "*" })
	if strings.ContainsAny(got, "\x1b\x07") || !strings.Contains(got, "*Aman*[2J sekali") {
		t.Errorf("PlainText = %q", got)
	}
}
