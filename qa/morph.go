package qa

import (
	"slices"
	"strings"

	"github.com/kutip/kutip/qa/analysis"
)

// This file matches the forms of one word that the index holds as two
// terms: with and without accents ("Pérez" and "perez", "shèngnǚ" and
// "shengnü", which the index keeps apart for the stemmers' sake), and
// those the stemmer makes two of: an Indonesian prefix that drops the first consonant of its root
// (lang/id/nasal.txt) leaves a stem without it, "menuduh" stems to "uduh"
// while "dituduh" stems to "tuduh", "mengirimkan" to "irim" and "dikirim"
// to "kirim". News writes the active form, a question often the passive.

// noteDropped records that term, a token's, may have lost the first
// consonant of its root to the token's prefix: the token's word opens with
// a prefix of the language's nasal.txt and then the term, which opens with
// a vowel ("menuduh", "uduh"). The term is kept under the root it may
// stand for ("tuduh"), for nasalAlts to find.
func (ix *index) noteDropped(t analysis.Token, term int32) {
	for _, n := range ix.an.Nasal() {
		if rest, ok := strings.CutPrefix(t.Word, n.Prefix); ok && vowelFirst(t.Term) && strings.HasPrefix(rest, t.Term) {
			root := n.Consonant + t.Term
			if !slices.Contains(ix.dropped[root], term) {
				if ix.dropped == nil {
					ix.dropped = map[string][]int32{}
				}
				ix.dropped[root] = append(ix.dropped[root], term)
			}
		}
	}
}

// nasalAlts appends to alts (those from start being the question token's)
// the article's terms that are another form of the token's word: "uduh"
// of the article's "menuduh" for the question's "tuduh" ("dituduh"), and
// "tuduh" of the article for the question's "menuduh".
func (ix *index) nasalAlts(t analysis.Token, alts []alt, start int) []alt {
	if t.Kind != analysis.Word {
		return alts
	}
	add := func(id int32) {
		if !hasTerm(alts[start:], id) {
			alts = append(alts, alt{term: id, factor: 1, how: "exact"})
		}
	}
	for _, id := range ix.dropped[t.Term] {
		add(id)
	}
	if !vowelFirst(t.Term) {
		return alts
	}
	for _, n := range ix.an.Nasal() {
		if rest, ok := strings.CutPrefix(t.Word, n.Prefix); ok && strings.HasPrefix(rest, t.Term) {
			if id, ok := ix.term(n.Consonant + t.Term); ok {
				add(id)
			}
		}
	}
	return alts
}

func vowelFirst(s string) bool {
	return s != "" && strings.ContainsRune("aiueo", rune(s[0]))
}

// noteFolded records a word of the article that has accents under its
// folded form, "perez" for "pérez".
func (ix *index) noteFolded(word string, term int32) {
	if isASCII(word) {
		return
	}
	f := analysis.Fold(word)
	if f == word {
		return
	}
	if ix.folded == nil {
		ix.folded = map[string][]int32{}
	}
	if !slices.Contains(ix.folded[f], term) {
		ix.folded[f] = append(ix.folded[f], term)
	}
}

// accentAlts appends to alts (those from start being the question token's)
// the article's terms that are the token's word but for accents: the
// article's "Pérez" for the question's "perez", its "Perez" for "Pérez".
func (ix *index) accentAlts(t analysis.Token, alts []alt, start int) []alt {
	if t.Kind != analysis.Word {
		return alts
	}
	f := t.Word
	if !isASCII(f) {
		f = analysis.Fold(f)
	}
	add := func(id int32) {
		if !hasTerm(alts[start:], id) {
			alts = append(alts, alt{term: id, factor: 1, how: "exact"})
		}
	}
	for _, id := range ix.folded[f] {
		add(id)
	}
	if f != t.Word {
		if id, ok := ix.term(ix.an.Term(f)); ok {
			add(id)
		}
	}
	return alts
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
