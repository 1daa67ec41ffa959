package qa

import (
	"math"
	"math/bits"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

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
	lex      *lexicon // the engine's, which the docs' toks are numbered in
	docs     []doc
	ids      map[string]int32 // term -> its number, while the article is indexed; then order
	order    []int32          // the term numbers in the order of their terms, to look a term up
	prefixes []uint32         // by place in order: the term's first four bytes (prefix), searched first
	words    []string         // by term number: the term, while the article is indexed; then tids
	tids     []int32          // by term number: the term's number in the lexicon (lexicon.term)
	title    []int32          // the terms of the article's title that its sentences hold
	postings [][]posting      // by term number, while the article is indexed; then post and offs
	post     []posting        // the postings of every term, term after term
	offs     []int32          // by term number: where its postings start in post; one more at the end
	avgLen   float64
	byLen    map[int][]vocabWord // the article's words by length in runes, for typo tolerance
	names    []bool              // by term number: the article writes the term as a name, mostly
	variants map[int32][]alt     // by term number: the other spellings of a name ("gutteres" for "guterres")
	speech   map[string]bool     // the terms of speech verbs ("kata" for "mengatakan")
	say      map[string]bool     // the terms of the verbs that ask what was said
	dropped  map[string][]int32  // terms whose words may have lost their root's first consonant to a prefix, by the root: "tuduh" for the "uduh" of "menuduh" (morph.go)
	folded   map[string][]int32  // the terms of words with accents, by the word without them: "perez" for "pérez" (morph.go)

	typoCache  [3]sync.Map // by edit distance: question word -> []alt
	typoCached atomic.Int64

	unknownCache  sync.Map // question word the article lacks -> unknownWord (informal.go)
	unknownCached atomic.Int64
	docPhrases    [][]phraseAt // by document, the lexicon phrases it holds; nil when none does (translate.go)

	termsState
}

// A vocabWord is a word of an article: its lexeme, and its term in the
// article's index.
type vocabWord struct {
	lex, term int32
	letters   uint32 // letterSet of the word: most words too far from a typo are told by it alone
}

// letterSet returns the set of a word's letters, a bit each (a to z, and
// six more bits shared by all other runes): a word d edits away from
// another has at most d letters the other lacks, each way.
func letterSet(w string) uint32 {
	var s uint32
	for _, r := range w {
		if r >= 'a' && r <= 'z' {
			s |= 1 << (r - 'a')
		} else {
			s |= 1 << (26 + r%6)
		}
	}
	return s
}

// nearLetters reports whether two words' letter sets allow them to be
// within d edits.
func nearLetters(a, b uint32, d int) bool {
	return bits.OnesCount32(a&^b) <= d && bits.OnesCount32(b&^a) <= d
}

// word returns the text of a vocabWord.
func (ix *index) word(v vocabWord) string { return ix.lex.at(v.lex).word }

// vocabulary sorts the article's words, stop words left out, by their
// length in runes, into byLen: each length's words in the order the
// article first has them, all of them in one slice of the exact size.
func (ix *index) vocabulary() {
	type sized struct {
		v vocabWord
		n int
	}
	seen := map[int32]bool{} // by word: lexeme.first
	var all []sized
	for di := range ix.docs {
		d := &ix.docs[di]
		for i, t := range d.toks {
			if d.terms[i] == noTerm {
				continue
			}
			x := ix.lex.get(t)
			if seen[x.first] {
				continue
			}
			seen[x.first] = true
			all = append(all, sized{vocabWord{t.lex, d.terms[i], letterSet(x.word)}, utf8.RuneCountInString(x.word)})
		}
	}
	slices.SortStableFunc(all, func(a, b sized) int { return a.n - b.n })
	words := make([]vocabWord, len(all))
	for i, w := range all {
		words[i] = w.v
	}
	for i := 0; i < len(all); {
		j := i + 1
		for j < len(all) && all[j].n == all[i].n {
			j++
		}
		ix.byLen[all[i].n] = words[i:j:j]
		i = j
	}
}

