package bot_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"

	"github.com/kutip/kutip/bot"
	"github.com/kutip/kutip/bot/bottest"
	"github.com/kutip/kutip/corpus"
	"github.com/kutip/kutip/internal/golden"
	"github.com/kutip/kutip/lang"
	"github.com/kutip/kutip/qa"
)

func TestParse(t *testing.T) {
	tests := []struct {
		in           string
		cmd, arg     string
		slash, named bool
		ok           bool
	}{
		{"Berapa korban?", "ask", "Berapa korban?", false, false, true},
		{"/ask Berapa korban?", "ask", "Berapa korban?", true, false, true},
		{"/ask@kutipbot Berapa korban?", "ask", "Berapa korban?", true, true, true},
		{"/ask@KutipBot  Berapa korban? ", "ask", "Berapa korban?", true, true, true},
		{"/ask@otherbot Berapa korban?", "", "", false, false, false},
		{"/QUOTES", "quotes", "", true, false, true},
		{"/quote Ilham Aliyev", "quote", "Ilham Aliyev", true, false, true},
		{"/ask\nBerapa korban?", "ask", "Berapa korban?", true, false, true},
		{"/weather\nmail x@y", "weather", "mail x@y", true, false, true},
		{"/ask@", "ask", "", true, false, true},
		{"  ", "ask", "", false, false, true},
	}
	for _, tt := range tests {
		m, ok := bot.Parse(tt.in, "kutipbot")
		if ok != tt.ok || m.Command != tt.cmd || m.Args != tt.arg || m.Slash != tt.slash || m.Named != tt.named {
			t.Errorf("Parse(%q) = %q %q slash %v named %v ok %v, want %q %q %v %v %v",
				tt.in, m.Command, m.Args, m.Slash, m.Named, ok, tt.cmd, tt.arg, tt.slash, tt.named, tt.ok)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add("/ask@kutipbot Berapa korban?")
	f.Add("/\n@")
	f.Fuzz(func(t *testing.T, s string) {
		m, ok := bot.Parse(s, "kutipbot")
		if ok && m.Args != "" && !strings.Contains(s, m.Args) && utf8.ValidString(s) {
			t.Fatalf("Parse(%q).Args = %q is not in the message", s, m.Args)
		}
		if ok && m.Named && !m.Slash {
			t.Fatalf("Parse(%q) names the bot without a command", s)
		}
	})
}

func ExampleParse() {
	m, _ := bot.Parse("/quote@kutipbot Ilham Aliyev", "kutipbot")
	fmt.Printf("%s %q slash=%v named=%v\n", m.Command, m.Args, m.Slash, m.Named)
	m, _ = bot.Parse("Berapa orang yang tewas?", "kutipbot")
	fmt.Printf("%s %q slash=%v\n", m.Command, m.Args, m.Slash)
	_, ok := bot.Parse("/ask@otherbot siapa?", "kutipbot")
	fmt.Println(ok)
	// Output:
	// quote "Ilham Aliyev" slash=true named=true
	// ask "Berapa orang yang tewas?" slash=false
	// false
}

// ExampleRouter answers a question about the embedded article with the
// real engine, and shows the reply as plain text.
func ExampleRouter() {
	rt := bot.NewRouter(qa.New(corpus.Default()), bot.Options{})
	rep, _ := rt.Handle(context.Background(), bot.Request{Command: bot.CmdAsk, Args: "Siapa Sekjen PBB?", Limit: 1})
	r := bot.Renderer{Catalog: bot.DefaultCatalog(), Markup: bot.PlainMarkup()}
	fmt.Println(r.Render(rep))
	// Output:
	// 1. “Respons pertama datang dari Sekretaris Jenderal PBB Antonio Guterres.”
	//    (paragraf 16, kalimat 16)
	//
	// Sumber: Konflik Armenia-Azerbaijan di Nagorno-Karabakh: Korban Tewas dan Respons Dunia · TribunnewsWiki.com · 2020-09-28
}

func newRouter(t testing.TB) (*bot.Router, *bottest.Engine) {
	t.Helper()
	e := bottest.New()
	return bot.NewRouter(e, bot.Options{}), e
}

func plain(rep bot.Reply) string {
	return bot.Renderer{Catalog: bot.DefaultCatalog(), Markup: bot.PlainMarkup()}.Render(rep).String()
}

// TestRouter pins every command's reply, as plain text, in a golden file,
// with the reply's kind, outcome and language.
func TestRouter(t *testing.T) {
	tests := []struct {
		name   string
		picked string // the article the chat picked first; "": none, the chat asks the library
		req    bot.Request
		kind   bot.Kind
		out    bot.Outcome
	}{
		{"ask", "", bot.Request{Command: "ask", Args: bottest.Question, Chat: "c"}, bot.KindAnswer, bot.Answered},
		{"ask-picked", "gempa", bot.Request{Command: "ask", Args: bottest.Question}, bot.KindAnswer, bot.Answered},
		{"ask-en", "", bot.Request{Command: "ask", Args: bottest.Question, Lang: "en-US"}, bot.KindAnswer, bot.Answered},
		{"ask-abstains", "", bot.Request{Command: "ask", Args: bottest.Unanswered}, bot.KindAnswer, bot.Abstained},
		{"ask-abstains-picked", "gempa", bot.Request{Command: "ask", Args: bottest.Unanswered}, bot.KindAnswer, bot.Abstained},
		{"ask-library", "", bot.Request{Command: "ask", Args: bottest.Library, Lang: "en"}, bot.KindAnswer, bot.Answered},
		{"ask-empty", "", bot.Request{Command: "ask", Args: "  "}, bot.KindText, bot.Refused},
		{"ask-binary", "", bot.Request{Command: "ask", Args: "\xff\xfe\x00"}, bot.KindText, bot.Refused},
		{"ask-unknown-article", "", bot.Request{Command: "ask", Args: bottest.Question, Article: "nope"}, bot.KindText, bot.Refused},
		{"quotes", "gempa", bot.Request{Command: "quotes", Limit: 10}, bot.KindQuotes, bot.Answered},
		{"quotes-library", "", bot.Request{Command: "quotes", Limit: 10}, bot.KindArticles, bot.Refused},
		{"quote-speaker", "gempa", bot.Request{Command: "quote", Args: "ridwan"}, bot.KindQuotes, bot.Answered},
		{"quote-typo", "gempa", bot.Request{Command: "quote", Args: "Suharyato"}, bot.KindQuotes, bot.Answered},
		{"quote-role", "gempa", bot.Request{Command: "quote", Args: "bupati"}, bot.KindQuotes, bot.Answered},
		{"quote-none", "gempa", bot.Request{Command: "quote", Args: "Putin"}, bot.KindText, bot.Abstained},
		{"quote-no-arg", "", bot.Request{Command: "quote", Lang: "en"}, bot.KindText, bot.Refused},
		{"quotes-none", "", bot.Request{Command: "quotes", Article: "storm"}, bot.KindText, bot.Abstained},
		{"summary", "gempa", bot.Request{Command: "summary"}, bot.KindSummary, bot.Answered},
		{"summary-storm", "", bot.Request{Command: "summary", Article: "storm"}, bot.KindSummary, bot.Answered},
		{"source", "gempa", bot.Request{Command: "source"}, bot.KindSource, bot.Answered},
		{"source-library", "", bot.Request{Command: "source"}, bot.KindSource, bot.Answered},
		{"help", "", bot.Request{Command: "help"}, bot.KindText, bot.Answered},
		{"help-en", "", bot.Request{Command: "help", Lang: "en-GB"}, bot.KindText, bot.Answered},
		{"start", "", bot.Request{Command: "start"}, bot.KindText, bot.Answered},
		{"nothing", "", bot.Request{}, bot.KindText, bot.Answered},
		{"unknown", "", bot.Request{Command: "frobnicate"}, bot.KindText, bot.Refused},
		{"article-list", "", bot.Request{Command: "article", Chat: "c"}, bot.KindArticles, bot.Answered},
		{"article-list-picked", "gempa", bot.Request{Command: "article"}, bot.KindArticles, bot.Answered},
		{"article-unknown", "", bot.Request{Command: "article", Args: "nope"}, bot.KindArticles, bot.Refused},
		{"article-typo", "", bot.Request{Command: "article", Args: "gmepa"}, bot.KindText, bot.Answered},
		{"article-words", "", bot.Request{Command: "article", Args: "storm coast"}, bot.KindText, bot.Answered},
		{"article-number", "", bot.Request{Command: "article", Args: "2"}, bot.KindText, bot.Answered},
		{"article-several", "", bot.Request{Command: "article", Args: "c"}, bot.KindArticles, bot.Answered},
		{"article-library", "storm", bot.Request{Command: "article", Args: "0"}, bot.KindText, bot.Answered},
		{"unknown-typo", "", bot.Request{Command: "qoute", Args: "Kamil"}, bot.KindText, bot.Refused},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rt, _ := newRouter(t)
			if tt.picked != "" {
				tt.req.Chat = "c"
				if _, err := rt.Handle(t.Context(), bot.Request{Command: "article", Args: tt.picked, Chat: "c"}); err != nil {
					t.Fatal(err)
				}
			}
			rep, err := rt.Handle(t.Context(), tt.req)
			if err != nil {
				t.Fatal(err)
			}
			if rep.Kind != tt.kind || rep.Outcome != tt.out {
				t.Errorf("kind %d, outcome %q; want %d, %q", rep.Kind, rep.Outcome, tt.kind, tt.out)
			}
			want := "id"
			if strings.HasPrefix(tt.req.Lang, "en") || tt.req.Article == "storm" || tt.picked == "storm" && tt.req.Command != "article" ||
				tt.req.Args == "storm coast" {
				want = "en"
			}
			if rep.Lang != want {
				t.Errorf("language %q, want %q", rep.Lang, want)
			}
			golden.Check(t, filepath.Join("testdata", "router", tt.name+".txt"), []byte(plain(rep)+"\n"))
		})
	}
}

