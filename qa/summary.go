package qa

import (
	"cmp"
	"fmt"
	"math"
	"slices"
)

// Summary returns an article's key sentences, at most n, in article order:
// sentences whose words recur across the article, the lead favoured, as news
// puts the gist first.
func (e *Engine) Summary(article string, n int) ([]Hit, error) {
	ix, ok := e.byID[article]
	if !ok {
		return nil, fmt.Errorf("summary of %q: %w", article, ErrUnknownArticle)
	}
	type scored struct {
		d     int
		score float64
	}
	var ss []scored
	for d, doc := range ix.docs {
		if doc.length < 5 {
			continue // too short to stand alone
		}
		seen := map[int32]bool{}
		s := 0.0
		for _, t := range doc.terms {
			if t == noTerm || seen[t] {
				continue
			}
			seen[t] = true
			s += math.Log(float64(ix.df(t)))
		}
		s /= math.Sqrt(float64(doc.length))
		s *= 1 + 1/(1+float64(d))
		ss = append(ss, scored{d, s})
	}
	slices.SortStableFunc(ss, func(a, b scored) int { return cmp.Compare(b.score, a.score) })
	ss = ss[:min(n, len(ss))]
	slices.SortFunc(ss, func(a, b scored) int { return cmp.Compare(a.d, b.d) })
	hits := make([]Hit, 0, len(ss))
	for _, s := range ss {
		hits = append(hits, e.hit(ix, cand{d: s.d, score: s.score}, nil, matcher{}, false))
	}
	return hits, nil
}
