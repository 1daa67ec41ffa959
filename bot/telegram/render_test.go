package telegram

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/kutip/kutip/bot"
	"github.com/kutip/kutip/bot/bottest"
	"github.com/kutip/kutip/bot/telegram/telegramtest"
	"github.com/kutip/kutip/internal/golden"
	"github.com/kutip/kutip/qa"
)

func testRenderer() bot.Renderer {
	return bot.Renderer{Catalog: bot.DefaultCatalog(), Markup: markup()}
}

// TestRenderGolden pins how the router's replies look on Telegram.
func TestRenderGolden(t *testing.T) {
	e := bottest.New()
	// A quote as the article has it, line breaks and all: it shows folded.
	verbatim := "Kata Suharyanto:\n  \"Kami   masih\tmencari.\n\nKorban\n  masih banyak.\"\n"
	e.Answers["baris"] = qa.Answer{Matched: 1, Hits: []qa.Hit{{
		Article: "gempa", Paragraph: 2, Sentence: 4, Text: verbatim,
		Highlights: []qa.Span{{Start: strings.Index(verbatim, "Korban"), End: strings.Index(verbatim, "Korban") + len("Korban")}},
	}}}
	rt := bot.NewRouter(e, bot.Options{})
	tests := []struct {
		name string
		req  bot.Request
	}{
		{"ask-id", bot.Request{Command: bot.CmdAsk, Args: bottest.Question}},
		{"ask-en", bot.Request{Command: bot.CmdAsk, Args: bottest.Question, Lang: "en"}},
		{"ask-page", bot.Request{Command: bot.CmdAsk, Args: bottest.Many, Offset: 3}},
		{"abstain", bot.Request{Command: bot.CmdAsk, Args: bottest.Unanswered}},
		{"markup", bot.Request{Command: bot.CmdAsk, Args: bottest.Markup}},
		{"verbatim", bot.Request{Command: bot.CmdAsk, Args: "baris"}},
		{"ask-library", bot.Request{Command: bot.CmdAsk, Args: bottest.Library}},
		{"quote", bot.Request{Command: bot.CmdQuote, Args: "Suharyanto", Article: "gempa"}},
		{"quotes", bot.Request{Command: bot.CmdQuotes, Article: "gempa"}},
		{"quotes-library", bot.Request{Command: bot.CmdQuotes}},
		{"summary", bot.Request{Command: bot.CmdSummary, Article: "gempa"}},
		{"source", bot.Request{Command: bot.CmdSource, Lang: "en", Article: "gempa"}},
		{"source-library", bot.Request{Command: bot.CmdSource, Lang: "en"}},
		{"help", bot.Request{Command: bot.CmdHelp}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep, err := rt.Handle(t.Context(), tt.req)
			if err != nil {
				t.Fatal(err)
			}
			got := testRenderer().Render(rep).String()
			if _, err := telegramtest.ParseHTML(got); err != nil {
				t.Fatalf("not valid Telegram HTML: %v\n%s", err, got)
			}
			golden.Check(t, filepath.Join("testdata", "render", tt.name+".html"), []byte(got+"\n"))
		})
	}
}

// TestRenderEscapes checks that nothing an article says can make or break
// markup: it shows verbatim.
func TestRenderEscapes(t *testing.T) {
	nasty := `Kata <b>dia</b>: "A & B" </blockquote><a href="x">@everyone</a> &amp; <script>`
	rep := bot.Reply{
		Kind: bot.KindAnswer,
		Lang: "id",
		Quotes: []bot.Quote{{Text: nasty, Highlights: []bot.Span{{Start: 5, End: 13}, {Start: 22, End: 23}},
			Speaker: "<i>Juru</i> & bicara", Role: `"Menteri" <x>`}},
		Article: &bot.Article{ID: "a", Title: "Judul <s>tipu</s> & co", URL: `https://x.id/a?b=1&c="2"`, Source: "<Sumber>", Published: "1 & 2"},
	}
	got := testRenderer().Render(rep).String()
	text, err := telegramtest.ParseHTML(got)
	if err != nil {
		t.Fatalf("not valid Telegram HTML: %v\n%s", err, got)
	}
	for _, want := range []string{nasty, "<i>Juru</i> & bicara", `"Menteri" <x>`, "Judul <s>tipu</s> & co", "<Sumber>", "1 & 2"} {
		if !strings.Contains(text, want) {
			t.Errorf("shows %q, want it to hold %q verbatim", text, want)
		}
	}
	if !strings.Contains(got, `<a href="https://x.id/a?b=1&amp;c=&quot;2&quot;">`) {
		t.Errorf("the link is not escaped as an attribute: %s", got)
	}
	if strings.Count(got, "<b>") != 2 || strings.Count(got, "<a ") != 1 || strings.Contains(got, "<script") {
		t.Errorf("markup was injected: %s", got)
	}
}

func TestRenderLinksOnlyWebAddresses(t *testing.T) {
	for _, u := range []string{"javascript:alert(1)", "tg://resolve?domain=x", "/relative", ""} {
		got := testRenderer().SourceLine(&bot.Article{Title: "T", URL: u}, "en")
		if strings.Contains(got, "<a ") {
			t.Errorf("URL %q was linked: %s", u, got)
		}
	}
}
