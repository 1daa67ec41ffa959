package score_test

import (
	"math"
	"testing"

	"github.com/kutip/kutip/qa/score"
)

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"  “Kami  menang!”  ", "kami menang"},
		{"ＡＢＣ\tdef", "abc def"},
		{"`Rp 1.000,-", "rp 1.000"}, // as score.py: ´ would become a space and a combining accent under NFKC
		{"...", ""},
	}
	for _, tt := range tests {
		if got := score.Normalize(tt.in); got != tt.want {
			t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestHit(t *testing.T) {
	span := score.Question{GoldType: "span", Answers: []string{"15 orang", ""}}
	sent := score.Question{GoldType: "sentence", Answers: []string{"The tower is 330 metres tall."}}
	tests := []struct {
		q       score.Question
		passage string
		want    bool
	}{
		{span, "Setidaknya 15 Orang meninggal.", true},
		{span, "Setidaknya 15 meninggal.", false},
		{sent, "It is 330 metres tall, the tower.", true}, // Jaccard 5/6
		{sent, "The tower is tall.", true},                // contained in the gold
		{sent, "Paris is in France.", false},
		{sent, "", false},
	}
	for _, tt := range tests {
		if got := score.Hit(tt.q, tt.passage); got != tt.want {
			t.Errorf("Hit(%v, %q) = %v, want %v", tt.q.Answers, tt.passage, got, tt.want)
		}
	}
}

func TestScore(t *testing.T) {
	qs := []score.Question{
		{ID: "a", Answerable: true, GoldType: "span", Answers: []string{"x"}},
		{ID: "b", Answerable: true, GoldType: "span", Answers: []string{"y"}},
		{ID: "c", Answerable: true, GoldType: "span", Answers: []string{"z"}},
		{ID: "d", Answerable: false},
		{ID: "e", Answerable: false},
	}
	r := score.Score(qs, map[string][]string{
		"a": {"x"},
		"b": {"n", "y"},
		"d": {"n"},
	})
	near := func(a, b float64) bool { return math.Abs(a-b) < 1e-9 }
	if !near(r.Hit1, 1.0/3) || !near(r.Hit5, 2.0/3) || !near(r.MRR5, 1.5/3) || !near(r.AnswerableAbstained, 1.0/3) || !near(r.UnanswerableAbstained, 0.5) {
		t.Errorf("Score = %+v", r)
	}
}

// TestScoreOpen: asked of the whole library, a passage counts only when it
// comes from the question's article, as score.py --open counts it.
func TestScoreOpen(t *testing.T) {
	qs := []score.Question{
		{ID: "a", Article: "A", Answerable: true, GoldType: "span", Answers: []string{"x"}},
		{ID: "b", Article: "B", Answerable: true, GoldType: "span", Answers: []string{"y"}},
		{ID: "c", Article: "C", Answerable: true, GoldType: "span", Answers: []string{"z"}},
		{ID: "d", Article: "A", Answerable: false},
	}
	r := score.ScoreOpen(qs, map[string][]score.Passage{
		"a": {{Text: "x", Article: "A"}},
		"b": {{Text: "y", Article: "A"}, {Text: "y", Article: "B"}}, // the right text, first from the wrong article
		"c": {{Text: "z", Article: "B"}},
	})
	near := func(a, b float64) bool { return math.Abs(a-b) < 1e-9 }
	if !near(r.Hit1, 1.0/3) || !near(r.Hit5, 2.0/3) || !near(r.MRR5, 1.5/3) || !near(r.ArticleAt1, 1.0/3) || !near(r.UnanswerableAbstained, 1) {
		t.Errorf("ScoreOpen = %+v", r)
	}
}
