// Package library is the living library kutip answers from: the articles
// of the corpus folder, reloaded as the folder changes, and the articles
// users added from links, kept in the state store. It holds one qa.Engine,
// to which a change adds and from which it removes only the articles that
// changed, and publishes a view of it (qa.Engine.View) after each change,
// so that a question is answered from the old library or the new one,
// never from half of either. A *Library is a bot.Engine, and bot.Links.
package library

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/kutip/kutip/bot"
	"github.com/kutip/kutip/corpus"
	"github.com/kutip/kutip/extract"
	"github.com/kutip/kutip/fetch"
	"github.com/kutip/kutip/qa"
	"github.com/kutip/kutip/state"
)

// A Fetcher gets a web page; *fetch.Fetcher is one.
type Fetcher interface {
	Fetch(ctx context.Context, url string) (fetch.Page, error)
}

// Config says where a library's articles come from.
type Config struct {
	// Corpus is the corpus file or folder (watched by Watch); "": the
	// embedded article.
	Corpus string
	// Loader reads it: its formats, and whom to tell of a file skipped.
	Loader corpus.Loader
	// Links keeps the articles added from links; nil: links are not kept.
	Links state.Links
	// Fetcher gets the pages of links; nil: AddLink fails.
	Fetcher Fetcher
	// Share puts an article added from a link in every chat's library;
	// otherwise it is only in the libraries of the chats that added it.
	Share bool
	// Engine are the options of the engines built.
	Engine []qa.Option
	Log    *slog.Logger // nil: slog.Default()
}

// A Library is the engine of the articles of a corpus folder and of those
// added from links. It is safe for concurrent use.
type Library struct {
	cfg Config
	cur atomic.Pointer[snapshot]

	mu       sync.Mutex                 // serialises changes; guards what follows
	eng      *qa.Engine                 // the live engine: only views of it are published
	held     map[string]*corpus.Article // the articles eng holds, by id
	folder   []*corpus.Article
	links    []link                   // oldest first
	aliases  map[string]string        // an address a user sent -> the id of the article it gave
	fetching map[string]chan struct{} // an address being fetched -> closed when done
}

// A link is an article added from a link, as kept and as read.
type link struct {
	state.Link
	article *corpus.Article
}

// A snapshot is the library at one time: a view of its engine, and who
// sees what.
type snapshot struct {
	eng   *qa.Engine          // a view: Add and Remove do not change it
	chats map[string][]string // an article from a link -> the chats that see it; absent: every chat
	byURL map[string]string   // the canonical address of an article from a link -> its id
}

// Open loads the corpus and the articles kept from links, and indexes
// them. A corpus that cannot be loaded is an error; an article from a link
// that cannot be read is skipped with a warning.
func Open(ctx context.Context, cfg Config) (*Library, error) {
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	l := &Library{cfg: cfg, aliases: map[string]string{}, fetching: map[string]chan struct{}{}}
	c, err := cfg.Loader.Load(cfg.Corpus)
	if err != nil {
		return nil, err
	}
	l.folder = c.Articles
	if l.links, err = l.readLinks(ctx); err != nil {
		return nil, err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.rebuild()
	return l, nil
}

// readLinks reads the articles kept from links.
func (l *Library) readLinks(ctx context.Context) ([]link, error) {
	if l.cfg.Links == nil {
		return nil, nil
	}
	kept, err := l.cfg.Links.Links(ctx)
	if err != nil {
		return nil, fmt.Errorf("library: %w", err)
	}
	var out []link
	for _, k := range kept {
		a, err := corpus.Read(k.ID, []byte(k.Text))
		if err != nil {
			l.cfg.Log.Warn("skipped an article added from a link", "id", k.ID, "url", k.URL, "err", err)
			continue
		}
		out = append(out, link{Link: k, article: a})
	}
	return out, nil
}

// Reload reads the corpus folder and the articles kept from links again,
// indexes only the articles that are new or changed, and takes out those
// that are gone. A folder that is there but holds no article any more is
// an empty one; one that cannot be read leaves the articles it had.
func (l *Library) Reload(ctx context.Context) error {
	return l.reload(ctx, l.apply)
}

// ReloadAll is Reload that indexes every article again, in a new engine.
func (l *Library) ReloadAll(ctx context.Context) error {
	return l.reload(ctx, l.rebuild)
}

func (l *Library) reload(ctx context.Context, update func()) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	folder, ferr := l.load()
	if ferr == nil {
		l.folder = folder
	}
	links, lerr := l.readLinks(ctx)
	if lerr == nil {
		l.links = links
	}
	update()
	return errors.Join(ferr, lerr)
}

