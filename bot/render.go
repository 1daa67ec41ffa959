package bot

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kutip/kutip/corpus"
)

// Markup is how a platform marks up text: the few things the renderer asks
// of it. Every text the renderer hands over has been escaped already. A nil
// func leaves text as it is.
type Markup struct {
	Escape func(s string) string         // makes text show as written: nothing in it is markup
	Bold   func(s string) string         // the words that matched, and "the article does not say"
	Italic func(s string) string         // asides: where a quote stands
	Link   func(text, url string) string // url is an http or https address
	// QuoteLink links where a quote stands ("paragraph 2, sentence 3") to
	// the quote on its article's page; nil: not linked, as in the
	// terminal, where the address would drown the reply.
	QuoteLink func(text, url string) string
	Quote     func(s string) string // a quotation; nil: in quotation marks
	Number    func(n int) string    // what goes before the n-th quote of a reply; n is 0 for the one quote shown unnumbered
	Indent    string                // before the lines under a quotation: who said it, where it stands
	// Buttons says the platform shows an article list's picks as buttons:
	// Render renders only the list's words, not its lines.
	Buttons bool
}

// A Renderer renders replies in one platform's markup, with the bot's words
// from its catalog.
type Renderer struct {
	Catalog *Catalog
	Markup  Markup
}

// Rendered is a reply in a platform's markup: the bot's words before its
// quotes, the blocks of its body (a quote each, or the bot's words) and the
// line that names its source.
type Rendered struct {
	Head   string // the Text of a reply that has quotes too: an article just added
	Blocks []string
	Source string // "" when the reply names no article
}

// String is the whole reply as one message: its head, its blocks, then its
// source, a blank line between them.
func (r Rendered) String() string {
	parts := r.Blocks
	if r.Head != "" {
		parts = append([]string{r.Head}, parts...)
	}
	if r.Source != "" {
		parts = append(parts[:len(parts):len(parts)], r.Source)
	}
	return strings.Join(parts, "\n\n")
}

// Render walks a reply once and renders it.
func (r Renderer) Render(rep Reply) Rendered {
	out := r.render(rep)
	switch rep.Kind {
	case KindAnswer, KindQuotes, KindSummary: // the others show their Text themselves, or none
		out.Head = r.esc(rep.Text)
	}
	return out
}

func (r Renderer) render(rep Reply) Rendered {
	lang := rep.Lang
	switch rep.Kind {
	case KindText:
		return Rendered{Blocks: []string{r.esc(rep.Text)}}
	case KindArticles:
		return Rendered{Blocks: []string{r.Picks(rep)}}
	case KindSource:
		if rep.Article == nil && rep.Library > 0 {
			return Rendered{Source: r.esc(r.Catalog.N(lang, "source.library", rep.Library))}
		}
		line := r.SourceLine(rep.Article, lang)
		if rep.Library > 1 {
			line += "\n" + r.esc(r.Catalog.N(lang, "source.one_of", rep.Library))
		}
		return Rendered{Source: line}
	case KindAnswer:
		if rep.Abstained {
			out := Rendered{Blocks: []string{r.bold(r.esc(r.Catalog.T(lang, rep.None())))}}
			if rep.Closest != nil {
				out.Blocks = append(out.Blocks, r.Closest(*rep.Closest, lang))
			}
			return out
		}
	}
	rep = OneSource(rep)
	out := Rendered{Source: r.SourceLine(rep.Article, lang)}
	for i, q := range rep.Quotes {
		out.Blocks = append(out.Blocks, r.Quote(rep.Offset+i+1, q, lang))
	}
	return out
}

// None is the catalog key of what an abstention says: that the article
// does not say, or, for one asked of the whole library, that no article
// does.
func (rep Reply) None() string {
	if rep.Library > 1 {
		return "answer.none_library"
	}
	return "answer.none"
}

