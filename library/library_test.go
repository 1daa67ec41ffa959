package library_test

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kutip/kutip/bot"
	"github.com/kutip/kutip/bot/bottest"
	"github.com/kutip/kutip/corpus"
	"github.com/kutip/kutip/fetch"
	"github.com/kutip/kutip/internal/newstest"
	"github.com/kutip/kutip/internal/pgtest"
	"github.com/kutip/kutip/library"
	"github.com/kutip/kutip/state"
)

// kit is a library over a corpus folder and a state directory, and the
// router over it, as kutip serve builds them.
type kit struct {
	lib   *library.Library
	rt    *bot.Router
	store *state.Store
	log   *bottest.LogBuffer
}

// open opens the library of the corpus folder and the state directory;
// fopts are its fetcher's options.
func open(t *testing.T, folder, stateDir string, fopts fetch.Options, share bool) kit {
	t.Helper()
	return openState(t, folder, state.Config{Dir: stateDir}, fopts, share)
}

// openState is open, with the state where cfg says.
func openState(t *testing.T, folder string, cfg state.Config, fopts fetch.Options, share bool) kit {
	t.Helper()
	log, buf := newLog()
	st, err := state.Open(t.Context(), cfg, log)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(st.Close)
	lib, err := library.Open(t.Context(), library.Config{
		Corpus: folder, Links: st.Links, Fetcher: fetch.New(fopts), Share: share, Log: log,
		Loader: corpus.Loader{Warn: func(_ string, err error) { log.Warn("skipped a file of the corpus", "err", err) }},
	})
	if err != nil {
		t.Fatal(err)
	}
	rt := bot.NewRouter(lib, bot.Options{Choices: st.Choices, Links: lib})
	return kit{lib: lib, rt: rt, store: st, log: buf}
}

