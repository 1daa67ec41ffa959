package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/kutip/kutip/extract"
	"github.com/kutip/kutip/fetch"
	"github.com/kutip/kutip/qa"
)

// Links adds articles from the links users send, each to the library of
// the chat that sent it (or of every chat), and says which chat's library
// holds which article. *library.Library is one.
type Links interface {
	// AddLink fetches the page at address and adds its article to chat's
	// library. An error about the page itself wraps ErrPage, and fetch's
	// or extract's error that says why.
	AddLink(ctx context.Context, address, chat string) (qa.ArticleInfo, error)
	// Visible reports whether chat's library holds the article.
	Visible(chat, article string) bool
}

// ErrPage is a link whose page gave no article: not found, too big, too
// slow, refused, not HTML, not an article, or the network failed.
var ErrPage = errors.New("no article from the link")

// A Limiter says whether a user may fetch one more page now;
// *fetch.Limiter is one.
type Limiter interface {
	Allow(user string) (ok bool, wait time.Duration)
}

// Who may add an article from a link in a group or a server (in a private
// chat, anyone may).
const (
	LinksEveryone = "everyone"
	LinksAdmins   = "admins"
	LinksOff      = "off"
)

// linkSummary is how many key sentences the reply to a link offers.
const linkSummary = 3

// fromLink answers a request that is a link: "/article https://…", or a
// message that holds one, alone or with a few words; ok is false for any
// other. The article of the link is added and made the chat's; a question
// in the same message is answered from it.
func (rt *Router) fromLink(ctx context.Context, req Request) (rep Reply, ok bool, err error) {
	if rt.links == nil || req.Offset > 0 || req.Inline || req.Command != CmdArticle && req.Command != CmdAsk {
		return Reply{}, false, nil
	}
	address, question, ok := cutLink(req.Args)
	if !ok {
		return Reply{}, false, nil
	}
	if req.Group {
		switch rt.linkAllow {
		case LinksOff:
			return rt.refuse(req, rt.catalog.T(req.Lang, "link.off")), true, nil
		case LinksAdmins:
			if !req.Admin {
				return rt.refuse(req, rt.catalog.T(req.Lang, "link.admins")), true, nil
			}
		}
	}
	if rt.limiter != nil {
		user := req.User
		if user == "" {
			user = req.Chat
		}
		if ok, _ := rt.limiter.Allow(user); !ok {
			return rt.fetchFailed(req, "fetch.limited"), true, nil
		}
	}
	a, err := rt.links.AddLink(ctx, address, req.Chat)
	if errors.Is(err, ErrPage) {
		return rt.fetchFailed(req, pageError(err)), true, nil
	}
	if err != nil {
		return Reply{}, true, fmt.Errorf("add the link of %s: %w", req.Chat, err)
	}
	if err := rt.choices.SetArticle(ctx, req.Chat, a.ID); err != nil {
		return Reply{}, true, fmt.Errorf("choose the article from a link: %w", err)
	}
	rt, req.lib = rt.now(), &libraryCache{} // the library that has it
	// The reply is in the article's language, unless the user's says
	// otherwise, as after /article.
	req.Lang = rt.lang(Request{Lang: req.asked, Article: a.ID, Chat: req.Chat})
	req.Article, req.picked = a.ID, a.ID
	if question != "" {
		req.Command, req.Args, req.Limit = CmdAsk, question, 0
		if c, ok := findCommand(rt.commands, CmdAsk); ok {
			req.Limit = c.Limit
		}
		rep, err = rt.ask(ctx, req)
	} else {
		req.Command, req.Limit = CmdSummary, linkSummary
		rep, err = rt.summary(ctx, req)
	}
	if err != nil {
		return Reply{}, true, err
	}
	rep.Lang, rep.Text, rep.Fetch = req.Lang, rt.added(req.Lang, a, question == ""), "ok"
	return rep, true, nil
}