type doc struct {
	sentence  int     // index in article.Sentences
	paragraph int     // the sentence's
	toks      []tok   // the sentence's tokens (see lexicon)
	terms     []int32 // the number of each token's term; noTerm for stop words
	length    int     // tokens that are not stop words
	whole     int     // whole sentences before it in the article (see whole); -1 when it is not one itself
	answers   []answerWord
	said      float64 // reports speech: 1 with quotation marks, 1/2 with a speech verb only
	borrows   bool    // opens with a pronoun: found by the names of the sentence before too
	borrowed  []int32 // the lexicon and synonym phrases among those names (translate.go)
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
	numbers    lang.Set // "dua", "two": a number
	notNumber  lang.Set // "salah": a number word after it is none
	reasons    lang.Set // "karena", "because": a reason
	timePreps  lang.Set // "pada", "in": a number after one is a time
	placePreps lang.Set // "di", "in": a name after one is a place
	pronouns   lang.Set // "ia", "ini", "it": a sentence opening with one is also found by the names before it
	speech     lang.Set // "kata", "said": a sentence with one, or with quotation marks, reports speech
	say        lang.Set // "kata", "say": a question with one near its question word asks what was said
	words      []lang.WordList
}

// known reports whether a normalised word is a word of one of the languages.
func (lw langWords) known(w string) bool {
	for _, l := range lw.words {
		if l.Has(w) {
			return true
		}
	}
	return false
}

// newLangWords takes the words of the languages together.
func newLangWords(ls ...*lang.Language) langWords {
	var w langWords
	var cal, num, not, rs, tp, pp, pr []lang.Set
	for _, l := range ls {
		cal, num, not, rs = append(cal, l.Calendar), append(num, l.Numbers), append(not, l.NotNumber), append(rs, l.Reasons)
		tp, pp, pr = append(tp, l.TimePreps), append(pp, l.PlacePreps), append(pr, l.Pronouns)
	}
	w.calendar, w.numbers, w.notNumber, w.reasons = lang.Union(cal...), lang.Union(num...), lang.Union(not...), lang.Union(rs...)
	w.timePreps, w.placePreps, w.pronouns = lang.Union(tp...), lang.Union(pp...), lang.Union(pr...)
	var sp, sa []lang.Set
	for _, l := range ls {
		sp, sa = append(sp, l.SpeechVerbs), append(sa, l.SayVerbs)
	}
	w.speech, w.say = lang.Union(sp...), lang.Union(sa...)
	for _, l := range ls {
		w.words = append(w.words, l.Words)
	}
	return w
}

