package qa

import (
	"math"
	"sync"
	"sync/atomic"

	"github.com/kutip/kutip/corpus"
	"github.com/kutip/kutip/lang"
	"github.com/kutip/kutip/qa/analysis"
)

// An index holds one article's answerable sentences, analysed, with a
// posting list per term. Terms are numbered, so that matching a sentence's
// words against a question compares integers.
type index struct {
	article  *corpus.Article
	an       *analysis.Analyzer
	docs     []doc
	ids      map[string]int32 // term -> its number
	postings [][]posting      // by term number
	idf      []float64        // by term number
	avgLen   float64
	byLen    map[int][]vocabWord // the article's words by length in runes, for typo tolerance

	typoCache  sync.Map // question word -> []alt
	typoCached atomic.Int64

	docPhrases [][]phraseAt // by document, the lexicon phrases it holds; nil when none does (translate.go)

	termsState
}

type vocabWord struct {
	word  string
	term  int32
	runes []rune
}

type doc struct {
	sentence  int              // index in article.Sentences
	paragraph int              // the sentence's
	toks      []analysis.Token // the sentence's tokens
	terms     []int32          // the number of each token's term; noTerm for stop words
	length    int              // tokens that are not stop words
	answers   []answerWord
}

// noTerm stands for a stop word in doc.terms: questions never search for one.
const noTerm = -1

type posting struct {
	doc int32
	tf  int32
}

// langWords are the words of languages that indexing needs.
type langWords struct {
	calendar   lang.Set // months, days: a time
	timePreps  lang.Set // "pada", "in": a number after one is a time
	placePreps lang.Set // "di", "in": a name after one is a place
	pronouns   lang.Set // "ia", "ini", "it": a sentence opening with one is also found by the names before it
}

// newLangWords takes the words of the languages together.
func newLangWords(ls ...*lang.Language) langWords {
	var w langWords
	var cal, tp, pp, pr []lang.Set
	for _, l := range ls {
		cal, tp, pp, pr = append(cal, l.Calendar), append(tp, l.TimePreps), append(pp, l.PlacePreps), append(pr, l.Pronouns)
	}
	w.calendar, w.timePreps, w.placePreps, w.pronouns = lang.Union(cal...), lang.Union(tp...), lang.Union(pp...), lang.Union(pr...)
	return w
}

func newIndex(a *corpus.Article, an *analysis.Analyzer, lw langWords) *index {
	ix := &index{article: a, an: an, ids: map[string]int32{}, byLen: map[int][]vocabWord{}}
	words := map[string]int32{}
	total := 0
	var names []string // the names of the sentence before
	for _, s := range a.Sentences {
		if !s.Answerable() {
			continue
		}
		d := doc{sentence: s.Index, paragraph: s.Paragraph, toks: an.Analyze(s.Text)}
		d.answers = lw.answerWords(d.toks)
		d.terms = make([]int32, len(d.toks))
		id := int32(len(ix.docs))
		for i, t := range d.toks {
			if t.Stop {
				d.terms[i] = noTerm
				continue
			}
			d.length++
			d.terms[i] = ix.add(t.Term, id)
			words[t.Word] = d.terms[i]
		}
		// "Ia mengatakan ..." is about the person the sentence before
		// names: the sentence is found by that name too, though the name
		// is not highlighted in it.
		if len(d.toks) > 0 && lw.pronouns.Has(d.toks[0].Word) {
			for _, n := range names {
				ix.add(n, id)
			}
		}
		names = names[:0]
		for i, t := range d.toks {
			if i > 0 && t.Capital && t.Kind == analysis.Word && !t.Stop {
				names = append(names, t.Term)
			}
		}
		total += d.length
		ix.docs = append(ix.docs, d)
	}
	for w, term := range words { // stop words never reach words
		r := []rune(w)
		ix.byLen[len(r)] = append(ix.byLen[len(r)], vocabWord{w, term, r})
	}
	if len(ix.docs) > 0 {
		ix.avgLen = float64(total) / float64(len(ix.docs))
	}
	ix.idf = make([]float64, len(ix.postings))
	for t, ps := range ix.postings {
		ix.idf[t] = ix.idfOf(len(ps))
	}
	return ix
}

// add counts one more occurrence of term in doc id, the newest document,
// and returns the term's number.
func (ix *index) add(term string, id int32) int32 {
	t, ok := ix.ids[term]
	if !ok {
		t = int32(len(ix.postings))
		ix.ids[term] = t
		ix.postings = append(ix.postings, nil)
	}
	ps := ix.postings[t]
	if n := len(ps); n > 0 && ps[n-1].doc == id {
		ps[n-1].tf++
	} else {
		ix.postings[t] = append(ps, posting{doc: id, tf: 1})
	}
	return t
}

// term returns the number of an index term, and whether the article has it.
func (ix *index) term(term string) (int32, bool) {
	t, ok := ix.ids[term]
	return t, ok
}

// idfOf returns the BM25 inverse document frequency of a term that df
// sentences hold.
func (ix *index) idfOf(df int) float64 {
	n := float64(len(ix.docs))
	return math.Log(1 + (n-float64(df)+0.5)/(float64(df)+0.5))
}

// df returns how many sentences hold term t.
func (ix *index) df(t int32) int { return len(ix.postings[t]) }
