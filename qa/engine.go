// Package qa finds the sentences of an article that answer a question: an
// index of analysed sentences (package qa/analysis, with the languages of
// package lang) and BM25-family ranking. It reads package corpus and knows
// no chat platform.
package qa

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/kutip/kutip/corpus"
	"github.com/kutip/kutip/lang"
	"github.com/kutip/kutip/qa/analysis"
)

// Errors Ask returns.
var (
	ErrEmptyQuestion  = errors.New("empty question")
	ErrUnknownArticle = errors.New("unknown article")
)

// MaxQuestionLen is the longest question Ask reads, in bytes; the rest is cut.
const MaxQuestionLen = 1000

// An Engine answers questions about the articles of a corpus. It is safe for
// concurrent use.
type Engine struct {
	corpus    *corpus.Corpus
	indexes   []*index // one an article, in corpus order
	byID      map[string]*index
	langs     []*lang.Language
	analyzers map[string]*analysis.Analyzer // by language code
	questions *questions
	params    Params
	roles     lang.Set // the role words of every language: "presiden", "minister"

	corrected  sync.Map // a word that is none -> the words one edit from it (informal.go)
	correctedN atomic.Int64

	translators map[string][]*translator // by the article language they translate questions to
	phrases     map[string]phraseSet     // by language: the lexicon phrases its articles index
	pool        sync.Pool                // of *scratch
}

// An Option changes how New builds an engine.
type Option func(*Engine)

// WithLanguages gives the engine its languages, in place of the built-in
// ones ([lang.Builtin]). An article is analysed in the one its front matter
// names, or else the one its text looks like, the first on a tie; the
// question words of all of them apply to every question.
func WithLanguages(langs ...*lang.Language) Option {
	return func(e *Engine) { e.langs = langs }
}

// WithParams gives the engine other ranking parameters than
// [DefaultParams], for tuning.
func WithParams(p Params) Option {
	return func(e *Engine) { e.params = p }
}

// New indexes every article of c, in the built-in languages unless an
// option says otherwise.
func New(c *corpus.Corpus, opts ...Option) *Engine {
	e := &Engine{corpus: c, byID: map[string]*index{}, analyzers: map[string]*analysis.Analyzer{}, params: DefaultParams()}
	for _, o := range opts {
		o(e)
	}
	if len(e.langs) == 0 {
		e.langs = lang.Builtin()
	}
	e.questions = newQuestions(e.langs)
	var roles []lang.Set
	for _, l := range e.langs {
		roles = append(roles, l.RoleWords)
	}
	e.roles = lang.Union(roles...)
	e.translators, e.phrases = e.newTranslators(), map[string]phraseSet{}
	words := newLangWords(e.langs...)
	for _, a := range c.Articles {
		l := e.language(a)
		an, ok := e.analyzers[l.Code]
		if !ok {
			an = analysis.New(l)
			e.analyzers[l.Code] = an
		}
		// The words of time and place and the pronouns are those of all the
		// engine's languages, not only the article's: news quotes names and
		// titles in other languages ("The Bridge at Remagen").
		ix := newIndex(a, an, words)
		ix.addPhrases(e.phrasesOf(l, an))
		e.indexes = append(e.indexes, ix)
		e.byID[a.ID] = ix
	}
	return e
}

// language returns the language an article is analysed in: the engine's
// language its front matter names, a language of which kutip knows only
// the stemmer when it names another, or else the one its text looks like.
func (e *Engine) language(a *corpus.Article) *lang.Language {
	if a.Language == "" {
		return lang.Detect(body(a), e.langs)
	}
	code := lang.BaseCode(a.Language)
	for _, l := range e.langs {
		if l.Code == code {
			return l
		}
	}
	return &lang.Language{Code: code}
}

// body returns the text of an article's paragraphs, without its front
// matter and title.
func body(a *corpus.Article) string {
	if len(a.Sentences) == 0 {
		return ""
	}
	return a.Raw[a.Sentences[0].Start:]
}

// Corpus returns the engine's corpus.
func (e *Engine) Corpus() *corpus.Corpus { return e.corpus }

// Language returns the language an article is analysed in.
func (e *Engine) Language(article string) string {
	if ix, ok := e.byID[article]; ok {
		return ix.an.Lang()
	}
	return ""
}