// TestRouterAsk checks what the router asks the engine and what it makes
// of the answer.
func TestRouterAsk(t *testing.T) {
	rt, e := newRouter(t)
	rep, err := rt.Handle(t.Context(), bot.Request{Command: "ask", Args: "  " + bottest.Question + " ", Chat: "c", Explain: true})
	if err != nil {
		t.Fatal(err)
	}
	q := e.Asked()[0]
	if q.Text != bottest.Question || q.Article != "" || q.N != 4 || !q.Explain {
		t.Errorf("the engine was asked %+v; want the trimmed question, of the whole library, 4 results, explained", q)
	}
	if rep.Article == nil || rep.Article.ID != "gempa" || rep.Article.Title != bottest.GempaTitle || rep.Article.URL != bottest.GempaURL {
		t.Errorf("a library-wide answer names %+v, want the article of its best quote", rep.Article)
	}
	if len(rep.Quotes) != 2 || rep.Matched != 2 || rep.More || rep.Question != bottest.Question {
		t.Fatalf("reply %+v", rep)
	}
	first := rep.Quotes[0]
	if first.Text != bottest.FirstAnswer || first.Paragraph != 1 || first.Sentence != 1 || len(first.Highlights) != 1 {
		t.Errorf("first quote %+v", first)
	}
	if h := first.Highlights[0]; first.Text[h.Start:h.End] != "orang meninggal" {
		t.Errorf("highlight %q, want %q", first.Text[h.Start:h.End], "orang meninggal")
	}
	if cuts := rep.Quotes[1].Cuts; len(cuts) != 2 {
		t.Errorf("the second quote's cuts %v, want the engine's two", cuts)
	}

	// A picked article is searched alone, and named by the reply.
	if _, err := rt.Handle(t.Context(), bot.Request{Command: "article", Args: "storm", Chat: "c"}); err != nil {
		t.Fatal(err)
	}
	rep, _ = rt.Handle(t.Context(), bot.Request{Command: "ask", Args: bottest.Question, Chat: "c"})
	if q := e.Asked()[1]; q.Article != "storm" {
		t.Errorf("after /article storm the engine was asked about %q", q.Article)
	}
	if !rep.Abstained || rep.Article == nil || rep.Article.ID != "storm" || rep.Lang != "en" {
		t.Errorf("asked of storm: %+v; want an abstention in English, naming storm", rep)
	}
}

