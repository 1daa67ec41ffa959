package qa_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/kutip/kutip/corpus"
	"github.com/kutip/kutip/qa"
)

// library returns a corpus of the embedded article and two short ones, the
// second of which repeats one of the first's sentences word for word.
func library() *corpus.Corpus {
	c := corpus.Default()
	c.Articles = append(c.Articles,
		corpus.Parse("banjir", "---\ntitle: Banjir di Jakarta\nlanguage: id\n---\n"+
			"Banjir merendam ribuan rumah di Jakarta Timur pada Selasa pagi.\n\n"+
			"Sebanyak 1.200 warga mengungsi ke masjid dan sekolah terdekat.\n\n"+
			"Hujan deras turun sejak Senin malam."),
		corpus.Parse("gempa", "---\ntitle: Gempa di Cianjur\nlanguage: id\n---\n"+
			"Gempa bermagnitudo 5,6 mengguncang Cianjur, Jawa Barat.\n\n"+
			"Hujan deras turun sejak Senin malam.\n\n"+
			"Ratusan bangunan rusak dan warga tidur di tenda."))
	return c
}

func TestLibraryRoutes(t *testing.T) {
	e := qa.New(library())
	tests := []struct {
		q, article, prefix string
	}{
		{"Berapa orang yang tewas?", corpus.DefaultID, "Diketahui setidaknya 15 orang"},
		{"Berapa warga yang mengungsi?", "banjir", "Sebanyak 1.200 warga"},
		{"Berapa magnitudo gempa di Cianjur?", "gempa", "Gempa bermagnitudo 5,6"},
		{"Siapa Sekjen PBB?", corpus.DefaultID, "Respons pertama datang"},
	}
	for _, tt := range tests {
		ans, err := e.Ask(t.Context(), qa.Query{Text: tt.q, N: 5})
		if err != nil || ans.Abstained {
			t.Errorf("%q: abstained %v, %v", tt.q, ans.Abstained, err)
			continue
		}
		if h := ans.Hits[0]; h.Article != tt.article || !strings.HasPrefix(h.Text, tt.prefix) {
			t.Errorf("%q: first hit %s %q, want %s %q...", tt.q, h.Article, h.Text, tt.article, tt.prefix)
		}
		for _, h := range ans.Hits {
			if h.Article == "" {
				t.Errorf("%q: a hit names no article: %+v", tt.q, h)
			}
		}
	}
}

func TestLibraryShowsASentenceOnce(t *testing.T) {
	e := qa.New(library())
	ans, err := e.Ask(t.Context(), qa.Query{Text: "Kapan hujan deras turun?", N: 5})
	if err != nil || ans.Abstained {
		t.Fatalf("abstained %v, %v", ans.Abstained, err)
	}
	n := 0
	for _, h := range ans.Hits {
		if h.Text == "Hujan deras turun sejak Senin malam." {
			n++
		}
	}
	if n != 1 {
		t.Errorf("the sentence both articles hold came back %d times: %+v", n, ans.Hits)
	}
}

func TestLibraryVisible(t *testing.T) {
	e := qa.New(library())
	q := qa.Query{Text: "Berapa warga yang mengungsi?", N: 5, Visible: func(id string) bool { return id != "banjir" }}
	ans, err := e.Ask(t.Context(), q)
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range ans.Hits {
		if h.Article == "banjir" {
			t.Errorf("a hit from an article not visible: %+v", h)
		}
	}
	q.Visible = func(string) bool { return false }
	if ans, err := e.Ask(t.Context(), q); err != nil || !ans.Abstained || ans.Closest != nil {
		t.Errorf("no article visible: %+v, %v; want an abstention", ans, err)
	}
	q.Article, q.Visible = "banjir", func(string) bool { return false }
	if ans, err := e.Ask(t.Context(), q); err != nil || ans.Abstained {
		t.Errorf("a picked article is asked whatever Visible says: %+v, %v", ans, err)
	}
}

