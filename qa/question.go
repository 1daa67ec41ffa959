package qa

import (
	"github.com/kutip/kutip/lang"
	"github.com/kutip/kutip/qa/analysis"
)

// Want is the kind of answer a question asks for.
type Want = lang.Want

// questions tells what a question asks for from the question words of all
// the engine's languages: a question may be typed in another language than
// its article's.
type questions struct {
	one       map[string]lang.Want    // "siapa", "mana" (WantNone)
	two       map[[2]string]lang.Want // "di mana", "berapa hari", "how many"
	timeAfter map[string]lang.Want    // "<time> berapa": the word after a time word
	timeFirst map[string]lang.Want    // "berapa <time>", "what <time>": the word before one
	timeWords lang.Set                // what "<time>" stands for
}

func newQuestions(langs []*lang.Language) *questions {
	q := &questions{one: map[string]lang.Want{}, two: map[[2]string]lang.Want{},
		timeAfter: map[string]lang.Want{}, timeFirst: map[string]lang.Want{}}
	var times []lang.Set
	for _, l := range langs {
		times = append(times, l.TimeWords)
		for _, f := range l.Questions {
			switch {
			case len(f.Words) == 1:
				q.one[f.Words[0]] = f.Want
			case f.Words[0] == lang.AnyTimeWord:
				q.timeAfter[f.Words[1]] = f.Want
			case f.Words[1] == lang.AnyTimeWord:
				q.timeFirst[f.Words[0]] = f.Want
			default:
				q.two[[2]string(f.Words)] = f.Want
			}
		}
	}
	q.timeWords = lang.Union(times...)
	return q
}

// want returns what a question asks for: the first of its words that a form
// of question word starts at decides ("di mana", "tahun berapa", "siapa"),
// forms of two words before those of one, two plain words before a word and
// a time word. A word that asks nothing itself ("mana") lets the next decide.
func (q *questions) want(toks []analysis.Token) lang.Want {
	for i, t := range toks {
		next := ""
		if i+1 < len(toks) {
			next = toks[i+1].Word
		}
		if w, ok := q.two[[2]string{t.Word, next}]; ok {
			return w
		}
		if w, ok := q.timeFirst[t.Word]; ok && q.timeWords.Has(next) {
			return w
		}
		if w, ok := q.timeAfter[next]; ok && q.timeWords.Has(t.Word) {
			return w
		}
		if w, ok := q.one[t.Word]; ok && w != lang.WantNone {
			return w
		}
	}
	return lang.WantAny
}

// isQuestionWord reports whether a normalised word is a question word, which
// a question is not searched for.
func (q *questions) isQuestionWord(w string) bool {
	_, ok := q.one[w]
	return ok
}
