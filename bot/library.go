package bot

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/kutip/kutip/qa"
	"github.com/kutip/kutip/qa/analysis"
)

// LibraryArg is /article's argument that picks the whole library: the
// number an article list gives it.
const LibraryArg = "0"

// A Pick is one choice of an article list: an article, or the whole
// library.
type Pick struct {
	Number  int    // the article's place in the library, newest first, from 1; 0 for the whole library
	Arg     string // /article's argument that picks it: the article's id, or LibraryArg
	Label   string // the article's title, or the whole library with how many articles it holds
	Detail  string // the article's date and source, "" for none
	Current bool   // the chat asks it now
}

// maxFound is the most articles a search offers.
const maxFound = 25

// pick answers /article: with no argument, a page of the library's
// articles, newest first, the whole library before them; with one, the
// article (or the library) it names, which becomes the chat's, or the
// articles it might mean to choose from.
func (rt *Router) pick(ctx context.Context, req Request) (Reply, error) {
	arg := strings.TrimSpace(req.Args)
	all := newest(rt.library(req))
	if len(all) == 0 {
		return rt.refuse(req, rt.catalog.T(req.Lang, "article.none")), nil
	}
	if arg == "" {
		return rt.articleList(req, all, rt.catalog.N(req.Lang, "article.list", len(all))), nil
	}
	library, found := findArticles(arg, all)
	switch {
	case library:
		return rt.choose(ctx, req, "", len(all))
	case len(found) == 1:
		return rt.choose(ctx, req, found[0].ID, len(all))
	case len(found) == 0:
		rep := rt.articleList(req, all, rt.catalog.T(req.Lang, "article.no_match", echo(arg)))
		rep.Outcome = Refused
		return rep, nil
	}
	rep := Reply{Kind: KindArticles, Text: rt.catalog.N(req.Lang, "article.matches", len(found), echo(arg)), Matched: len(found)}
	cur, _ := rt.current(req)
	for _, a := range found[:min(len(found), maxFound)] {
		n := slices.IndexFunc(all, func(b qa.ArticleInfo) bool { return b.ID == a.ID }) + 1
		rep.Picks = append(rep.Picks, rt.pickOf(a, n, cur.ID))
	}
	return rep, nil
}

// choose makes id the chat's article ("": the whole library of n) and says
// so, in the language of the bot's words for it, unless the user's says
// otherwise.
func (rt *Router) choose(ctx context.Context, req Request, id string, n int) (Reply, error) {
	if err := rt.choices.SetArticle(ctx, req.Chat, id); err != nil {
		return Reply{}, fmt.Errorf("choose article: %w", err)
	}
	if id == "" {
		lang := rt.lang(Request{Lang: req.asked, lib: req.lib})
		rep := text(rt.catalog.N(lang, "article.set_library", n))
		rep.Lang = lang
		return rep, nil
	}
	a, _ := rt.engine.Article(id)
	lang := rt.lang(Request{Lang: req.asked, Article: id, Chat: req.Chat})
	rep := text(rt.catalog.T(lang, "article.set", title(a)))
	rep.Lang, rep.Article = lang, articleOf(a)
	return rep, nil
}

// articleList is a page of the library as a reply: from req.Offset,
// req.Limit articles (all of them for 0), the whole library first on the
// first page. all is newest first.
func (rt *Router) articleList(req Request, all []qa.ArticleInfo, header string) Reply {
	rep := Reply{Kind: KindArticles, Text: header, Offset: req.Offset, Matched: len(all)}
	cur, picked := rt.current(req)
	if req.Offset == 0 && len(all) > 1 {
		rep.Picks = append(rep.Picks, Pick{Arg: LibraryArg, Label: rt.catalog.N(req.Lang, "article.library", len(all)), Current: !picked})
	}
	page := all[min(req.Offset, len(all)):]
	if req.Limit > 0 && len(page) > req.Limit {
		page, rep.More = page[:req.Limit], true
	}
	for i, a := range page {
		rep.Picks = append(rep.Picks, rt.pickOf(a, req.Offset+i+1, cur.ID))
	}
	return rep
}

func (rt *Router) pickOf(a qa.ArticleInfo, number int, current string) Pick {
	var detail []string
	for _, s := range []string{a.Published, a.Source} {
		if s != "" {
			detail = append(detail, s)
		}
	}
	return Pick{Number: number, Arg: a.ID, Label: title(a), Detail: strings.Join(detail, " · "), Current: a.ID == current}
}

// chooseFirst is the reply to a command that needs one article when the
// chat asks the whole library: the list to choose it from.
func (rt *Router) chooseFirst(req Request) Reply {
	all := newest(rt.library(req))
	// The first page of /article's list, as a platform's buttons show it.
	cmd, _ := findCommand(rt.commands, CmdArticle)
	req.Offset, req.Limit = 0, cmd.Page
	rep := rt.articleList(req, all, rt.catalog.T(req.Lang, "article.first", req.Command))
	rep.Outcome = Refused
	return rep
}

