package qa

import (
	"sync"
	"sync/atomic"

	"github.com/kutip/kutip/qa/analysis"
)

// A lexicon numbers the distinct words of an engine's articles, as their
// analyzers read them, so that a sentence keeps each of its tokens in 16
// bytes (a tok) rather than a whole analysis.Token with two strings of its
// own. It only grows: an entry, once written, never changes, and is read
// without a lock by whoever holds a tok of it.
type lexicon struct {
	known   func(word string) bool // whether a word is a word of one of the engine's languages
	mu      sync.Mutex             // held to add entries, and for ids and more
	ids     map[string]int32       // a word -> its first lexeme
	more    map[string][]int32     // a word -> its other lexemes, for the few words with several
	n       int32
	pages   atomic.Pointer[[]*[lexPage]lexeme]
	terms   strtab                                    // the index terms of every article, numbered: what an article keeps of each term
	verbsOf map[*analysis.Analyzer][2]map[string]bool // see verbs
}

// verbs returns the terms of the speech verbs ("kata" for "mengatakan")
// and of the verbs that ask what was said, as an analyzer reads them:
// worked out once an analyzer, and shared by its articles' indexes, which
// only read them.
func (l *lexicon) verbs(an *analysis.Analyzer, lw langWords) (speech, say map[string]bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	v, ok := l.verbsOf[an]
	if !ok {
		v = [2]map[string]bool{{}, {}}
		for _, w := range lw.speech.All() {
			v[0][an.Term(w)] = true
		}
		for _, w := range lw.say.All() {
			v[1][an.Term(w)] = true
		}
		if l.verbsOf == nil {
			l.verbsOf = map[*analysis.Analyzer][2]map[string]bool{}
		}
		l.verbsOf[an] = v
	}
	return v[0], v[1]
}

// A strtab numbers strings: append-only, in pages that never move, so that
// a string is read by its number without a lock while others are added.
type strtab struct {
	ids   map[string]int32 // under the lexicon's mu
	pages atomic.Pointer[[]*[lexPage]string]
}

// number appends the numbers of strings to out, numbering the new ones. The
// lexicon's mu is held.
func (t *strtab) number(out []int32, ss []string) []int32 {
	if t.ids == nil {
		t.ids = map[string]int32{}
		t.pages.Store(&[]*[lexPage]string{})
	}
	for _, s := range ss {
		id, ok := t.ids[s]
		if !ok {
			id = int32(len(t.ids))
			pages := *t.pages.Load()
			if int(id/lexPage) == len(pages) {
				pages = append(pages[:len(pages):len(pages)], new([lexPage]string))
				t.pages.Store(&pages)
			}
			pages[id/lexPage][id%lexPage] = s
			t.ids[s] = id
		}
		out = append(out, id)
	}
	return out
}

// at returns string id.
func (t *strtab) at(id int32) string { return (*t.pages.Load())[id/lexPage][id%lexPage] }

// termIDs returns the numbers of an article's terms.
func (l *lexicon) termIDs(terms []string) []int32 {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.terms.number(make([]int32, 0, len(terms)), terms)
}

// term returns term id.
func (l *lexicon) term(id int32) string { return l.terms.at(id) }

// lexPage is how many entries a page of the lexicon holds: pages never
// move, so that readers need no lock while a writer adds entries.
const lexPage = 4096

// A lexeme is what a token has but its place: its word, its term, its kind,
// and whether it is a stop word.
type lexeme struct {
	word, term string
	kind       analysis.Kind
	stop       bool
	known      bool  // the word is a word of a language (lang.Language.Words), worked out once
	first      int32 // the first lexeme of the same word: the word's number
}

// A tok is one token of an indexed sentence: its byte range, whether it is
// written with a capital, and its lexeme's number, in 12 bytes.
type tok struct {
	start   uint32
	lex     int32
	n       uint16 // its length in bytes, at most maxTokLen
	capital bool
}

// maxTokLen is the longest token a tok spans whole; a longer one (a
// run of 64 KB without a space) is highlighted only in part.
const maxTokLen = 1<<16 - 1

// end returns the end of a tok's byte range.
func (t tok) end() int { return int(t.start) + int(t.n) }

// newLexicon returns an empty lexicon that tells known words by known (nil:
// none is).
func newLexicon(known func(string) bool) *lexicon {
	l := &lexicon{ids: map[string]int32{}, more: map[string][]int32{}, known: known}
	l.pages.Store(&[]*[lexPage]lexeme{})
	return l
}

// add appends the toks of a sentence's tokens to out.
func (l *lexicon) add(out []tok, ts []analysis.Token) []tok {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, t := range ts {
		out = append(out, tok{start: uint32(t.Start), n: uint16(min(t.End-t.Start, maxTokLen)), lex: l.id(t), capital: t.Capital})
	}
	return out
}

// id returns the number of a token's lexeme, adding it when it is new.
// l.mu is held.
func (l *lexicon) id(t analysis.Token) int32 {
	same := func(id int32) bool {
		x := l.at(id)
		return x.term == t.Term && x.kind == t.Kind && x.stop == t.Stop
	}
	first, ok := l.ids[t.Word]
	if ok {
		if same(first) {
			return first
		}
		for _, id := range l.more[t.Word] {
			if same(id) {
				return id
			}
		}
	}
	id := l.n
	pages := *l.pages.Load()
	if int(id/lexPage) == len(pages) {
		pages = append(pages[:len(pages):len(pages)], new([lexPage]lexeme))
		l.pages.Store(&pages)
	}
	x := lexeme{word: t.Word, term: t.Term, kind: t.Kind, stop: t.Stop, first: id}
	if ok {
		x.first, x.known = first, l.at(first).known
		l.more[t.Word] = append(l.more[t.Word], id)
	} else {
		l.ids[t.Word] = id
		x.known = l.known != nil && l.known(t.Word)
	}
	pages[id/lexPage][id%lexPage] = x
	l.n++
	return id
}

// get returns the lexeme of a tok.
func (l *lexicon) get(t tok) *lexeme { return l.at(t.lex) }

// at returns lexeme id.
func (l *lexicon) at(id int32) *lexeme {
	return &(*l.pages.Load())[id/lexPage][id%lexPage]
}

// token returns a tok as the analysis.Token it was made from.
func (l *lexicon) token(t tok) analysis.Token {
	x := l.get(t)
	return analysis.Token{Term: x.term, Word: x.word, Start: int(t.start), End: t.end(), Kind: x.kind, Stop: x.stop, Capital: t.capital}
}

// tokens returns the tokens of a sentence of ix.
func (ix *index) tokens(d *doc) []analysis.Token {
	out := make([]analysis.Token, len(d.toks))
	for i, t := range d.toks {
		out[i] = ix.lex.token(t)
	}
	return out
}