// folder writes a corpus folder of the files, name -> text.
func folder(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const gempa = "---\ntitle: Gempa Cianjur\n---\nGempa bermagnitudo 5,6 mengguncang Cianjur pada Senin siang.\n\nSedikitnya 300 rumah rusak berat."

func (k kit) handle(t *testing.T, req bot.Request) bot.Reply {
	t.Helper()
	rep, err := k.rt.Handle(t.Context(), req)
	if err != nil {
		t.Fatalf("%+v: %v", req, err)
	}
	return rep
}

func ask(chat, text string) bot.Request {
	return bot.Request{Platform: "test", Command: bot.CmdAsk, Args: text, Chat: chat}
}

// TestLinkThenQuestion sends a link in a private chat, then a question,
// and a link with its question in one message: the article is added,
// named, offered, made the chat's and answers.
func TestLinkThenQuestion(t *testing.T) {
	news := newstest.NewServer(t)
	k := open(t, folder(t, map[string]string{"gempa.md": gempa}), t.TempDir(), fetch.Options{AllowPrivate: true}, false)
	rep := k.handle(t, ask("telegram:1", news.URL+newstest.Banjir))
	if rep.Outcome != bot.Answered || rep.Kind != bot.KindSummary || len(rep.Quotes) == 0 {
		t.Fatalf("reply to a link: %+v", rep)
	}
	for _, want := range []string{"Banjir Rendam 12 Desa di Kabupaten Bandung", "Kabar Nusantara", "2024-03-05", "Bahasa Indonesia", "kalimat"} {
		if !strings.Contains(rep.Text, want) {
			t.Errorf("the reply to a link does not say %q:\n%s", want, rep.Text)
		}
	}
	if rep.Article == nil || rep.Article.URL != news.URL+newstest.Banjir {
		t.Errorf("article %+v, want the page's address", rep.Article)
	}
	if rep.Quotes[0].Link == "" || !strings.HasPrefix(rep.Quotes[0].Link, news.URL+newstest.Banjir+"#:~:text=") {
		t.Errorf("a key sentence links to %q", rep.Quotes[0].Link)
	}
	rep = k.handle(t, ask("telegram:1", "Berapa warga yang mengungsi?"))
	if len(rep.Quotes) == 0 || !strings.Contains(rep.Quotes[0].Text, "3.000 warga") || rep.Article.ID != "kabar-banjir" {
		t.Errorf("the question after the link: %+v", rep)
	}
	// A link and its question in one message, in English.
	rep = k.handle(t, ask("telegram:1", "look: "+news.URL+newstest.Storm+" how many homes lost power?"))
	if rep.Kind != bot.KindAnswer || len(rep.Quotes) == 0 || rep.Article.ID != "ledger-storm" || !strings.Contains(rep.Text, "Storm Ciarán") {
		t.Fatalf("a link with a question: %+v", rep)
	}
	if rep.Lang != "en" || !strings.Contains(rep.Text, "English") {
		t.Errorf("a reply about an English article in %s: %s", rep.Lang, rep.Text)
	}
	if !strings.Contains(rep.Quotes[0].Text, "homes") {
		t.Errorf("how many homes lost power? %q", rep.Quotes[0].Text)
	}
}

// TestLinkChats: an article from a link is the chat's that sent it (listed
// and answered there), unless shared; the same address, or another with
// the same canonical address, is fetched once more at most, and the article
// is the one there is.
func TestLinkChats(t *testing.T) {
	news := newstest.NewServer(t)
	k := open(t, folder(t, map[string]string{"gempa.md": gempa}), t.TempDir(), fetch.Options{AllowPrivate: true}, false)
	k.handle(t, bot.Request{Command: bot.CmdArticle, Args: news.URL + newstest.Banjir, Chat: "telegram:-100", Group: true})
	if !k.lib.Visible("telegram:-100", "kabar-banjir") || k.lib.Visible("telegram:2", "kabar-banjir") {
		t.Fatal("the article from a link is not the chat's alone")
	}
	rep := k.handle(t, ask("telegram:2", "Berapa warga yang mengungsi?"))
	for _, q := range rep.Quotes {
		if q.Article == "kabar-banjir" {
			t.Errorf("another chat is answered from the article: %+v", q)
		}
	}
	if rep := k.handle(t, bot.Request{Command: bot.CmdArticle, Chat: "telegram:2"}); strings.Contains(rep.Text, "kabar-banjir") {
		t.Errorf("another chat lists the article:\n%s", rep.Text)
	}
	if rep := k.handle(t, bot.Request{Command: bot.CmdArticle, Args: "kabar-banjir", Chat: "telegram:2"}); rep.Outcome != bot.Refused {
		t.Errorf("another chat picks the article: %+v", rep)
	}
	// The same link from another chat: not fetched again.
	k.handle(t, ask("telegram:2", news.URL+newstest.Banjir))
	if n := news.Hits(newstest.Banjir); n != 1 {
		t.Errorf("the page was fetched %d times, want 1", n)
	}
	// Another address of the same page: fetched, but the same article.
	rep = k.handle(t, ask("telegram:3", news.URL+newstest.Banjir+"?utm_source=wa"))
	if rep.Article == nil || rep.Article.ID != "kabar-banjir" {
		t.Errorf("the same canonical address gave %+v", rep.Article)
	}
	if n := len(k.lib.Articles()); n != 2 {
		t.Errorf("%d articles, want gempa and kabar-banjir", n)
	}
	for _, chat := range []string{"telegram:-100", "telegram:2", "telegram:3"} {
		if !k.lib.Visible(chat, "kabar-banjir") {
			t.Errorf("%s does not see the article it sent", chat)
		}
	}
	links, _ := k.store.Links.Links(t.Context())
	if len(links) != 1 || links[0].Chat != "telegram:-100 telegram:2 telegram:3" {
		t.Errorf("kept %+v, want one article for three chats", links)
	}

	shared := open(t, folder(t, map[string]string{"gempa.md": gempa}), t.TempDir(), fetch.Options{AllowPrivate: true}, true)
	shared.handle(t, ask("telegram:1", news.URL+newstest.Storm))
	if !shared.lib.Visible("discord:9", "ledger-storm") {
		t.Error("links.share: another chat does not see the article")
	}
}

// TestLinkFailures: each way a link fails has its own message, and nothing
// of it is added or kept.
func TestLinkFailures(t *testing.T) {
	news := newstest.NewServer(t)
	cat := bot.DefaultCatalog()
	tests := []struct {
		name string
		url  string
		opts fetch.Options
		key  string // the message's catalog key; "": added
	}{
		{"a 404", news.URL + "/missing", fetch.Options{AllowPrivate: true}, "fetch.not_found"},
		{"a PDF", news.URL + "/doc.pdf", fetch.Options{AllowPrivate: true}, "fetch.not_html"},
		{"20 MB", news.URL + "/big", fetch.Options{AllowPrivate: true}, "fetch.too_big"},
		{"never finishes", news.URL + "/slow", fetch.Options{AllowPrivate: true, Timeout: 500 * time.Millisecond}, "fetch.too_slow"},
		{"a front page", news.URL + "/front", fetch.Options{AllowPrivate: true}, "fetch.not_article"},
		{"7 redirects", news.URL + "/redirect/6/kabar-banjir.html", fetch.Options{AllowPrivate: true}, "fetch.redirects"},
		{"loopback", news.URL + newstest.Banjir, fetch.Options{}, "fetch.refused"},
		{"cloud metadata", "http://169.254.169.254/latest/meta-data/", fetch.Options{}, "fetch.refused"},
		{"a name for loopback", "http://kabar.example/" + newstest.Banjir, fetch.Options{Resolver: loopback{}}, "fetch.refused"},
		{"unknown host", "http://nowhere.invalid/berita", fetch.Options{Resolver: loopback{}}, "fetch.not_found"},
		{"4 redirects", news.URL + "/redirect/3/kabar-banjir.html", fetch.Options{AllowPrivate: true}, ""},
		{"plain text", news.URL + "/plain", fetch.Options{AllowPrivate: true}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k := open(t, folder(t, map[string]string{"gempa.md": gempa}), t.TempDir(), tt.opts, false)
			rep := k.handle(t, bot.Request{Command: bot.CmdArticle, Args: tt.url, Chat: "terminal", Lang: "en"})
			links, _ := k.store.Links.Links(t.Context())
			picked, _ := k.store.Choices.Article(t.Context(), "terminal")
			if tt.key == "" {
				if rep.Outcome != bot.Answered || len(links) != 1 || picked != links[0].ID || len(k.lib.Articles()) != 2 {
					t.Errorf("not added: %+v; kept %d, picked %q", rep, len(links), picked)
				}
				return
			}
			if want := cat.T("en", tt.key); rep.Text != want || rep.Outcome != bot.Refused {
				t.Errorf("reply %q (%s), want %q", rep.Text, rep.Outcome, want)
			}
			if len(links) != 0 || picked != "" || len(k.lib.Articles()) != 1 {
				t.Errorf("a failed link left %d kept, %d articles, the pick %q", len(links), len(k.lib.Articles()), picked)
			}
		})
	}
}

