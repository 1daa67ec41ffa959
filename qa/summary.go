package qa

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"github.com/kutip/kutip/qa/analysis"
)

// maxSummaryChars is a summary's length budget, in bytes of its sentences.
const maxSummaryChars = 900

// Summary returns an article's key sentences, at most n, in article order,
// as a news summary is judged:
//
//   - the lead is kept: the first sentence that can stand alone, since news
//     puts the gist first;
//   - then the sentences that carry the key facts, preferred by what they
//     hold: numbers (how many, when) most, named people and places (who,
//     where), on top of how central a sentence is (the words it shares with
//     the rest of the article) and how near the top it stands;
//   - and the main reaction: the best-scored sentence holding a quotation
//     the article attributes to someone is always in, and others gain;
//   - never a related-article line ("Baca juga:"), which is not indexed;
//   - within a length budget of maxSummaryChars: a sentence that would
//     overflow it is passed over for a shorter one.
func (e *Engine) Summary(article string, n int) ([]Hit, error) {
	ix, ok := e.index(article)
	if !ok {
		return nil, fmt.Errorf("summary of %q: %w", article, ErrUnknownArticle)
	}
	type scored struct {
		d     int
		score float64
	}
	// How central each sentence is: the words it shares with the rest of
	// the article, for its length; scaled to the article's most central.
	central := make([]float64, len(ix.docs))
	most := 0.0
	for d, doc := range ix.docs {
		seen := map[int32]bool{}
		s := 0.0
		for _, t := range doc.terms {
			if t == noTerm || seen[t] {
				continue
			}
			seen[t] = true
			s += math.Log(float64(ix.df(t)))
		}
		central[d] = s / math.Sqrt(float64(max(doc.length, 1)))
		most = max(most, central[d])
	}
	said := map[int]bool{} // sentences that hold someone's words
	for _, q := range ix.article.Quotations {
		if q.Speaker != "" {
			said[q.Sentence] = true
		}
	}
	var ss []scored
	lead := -1
	for d, doc := range ix.docs {
		if doc.length < 5 {
			continue // too short to stand alone
		}
		if lead < 0 {
			lead = d
		}
		s := 0.5 / (1 + float64(d)) // the nearer the top, the more of the gist
		if most > 0 {
			s += central[d] / most
		}
		number, name := facts(ix.tokens(&doc))
		if number {
			s += summaryNumber
		}
		if name {
			s += summaryName
		}
		if said[doc.sentence] {
			s += summaryQuote // a reaction, in the speaker's words
		}
		ss = append(ss, scored{d, s})
	}
	// The lead first, whatever its score; then the best reaction, when the
	// article quotes anyone; then the rest by score.
	reaction, best := -1, 0.0 // the document of the best reaction
	for _, s := range ss {
		if s.d != lead && said[ix.docs[s.d].sentence] && (reaction < 0 || s.score > best) {
			reaction, best = s.d, s.score
		}
	}
	rank := func(s scored) int {
		switch {
		case s.d == lead:
			return 0
		case s.d == reaction:
			return 1
		}
		return 2
	}
	slices.SortStableFunc(ss, func(a, b scored) int {
		return cmp.Or(cmp.Compare(rank(a), rank(b)), cmp.Compare(b.score, a.score))
	})
	var chosen []scored
	used := 0
	for _, s := range ss {
		if len(chosen) == n {
			break
		}
		size := len(ix.article.Sentences[ix.docs[s.d].sentence].Text)
		if len(chosen) > 0 && used+size > maxSummaryChars {
			continue
		}
		chosen, used = append(chosen, s), used+size
	}
	slices.SortFunc(chosen, func(a, b scored) int { return cmp.Compare(a.d, b.d) })
	hits := make([]Hit, 0, len(chosen))
	for _, s := range chosen {
		hits = append(hits, e.hit(ix, cand{d: s.d, score: s.score}, nil, matcher{}, false))
	}
	return hits, nil
}

// What a sentence's key facts add to its summary score, beside its
// centrality (0 to 1) and its place: a number (how many, when) counts most,
// since it is what a reader asks first; then a quotation the article
// attributes to someone (the main reactions); then a name (who, where).
const (
	summaryNumber = 0.6
	summaryQuote  = 0.3
	summaryName   = 0.2
)

// facts reports whether a sentence holds a number, and a name: a
// capitalised word that does not open the sentence.
func facts(toks []analysis.Token) (number, name bool) {
	for i, t := range toks {
		switch {
		case t.Kind == analysis.Number:
			number = true
		case i > 0 && t.Capital && !t.Stop:
			name = true
		}
	}
	return number, name
}
