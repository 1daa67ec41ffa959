package qa

import (
	"strings"

	"github.com/kutip/kutip/lang"
	"github.com/kutip/kutip/qa/analysis"
)

// This file is how kutip tells, for a question that asks who holds a role
// ("siapa menteri pertahanan armenia?", "Who is the UN secretary
// general?"), the sentence that names the holder from one that only names
// the role: news writes the holder beside the role, in one run of
// capitalised words ("Menteri Pertahanan Armenia, Zohrab Mnatsakanyan",
// "Sekretaris Jenderal PBB Antonio Guterres"), while "Menteri Pertahanan
// Azerbaijan menyatakan ..." names nobody.

// roleGroup returns the question terms that make up the role a question
// asks about: its role words ("menteri", "minister") and the names and
// other role words that stand next to them in the question ("menteri
// pertahanan armenia"); nil when the question has no role word.
func (e *Engine) roleGroup(qs []qterm) []int {
	var group []int
	for i, q := range qs {
		if e.isRole(q.word) {
			group = append(group, i)
		}
	}
	if len(group) == 0 {
		return nil
	}
	for i, q := range qs {
		if q.important && !e.isRole(q.word) && q.weight > 0 {
			group = append(group, i)
		}
	}
	return group
}

// isRole reports whether a question word, or every word of a phrase, is a
// role word of one of the engine's languages.
func (e *Engine) isRole(w string) bool {
	for part := range strings.SplitSeq(w, " ") {
		if !e.roles.Has(part) {
			return false
		}
	}
	return w != ""
}

// namesRole reports whether a sentence names the holder of the question's
// role (group, from roleGroup): whether it has a run of capitalised words,
// going on across one comma, that holds a match of every term of group and,
// before its first match or after its last, a capitalised word that the
// question does not have and that is no role word: the holder's name.
func (e *Engine) namesRole(text string, lex *lexicon, doc *doc, phrases []phraseAt, m matcher, group []int) bool {
	toks := doc.toks
	word := func(i int) bool { return toks[i].capital && lex.get(toks[i]).kind == analysis.Word }
	matchAt := func(i int) int {
		if q, _ := m.match(doc.terms[i]); q >= 0 {
			return q
		}
		for _, p := range phrases {
			if i >= p.from && i < p.to {
				if q, _ := m.match(p.term); q >= 0 {
					return q
				}
			}
		}
		return -1
	}
	for i := 0; i < len(toks); {
		if !word(i) {
			i++
			continue
		}
		j := i + 1 // the run is toks[i:j]
		for j < len(toks) && word(j) && runJoins(text[toks[j-1].end():toks[j].start]) {
			j++
		}
		var seen [64]bool
		first, last := -1, -1
		for k := i; k < j; k++ {
			if q := matchAt(k); q >= 0 && q < len(seen) {
				seen[q] = true
				if first < 0 {
					first = k
				}
				last = k
			}
		}
		whole := first >= 0
		for _, g := range group {
			whole = whole && g < len(seen) && seen[g]
		}
		if whole {
			for k := i; k < j; k++ {
				if (k < first || k > last) && matchAt(k) < 0 && !e.roles.Has(lex.get(toks[k]).word) && (k > 0 || j-i > 1) {
					return true
				}
			}
		}
		i = j
	}
	return false
}

// runJoins reports whether what stands between two capitalised words keeps
// them in one run: white space, or a comma and white space ("Menteri
// Pertahanan Armenia, Zohrab Mnatsakanyan").
func runJoins(between string) bool {
	between = strings.TrimSpace(between)
	return between == "" || between == ","
}

// roleNames returns, for a question that asks for a person and names a
// role, whether each candidate names the role's holder (namesRole), and sets
// r.roleNamed when one does; nil for other questions.
func (e *Engine) roleNames(ix *index, r *ranking, cands []cand) []bool {
	if r.want != lang.WantPerson {
		return nil
	}
	group := e.roleGroup(r.qs)
	if group == nil {
		return nil
	}
	out := make([]bool, len(cands))
	for i, c := range cands {
		doc := &ix.docs[c.d]
		out[i] = e.namesRole(ix.article.Sentences[doc.sentence].Text, ix.lex, doc, ix.phrasesIn(c.d), r.m, group)
		r.roleNamed = r.roleNamed || out[i]
	}
	return out
}
