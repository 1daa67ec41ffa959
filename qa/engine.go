// Package qa finds the sentences of an article that answer a question: an
// index of analysed sentences (package qa/analysis, with the languages of
// package lang) and BM25-family ranking. It reads package corpus and knows
// no chat platform.
package qa

import (
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
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
	*shared        // what the engine and all its views share
	pinned  *shelf // a view's library (View); nil: the library as it is now
}

// shared is an engine's state, which its views share.
type shared struct {
	corpus *corpus.Corpus
	lib    atomic.Pointer[shelf] // the articles now: Add and Remove publish a new shelf
	mu     sync.Mutex            // held by Add and Remove, for the shelf and the maps below
	words  langWords             // of every language: what indexing an article needs
	lex    *lexicon              // the words of every article, numbered

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
	e := &Engine{shared: &shared{corpus: c, analyzers: map[string]*analysis.Analyzer{}, params: DefaultParams()}}
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
	e.words = newLangWords(e.langs...)
	e.lex = newLexicon(e.words.known)
	sh := &shelf{byID: make(map[string]*index, len(c.Articles)), indexes: e.newIndexes(c.Articles)}
	for _, ix := range sh.indexes {
		sh.byID[ix.article.ID] = ix
		sh.sentences += len(ix.docs)
		if !slices.Contains(sh.analyzers, ix.an) {
			sh.analyzers = append(sh.analyzers, ix.an)
		}
	}
	sh.segs = []*segment{newSegment(sh.indexes)}
	sh.number()
	e.lib.Store(sh)
	return e
}

// newIndexes indexes articles, on every core.
func (e *Engine) newIndexes(as []*corpus.Article) []*index {
	out := make([]*index, len(as))
	langs := make([]*lang.Language, len(as))
	for i, a := range as { // the engine's maps, one goroutine at a time
		langs[i] = e.language(a)
		e.phrasesOf(langs[i], e.analyzer(langs[i]))
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(as)) {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < len(as); i = int(next.Add(1) - 1) {
				out[i] = e.indexIn(as[i], langs[i])
			}
		})
	}
	wg.Wait()
	return out
}

// newIndex indexes one article. e.mu is held, or e is not yet shared.
func (e *Engine) newIndex(a *corpus.Article) *index {
	l := e.language(a)
	e.phrasesOf(l, e.analyzer(l))
	return e.indexIn(a, l)
}

// analyzer returns the analyzer of a language, made on first use. e.mu is
// held, or e is not yet shared.
func (e *Engine) analyzer(l *lang.Language) *analysis.Analyzer {
	an, ok := e.analyzers[l.Code]
	if !ok {
		an = analysis.New(l)
		e.analyzers[l.Code] = an
	}
	return an
}

// indexIn indexes an article in a language whose analyzer and phrases
// the engine has made: it only reads the engine, and runs on any
// goroutine.
func (e *Engine) indexIn(a *corpus.Article, l *lang.Language) *index {
	an := e.analyzers[l.Code]
	// The words of time and place and the pronouns are those of all the
	// engine's languages, not only the article's: news quotes names and
	// titles in other languages ("The Bridge at Remagen").
	ix := newIndex(a, an, e.words, e.phrases[l.Code], e.lex)
	ix.title = titleTerms(ix, a.Title)
	return ix
}

// Add indexes an article and adds it to the library, in place of the
// article with the same id if there is one. Questions asked meanwhile
// read the library as it was before, or after, never in between; the work
// is that of indexing the one article (and, now and then, merging the
// dictionaries of the articles added lately).
func (e *Engine) Add(a *corpus.Article) error {
	if a == nil || a.ID == "" {
		return errors.New("add article: no id")
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	ix := e.newIndex(a)
	e.lib.Store(e.lib.Load().with(a.ID, ix))
	return nil
}

// Remove takes the article with the given id out of the library, and
// reports whether there was one.
func (e *Engine) Remove(id string) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	sh := e.lib.Load()
	if _, ok := sh.byID[id]; !ok {
		return false
	}
	e.lib.Store(sh.with(id, nil))
	return true
}

// View returns the engine's library as it is now, which Add and Remove do
// not change: every question of the view reads the same articles. Add and
// Remove on a view change the engine's library, not the view's.
func (e *Engine) View() *Engine {
	return &Engine{shared: e.shared, pinned: e.shelf()}
}

// shelf returns the library the engine reads: a view's, or the one now.
func (e *Engine) shelf() *shelf {
	if e.pinned != nil {
		return e.pinned
	}
	return e.lib.Load()
}

