package qa_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/kutip/kutip/corpus"
	"github.com/kutip/kutip/lang"
	"github.com/kutip/kutip/qa"
)

// sampleQuestions are the README's ten questions about the default article,
// with the sentence (from 0) that must come first.
var sampleQuestions = []struct {
	q    string
	want int
}{
	{"Berapa orang yang tewas?", 2},
	{"Kapan bentrokan terjadi?", 0},
	{"Kota apa yang ditembaki pasukan Armenia?", 1},
	{"Siapa Sekjen PBB?", 15},
	{"Apa kata Presiden Azerbaijan Ilham Aliyev?", 12},
	{"Apa yang didorong Prancis?", 21},
	{"Azerbaijan menuduh Armenia melakukan apa?", 11},
	{"Apa yang diminta Gutteres?", 17},
	{"Antonio Guterres prihatin atas apa?", 16},
	{"Apa yang dilanggar Armenia menurut Kementerian Luar Negeri Azerbaijan?", 10},
}

func TestSampleQuestions(t *testing.T) {
	e := qa.New(corpus.Default())
	for _, tt := range sampleQuestions {
		ans, err := e.Ask(t.Context(), qa.Query{Text: tt.q})
		if err != nil {
			t.Fatal(err)
		}
		if ans.Abstained || len(ans.Hits) == 0 {
			t.Errorf("%q: abstained", tt.q)
			continue
		}
		if got := ans.Hits[0]; got.Sentence != tt.want {
			t.Errorf("%q: top sentence %d %q, want %d", tt.q, got.Sentence, got.Text, tt.want)
		}
	}
}

func TestAbstains(t *testing.T) {
	e := qa.New(corpus.Default())
	for _, q := range []string{
		"Siapa pemenang Piala Dunia 2018?",
		"What is the capital of Japan?",
		"Berapa harga minyak dunia tahun 2019?",
		"Apa?",
		"!!! ??? ...",
	} {
		ans, err := e.Ask(t.Context(), qa.Query{Text: q})
		if err != nil {
			t.Fatal(err)
		}
		if !ans.Abstained || len(ans.Hits) != 0 {
			t.Errorf("%q: want an abstention, got %q", q, ans.Hits[0].Text)
		}
	}
}

