package qa_test

import (
	"testing"

	"github.com/kutip/kutip/corpus"
	"github.com/kutip/kutip/qa"
	"github.com/kutip/kutip/qa/score"
)

// BenchmarkAskDevSet answers the squad-id dev questions, when the shared
// evaluation data stands beside the repository.
func BenchmarkAskDevSet(b *testing.B) {
	const dir = "../../shared/eval/squad-id"
	c, err := corpus.Load(dir + "/articles")
	if err != nil {
		b.Skip("no dev set:", err)
	}
	qs, err := score.Load(dir + "/qa.jsonl")
	if err != nil {
		b.Skip("no dev set:", err)
	}
	e := qa.New(c)
	i := 0
	for b.Loop() {
		q := qs[i%len(qs)]
		e.Ask(b.Context(), qa.Query{Text: q.Question, Article: q.Article, N: 5})
		i++
	}
	b.ReportMetric(float64(i)/b.Elapsed().Seconds(), "questions/s")
}
