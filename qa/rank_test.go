package qa

import (
	"math"
	"testing"

	"github.com/kutip/kutip/corpus"
	"github.com/kutip/kutip/lang"
	"github.com/kutip/kutip/qa/analysis"
)

func TestProximity(t *testing.T) {
	// Question terms 0, 1, 2 match index terms 10, 11, 12; 99 is any other
	// word and noTerm a stop word.
	qs := []qterm{
		{alts: []alt{{term: 10}}},
		{alts: []alt{{term: 11}}},
		{alts: []alt{{term: 12}}},
	}
	m := newMatcher(qs, nil, make([]int32, 100))
	tests := []struct {
		name         string
		terms        []int32
		prox, phrase float64
	}{
		{"no match", []int32{99, 99}, 0, 0},
		{"one term", []int32{10, 99, 10}, 0, 0},
		{"all in a row", []int32{10, 11, 12}, 3.0 / 3 * 2 / 3, 1},
		{"two in a row", []int32{10, 11, 99}, 2.0 / 2 * 1 / 3, 0.5},
		{"reversed: close, not a phrase", []int32{11, 10}, 2.0 / 2 * 1 / 3, 0},
		{"a stop word between", []int32{10, noTerm, 11}, 2.0 / 3 * 1 / 3, 0.5},
		{"too far for a phrase", []int32{10, 99, 99, 99, 11}, 2.0 / 5 * 1 / 3, 0},
		{"shortest window counts", []int32{10, 99, 99, 99, 99, 11, 10}, 2.0 / 2 * 1 / 3, 0},
		{"a phrase anywhere counts", []int32{11, 99, 99, 99, 99, 11, 12}, 2.0 / 2 * 1 / 3, 0.5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			prox, phrase := proximity(tt.terms, m, len(qs))
			if math.Abs(prox-tt.prox) > 1e-9 || math.Abs(phrase-tt.phrase) > 1e-9 {
				t.Errorf("proximity(%v) = %.3f, %.3f; want %.3f, %.3f", tt.terms, prox, phrase, tt.prox, tt.phrase)
			}
		})
	}
}

func TestWantCountsMoreInShortQuestions(t *testing.T) {
	p := DefaultParams()
	short := features{base: 1, want: true, nq: 2}
	long := features{base: 1, want: true, nq: 8}
	none := features{base: 1, nq: 2}
	if !(p.final(&short) > p.final(&long) && p.final(&long) > p.final(&none)) {
		t.Errorf("final: short %.3f, long %.3f, without %.3f; want short > long > without",
			p.final(&short), p.final(&long), p.final(&none))
	}
}

func TestHolds(t *testing.T) {
	id, _ := lang.Lookup("id")
	an, lw := analysis.New(id), newLangWords(id)
	tests := []struct {
		sentence string
		want     Want
		holds    bool
	}{
		{"Kadipaten itu dimulai pada 911 sebagai wilayah kekuasaan.", lang.WantTime, true},
		{"Perang pecah pada Agustus.", lang.WantTime, true},
		{"Kota itu dibangun tahun 1998.", lang.WantTime, true},
		{"Ia tiba pukul 10:30.", lang.WantTime, true},
		{"Tanah itu indah bagi Prancis abad pertengahan.", lang.WantTime, false},
		{"Bangsa itu tiba pada abad ke-10.", lang.WantTime, true},
		{"Korban tewas hingga 500 orang.", lang.WantTime, false},
		{"Sebanyak 500 orang hadir.", lang.WantTime, false},
		{"Sebanyak 500 orang hadir.", lang.WantNumber, true},
		{"Tidak ada yang hadir.", lang.WantNumber, false},
		{"Setiap pembeli dibatasi paling banyak dua kemasan.", lang.WantNumber, true},
		{"Srikandi adalah salah satu tokoh wiracarita.", lang.WantNumber, false},
		{"Beras dijual Rp12.000 per kilogram.", lang.WantNumber, true},
		{"Luasnya 3.496km².", lang.WantNumber, true},
		{"Pasien covid19 pulang.", lang.WantNumber, false},
		{"Harga naik karena musim tanam mundur.", lang.WantReason, true},
		{"Harga beras naik.", lang.WantReason, false},
		{"Pasukan itu dipimpin oleh Rollo.", lang.WantPerson, true},
		{"Pasukan itu tiba di Normandia.", lang.WantPlace, true},
		{"Pasukan itu tiba kemudian.", lang.WantPlace, false},
		{"Pasukan itu pergi ke Normandia.", lang.WantPlace, true},
		{"Pasukan itu tiba di Normandia.", lang.WantAny, false},
	}
	for _, tt := range tests {
		toks := an.Analyze(tt.sentence)
		if got := holds(toks, lw.answerWords(toks), tt.want, nil); got != tt.holds {
			t.Errorf("holds(%q, %v) = %v, want %v", tt.sentence, tt.want, got, tt.holds)
		}
	}
	// A word the question has is no answer to it.
	q := an.Analyze("Kapan Rollo tiba di Normandia?")
	if toks := an.Analyze("Rollo tiba di Normandia."); holds(toks, lw.answerWords(toks), lang.WantPlace, q) {
		t.Error("Normandia answers a question that names it")
	}
}

// TestTopicNameWeight: a name gets extra weight, but not the name of what
// the article is about, which is in nearly every sentence.
func TestTopicNameWeight(t *testing.T) {
	e := New(&corpus.Corpus{Articles: []*corpus.Article{corpus.Parse("a", `---
language: en
---
Scottsdale is a city in Arizona.
Scottsdale has a desert climate.
Scottsdale is bordered to the west by Phoenix.
The city hosts a golf tournament.`)}})
	ix := e.lib.Load().indexes[0]
	weights := map[string]float64{}
	for _, q := range e.queryTerms(ix, ix.an.Analyze("where is scottsdale near phoenix"), nil) {
		weights[q.word] = q.weight
	}
	if weights["scottsdale"] != 1 || weights["phoenix"] != 1+e.params.Name {
		t.Errorf("weights %v, want scottsdale 1 (the topic), phoenix %.1f", weights, 1+e.params.Name)
	}
}

// TestNearAnswer: the number asked for stands beside the question's word,
// or far from it.
func TestNearAnswer(t *testing.T) {
	e := New(&corpus.Corpus{Articles: []*corpus.Article{corpus.Parse("a", `---
language: id
---
Sebanyak 350 personel dikerahkan ke lokasi banjir.
Personel gabungan dari TNI, Polri, Basarnas dan relawan menyisir sungai sejak pukul 6.`)}})
	ix := e.lib.Load().indexes[0]
	qtoks := ix.an.Analyze("berapa personel")
	qs := e.queryTerms(ix, qtoks, nil)
	sc := e.scratch(len(ix.docs), len(ix.article.Paragraphs), ix.nterms())
	m := newMatcher(qs, nil, sc.slots)
	defer m.reset()
	for d, want := range []bool{true, false} {
		if held, got := holdsNear(ix.lex, &ix.docs[d], lang.WantNumber, qtoks, m); !held || got != want {
			t.Errorf("sentence %d: holdsNear = %v, %v, want true, %v", d, held, got, want)
		}
	}
}
