package bot

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/kutip/kutip/corpus"
	"github.com/kutip/kutip/qa"
	"github.com/kutip/kutip/qa/analysis"
)

// Engine is what the router needs of the question-answering engine: the
// answers, the summaries, the library's articles, their quotations, the
// terms autocomplete offers, and the text fragment that finds a sentence on
// its article's page. *qa.Engine is one; bottest.Engine fakes one.
type Engine interface {
	Ask(ctx context.Context, q qa.Query) (qa.Answer, error)
	Summary(article string, n int) ([]qa.Hit, error)
	Articles() []qa.ArticleInfo
	Article(id string) (qa.ArticleInfo, bool)
	Quotations(article string) ([]corpus.Quotation, error)
	Terms(article string) ([]qa.Term, error)
	Fragment(article string, sentence int) string
}

// Choices remembers the article each chat has picked: in memory, in a
// file, or in a database that several kutip processes share.
type Choices interface {
	Article(ctx context.Context, chat string) (string, error) // "": none picked
	SetArticle(ctx context.Context, chat, article string) error
}

// Options configure a router; the zero value gives kutip's defaults.
type Options struct {
	Choices  Choices   // where each chat's article is kept; nil: in memory
	Commands []Command // the command table; nil: DefaultCommands()
	Catalog  *Catalog  // the bot's words; nil: DefaultCatalog()
	// Links adds articles from links and says which chat sees which; nil:
	// a link is a question like any other, and every chat sees every
	// article.
	Links     Links
	LinkAllow string  // who may add a link in a group: LinksEveryone (""), LinksAdmins, LinksOff
	Limiter   Limiter // how many pages a user may fetch; nil: no limit
}

// A Router answers every command, for every platform. It is safe for
// concurrent use.
type Router struct {
	engine    Engine
	live      Snapshotter // the engine, when its library changes; nil: it does not
	choices   Choices
	commands  []Command
	catalog   *Catalog
	links     Links
	linkAllow string
	limiter   Limiter
}

// NewRouter returns a router over the engine's library.
func NewRouter(e Engine, opts Options) *Router {
	rt := &Router{engine: e, choices: opts.Choices, commands: opts.Commands, catalog: opts.Catalog,
		links: opts.Links, linkAllow: opts.LinkAllow, limiter: opts.Limiter}
	rt.live, _ = e.(Snapshotter)
	if rt.choices == nil {
		rt.choices = NewMemoryChoices()
	}
	if rt.commands == nil {
		rt.commands = DefaultCommands()
	}
	if rt.catalog == nil {
		rt.catalog = DefaultCatalog()
	}
	return rt
}

// MaxResults is the most quotes the "more" button pages through.
const MaxResults = 10

// MaxQuestionLen is the longest question the engine reads, in bytes; the
// rest is cut.
const MaxQuestionLen = qa.MaxQuestionLen

// MaxEcho is the most of what a user typed (a name, an id, a command) that
// a reply repeats, in characters; the rest is cut, with "…".
const MaxEcho = 100

// echo is s as a reply may repeat it: MaxEcho characters at most.
func echo(s string) string {
	n := 0
	for i := range s {
		if n == MaxEcho {
			return s[:i] + "…"
		}
		n++
	}
	return s
}

// cutArgs cuts a request's argument to MaxQuestionLen bytes, on a
// character's boundary: no command reads more of it.
func cutArgs(s string) string {
	if len(s) <= MaxQuestionLen {
		return s
	}
	i := MaxQuestionLen
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i]
}

// Service returns what the platform adapters need of the router.
func (rt *Router) Service() Service {
	return Service{Handler: rt, Commands: rt.Commands(), Catalog: rt.catalog, Complete: rt.Complete}
}

// Size returns how many articles the library holds, and how many
// answerable sentences they have.
func (rt *Router) Size() (articles, sentences int) {
	all := rt.engine.Articles()
	for _, a := range all {
		sentences += a.Sentences
	}
	return len(all), sentences
}

// Commands returns the commands the router offers now, in menu order:
// those for a library of several articles only when it has several, or
// takes links (/article URL).
func (rt *Router) Commands() []Command {
	several := len(rt.engine.Articles()) > 1
	var out []Command
	for _, c := range rt.commands {
		if !c.Library || several || c.Link && rt.links != nil {
			out = append(out, c)
		}
	}
	return out
}

// A Snapshotter is an engine whose library changes while kutip runs
// (*library.Library): Snapshot returns the engine of the library as it is
// now, so that every step of a request reads the same library.
type Snapshotter interface {
	Snapshot() Engine
}

