package qa

import (
	"sync"
	"sync/atomic"

	"github.com/kutip/kutip/corpus"
)

// An index holds one article's answerable sentences, analysed, with a
// posting list per term.
type index struct {
	article  *corpus.Article
	an       *Analyzer
	docs     []doc
	postings map[string][]posting
	avgLen   float64
	byLen    map[int][]vocabWord // the article's words by length in runes, for typo tolerance

	typoCache  sync.Map // question word -> []alt
	typoCached atomic.Int64
}

type vocabWord struct {
	word, term string
	runes      []rune
}

type doc struct {
	sentence int     // index in article.Sentences
	toks     []Token // the sentence's tokens
	length   int     // tokens that are not stop words
}

type posting struct {
	doc int32
	tf  int32
}

func newIndex(a *corpus.Article, an *Analyzer) *index {
	ix := &index{article: a, an: an, postings: map[string][]posting{}, byLen: map[int][]vocabWord{}}
	words := map[string]string{}
	total := 0
	var names []string // the names of the sentence before
	for _, s := range a.Sentences {
		if !s.Answerable() {
			continue
		}
		d := doc{sentence: s.Index, toks: an.Analyze(s.Text)}
		id := int32(len(ix.docs))
		for _, t := range d.toks {
			if !t.Stop {
				d.length++
			}
			words[t.Word] = t.Term
			if !t.Stop { // questions never search for stop words
				ix.add(t.Term, id)
			}
		}
		// "Ia mengatakan ..." is about the person the sentence before
		// names: the sentence is found by that name too, though the name
		// is not highlighted in it.
		if len(d.toks) > 0 && isPronoun(d.toks[0].Word) {
			for _, n := range names {
				ix.add(n, id)
			}
		}
		names = names[:0]
		for i, t := range d.toks {
			if i > 0 && t.Capital && t.Kind == Word && !t.Stop {
				names = append(names, t.Term)
			}
		}
		total += d.length
		ix.docs = append(ix.docs, d)
	}
	for w, term := range words {
		if an.IsStop(w) {
			continue
		}
		r := []rune(w)
		ix.byLen[len(r)] = append(ix.byLen[len(r)], vocabWord{w, term, r})
	}
	if len(ix.docs) > 0 {
		ix.avgLen = float64(total) / float64(len(ix.docs))
	}
	return ix
}

// add counts one more occurrence of term in doc id, the newest document.
func (ix *index) add(term string, id int32) {
	ps := ix.postings[term]
	if n := len(ps); n > 0 && ps[n-1].doc == id {
		ps[n-1].tf++
	} else {
		ps = append(ps, posting{doc: id, tf: 1})
	}
	ix.postings[term] = ps
}

var pronouns = map[string]bool{"ia": true, "dia": true, "beliau": true, "he": true, "she": true}

func isPronoun(w string) bool { return pronouns[w] }

// df returns how many sentences hold term.
func (ix *index) df(term string) int { return len(ix.postings[term]) }