// newIndex indexes an article, with the lexicon phrases of ps.
func newIndex(a *corpus.Article, an *analysis.Analyzer, lw langWords, ps phraseSet, lex *lexicon) *index {
	ix := &index{article: a, an: an, lex: lex, ids: map[string]int32{}, byLen: map[int][]vocabWord{}}
	ix.speech, ix.say = lex.verbs(an, lw)
	var capitals []int // by term number: written with a capital inside a sentence, +1; without, -1
	total, whole := 0, 0
	var names []string          // the names of the sentence before
	var full [][]analysis.Token // by doc, its tokens, until they are kept as toks
	answerable := 0
	for _, s := range a.Sentences {
		if s.Answerable() {
			answerable++
		}
	}
	ix.docs = make([]doc, 0, answerable) // of the exact size: an index lives long
	full = make([][]analysis.Token, 0, answerable)
	for _, s := range a.Sentences {
		if !s.Answerable() {
			continue
		}
		d := doc{sentence: s.Index, paragraph: s.Paragraph, whole: -1}
		toks := an.Analyze(s.Text)
		full = append(full, toks)
		if isWhole(s.Text) {
			d.whole = whole
			whole++
		}
		d.answers = lw.answerWords(toks)
		d.said = reportsSpeech(s.Text, toks, ix.speech)
		d.terms = make([]int32, len(toks))
		id := int32(len(ix.docs))
		for i, t := range toks {
			if t.Stop {
				d.terms[i] = noTerm
				continue
			}
			d.length++
			d.terms[i] = ix.add(t.Term, id)
			ix.noteDropped(t, d.terms[i])
			ix.noteFolded(t.Word, d.terms[i])
			if i > 0 && t.Kind == analysis.Word {
				for int(d.terms[i]) >= len(capitals) {
					capitals = append(capitals, 0)
				}
				if t.Capital {
					capitals[d.terms[i]]++
				} else {
					capitals[d.terms[i]]--
				}
			}
		}
		// "Ia mengatakan ..." is about the person the sentence before
		// names: the sentence is found by that name too, though the name
		// is not highlighted in it.
		if len(toks) > 0 && lw.pronouns.Has(toks[0].Word) {
			for _, n := range names {
				ix.add(n, id)
			}
			d.borrows = true
		}
		names = names[:0]
		for i, t := range toks {
			if i > 0 && t.Capital && t.Kind == analysis.Word && !t.Stop {
				names = append(names, t.Term)
			}
		}
		total += d.length
		ix.docs = append(ix.docs, d)
	}
	if len(ix.docs) > 0 {
		ix.avgLen = float64(total) / float64(len(ix.docs))
	}
	ix.names = make([]bool, len(ix.postings))
	for t, c := range capitals {
		ix.names[t] = c > 0
	}
	ix.addPhrases(ps, full)
	// Each sentence's tokens, terms and answer words are parts of one
	// slice of each for the article: three objects, not three a sentence.
	n, na := 0, 0
	for i := range ix.docs {
		n, na = n+len(full[i]), na+len(ix.docs[i].answers)
	}
	toks, terms, answers := make([]tok, 0, n), make([]int32, 0, n), make([]answerWord, 0, na)
	for i := range ix.docs {
		d := &ix.docs[i]
		at := len(toks)
		toks, terms = lex.add(toks, full[i]), append(terms, d.terms...)
		d.toks, d.terms = toks[at:len(toks):len(toks)], terms[at:len(terms):len(terms)]
		at = len(answers)
		answers = append(answers, d.answers...)
		d.answers = answers[at:len(answers):len(answers)]
	}
	ix.vocabulary()
	ix.variants = nameVariants(ix.byLen, ix.word, func(v vocabWord) bool { return ix.lex.at(v.lex).known })
	ix.seal()
	return ix
}

// seal lays the postings out in one slice, for an index that is complete.
func (ix *index) seal() {
	n := 0
	for _, ps := range ix.postings {
		n += len(ps)
	}
	ix.post, ix.offs = make([]posting, 0, n), make([]int32, 0, len(ix.postings)+1)
	for _, ps := range ix.postings {
		ix.offs = append(ix.offs, int32(len(ix.post)))
		ix.post = append(ix.post, ps...)
	}
	ix.offs = append(ix.offs, int32(len(ix.post)))
	ix.postings = nil
	ix.order = make([]int32, len(ix.words))
	for i := range ix.order {
		ix.order[i] = int32(i)
	}
	slices.SortFunc(ix.order, func(a, b int32) int { return strings.Compare(ix.words[a], ix.words[b]) })
	ix.prefixes = make([]uint32, len(ix.order))
	for i, t := range ix.order {
		ix.prefixes[i] = prefix(ix.words[t])
	}
	ix.tids = ix.lex.termIDs(ix.words)
	ix.ids, ix.words = nil, nil
}

// termText returns the text of term t.
func (ix *index) termText(t int32) string {
	if ix.words != nil { // still being indexed
		return ix.words[t]
	}
	return ix.lex.term(ix.tids[t])
}

// posts returns the postings of term t.
func (ix *index) posts(t int32) []posting { return ix.post[ix.offs[t]:ix.offs[t+1]] }

// nterms returns how many terms the index has.
func (ix *index) nterms() int {
	if ix.postings != nil { // still being indexed
		return len(ix.postings)
	}
	return len(ix.offs) - 1
}