func TestAskVerbatimAndHighlights(t *testing.T) {
	c := corpus.Default()
	e := qa.New(c)
	ans, err := e.Ask(t.Context(), qa.Query{Text: "Berapa orang meninggal dunia?", N: 5, Explain: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range ans.Hits {
		if s := c.Articles[0].Sentences[h.Sentence]; s.Text != h.Text || s.Related {
			t.Errorf("hit %q is not sentence %d %q", h.Text, h.Sentence, s.Text)
		}
		if len(h.Highlights) == 0 || len(h.Explain) == 0 {
			t.Errorf("hit %q has no highlights or explanation", h.Text)
		}
		for _, sp := range h.Highlights {
			w := strings.ToLower(h.Text[sp.Start:sp.End])
			if w != "orang" && w != "meninggal" && w != "dunia" && w != "orang-orang" {
				t.Errorf("highlight %q in %q", w, h.Text)
			}
		}
	}
}

func TestAskErrors(t *testing.T) {
	e := qa.New(corpus.Default())
	if _, err := e.Ask(t.Context(), qa.Query{Text: "  "}); !errors.Is(err, qa.ErrEmptyQuestion) {
		t.Errorf("empty question: %v", err)
	}
	if _, err := e.Ask(t.Context(), qa.Query{Text: "x", Article: "nope"}); !errors.Is(err, qa.ErrUnknownArticle) {
		t.Errorf("unknown article: %v, want ErrUnknownArticle", err)
	}
	if _, err := e.Summary("nope", 3); !errors.Is(err, qa.ErrUnknownArticle) {
		t.Errorf("summary of an unknown article: %v, want ErrUnknownArticle", err)
	}
	huge := strings.Repeat("Azerbaijan ", 10000) + "\xff\xfe"
	if _, err := e.Ask(t.Context(), qa.Query{Text: huge}); err != nil {
		t.Errorf("huge question: %v", err)
	}
}

func TestEnglishArticle(t *testing.T) {
	c := &corpus.Corpus{Articles: []*corpus.Article{corpus.Parse("en", `The Eiffel Tower is a wrought-iron lattice tower in Paris, France.
It is named after the engineer Gustave Eiffel, whose company designed and built the tower.
The tower was built from 1887 to 1889 as the entrance to the 1889 World's Fair.
It is 330 metres tall, about the same height as an 81-storey building.
More than six million people visit it every year.`)}}
	e := qa.New(c)
	if got := e.Language("en"); got != "en" {
		t.Fatalf("language %q, want en", got)
	}
	for _, tt := range []struct {
		q    string
		want int
	}{
		{"Who designed the Eiffel Tower?", 1},
		{"How tall is the tower?", 3},
		{"When was the tower built?", 2},
		{"How many people visit each year?", 4},
		{"Where is the Eiffel Tower?", 0},
	} {
		ans, err := e.Ask(t.Context(), qa.Query{Text: tt.q})
		if err != nil || len(ans.Hits) == 0 {
			t.Errorf("%q: %v, abstained %v", tt.q, err, ans.Abstained)
			continue
		}
		if ans.Hits[0].Sentence != tt.want {
			t.Errorf("%q: top %q, want sentence %d", tt.q, ans.Hits[0].Text, tt.want)
		}
	}
	if ans, _ := e.Ask(t.Context(), qa.Query{Text: "Who won the 2018 World Cup?"}); !ans.Abstained {
		t.Errorf("off-topic English question answered: %q", ans.Hits[0].Text)
	}
}

// TestSummary pins which sentences sum up the default article: the lead's
// claims and the world's response, in article order, each verbatim.
func TestSummary(t *testing.T) {
	c := corpus.Default()
	e := qa.New(c)
	tests := []struct {
		n    int
		want []int // sentences, from 0
	}{
		{1, []int{0}},                 // the lead, always
		{3, []int{0, 8, 10}},          // then the reactions, quoted
		{4, []int{0, 2, 8, 10}},       // and the death toll (what /summary shows)
		{6, []int{0, 1, 2, 7, 8, 10}}, // within the length budget
	}
	for _, tt := range tests {
		hits, err := e.Summary(corpus.DefaultID, tt.n)
		if err != nil {
			t.Fatal(err)
		}
		var got []int
		for _, h := range hits {
			got = append(got, h.Sentence)
			if s := c.Articles[0].Sentences[h.Sentence]; h.Text != s.Text || h.Paragraph != s.Paragraph || s.Related {
				t.Errorf("summary hit %+v is not sentence %d %q", h, h.Sentence, s.Text)
			}
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("Summary(%d) = sentences %v, want %v", tt.n, got, tt.want)
		}
	}
}

// TestSummaryNews pins the summaries of the chat set's news articles, in
// both languages: each starts with its lead, carries the toll, the amount
// or the result (a number), and a reaction in the speaker's words.
func TestSummaryNews(t *testing.T) {
	c, err := corpus.Load("../eval/chat/articles")
	if err != nil {
		t.Fatal(err)
	}
	e := qa.New(c)
	want := map[string][]int{ // sentences, from 0
		"banjir-garut-2024":      {0, 1, 5, 8},
		"harga-beras-2025":       {0, 1, 4, 27},
		"indonesia-masters-2025": {0, 2, 5, 11},
		"millbrook-spill-2025":   {0, 1, 3, 15},
		"nagorno-karabakh-2020":  {0, 2, 8, 10},
		"tarsier-sulawesi-2024":  {0, 1, 8, 16},
	}
	for id, w := range want {
		hits, err := e.Summary(id, 4)
		if err != nil {
			t.Fatal(err)
		}
		var got []int
		quote, number := false, false
		for _, h := range hits {
			got = append(got, h.Sentence)
			quote = quote || strings.ContainsAny(h.Text, `"“`)
			number = number || strings.ContainsAny(h.Text, "0123456789")
		}
		if !slices.Equal(got, w) || !quote || !number {
			t.Errorf("Summary(%s) = sentences %v (a quotation %v, a number %v), want %v, with both", id, got, quote, number, w)
		}
	}
}

func ExampleEngine_Ask() {
	e := qa.New(corpus.Default())
	ans, _ := e.Ask(context.Background(), qa.Query{Text: "Berapa orang yang tewas?", N: 1})
	fmt.Println(ans.Hits[0].Text)
	// Output: Diketahui setidaknya 15 orang meninggal dunia atas konflik di Pegunungan Kaukasus ini.
}

// TestAskConcurrent asks from several goroutines at once: every answer must
// be the one asked alone, hits, scores, highlights and explanations and all
// (the engine shares its scratch space through a pool, and caches typos).
func TestAskConcurrent(t *testing.T) {
	e := qa.New(corpus.Default())
	queries := []qa.Query{{Text: "Siapa pemenang Piala Dunia 2018?"}, {Text: "Berapa orng yang tewas?", N: 5, Explain: true}}
	for _, tt := range sampleQuestions {
		queries = append(queries, qa.Query{Text: tt.q, N: 5, Explain: true})
	}
	want := make([]qa.Answer, len(queries))
	for i, q := range queries {
		ans, err := e.Ask(t.Context(), q)
		if err != nil {
			t.Fatal(err)
		}
		want[i] = ans
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for r := range 50 {
				i := (g + r) % len(queries) // goroutines ask different questions at once
				for range queries {
					ans, err := e.Ask(t.Context(), queries[i])
					if err != nil || !reflect.DeepEqual(ans, want[i]) {
						t.Errorf("%q asked concurrently: %v\n got %+v\nwant %+v", queries[i].Text, err, ans, want[i])
						return
					}
					i = (i + 1) % len(queries)
				}
			}
		})
	}
	wg.Wait()
}

