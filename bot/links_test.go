package bot_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kutip/kutip/bot"
	"github.com/kutip/kutip/bot/bottest"
	"github.com/kutip/kutip/corpus"
	"github.com/kutip/kutip/extract"
	"github.com/kutip/kutip/fetch"
	"github.com/kutip/kutip/qa"
)

// fakeLinks adds the article "banjir" of its engine for any link, or
// fails with err; chat "lain" sees no article but the shared one.
type fakeLinks struct {
	eng *qa.Engine
	err error

	mu    sync.Mutex
	added []string // the addresses, in order
}

func (f *fakeLinks) AddLink(_ context.Context, address, chat string) (qa.ArticleInfo, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil {
		return qa.ArticleInfo{}, f.err
	}
	f.added = append(f.added, address)
	a, _ := f.eng.Article("banjir")
	return a, nil
}

func (f *fakeLinks) Visible(chat, article string) bool { return chat != "lain" || article == "umum" }

func linkRouter(t *testing.T, links *fakeLinks, opts bot.Options) *bot.Router {
	t.Helper()
	c := &corpus.Corpus{Articles: []*corpus.Article{
		corpus.Parse("banjir", "---\ntitle: Banjir Bandung\nsource: Kabar\nurl: https://kabar.example/banjir\n---\n"+
			"Banjir merendam 12 desa di Kabupaten Bandung.\n\nSekitar 3.000 warga mengungsi ke balai desa."),
		corpus.Parse("umum", "---\ntitle: Gempa\n---\nGempa mengguncang Cianjur pada Senin."),
	}}
	links.eng = qa.New(c)
	opts.Links = links
	return bot.NewRouter(links.eng, opts)
}

// TestLinkPolicy: links.allow in groups (a private chat may always), the
// per-user limit, each page error's message.
func TestLinkPolicy(t *testing.T) {
	cat := bot.DefaultCatalog()
	page := func(err error) error { return fmt.Errorf("%w: fetch https://x.example/: %w", bot.ErrPage, err) }
	tests := []struct {
		name  string
		allow string
		err   error
		req   bot.Request
		key   string // the refusal's catalog key; "": added; "-": not a link, a question
	}{
		{"private, off", bot.LinksOff, nil, bot.Request{Command: "ask", Args: "https://x.example/a"}, ""},
		{"group, everyone", "", nil, bot.Request{Command: "article", Args: "https://x.example/a", Group: true}, ""},
		{"group, off", bot.LinksOff, nil, bot.Request{Command: "article", Args: "https://x.example/a", Group: true}, "link.off"},
		{"group, admins, a member", bot.LinksAdmins, nil, bot.Request{Command: "ask", Args: "https://x.example/a", Group: true}, "link.admins"},
		{"group, admins, an admin", bot.LinksAdmins, nil, bot.Request{Command: "article", Args: "https://x.example/a", Group: true, Admin: true}, ""},
		{"not found", "", page(fetch.ErrNotFound), bot.Request{Command: "ask", Args: "https://x.example/a"}, "fetch.not_found"},
		{"too big", "", page(fetch.ErrTooBig), bot.Request{Command: "ask", Args: "https://x.example/a"}, "fetch.too_big"},
		{"too slow", "", page(fetch.ErrTooSlow), bot.Request{Command: "ask", Args: "https://x.example/a"}, "fetch.too_slow"},
		{"refused", "", page(&fetch.AddrError{Host: "x.example"}), bot.Request{Command: "ask", Args: "https://x.example/a"}, "fetch.refused"},
		{"not HTML", "", page(fetch.ErrNotHTML), bot.Request{Command: "ask", Args: "https://x.example/a"}, "fetch.not_html"},
		{"redirects", "", page(fetch.ErrRedirects), bot.Request{Command: "ask", Args: "https://x.example/a"}, "fetch.redirects"},
		{"not an article", "", page(extract.ErrNotArticle), bot.Request{Command: "ask", Args: "https://x.example/a"}, "fetch.not_article"},
		{"the network", "", page(fmt.Errorf("connection reset")), bot.Request{Command: "ask", Args: "https://x.example/a"}, "fetch.failed"},
		{"typed inline", "", nil, bot.Request{Command: "ask", Args: "https://x.example/a", Inline: true}, "-"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			links := &fakeLinks{err: tt.err}
			rt := linkRouter(t, links, bot.Options{LinkAllow: tt.allow})
			tt.req.Chat, tt.req.Lang = "telegram:1", "en"
			rep, err := rt.Handle(t.Context(), tt.req)
			if err != nil {
				t.Fatal(err)
			}
			if tt.key == "-" {
				if len(links.added) != 0 || rep.Kind != bot.KindAnswer {
					t.Errorf("a link typed inline is fetched: %+v", rep)
				}
				return
			}
			if tt.key == "" {
				if rep.Outcome != bot.Answered || len(links.added) != 1 || !strings.Contains(rep.Text, "Banjir Bandung") {
					t.Errorf("not added: %+v", rep)
				}
				return
			}
			if want := cat.T("en", tt.key); rep.Text != want || rep.Outcome != bot.Refused {
				t.Errorf("reply %q (%s), want %q", rep.Text, rep.Outcome, want)
			}
		})
	}
}

