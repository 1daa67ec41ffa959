package bot

import (
	"context"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kutip/kutip/qa"
	"github.com/kutip/kutip/qa/analysis"
)

// A Choice is a suggestion for the argument a user is typing: Name is shown,
// Value is what is sent when the user picks it.
type Choice struct {
	Name, Value string
}

// The most suggestions Complete gives, and the longest Name and Value, in
// characters as TextLen counts them (Discord's autocomplete limits).
const (
	MaxChoices   = 25
	MaxChoiceLen = 100
)

// Complete suggests the argument of command as the user types it, for the
// chat's article: for /ask, the typed text itself first (so that it can be
// sent as it is), then the question completed with the article's names and
// key terms, then the start of the quotes that would answer it; for /quote,
// the article's speakers, names and key terms; for /article, the articles by
// title. Suggestions match what is typed, ignoring case and accents; there
// are at most MaxChoices, each Name and Value at most MaxChoiceLen long.
func (rt *Router) Complete(ctx context.Context, chat, command, typed string) []Choice {
	rt = rt.now()
	var l choiceList
	typed = strings.ToValidUTF8(typed, "")
	// Suggestions are a hint: when the chat's pick cannot be read, they are
	// the library's first article's.
	req := Request{Chat: chat, lib: &libraryCache{}}
	req.picked, _ = rt.choices.Article(ctx, chat)
	switch command {
	case CmdAsk:
		rt.completeQuestion(ctx, &l, req, typed)
	case CmdQuote:
		rt.completeWho(&l, req, typed)
	case CmdArticle:
		rt.completeArticle(&l, req, typed)
	}
	return l.list
}

func (rt *Router) completeQuestion(ctx context.Context, l *choiceList, req Request, typed string) {
	typed = strings.TrimLeftFunc(typed, unicode.IsSpace)
	q := strings.TrimSpace(typed)
	l.add(q, q)
	// The chat's article's words; none for the whole library, whose
	// answers are previewed all the same.
	a, ok := rt.current(req)
	if ok {
		terms, _ := rt.engine.Terms(a.ID)
		for _, c := range completions(typed, terms) {
			l.add(c, c)
		}
	} else if len(rt.library(req)) == 0 {
		return
	}
	if q == "" || TextLen(q) > MaxChoiceLen {
		return // nothing to preview, or no Value could carry the question
	}
	ans, err := rt.engine.Ask(ctx, qa.Query{Text: q, Article: a.ID, N: 2})
	if err != nil || ans.Abstained {
		return
	}
	for _, h := range distinct(ans.Hits) {
		l.add("» "+FoldSpace(h.Text), q)
	}
}

// completeArticle offers the whole library, then the articles, newest
// first, whose title or id holds what is typed, or that /article would
// find by it.
func (rt *Router) completeArticle(l *choiceList, req Request, typed string) {
	all := newest(rt.library(req))
	key := analysis.Fold(strings.TrimSpace(typed))
	lang := rt.lang(req)
	if whole := rt.catalog.N(lang, "article.library", len(all)); len(all) > 1 && strings.Contains(analysis.Fold(whole), key) {
		l.add(whole, LibraryArg)
	}
	_, found := findArticles(strings.TrimSpace(typed), all)
	for _, a := range all {
		if strings.Contains(analysis.Fold(a.Title), key) || strings.Contains(analysis.Fold(a.ID), key) ||
			slices.ContainsFunc(found, func(f qa.ArticleInfo) bool { return f.ID == a.ID }) {
			l.add(title(a), a.ID)
		}
	}
}

func (rt *Router) completeWho(l *choiceList, req Request, typed string) {
	key := analysis.Fold(strings.TrimSpace(typed))
	for _, s := range rt.speakers(req) {
		if strings.Contains(analysis.Fold(s), key) {
			l.add(s, s)
		}
	}
	a, ok := rt.current(req)
	if !ok {
		return
	}
	terms, _ := rt.engine.Terms(a.ID)
	for _, t := range terms {
		if strings.Contains(t.Key, key) {
			l.add(t.Text, t.Text)
		}
	}
}

// completions returns typed with its last words completed by the article's
// terms: "berapa ko" gives "berapa konflik", "Ilham Al" gives "Ilham Aliyev".
// When nothing is typed, the terms themselves are offered; after a space,
// the names, as the next words.
func completions(typed string, terms []qa.Term) []string {
	const most = MaxChoices
	var out []string
	starts := wordStarts(typed)
	if len(starts) == 0 || unicode.IsSpace(lastRune(typed)) {
		have := analysis.Fold(typed)
		for _, t := range terms {
			if len(out) == most {
				break
			}
			if (t.Name || len(starts) == 0) && !strings.Contains(have, t.Key) {
				out = append(out, typed+t.Text)
			}
		}
		return out
	}
	// The longest tail first: "Ilham Al" is a better clue than "Al".
	for k := min(3, len(starts)); k >= 1; k-- {
		start := starts[len(starts)-k]
		tail := analysis.Fold(typed[start:])
		for _, t := range terms {
			if len(out) == most {
				return out
			}
			if t.Key != tail && strings.HasPrefix(t.Key, tail) {
				out = append(out, typed[:start]+t.Text)
			}
		}
	}
	return out
}

func lastRune(s string) rune {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r
}

// wordStarts returns the byte offsets at which the words of s begin.
func wordStarts(s string) []int {
	var out []int
	prev := ' '
	for i, r := range s {
		if !unicode.IsSpace(r) && unicode.IsSpace(prev) {
			out = append(out, i)
		}
		prev = r
	}
	return out
}

// choiceList collects suggestions within the limits, each Name once.
type choiceList struct {
	list []Choice
}

func (l *choiceList) add(name, value string) {
	name = CutText(strings.TrimSpace(name), MaxChoiceLen)
	if len(l.list) == MaxChoices || name == "" || value == "" || TextLen(value) > MaxChoiceLen {
		return
	}
	if slices.ContainsFunc(l.list, func(c Choice) bool { return c.Name == name }) {
		return
	}
	l.list = append(l.list, Choice{Name: name, Value: value})
}