// TestStubLanguage builds a language of its own from a folder of two files,
// with no stemmer, and asks about an article in it: adding a language is
// adding a folder.
func TestStubLanguage(t *testing.T) {
	fsys := fstest.MapFS{
		"xx/stop.txt":      {Data: []byte("# Stop words of xx, for a test.\nqo zi ta\n")},
		"xx/questions.txt": {Data: []byte("# Question words of xx, for a test.\nkwanto number\n")},
	}
	xx, err := lang.Load(fsys, "xx")
	if err != nil {
		t.Fatal(err)
	}
	c := &corpus.Corpus{Articles: []*corpus.Article{corpus.Parse("xx-news", `Qo vilaĝo havas ta fontanon zi ta placo.
Qo urbo havas 4000 loĝantoj zi ta rivero.
Qo reĝo kwanto loĝas zi ta kastelo kaj urbo.`)}}
	e := qa.New(c, qa.WithLanguages(xx))
	if got := e.Language("xx-news"); got != "xx" {
		t.Fatalf("article language %q, want xx", got)
	}
	ans, err := e.Ask(t.Context(), qa.Query{Text: "Kwanto loĝantoj havas qo urbo?", N: 3, Explain: true})
	if err != nil {
		t.Fatal(err)
	}
	if ans.Abstained || ans.Want != lang.WantNumber || ans.Hits[0].Sentence != 1 {
		t.Fatalf("answer %+v, want sentence 1 and a number asked for", ans)
	}
	searched := map[string]bool{}
	for _, h := range ans.Hits {
		for _, p := range h.Explain {
			searched[p.Term] = true
		}
	}
	if searched["kwanto"] || searched["qo"] || !searched["urbo"] || !searched["loĝantoj"] {
		t.Errorf("searched for %v, want the words that are neither stop nor question words", searched)
	}
	// The stop words alone ask nothing.
	if ans, _ := e.Ask(t.Context(), qa.Query{Text: "qo zi ta?"}); !ans.Abstained {
		t.Errorf("stop words answered: %+v", ans.Hits)
	}
}

