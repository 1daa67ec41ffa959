package discord

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/kutip/kutip/bot"
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

func TestMoreID(t *testing.T) {
	var b Bot
	long := strings.Repeat("Berapa orang yang meninggal dunia? ", 5)
	tests := []struct {
		cmd, arg string
		offset   int
		id       string // "" for a kept argument
	}{
		{"ask", "Berapa korban?", 3, "more:3:ask:Berapa korban?"},
		{"quote", "a:b#c", 5, "more:5:quote:a:b#c"},
		{"quotes", "", 10, "more:10:quotes:"},
		{"ask", long, 3, ""},
	}
	for _, tt := range tests {
		id := b.moreID(tt.cmd, tt.arg, tt.offset)
		if tt.id != "" && id != tt.id || len([]rune(id)) > maxCustomID {
			t.Errorf("moreID(%q, %q, %d) = %q, want %q", tt.cmd, tt.arg, tt.offset, id, tt.id)
		}
		offset, cmd, arg, key, ok := parseMoreID(id)
		if key != "" {
			arg, ok = b.args.get(key)
		}
		if !ok || offset != tt.offset || cmd != tt.cmd || arg != tt.arg {
			t.Errorf("parseMoreID(%q) = %d %q %q %v, want %d %q %q", id, offset, cmd, arg, ok, tt.offset, tt.cmd, tt.arg)
		}
	}
	for _, bad := range []string{"", "more:", "more:x:ask:q", "more:-1:ask:q", "more:01:ask:q", "more:3:help:q", "more:3:ask", "more:3:ask#", "less:3:ask:q", "more:999999999999:ask:q"} {
		if _, _, _, _, ok := parseMoreID(bad); ok {
			t.Errorf("parseMoreID(%q) is ok", bad)
		}
	}
}

func FuzzParseMoreID(f *testing.F) {
	f.Add("more:3:ask:Berapa korban?")
	f.Add("more:3:ask#AbCd")
	f.Fuzz(func(t *testing.T, id string) {
		offset, cmd, arg, key, ok := parseMoreID(id)
		if !ok {
			return
		}
		if offset < 0 || offset > maxOffset || !pages(cmd) {
			t.Fatalf("parseMoreID(%q) = %d %q", id, offset, cmd)
		}
		var b Bot
		if key == "" && b.moreID(cmd, arg, offset) != id && len([]rune(id)) <= maxCustomID {
			t.Fatalf("parseMoreID(%q) = %d %q %q, which moreID makes %q", id, offset, cmd, arg, b.moreID(cmd, arg, offset))
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
	var b Bot
	long := strings.Repeat("Kalimat yang sangat panjang sekali untuk memenuhi batas embed. ", 30)
	rep := bot.Reply{Kind: bot.KindSummary, Quotes: []bot.Quote{{Text: long}, {Text: long}, {Text: long}}}
	if m := b.view(rep, bot.Request{Command: bot.CmdSummary}); len(m.components) != 0 {
		t.Errorf("summary got a more button: %+v", m.components)
	}
	rep.Kind = bot.KindQuotes
	if m := b.view(rep, bot.Request{Command: bot.CmdQuotes}); len(m.components) == 0 {
		t.Error("quotes that do not fit got no more button")
	}
}
