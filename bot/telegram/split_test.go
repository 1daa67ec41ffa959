package telegram

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/kutip/kutip/bot"
	"github.com/kutip/kutip/bot/telegram/telegramtest"
)

func TestSplit(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		limit int
		want  []string
	}{
		{"fits", "<b>Halo</b> dunia", 20, []string{"<b>Halo</b> dunia"}},
		{"between quotes", "<blockquote>Satu dua.</blockquote>\n<i>p 1</i>\n\n<blockquote>Tiga empat.</blockquote>", 20,
			[]string{"<blockquote>Satu dua.</blockquote>\n<i>p 1</i>", "<blockquote>Tiga empat.</blockquote>"}},
		{"at a sentence, tags reopened", "<blockquote>Satu dua. <b>Tiga empat</b> lima.</blockquote>", 20,
			[]string{"<blockquote>Satu dua.</blockquote>", "<blockquote><b>Tiga empat</b> lima.</blockquote>"}},
		{"at a word inside bold", "<b>satu dua tiga empat</b>", 12,
			[]string{"<b>satu dua</b>", "<b>tiga empat</b>"}},
		{"never inside an entity", "&lt;&lt;&lt;&amp;&amp;", 3, []string{"&lt;&lt;&lt;", "&amp;&amp;"}},
		{"surrogate pairs count twice", "😀😀😀", 4, []string{"😀😀", "😀"}},
		{"a link stays whole", `<a href="https://x.id/a?b=1&amp;c=2">judul panjang sekali</a>`, 10,
			[]string{`<a href="https://x.id/a?b=1&amp;c=2">judul</a>`, `<a href="https://x.id/a?b=1&amp;c=2">panjang</a>`, `<a href="https://x.id/a?b=1&amp;c=2">sekali</a>`}},
		{"empty", "", 10, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := split(tt.in, tt.limit)
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("split(%q, %d) =\n%q\nwant\n%q", tt.in, tt.limit, got, tt.want)
			}
		})
	}
}

func TestSplitLongReply(t *testing.T) {
	var quotes []string
	for i := range 60 {
		quotes = append(quotes, "<blockquote>"+strings.Repeat("Kalimat ke-"+string(rune('a'+i%26))+" &amp; lainnya. ", 8)+"</blockquote>\n<i>paragraf</i>")
	}
	msgs := split(strings.Join(quotes, "\n\n"), maxMessage)
	if len(msgs) < 2 {
		t.Fatalf("split gave %d messages", len(msgs))
	}
	for i, m := range msgs {
		text, err := telegramtest.ParseHTML(m)
		if err != nil {
			t.Fatalf("message %d: %v\n%s", i, err, m)
		}
		if n := telegramtest.Len(text); n > maxMessage {
			t.Errorf("message %d is %d long", i, n)
		}
		if !strings.HasPrefix(m, "<blockquote>") || !strings.HasSuffix(m, "</i>") {
			t.Errorf("message %d is not cut between quotes: %.40q … %.40q", i, m, m[max(len(m)-40, 0):])
		}
	}
}

// FuzzSplit checks the renderer's and split's promises on any text: the
// rendered reply is valid Telegram HTML; every message split cuts it into
// is valid too, within the limit, and together they show the reply as it
// was but for the spaces at the cuts.
func FuzzSplit(f *testing.F) {
	f.Add("Respons datang dari PBB. Ia mengatakan \"sangat prihatin\" atas konflik.", "<b>&amp;</b>", 7)
	f.Add("😀 a😀", "x\n\ny", 2)
	f.Add("", "<>&;", 1)
	f.Add("Kata <b>dia</b> & \"A\" </blockquote>", `"><a href="x">`, 40)
	f.Fuzz(func(t *testing.T, a, b string, limit int) {
		if !utf8.ValidString(a) || !utf8.ValidString(b) {
			t.Skip("Telegram takes UTF-8 only")
		}
		limit = 2 + int(uint(limit)%200)
		rep := bot.Reply{
			Kind: bot.KindQuotes, Lang: "id",
			Quotes:  []bot.Quote{{Text: a, Highlights: []bot.Span{{Start: len(a) / 3, End: 2 * len(a) / 3}}, Speaker: b}, {Text: b}},
			Article: &bot.Article{ID: "x", Title: b, URL: "https://x.id/?q=" + b, Source: a},
		}
		in := testRenderer().Render(rep).String()
		want, err := telegramtest.ParseHTML(in)
		if err != nil {
			t.Fatalf("the rendered reply is not valid: %v\n%s", err, in)
		}
		var got strings.Builder
		for i, m := range split(in, limit) {
			text, err := telegramtest.ParseHTML(m)
			if err != nil {
				t.Fatalf("message %d %q: %v", i, m, err)
			}
			if n := telegramtest.Len(text); n > limit {
				t.Fatalf("message %d %q is %d long, limit %d", i, m, n, limit)
			}
			got.WriteString(text)
		}
		if noSpace(got.String()) != noSpace(want) {
			t.Fatalf("the messages show %q, want %q", got.String(), want)
		}
	})
}

func noSpace(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}
