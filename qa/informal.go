package qa

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/kutip/kutip/qa/analysis"
)

// This file is how kutip reads a question typed in a chat: informal words
// the analyzer rewrote (lang/*/informal.txt), colloquial affixes tried
// against the article, typos of words that are no words, and names an
// article spells two ways.

// informalFactor is the weight of a match through a colloquial affix
// ("nembak" for "menembaki"), relative to an exact one.
const informalFactor = 0.9

// unknown returns what a question word that the article does not have
// matches instead: the written form its colloquial affixes stand for, when
// the article has it ("nyerang" is "serang"), or else, when it is no word of
// any of the engine's languages, the article's words within a typo of it
// ("korbn" is "korban"; "beras" is a word, and never "berat"). rw is the
// rewrite made, if any.
func (e *Engine) unknown(ix *index, t analysis.Token) ([]alt, Rewrite) {
	if v, ok := ix.unknownCache.Load(t.Word); ok {
		u := v.(unknownWord)
		return u.alts, u.rw
	}
	alts, rw := e.readUnknown(ix, t)
	if ix.unknownCached.Add(1) <= maxTypoCache {
		ix.unknownCache.Store(t.Word, unknownWord{alts, rw})
	}
	return alts, rw
}

// An unknownWord is what unknown found for a word, cached.
type unknownWord struct {
	alts []alt
	rw   Rewrite
}

func (e *Engine) readUnknown(ix *index, t analysis.Token) (alts []alt, rw Rewrite) {
	in := ix.an.Informal()
	for _, f := range in.Forms(t.Word) {
		term := ix.an.Term(f)
		for _, a := range e.exact(ix, term) {
			a.factor *= informalFactor
			a.how = "normalized"
			alts = append(alts, a)
		}
		if len(alts) > 0 {
			return alts, Rewrite{From: t.Word, To: in.Read(f), How: "normalized"}
		}
	}
	n := utf8.RuneCountInString(t.Word)
	maxd := typoDistance(n)
	if e.known(t.Word) {
		// A word is only taken for another spelling of a long one: "beras"
		// is not "berat", but "stalakmit" is "stalagmit".
		if n < 7 {
			return nil, Rewrite{}
		}
		alts = ix.typos(t.Word, e.params.Typo, 1)
		return alts, bestTypo(t.Word, alts)
	}
	// A word one edit from it that the article has, or has a synonym of:
	// "tewass" is "tewas", which the article says as "meninggal dunia".
	for _, c := range e.corrections(t.Word) {
		found := false
		for _, a := range e.exact(ix, ix.an.Term(c)) {
			if !hasTerm(alts, a.term) {
				a.factor *= e.params.Typo
				a.how = "typo"
				alts = append(alts, a)
				found = true
			}
		}
		if found && rw.How == "" {
			rw = Rewrite{From: t.Word, To: c, How: "typo"}
		}
	}
	// The article's own words within a typo of it: names, mostly.
	typos := ix.typos(t.Word, e.params.Typo, maxd)
	for _, a := range typos {
		if !hasTerm(alts, a.term) {
			alts = append(alts, a)
		}
	}
	if rw.How == "" {
		rw = bestTypo(t.Word, typos)
	}
	return alts, rw
}

// bestTypo returns the rewrite of a word to the nearest of its typo
// matches, if it has one.
func bestTypo(w string, typos []alt) Rewrite {
	if len(typos) == 0 {
		return Rewrite{}
	}
	best := typos[0]
	for _, a := range typos[1:] {
		if a.factor > best.factor {
			best = a
		}
	}
	return Rewrite{From: w, To: best.word, How: "typo"}
}