// loopback resolves kabar.example to 127.0.0.1, and nothing else.
type loopback struct{}

func (loopback) LookupNetIP(_ context.Context, _, host string) ([]netip.Addr, error) {
	if host == "kabar.example" {
		return []netip.Addr{netip.MustParseAddr("127.0.0.1")}, nil
	}
	return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
}

// TestLinkRestart: the articles from links and each chat's pick are there
// again after a restart, from the state directory, without a fetch.
func TestLinkRestart(t *testing.T) {
	news := newstest.NewServer(t)
	articles, dir := folder(t, map[string]string{"gempa.md": gempa}), t.TempDir()
	first := open(t, articles, dir, fetch.Options{AllowPrivate: true}, false)
	first.handle(t, ask("telegram:1", news.URL+newstest.Banjir))
	first.handle(t, ask("discord:5", news.URL+newstest.Storm))
	first.store.Close() // the process ends: the state directory's lock goes with it

	again := open(t, articles, dir, fetch.Options{AllowPrivate: true}, false)
	if n := len(again.lib.Articles()); n != 3 {
		t.Fatalf("%d articles after the restart, want 3", n)
	}
	rep := again.handle(t, ask("telegram:1", "Berapa warga yang mengungsi?"))
	if rep.Article == nil || rep.Article.ID != "kabar-banjir" || len(rep.Quotes) == 0 {
		t.Errorf("after the restart the chat asks %+v", rep.Article)
	}
	rep = again.handle(t, bot.Request{Command: bot.CmdSource, Chat: "discord:5"})
	if rep.Article == nil || rep.Article.ID != "ledger-storm" {
		t.Errorf("after the restart the other chat's article is %+v", rep.Article)
	}
	if again.lib.Visible("discord:5", "kabar-banjir") {
		t.Error("after the restart a chat sees another's article")
	}
	if n := news.Hits(newstest.Banjir); n != 1 {
		t.Errorf("fetched %d times, want once", n)
	}
}

