package bot

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/kutip/kutip/corpus"
	"github.com/kutip/kutip/qa"
)

// Engine is what the router needs of the question-answering engine;
// *qa.Engine has it.
type Engine interface {
	Ask(ctx context.Context, q qa.Query) (qa.Answer, error)
	Summary(article string, n int) ([]qa.Hit, error)
	Terms(article string) ([]qa.Term, error)
}

// Choices remembers the article each chat has picked.
type Choices interface {
	Article(chat string) string
	SetArticle(chat, article string) error
}

// A Router answers every command, for every platform.
type Router struct {
	engine  Engine
	corpus  *corpus.Corpus
	choices Choices
}

// NewRouter returns a router over the articles of c. choices may be nil
// when chats cannot pick an article.
func NewRouter(engine Engine, c *corpus.Corpus, choices Choices) *Router {
	if choices == nil {
		choices = NewMemoryChoices()
	}
	return &Router{engine: engine, corpus: c, choices: choices}
}

// MaxResults is the most quotes one reply holds.
const MaxResults = 10

// Handle answers one request.
func (rt *Router) Handle(ctx context.Context, req Request) (Reply, error) {
	req.Lang = Lang(req.Lang)
	switch req.Command {
	case CmdAsk:
		return rt.ask(ctx, req)
	case CmdQuotes:
		return rt.quotes(req, "")
	case CmdQuote:
		if strings.TrimSpace(req.Args) == "" {
			return text(T(req.Lang, msgQuoteNeedsArg)), nil
		}
		return rt.quotes(req, req.Args)
	case CmdSummary:
		return rt.summary(req)
	case CmdSource:
		return Reply{Kind: KindSource, Article: rt.info(rt.article(req.Chat))}, nil
	case CmdArticle:
		return rt.pick(req)
	case CmdHelp, CmdStart, "":
		return text(T(req.Lang, msgHelp)), nil
	}
	return text(fmt.Sprintf(T(req.Lang, msgUnknownCommand), req.Command) + "\n\n" + T(req.Lang, msgHelp)), nil
}

func text(s string) Reply { return Reply{Kind: KindText, Text: s} }

// article returns the article a chat is asking about.
func (rt *Router) article(chat string) *corpus.Article {
	if id := rt.choices.Article(chat); id != "" {
		if a := rt.corpus.Article(id); a != nil {
			return a
		}
	}
	return rt.corpus.Articles[0]
}

func (rt *Router) info(a *corpus.Article) *Article {
	return &Article{ID: a.ID, Title: a.Title, URL: a.URL, Source: a.Source, Published: a.Published}
}

func (rt *Router) ask(ctx context.Context, req Request) (Reply, error) {
	q := strings.TrimSpace(req.Args)
	switch {
	case q == "":
		return text(T(req.Lang, msgEmpty)), nil
	case !utf8.ValidString(q) || strings.ContainsRune(q, 0):
		return text(T(req.Lang, msgNotText)), nil
	}
	limit := cmp.Or(req.Limit, 3)
	a := rt.article(req.Chat)
	ans, err := rt.engine.Ask(ctx, qa.Query{Text: q, Article: a.ID, N: min(req.Offset+limit, MaxResults) + 1})
	if errors.Is(err, qa.ErrEmptyQuestion) {
		return text(T(req.Lang, msgEmpty)), nil
	}
	if err != nil {
		return Reply{}, fmt.Errorf("ask: %w", err)
	}
	rep := Reply{Kind: KindAnswer, Question: ans.Question, Article: rt.info(a), Abstained: ans.Abstained, Matched: ans.Matched, Offset: req.Offset}
	if ans.Closest != nil {
		c := QuoteOf(*ans.Closest)
		rep.Closest = &c
	}
	hits := ans.Hits[min(req.Offset, len(ans.Hits)):]
	if len(hits) > limit {
		hits, rep.More = hits[:limit], req.Offset+limit < MaxResults
	}
	for _, h := range hits {
		rep.Quotes = append(rep.Quotes, QuoteOf(h))
	}
	return rep, nil
}