// TestRouterCloseEnough: after the first quote, only those scoring at
// least bot.MinScoreRatio of it are shown, and paged to.
func TestRouterCloseEnough(t *testing.T) {
	e := bottest.New()
	hit := func(sentence int, score float64) qa.Hit {
		return qa.Hit{Article: "gempa", Sentence: sentence, Text: fmt.Sprintf("Kalimat %d.", sentence), Score: score}
	}
	e.Answers["lemah"] = qa.Answer{Hits: []qa.Hit{hit(1, 10), hit(2, 3.5), hit(3, 3.4), hit(4, 9)}, Matched: 4}
	e.Answers["kuat"] = qa.Answer{Hits: []qa.Hit{hit(1, 10), hit(2, 8), hit(3, 4)}, Matched: 3}
	e.Answers["satu"] = qa.Answer{Hits: []qa.Hit{hit(1, 0.5)}, Matched: 1}
	rt := bot.NewRouter(e, bot.Options{})
	for _, tt := range []struct {
		q    string
		want []int // the sentences shown
	}{
		{"lemah", []int{1, 2}}, // 3.4 < 0.35 × 10: it and all after it go
		{"kuat", []int{1, 2, 3}},
		{"satu", []int{1}}, // a weak first quote is still the answer
	} {
		rep, err := rt.Handle(t.Context(), bot.Request{Command: bot.CmdAsk, Args: tt.q})
		if err != nil {
			t.Fatal(err)
		}
		var got []int
		for _, q := range rep.Quotes {
			got = append(got, q.Sentence)
		}
		if !slices.Equal(got, tt.want) || rep.More {
			t.Errorf("%q: sentences %v (more %v), want %v", tt.q, got, rep.More, tt.want)
		}
	}
}