// TestLinkFailed: an error that is kutip's, not the page's, is an error,
// which Guard turns into an apology.
func TestLinkFailed(t *testing.T) {
	rt := linkRouter(t, &fakeLinks{err: fmt.Errorf("keep the article: disk full")}, bot.Options{})
	if _, err := rt.Handle(t.Context(), bot.Request{Command: "ask", Args: "https://x.example/a", Chat: "c"}); err == nil {
		t.Error("no error")
	}
}

// TestLinkLimit: a user who sends too many links is told to wait, and
// their links are not fetched; other users may still.
func TestLinkLimit(t *testing.T) {
	now := time.Unix(1700000000, 0)
	links := &fakeLinks{}
	rt := linkRouter(t, links, bot.Options{Limiter: fetch.NewLimiter(time.Minute, 2, func() time.Time { return now })})
	send := func(user string) bot.Reply {
		rep, err := rt.Handle(t.Context(), bot.Request{Command: "ask", Args: "https://x.example/a", Chat: "telegram:-5", User: user, Lang: "en"})
		if err != nil {
			t.Fatal(err)
		}
		return rep
	}
	for i := range 2 {
		if rep := send("telegram:7"); rep.Outcome != bot.Answered {
			t.Fatalf("link %d: %+v", i+1, rep)
		}
	}
	if rep := send("telegram:7"); rep.Text != bot.DefaultCatalog().T("en", "fetch.limited") {
		t.Errorf("the third link at once: %q", rep.Text)
	}
	if rep := send("telegram:8"); rep.Outcome != bot.Answered {
		t.Errorf("another user: %+v", rep)
	}
	now = now.Add(time.Minute)
	if rep := send("telegram:7"); rep.Outcome != bot.Answered {
		t.Errorf("a minute later: %+v", rep)
	}
	if len(links.added) != 4 {
		t.Errorf("%d fetched, want 4", len(links.added))
	}
}

// TestLinkMessages: which messages are links, and the question that comes
// with one.
func TestLinkMessages(t *testing.T) {
	tests := []struct {
		text     string
		address  string // "": not a link
		question string // "" for none: the key sentences are offered
	}{
		{"https://kabar.example/banjir", "https://kabar.example/banjir", ""},
		{"baca ini https://kabar.example/banjir?id=3", "https://kabar.example/banjir?id=3", ""},
		{"https://kabar.example/banjir berapa warga yang mengungsi?", "https://kabar.example/banjir", "berapa warga yang mengungsi?"},
		{"Berapa korban? <https://kabar.example/banjir>.", "https://kabar.example/banjir", "Berapa korban?"},
		{"(lihat http://kabar.example).", "http://kabar.example", ""},
		{"berapa warga yang mengungsi?", "", ""},
		{"ftp://kabar.example/banjir", "", ""},
		{"https://", "", ""},
		{"kabar.example/banjir", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			links := &fakeLinks{}
			rt := linkRouter(t, links, bot.Options{})
			rep, err := rt.Handle(t.Context(), bot.Request{Command: "ask", Args: tt.text, Chat: "c"})
			if err != nil {
				t.Fatal(err)
			}
			link := tt.address != ""
			if got := len(links.added) == 1; got != link || bot.HasLink(tt.text) != link {
				t.Fatalf("a link: %v (HasLink %v), want %v", got, bot.HasLink(tt.text), link)
			}
			if !link {
				return
			}
			if links.added[0] != tt.address {
				t.Errorf("fetched %q, want %q", links.added[0], tt.address)
			}
			switch {
			case tt.question == "" && rep.Kind != bot.KindSummary:
				t.Errorf("a link alone: %+v", rep)
			case tt.question != "" && (rep.Kind != bot.KindAnswer || rep.Question != tt.question):
				t.Errorf("asked %q, want %q", rep.Question, tt.question)
			}
		})
	}
}