// now is the router over the engine as it is now, when it changes.
func (rt *Router) now() *Router {
	if rt.live == nil {
		return rt
	}
	view := *rt
	view.engine = rt.live.Snapshot()
	return &view
}

// Handle answers one request.
func (rt *Router) Handle(ctx context.Context, req Request) (Reply, error) {
	rt = rt.now() // a reload while it answers changes nothing of its answer
	if req.Chat != "" {
		picked, err := rt.choices.Article(ctx, req.Chat)
		if err != nil {
			return Reply{}, fmt.Errorf("read the chat's article: %w", err)
		}
		req.picked = picked
	}
	req.lib = &libraryCache{}
	req.asked, req.Lang = req.Lang, rt.lang(req)
	req.Args = cutArgs(req.Args)
	if req.Command == "" {
		req.Command = CmdHelp
	}
	if rep, ok, err := rt.fromLink(ctx, req); ok {
		if err != nil {
			return Reply{}, fmt.Errorf("link: %w", err)
		}
		return rt.now().finish(rep, req), nil // the library that has the article
	}
	cmd, ok := findCommand(rt.commands, req.Command)
	if !ok {
		msg := rt.catalog.T(req.Lang, "help.unknown", echo(req.Command))
		var names []string
		for _, c := range rt.Commands() {
			names = append(names, c.Name)
		}
		if near := Suggest(req.Command, names); near != "" {
			msg = rt.catalog.T(req.Lang, "help.unknown_near", echo(req.Command), near)
		}
		msg += "\n\n" + rt.helpText(req.Lang)
		return rt.refuse(req, msg), nil
	}
	if req.Limit <= 0 {
		req.Limit = cmd.Limit
	}
	req.Offset = max(req.Offset, 0)
	rep, err := cmd.Handle(rt, ctx, req)
	if err != nil {
		return Reply{}, fmt.Errorf("%s: %w", cmd.Name, err)
	}
	return rt.finish(rep, req), nil
}

// finish gives a reply to req what every reply has: its language, its
// quotes' links, its outcome.
func (rt *Router) finish(rep Reply, req Request) Reply {
	if rep.Lang == "" {
		rep.Lang = req.Lang
	}
	rt.linkQuotes(&rep)
	if rep.Outcome == "" {
		rep.Outcome = Answered
		if rep.Kind == KindAnswer && rep.Abstained {
			rep.Outcome = Abstained
		}
	}
	return rep
}

// libraryCache holds the library's articles once a request has listed
// them: a library of thousands is not copied again for each question the
// router asks of it.
type libraryCache struct {
	all    []qa.ArticleInfo
	listed bool
}

// library returns the articles of the chat's library (rt.articles),
// listed once for req.
func (rt *Router) library(req Request) []qa.ArticleInfo {
	if req.lib == nil {
		return rt.articles(req.Chat)
	}
	if !req.lib.listed {
		req.lib.all, req.lib.listed = rt.articles(req.Chat), true
	}
	return req.lib.all
}

// lang returns the catalog language of the bot's words for req: the user's,
// else the article's, else, when the chat asks the whole library, the one
// most of its articles are written in.
func (rt *Router) lang(req Request) string {
	if req.Lang != "" {
		return rt.catalog.Lang(req.Lang)
	}
	if a, ok := rt.current(req); ok {
		if rt.catalog.Has(a.Language) {
			return a.Language
		}
		return rt.catalog.Lang("")
	}
	return rt.libraryLang(req)
}

// libraryLang is the catalog language most of the library's articles are
// written in; a tie goes to the one first in the catalog.
func (rt *Router) libraryLang(req Request) string {
	count := map[string]int{}
	for _, a := range rt.library(req) {
		count[a.Language]++
	}
	best := rt.catalog.Lang("")
	for _, l := range rt.catalog.Langs() {
		if count[l] > count[best] {
			best = l
		}
	}
	return best
}

func text(s string) Reply { return Reply{Kind: KindText, Text: s} }

// refuse is a reply that turns the request down, saying why.
func (rt *Router) refuse(req Request, msg string) Reply {
	return Reply{Kind: KindText, Text: msg, Lang: req.Lang, Outcome: Refused}
}

