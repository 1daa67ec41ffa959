// Package analysis turns text into the tokens kutip indexes and searches
// for: a tokenizer, then filters run in order (normalising, stop words,
// stemming, reduplication), as one Analyzer a language. The index and the
// questions go through the same Analyzer, so they cannot disagree.
package analysis

import (
	"slices"
	"strings"

	"github.com/kutip/kutip/lang"
	"github.com/kutip/kutip/qa/stem"
)

// A Filter changes the tokens of a text, in place or not, and returns them.
// text is what the tokens' offsets point into.
type Filter interface {
	Filter(text string, toks []Token) []Token
}

// An Analyzer splits text into tokens and runs its filters over them, in
// order. It is safe for concurrent use when its filters are, as all of this
// package's are.
type Analyzer struct {
	Tokenize func(s string) []Token
	Filters  []Filter

	lang     string
	stemmer  stem.Stemmer        // nil: no stemming
	synonyms map[string][]string // term -> terms it also matches
	informal *lang.Informal      // how the language is written in a chat
	nasal    []lang.Nasal        // prefixes that drop their root's first consonant
	phrases  []string            // the synonyms that are phrases, their terms joined by spaces
}

// New returns the analyzer of a language: its stop words and synonyms, and
// the Snowball stemmer of its code, if there is one, keeping its protected
// words whole, behind a cache.
func New(l *lang.Language) *Analyzer {
	s, ok := stem.For(l.Code)
	if !ok {
		return NewWithStemmer(l, nil)
	}
	if len(l.Protected) > 0 {
		s = stem.Protect(s, l.Protected)
	}
	return NewWithStemmer(l, stem.NewCache(s))
}

// NewWithStemmer returns the analyzer of a language with the given stemmer
// (nil: none), used as it is: for benchmarks and stemmers of one's own.
func NewWithStemmer(l *lang.Language, s stem.Stemmer) *Analyzer {
	a := &Analyzer{Tokenize: Tokenize, lang: l.Code, stemmer: s, informal: &l.Informal}
	a.Filters = []Filter{Normalizer{}}
	stop := l.Stop
	if len(l.Informal.Words) > 0 || l.Informal.Repeat > 0 {
		a.Filters = append(a.Filters, InformalFilter{&l.Informal})
	}
	if l.Informal.Particles.Len() > 0 {
		stop = lang.Union(stop, l.Informal.Particles)
	}
	a.Filters = append(a.Filters, StopFilter{stop})
	if s != nil {
		a.Filters = append(a.Filters, StemFilter{s})
	}
	a.Filters = append(a.Filters, Reduplication{})
	a.synonyms = a.readSynonyms(l)
	a.nasal = l.Nasal
	return a
}

// Lang returns the analyzer's language code.
func (a *Analyzer) Lang() string { return a.lang }

// Analyze returns the tokens of s with their terms.
func (a *Analyzer) Analyze(s string) []Token {
	toks := a.Tokenize(s)
	for _, f := range a.Filters {
		toks = f.Filter(s, toks)
	}
	return toks
}

// Term returns the index term of one word given alone, as Analyze would
// make it.
func (a *Analyzer) Term(word string) string {
	t := Token{Word: Normalize(word), Kind: wordKind(word)}
	if t.Kind == Word {
		t.Word = a.informal.Read(t.Word)
	}
	t.Term = t.Word
	if a.stemmer != nil && stemmable(t) {
		t.Term = a.stemmer.Stem(t.Word)
	}
	return t.Term
}

// Informal returns how the analyzer's language is written in a chat.
func (a *Analyzer) Informal() *lang.Informal { return a.informal }

// Nasal returns the prefixes of the analyzer's language that drop the
// first consonant of their root ("men" and "t": "menuduh", "tuduh").
func (a *Analyzer) Nasal() []lang.Nasal { return a.nasal }

