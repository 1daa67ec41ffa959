package discord

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/kutip/kutip/bot"
	"github.com/kutip/kutip/bot/bottest"
)

func TestEscape(t *testing.T) {
	tests := []struct{ in, want string }{
		{"kutip", "kutip"},
		{"**tebal** _miring_ ~~coret~~ `kode` ||rahasia||", `\*\*tebal\*\* \_miring\_ \~\~coret\~\~ \` + "`kode\\`" + ` \|\|rahasia\|\|`},
		{"@everyone @here <@123> <@&4> <#5> <:emoji:6> <t:1700000000>", `\@everyone \@here \<\@123\> \<\@&4\> \<#5\> \<:emoji:6\> \<t:1700000000\>`},
		{"[tautan](https://evil.example)", `\[tautan\](https://evil.example)`},
		{`C:\dir`, `C:\\dir`},
		{"# judul\n> kutipan\n- daftar\n+ daftar\n  -# kecil\n1. nomor\n12. nomor", "\\# judul\n\\> kutipan\n\\- daftar\n\\+ daftar\n  \\-# kecil\n1\\. nomor\n12\\. nomor"},
		{"a - b # c 1. d", "a - b # c 1. d"},
		{"Senin, 28/9/2020. 15 orang", "Senin, 28/9/2020. 15 orang"},
	}
	for _, tt := range tests {
		if got := escape(tt.in); got != tt.want {
			t.Errorf("escape(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// unescape undoes Discord's escapes: a backslash shows the punctuation after it.
func unescape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) && strings.IndexByte(`\*_~|<>@[]#-+.`+"`", s[i+1]) >= 0 {
			i++
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// unescapedMark returns where one of marks stands in s without a backslash
// before it, or -1.
func unescapedMark(s, marks string) int {
	escaped := false
	for i, r := range s {
		switch {
		case escaped:
			escaped = false
		case r == '\\':
			escaped = true
		case strings.ContainsRune(marks, r):
			return i
		}
	}
	return -1
}

func FuzzEscape(f *testing.F) {
	f.Add("**tebal** @everyone <@1> [a](b)\n# h\n1. n")
	f.Add("\\\\*")
	f.Fuzz(func(t *testing.T, s string) {
		got := escape(s)
		if unescape(got) != s {
			t.Fatalf("escape(%q) = %q shows as %q", s, got, unescape(got))
		}
		if utf8.ValidString(s) && !utf8.ValidString(got) {
			t.Fatalf("escape(%q) = %q is not UTF-8", s, got)
		}
		if i := unescapedMark(got, inlineMarks); i >= 0 {
			t.Fatalf("escape(%q) = %q leaves a mark unescaped at %d", s, got, i)
		}
	})
}

// testBot is the adapter for bottest's canned answers, not running.
func testBot(t testing.TB) *Bot {
	t.Helper()
	b, err := New(Config{Token: "t"}, bot.NewRouter(bottest.New(), bot.Options{}).Service(), nil)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestMoreID(t *testing.T) {
	b := testBot(t)
	long := strings.Repeat("Berapa orang yang meninggal dunia? ", 5)
	tests := []struct {
		p  page
		id string // "" for a kept argument
	}{
		{page{"ask", "Berapa korban?", 3}, "more:3:ask:Berapa korban?"},
		{page{"quote", "a:b#c", 5}, "more:5:quote:a:b#c"},
		{page{"quotes", "", 10}, "more:10:quotes:"},
		{page{"ask", long, 3}, ""},
	}
	ctx := t.Context()
	for _, tt := range tests {
		id, err := b.moreID(ctx, tt.p)
		if err != nil || tt.id != "" && id != tt.id || bot.TextLen(id) > maxCustomID {
			t.Errorf("moreID(%+v) = %q, %v; want %q", tt.p, id, err, tt.id)
		}
		if p, ok, err := b.parseMoreID(ctx, id); !ok || err != nil || p != tt.p {
			t.Errorf("parseMoreID(%q) = %+v %v %v, want %+v", id, p, ok, err, tt.p)
		}
	}
	for _, bad := range []string{
		"", "more:", "more:x:ask:q", "more:-1:ask:q", "more:01:ask:q", "more:3:help:q", "more:3:start:q", "more:3:summary:q",
		"more:3:nope:q", "more:3:ask", "more:3:ask#", "more:3:ask#unknown", "less:3:ask:q", "more:999999999999:ask:q",
	} {
		if p, ok, err := b.parseMoreID(ctx, bad); ok || err != nil {
			t.Errorf("parseMoreID(%q) = %+v, %v, %v; want not ok", bad, p, ok, err)
		}
	}
}

// failingButtons cannot keep nor read an argument.
type failingButtons struct{}

func (failingButtons) Put(context.Context, string, string) error {
	return errors.New("connection refused")
}
func (failingButtons) Get(context.Context, string) (string, bool, error) {
	return "", false, errors.New("connection refused")
}

// TestMoreIDStoreFails: when the store of long arguments fails, a short
// argument still makes a button; a long one makes none, and a click on one
// is an expired button.
func TestMoreIDStoreFails(t *testing.T) {
	b, err := New(Config{Token: "t", Buttons: failingButtons{}}, bot.NewRouter(bottest.New(), bot.Options{}).Service(), nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	if id, err := b.moreID(ctx, page{"ask", "Berapa korban?", 3}); err != nil || id != "more:3:ask:Berapa korban?" {
		t.Errorf("a short argument: %q, %v", id, err)
	}
	if _, err := b.moreID(ctx, page{"ask", strings.Repeat("panjang ", 20), 3}); err == nil {
		t.Error("a long argument that cannot be kept: no error")
	}
	if _, ok, err := b.parseMoreID(ctx, "more:3:ask#AbCd"); ok || err == nil {
		t.Errorf("a kept argument that cannot be read: ok %v, err %v", ok, err)
	}
}

func FuzzParseMoreID(f *testing.F) {
	f.Add("more:3:ask:Berapa korban?")
	f.Add("more:3:ask#AbCd")
	f.Add("more:5:quotes:")
	b := testBot(f)
	f.Fuzz(func(t *testing.T, id string) {
		ctx := context.Background()
		p, ok, err := b.parseMoreID(ctx, id)
		if !ok || err != nil {
			return
		}
		if p.offset < 0 || p.offset > maxOffset || !b.pages(p.cmd) {
			t.Fatalf("parseMoreID(%q) = %+v", id, p)
		}
		if again, _ := b.moreID(ctx, p); bot.TextLen(id) <= maxCustomID && again != id {
			t.Fatalf("parseMoreID(%q) = %+v, which moreID makes %q", id, p, again)
		}
	})
}

func TestShorten(t *testing.T) {
	r := bot.Renderer{Catalog: bot.DefaultCatalog(), Markup: markup()}
	render := func(q bot.Quote) string { return r.Quotation(q) }
	text := "Satu dua. Tiga empat lima. Enam tujuh delapan sembilan."
	tests := []struct {
		name   string
		cuts   []int
		budget int
		want   string
	}{
		{"at the last cut that fits", []int{9, 26}, 40, "“Satu dua. Tiga empat lima. …”"},
		{"at an earlier cut", []int{9, 26}, 20, "“Satu dua. …”"},
		{"cuts out of order", []int{26, 9, 26}, 40, "“Satu dua. Tiga empat lima. …”"},
		{"bad cuts skipped", []int{-1, 0, 9, 1000, len(text)}, 40, "“Satu dua. …”"},
		{"no cut fits: at a word", []int{9, 26}, 12, "“Satu …”"},
		{"no cuts: at a word", nil, 40, "“Satu dua. Tiga empat lima. Enam …”"},
		{"no room", nil, 3, "“…”"},
	}
	for _, tt := range tests {
		got := shorten(bot.Quote{Text: text, Cuts: tt.cuts}, render, tt.budget)
		if got != tt.want || bot.TextLen(got) > tt.budget {
			t.Errorf("%s: shorten(%q, cuts %v, %d) = %q, want %q", tt.name, text, tt.cuts, tt.budget, got, tt.want)
		}
	}
	// Highlights past the cut are dropped; those before it stay bold.
	q := bot.Quote{Text: text, Cuts: []int{9, 26}, Highlights: []bot.Span{{Start: 0, End: 4}, {Start: 15, End: 20}, {Start: 32, End: 37}}}
	if got, want := shorten(q, render, 40), "“**Satu** dua. Tiga **empat** lima. …”"; got != want {
		t.Errorf("shorten with highlights = %q, want %q", got, want)
	}
	// A cut inside a rune is skipped.
	q = bot.Quote{Text: "Kopi €5. Teh.", Cuts: []int{6, 10}}
	if got := shorten(q, render, 14); !utf8.ValidString(got) || got != "“Kopi €5. …”" {
		t.Errorf("shorten at a cut inside a rune = %q", got)
	}
}

func FuzzShorten(f *testing.F) {
	f.Add("Satu dua. Tiga empat lima.", 9, 26, 20)
	f.Add("Kopi €5.\n\nTeh *pahit*.", 6, 10, 8)
	r := bot.Renderer{Catalog: bot.DefaultCatalog(), Markup: markup()}
	f.Fuzz(func(t *testing.T, text string, c1, c2, budget int) {
		if !utf8.ValidString(text) || budget > 1<<16 {
			return
		}
		q := bot.Quote{Text: text, Cuts: []int{c1, c2}, Highlights: []bot.Span{{Start: c1, End: c2}}}
		got := shorten(q, func(q bot.Quote) string { return r.Quote(1, q, "id") }, budget)
		if bot.TextLen(got) > max(budget, 0) || !utf8.ValidString(got) {
			t.Fatalf("shorten(%q, %d, %d, %d) = %q: over the budget, or not UTF-8", text, c1, c2, budget, got)
		}
	})
}

// recorder is a RoundTripper that keeps the URL it was asked for.
type recorder struct{ url *url.URL }

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	r.url = req.URL
	return &http.Response{StatusCode: 200, Body: http.NoBody, Request: req}, nil
}

func TestRewrite(t *testing.T) {
	tests := []struct{ base, in, want string }{
		{"http://127.0.0.1:8080/", "https://discord.com/api/v9/users/@me", "http://127.0.0.1:8080/api/v9/users/@me"},
		{"http://127.0.0.1:8080", "https://discord.com/api/v9/gateway", "http://127.0.0.1:8080/api/v9/gateway"},
		{"https://proxy.example/discord/", "https://discord.com/api/v9/webhooks/1/tok/messages/@original", "https://proxy.example/discord/api/v9/webhooks/1/tok/messages/@original"},
		{"http://127.0.0.1:8080/", "https://discord.com/api/v9/channels/1/messages?limit=1", "http://127.0.0.1:8080/api/v9/channels/1/messages?limit=1"},
		{"http://127.0.0.1:8080/", "https://cdn.discordapp.com/avatars/1/2.png", "https://cdn.discordapp.com/avatars/1/2.png"},
	}
	for _, tt := range tests {
		base, err := parseBase(tt.base)
		if err != nil {
			t.Fatal(err)
		}
		rec := &recorder{}
		req, _ := http.NewRequest(http.MethodGet, tt.in, nil)
		if _, err := (rewrite{base: base, next: rec}).RoundTrip(req); err != nil {
			t.Fatal(err)
		}
		if got := rec.url.String(); got != tt.want || req.URL.String() != tt.in {
			t.Errorf("%s via %s went to %s, want %s (and the request unchanged: %s)", tt.in, tt.base, got, tt.want, req.URL)
		}
	}
	for _, bad := range []string{"127.0.0.1:8080", "ftp://x/", "http:///path", "http://x/?q=1"} {
		if _, err := parseBase(bad); err == nil {
			t.Errorf("parseBase(%q) is ok", bad)
		}
	}
}

// A reply that does not fit gets a "more" button only for the commands
// that can page; a summary is cut, never given a button that cannot work.
func TestViewMoreOnlyWherePaged(t *testing.T) {
	b := testBot(t)
	long := strings.Repeat("Kalimat yang sangat panjang sekali untuk memenuhi batas embed. ", 30)
	rep := bot.Reply{Kind: bot.KindSummary, Quotes: []bot.Quote{{Text: long}, {Text: long}, {Text: long}}}
	if m := b.view(t.Context(), rep, bot.Request{Command: bot.CmdSummary}); len(m.components) != 0 {
		t.Errorf("summary got a more button: %+v", m.components)
	}
	rep.Kind = bot.KindQuotes
	if m := b.view(t.Context(), rep, bot.Request{Command: bot.CmdQuotes}); len(m.components) == 0 {
		t.Error("quotes that do not fit got no more button")
	}
}
