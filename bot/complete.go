package bot

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/kutip/kutip/corpus"
	"github.com/kutip/kutip/qa"
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

// termSentences bounds how much of an article Complete reads for its names
// and key terms, so that a suggestion stays quick in a very long article.
const termSentences = 2000

// Complete suggests the argument of command as the user types it, for the
// chat's article: for /ask, the typed text itself first (so that it can be
// sent as it is), then the question completed with the article's names and
// key terms, then the start of the quotes that would answer it; for /quote,
// the article's speakers, names and key terms; for /article, the articles by
// title. Suggestions match what is typed, ignoring case and accents; there
// are at most MaxChoices, each Name and Value at most MaxChoiceLen long.
func (rt *Router) Complete(ctx context.Context, chat, command, typed string) []Choice {
	var l choiceList
	typed = strings.ToValidUTF8(typed, "")
	switch command {
	case CmdAsk:
		rt.completeQuestion(ctx, &l, chat, typed)
	case CmdQuote:
		rt.completeWho(&l, chat, typed)
	case CmdArticle:
		key := fold(strings.TrimSpace(typed))
		for _, a := range rt.corpus.Articles {
			if strings.Contains(fold(a.Title), key) || strings.Contains(fold(a.ID), key) {
				l.add(a.Title, a.ID)
			}
		}
	}
	return l.list
}

func (rt *Router) completeQuestion(ctx context.Context, l *choiceList, chat, typed string) {
	typed = strings.TrimLeftFunc(typed, unicode.IsSpace)
	q := strings.TrimSpace(typed)
	l.add(q, q)
	a := rt.article(chat)
	terms := rt.articleTerms(a)
	for _, c := range completions(typed, terms) {
		l.add(c, c)
	}
	if q == "" || TextLen(q) > MaxChoiceLen {
		return // nothing to preview, or no Value could carry the question
	}
	ans, err := rt.engine.Ask(ctx, qa.Query{Text: q, Article: a.ID, N: 2})
	if err != nil || ans.Abstained {
		return
	}
	for _, h := range ans.Hits {
		l.add("» "+h.Text, q)
	}
}

func (rt *Router) completeWho(l *choiceList, chat, typed string) {
	key := fold(strings.TrimSpace(typed))
	for _, s := range rt.Speakers(chat) {
		if strings.Contains(fold(s), key) {
			l.add(s, s)
		}
	}
	for _, t := range rt.articleTerms(rt.article(chat)) {
		if strings.Contains(t.key, key) {
			l.add(t.text, t.text)
		}
	}
}

// completions returns typed with its last words completed by the article's
// terms: "berapa ko" gives "berapa konflik", "Ilham Al" gives "Ilham Aliyev".
// When nothing is typed, the terms themselves are offered; after a space,
// the names, as the next words.
func completions(typed string, terms []term) []string {
	const most = MaxChoices
	var out []string
	starts := wordStarts(typed)
	if len(starts) == 0 || unicode.IsSpace(lastRune(typed)) {
		have := fold(typed)
		for _, t := range terms {
			if len(out) == most {
				break
			}
			if (t.name || len(starts) == 0) && !strings.Contains(have, t.key) {
				out = append(out, typed+t.text)
			}
		}
		return out
	}
	// The longest tail first: "Ilham Al" is a better clue than "Al".
	for k := min(3, len(starts)); k >= 1; k-- {
		start := starts[len(starts)-k]
		tail := fold(typed[start:])
		for _, t := range terms {
			if len(out) == most {
				return out
			}
			if t.key != tail && strings.HasPrefix(t.key, tail) {
				out = append(out, typed[:start]+t.text)
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

// A term is a name or a key word of an article.
type term struct {
	text  string // as written: "Ilham Aliyev", "Nagorno-Karabakh", "korban"
	key   string // folded, for matching
	name  bool
	count int
}

// articleTerms returns an article's names (speakers first, then capitalised
// words and runs of them within sentences) and key words (not stop words,
// four letters or more), most frequent first. They are worked out once an
// article: autocomplete asks at every key the user types.
func (rt *Router) articleTerms(a *corpus.Article) []term {
	if ts, ok := rt.terms.Load(a.ID); ok {
		return ts.([]term)
	}
	ts, _ := rt.terms.LoadOrStore(a.ID, rt.findTerms(a))
	return ts.([]term)
}

func (rt *Router) findTerms(a *corpus.Article) []term {
	an := qa.NewAnalyzer(rt.language(a))
	byKey := map[string]*term{}
	add := func(text string, name bool, weight int) {
		k := fold(text)
		t, ok := byKey[k]
		if !ok {
			t = &term{text: text, key: k, name: name}
			byKey[k] = t
		}
		t.count += weight
	}
	for _, q := range a.Quotations {
		if q.Speaker != "" {
			add(q.Speaker, true, 100)
		}
	}
	for _, s := range a.Sentences[:min(len(a.Sentences), termSentences)] {
		if !s.Answerable() {
			continue
		}
		toks := an.Analyze(s.Text)
		for i := 0; i < len(toks); i++ {
			t := toks[i]
			if t.Kind != qa.Word || t.Stop {
				continue
			}
			if !t.Capital {
				if utf8.RuneCountInString(t.Word) >= 4 {
					add(t.Word, false, 1)
				}
				continue
			}
			// A run of capitalised words joined by a space or a hyphen; one
			// capital that only starts the sentence is no name.
			end := i
			for end+1 < len(toks) && isNamePart(toks[end+1]) && joins(s.Text[toks[end].End:toks[end+1].Start]) {
				end++
			}
			if i > 0 || end > i {
				add(s.Text[t.Start:toks[end].End], true, 1)
			}
			i = end
		}
	}
	out := make([]term, 0, len(byKey))
	for _, t := range byKey {
		out = append(out, *t)
	}
	slices.SortFunc(out, func(a, b term) int {
		return cmp.Or(cmp.Compare(b.count, a.count), cmp.Compare(a.key, b.key))
	})
	return out
}

func isNamePart(t qa.Token) bool { return t.Kind == qa.Word && t.Capital && !t.Stop }

func joins(between string) bool { return between == " " || between == "-" }

// language returns the language of an article's text.
func (rt *Router) language(a *corpus.Article) string {
	if e, ok := rt.engine.(interface{ Language(string) string }); ok {
		if lang := e.Language(a.ID); lang != "" {
			return lang
		}
	}
	if a.Language != "" {
		return a.Language
	}
	var b strings.Builder
	for _, s := range a.Sentences[:min(len(a.Sentences), 50)] {
		b.WriteString(s.Text + " ")
	}
	return qa.DetectLanguage(b.String())
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

// fold lowercases s and drops its accents, for matching what is typed:
// "antonio" finds "António".
func fold(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		if !unicode.Is(unicode.Mn, r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// TextLen returns the length of s as Discord and Telegram count characters:
// in UTF-16 code units.
func TextLen(s string) int {
	n := 0
	for _, r := range s {
		n += max(utf16.RuneLen(r), 1) // an invalid byte is sent as U+FFFD
	}
	return n
}

// CutText cuts s to at most n characters as TextLen counts them, on a rune
// boundary, ending it with "…" when it cuts.
func CutText(s string, n int) string {
	if TextLen(s) <= n {
		return s
	}
	if n < 1 {
		return ""
	}
	used := 1 // the "…"
	for i, r := range s {
		used += max(utf16.RuneLen(r), 1)
		if used > n {
			return s[:i] + "…"
		}
	}
	return s
}