func TestRouterPaging(t *testing.T) {
	tests := []struct {
		req   bot.Request
		first int // the first quote's sentence
		n     int
		more  bool
	}{
		{bot.Request{Command: "ask", Args: bottest.Many}, 30, 3, true},
		{bot.Request{Command: "ask", Args: bottest.Many, Offset: 3}, 33, 3, true},
		{bot.Request{Command: "ask", Args: bottest.Many, Offset: 6}, 36, 3, true},
		{bot.Request{Command: "ask", Args: bottest.Many, Offset: 9}, 39, 1, false},  // MaxResults
		{bot.Request{Command: "ask", Args: bottest.Many, Limit: 12}, 30, 12, false}, // one page may hold more
		{bot.Request{Command: "quotes", Article: "gempa"}, 2, 6, false},             // not paged unless asked
		{bot.Request{Command: "quotes", Article: "gempa", Limit: 5}, 2, 5, true},
		{bot.Request{Command: "quotes", Article: "gempa", Limit: 5, Offset: 5}, 10, 1, false},
		{bot.Request{Command: "quote", Article: "gempa", Args: "Kamil", Limit: 1}, 6, 1, true},
		{bot.Request{Command: "summary", Article: "gempa", Limit: 2}, 0, 2, false},
	}
	for _, tt := range tests {
		rt, _ := newRouter(t)
		rep, err := rt.Handle(t.Context(), tt.req)
		if err != nil {
			t.Fatal(err)
		}
		if len(rep.Quotes) != tt.n || rep.More != tt.more || rep.Offset != tt.req.Offset && rep.Kind != bot.KindSummary {
			t.Errorf("%s %q offset %d limit %d: %d quotes, more %v, offset %d; want %d, %v",
				tt.req.Command, tt.req.Args, tt.req.Offset, tt.req.Limit, len(rep.Quotes), rep.More, rep.Offset, tt.n, tt.more)
			continue
		}
		if tt.n > 0 && rep.Quotes[0].Sentence != tt.first {
			t.Errorf("%s %q offset %d: the first quote is sentence %d, want %d", tt.req.Command, tt.req.Args, tt.req.Offset, rep.Quotes[0].Sentence, tt.first)
		}
	}
}

// TestRouterNoMore: a page past the last says so.
func TestRouterNoMore(t *testing.T) {
	rt, _ := newRouter(t)
	for _, req := range []bot.Request{
		{Command: "ask", Args: bottest.Many, Offset: 50},
		{Command: "quotes", Article: "gempa", Offset: 6},
		{Command: "quote", Article: "gempa", Args: "Kamil", Offset: 2, Limit: 1},
	} {
		rep, err := rt.Handle(t.Context(), req)
		if err != nil || rep.Kind != bot.KindText || rep.Text != "Tidak ada kutipan lain." {
			t.Errorf("/%s %q offset %d: %+v, %v; want no more", req.Command, req.Args, req.Offset, rep, err)
		}
	}
}

