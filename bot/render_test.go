package bot_test

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kutip/kutip/bot"
	"github.com/kutip/kutip/bot/bottest"
	"github.com/kutip/kutip/internal/golden"
)

// markup marks everything up visibly, to see the renderer's every call.
var markup = bot.Markup{
	Escape:    func(s string) string { return strings.ReplaceAll(s, "<", "&lt;") },
	Bold:      func(s string) string { return "<b>" + s + "</b>" },
	Italic:    func(s string) string { return "<i>" + s + "</i>" },
	Link:      func(text, url string) string { return "<a " + url + ">" + text + "</a>" },
	QuoteLink: func(text, url string) string { return "<q-a " + url + ">" + text + "</q-a>" },
	Quote:     func(s string) string { return "<q>" + s + "</q>" },
	Number:    func(n int) string { return fmt.Sprintf("<n%d>", n) },
	Indent:    "<_>",
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
		{Command: "ask", Args: bottest.Library},
		{Command: "quote", Args: "Kamil", Article: "gempa"},
		{Command: "source", Article: "storm"},
		{Command: "source"},
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
	golden.Check(t, filepath.Join("testdata", "render.txt"), []byte(b.String()))
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