// QuoteOf is the quote of an engine's hit.
func QuoteOf(h qa.Hit) Quote {
	return Quote{Text: h.Text, Highlights: h.Highlights, Article: h.Article, Paragraph: h.Paragraph, Sentence: h.Sentence, Score: h.Score}
}

// quotes lists the article's quotations, by or about who when it is not "".
func (rt *Router) quotes(req Request, who string) (Reply, error) {
	a := rt.article(req.Chat)
	rep := Reply{Kind: KindQuotes, Article: rt.info(a), Question: who}
	for _, q := range a.Quotations {
		if who != "" && !quoteMatches(q, who) {
			continue
		}
		rep.Quotes = append(rep.Quotes, Quote{
			Text: q.Text, Article: a.ID, Paragraph: q.Paragraph, Sentence: q.Sentence,
			Speaker: q.Speaker, Role: q.Role,
		})
	}
	if len(rep.Quotes) == 0 {
		if who == "" {
			return text(T(req.Lang, msgNoQuotes)), nil
		}
		return text(fmt.Sprintf(T(req.Lang, msgNoQuotesBy), who)), nil
	}
	return rep, nil
}

// quoteMatches reports whether who names the speaker of q (or their role),
// or is a word of the quotation.
func quoteMatches(q corpus.Quotation, who string) bool {
	who = strings.ToLower(strings.TrimSpace(who))
	for _, field := range []string{q.Speaker, q.Role, q.Text} {
		if strings.Contains(strings.ToLower(field), who) {
			return true
		}
	}
	// A misspelt name: "Gutteres", "Aliev".
	for _, w := range strings.Fields(strings.ToLower(q.Speaker)) {
		if len(w) >= 5 && qa.Similar(w, who) {
			return true
		}
	}
	return false
}

func (rt *Router) summary(req Request) (Reply, error) {
	a := rt.article(req.Chat)
	hits, err := rt.engine.Summary(a.ID, cmp.Or(req.Limit, 3))
	if err != nil {
		return Reply{}, fmt.Errorf("summary: %w", err)
	}
	rep := Reply{Kind: KindSummary, Article: rt.info(a)}
	for _, h := range hits {
		q := QuoteOf(h)
		q.Highlights = nil
		rep.Quotes = append(rep.Quotes, q)
	}
	return rep, nil
}

// pick sets the chat's article, or lists the articles.
func (rt *Router) pick(req Request) (Reply, error) {
	id := strings.TrimSpace(req.Args)
	if id == "" {
		var b strings.Builder
		b.WriteString(T(req.Lang, msgArticles))
		cur := rt.article(req.Chat).ID
		for _, a := range rt.corpus.Articles {
			mark := "  "
			if a.ID == cur {
				mark = "→ "
			}
			fmt.Fprintf(&b, "\n%s%s — %s", mark, a.ID, a.Title)
		}
		return text(b.String()), nil
	}
	a := rt.corpus.Article(id)
	if a == nil {
		return text(fmt.Sprintf(T(req.Lang, msgUnknownArticle), id, strings.Join(rt.ArticleIDs(), ", "))), nil
	}
	if err := rt.choices.SetArticle(req.Chat, a.ID); err != nil {
		return Reply{}, fmt.Errorf("choose article: %w", err)
	}
	return text(fmt.Sprintf(T(req.Lang, msgArticleSet), a.Title)), nil
}

// ArticleIDs lists the corpus's article ids.
func (rt *Router) ArticleIDs() []string {
	ids := make([]string, 0, len(rt.corpus.Articles))
	for _, a := range rt.corpus.Articles {
		ids = append(ids, a.ID)
	}
	return ids
}

// Articles lists the corpus's articles, for menus and autocomplete.
func (rt *Router) Articles() []Article {
	out := make([]Article, 0, len(rt.corpus.Articles))
	for _, a := range rt.corpus.Articles {
		out = append(out, *rt.info(a))
	}
	return out
}

// Speakers lists the speakers of the chat's article, each once, in order.
func (rt *Router) Speakers(chat string) []string {
	var out []string
	for _, q := range rt.article(chat).Quotations {
		if q.Speaker != "" && !slices.Contains(out, q.Speaker) {
			out = append(out, q.Speaker)
		}
	}
	return out
}