func TestRouterPicksArticle(t *testing.T) {
	rt, _ := newRouter(t)
	rep, err := rt.Handle(t.Context(), bot.Request{Command: "article", Args: "storm", Chat: "x"})
	if err != nil || rep.Outcome != bot.Answered || rep.Text != "Article chosen: "+bottest.StormTitle || rep.Lang != "en" {
		t.Fatalf("/article storm: %+v, %v; want it said in English, the new article's language", rep, err)
	}
	if rep, _ := rt.Handle(t.Context(), bot.Request{Command: "article", Args: "gempa", Chat: "z", Lang: "en"}); rep.Lang != "en" {
		t.Errorf("/article gempa by a user who speaks English: said in %q", rep.Lang)
	}
	if rep, _ := rt.Handle(t.Context(), bot.Request{Command: "help", Chat: "x"}); !strings.HasPrefix(rep.Text, "kutip answers") {
		t.Errorf("/help after /article storm: %q, want English", rep.Text[:20])
	}
	src, _ := rt.Handle(t.Context(), bot.Request{Command: "source", Chat: "x"})
	if src.Article == nil || src.Article.ID != "storm" || src.Lang != "en" {
		t.Errorf("after /article storm, /source names %+v in %q; want storm, in English (the article's language)", src.Article, src.Lang)
	}
	other, _ := rt.Handle(t.Context(), bot.Request{Command: "source", Chat: "y"})
	if other.Article != nil || other.Library != 2 {
		t.Errorf("another chat's source names %+v of %d; want none: it asks the library of 2", other.Article, other.Library)
	}
	named, _ := rt.Handle(t.Context(), bot.Request{Command: "source", Chat: "x", Article: "gempa"})
	if named.Article.ID != "gempa" {
		t.Errorf("a request that names gempa got %q", named.Article.ID)
	}
	list, _ := rt.Handle(t.Context(), bot.Request{Command: "article", Chat: "x"})
	if i := slices.IndexFunc(list.Picks, func(p bot.Pick) bool { return p.Current }); i < 0 || list.Picks[i].Arg != "storm" {
		t.Errorf("the list does not mark storm as the chat's article: %+v", list.Picks)
	}
	// Back to the whole library: the chat's answers come from every article again.
	if rep, err := rt.Handle(t.Context(), bot.Request{Command: "article", Args: bot.LibraryArg, Chat: "x"}); err != nil || rep.Lang != "id" {
		t.Fatalf("/article 0: %+v, %v; want it said in the library's language", rep, err)
	}
	src, _ = rt.Handle(t.Context(), bot.Request{Command: "source", Chat: "x"})
	if src.Article != nil || src.Library != 2 {
		t.Errorf("after /article 0, /source names %+v of %d; want the library of 2", src.Article, src.Library)
	}
}

// failingChoices cannot save, nor read when read is set.
type failingChoices struct{ read error }

func (c failingChoices) Article(context.Context, string) (string, error) { return "", c.read }
func (failingChoices) SetArticle(context.Context, string, string) error {
	return errors.New("disk full")
}

func TestRouterErrors(t *testing.T) {
	rt := bot.NewRouter(bottest.New(), bot.Options{Choices: failingChoices{}})
	if _, err := rt.Handle(t.Context(), bot.Request{Command: "article", Args: "storm"}); err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Errorf("a choice that cannot be saved: %v, want the error", err)
	}
	unread := bot.NewRouter(bottest.New(), bot.Options{Choices: failingChoices{read: errors.New("connection refused")}})
	if _, err := unread.Handle(t.Context(), bot.Request{Command: "source", Chat: "x"}); err == nil || !strings.Contains(err.Error(), "connection refused") {
		t.Errorf("a chat's choice that cannot be read: %v, want the error", err)
	}
	if got := unread.Complete(t.Context(), "x", "article", ""); len(got) == 0 {
		t.Error("suggestions stopped for a choice that cannot be read")
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := rt.Handle(ctx, bot.Request{Command: "ask", Args: bottest.Question}); !errors.Is(err, context.Canceled) {
		t.Errorf("asked with a cancelled context: %v, want context.Canceled", err)
	}
	empty := bot.NewRouter(&bottest.Engine{}, bot.Options{})
	for _, cmd := range []string{"ask", "quotes", "summary", "source"} {
		rep, err := empty.Handle(t.Context(), bot.Request{Command: cmd, Args: "x", Lang: "en"})
		if err != nil || rep.Outcome == bot.Answered && rep.Kind != bot.KindAnswer {
			t.Errorf("/%s of an empty library: %+v, %v", cmd, rep, err)
		}
	}
}