// Synonyms returns the terms a term also matches.
func (a *Analyzer) Synonyms(term string) []string { return a.synonyms[term] }

// readSynonyms turns a language's synonym groups into terms: every member of
// a group matches every other. A phrase is found whole: the terms of its
// words joined by spaces, which an index holds as a term of its own where
// a sentence has the phrase (see SynonymPhrases); and it is looked up by
// its first word that is not a stop word ("meninggal dunia" by
// "meninggal"), as a question's words come one at a time.
func (a *Analyzer) readSynonyms(l *lang.Language) map[string][]string {
	syn := map[string][]string{}
	for _, group := range l.Synonyms {
		var firsts, keys []string
		for _, phrase := range group {
			first, key := "", ""
			for _, w := range strings.Fields(phrase) {
				if t := a.Term(w); t != "" && !l.Stop.Has(Normalize(w)) {
					first = t
					break
				}
			}
			if toks := a.Analyze(phrase); len(toks) > 1 {
				key = joinTerms(toks)
				a.phrases = append(a.phrases, key)
			} else {
				key = first
			}
			if first != "" && key != "" {
				firsts, keys = append(firsts, first), append(keys, key)
			}
		}
		for i, t := range firsts {
			for j, u := range keys {
				if j != i && u != t && !slices.Contains(syn[t], u) {
					syn[t] = append(syn[t], u)
				}
			}
		}
	}
	return syn
}

// SynonymPhrases returns the synonyms of the language that are phrases,
// as the keys Synonyms gives for them: their terms joined by spaces.
func (a *Analyzer) SynonymPhrases() []string { return a.phrases }

func joinTerms(toks []Token) string {
	terms := make([]string, len(toks))
	for i, t := range toks {
		terms[i] = t.Term
	}
	return strings.Join(terms, " ")
}

// Normalizer is the filter that sets each token's Word and Term to its
// text in Unicode NFKC and lower case (see [Normalize]).
type Normalizer struct{}

// Filter normalises every token.
func (Normalizer) Filter(_ string, toks []Token) []Token {
	for i := range toks {
		toks[i].Word = Normalize(toks[i].Word)
		toks[i].Term = toks[i].Word
	}
	return toks
}

// StopFilter marks the words of a stop list: they are kept, and matched,
// but weigh little in ranking. Words are compared normalised.
type StopFilter struct{ Stop lang.Set }

// Filter sets Stop on the stop words.
func (f StopFilter) Filter(_ string, toks []Token) []Token {
	for i := range toks {
		toks[i].Stop = toks[i].Kind == Word && f.Stop.Has(toks[i].Word)
	}
	return toks
}

// StemFilter sets the Term of each word to its stem. A word with a full
// stop inside is an abbreviation ("u.s") and is left as it is.
type StemFilter struct{ Stemmer stem.Stemmer }

// Filter stems the words.
func (f StemFilter) Filter(_ string, toks []Token) []Token {
	for i := range toks {
		if stemmable(toks[i]) {
			toks[i].Term = f.Stemmer.Stem(toks[i].Word)
		}
	}
	return toks
}

func stemmable(t Token) bool { return t.Kind == Word && !strings.Contains(t.Word, ".") }

// Reduplication is the filter that makes a reduplicated word one token:
// "orang-orang", "kedua-duanya" (the same term on both sides of a hyphen)
// become the first part's token, stretched over both.
type Reduplication struct{}

// Filter joins reduplicated words.
func (Reduplication) Filter(text string, toks []Token) []Token {
	out := toks[:0]
	for _, t := range toks {
		if n := len(out); n > 0 && t.Kind == Word && out[n-1].Term == t.Term && hyphenBetween(text, out[n-1], t) {
			out[n-1].End = t.End
			continue
		}
		out = append(out, t)
	}
	return out
}

func hyphenBetween(s string, prev, next Token) bool {
	return prev.End+1 == next.Start && prev.End < len(s) && s[prev.End] == '-'
}