// corrections returns the words of the engine's languages one edit (a
// letter dropped, added, changed, or two swapped) from a word that is none:
// "korbn" gives "korban". Words too short for typos have none.
func (e *Engine) corrections(w string) []string {
	rs := []rune(w)
	if typoDistance(len(rs)) == 0 || len(rs) > 30 {
		return nil
	}
	if v, ok := e.corrected.Load(w); ok {
		return v.([]string)
	}
	var out []string
	buf := make([]rune, 0, len(rs)+1)
	try := func(c []rune) {
		if s := string(c); s != w && e.known(s) && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	letters := "abcdefghijklmnopqrstuvwxyz"
	for i := range rs {
		try(append(append(buf[:0], rs[:i]...), rs[i+1:]...)) // drop
		if i+1 < len(rs) && rs[i] != rs[i+1] {               // swap
			c := append(buf[:0], rs...)
			c[i], c[i+1] = c[i+1], c[i]
			try(c)
		}
		for _, l := range letters { // change
			if l != rs[i] {
				c := append(buf[:0], rs...)
				c[i] = l
				try(c)
			}
		}
	}
	for i := 0; i <= len(rs); i++ { // add
		for _, l := range letters {
			c := append(append(append(buf[:0], rs[:i]...), l), rs[i:]...)
			try(c)
		}
	}
	if e.correctedN.Add(1) <= maxTypoCache {
		e.corrected.Store(w, out)
	}
	return out
}

// exact returns the index's matches of a term: itself and its synonyms.
func (e *Engine) exact(ix *index, term string) []alt {
	var out []alt
	if id, ok := ix.term(term); ok {
		out = append(out, alt{term: id, factor: 1, how: "exact"})
	}
	for _, s := range ix.an.Synonyms(term) {
		if id, ok := ix.term(s); ok {
			out = append(out, alt{term: id, factor: e.params.Synonym, how: "synonym"})
		}
	}
	return out
}

// nameVariants returns, by term, the other spellings an article has of its
// names: words within a typo of one another that, like it, are no words of
// the languages ("Guterres" and "Gutteres"). The factor of each is that of
// its edit distance, 1 for one edit, for the engine's Params.Typo to scale.
func nameVariants(byLen map[int][]vocabWord, word func(vocabWord) string, known func(vocabWord) bool) map[int32][]alt {
	// Only words of no language are compared, each pair once: names are
	// few beside an article's words.
	names := map[int][]vocabWord{}
	for n, vs := range byLen {
		if n < 5 {
			continue
		}
		for _, v := range vs {
			if !known(v) {
				names[n] = append(names[n], v)
			}
		}
	}
	out := map[int32][]alt{}
	note := func(from, to vocabWord, d int) {
		if !hasTerm(out[from.term], to.term) {
			out[from.term] = append(out[from.term], alt{term: to.term, word: word(to), factor: 1 - 0.1*float64(d-1), how: "typo"})
		}
	}
	var vbuf, ubuf [48]rune
	for n, vs := range names {
		for i, v := range vs {
			vr := appendRunes(vbuf[:0], word(v))
			// v is the shorter of each pair, or the first of two alike:
			// the longer word's tolerance bounds the distance, and each
			// side keeps the other within its own.
			for m := n; m <= n+2; m++ {
				maxd := typoDistance(m)
				if m-n > maxd {
					break
				}
				us := names[m]
				if m == n {
					us = vs[i+1:]
				}
				for _, u := range us {
					if u.term == v.term || !nearLetters(v.letters, u.letters, maxd) {
						continue
					}
					d := editDistance(vr, appendRunes(ubuf[:0], word(u)), maxd)
					if d > maxd {
						continue
					}
					note(u, v, d)
					if d <= typoDistance(n) {
						note(v, u, d)
					}
				}
			}
		}
	}
	for t, as := range out {
		slices.SortFunc(as, func(a, b alt) int { return strings.Compare(a.word, b.word) })
		out[t] = as
	}
	return out
}

// variants returns the other spellings the article has of a name of the
// question it has: "Guterres" also finds "Gutteres".
func (e *Engine) variants(ix *index, have []alt) []alt {
	var out []alt
	for _, h := range have {
		for _, a := range ix.variants[h.term] {
			if !hasTerm(have, a.term) && !hasTerm(out, a.term) {
				a.factor *= e.params.Typo
				out = append(out, a)
			}
		}
	}
	return out
}

func hasTerm(alts []alt, term int32) bool {
	for _, a := range alts {
		if a.term == term {
			return true
		}
	}
	return false
}

// known reports whether a normalised word is a word of one of the engine's
// languages (their words.txt).
func (e *Engine) known(w string) bool {
	for _, l := range e.langs {
		if l.Words.Has(w) {
			return true
		}
	}
	return false
}

// rewrites returns how a question was read: the words the analyzer read as
// others ("brp" as "berapa"), then the rewrites of its terms.
func rewrites(text string, toks []analysis.Token, qs []qterm) []Rewrite {
	var out []Rewrite
	add := func(r Rewrite) {
		for _, o := range out {
			if o == r {
				return
			}
		}
		out = append(out, r)
	}
	for _, t := range toks {
		if from, ok := analysis.Typed(text, t); ok {
			add(Rewrite{From: from, To: t.Word, How: "normalized"})
		}
	}
	for _, q := range qs {
		if q.rewrite.How != "" {
			add(q.rewrite)
		}
	}
	return out
}

// typedAs notes, on the question terms whose words the analyzer read as
// other words ("org" as "orang"), the word as it was typed, for --explain.
func typedAs(text string, toks []analysis.Token, qs []qterm) {
	for _, t := range toks {
		if from, ok := analysis.Typed(text, t); ok {
			for i := range qs {
				if qs[i].word == t.Word && qs[i].typed == "" {
					qs[i].typed = from
				}
			}
		}
	}
}

// capitalsTell reports whether a question's capitals say which of its words
// are names: only when it has words with a capital and words without after
// its first. A chat question typed all in lower case, or in capitals, or
// with every word capitalised says nothing by them.
func capitalsTell(toks []analysis.Token) bool {
	upper, lower := false, false
	for _, t := range toks[min(1, len(toks)):] {
		if t.Kind == analysis.Word && !t.Stop {
			upper = upper || t.Capital
			lower = lower || !t.Capital
		}
	}
	return upper && lower
}

// isName reports whether the question's word i is a name: capitalised
// inside the question, when its capitals tell; otherwise capitalised in the
// article, when the article has it, or else in the question.
func isName(ix *index, toks []analysis.Token, i int, capitals bool) bool {
	t := toks[i]
	if capitals {
		return t.Capital && i > 0
	}
	if id, ok := ix.term(t.Term); ok {
		return ix.names[id]
	}
	return t.Capital && i > 0
}
