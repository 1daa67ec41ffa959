// Package corpus holds the articles kutip quotes from: loading them from
// files, folders or the embedded default, splitting them into paragraphs and
// sentences, and finding their quotations. It knows nothing of search or
// chat platforms.
package corpus

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// An Article is one text, split into paragraphs and sentences.
type Article struct {
	ID string // the file name without its extension
	Meta
	Paragraphs []Paragraph
	Sentences  []Sentence // every sentence, in order; Sentence.Index is the position here
	Quotations []Quotation
}

// Meta is what an article's front matter says about it.
type Meta struct {
	Title     string `json:"title,omitempty"`
	URL       string `json:"url,omitempty"`
	Published string `json:"published,omitempty"`
	Language  string `json:"language,omitempty"` // ISO 639-1, "" when the front matter does not say
	Author    string `json:"author,omitempty"`
	Source    string `json:"source,omitempty"`
}

// A Paragraph is a run of sentences. Related paragraphs ("Baca juga: ...")
// link to other articles; they are kept but never offered as answers.
type Paragraph struct {
	Index     int
	Related   bool
	Sentences []int // indexes into Article.Sentences
}

// A Sentence is one quotable unit, verbatim but for white space, which is
// folded to single spaces.
type Sentence struct {
	Text      string
	Index     int // in the article, from 0
	Paragraph int // from 0
	Related   bool
}

// Answerable reports whether s may be offered as an answer.
func (s Sentence) Answerable() bool { return !s.Related }

// Parse builds an article from its text: optional front matter, then
// paragraphs separated by blank lines or one to a line.
func Parse(id, text string) *Article {
	meta, body := splitFrontMatter(text)
	a := &Article{ID: id, Meta: meta}
	if a.Title == "" {
		a.Title, body = markdownTitle(body)
	}
	for _, para := range paragraphs(body) {
		p := Paragraph{Index: len(a.Paragraphs), Related: isRelatedLine(para)}
		for _, s := range SplitSentences(para) {
			p.Sentences = append(p.Sentences, len(a.Sentences))
			a.Sentences = append(a.Sentences, Sentence{
				Text:      foldSpace(s),
				Index:     len(a.Sentences),
				Paragraph: p.Index,
				Related:   p.Related,
			})
		}
		if len(p.Sentences) > 0 {
			a.Paragraphs = append(a.Paragraphs, p)
		}
	}
	if a.Title == "" {
		a.Title = id
	}
	a.Quotations = findQuotations(a)
	return a
}

// Text returns the article's body: its paragraphs, blank lines between them.
func (a *Article) Text() string {
	var b strings.Builder
	for i, p := range a.Paragraphs {
		if i > 0 {
			b.WriteString("\n\n")
		}
		for j, si := range p.Sentences {
			if j > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(a.Sentences[si].Text)
		}
	}
	return b.String()
}

// paragraphs splits a body into paragraphs. Blank lines separate them; inside
// a block, a line break also starts one unless it only wraps a sentence: the
// line before does not end a sentence and the next goes on in lower case.
func paragraphs(body string) []string {
	var out []string
	for _, block := range blankLine.Split(body, -1) {
		lines := strings.Split(strings.TrimSpace(block), "\n")
		cur := ""
		for _, line := range lines {
			line = strings.TrimSpace(line)
			if line == "" {
				continue
			}
			if cur != "" && !wraps(cur, line) {
				out = append(out, cur)
				cur = ""
			}
			if cur == "" {
				cur = line
			} else {
				cur += "\n" + line
			}
		}
		if cur != "" {
			out = append(out, cur)
		}
	}
	return out
}

var blankLine = regexp.MustCompile(`\n[ \t\r]*\n`)

// wraps reports whether next continues the paragraph prev rather than
// starting one of its own.
func wraps(prev, next string) bool {
	if isRelatedLine(next) || isRelatedLine(prev) || strings.HasPrefix(next, "#") {
		return false
	}
	trimmed := strings.TrimRightFunc(prev, func(r rune) bool { return strings.ContainsRune(`"”’')]»`, r) })
	if last, n := utf8.DecodeLastRuneInString(trimmed); n > 0 && (isTerminator(last) || last == ':') {
		return false
	}
	first, _ := utf8.DecodeRuneInString(next)
	return unicode.IsLower(first) || unicode.IsDigit(first)
}

// isRelatedLine reports whether a line links to other articles: "Baca
// juga: ...".
func isRelatedLine(line string) bool {
	re := builtinRules().related
	return re != nil && re.MatchString(line)
}

// markdownTitle takes a leading "# Title" line of a Markdown body as the title.
func markdownTitle(body string) (title, rest string) {
	trimmed := strings.TrimLeft(body, " \t\r\n")
	if !strings.HasPrefix(trimmed, "# ") {
		return "", body
	}
	line, rest, _ := strings.Cut(trimmed, "\n")
	return strings.TrimSpace(strings.TrimPrefix(line, "# ")), rest
}

func foldSpace(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