// OneSource is rep with the article its quotes all come from as its
// Article, when it names none but its quotes name one, each in its From:
// a reply cut to the quotes of one article names it once.
func OneSource(rep Reply) Reply {
	if rep.Article != nil || len(rep.Quotes) == 0 {
		return rep
	}
	from := rep.Quotes[0].From
	for _, q := range rep.Quotes {
		if q.From == nil || from == nil || q.From.ID != from.ID {
			return rep
		}
	}
	rep.Article = from
	rep.Quotes = slices.Clone(rep.Quotes)
	for i := range rep.Quotes {
		rep.Quotes[i].From = nil
	}
	return rep
}

// Picks renders an article list: its words, and, unless the platform shows
// them as buttons, a line a pick, numbered as /article takes them, the
// chat's current one marked, and how to choose.
func (r Renderer) Picks(rep Reply) string {
	lines := []string{r.esc(rep.Text)}
	if r.Markup.Buttons {
		return lines[0]
	}
	shown := 0
	for _, p := range rep.Picks {
		mark := "  "
		if p.Current {
			mark = "→ "
		}
		line := fmt.Sprintf("%s%d. %s", mark, p.Number, p.Label)
		if p.Detail != "" {
			line += " — " + p.Detail
		}
		lines = append(lines, r.esc(line))
		if p.Number > 0 {
			shown++
		}
	}
	if left := rep.Matched - rep.Offset - shown; rep.More && left > 0 {
		lines = append(lines, r.esc(r.Catalog.N(rep.Lang, "article.list_more", left)))
	}
	return strings.Join(append(lines, r.esc(r.Catalog.T(rep.Lang, "article.list_hint"))), "\n")
}

// Quote renders the n-th quote of a reply (n from 1; 0 for a quote shown
// alone): the quotation, who said it, where it stands.
func (r Renderer) Quote(n int, q Quote, lang string) string {
	var b strings.Builder
	if r.Markup.Number != nil {
		b.WriteString(r.Markup.Number(n))
	}
	b.WriteString(r.Quotation(q))
	if q.Speaker != "" {
		b.WriteString("\n" + r.Markup.Indent + r.esc("— "+SpeakerLine(q)))
	}
	where := r.esc(r.Catalog.T(lang, "answer.where", q.Paragraph+1, q.Sentence+1))
	if r.Markup.QuoteLink != nil && WebURL(q.Link) {
		where = r.Markup.QuoteLink(where, q.Link)
	}
	if q.From != nil {
		where = r.titleOf(q.From) + ", " + where
	}
	b.WriteString("\n" + r.Markup.Indent + r.italic(where))
	return b.String()
}

// Closest renders the sentence nearest to a question the article does not
// answer, under its label.
func (r Renderer) Closest(q Quote, lang string) string {
	return r.esc(r.Catalog.T(lang, "answer.closest")+":") + "\n" + r.Quote(0, q, lang)
}

// Quotation renders a quote's text as a quotation, its matched words in
// bold and its white space folded.
func (r Renderer) Quotation(q Quote) string {
	var b strings.Builder
	for _, s := range segments(q) {
		t := r.esc(s.Text)
		if s.Bold {
			t = r.bold(t)
		}
		b.WriteString(t)
	}
	if r.Markup.Quote != nil {
		return r.Markup.Quote(b.String())
	}
	return quoted(b.String())
}

// SourceLine names an article: "Sumber: title · source · date", the title
// linked to the article when it has a web address.
func (r Renderer) SourceLine(a *Article, lang string) string {
	if a == nil {
		return ""
	}
	title := r.titleOf(a)
	parts := []string{title}
	for _, s := range []string{a.Source, a.Published} {
		if s != "" {
			parts = append(parts, r.esc(s))
		}
	}
	return r.esc(r.Catalog.T(lang, "answer.source")+": ") + strings.Join(parts, " · ")
}

// titleOf is an article's title (its id when it has none), linked to the
// article when it has a web address.
func (r Renderer) titleOf(a *Article) string {
	title := r.esc(a.Title)
	if title == "" {
		title = r.esc(a.ID)
	}
	if r.Markup.Link != nil && WebURL(a.URL) {
		title = r.Markup.Link(title, a.URL)
	}
	return title
}