// load loads the corpus; no articles and no error for a folder that is
// there but holds none that can be read.
func (l *Library) load() ([]*corpus.Article, error) {
	c, err := l.cfg.Loader.Load(l.cfg.Corpus)
	if errors.Is(err, corpus.ErrNoArticles) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return c.Articles, nil
}

// wanted returns the articles the library is to hold, the folder's first,
// and who sees which; l.mu is held.
func (l *Library) wanted() ([]*corpus.Article, *snapshot) {
	s := &snapshot{chats: map[string][]string{}, byURL: map[string]string{}}
	taken := map[string]bool{}
	var arts []*corpus.Article
	for _, a := range l.folder {
		taken[a.ID] = true
		arts = append(arts, a)
	}
	for _, k := range l.links {
		if taken[k.ID] {
			l.cfg.Log.Warn("an article from a link has the id of a file of the corpus; the file's is kept", "id", k.ID, "url", k.URL)
			continue
		}
		taken[k.ID] = true
		arts = append(arts, k.article)
		s.byURL[k.URL] = k.ID
		if k.Chat != "" {
			s.chats[k.ID] = strings.Fields(k.Chat)
		}
	}
	return arts, s
}

// rebuild indexes the folder's articles and those from links in a new
// engine, and publishes a view of it; l.mu is held.
func (l *Library) rebuild() {
	arts, s := l.wanted()
	l.eng = qa.New(&corpus.Corpus{Articles: arts}, l.cfg.Engine...)
	l.held = make(map[string]*corpus.Article, len(arts))
	for _, a := range arts {
		l.held[a.ID] = a
	}
	s.eng = l.eng.View()
	l.cur.Store(s)
}

// apply brings the engine to the folder's articles and those from links,
// adding the new and changed ones (qa.Engine.Add: the work of indexing
// each) and removing those gone, then publishes a view of it; l.mu is
// held. Until then readers read the view published before.
func (l *Library) apply() {
	arts, s := l.wanted()
	keep := make(map[string]bool, len(arts))
	for _, a := range arts {
		keep[a.ID] = true
		if old, ok := l.held[a.ID]; ok && (old == a || old.Raw == a.Raw && old.Meta == a.Meta) {
			continue
		}
		if err := l.eng.Add(a); err != nil {
			l.cfg.Log.Warn("an article is not indexed", "id", a.ID, "err", err)
			continue
		}
		l.held[a.ID] = a
	}
	for id := range l.held {
		if !keep[id] {
			l.eng.Remove(id)
			delete(l.held, id)
		}
	}
	s.eng = l.eng.View()
	l.cur.Store(s)
}

