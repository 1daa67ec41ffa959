// Package score reads question sets in the format of shared/eval/README.md
// and scores answers as its score.py does, so kutip eval can print the same
// numbers.
package score

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// A Question is one line of a qa.jsonl file.
type Question struct {
	ID         string   `json:"id"`
	Article    string   `json:"article"`
	Question   string   `json:"question"`
	Lang       string   `json:"lang"`
	Answerable bool     `json:"answerable"`
	GoldType   string   `json:"gold_type"` // "span" or "sentence"
	Answers    []string `json:"answers"`
}

// Load reads a question set.
func Load(path string) ([]Question, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("load questions: %w", err)
	}
	defer f.Close()
	var qs []Question
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		var q Question
		if err := json.Unmarshal([]byte(line), &q); err != nil {
			return nil, fmt.Errorf("load questions %s:%d: %w", path, n, err)
		}
		if q.ID == "" || q.Article == "" {
			return nil, fmt.Errorf("load questions %s:%d: no id or article", path, n)
		}
		qs = append(qs, q)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("load questions %s: %w", path, err)
	}
	return qs, nil
}

// Normalize folds text as the scorer does: NFKC, lower case, white space
// collapsed, punctuation and quotes around it removed.
func Normalize(s string) string {
	s = strings.ToLower(norm.NFKC.String(s))
	s = strings.Join(strings.Fields(s), " ")
	return strings.TrimFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsPunct(r) || r == '`' || r == '\u00b4'
	})
}

var wordRE = regexp.MustCompile(`[\p{L}\p{N}_]+`)

// Hit reports whether a returned passage answers q.
func Hit(q Question, passage string) bool {
	p := Normalize(passage)
	if p == "" {
		return false
	}
	for _, a := range q.Answers {
		g := Normalize(a)
		if g == "" {
			continue
		}
		switch q.GoldType {
		case "sentence":
			if strings.Contains(p, g) || strings.Contains(g, p) || jaccard(p, g) >= 0.6 {
				return true
			}
		default:
			if strings.Contains(p, g) {
				return true
			}
		}
	}
	return false
}

func jaccard(a, b string) float64 {
	sa, sb := map[string]bool{}, map[string]bool{}
	for _, w := range wordRE.FindAllString(a, -1) {
		sa[w] = true
	}
	for _, w := range wordRE.FindAllString(b, -1) {
		sb[w] = true
	}
	inter := 0
	for w := range sa {
		if sb[w] {
			inter++
		}
	}
	union := len(sa) + len(sb) - inter
	if union == 0 {
		return 0
	}
	return float64(inter) / float64(union)
}

// A Report sums up how a set was answered.
type Report struct {
	Questions, Answerable, Unanswerable int
	Hit1, Hit5, MRR5                    float64 // over answerable questions
	AnswerableAbstained                 float64 // share of answerable questions abstained on
	UnanswerableAbstained               float64 // share of unanswerable questions abstained on
	MeanTopChars                        float64
	ArticleAt1                          float64 // open corpus: share of answerable questions whose first passage is from their article
}

// A Passage is one result of a question: its text and, asked of a whole
// library, the article it quotes.
type Passage struct{ Text, Article string }

// Score scores the passages returned for each question about its own
// article (best first, empty for an abstention); results maps question id
// to passages.
func Score(qs []Question, results map[string][]string) Report {
	byID := make(map[string][]Passage, len(results))
	for _, q := range qs {
		for _, t := range results[q.ID] {
			byID[q.ID] = append(byID[q.ID], Passage{Text: t, Article: q.Article})
		}
	}
	return ScoreOpen(qs, byID)
}

// ScoreOpen scores the passages returned for each question asked of the
// whole library, as score.py --open does: a passage counts only when it
// comes from the question's own article, and ArticleAt1 says how often the
// first one does.
func ScoreOpen(qs []Question, results map[string][]Passage) Report {
	var r Report
	var tops, topChars int
	for _, q := range qs {
		r.Questions++
		ps := results[q.ID]
		if len(ps) > 5 {
			ps = ps[:5]
		}
		if len(ps) > 0 {
			tops++
			topChars += len([]rune(ps[0].Text))
		}
		if !q.Answerable {
			r.Unanswerable++
			if len(ps) == 0 {
				r.UnanswerableAbstained++
			}
			continue
		}
		r.Answerable++
		if len(ps) == 0 {
			r.AnswerableAbstained++
			continue
		}
		if ps[0].Article == q.Article {
			r.ArticleAt1++
		}
		for i, p := range ps {
			if p.Article != q.Article || !Hit(q, p.Text) {
				continue
			}
			if i == 0 {
				r.Hit1++
			}
			r.Hit5++
			r.MRR5 += 1 / float64(i+1)
			break
		}
	}
	if r.Answerable > 0 {
		n := float64(r.Answerable)
		r.Hit1, r.Hit5, r.MRR5, r.AnswerableAbstained, r.ArticleAt1 = r.Hit1/n, r.Hit5/n, r.MRR5/n, r.AnswerableAbstained/n, r.ArticleAt1/n
	}
	if r.Unanswerable > 0 {
		r.UnanswerableAbstained /= float64(r.Unanswerable)
	}
	if tops > 0 {
		r.MeanTopChars = float64(topChars) / float64(tops)
	}
	return r
}