// fetchFailed is the reply to a link whose article could not be had: the
// message of the catalog's key "fetch.WHY", and WHY for the metrics.
func (rt *Router) fetchFailed(req Request, key string) Reply {
	rep := rt.refuse(req, rt.catalog.T(req.Lang, key))
	rep.Fetch = strings.TrimPrefix(key, "fetch.")
	return rep
}

// added names an article just added from a link: its title, its source,
// date and language, its number of sentences; and, when the reply offers
// its key sentences, says so.
func (rt *Router) added(lang string, a qa.ArticleInfo, offers bool) string {
	title := a.Title
	if title == "" {
		title = a.ID
	}
	var details []string
	for _, s := range []string{a.Source, a.Published} {
		if s != "" {
			details = append(details, s)
		}
	}
	name := a.Language
	if rt.catalog.Has(a.Language) {
		name = rt.catalog.Name(a.Language)
	}
	details = append(details, rt.catalog.T(lang, "link.language", name), rt.catalog.N(lang, "link.sentences", a.Sentences))
	msg := rt.catalog.T(lang, "link.added", title) + "\n" + strings.Join(details, " · ")
	if offers {
		msg += "\n\n" + rt.catalog.T(lang, "link.key")
	}
	return msg
}

// pageError is the catalog key of the message that says why a link gave no
// article.
func pageError(err error) string {
	kinds := []struct {
		err error
		key string
	}{
		{fetch.ErrBadURL, "fetch.bad_url"},
		{fetch.ErrNotFound, "fetch.not_found"},
		{fetch.ErrTooBig, "fetch.too_big"},
		{fetch.ErrTooSlow, "fetch.too_slow"},
		{fetch.ErrRefused, "fetch.refused"},
		{fetch.ErrNotHTML, "fetch.not_html"},
		{fetch.ErrRedirects, "fetch.redirects"},
		{extract.ErrNotArticle, "fetch.not_article"},
	}
	for _, k := range kinds {
		if errors.Is(err, k.err) {
			return k.key
		}
	}
	return "fetch.failed"
}

// HasLink reports whether text holds a web address that kutip would fetch
// an article from.
func HasLink(text string) bool {
	_, _, ok := cutLink(text)
	return ok
}

// cutLink finds the first web address in text, and the question that
// comes with it: what else the text says, when it asks something (a
// question mark); ok is false when text holds no http or https address.
func cutLink(text string) (address, question string, ok bool) {
	words := strings.FieldsFunc(text, unicode.IsSpace)
	for i, w := range words {
		w = strings.TrimLeft(w, "<([\"'“‘") // <https://…>, (https://…).
		if !strings.HasPrefix(w, "https://") && !strings.HasPrefix(w, "http://") {
			continue
		}
		address = strings.TrimRight(w, ">)]\"'”’.,;:!?") // nor is the end of a sentence the address's
		if strings.TrimPrefix(strings.TrimPrefix(address, "https://"), "http://") == "" {
			continue
		}
		rest := strings.Join(append(words[:i:i], words[i+1:]...), " ")
		if strings.ContainsAny(rest, "?？") {
			question = rest
		}
		return address, question, true
	}
	return "", "", false
}

// articles returns the articles of chat's library, in the library's order.
func (rt *Router) articles(chat string) []qa.ArticleInfo {
	all := rt.engine.Articles()
	if rt.links == nil {
		return all
	}
	out := all[:0:0]
	for _, a := range all {
		if rt.links.Visible(chat, a.ID) {
			out = append(out, a)
		}
	}
	return out
}

// article describes the article id of chat's library.
func (rt *Router) article(chat, id string) (qa.ArticleInfo, bool) {
	a, ok := rt.engine.Article(id)
	if ok && rt.links != nil && !rt.links.Visible(chat, id) {
		return qa.ArticleInfo{}, false
	}
	return a, ok
}

// visible is what a question of chat's whole library may search; nil: all.
func (rt *Router) visible(chat string) func(article string) bool {
	if rt.links == nil {
		return nil
	}
	return func(article string) bool { return rt.links.Visible(chat, article) }
}
