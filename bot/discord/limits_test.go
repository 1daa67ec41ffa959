package discord_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/kutip/kutip/bot/bottest"
	"github.com/kutip/kutip/bot/discord"
	"github.com/kutip/kutip/corpus"
	"github.com/kutip/kutip/qa"
)

// Questions longEngine answers.
const (
	twoFit       = "Armenia"    // three quotes of 1600 characters: two fit in an embed, not three
	longSentence = "Georgia"    // one sentence of 5000 characters: it can only be cut at a word
	longQuote    = "perdamaian" // a quote of 60 sentences, 4500 characters: it is cut after one of them
)

// longHit is a quote of the article "gempa", with word in bold.
func longHit(paragraph, sentence int, text, word string) qa.Hit {
	h := qa.Hit{Article: "gempa", Paragraph: paragraph, Sentence: sentence, Text: text, Score: 1}
	if i := strings.Index(text, word); i >= 0 {
		h.Highlights = []qa.Span{{Start: i, End: i + len(word)}}
	}
	return h
}

// longEngine is bottest's engine with answers and a quotation too long for
// one message, and many articles, whose list is too long for one message.
func longEngine() *bottest.Engine {
	e := bottest.New()
	var three []qa.Hit
	for i := range 3 {
		three = append(three, longHit(i, i, fmt.Sprintf("Kalimat %d tentang Armenia%s.", i+1, strings.Repeat(" dan kota-kota di Armenia yang indah", 40)), "Armenia"))
	}
	e.Answers[twoFit] = qa.Answer{Hits: three, Matched: 3}
	e.Answers[longSentence] = qa.Answer{Hits: []qa.Hit{
		longHit(3, 3, "Georgia berbatasan"+strings.Repeat(" dengan pegunungan yang tinggi", 170)+".", "Georgia"),
	}, Matched: 1}
	var b strings.Builder
	var cuts []int
	b.WriteString(`"`)
	for i := range 60 {
		fmt.Fprintf(&b, "Kalimat kutipan nomor %d adalah tentang perdamaian abadi di kawasan ini.", i+1)
		cuts = append(cuts, b.Len())
		b.WriteString("\n")
	}
	b.WriteString(`Sekian," kata Nikol Pashinyan.`)
	h := longHit(4, 4, b.String(), "perdamaian")
	h.Cuts = cuts
	e.Answers[longQuote] = qa.Answer{Hits: []qa.Hit{h}, Matched: 1}
	e.Quotes["gempa"] = append(e.Quotes["gempa"], corpus.Quotation{
		Text: strings.Repeat("Kami ingin perdamaian abadi di kawasan ini. ", 120), Paragraph: 5, Sentence: 5, Speaker: "Nikol Pashinyan",
	})
	for i := range 40 {
		title := fmt.Sprintf("Artikel nomor %02d dengan judul yang cukup panjang untuk mengisi satu baris penuh", i)
		e.Library = append(e.Library, qa.ArticleInfo{ID: fmt.Sprintf("artikel-%02d", i), Meta: corpus.Meta{Title: title}})
	}
	return e
}

func TestLimits(t *testing.T) {
	t.Parallel()
	hs := start(t, discord.Config{}, picked(longEngine(), "gempa"))
	tests := []struct {
		name   string
		oldnew []string // changes to ask.json
		check  func(t *testing.T, m sent)
	}{
		{"answers", []string{bottest.Question, twoFit}, func(t *testing.T, m sent) {
			d := m.Embeds[0].Description
			if !strings.Contains(d, "**2.**") || strings.Contains(d, "**3.**") || !strings.HasSuffix(d, "indah.”\n*paragraf 2, kalimat 2*") {
				t.Errorf("description %.200q…%q: want the first two quotes, whole", d, d[max(0, len(d)-80):])
			}
			if m.button() != "more:2:ask:Armenia" {
				t.Errorf("button %q, want more:2:ask:Armenia", m.button())
			}
		}},
		{"one long sentence", []string{bottest.Question, longSentence}, func(t *testing.T, m sent) {
			d := m.Embeds[0].Description
			const end = " …”\n*paragraf 4, kalimat 4*"
			words := strings.Fields(strings.TrimSuffix(d, end))
			if last := words[len(words)-1]; !strings.HasSuffix(d, end) || !strings.Contains("dengan pegunungan yang tinggi", last) || len(d) < 4000 {
				t.Errorf("description of %d ends %q: want it full, cut after a word", len(d), d[max(0, len(d)-80):])
			}
			if m.button() != "" {
				t.Errorf("button %q: the one quote is shown, shortened", m.button())
			}
		}},
		{"long quote", []string{bottest.Question, longQuote}, func(t *testing.T, m sent) {
			d := m.Embeds[0].Description
			// The quote opens with its own quotation mark, so the renderer adds none.
			if !strings.HasSuffix(d, "kawasan ini. …\n*paragraf 5, kalimat 5*") || strings.Contains(d, "nomor 60") || len(d) < 4000 {
				t.Errorf("description of %d ends %q: want it cut after a sentence", len(d), d[max(0, len(d)-120):])
			}
		}},
		{"long quotation", []string{`"name": "ask"`, `"name": "quote"`, `"question"`, `"who"`, bottest.Question, "Pashinyan"}, func(t *testing.T, m sent) {
			d := m.Embeds[0].Description
			if !strings.HasSuffix(d, " …”\n— Nikol Pashinyan\n*paragraf 6, kalimat 6*") || len(d) < 4000 {
				t.Errorf("description ends %q: want it cut after a word", d[max(0, len(d)-120):])
			}
		}},
		{"long list", []string{`"name": "ask"`, `"name": "article"`, `"question"`, `"no_option"`}, func(t *testing.T, m sent) {
			if len(m.Embeds) > 0 || m.Content != "42 artikel, terbaru dulu:" || len(m.Components) != 2 {
				t.Fatalf("content %q, %d rows: want the list's words, a menu and its pages", m.Content, len(m.Components))
			}
			menu := m.Components[0].Components[0]
			if menu.Type != 3 || len(menu.Options) != 9 || menu.Options[0].Value != "article:0" || menu.Options[2].Label != bottest.GempaTitle || !menu.Options[2].Default {
				t.Errorf("menu %+v: want the library, then a page of 8, gempa the chat's", menu)
			}
			if next := m.Components[1].Components; len(next) != 1 || next[0].CustomID != "articles:8" {
				t.Errorf("paging %+v: want the next page only", next)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hs.fake.Dispatch("INTERACTION_CREATE", fixture(t, "ask.json", tt.oldnew...))
			m := decode[callback](t, hs.fake.WaitRequest(t, "POST", callbackPath)).Data
			checkSafe(t, m)
			tt.check(t, m)
		})
	}
}
