// Package bottest holds what the tests of the router and of the platform
// adapters share: a fake of the engine the router asks, whose answers are
// canned, so that no change to the ranking can break what those tests
// assert, and a log to read while the adapters write it.
package bottest

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/kutip/kutip/corpus"
	"github.com/kutip/kutip/qa"
)

// An Engine answers from what its fields hold; it satisfies bot.Engine. It
// is safe for concurrent use once its fields are set.
type Engine struct {
	Library   []qa.ArticleInfo              // in order
	Answers   map[string]qa.Answer          // by question; any other question abstains
	Summaries map[string][]qa.Hit           // by article
	Quotes    map[string][]corpus.Quotation // by article
	TermsOf   map[string][]qa.Term          // by article
	mu        sync.Mutex
	asked     []qa.Query
}

// Ask returns the canned answer to q.Text, its hits cut to q.N and to
// q.Article when it names one, and explained only when q.Explain asks.
func (e *Engine) Ask(ctx context.Context, q qa.Query) (qa.Answer, error) {
	e.mu.Lock()
	e.asked = append(e.asked, q)
	e.mu.Unlock()
	if err := ctx.Err(); err != nil {
		return qa.Answer{}, err
	}
	text := strings.TrimSpace(q.Text)
	if text == "" {
		return qa.Answer{}, qa.ErrEmptyQuestion
	}
	if _, ok := e.Article(q.Article); q.Article != "" && !ok {
		return qa.Answer{}, fmt.Errorf("ask %q: %w", q.Article, qa.ErrUnknownArticle)
	}
	ans, ok := e.Answers[text]
	if !ok {
		return qa.Answer{Question: text, Abstained: true}, nil
	}
	ans.Question = text
	var hits []qa.Hit
	for _, h := range ans.Hits {
		if q.Article == "" || h.Article == q.Article {
			if !q.Explain {
				h.Explain, h.Factors = nil, nil
			}
			hits = append(hits, h)
		}
	}
	ans.Hits = hits[:min(len(hits), max(q.N, 1))]
	if len(ans.Hits) == 0 && !ans.Abstained {
		ans.Abstained = true
	}
	return ans, nil
}

// Asked returns the queries Ask was given, in order.
func (e *Engine) Asked() []qa.Query {
	e.mu.Lock()
	defer e.mu.Unlock()
	return slices.Clone(e.asked)
}

// Summary returns the article's canned key sentences, at most n.
func (e *Engine) Summary(article string, n int) ([]qa.Hit, error) {
	if _, ok := e.Article(article); !ok {
		return nil, fmt.Errorf("summary of %q: %w", article, qa.ErrUnknownArticle)
	}
	hs := e.Summaries[article]
	return hs[:min(len(hs), n)], nil
}

// Articles returns the library.
func (e *Engine) Articles() []qa.ArticleInfo { return slices.Clone(e.Library) }

// Article returns the article with the given id.
func (e *Engine) Article(id string) (qa.ArticleInfo, bool) {
	i := slices.IndexFunc(e.Library, func(a qa.ArticleInfo) bool { return a.ID == id })
	if i < 0 {
		return qa.ArticleInfo{}, false
	}
	return e.Library[i], true
}

// Quotations returns the article's canned quotations.
func (e *Engine) Quotations(article string) ([]corpus.Quotation, error) {
	if _, ok := e.Article(article); !ok {
		return nil, fmt.Errorf("quotations of %q: %w", article, qa.ErrUnknownArticle)
	}
	return e.Quotes[article], nil
}

// Terms returns the article's canned terms.
func (e *Engine) Terms(article string) ([]qa.Term, error) {
	if _, ok := e.Article(article); !ok {
		return nil, fmt.Errorf("terms of %q: %w", article, qa.ErrUnknownArticle)
	}
	return e.TermsOf[article], nil
}

// Fragment returns the text fragment of a sentence that one of the canned
// answers, summaries or quotations quotes, made from its text alone; "" for
// any other.
func (e *Engine) Fragment(article string, sentence int) string {
	for _, hits := range e.canned() {
		for _, h := range hits {
			if h.Article == article && h.Sentence == sentence {
				return corpus.TextFragment(h.Text, 0, len(h.Text))
			}
		}
	}
	for _, q := range e.Quotes[article] {
		if q.Sentence == sentence {
			return corpus.TextFragment(q.Text, 0, len(q.Text))
		}
	}
	return ""
}

// canned returns every list of hits the engine holds.
func (e *Engine) canned() [][]qa.Hit {
	var out [][]qa.Hit
	for _, a := range e.Answers {
		out = append(out, a.Hits)
		if a.Closest != nil {
			out = append(out, []qa.Hit{*a.Closest})
		}
	}
	for _, hs := range e.Summaries {
		out = append(out, hs)
	}
	return out
}
