package qa_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/kutip/kutip/corpus"
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
	if _, err := e.Ask(t.Context(), qa.Query{Text: "  "}); err != qa.ErrEmptyQuestion {
		t.Errorf("empty question: %v", err)
	}
	if _, err := e.Ask(t.Context(), qa.Query{Text: "x", Article: "nope"}); err == nil {
		t.Error("unknown article: no error")
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

func TestSummary(t *testing.T) {
	e := qa.New(corpus.Default())
	hits, err := e.Summary(corpus.DefaultID, 3)
	if err != nil || len(hits) != 3 {
		t.Fatalf("Summary = %d hits, %v", len(hits), err)
	}
	for i := 1; i < len(hits); i++ {
		if hits[i].Sentence <= hits[i-1].Sentence {
			t.Errorf("summary not in article order: %d after %d", hits[i].Sentence, hits[i-1].Sentence)
		}
	}
}

func ExampleEngine_Ask() {
	e := qa.New(corpus.Default())
	ans, _ := e.Ask(context.Background(), qa.Query{Text: "Berapa orang yang tewas?", N: 1})
	fmt.Println(ans.Hits[0].Text)
	// Output: Diketahui setidaknya 15 orang meninggal dunia atas konflik di Pegunungan Kaukasus ini.
}

// TestAskConcurrent asks from several goroutines at once: the answers must be
// those asked alone (the engine shares its scratch space through a pool).
func TestAskConcurrent(t *testing.T) {
	e := qa.New(corpus.Default())
	want := map[string]int{}
	for _, tt := range sampleQuestions {
		ans, _ := e.Ask(t.Context(), qa.Query{Text: tt.q})
		want[tt.q] = ans.Hits[0].Sentence
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 50 {
				for _, tt := range sampleQuestions {
					ans, err := e.Ask(t.Context(), qa.Query{Text: tt.q})
					if err != nil || len(ans.Hits) == 0 || ans.Hits[0].Sentence != want[tt.q] {
						t.Errorf("%q asked concurrently: %v %+v", tt.q, err, ans.Hits)
						return
					}
				}
			}
		})
	}
	wg.Wait()
}
