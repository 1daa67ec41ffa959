package qa

import (
	"slices"
	"strings"

	"github.com/kutip/kutip/lang"
)

// carriedWeakly reports whether the best sentence matches too little of the
// question to answer it. When a name or number of the question is nowhere
// in the article ("Siapa presiden Indonesia?"), or the question asks for a
// person, a time, a number or a place that the sentence does not hold, a
// sentence matched only through synonyms, or through one common word, does
// not answer: "presiden ~ kepala" is no answer about Indonesia. A role
// ("presiden", "menteri") is a common word here, though written with a
// capital.
func (e *Engine) carriedWeakly(ix *index, r *ranking, top cand) bool {
	lacks := specific(r.want) && !top.f.want
	if !r.missingImportant && !lacks {
		return e.onlyTopic(ix, r, top)
	}
	// A sentence without the number or time asked for is not carried by
	// the article's topic either: "Armenia" in half the sentences of an
	// article on Armenia says nothing of its "jumlah penduduk".
	topic := len(ix.docs) // df above which a term is the article's topic
	if lacks && (r.want == lang.WantNumber || r.want == lang.WantTime) && len(ix.docs) >= topicMinDocs {
		topic = int(topicShare * float64(len(ix.docs)))
	}
	var seen [64]bool
	any, matched, exact, names := false, 0, false, false
	for _, t := range ix.docs[top.d].terms {
		q, a := r.m.match(t)
		if q < 0 || q >= len(seen) || seen[q] {
			continue
		}
		seen[q] = true
		any = true
		if ix.df(a.term) > topic {
			continue
		}
		matched++
		exact = exact || a.how != "synonym"
		names = names || r.qs[q].important && !e.roles.Has(r.qs[q].word)
	}
	if !any {
		return false // found through the names of the sentence before ("Ia mengatakan ..."): no telling
	}
	return matched == 0 || !exact || matched == 1 && !names
}

// onlyTopic reports whether a question with a word the article does not
// have at all is matched by the best sentence only through the article's
// topic: "Kapan Armenia merdeka?" of an article on Armenia that never says
// "merdeka".
func (e *Engine) onlyTopic(ix *index, r *ranking, top cand) bool {
	if len(ix.docs) < topicMinDocs || !slices.ContainsFunc(r.qs, func(q qterm) bool { return len(q.alts) == 0 }) {
		return false
	}
	topic, any := int(topicShare*float64(len(ix.docs))), false
	for _, t := range ix.docs[top.d].terms {
		if q, a := r.m.match(t); q >= 0 {
			if ix.df(a.term) <= topic {
				return false
			}
			any = true
		}
	}
	return any
}

// isTopic reports whether the article holds term t in more than
// topicShare of its sentences: the name of what it is about tells no
// sentence from another, and weighs no more than another word.
func (ix *index) isTopic(t int32) bool {
	return float64(ix.df(t)) > topicShare*float64(len(ix.docs))
}

// A term in more than topicShare of an article's sentences, of
// topicMinDocs or more, is the article's topic.
const (
	topicShare   = 0.4
	topicMinDocs = 15
)

// roleMissing reports whether a question that asks who holds a role, or
// what someone of a role said, names only roles the article has nowhere:
// "apa kata gubernur jawa barat?" of an article without a governor, "siapa
// menteri lingkungan hidup?" of one without a minister. The roles are
// those of the question's language: "Prince" in the title "Le Petit
// Prince" is no role to an Indonesian question.
func (e *Engine) roleMissing(ix *index, r *ranking) bool {
	if !r.speech && r.want != lang.WantPerson {
		return false
	}
	l := e.lang(ix.an.Lang())
	if r.tr != nil {
		l = r.tr.from
	}
	if l == nil {
		return false
	}
	roles := 0
	for _, q := range r.qs {
		if !allIn(q.word, l.RoleWords) {
			continue
		}
		if len(q.alts) > 0 {
			return false
		}
		roles++
	}
	return roles > 0
}

// lacksWord reports whether a question has a word the article has
// nowhere, as it is or as anything it is read as. A question that asks yes
// or no with one abstains: only a sentence that says what it asks answers
// it, and "harga minyak goreng naik juga?" of an article on rice has none.
func lacksWord(qs []qterm) bool {
	return slices.ContainsFunc(qs, func(q qterm) bool { return len(q.alts) == 0 })
}

// allIn reports whether every word of a phrase is in a set.
func allIn(phrase string, s lang.Set) bool {
	for w := range strings.SplitSeq(phrase, " ") {
		if !s.Has(w) {
			return false
		}
	}
	return phrase != ""
}

// specific reports whether a kind of answer is one a sentence can be seen to
// hold or lack: a person, a time, a number, a place.
func specific(w Want) bool {
	return w == lang.WantPerson || w == lang.WantTime || w == lang.WantNumber || w == lang.WantPlace
}