// AddLink fetches the page at address, reads its article and adds it to
// chat's library (every chat's, when the library shares links), and
// returns it. A page whose canonical address the library has already is
// not added twice: the chat gets the article there is. An error about the
// page wraps bot.ErrPage and fetch's error or extract.ErrNotArticle; on an
// error nothing is added.
func (l *Library) AddLink(ctx context.Context, address, chat string) (qa.ArticleInfo, error) {
	address = strings.TrimSpace(address)
	if l.cfg.Fetcher == nil {
		return qa.ArticleInfo{}, errors.New("add a link: no fetcher")
	}
	id, known, release, err := l.claim(ctx, address)
	if err != nil {
		return qa.ArticleInfo{}, err
	}
	if known {
		defer l.mu.Unlock()
		return l.share(ctx, id, chat)
	}
	defer release()

	page, err := l.cfg.Fetcher.Fetch(ctx, address)
	if err != nil {
		if ctx.Err() != nil {
			return qa.ArticleInfo{}, err // kutip stops: no fault of the page's
		}
		return qa.ArticleInfo{}, fmt.Errorf("%w: %w", bot.ErrPage, err)
	}
	doc, err := extract.Page(page.URL, page.ContentType, page.Charset, page.Body)
	if err != nil {
		return qa.ArticleInfo{}, fmt.Errorf("%w: read %s: %w", bot.ErrPage, page.URL, err)
	}
	canonical := doc.URL
	if canonical == "" {
		canonical = page.URL
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if id, ok := l.cur.Load().byURL[canonical]; ok {
		l.aliases[address] = id
		return l.share(ctx, id, chat)
	}
	k := state.Link{ID: l.newID(canonical), URL: canonical, Text: doc.Markdown(), Added: time.Now()}
	if !l.cfg.Share {
		k.Chat = chat
	}
	a, err := corpus.Read(k.ID, []byte(k.Text))
	if err != nil {
		return qa.ArticleInfo{}, fmt.Errorf("%w: read %s: %w: %w", bot.ErrPage, page.URL, extract.ErrNotArticle, err)
	}
	if err := l.keep(ctx, k); err != nil {
		return qa.ArticleInfo{}, err
	}
	l.links = append(l.links, link{Link: k, article: a})
	l.aliases[address] = k.ID
	l.apply()
	info, _ := l.cur.Load().eng.Article(k.ID)
	return info, nil
}

// claim returns the id of the article the library has from address, with
// l.mu held; or, when it has none, makes this call the one that fetches
// it until release is called: a link sent twice at once is fetched once.
func (l *Library) claim(ctx context.Context, address string) (id string, known bool, release func(), err error) {
	l.mu.Lock()
	for {
		if id, known = l.aliases[address]; !known {
			id, known = l.cur.Load().byURL[address]
		}
		if known {
			return id, true, nil, nil
		}
		fetching, busy := l.fetching[address]
		if !busy {
			break
		}
		l.mu.Unlock()
		select {
		case <-fetching: // fetched, or failed: look again
		case <-ctx.Done():
			return "", false, nil, ctx.Err()
		}
		l.mu.Lock()
	}
	done := make(chan struct{})
	l.fetching[address] = done
	l.mu.Unlock()
	return "", false, func() {
		l.mu.Lock()
		delete(l.fetching, address)
		l.mu.Unlock()
		close(done)
	}, nil
}

// keep stores k, when the library keeps links.
func (l *Library) keep(ctx context.Context, k state.Link) error {
	if l.cfg.Links == nil {
		return nil
	}
	if err := l.cfg.Links.AddLink(ctx, k); err != nil {
		return fmt.Errorf("keep the article from %s: %w", k.URL, err)
	}
	return nil
}

// share gives chat the article from a link with that id, which the
// library has; l.mu is held.
func (l *Library) share(ctx context.Context, id, chat string) (qa.ArticleInfo, error) {
	i := slices.IndexFunc(l.links, func(k link) bool { return k.ID == id })
	if i < 0 {
		return qa.ArticleInfo{}, fmt.Errorf("add a link: article %s is gone", id)
	}
	k := l.links[i]
	if k.Chat != "" && !slices.Contains(strings.Fields(k.Chat), chat) {
		if chat == "" {
			k.Chat = "" // added where every chat is: everyone's now
		} else {
			k.Chat += " " + chat
		}
		if err := l.keep(ctx, k.Link); err != nil {
			return qa.ArticleInfo{}, err
		}
		l.links = slices.Clone(l.links)
		l.links[i] = k
		l.apply()
	}
	info, ok := l.cur.Load().eng.Article(id)
	if !ok {
		return qa.ArticleInfo{}, fmt.Errorf("add a link: article %s has the id of a file of the corpus", id)
	}
	return info, nil
}

// newID names an article from a link after its address, unlike any
// article the library has; l.mu is held.
func (l *Library) newID(address string) string {
	base := ID(address)
	taken := func(id string) bool {
		_, ok := l.cur.Load().eng.Article(id)
		return ok || slices.ContainsFunc(l.links, func(k link) bool { return k.ID == id })
	}
	id := base
	for n := 2; taken(id); n++ {
		id = fmt.Sprintf("%s-%d", base, n)
	}
	return id
}

// Visible reports whether chat's library holds the article: every file of
// the corpus and every shared article from a link, and those the chat
// added.
func (l *Library) Visible(chat, article string) bool {
	chats, own := l.cur.Load().chats[article]
	return !own || slices.Contains(chats, chat)
}

func (l *Library) engine() *qa.Engine { return l.cur.Load().eng }

// Snapshot returns the engine of the library as it is now: what one
// request reads, whatever reloads meanwhile.
func (l *Library) Snapshot() bot.Engine { return l.engine() }

// Ask answers a question from the library as it is now.
func (l *Library) Ask(ctx context.Context, q qa.Query) (qa.Answer, error) {
	return l.engine().Ask(ctx, q)
}

// Summary returns an article's key sentences.
func (l *Library) Summary(article string, n int) ([]qa.Hit, error) {
	return l.engine().Summary(article, n)
}

// Articles describes every article of the library.
func (l *Library) Articles() []qa.ArticleInfo { return l.engine().Articles() }

// Article describes one article.
func (l *Library) Article(id string) (qa.ArticleInfo, bool) { return l.engine().Article(id) }

// Quotations returns an article's quotations.
func (l *Library) Quotations(article string) ([]corpus.Quotation, error) {
	return l.engine().Quotations(article)
}

// Terms returns an article's names and key words.
func (l *Library) Terms(article string) ([]qa.Term, error) { return l.engine().Terms(article) }

// Fragment returns the text fragment of an article's sentence.
func (l *Library) Fragment(article string, sentence int) string {
	return l.engine().Fragment(article, sentence)
}
