package bot_test

import (
	"testing"

	"github.com/kutip/kutip/bot"
	"github.com/kutip/kutip/corpus"
	"github.com/kutip/kutip/qa"
)

// TestQuoteLinks asks the real engine, which gives the router the
// article's text: a sentence the article has twice links to the one quoted,
// with the words around it.
func TestQuoteLinks(t *testing.T) {
	a := corpus.Parse("banjir", "---\ntitle: Banjir\nurl: https://kabar.example/banjir#top\n---\n"+
		"Warga mengungsi ke masjid.\n\nHujan reda sore itu.\n\nWarga mengungsi ke masjid.\n\nAir surut malam harinya.")
	noURL := corpus.Parse("tanpa", "Warga mengungsi ke masjid lain.")
	rt := bot.NewRouter(qa.New(&corpus.Corpus{Articles: []*corpus.Article{a, noURL}}), bot.Options{})
	rep, err := rt.Handle(t.Context(), bot.Request{Command: "ask", Args: "Ke mana warga mengungsi?", Article: "banjir"})
	if err != nil {
		t.Fatal(err)
	}
	want := map[int]string{
		0: "https://kabar.example/banjir#top:~:text=Warga%20mengungsi%20ke%20masjid.", // the first: found as it is
		2: "https://kabar.example/banjir#top:~:text=itu.-,Warga%20mengungsi%20ke%20masjid.,-Air",
	}
	if len(rep.Quotes) == 0 {
		t.Fatal("no quotes")
	}
	for _, q := range rep.Quotes {
		if w, ok := want[q.Sentence]; ok && q.Link != w {
			t.Errorf("sentence %d links to %s, want %s", q.Sentence, q.Link, w)
		}
	}
	rep, err = rt.Handle(t.Context(), bot.Request{Command: "ask", Args: "Ke mana warga mengungsi?", Article: "tanpa"})
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range rep.Quotes {
		if q.Link != "" {
			t.Errorf("a quote of an article without an address links to %s", q.Link)
		}
	}
}