func TestAddRemove(t *testing.T) {
	e := qa.New(corpus.Default())
	ask := func(q qa.Query) qa.Answer {
		t.Helper()
		ans, err := e.Ask(t.Context(), q)
		if err != nil {
			t.Fatal(err)
		}
		return ans
	}
	lib := library()
	for _, a := range lib.Articles[1:] {
		if err := e.Add(a); err != nil {
			t.Fatal(err)
		}
	}
	ids := func() []string {
		var out []string
		for _, a := range e.Articles() {
			out = append(out, a.ID)
		}
		return out
	}
	if got, want := ids(), []string{corpus.DefaultID, "banjir", "gempa"}; !slices.Equal(got, want) {
		t.Errorf("articles %v, want %v", got, want)
	}
	if a, ok := e.Article("gempa"); !ok || a.Title != "Gempa di Cianjur" || a.Sentences != 3 {
		t.Errorf("Article(gempa) = %+v, %v", a, ok)
	}
	if ans := ask(qa.Query{Text: "Berapa warga yang mengungsi?"}); ans.Abstained || ans.Hits[0].Article != "banjir" {
		t.Errorf("an added article is not asked: %+v", ans)
	}
	if sum, err := e.Summary("gempa", 3); err != nil || len(sum) == 0 || sum[0].Article != "gempa" {
		t.Errorf("Summary of an added article: %+v, %v", sum, err)
	}
	if f := e.Fragment("gempa", 0); !strings.HasPrefix(f, ":~:text=") {
		t.Errorf("Fragment of an added article: %q", f)
	}
	if _, err := e.Quotations("gempa"); err != nil {
		t.Errorf("Quotations of an added article: %v", err)
	}
	if terms, err := e.Terms("gempa"); err != nil || !slices.ContainsFunc(terms, func(t qa.Term) bool { return t.Text == "Cianjur" }) {
		t.Errorf("Terms of an added article: %+v, %v", terms, err)
	}

	// Replacing keeps the article's place and forgets its old text.
	if err := e.Add(corpus.Parse("banjir", "Banjir surut pada Rabu siang.\n\nSebanyak 300 warga kembali ke rumah.")); err != nil {
		t.Fatal(err)
	}
	if got, want := ids(), []string{corpus.DefaultID, "banjir", "gempa"}; !slices.Equal(got, want) {
		t.Errorf("after replacing: articles %v, want %v", got, want)
	}
	ans := ask(qa.Query{Text: "Berapa warga yang mengungsi ke masjid?", N: 5})
	for _, h := range ans.Hits {
		if strings.Contains(h.Text, "1.200") {
			t.Errorf("the replaced article's old text answers: %+v", h)
		}
	}
	if ans := ask(qa.Query{Text: "Kapan banjir surut?", Article: "banjir"}); ans.Abstained || !strings.Contains(ans.Hits[0].Text, "Rabu") {
		t.Errorf("the new text does not answer: %+v", ans)
	}

	if !e.Remove("gempa") || e.Remove("gempa") {
		t.Error("Remove reports wrongly whether it had the article")
	}
	if _, ok := e.Article("gempa"); ok {
		t.Error("a removed article is still described")
	}
	if _, err := e.Ask(t.Context(), qa.Query{Text: "Berapa magnitudo gempa?", Article: "gempa"}); !errors.Is(err, qa.ErrUnknownArticle) {
		t.Errorf("asking a removed article: %v, want ErrUnknownArticle", err)
	}
	if _, err := e.Terms("gempa"); !errors.Is(err, qa.ErrUnknownArticle) {
		t.Errorf("Terms of a removed article: %v", err)
	}
	if _, err := e.Summary("gempa", 3); !errors.Is(err, qa.ErrUnknownArticle) {
		t.Errorf("Summary of a removed article: %v", err)
	}
	if f := e.Fragment("gempa", 0); f != "" {
		t.Errorf("Fragment of a removed article: %q", f)
	}
	for _, h := range ask(qa.Query{Text: "Berapa magnitudo gempa di Cianjur?", N: 5}).Hits {
		if h.Article == "gempa" {
			t.Errorf("a removed article answers: %+v", h)
		}
	}
	if err := e.Add(&corpus.Article{}); err == nil {
		t.Error("an article without an id is added")
	}
}

// TestAddRemoveWhileAsking replaces and removes articles while questions
// are asked of the library and of single articles: each answer comes from
// one whole version of an article, and nothing races (go test -race).
func TestAddRemoveWhileAsking(t *testing.T) {
	version := func(id string, v int) *corpus.Article {
		return corpus.Parse(id, fmt.Sprintf("---\ntitle: Laporan %s\nlanguage: id\n---\n"+
			"Gudang nomor %d di %s terbakar pada Kamis malam.\n\n"+
			"Kerugian gudang nomor %d ditaksir miliaran rupiah.\n\n"+
			"Petugas memadamkan api gudang nomor %d dalam dua jam.", id, v, id, v, v))
	}
	e := qa.New(corpus.Default())
	ids := []string{"pasar", "pelabuhan", "bandara"}
	for _, id := range ids {
		e.Add(version(id, 0))
	}
	var stop atomic.Bool
	var wg sync.WaitGroup
	wg.Go(func() {
		defer stop.Store(true)
		for v := 1; v <= 200; v++ {
			id := ids[v%len(ids)]
			if v%7 == 0 {
				e.Remove(id)
				continue
			}
			if err := e.Add(version(id, v)); err != nil {
				t.Error(err)
				return
			}
		}
	})
	for g := range 3 {
		wg.Go(func() {
			for i := 0; !stop.Load(); i++ {
				q := qa.Query{Text: "Kapan gudang nomor itu terbakar dan berapa kerugiannya?", N: 5}
				if g == 1 {
					q.Article = ids[i%len(ids)]
				}
				ans, err := e.Ask(t.Context(), q)
				if errors.Is(err, qa.ErrUnknownArticle) {
					continue // removed meanwhile
				}
				if err != nil {
					t.Error(err)
					return
				}
				versions := map[string]string{} // article -> the number its hits hold
				for _, h := range ans.Hits {
					at := strings.Index(h.Text, "nomor ")
					if at < 0 {
						continue
					}
					f := strings.Fields(h.Text[at+len("nomor "):])
					if v, ok := versions[h.Article]; ok && v != f[0] {
						t.Errorf("hits of %s from two versions: %s and %s", h.Article, v, f[0])
						return
					}
					versions[h.Article] = f[0]
				}
				e.Articles()
				e.Terms(ids[i%len(ids)])
			}
		})
	}
	wg.Wait()
	if n := len(e.Articles()); n != 4 {
		t.Errorf("%d articles at the end, want 4", n)
	}
}