// A Query is a question about one article, or about all of them.
type Query struct {
	Text    string
	Article string // "" asks every article
	N       int    // how many results at most; 0 means 3
	Explain bool   // fill in Hit.Explain
	// Visible says which articles a question of every article asks; nil:
	// all of them.
	Visible func(article string) bool
}

// An Answer is what Ask found: the best sentences, or an abstention.
type Answer struct {
	Question  string
	Want      Want      // the kind of answer the question asks for
	Hits      []Hit     // best first; empty when Abstained
	Abstained bool      // the article does not say
	Closest   *Hit      // when abstaining: the nearest sentence, if reasonably close
	Matched   int       // how many sentences matched a question term at all
	Rewrites  []Rewrite // how the question was read before it was searched, in order
}

// A Rewrite is a change kutip made to a question's words before searching
// for them, so that --explain can show why a sentence was found: "brp" read
// as "berapa", "died" translated to "meninggal", "korbn" corrected to
// "korban".
type Rewrite struct {
	From string // the question's word, as typed (case folded)
	To   string // what it was read as
	How  string // "normalized", "translated", "typo"
}

// A Hit is one verbatim sentence that answers.
type Hit struct {
	Article    string
	Paragraph  int // from 0
	Sentence   int // in the article, from 0
	Text       string
	Score      float64
	Highlights []Span     // byte ranges of Text that matched the question
	Cuts       []int      // byte offsets in Text where a shortened quote may end: after each sentence within it
	Explain    []TermPart // filled in when the query asked for it
	Factors    []Factor   // likewise: how Score was built, in order
}

// A Factor is one step in building a hit's score: the words' BM25 score,
// context added to it, then priors and bonuses it is multiplied by.
type Factor struct {
	Name  string  // "words", "neighbour", "paragraph", "article start", "paragraph start", "proximity", "phrase", "answer kind", "answer beside", "speech"
	Op    string  // "+" or "×"
	Value float64 // what is added, or what the score is multiplied by
}

// A Span is a byte range [Start, End).
type Span struct{ Start, End int }

// A TermPart is what one question term added to a hit's score.
type TermPart struct {
	Term   string  // the question term
	Match  string  // the sentence's word it matched
	How    string  // "exact", "synonym", "typo", "normalized" (a chat word read as another: "org", "nuduh"), "translated"
	Weight float64 // its share of the score
}

// Ask answers a question.
func (e *Engine) Ask(ctx context.Context, q Query) (Answer, error) {
	text := strings.TrimSpace(strings.ToValidUTF8(q.Text, ""))
	if len(text) > MaxQuestionLen {
		text = text[:MaxQuestionLen]
		for !utf8.ValidString(text) {
			text = text[:len(text)-1]
		}
	}
	if text == "" {
		return Answer{}, ErrEmptyQuestion
	}
	n := q.N
	if n <= 0 {
		n = 3
	}
	targets := e.indexes
	if q.Article != "" {
		ix, ok := e.byID[q.Article]
		if !ok {
			return Answer{}, fmt.Errorf("ask %q: %w", q.Article, ErrUnknownArticle)
		}
		targets = []*index{ix}
	} else if q.Visible != nil {
		targets = slices.DeleteFunc(slices.Clone(targets), func(ix *index) bool { return !q.Visible(ix.article.ID) })
	}
	if err := ctx.Err(); err != nil {
		return Answer{}, err
	}
	var best Answer
	for i, ix := range targets {
		ans := e.ask(ix, text, n, q.Explain)
		if i == 0 {
			best = ans
			continue
		}
		best = merge(best, ans, n)
	}
	best.Question = text
	best.Abstained = best.Abstained || len(targets) == 0
	return best, nil
}

// merge combines the answers of two articles.
func merge(a, b Answer, n int) Answer {
	a.Matched += b.Matched
	for _, r := range b.Rewrites {
		if !slices.Contains(a.Rewrites, r) {
			a.Rewrites = append(a.Rewrites, r)
		}
	}
	b.Rewrites = a.Rewrites
	if b.Abstained {
		if a.Abstained && b.Closest != nil && (a.Closest == nil || b.Closest.Score > a.Closest.Score) {
			a.Closest = b.Closest
		}
		return a
	}
	if a.Abstained {
		b.Matched = a.Matched
		return b
	}
	hits := append(a.Hits, b.Hits...)
	sortHits(hits)
	a.Hits = hits[:min(n, len(hits))]
	return a
}