// current returns the article req is about: the one it names, else the
// chat's pick, else the library's only article; ok is false when the
// article it names does not exist, and when the chat asks a library of
// several articles, or an empty one.
func (rt *Router) current(req Request) (qa.ArticleInfo, bool) {
	if req.Article != "" {
		return rt.article(req.Chat, req.Article)
	}
	if id := req.picked; id != "" {
		if a, ok := rt.article(req.Chat, id); ok {
			return a, true
		}
	}
	if all := rt.library(req); len(all) == 1 {
		return all[0], true
	}
	return qa.ArticleInfo{}, false
}

// target is current, or the reply that says why there is none: the article
// it names does not exist, the library is empty, or the chat asks all of
// it, and is offered the list to choose one from.
func (rt *Router) target(req Request) (qa.ArticleInfo, *Reply) {
	a, ok := rt.current(req)
	if ok {
		return a, nil
	}
	var rep Reply
	switch {
	case req.Article != "":
		rep = rt.unknownArticle(req, req.Article)
	case len(rt.library(req)) == 0:
		rep = rt.refuse(req, rt.catalog.T(req.Lang, "article.none"))
	default:
		rep = rt.chooseFirst(req)
	}
	return a, &rep
}

// unknownArticle says there is no article id, with the closest there is
// when id looks like a typo of it, and the choices: the newest
// maxChoicesShown of them.
func (rt *Router) unknownArticle(req Request, id string) Reply {
	var ids []string
	for _, a := range rt.library(req) {
		ids = append(ids, a.ID)
	}
	var shown []string
	for _, a := range newest(rt.library(req))[:min(len(ids), maxChoicesShown)] {
		shown = append(shown, a.ID)
	}
	list := strings.Join(shown, ", ")
	if len(ids) > len(shown) {
		list += ", …"
	}
	if near := Suggest(id, ids); near != "" {
		return rt.refuse(req, rt.catalog.T(req.Lang, "article.unknown_near", echo(id), near, list))
	}
	return rt.refuse(req, rt.catalog.T(req.Lang, "article.unknown", echo(id), list))
}

// maxChoicesShown is how many articles a refusal names to choose from.
const maxChoicesShown = 10

func articleOf(a qa.ArticleInfo) *Article {
	return &Article{ID: a.ID, Title: a.Title, URL: a.URL, Source: a.Source, Published: a.Published, Language: a.Language}
}

// scope returns the article to search for req, "" for the whole library:
// the article the request names, else current's.
func (rt *Router) scope(req Request) string {
	if req.Article != "" {
		return req.Article
	}
	a, _ := rt.current(req)
	return a.ID
}

func (rt *Router) ask(ctx context.Context, req Request) (Reply, error) {
	q := strings.TrimSpace(req.Args)
	switch {
	case q == "":
		return rt.refuse(req, rt.catalog.T(req.Lang, "ask.empty")), nil
	case !utf8.ValidString(q) || strings.ContainsRune(q, 0):
		return rt.refuse(req, rt.catalog.T(req.Lang, "ask.not_text")), nil
	}
	if req.Limit <= 0 { // all of them: as many as paging goes to
		req.Limit = MaxResults
	}
	scope := rt.scope(req)
	// One more than shown tells whether there are more, up to MaxResults.
	upTo := req.Offset + req.Limit
	n := upTo + 1
	if upTo >= MaxResults {
		n = max(MaxResults, req.Limit)
	}
	query := qa.Query{Text: q, Article: scope, N: n, Explain: req.Explain}
	if scope == "" {
		query.Visible = rt.visible(req.Chat)
	}
	ans, err := rt.engine.Ask(ctx, query)
	switch {
	case errors.Is(err, qa.ErrEmptyQuestion):
		return rt.refuse(req, rt.catalog.T(req.Lang, "ask.empty")), nil
	case errors.Is(err, qa.ErrUnknownArticle):
		return rt.unknownArticle(req, scope), nil
	case err != nil:
		return Reply{}, err
	}
	rep := Reply{Kind: KindAnswer, Question: ans.Question, Abstained: ans.Abstained, Matched: ans.Matched, Offset: req.Offset}
	if req.Explain {
		rep.Rewrites = ans.Rewrites
	}
	if ans.Closest != nil {
		c := quoteOf(*ans.Closest)
		rep.Closest = &c
	}
	hits := closeEnough(distinct(ans.Hits))
	hits = hits[min(req.Offset, len(hits)):]
	if len(hits) == 0 && req.Offset > 0 && !ans.Abstained {
		return text(rt.catalog.T(req.Lang, "answer.no_more")), nil
	}
	if len(hits) > req.Limit {
		hits, rep.More = hits[:req.Limit], true
	}
	for _, h := range hits {
		rep.Quotes = append(rep.Quotes, quoteOf(h))
	}
	if scope != "" {
		if a, ok := rt.engine.Article(scope); ok {
			rep.Article = articleOf(a)
		}
		return rep, nil
	}
	rt.nameArticles(req, &rep)
	return rep, nil
}

