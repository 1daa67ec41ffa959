package qa

import (
	"github.com/kutip/kutip/lang"
	"github.com/kutip/kutip/qa/analysis"
)

// Want is the kind of answer a question asks for.
type Want = lang.Want

// questions tells what a question asks for from the question words of all
// the engine's languages: a question may be typed in another language than
// its article's. Forms are kept by their first word, so that most words of a
// question cost one map look-up.
type questions struct {
	byFirst    map[string]*forms
	timeWords  lang.Set // what "<time>" stands for: the time words of every language
	yesNoFirst lang.Set // words that open a question that asks yes or no, of every language
	yesNoLast  lang.Set // words that close one
}

// forms are the forms of question word that start with one word.
type forms struct {
	one      lang.Want            // the word alone
	isOne    bool                 // the word alone is a question word
	two      map[string]lang.Want // by the word after it: "di mana", "berapa hari"; "tahun berapa" under each time word
	thenTime lang.Want            // when a time word follows: "berapa <time>", "what <time>"
	hasTime  bool
}

func newQuestions(langs []*lang.Language) *questions {
	q := &questions{byFirst: map[string]*forms{}}
	at := func(w string) *forms {
		f := q.byFirst[w]
		if f == nil {
			f = &forms{}
			q.byFirst[w] = f
		}
		return f
	}
	var times []lang.Set
	for _, l := range langs {
		times = append(times, l.TimeWords)
	}
	q.timeWords = lang.Union(times...)
	var first, last []lang.Set
	for _, l := range langs {
		first, last = append(first, l.YesNoFirst), append(last, l.YesNoLast)
	}
	q.yesNoFirst, q.yesNoLast = lang.Union(first...), lang.Union(last...)
	var timeFirst []lang.Question // "<time> berapa", added after the plain forms, which win
	for _, l := range langs {
		for _, fm := range l.Questions {
			switch w := fm.Words; {
			case len(w) == 1:
				f := at(w[0])
				f.one, f.isOne = fm.Want, true
			case w[0] == lang.AnyTimeWord:
				timeFirst = append(timeFirst, fm)
			case w[1] == lang.AnyTimeWord:
				f := at(w[0])
				f.thenTime, f.hasTime = fm.Want, true
			default:
				at(w[0]).addTwo(w[1], fm.Want, true)
			}
		}
	}
	for _, fm := range timeFirst {
		for _, t := range q.timeWords.All() {
			at(t).addTwo(fm.Words[1], fm.Want, false)
		}
	}
	return q
}

// addTwo adds the form of this word and next; replace says whether it
// replaces one already there.
func (f *forms) addTwo(next string, w lang.Want, replace bool) {
	if f.two == nil {
		f.two = map[string]lang.Want{}
	}
	if _, ok := f.two[next]; ok && !replace {
		return
	}
	f.two[next] = w
}

// want returns what a question asks for: the first of its words that a form
// of question word starts at decides ("di mana", "tahun berapa", "siapa"),
// forms of two words before those of one, two plain words before a word and
// a time word. A word that asks nothing itself ("mana") lets the next decide.
func (q *questions) want(toks []analysis.Token) lang.Want {
	for i, t := range toks {
		f := q.byFirst[t.Word]
		if f == nil {
			continue
		}
		next := ""
		if i+1 < len(toks) {
			next = toks[i+1].Word
		}
		if w, ok := f.two[next]; ok {
			return w
		}
		if f.hasTime && q.timeWords.Has(next) {
			return f.thenTime
		}
		if f.isOne && f.one != lang.WantNone {
			return f.one
		}
	}
	return lang.WantAny
}

// isQuestionWord reports whether a normalised word is a question word, which
// a question is not searched for.
func (q *questions) isQuestionWord(w string) bool {
	f := q.byFirst[w]
	return f != nil && f.isOne
}

// yesNo reports whether a question asks yes or no: it opens or closes with
// a word of yesno.txt ("did anyone go to jail?", "harga minyak naik juga
// gak?") and has no question word.
func (q *questions) yesNo(toks []analysis.Token) bool {
	first, last, words := -1, -1, 0
	for i, t := range toks {
		if t.Kind != analysis.Word {
			continue
		}
		if q.isQuestionWord(t.Word) {
			return false
		}
		if first < 0 {
			first = i
		}
		last = i
		words++
	}
	return words >= 2 && (q.yesNoFirst.Has(toks[first].Word) || q.yesNoLast.Has(toks[last].Word))
}