// TestCommandTable adds a command to the table: the router dispatches it,
// help and the service list it, with its words from the catalog.
func TestCommandTable(t *testing.T) {
	cat, err := bot.LoadCatalog(bot.CatalogFiles(), bot.CatalogFS(map[string]string{
		"id.json": `{"cmd.ping": "Periksa apakah kutip hidup", "cmd.ping.arg": "kata"}`,
		"en.json": `{"cmd.ping": "Check that kutip is alive", "cmd.ping.arg": "word"}`,
	}))
	if err != nil {
		t.Fatal(err)
	}
	ping := bot.Command{Name: "ping", Arg: &bot.Arg{Name: "word"}, Handle: func(_ *bot.Router, _ context.Context, req bot.Request) (bot.Reply, error) {
		return bot.Reply{Kind: bot.KindText, Text: "pong " + req.Args}, nil
	}}
	rt := bot.NewRouter(bottest.New(), bot.Options{Commands: append(bot.DefaultCommands(), ping), Catalog: cat})
	rep, err := rt.Handle(t.Context(), bot.Request{Command: "ping", Args: "x"})
	if err != nil || rep.Text != "pong x" {
		t.Errorf("/ping x = %+v, %v", rep, err)
	}
	help, _ := rt.Handle(t.Context(), bot.Request{Command: "help", Lang: "en"})
	if !strings.Contains(help.Text, "/ping <word> — Check that kutip is alive") {
		t.Errorf("help does not list /ping:\n%s", help.Text)
	}
	svc := rt.Service()
	if c, ok := svc.Command("ping"); !ok || c.Description(svc.Catalog, "id") != "Periksa apakah kutip hidup" {
		t.Errorf("the service does not offer /ping: %+v", svc.Commands)
	}
}

// TestLibraryCommands: /article is offered only when there is a choice.
func TestLibraryCommands(t *testing.T) {
	names := func(cmds []bot.Command) []string {
		var out []string
		for _, c := range cmds {
			out = append(out, c.Name)
		}
		return out
	}
	all := []string{"ask", "quotes", "quote", "summary", "source", "article", "help"}
	rt, _ := newRouter(t)
	if got := names(rt.Commands()); !slices.Equal(got, all) {
		t.Errorf("two articles: commands %q, want %q", got, all)
	}
	one := bottest.New()
	one.Library = one.Library[:1]
	rt = bot.NewRouter(one, bot.Options{})
	if got := names(rt.Commands()); slices.Contains(got, "article") {
		t.Errorf("one article: commands %q, want no /article", got)
	}
	help, _ := rt.Handle(t.Context(), bot.Request{Command: "help"})
	if strings.Contains(help.Text, "/article") {
		t.Errorf("one article: help lists /article:\n%s", help.Text)
	}
	// Still answered, to list the one article.
	if rep, _ := rt.Handle(t.Context(), bot.Request{Command: "article"}); len(rep.Picks) != 1 || rep.Picks[0].Arg != "gempa" || !rep.Picks[0].Current {
		t.Errorf("/article with one article: %+v, want it alone, current, without the library", rep.Picks)
	}
	if src, _ := rt.Handle(t.Context(), bot.Request{Command: "source"}); src.Article == nil || plain(src) != "Sumber: "+bottest.GempaTitle+" <"+bottest.GempaURL+"> · "+bottest.GempaSource+" · 2022-11-21" {
		t.Errorf("/source with one article: %q, want its source line alone", plain(src))
	}
}