// nameArticles names the articles of an answer asked of the whole
// library: once, as the reply's Article, when all its quotes come from one,
// else each quote's own, in its From.
func (rt *Router) nameArticles(req Request, rep *Reply) {
	rep.Library = len(rt.library(req))
	quotes := slices.Clone(rep.Quotes)
	if rep.Closest != nil {
		quotes = append(quotes, *rep.Closest)
	}
	if len(quotes) == 0 {
		return
	}
	byID := map[string]*Article{}
	for _, q := range quotes {
		if _, ok := byID[q.Article]; !ok {
			if a, ok := rt.engine.Article(q.Article); ok {
				byID[q.Article] = articleOf(a)
			} else {
				byID[q.Article] = &Article{ID: q.Article, Title: q.Article}
			}
		}
	}
	if len(byID) == 1 && rep.Closest == nil {
		rep.Article = byID[quotes[0].Article]
		return
	}
	for i := range rep.Quotes {
		rep.Quotes[i].From = byID[rep.Quotes[i].Article]
	}
	if rep.Closest != nil {
		rep.Closest.From = byID[rep.Closest.Article]
	}
}

// distinct returns the hits less those whose text, its white space
// folded, an earlier one has: the same sentence in several articles is
// shown once.
func distinct(hits []qa.Hit) []qa.Hit {
	if len(hits) < 2 {
		return hits
	}
	seen := make(map[string]bool, len(hits))
	out := make([]qa.Hit, 0, len(hits))
	for _, h := range hits {
		key := corpus.FoldSpace(h.Text)
		if !seen[key] {
			seen[key] = true
			out = append(out, h)
		}
	}
	return out
}

// MinScoreRatio is how close to the best quote's score a further quote of
// an answer must score to be shown: a sentence that shares one word with
// the question scores far below one that answers it ("Berapa orang yang
// tewas?": 17.6 for the death toll, 3.0 for a quotation that says
// "orang-orang"), while one that answers it too scores near it (19.7 and
// 7.8 for the two sentences on Guterres).
const MinScoreRatio = 0.35

// closeEnough returns the hits, best first, less those after the first
// that score under MinScoreRatio of it: weak extra answers are not shown,
// nor paged to.
func closeEnough(hits []qa.Hit) []qa.Hit {
	if len(hits) < 2 {
		return hits
	}
	for i, h := range hits[1:] {
		if h.Score < MinScoreRatio*hits[0].Score {
			return hits[:i+1]
		}
	}
	return hits
}

// linkQuotes gives each quote of rep's article the address of its place on
// the article's page: the article's address and a text fragment, which
// browsers scroll to and highlight.
func (rt *Router) linkQuotes(rep *Reply) {
	link := func(q *Quote) {
		a := q.From
		if a == nil {
			a = rep.Article
		}
		if a == nil || a.ID != q.Article || !WebURL(a.URL) {
			return // the source line names another article
		}
		if frag := rt.engine.Fragment(q.Article, q.Sentence); frag != "" {
			q.Link = withFragment(a.URL, frag)
		}
	}
	for i := range rep.Quotes {
		link(&rep.Quotes[i])
	}
	if rep.Closest != nil {
		link(rep.Closest)
	}
}

// withFragment adds a fragment directive to an address: after its
// fragment, if it has one.
func withFragment(address, directive string) string {
	if strings.Contains(address, "#") {
		return address + directive
	}
	return address + "#" + directive
}

// quoteOf is the quote of an engine's hit.
func quoteOf(h qa.Hit) Quote {
	q := Quote{
		Text: h.Text, Cuts: h.Cuts, Article: h.Article, Paragraph: h.Paragraph, Sentence: h.Sentence,
		Score: h.Score, Explain: h.Explain, Factors: h.Factors,
	}
	if len(h.Highlights) > 0 {
		q.Highlights = make([]Span, len(h.Highlights))
		for i, s := range h.Highlights {
			q.Highlights[i] = Span(s)
		}
	}
	return q
}

func (rt *Router) quotes(_ context.Context, req Request) (Reply, error) {
	return rt.quotations(req, "")
}