// TestLibraryAbstainsAsItsArticle: a question about one article that the
// article does not answer is not answered from another that shares a
// word or two with it: the library abstains, as the article would.
func TestLibraryAbstainsAsItsArticle(t *testing.T) {
	c := corpus.Default()
	c.Articles = append(c.Articles,
		corpus.Parse("banjir", "---\ntitle: Banjir di Jakarta Timur\nlanguage: id\n---\n"+
			"Banjir merendam ribuan rumah di Jakarta Timur pada Selasa pagi.\n\n"+
			"Sebanyak 1.200 warga mengungsi ke masjid dan sekolah terdekat.\n\n"+
			"Banjir di Jakarta Timur surut pada Rabu sore."),
		corpus.Parse("longsor", "---\ntitle: Longsor di Bogor\nlanguage: id\n---\n"+
			"Wali kota Bogor meninjau lokasi longsor pada Rabu.\n\n"+
			"Tiga rumah tertimbun tanah."))
	e := qa.New(c)
	const q = "Siapa wali kota yang meninjau banjir di Jakarta Timur pada Selasa?"
	for _, tt := range []struct {
		article string
		abstain bool
	}{
		{"banjir", true},   // the article the question is about does not say
		{"longsor", false}, // another has a mayor who inspected something
		{"", true},         // so the library does not say either
	} {
		ans, err := e.Ask(t.Context(), qa.Query{Text: q, Article: tt.article})
		if err != nil {
			t.Fatal(err)
		}
		if ans.Abstained != tt.abstain {
			t.Errorf("article %q: abstained %v, want %v (%+v)", tt.article, ans.Abstained, tt.abstain, ans.Hits)
		}
		if tt.article == "" && (ans.Closest == nil || ans.Closest.Article != "longsor") {
			t.Errorf("the library's closest sentence: %+v, want longsor's", ans.Closest)
		}
	}
}

// TestView: a view keeps the library it was taken of while the engine
// adds and removes articles, for every question and every description.
func TestView(t *testing.T) {
	e := qa.New(corpus.Default())
	lib := library()
	banjir, gempa := lib.Articles[1], lib.Articles[2]
	if err := e.Add(banjir); err != nil {
		t.Fatal(err)
	}
	v := e.View()
	if err := e.Add(gempa); err != nil {
		t.Fatal(err)
	}
	e.Remove(banjir.ID)
	for _, tc := range []struct {
		name          string
		eng           *qa.Engine
		banjir, gempa bool
	}{
		{"view", v, true, false},
		{"engine", e, false, true},
		{"view of now", e.View(), false, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, ok := tc.eng.Article(banjir.ID); ok != tc.banjir {
				t.Errorf("Article(banjir) %v, want %v", ok, tc.banjir)
			}
			if _, ok := tc.eng.Article(gempa.ID); ok != tc.gempa {
				t.Errorf("Article(gempa) %v, want %v", ok, tc.gempa)
			}
			if got := len(tc.eng.Articles()); got != 2 {
				t.Errorf("%d articles, want 2", got)
			}
			ans, err := tc.eng.Ask(t.Context(), qa.Query{Text: "Berapa warga yang mengungsi?"})
			if err != nil {
				t.Fatal(err)
			}
			if got := !ans.Abstained && ans.Hits[0].Article == banjir.ID; got != tc.banjir {
				t.Errorf("answered from banjir: %v, want %v (%+v)", got, tc.banjir, ans)
			}
			if _, err := tc.eng.Summary(gempa.ID, 2); (err == nil) != tc.gempa {
				t.Errorf("Summary(gempa) error %v, want one: %v", err, !tc.gempa)
			}
		})
	}
}