// TestBadLinkKept: an article kept from a link that no longer reads is
// skipped, and the rest load.
func TestBadLinkKept(t *testing.T) {
	dir := t.TempDir()
	discard, _ := newLog()
	st, err := state.Open(t.Context(), state.Config{Dir: dir}, discard)
	if err != nil {
		t.Fatal(err)
	}
	st.Links.AddLink(t.Context(), state.Link{ID: "kosong", URL: "https://x.example/kosong", Text: "   "})
	st.Links.AddLink(t.Context(), state.Link{ID: "baik", URL: "https://x.example/baik", Text: gempa})
	log, buf := newLog()
	lib, err := library.Open(t.Context(), library.Config{Links: st.Links, Log: log})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := lib.Article("baik"); !ok {
		t.Error("the good article is not there")
	}
	if _, ok := lib.Article("kosong"); ok || !strings.Contains(buf.String(), "kosong") {
		t.Errorf("the bad one is not skipped with a warning:\n%s", buf.String())
	}
	if _, ok := lib.Article(corpus.DefaultID); !ok {
		t.Error("the embedded article is not there")
	}
}

// newLog is a logger, and what it wrote.
func newLog() (*slog.Logger, *bottest.LogBuffer) {
	var buf bottest.LogBuffer
	return slog.New(slog.NewTextHandler(&buf, nil)), &buf
}

// TestLinkAtOnce: a link that several chats send at once is fetched once,
// and each chat has the article.
func TestLinkAtOnce(t *testing.T) {
	news := newstest.NewServer(t)
	k := open(t, folder(t, map[string]string{"gempa.md": gempa}), t.TempDir(), fetch.Options{AllowPrivate: true}, false)
	var wg sync.WaitGroup
	for i := range 5 {
		wg.Go(func() {
			a, err := k.lib.AddLink(t.Context(), news.URL+"/late"+newstest.Banjir, fmt.Sprintf("telegram:%d", i))
			if err != nil || a.ID != "kabar-banjir" {
				t.Errorf("chat %d: %+v, %v", i, a, err)
			}
		})
	}
	wg.Wait()
	if n := news.Hits("/late" + newstest.Banjir); n != 1 {
		t.Errorf("fetched %d times, want once", n)
	}
	for i := range 5 {
		if !k.lib.Visible(fmt.Sprintf("telegram:%d", i), "kabar-banjir") {
			t.Errorf("chat %d does not see the article", i)
		}
	}
}

// TestLinksPostgres: two kutip processes on one database share the
// articles from links: what one adds, the other has after a reload, and a
// chat that sends the same link through the other gets the same article,
// not fetched again; a third process, started later, has it for both chats.
func TestLinksPostgres(t *testing.T) {
	url := pgtest.Start(t).Database(t)
	news := newstest.NewServer(t)
	articles := folder(t, map[string]string{"gempa.md": gempa})
	cfg := state.Config{PostgresURL: url}
	a := openState(t, articles, cfg, fetch.Options{AllowPrivate: true}, false)
	b := openState(t, articles, cfg, fetch.Options{AllowPrivate: true}, false)
	a.handle(t, ask("telegram:1", news.URL+newstest.Banjir))
	if err := b.lib.Reload(t.Context()); err != nil { // SIGHUP
		t.Fatal(err)
	}
	if !b.lib.Visible("telegram:1", "kabar-banjir") || b.lib.Visible("discord:2", "kabar-banjir") {
		t.Fatal("the other process does not have the chat's article, or gives it to every chat")
	}
	rep := b.handle(t, ask("discord:2", news.URL+newstest.Banjir+" Berapa warga yang mengungsi?"))
	if len(rep.Quotes) == 0 || rep.Article.ID != "kabar-banjir" {
		t.Errorf("the same link through the other process: %+v", rep)
	}
	if n := news.Hits(newstest.Banjir); n != 1 {
		t.Errorf("fetched %d times, want once", n)
	}
	c := openState(t, articles, cfg, fetch.Options{}, false)
	for _, chat := range []string{"telegram:1", "discord:2"} {
		if rep := c.handle(t, bot.Request{Command: bot.CmdSource, Chat: chat}); rep.Article == nil || rep.Article.ID != "kabar-banjir" {
			t.Errorf("a third process: %s's article is %+v", chat, rep.Article)
		}
	}
	if c.lib.Visible("terminal", "kabar-banjir") {
		t.Error("a third process gives the article to every chat")
	}
}
