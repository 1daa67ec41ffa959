// Package corpus holds the articles kutip quotes from: loading them from
// files, folders or the embedded default, splitting them into paragraphs and
// sentences, and finding their quotations. It knows nothing of search or
// chat platforms.
package corpus

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// An Article is one text, split into paragraphs and sentences.
type Article struct {
	ID string // the file name without its extension
	Meta
	Raw        string // the text Parse was given, front matter and all: sentences and quotations are byte ranges of it
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

// A Sentence is one quotable unit, verbatim: Text is Article.Raw[Start:End],
// line breaks and runs of spaces included (see [FoldSpace] for display). A
// quotation of several sentences with its attribution is one unit; Cuts says
// where its sentences end.
type Sentence struct {
	Text       string
	Start, End int   // byte offsets of Text in Article.Raw
	Cuts       []int // byte offsets in Text right after each sentence end within it, the final one left out
	Index      int   // in the article, from 0
	Paragraph  int   // from 0
	Related    bool
}

// Answerable reports whether s may be offered as an answer.
func (s Sentence) Answerable() bool { return !s.Related }

// Parse builds an article from its text: optional front matter, then
// paragraphs separated by blank lines or one to a line.
func Parse(id, text string) *Article {
	meta, body := splitFrontMatter(text)
	a := &Article{ID: id, Meta: meta, Raw: text}
	if a.Title == "" {
		a.Title, body = markdownTitle(body)
	}
	off := len(text) - len(body) // body is the end of text
	for _, para := range paragraphs(body) {
		p := Paragraph{Index: len(a.Paragraphs), Related: isRelatedLine(para.first)}
		for _, sp := range sentenceSpans(body[para.start:para.end]) {
			start, end := off+para.start+sp[0], off+para.start+sp[1]
			p.Sentences = append(p.Sentences, len(a.Sentences))
			a.Sentences = append(a.Sentences, Sentence{
				Text:      text[start:end],
				Start:     start,
				End:       end,
				Cuts:      cuts(text[start:end]),
				Index:     len(a.Sentences),
				Paragraph: p.Index,
				Related:   p.Related,
			})
		}
		if len(p.Sentences) > 0 {
			a.Paragraphs = append(a.Paragraphs, p)
		}
	}
	// An article lives as long as the library holds it: its sentences
	// and paragraphs keep no spare room that append left.
	a.Sentences, a.Paragraphs = exact(a.Sentences), exact(a.Paragraphs)
	if a.Title == "" {
		a.Title = firstLineTitle(body)
	}
	if a.Title == "" {
		a.Title = id
	}
	a.Quotations = findQuotations(a)
	return a
}

// exact returns s, copied into a slice of its length when append left room
// to spare.
func exact[T any](s []T) []T {
	if cap(s) > len(s) {
		return slices.Clone(s)
	}
	return s
}

// A para is one paragraph of a body: its first and last lines, trimmed,
// which the paragraph rules read, and the byte range of the body it
// covers, from its first line's first character to its last line's last.
type para struct {
	first, last string // "" for no paragraph yet
	start, end  int
}

// paragraphs splits a body into paragraphs. Blank lines separate them; inside
// a block, a line break also starts one unless it only wraps a sentence: the
// line before does not end a sentence and the next goes on in lower case.
// It reads each line once: a paragraph of many wrapped lines costs no more.
func paragraphs(body string) []para {
	var out []para
	blockStart := 0
	for _, sep := range append(blankLine.FindAllStringIndex(body, -1), []int{len(body), len(body)}) {
		block := body[blockStart:sep[0]]
		lineStart := blockStart
		blockStart = sep[1]
		var cur para
		for line := range strings.SplitSeq(block, "\n") {
			at := lineStart
			lineStart += len(line) + 1
			trimmed := strings.TrimSpace(line)
			if trimmed == "" {
				continue
			}
			at += len(line) - len(strings.TrimLeftFunc(line, unicode.IsSpace))
			if cur.first != "" && !wraps(cur.first, cur.last, trimmed) {
				out = append(out, cur)
				cur = para{}
			}
			if cur.first == "" {
				cur = para{first: trimmed, start: at}
			}
			cur.last, cur.end = trimmed, at+len(trimmed)
		}
		if cur.first != "" {
			out = append(out, cur)
		}
	}
	return out
}

var blankLine = regexp.MustCompile(`\n[ \t\r]*\n`)

// wraps reports whether the line next continues the paragraph whose first
// and last lines are first and prev rather than starting one of its own.
func wraps(first, prev, next string) bool {
	if isRelatedLine(next) || isRelatedLine(first) || strings.HasPrefix(next, "#") {
		return false
	}
	trimmed := strings.TrimRightFunc(prev, func(r rune) bool { return strings.ContainsRune(`"”’')]»`, r) })
	if last, n := utf8.DecodeLastRuneInString(trimmed); n > 0 && (isTerminator(last) || last == ':') {
		return false
	}
	r, _ := utf8.DecodeRuneInString(next)
	return unicode.IsLower(r) || unicode.IsDigit(r)
}

// isRelatedLine reports whether a line links to other articles: "Baca
// juga: ...".
func isRelatedLine(line string) bool {
	return builtinRules().isRelated(line)
}

// markdownTitle takes a leading Markdown heading line ("# Title", "## Title")
// of a body as the title.
func markdownTitle(body string) (title, rest string) {
	trimmed := strings.TrimLeft(body, " \t\r\n")
	hashes := len(trimmed) - len(strings.TrimLeft(trimmed, "#"))
	if hashes == 0 || hashes > 6 || !strings.HasPrefix(trimmed[hashes:], " ") {
		return "", body
	}
	line, rest, _ := strings.Cut(trimmed, "\n")
	return strings.TrimSpace(line[hashes:]), rest
}

// maxTitleLen is the longest title, in characters, that firstLineTitle
// takes from a line.
const maxTitleLen = 100

// firstLineTitle is the title of a body without one: its first line, or
// when that is long its first sentence, or when that is long too its words
// up to maxTitleLen characters and "…".
func firstLineTitle(body string) string {
	var line string
	for l := range strings.SplitSeq(body, "\n") {
		if line = FoldSpace(l); strings.IndexFunc(line, isWordRune) >= 0 {
			break
		}
		line = ""
	}
	if utf8.RuneCountInString(line) <= maxTitleLen {
		return line
	}
	if spans := sentenceSpans(line); len(spans) > 0 {
		if first := line[spans[0][0]:spans[0][1]]; utf8.RuneCountInString(first) <= maxTitleLen {
			return first
		}
	}
	cut, space, n := len(line), 0, 0
	for i, r := range line {
		if n == maxTitleLen-1 { // room for the "…"
			cut = i
			break
		}
		if r == ' ' {
			space = i
		}
		n++
	}
	if space > 0 {
		cut = space
	}
	return strings.TrimRight(line[:cut], " ,;:") + "…"
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// FoldSpace folds the white space of s to single spaces and trims it, for
// display: a sentence's lines joined, its runs of spaces folded.
func FoldSpace(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
