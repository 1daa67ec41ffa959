package qa

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/kutip/kutip/corpus"
	"github.com/kutip/kutip/lang"
	"github.com/kutip/kutip/qa/analysis"
)

func TestIsWhole(t *testing.T) {
	tests := []struct {
		s     string
		whole bool
	}{
		{"Fiat money is a currency without intrinsic value.", true},
		{"Is it legal tender?", true},
		{"It is!", true},
		{`He said: "It is legal tender."`, true},
		{"It is legal tender (in most countries.)", true},
		{"“Kami akan menang.”", true},
		{"Fiat money in a museum display", false},
		{"Triumph Motorcycles may refer to:", false},
		{"Respons Dunia", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := isWhole(tt.s); got != tt.whole {
			t.Errorf("isWhole(%q) = %v, want %v", tt.s, got, tt.whole)
		}
	}
}

// article returns an English article of n one-sentence paragraphs, the
// first a caption.
func article(n int) *corpus.Article {
	lines := []string{"A coin in a museum"}
	for i := 1; i < n; i++ {
		lines = append(lines, fmt.Sprintf("Sentence %d is about coins.", i))
	}
	return corpus.Parse("a", strings.Join(lines, "\n\n"))
}

func TestOpening(t *testing.T) {
	en, _ := lang.Lookup("en")
	ix := newIndex(article(5), analysis.New(en), newLangWords(en), nil, newLexicon(nil))
	const half = 20
	f := fade(len(ix.docs), half)
	if want := 1 / (1 + math.Pow(5.0/half, 4)); math.Abs(f-want) > 1e-9 {
		t.Errorf("fade(5, %v) = %.4f, want %.4f", float64(half), f, want)
	}
	if got := ix.docs[0].opening(f); got != 0 {
		t.Errorf("a caption opens the article: prior %.3f, want 0", got)
	}
	first, second := ix.docs[1].opening(f), ix.docs[2].opening(f)
	if first != f || math.Abs(second-f/2) > 1e-9 {
		t.Errorf("first and second whole sentences: prior %.3f, %.3f; want %.3f, %.3f", first, second, f, f/2)
	}
	for _, tt := range []struct {
		n    int
		want float64
	}{{10, 0.941}, {20, 0.5}, {40, 0.059}, {100, 0.002}} {
		if got := fade(tt.n, half); math.Abs(got-tt.want) > 0.001 {
			t.Errorf("fade(%d, %v) = %.3f, want %.3f", tt.n, float64(half), got, tt.want)
		}
	}
	if got := fade(5, 0); got != 0 {
		t.Errorf("fade(5, 0) = %.3f, want 0", got)
	}
}

func TestWeightOf(t *testing.T) {
	en, _ := lang.Lookup("en")
	build := func(n int) *index {
		return newIndex(article(n), analysis.New(en), newLangWords(en), nil, newLexicon(nil))
	}
	short, long := build(5), build(100)
	// "coins" is in every sentence of the short article but the caption:
	// its idf is near nothing, its weight is not.
	if idf, w := short.idfOf(4), short.weightOf(4, 40, 15); !(idf < 0.3 && w > 2) {
		t.Errorf("a word in 4 of 5 sentences: idf %.3f, weight %.3f; want idf < 0.3 and weight > 2", idf, w)
	}
	if w, unseen := short.weightOf(4, 40, 15), short.weightOf(0, 40, 15); !(w < unseen) {
		t.Errorf("weight of a word the article holds %.3f, of one it does not %.3f; want less", w, unseen)
	}
	for _, df := range []int{0, 1, 10, 99} {
		if idf, w := long.idfOf(df), long.weightOf(df, 40, 15); math.Abs(idf-w) > 0.01 {
			t.Errorf("an article of 100 sentences, df %d: weight %.3f, want about its idf %.3f", df, w, idf)
		}
		if idf, w := short.idfOf(min(df, 5)), short.weightOf(min(df, 5), 0, 15); idf != w {
			t.Errorf("no extra sentences, df %d: weight %.3f, want its idf %.3f", df, w, idf)
		}
	}
}

// TestTermLookup looks up every term of an indexed article, many of which
// share their first four bytes, and words it lacks.
func TestTermLookup(t *testing.T) {
	id, _ := lang.Lookup("id")
	a := corpus.Parse("a", "Pemerintah memberikan pemberitahuan kepada pemerhati, pemberi, dan pembeli.\n\n"+
		"Mem, me, m dan pemb juga kata.")
	ix := newIndex(a, analysis.New(id), newLangWords(id), nil, newLexicon(nil))
	for tn := range ix.nterms() {
		term := ix.termText(int32(tn))
		if got, ok := ix.term(term); !ok || got != int32(tn) {
			t.Errorf("term(%q) = %d, %v; want %d", term, got, ok, tn)
		}
	}
	for _, w := range []string{"", "pem", "pemberitahuanx", "zzzz", "a"} {
		if got, ok := ix.term(w); ok {
			t.Errorf("term(%q) = %d, the article has no such term", w, got)
		}
	}
}

// TestLetterSet checks that words within d edits are never told apart by
// their letter sets.
func TestLetterSet(t *testing.T) {
	tests := []struct {
		a, b string
		d    int
		near bool
	}{
		{"korban", "korbn", 1, true},
		{"guterres", "gutteres", 1, true},
		{"pérez", "perez", 1, true},
		{"menyerang", "menyarang", 1, true},
		{"armenia", "azerbaijan", 2, false},
		{"abcde", "vwxyz", 2, false},
	}
	for _, tt := range tests {
		if got := nearLetters(letterSet(tt.a), letterSet(tt.b), tt.d); got != tt.near {
			t.Errorf("nearLetters(%q, %q, %d) = %v, want %v", tt.a, tt.b, tt.d, got, tt.near)
		}
		if ed := editDistance([]rune(tt.a), []rune(tt.b), tt.d); ed <= tt.d && !nearLetters(letterSet(tt.a), letterSet(tt.b), tt.d) {
			t.Errorf("%q and %q are %d edits apart but their letters say otherwise", tt.a, tt.b, ed)
		}
	}
}

func FuzzLetterSet(f *testing.F) {
	f.Add("korban", "korbn")
	f.Add("pérez", "perez")
	f.Fuzz(func(t *testing.T, a, b string) {
		ra, rb := []rune(a), []rune(b)
		if len(ra) > 40 || len(rb) > 40 {
			return
		}
		if d := editDistance(ra, rb, 2); d <= 2 && !nearLetters(letterSet(a), letterSet(b), d) {
			t.Errorf("%q and %q are %d edits apart but their letters say otherwise", a, b, d)
		}
	})
}