// TestArticleLanguage: the front matter names the language, else the text
// tells; a language the engine does not have is analysed with its stemmer
// alone.
func TestArticleLanguage(t *testing.T) {
	c := &corpus.Corpus{Articles: []*corpus.Article{
		corpus.Default().Articles[0],
		corpus.Parse("en", "The soldiers were fighting near the border on Sunday, and they said it was over."),
		corpus.Parse("en-us", "---\nlanguage: en-US\n---\nSoldaten kämpften."),
		corpus.Parse("fr", "---\nlanguage: fr\n---\nLes soldats se battaient."),
	}}
	e := qa.New(c)
	for id, want := range map[string]string{corpus.DefaultID: "id", "en": "en", "en-us": "en", "fr": "fr", "nope": ""} {
		if got := e.Language(id); got != want {
			t.Errorf("Language(%q) = %q, want %q", id, got, want)
		}
	}
	ans, err := e.Ask(t.Context(), qa.Query{Text: "soldat", Article: "fr"})
	if err != nil || ans.Abstained {
		t.Errorf("French stemmed: %+v, %v", ans, err)
	}
}

// TestTerms: names are runs of capitalised words, however much white space
// stands between them (sentences are verbatim), speakers first; key words
// are the rest.
func TestTerms(t *testing.T) {
	c := &corpus.Corpus{Articles: []*corpus.Article{corpus.Parse("t", `Pasukan Armenia menembaki kota Terter di Nagorno-Karabakh.
"Kami akan membalas serangan itu," kata Presiden Ilham  Aliyev
kepada pasukan. Presiden Ilham   Aliyev menuduh pasukan Armenia.`)}}
	terms, err := qa.New(c).Terms("t")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]qa.Term{}
	for _, tm := range terms {
		got[tm.Text] = tm
	}
	for _, want := range []qa.Term{
		{Text: "Ilham Aliyev", Key: "ilham aliyev", Name: true, Count: 100},
		{Text: "Presiden Ilham Aliyev", Key: "presiden ilham aliyev", Name: true, Count: 2},
		{Text: "Nagorno-Karabakh", Key: "nagorno-karabakh", Name: true, Count: 1},
		{Text: "pasukan", Key: "pasukan", Count: 2},
	} {
		if g, ok := got[want.Text]; !ok || g != want {
			t.Errorf("term %q = %+v, want %+v", want.Text, g, want)
		}
	}
	if terms[0].Text != "Ilham Aliyev" {
		t.Errorf("first term %+v, want the speaker", terms[0])
	}
	if _, err := qa.New(c).Terms("nope"); !errors.Is(err, qa.ErrUnknownArticle) {
		t.Errorf("Terms of an unknown article: %v", err)
	}
}

// TestShortArticle asks what search logs ask of a short encyclopedia-like
// summary: lower case, the defining sentence first after a caption.
func TestShortArticle(t *testing.T) {
	c := &corpus.Corpus{Articles: []*corpus.Article{corpus.Parse("fiat", `Fiat money in a museum display

Fiat money is a currency that a government has declared to be legal tender, though it is not worth anything in itself.

It is not backed by a physical commodity such as gold or silver.

The value of fiat money comes from supply and demand and from the stability of the government that issues it.

Most modern paper currencies, such as the US dollar, are fiat currencies.

China issued paper money as early as the 11th century.`)}}
	e := qa.New(c)
	for _, tt := range []struct {
		q    string
		want int
	}{
		{"what is fiat money", 1},
		{"is fiat money backed by gold", 2},
		{"what gives fiat money its value", 3},
		{"when did china first issue paper money", 5},
	} {
		ans, err := e.Ask(t.Context(), qa.Query{Text: tt.q})
		if err != nil || len(ans.Hits) == 0 {
			t.Errorf("%q: %v, abstained %v", tt.q, err, ans.Abstained)
			continue
		}
		if ans.Hits[0].Sentence != tt.want {
			t.Errorf("%q: top %q, want sentence %d", tt.q, ans.Hits[0].Text, tt.want)
		}
	}
	for _, q := range []string{"who won the 2018 world cup", "how tall is the eiffel tower"} {
		if ans, _ := e.Ask(t.Context(), qa.Query{Text: q}); !ans.Abstained {
			t.Errorf("%q answered: %q", q, ans.Hits[0].Text)
		}
	}
}
