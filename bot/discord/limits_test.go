package discord_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/kutip/kutip/bot/discord"
	"github.com/kutip/kutip/corpus"
)

// longArticle has answers and a quotation too long for one message, and
// many articles after it, whose list is too long for one message too.
func longCorpus() *corpus.Corpus {
	var b strings.Builder
	b.WriteString("---\ntitle: Artikel panjang\nurl: https://example.com/panjang\n---\n")
	for i := range 3 { // 1600 characters each, with bold: two fit in an embed, not three
		fmt.Fprintf(&b, "Kalimat %d tentang Armenia%s.\n\n", i+1, strings.Repeat(" dan kota-kota di Armenia yang indah", 40))
	}
	// One sentence of 5000 characters: it can only be cut at a word.
	fmt.Fprintf(&b, "Georgia berbatasan%s.\n\n", strings.Repeat(" dengan pegunungan yang tinggi", 170))
	// A quotation of 60 sentences, 6000 characters: it is cut after one of them.
	b.WriteString(`"`)
	for i := range 60 {
		fmt.Fprintf(&b, "Kalimat kutipan nomor %d adalah tentang perdamaian abadi di kawasan ini. ", i+1)
	}
	b.WriteString(`Sekian," kata Nikol Pashinyan.`)
	c := &corpus.Corpus{Articles: []*corpus.Article{corpus.Parse("panjang", b.String())}}
	for i := range 40 {
		title := fmt.Sprintf("Artikel nomor %02d dengan judul yang cukup panjang untuk mengisi satu baris penuh", i)
		c.Articles = append(c.Articles, corpus.Parse(fmt.Sprintf("artikel-%02d", i), "---\ntitle: "+title+"\n---\nIsi.\n"))
	}
	return c
}

func TestLimits(t *testing.T) {
	t.Parallel()
	rt := newRouter(longCorpus())
	hs := start(t, discord.Options{Articles: true}, rt, rt)
	tests := []struct {
		name   string
		oldnew []string // changes to ask.json
		check  func(t *testing.T, m sent)
	}{
		{"answers", []string{question, "Armenia"}, func(t *testing.T, m sent) {
			d := m.Embeds[0].Description
			if !strings.Contains(d, "**2.**") || strings.Contains(d, "**3.**") || !strings.HasSuffix(d, "indah.”\n*paragraf 2, kalimat 2*") {
				t.Errorf("description %.200q…%q: want the first two quotes, whole", d, d[max(0, len(d)-80):])
			}
			if m.button() != "more:2:ask:Armenia" {
				t.Errorf("button %q, want more:2:ask:Armenia", m.button())
			}
		}},
		{"one long sentence", []string{question, "Georgia"}, func(t *testing.T, m sent) {
			d := m.Embeds[0].Description
			words := strings.Fields(strings.TrimSuffix(d, " …”\n*paragraf 4, kalimat 4*"))
			if last := words[len(words)-1]; !strings.HasSuffix(d, " …”\n*paragraf 4, kalimat 4*") || !strings.Contains("dengan pegunungan yang tinggi", last) || len(d) < 4000 {
				t.Errorf("description of %d ends %q: want it full, cut after a word", len(d), d[max(0, len(d)-80):])
			}
		}},
		{"long quotation", []string{`"name": "ask"`, `"name": "quote"`, `"question"`, `"who"`, question, "Pashinyan"}, func(t *testing.T, m sent) {
			d := m.Embeds[0].Description
			if !strings.Contains(d, "kawasan ini. …”\n— Nikol Pashinyan") || strings.Contains(d, "nomor 60") {
				t.Errorf("description ends %q: want it cut after a sentence", d[max(0, len(d)-120):])
			}
		}},
		{"long text", []string{`"name": "ask"`, `"name": "article"`, `"question"`, `"no_option"`}, func(t *testing.T, m sent) {
			if len(m.Embeds) > 0 || !strings.HasPrefix(m.Content, "Artikel yang tersedia:") || !strings.HasSuffix(m.Content, "satu baris penuh\n…") {
				t.Errorf("content %q: want the list cut after a line", m.Content)
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