func (rt *Router) quote(_ context.Context, req Request) (Reply, error) {
	who := strings.TrimSpace(req.Args)
	if who == "" {
		return rt.refuse(req, rt.catalog.T(req.Lang, "quote.needs_arg")), nil
	}
	return rt.quotations(req, who)
}

// quotations lists the article's quotations, by or about who when it is
// not "", a page of them.
func (rt *Router) quotations(req Request, who string) (Reply, error) {
	a, refused := rt.target(req)
	if refused != nil {
		return *refused, nil
	}
	all, err := rt.engine.Quotations(a.ID)
	if err != nil {
		return Reply{}, err
	}
	rep := Reply{Kind: KindQuotes, Article: articleOf(a), Question: echo(who), Offset: req.Offset}
	for _, q := range all {
		if who != "" && !quoteMatches(q, who) {
			continue
		}
		rep.Quotes = append(rep.Quotes, Quote{
			Text: q.Text, Article: a.ID, Paragraph: q.Paragraph, Sentence: q.Sentence,
			Speaker: q.Speaker, Role: q.Role,
		})
	}
	if len(rep.Quotes) == 0 {
		none := text(rt.catalog.T(req.Lang, "quotes.none"))
		if who != "" {
			none = text(rt.catalog.T(req.Lang, "quotes.none_by", echo(who)))
		}
		none.Outcome = Abstained
		return none, nil
	}
	if req.Offset >= len(rep.Quotes) && req.Offset > 0 {
		return text(rt.catalog.T(req.Lang, "answer.no_more")), nil
	}
	rep.Quotes = rep.Quotes[req.Offset:]
	if req.Limit > 0 && len(rep.Quotes) > req.Limit {
		rep.Quotes, rep.More = rep.Quotes[:req.Limit], true
	}
	return rep, nil
}

// quoteMatches reports whether who names the speaker of q (or their role),
// or is a word of the quotation.
func quoteMatches(q corpus.Quotation, who string) bool {
	key := analysis.Fold(strings.TrimSpace(who))
	for _, field := range []string{q.Speaker, q.Role, q.Text} {
		if strings.Contains(analysis.Fold(field), key) {
			return true
		}
	}
	// A misspelt name: "Gutteres", "Aliev".
	for _, w := range strings.Fields(analysis.Fold(q.Speaker)) {
		if len(w) >= 5 && qa.Similar(w, key) {
			return true
		}
	}
	return false
}

func (rt *Router) summary(_ context.Context, req Request) (Reply, error) {
	a, refused := rt.target(req)
	if refused != nil {
		return *refused, nil
	}
	hits, err := rt.engine.Summary(a.ID, req.Limit)
	if err != nil {
		return Reply{}, err
	}
	rep := Reply{Kind: KindSummary, Article: articleOf(a)}
	for _, h := range hits {
		q := quoteOf(h)
		q.Highlights = nil
		rep.Quotes = append(rep.Quotes, q)
	}
	return rep, nil
}

func (rt *Router) source(_ context.Context, req Request) (Reply, error) {
	n := len(rt.library(req))
	if _, ok := rt.current(req); !ok && req.Article == "" && n > 1 {
		return Reply{Kind: KindSource, Library: n}, nil // the chat asks them all
	}
	a, refused := rt.target(req)
	if refused != nil {
		return *refused, nil
	}
	return Reply{Kind: KindSource, Article: articleOf(a), Library: n}, nil
}

func (rt *Router) help(_ context.Context, req Request) (Reply, error) {
	return text(rt.helpText(req.Lang)), nil
}

// helpText lists the commands the router offers, in lang.
func (rt *Router) helpText(lang string) string {
	var b strings.Builder
	b.WriteString(rt.catalog.T(lang, "help.intro") + "\n\n" + rt.catalog.T(lang, "help.commands"))
	for _, c := range rt.Commands() {
		b.WriteString("\n/" + c.Name)
		if arg := c.ArgName(rt.catalog, lang); arg != "" {
			b.WriteString(" <" + arg + ">")
		}
		b.WriteString(" — " + c.Description(rt.catalog, lang))
	}
	return b.String()
}

// speakers lists the speakers of the article of req, each once, in order.
func (rt *Router) speakers(req Request) []string {
	a, ok := rt.current(req)
	if !ok {
		return nil
	}
	qs, _ := rt.engine.Quotations(a.ID)
	var out []string
	for _, q := range qs {
		if q.Speaker != "" && !slices.Contains(out, q.Speaker) {
			out = append(out, q.Speaker)
		}
	}
	return out
}