// index returns the index of an article, if the library has it.
func (e *Engine) index(id string) (*index, bool) {
	ix, ok := e.shelf().byID[id]
	return ix, ok
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

// Corpus returns the corpus the engine was made with; Add and Remove do
// not change it.
func (e *Engine) Corpus() *corpus.Corpus { return e.corpus }

// Language returns the language an article is analysed in.
func (e *Engine) Language(article string) string {
	if ix, ok := e.index(article); ok {
		return ix.an.Lang()
	}
	return ""
}

// A Query is a question about one article, or about the whole library.
type Query struct {
	Text    string
	Article string                    // "" asks the library: the articles that answer best
	Visible func(article string) bool // which articles a library question may answer from; nil: all
	N       int                       // how many results at most; 0 means 3
	Explain bool                      // fill in Hit.Explain
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

	coverage float64 // the share of the question's weight the sentence abstaining was judged by holds
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
	if err := ctx.Err(); err != nil {
		return Answer{}, err
	}
	if q.Article != "" {
		ix, ok := e.index(q.Article)
		if !ok {
			return Answer{}, fmt.Errorf("ask %q: %w", q.Article, ErrUnknownArticle)
		}
		ans := e.ask(ix, text, n, q.Explain, nil)
		ans.Question = text
		return ans, nil
	}
	ans := e.askLibrary(ctx, text, n, q)
	ans.Question = text
	return ans, ctx.Err()
}

// askLibrary answers a question from the whole library. The articles with
// the most evidence for it (route) are each ranked with the library's
// statistics, so that their sentences' scores compare, and weighed by
// that evidence; the article of the best sentence then answers with its
// own statistics, as when it is picked, and the other articles' best
// sentences follow.
func (e *Engine) askLibrary(ctx context.Context, text string, n int, q Query) Answer {
	sh := e.shelf()
	lq := newLibQuery(sh)
	for _, an := range sh.analyzers {
		lq.analyze(an, text)
	}
	best := Answer{Abstained: true}
	routes := sh.route(e.questionKeys(lq.toks), q.Visible, routeArticles)
	if len(routes) > 1 && routes[0].score > 0 { // articles with far less evidence than the best only add noise
		i := 1
		for i < len(routes) && routes[i].score >= routeCut*routes[0].score {
			i++
		}
		routes = routes[:i]
	}
	if len(routes) == 1 { // nothing to compare: as if it were picked
		return e.ask(routes[0].ix, text, n, q.Explain, nil)
	}
	topAbstained := false
	for i, r := range routes {
		if ctx.Err() != nil {
			break
		}
		ans := e.ask(r.ix, text, n, q.Explain, lq)
		if routes[0].score > 0 {
			weigh(&ans, (1+articleWeight*r.score/routes[0].score)*(1+coverWeight*ans.coverage), q.Explain)
		}
		if i == 0 {
			best, topAbstained = ans, ans.Abstained
			continue
		}
		best = merge(best, ans, n)
	}
	if best.Abstained || ctx.Err() != nil {
		return best
	}
	top := sh.byID[best.Hits[0].Article]
	if topAbstained && routes[0].score > 0 && evidence(routes, top) < abstainCut*routes[0].score {
		// The article with the most evidence says it does not answer,
		// and the one that would answer has far less: the question is
		// most likely one of the first's that it cannot answer.
		best.Closest, best.Hits, best.Abstained = &best.Hits[0], nil, true
		return best
	}
	own := e.ask(top, text, n, q.Explain, nil)
	if own.Abstained {
		return best
	}
	weigh(&own, best.Hits[0].Score/own.Hits[0].Score, false)
	hits := own.Hits
	for _, h := range best.Hits {
		if h.Article != top.article.ID {
			hits = append(hits, h)
		}
	}
	sortHits(hits)
	hits = dedupe(hits)
	best.Hits = hits[:min(n, len(hits))]
	return best
}

// routeCut is the share of the best article's evidence below which a
// routed article is not asked: on the dev sets it loses no answer and
// abstains more often on the questions no article answers.
const routeCut = 0.3

// abstainCut is the share of the best-routed article's evidence under
// which an article does not answer a library question that the
// best-routed one abstains on.
const abstainCut = 0.5

// coverWeight is how much the share of the question's weight that an
// article's best sentence holds weighs in its sentences' scores, for a
// library question: up to 1+coverWeight times for one that holds it all.
const coverWeight = 0.25

// evidence returns the routing evidence of an article among routes.
func evidence(routes []routed, ix *index) float64 {
	for _, r := range routes {
		if r.ix == ix {
			return r.score
		}
	}
	return 0
}

// articleWeight is how much an article's evidence for a library question
// weighs in its sentences' scores: up to 1+articleWeight times for the
// article with the most.
const articleWeight = 1

// weigh multiplies the scores of an answer's sentences by f, and notes the
// factor in their Factors when explain is set.
func weigh(a *Answer, f float64, explain bool) {
	for i := range a.Hits {
		a.Hits[i].Score = math.Round(a.Hits[i].Score*f*1000) / 1000
		if explain {
			a.Hits[i].Factors = append(a.Hits[i].Factors, Factor{Name: "article", Op: "×", Value: math.Round(f*1000) / 1000})
		}
	}
	if a.Closest != nil {
		a.Closest.Score = math.Round(a.Closest.Score*f*1000) / 1000
	}
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
	hits = dedupe(hits)
	a.Hits = hits[:min(n, len(hits))]
	return a
}

// dedupe drops each hit whose text an earlier one has: the same sentence
// in several articles is shown once, from the article where it scores
// best.
func dedupe(hs []Hit) []Hit {
	out := hs[:0]
	for _, h := range hs {
		if !slices.ContainsFunc(out, func(o Hit) bool { return o.Text == h.Text }) {
			out = append(out, h)
		}
	}
	return out
}