// TestLinkVisible: a chat lists and asks only the articles its library
// holds.
func TestLinkVisible(t *testing.T) {
	rt := linkRouter(t, &fakeLinks{}, bot.Options{})
	rep, err := rt.Handle(t.Context(), bot.Request{Command: "article", Chat: "lain"})
	if err != nil {
		t.Fatal(err)
	}
	var listed []string
	for _, p := range rep.Picks {
		listed = append(listed, p.Arg)
	}
	if !slices.Equal(listed, []string{"umum"}) {
		t.Errorf("another chat's list: %q, want only the article it sees", listed)
	}
	rep, _ = rt.Handle(t.Context(), bot.Request{Command: "ask", Args: "Berapa desa terendam banjir?", Chat: "lain"})
	for _, q := range rep.Quotes {
		if q.Article == "banjir" {
			t.Errorf("another chat's article answers: %+v", q)
		}
	}
	rep, _ = rt.Handle(t.Context(), bot.Request{Command: "ask", Args: "Berapa desa terendam banjir?", Chat: "mine"})
	if len(rep.Quotes) == 0 || rep.Quotes[0].Article != "banjir" {
		t.Errorf("the chat's own article does not answer: %+v", rep)
	}
}

// FuzzLink: whatever a message holds, a link found is an http or https
// address written in it, and its question is the message's other words.
func FuzzLink(f *testing.F) {
	for _, s := range []string{"https://kabar.example/banjir berapa?", "lihat (http://a.b/c).", "https:// x", "?https://a", "<https://a>>."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		address, question, ok := bot.CutLink(text)
		if ok != bot.HasLink(text) {
			t.Fatalf("CutLink %v, HasLink %v", ok, bot.HasLink(text))
		}
		if !ok {
			if address != "" || question != "" {
				t.Errorf("no link, but %q, %q", address, question)
			}
			return
		}
		if !strings.Contains(text, address) || len(address) <= len("http://") ||
			!strings.HasPrefix(address, "http://") && !strings.HasPrefix(address, "https://") {
			t.Errorf("the link of %q is %q", text, address)
		}
		if question != "" && !strings.ContainsAny(question, "?？") {
			t.Errorf("the question of %q is %q", text, question)
		}
	})
}

// TestLinkMetered: each link sent is counted by its fetch's outcome.
func TestLinkMetered(t *testing.T) {
	links := &fakeLinks{}
	rt := linkRouter(t, links, bot.Options{Limiter: fetch.NewLimiter(time.Hour, 1, nil)})
	var m bottest.Meter
	h := bot.Measure(&m, rt.Commands(), rt)
	for _, text := range []string{"https://x.example/a", "https://x.example/b", "no link here"} {
		if _, err := h.Handle(t.Context(), bot.Request{Command: "ask", Args: text, Chat: "c", User: "u"}); err != nil {
			t.Fatal(err)
		}
	}
	want := []string{"request ask answered", "fetched ok", "request ask refused", "fetched limited", "request ask abstained"}
	if got := m.Counted(); !slices.Equal(got, want) {
		t.Errorf("counted %q, want %q", got, want)
	}
}