// add counts one more occurrence of term in doc id, the newest document,
// and returns the term's number.
func (ix *index) add(term string, id int32) int32 {
	t, ok := ix.ids[term]
	if !ok {
		t = int32(len(ix.postings))
		ix.ids[term] = t
		ix.words = append(ix.words, term)
		ix.postings = append(ix.postings, nil)
	}
	ix.addTo(t, id)
	return t
}

// addTo counts one more occurrence of term number t in doc id, the newest
// document that has it.
func (ix *index) addTo(t, id int32) {
	ps := ix.postings[t]
	if n := len(ps); n > 0 && ps[n-1].doc == id {
		ps[n-1].tf++
	} else {
		ix.postings[t] = append(ps, posting{doc: id, tf: 1})
	}
}

// term returns the number of an index term, and whether the article has it.
func (ix *index) term(term string) (int32, bool) {
	if ix.ids != nil { // still being indexed
		t, ok := ix.ids[term]
		return t, ok
	}
	p := prefix(term)
	i, _ := slices.BinarySearch(ix.prefixes, p)
	for ; i < len(ix.prefixes) && ix.prefixes[i] == p; i++ {
		if t := ix.order[i]; ix.lex.term(ix.tids[t]) == term {
			return t, true
		}
	}
	return 0, false
}

// prefix returns a string's first four bytes as a number that sorts as
// they do.
func prefix(s string) uint32 {
	var p uint32
	for i := range 4 {
		p <<= 8
		if i < len(s) {
			p |= uint32(s[i])
		}
	}
	return p
}

// idfOf returns the BM25 inverse document frequency of a term that df
// sentences hold.
func (ix *index) idfOf(df int) float64 {
	n := float64(len(ix.docs))
	return math.Log(1 + (n-float64(df)+0.5)/(float64(df)+0.5))
}

// weightOf returns the weight of a question term that df sentences hold
// when abstaining weighs how much of a question an article holds: its idf
// as if the article had extra sentences more that do not hold it, extra
// fading with the article's length (fade). In a short article the words of
// its topic are in nearly every sentence: their idf, near nothing, would
// say that a question about the topic asks nothing the article holds. An
// article of more than about twice half sentences is weighed as it is.
func (ix *index) weightOf(df int, extra, half float64) float64 {
	n := float64(len(ix.docs)) + extra*fade(len(ix.docs), half)
	return math.Log(1 + (n-float64(df)+0.5)/(float64(df)+0.5))
}

// df returns how many sentences hold term t.
func (ix *index) df(t int32) int { return int(ix.offs[t+1] - ix.offs[t]) }

// opening returns the sentence's prior for opening the article, given the
// article's fade (see fade): 1/(1+k) for its k-th whole sentence. A short
// article, an encyclopedia's summary or a news brief, says first what it is
// about ("X is a ..."); in a long one the start is one place among many.
// Captions and list items, which are not whole sentences, open nothing.
func (d *doc) opening(fade float64) float64 {
	if d.whole < 0 {
		return 0
	}
	return fade / (1 + float64(d.whole))
}

// fade returns how much of a prior for short articles an article of n
// sentences keeps: 1/(1+(n/half)⁴), nearly all up to about half sentences,
// a half at half, a seventeenth at twice half; none when half is 0.
func fade(n int, half float64) float64 {
	if half <= 0 {
		return 0
	}
	x := float64(n) / half
	x *= x
	return 1 / (1 + x*x)
}

// isWhole reports whether a sentence is a whole one: it ends with a full
// stop, a question or an exclamation mark, maybe inside closing quotes or
// brackets. Captions ("Sesame in a valley, Nepal"), headings and lines
// that introduce a list ("It may refer to:") are not.
func isWhole(s string) bool {
	s = strings.TrimRightFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune(`"')]»”’`, r)
	})
	return strings.HasSuffix(s, ".") || strings.HasSuffix(s, "!") || strings.HasSuffix(s, "?")
}
