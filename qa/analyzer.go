// Package qa finds the sentences of an article that answer a question:
// text analysis (tokens, stop words, stems), an index of stemmed sentences
// and BM25-family ranking. It reads package corpus and knows no chat platform.
package qa

import (
	"bufio"
	"embed"
	"slices"
	"strings"
	"sync"

	"github.com/kutip/kutip/qa/stem"
)

//go:embed lang
var langFiles embed.FS

// An Analyzer turns text into tokens for one language. The index and the
// question go through the same Analyzer, so they cannot disagree. It is safe
// for concurrent use.
type Analyzer struct {
	lang     string
	stemmer  stem.Stemmer // nil: no stemming
	stop     map[string]bool
	synonyms map[string][]string // term -> terms it also matches
}

// NewAnalyzer returns the analyzer for an ISO 639-1 language code. A language
// without a stemmer is analysed without one.
func NewAnalyzer(lang string) *Analyzer {
	s, ok := stem.For(lang)
	if ok {
		s = stem.NewCache(s)
	}
	return NewAnalyzerWith(lang, s)
}

// NewAnalyzerWith returns the analyzer for lang with the given stemmer (nil:
// none), for benchmarks and languages of one's own.
func NewAnalyzerWith(lang string, s stem.Stemmer) *Analyzer {
	a := &Analyzer{lang: lang, stop: readWords("lang/" + lang + ".stop"), stemmer: s}
	a.synonyms = a.readSynonyms("lang/" + lang + ".syn")
	return a
}

// Lang returns the analyzer's language code.
func (a *Analyzer) Lang() string { return a.lang }

// Analyze returns the tokens of s with their terms.
func (a *Analyzer) Analyze(s string) []Token {
	toks := tokenize(s)
	out := toks[:0]
	for i, t := range toks {
		t.Term = a.term(t)
		t.Stop = t.Kind == Word && a.stop[t.Word]
		// Reduplication ("orang-orang", "kedua-duanya") is one word.
		if n := len(out); n > 0 && t.Kind == Word && out[n-1].Term == t.Term && hyphenBetween(s, toks[i-1], t) {
			out[n-1].End = t.End
			continue
		}
		out = append(out, t)
	}
	return out
}

// Term returns the index term of one word, as Analyze would.
func (a *Analyzer) Term(word string) string {
	return a.term(Token{Word: fold(word), Kind: wordKind(word)})
}

func (a *Analyzer) term(t Token) string {
	if t.Kind != Word || a.stemmer == nil || strings.Contains(t.Word, ".") { // "u.s": an abbreviation
		return t.Word
	}
	if a.lang == "id" {
		if masked, ok := maskParticle(t.Word); ok {
			return strings.TrimSuffix(a.stemmer.Stem(masked), "q") + "h"
		}
	}
	return a.stemmer.Stem(t.Word)
}

// Indonesian words whose -lah or -kah is part of the word, not a particle:
// Snowball's stemmer cuts "masalah" to "masa" and "sekolah" to "seko". Listed
// from the most frequent such words of Indonesian news and encyclopedia text.
var particleWords = []string{
	"sekolah", "masalah", "jumlah", "istilah", "naskah", "nikah", "majalah", "langkah",
	"risalah", "makalah", "belah", "olah", "salah", "kalah", "allah", "berkah", "kaidah",
	"mahkamah", "madrasah", "musyawarah", "dakwah", "sedekah", "tingkah", "wilayah",
}

// maskParticle hides the final h of a word that ends in one of particleWords
// ("bersekolah" -> "bersekolaq"), so the stemmer takes prefixes and suffixes
// off but leaves the word itself whole.
func maskParticle(w string) (string, bool) {
	if !strings.HasSuffix(w, "h") {
		return "", false
	}
	for _, p := range particleWords {
		if strings.HasSuffix(w, p) {
			return w[:len(w)-1] + "q", true
		}
	}
	return "", false
}

func hyphenBetween(s string, prev, next Token) bool {
	return prev.End+1 == next.Start && prev.End < len(s) && s[prev.End] == '-'
}

// readWords reads a word list: words separated by white space, "#" comments.
func readWords(name string) map[string]bool {
	set := map[string]bool{}
	b, err := langFiles.ReadFile(name)
	if err != nil {
		return set // no list for this language
	}
	sc := bufio.NewScanner(strings.NewReader(string(b)))
	for sc.Scan() {
		line, _, _ := strings.Cut(sc.Text(), "#")
		for _, w := range strings.Fields(line) {
			set[w] = true
		}
	}
	return set
}

// readSynonyms reads a synonym file: each line a group of words or phrases,
// separated by commas, that news text uses for one another. Every member of a
// group matches every other, as terms; a phrase stands for its first word
// that is not a stop word ("meninggal dunia" for "tinggal").
func (a *Analyzer) readSynonyms(name string) map[string][]string {
	syn := map[string][]string{}
	b, err := langFiles.ReadFile(name)
	if err != nil {
		return syn
	}
	sc := bufio.NewScanner(strings.NewReader(string(b)))
	for sc.Scan() {
		line, _, _ := strings.Cut(sc.Text(), "#")
		var terms []string
		for _, phrase := range strings.Split(line, ",") {
			for _, w := range strings.Fields(phrase) {
				if t := a.Term(w); t != "" && !a.stop[fold(w)] {
					terms = append(terms, t)
					break
				}
			}
		}
		for _, t := range terms {
			for _, u := range terms {
				if u != t && !slices.Contains(syn[t], u) {
					syn[t] = append(syn[t], u)
				}
			}
		}
	}
	return syn
}

// detectStops are the stop word lists DetectLanguage compares, read once.
var detectStops = sync.OnceValues(func() (id, en map[string]bool) {
	return readWords("lang/id.stop"), readWords("lang/en.stop")
})

// DetectLanguage guesses the language of a text from its stop words:
// "id" or "en" (Indonesian when it cannot tell).
func DetectLanguage(text string) string {
	id, en := detectStops()
	var nid, nen int
	for i, t := range tokenize(text) {
		if i >= 2000 {
			break
		}
		if id[t.Word] {
			nid++
		}
		if en[t.Word] {
			nen++
		}
	}
	if nen > nid {
		return "en"
	}
	return "id"
}