func (r Renderer) esc(s string) string {
	if r.Markup.Escape == nil {
		return s
	}
	return r.Markup.Escape(s)
}

func (r Renderer) bold(s string) string {
	if r.Markup.Bold == nil || s == "" {
		return s
	}
	return r.Markup.Bold(s)
}

func (r Renderer) italic(s string) string {
	if r.Markup.Italic == nil {
		return s
	}
	return r.Markup.Italic(s)
}

// A segment is a piece of a quote's text, bold where it matched the question.
type segment struct {
	Text string
	Bold bool
}

// segments cuts a quote's text at its highlights, its white space folded to
// single spaces and trimmed, as a quote is shown. Highlights out of range,
// out of order or overlapping are skipped, so a bad span can never cut a
// rune or lose text; highlights only a space apart are joined ("meninggal
// dunia").
func segments(q Quote) []segment {
	var out []segment
	at := 0
	for _, h := range q.Highlights {
		if h.Start < at || h.End <= h.Start || h.End > len(q.Text) ||
			!utf8.RuneStart(q.Text[h.Start]) || h.End < len(q.Text) && !utf8.RuneStart(q.Text[h.End]) {
			continue
		}
		if h.Start > at {
			out = append(out, segment{Text: q.Text[at:h.Start]})
		}
		if n := len(out); n > 0 && out[n-1].Bold && h.Start == at {
			out[n-1].Text += q.Text[h.Start:h.End]
		} else if n := len(out); n > 1 && out[n-2].Bold && strings.TrimSpace(out[n-1].Text) == "" {
			out[n-2].Text += out[n-1].Text + q.Text[h.Start:h.End]
			out = out[:n-1]
		} else {
			out = append(out, segment{Text: q.Text[h.Start:h.End], Bold: true})
		}
		at = h.End
	}
	if at < len(q.Text) {
		out = append(out, segment{Text: q.Text[at:]})
	}
	return foldSegments(out)
}

// foldSegments folds the white space of segments that follow one another
// as if they were one text: each run becomes one space, none at either end.
func foldSegments(segs []segment) []segment {
	out := segs[:0]
	space := true // at the start, spaces are dropped
	for _, s := range segs {
		var b strings.Builder
		for _, r := range s.Text {
			if unicode.IsSpace(r) {
				if !space {
					b.WriteByte(' ')
					space = true
				}
				continue
			}
			b.WriteRune(r)
			space = false
		}
		if b.Len() > 0 {
			out = append(out, segment{Text: b.String(), Bold: s.Bold})
		}
	}
	if n := len(out); n > 0 {
		out[n-1].Text = strings.TrimSuffix(out[n-1].Text, " ")
		if out[n-1].Text == "" {
			out = out[:n-1]
		}
	}
	return out
}

// FoldSpace folds s's white space to single spaces and trims it, as a quote
// is shown: corpus.FoldSpace, for the adapters, which do not import corpus.
func FoldSpace(s string) string { return corpus.FoldSpace(s) }

// quoted puts text in quotation marks, unless it starts with one already.
func quoted(text string) string {
	if r, _ := utf8.DecodeRuneInString(text); strings.ContainsRune(`"“„«'‘`, r) {
		return text
	}
	return "“" + text + "”"
}

// SpeakerLine names who said a quotation: "Ilham Aliyev, Presiden Republik Azerbaijan".
func SpeakerLine(q Quote) string {
	if q.Role == "" {
		return q.Speaker
	}
	return q.Speaker + ", " + q.Role
}

// PlainMarkup is text with no markup at all: numbered quotes, asides in
// brackets, links after their text. The terminal builds on it.
func PlainMarkup() Markup {
	return Markup{
		Italic: func(s string) string { return "(" + s + ")" },
		Link:   func(text, url string) string { return text + " <" + url + ">" },
		Number: func(n int) string {
			if n == 0 {
				return "   "
			}
			return fmt.Sprintf("%d. ", n)
		},
		Indent: "   ",
	}
}