func TestFileChoices(t *testing.T) {
	dir := t.TempDir()
	c, err := bot.OpenFileChoices(dir)
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	if got, err := c.Article(ctx, "telegram:1"); got != "" || err != nil {
		t.Errorf("a new state dir: Article = %q, %v; want none", got, err)
	}
	if err := c.SetArticle(ctx, "telegram:1", "a"); err != nil {
		t.Fatal(err)
	}
	if err := c.SetArticle(ctx, "telegram:2", "b"); err != nil {
		t.Fatal(err)
	}
	again, err := bot.OpenFileChoices(dir)
	if err != nil {
		t.Fatal(err)
	}
	got1, _ := again.Article(ctx, "telegram:1")
	got2, _ := again.Article(ctx, "telegram:2")
	if got1 != "a" || got2 != "b" {
		t.Errorf("after reopening, Article = %q, %q; want a, b", got1, got2)
	}
	if err := os.WriteFile(filepath.Join(dir, "choices.json"), []byte("{not json"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := bot.OpenFileChoices(dir); err == nil || !strings.Contains(err.Error(), "choices.json") {
		t.Errorf("a corrupt file: %v, want an error naming it", err)
	}
}

// TestAddLanguage: a language is one folder of data (lang.Load) and one
// catalog file. With both, an article in it is analysed in it, its question
// words work, and kutip speaks it, plurals included, with no Go changed.
func TestAddLanguage(t *testing.T) {
	xx, err := lang.Load(fstest.MapFS{
		"xx/stop.txt":      {Data: []byte("# Stop words of xx, for a test.\nqo zi ta\n")},
		"xx/questions.txt": {Data: []byte("# Question words of xx, for a test.\nkwanto number\n")},
	}, "xx")
	if err != nil {
		t.Fatal(err)
	}
	// The catalog file: every message of en.json, marked as xx's.
	var en map[string]any
	b, err := fs.ReadFile(bot.CatalogFiles(), "en.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &en); err != nil {
		t.Fatal(err)
	}
	for k, v := range en {
		switch v := v.(type) {
		case string:
			en[k] = "xx:" + v
		case []any:
			en[k] = []any{"xx:" + v[0].(string), "xx:" + v[1].(string)}
		}
	}
	en["_plural"] = "one"
	xxJSON, _ := json.Marshal(en)
	cat, err := bot.LoadCatalog(bot.CatalogFiles(), bot.CatalogFS(map[string]string{"xx.json": string(xxJSON)}))
	if err != nil {
		t.Fatal(err)
	}
	c := &corpus.Corpus{Articles: []*corpus.Article{corpus.Parse("xx-news", "---\ntitle: Urbo\n---\n"+
		"Qo vilaĝo havas ta fontanon zi ta placo.\nQo urbo havas 4000 loĝantoj zi ta rivero.\nQo reĝo loĝas zi ta kastelo kaj urbo.")}}
	rt := bot.NewRouter(qa.New(c, qa.WithLanguages(append(lang.Builtin(), xx)...)), bot.Options{Catalog: cat})

	rep, err := rt.Handle(t.Context(), bot.Request{Command: bot.CmdAsk, Args: "Kwanto loĝantoj havas qo urbo?", Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Lang != "xx" || rep.Abstained || len(rep.Quotes) != 1 || rep.Quotes[0].Sentence != 1 {
		t.Fatalf("asked in xx: %+v; want sentence 1, in xx's words", rep)
	}
	want := "1. “Qo urbo havas 4000 loĝantoj zi ta rivero.”\n   (xx:paragraph 2, sentence 2)\n\nxx:Source: Urbo"
	r := bot.Renderer{Catalog: cat, Markup: bot.PlainMarkup()}
	if got := r.Render(rep).String(); got != want {
		t.Errorf("the reply shows as\n%s\nwant\n%s", got, want)
	}
	if got := cat.N("xx", "answer.matched", 1); got != "xx:1 sentence matched" {
		t.Errorf("xx's plural: %q", got)
	}
	help, _ := rt.Handle(t.Context(), bot.Request{Command: bot.CmdHelp})
	if !strings.HasPrefix(help.Text, "xx:kutip answers") || !strings.Contains(help.Text, "/ask <xx:question> — xx:Ask about") {
		t.Errorf("help in xx:\n%s", help.Text)
	}
}

// BenchmarkRouterLibrary asks a library of 10,000 articles through the
// router, as a chat that has not picked one and as one that has: what the
// router adds to the engine's answer (the fake's answers are canned).
func BenchmarkRouterLibrary(b *testing.B) {
	e := bottest.New()
	e.AddArticles(9998)
	rt := bot.NewRouter(e, bot.Options{})
	if _, err := rt.Handle(b.Context(), bot.Request{Command: bot.CmdArticle, Args: "gempa", Chat: "picked"}); err != nil {
		b.Fatal(err)
	}
	for _, bb := range []struct{ name, chat string }{{"library", "none"}, {"picked", "picked"}} {
		b.Run(bb.name, func(b *testing.B) {
			req := bot.Request{Command: bot.CmdAsk, Args: bottest.Question, Chat: bb.chat}
			for b.Loop() {
				if _, err := rt.Handle(b.Context(), req); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestRouterLibraryEngine asks the real engine's library of the chat set's
// six articles: without a pick a question is asked of all of them, and
// every quote is named with its article; a pick filters, and sets the
// bot's language; /article 0 asks them all again.
func TestRouterLibraryEngine(t *testing.T) {
	c, err := corpus.Load(filepath.Join("..", "eval", "chat", "articles"))
	if err != nil {
		t.Fatal(err)
	}
	rt := bot.NewRouter(qa.New(c), bot.Options{})
	ask := func(q string) bot.Reply {
		t.Helper()
		rep, err := rt.Handle(t.Context(), bot.Request{Command: bot.CmdAsk, Args: q, Chat: "c"})
		if err != nil {
			t.Fatal(err)
		}
		return rep
	}
	named := func(rep bot.Reply) map[string]bool {
		out := map[string]bool{}
		for _, q := range rep.Quotes {
			switch {
			case q.From != nil && q.From.ID == q.Article && q.From.Title != "":
				out[q.Article] = true
			case q.From == nil && rep.Article != nil && rep.Article.ID == q.Article:
				out[q.Article] = true
			default:
				t.Errorf("quote of %s is named %+v (the reply's %+v)", q.Article, q.From, rep.Article)
			}
		}
		return out
	}
	rep := ask("How many people died?")
	if rep.Abstained || rep.Library != 6 || len(named(rep)) == 0 {
		t.Fatalf("asked of the library: %+v", rep)
	}
	if rep, _ := rt.Handle(t.Context(), bot.Request{Command: bot.CmdArticle, Args: "millbrook", Chat: "c"}); rep.Lang != "en" {
		t.Errorf("/article millbrook is said in %q, want the article's English", rep.Lang)
	}
	rep = ask("How many people died?")
	if got := named(rep); rep.Lang != "en" || len(got) > 1 || len(got) == 1 && !got["millbrook-spill-2025"] {
		t.Errorf("asked of millbrook: %v in %q, want only millbrook's quotes, in English", got, rep.Lang)
	}
	if _, err := rt.Handle(t.Context(), bot.Request{Command: bot.CmdArticle, Args: bot.LibraryArg, Chat: "c"}); err != nil {
		t.Fatal(err)
	}
	if rep := ask("How many people died?"); rep.Abstained || rep.Library != 6 {
		t.Errorf("after /article 0: %+v, want the library's answer again", rep)
	}
}

// TestRouterLongList: the list of a large library shows a page, says how
// many more there are, and numbers past the page still pick.
func TestRouterLongList(t *testing.T) {
	e := bottest.New()
	e.AddArticles(30)
	rt := bot.NewRouter(e, bot.Options{})
	rep, err := rt.Handle(t.Context(), bot.Request{Command: bot.CmdArticle, Chat: "c"})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Picks) != 21 || !rep.More || rep.Matched != 32 {
		t.Errorf("%d picks, more %v, of %d; want the library and 20 of 32, more", len(rep.Picks), rep.More, rep.Matched)
	}
	golden.Check(t, filepath.Join("testdata", "router", "article-list-long.txt"), []byte(plain(rep)+"\n"))
	rep, _ = rt.Handle(t.Context(), bot.Request{Command: bot.CmdArticle, Args: "31", Chat: "c"})
	if rep.Text != "Artikel dipilih: Laporan pasar nomor 2" {
		t.Errorf("/article 31: %q", rep.Text)
	}
	page, _ := rt.Handle(t.Context(), bot.Request{Command: bot.CmdArticle, Chat: "c", Offset: 24, Limit: 8})
	if len(page.Picks) != 8 || page.Picks[0].Number != 25 || page.More || !page.Picks[6].Current {
		t.Errorf("the last page, from 24: %+v (more %v)", page.Picks, page.More)
	}
}

// TestEchoCap: a megabyte of argument, to every command, or as a command
// unknown, gets a reply of one message that repeats MaxEcho characters of
// it at most.
func TestEchoCap(t *testing.T) {
	huge := strings.Repeat("Ridwan ", 1<<20/7)
	type test struct {
		name string
		req  bot.Request
	}
	tests := []test{
		{"unknown command", bot.Request{Command: strings.Repeat("x", 1<<20)}},
		{"unknown command, near one", bot.Request{Command: "qoute" + strings.Repeat("x", 1<<20)}},
		{"article unknown", bot.Request{Command: "article", Args: huge}},
		{"ask in an article unknown", bot.Request{Command: "ask", Args: huge, Article: huge}},
	}
	for _, c := range bot.DefaultCommands() {
		tests = append(tests, test{c.Name, bot.Request{Command: c.Name, Args: huge, Chat: "c"}})
	}
	tests = append(tests, test{"quote, none by", bot.Request{Command: "quote", Args: strings.Repeat("Putin ", 1<<20/6)}})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rt, _ := newRouter(t)
			rep, err := rt.Handle(t.Context(), tt.req)
			if err != nil {
				t.Fatal(err)
			}
			out := plain(rep)
			if len(out) > 4096 {
				t.Errorf("a reply of %d bytes, over one message:\n%.300s…", len(out), out)
			}
			for _, typed := range []string{tt.req.Args, tt.req.Command, tt.req.Article} {
				if long := typed[:min(len(typed), 4*bot.MaxEcho)]; len(typed) > 4*bot.MaxEcho && strings.Contains(out, strings.TrimSpace(long)) {
					t.Errorf("the reply repeats more than %d characters of what was typed:\n%.300s…", bot.MaxEcho, out)
				}
			}
		})
	}
}
