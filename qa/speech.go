package qa

import (
	"slices"
	"strings"

	"github.com/kutip/kutip/qa/analysis"
)

// This file is how kutip answers "Apa kata X?", "X bilang apa", "What did
// X say?": with what X said, which news often puts in the sentence after the
// one naming X, behind a pronoun ("Ia mengatakan ..."); the index already
// finds such a sentence by the names of the one before.

// reportsSpeech returns how plainly a sentence reports what someone said:
// 1 with quotation marks, 1/2 with a speech verb only, else 0.
func reportsSpeech(text string, toks []analysis.Token, speech map[string]bool) float64 {
	if strings.ContainsAny(text, "\"“”") {
		return 1
	}
	for _, t := range toks {
		if t.Kind == analysis.Word && speech[t.Term] {
			return 0.5
		}
	}
	return 0
}

// asksSpeech reports whether a question asks what someone said: a verb of
// say.txt stands within speechReach words of a question word, stop words
// not counted ("apa kata", "bilang apa", "apa yang dikatakan", "what did X
// say"; not "Kapan versi Latin kata Norman ..."), or closes a question that
// a question word opens ("what did the UN secretary general say?").
func (e *Engine) asksSpeech(ix *index, toks []analysis.Token) bool {
	if !slices.ContainsFunc(toks, func(t analysis.Token) bool { return t.Kind == analysis.Word && ix.say[t.Term] }) {
		return false // most questions
	}
	var buf [32]int
	at := buf[:0] // the tokens that count: question words and words that are not stop words
	for i, t := range toks {
		if !t.Stop || e.questions.isQuestionWord(t.Word) {
			at = append(at, i)
		}
	}
	for k, i := range at {
		if t := toks[i]; t.Kind != analysis.Word || !ix.say[t.Term] {
			continue
		}
		for _, j := range at[max(0, k-speechReach):min(len(at), k+speechReach+1)] {
			if j != i && e.questions.isQuestionWord(toks[j].Word) {
				return true
			}
		}
		// The verb closes the question and a question word opens it:
		// "what did Dalton's chief executive say?".
		if k == len(at)-1 && k > 0 && e.questions.isQuestionWord(toks[at[0]].Word) {
			return true
		}
	}
	return false
}

// speechReach is how many words apart a verb of say.txt and a question word
// may stand in a question about what someone said: "What did Guterres
// say?".
const speechReach = 2

// dropSpeech removes the verbs of say.txt from the terms of a question about
// what someone said, when other terms remain: "kata" is how the question
// asks, not what it asks about, and would find any "kata" of the article.
func dropSpeech(ix *index, qs []qterm) []qterm {
	n := 0
	for _, q := range qs {
		if !ix.say[q.term] {
			n++
		}
	}
	if n == 0 || n == len(qs) {
		return qs
	}
	out := qs[:0]
	for _, q := range qs {
		if !ix.say[q.term] {
			out = append(out, q)
		}
	}
	return out
}