// title is what an article is called: its title, else its id.
func title(a qa.ArticleInfo) string {
	if t := strings.TrimSpace(a.Title); t != "" {
		return t
	}
	return a.ID
}

// newest returns the articles newest first, by the date their front
// matter gives (those without one last), then by title and id.
func newest(all []qa.ArticleInfo) []qa.ArticleInfo {
	type dated struct {
		a   qa.ArticleInfo
		t   time.Time
		key string
	}
	ds := make([]dated, len(all))
	for i, a := range all {
		ds[i] = dated{a: a, t: published(a.Published), key: analysis.Fold(title(a))}
	}
	slices.SortStableFunc(ds, func(x, y dated) int {
		return cmp.Or(y.t.Compare(x.t), cmp.Compare(x.key, y.key), cmp.Compare(x.a.ID, y.a.ID))
	})
	out := make([]qa.ArticleInfo, len(ds))
	for i, d := range ds {
		out[i] = d.a
	}
	return out
}

// dateLayouts are the ways front matter writes a date.
var dateLayouts = []string{time.RFC3339, "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02", "2006-01", "2006", "02/01/2006"}

// published reads a front matter's date; the zero time when it cannot.
func published(s string) time.Time {
	s = strings.TrimSpace(s)
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t
		}
	}
	return time.Time{}
}

// findArticles reads /article's argument against the library, newest
// first: library when it names the whole library, else the articles it
// may mean. An id, whole or the start of one, or the article's number in
// the list, names one; words name the articles whose title (or id) has
// words that start with each of them, else, when none does, words one or
// two typos from each.
func findArticles(arg string, all []qa.ArticleInfo) (library bool, found []qa.ArticleInfo) {
	if arg == LibraryArg {
		return true, nil
	}
	for _, a := range all {
		if strings.EqualFold(a.ID, arg) {
			return false, []qa.ArticleInfo{a}
		}
	}
	if n, err := strconv.Atoi(arg); err == nil && n >= 1 && n <= len(all) {
		return false, all[n-1 : n]
	}
	key := analysis.Fold(arg)
	for _, a := range all {
		if strings.HasPrefix(analysis.Fold(a.ID), key) {
			found = append(found, a)
		}
	}
	if len(found) > 0 {
		return false, found
	}
	words := wordsOf(key)
	if len(words) == 0 {
		return false, nil
	}
	for _, typos := range []bool{false, true} {
		for _, a := range all {
			if coversAll(words, wordsOf(analysis.Fold(title(a)+" "+a.ID)), typos) {
				found = append(found, a)
			}
		}
		if len(found) > 0 {
			break
		}
	}
	return false, found
}

// coversAll reports whether each word of want starts a word of have, or,
// with typos, is as near one as Suggest allows (for words of four letters
// or more).
func coversAll(want, have []string, typos bool) bool {
	for _, w := range want {
		ok := slices.ContainsFunc(have, func(h string) bool {
			if strings.HasPrefix(h, w) {
				return true
			}
			n := utf8.RuneCountInString(w)
			limit := max(1, n/3) + 1
			return typos && n >= 4 && editDistance(w, h, limit) < limit
		})
		if !ok {
			return false
		}
	}
	return true
}

// wordsOf splits folded text into its words: runs of letters and digits.
func wordsOf(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// The data of the buttons of an article list, as PickButton and PageButton
// make them.
const (
	pickPrefix = "article:"
	pagePrefix = "articles:"
	// MaxButtonData is the most bytes a button's data may hold on every
	// platform: Telegram's callback_data takes 64.
	MaxButtonData = 64
)

// PickButton is the data of a button that picks p, as /article p.Arg does;
// an id too long for a button is named by its number in the list.
func PickButton(p Pick) string {
	if data := pickPrefix + p.Arg; len(data) <= MaxButtonData {
		return data
	}
	return pickPrefix + strconv.Itoa(p.Number)
}

// PageButton is the data of a button that shows the article list from
// offset.
func PageButton(offset int) string { return pagePrefix + strconv.Itoa(offset) }

// ParseArticleButton reads the data of a button PickButton or PageButton
// made, as the /article request it stands for; ok is false for any other.
func ParseArticleButton(data string) (req Request, ok bool) {
	if num, found := strings.CutPrefix(data, pagePrefix); found {
		offset, err := strconv.Atoi(num)
		if err != nil || offset < 0 || num != strconv.Itoa(offset) {
			return Request{}, false
		}
		return Request{Command: CmdArticle, Offset: offset}, true
	}
	arg, found := strings.CutPrefix(data, pickPrefix)
	if !found || strings.TrimSpace(arg) == "" {
		return Request{}, false
	}
	return Request{Command: CmdArticle, Args: arg}, true
}
