package corpus

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// A text fragment (wicg.github.io/scroll-to-text-fragment) makes a browser
// scroll to a passage of a page and highlight it:
// #:~:text=[prefix-,]textStart[,textEnd][,-suffix]. The browser takes the
// first passage of the page that matches, so the fragment is made long
// enough, with words of context around it when needed, to make the quote
// that first match in the text it is given.
const (
	exactWords   = 10 // a quote of at most this many words is given whole
	minEdgeWords = 3  // else its first and last few words: at least this many
	maxEdgeWords = 10
	maxContext   = 3       // words of prefix and suffix, at most
	maxLen       = 400     // bytes of a fragment, encoded, that is tried: links must fit in a chat message
	maxSteps     = 1 << 20 // words compared in matching one fragment: a text of one word over and over gives up, not hangs
)

// TextFragment returns the fragment directive, ":~:text=…", that takes a
// browser to text[start:end] of a page whose text is text; "" when that
// holds no word. A quote of a few words is given whole, a longer one as its
// first and last words (whole when those recur inside it); either gets
// words before and after it when the text has the same passage earlier.
// A fragment is kept under 400 bytes: when no unique one is that short,
// the shortest is given, and the browser shows the first match. Matching is by whole words,
// case-insensitive, white space folded, as browsers match; the terms are
// percent-encoded, commas, dashes and ampersands included. Append it to an
// article's address after a "#", or after its fragment if it has one.
func TextFragment(text string, start, end int) string {
	if start < 0 || end > len(text) || start >= end {
		return ""
	}
	words := wordSpans(text)
	qs, qe := -1, -1
	for i, w := range words {
		if qs < 0 && w[0] >= start {
			qs = i
		}
		if w[1] <= end && w[0] >= start {
			qe = i + 1
		}
	}
	if qs < 0 || qe <= qs {
		return ""
	}
	lower := make([]string, len(words))
	for i, w := range words {
		lower[i] = strings.ToLower(text[w[0]:w[1]])
	}
	n := qe - qs
	var first directive
	try := func(d directive) bool {
		if first.start.empty() {
			first = d
		}
		if len(d.format(text, words)) > maxLen {
			return false
		}
		i, j := d.match(lower)
		return i == qs && j == qe
	}
	for c := range maxContext + 1 {
		ctx := directive{prefix: span{max(qs-c, 0), qs}, suffix: span{qe, min(qe+c, len(words))}}
		if c > 0 && ctx.prefix.empty() && ctx.suffix.empty() {
			break // no more context to be had
		}
		if n <= exactWords {
			if d := ctx.with(span{qs, qe}, span{}); try(d) {
				return d.format(text, words)
			}
			continue
		}
		for k := minEdgeWords; k <= maxEdgeWords && 2*k <= n; k++ {
			if d := ctx.with(span{qs, qs + k}, span{qe - k, qe}); try(d) {
				return d.format(text, words)
			}
		}
	}
	if n > exactWords { // a long quote whose edges recur inside it: whole
		for c := range maxContext + 1 {
			d := directive{prefix: span{max(qs-c, 0), qs}, start: span{qs, qe}, suffix: span{qe, min(qe+c, len(words))}}
			if try(d) {
				return d.format(text, words)
			}
		}
	}
	return first.format(text, words) // the same passage twice, context and all: the first is highlighted
}

// wordSpans returns the byte ranges of text's words: runs of anything but
// white space.
func wordSpans(text string) [][2]int {
	var out [][2]int
	at := -1
	for i, r := range text {
		if unicode.IsSpace(r) {
			if at >= 0 {
				out = append(out, [2]int{at, i})
				at = -1
			}
		} else if at < 0 {
			at = i
		}
	}
	if at >= 0 {
		out = append(out, [2]int{at, len(text)})
	}
	return out
}

// A span is a range [i, j) of words.
type span struct{ i, j int }

func (s span) empty() bool { return s.j <= s.i }

// A directive is a text directive's terms, as ranges of a page's words.
type directive struct {
	prefix, start, end, suffix span // end empty: start is the whole passage
}

func (d directive) with(start, end span) directive {
	d.start, d.end = start, end
	return d
}

// match returns the range of words [i, j) a browser would highlight for d
// in a page of these (lower-case) words, or -1, -1: the first passage that
// starts with d's start (right after its prefix), ends with the first of
// its end found after that, and is followed by its suffix (the algorithm of
// the text fragments spec, by whole words). It gives up, as if nothing
// matched, after comparing maxSteps words.
func (d directive) match(words []string) (int, int) {
	term := func(s span) []string { return words[s.i:s.j] }
	prefix, start, end, suffix := term(d.prefix), term(d.start), term(d.end), term(d.suffix)
	steps := 0
	at := func(i int, pat []string) bool {
		if i+len(pat) > len(words) {
			return false
		}
		steps += len(pat)
		for k, w := range pat {
			if words[i+k] != w {
				return false
			}
		}
		return true
	}
	find := func(pat []string, from int) int {
		for i := from; i+len(pat) <= len(words) && steps <= maxSteps; i++ {
			if at(i, pat) {
				return i
			}
		}
		return -1
	}
	for from := 0; from < len(words) && steps <= maxSteps; {
		var st int
		if len(prefix) > 0 {
			p := find(prefix, from)
			if p < 0 {
				return -1, -1
			}
			from, st = p+1, p+len(prefix)
			if !at(st, start) {
				continue
			}
		} else {
			if st = find(start, from); st < 0 {
				return -1, -1
			}
			from = st + 1
		}
		e := st + len(start)
		for {
			if len(end) > 0 {
				en := find(end, e)
				if en < 0 {
					return -1, -1
				}
				e = en + len(end)
			}
			if len(suffix) == 0 || at(e, suffix) {
				return st, e
			}
			if find(suffix, e) < 0 {
				return -1, -1
			}
			if len(end) == 0 {
				break
			}
		}
	}
	return -1, -1
}

// format writes d as the page's words, percent-encoded.
func (d directive) format(text string, words [][2]int) string {
	if d.start.empty() {
		return ""
	}
	term := func(s span) string {
		parts := make([]string, 0, s.j-s.i)
		for _, w := range words[s.i:s.j] {
			parts = append(parts, text[w[0]:w[1]])
		}
		return percentEncode(strings.Join(parts, " "))
	}
	var terms []string
	if !d.prefix.empty() {
		terms = append(terms, term(d.prefix)+"-")
	}
	terms = append(terms, term(d.start))
	if !d.end.empty() {
		terms = append(terms, term(d.end))
	}
	if !d.suffix.empty() {
		terms = append(terms, "-"+term(d.suffix))
	}
	return ":~:text=" + strings.Join(terms, ",")
}

// percentEncode escapes every byte of s but ASCII letters, digits and
// ".", "_", "~": what a text directive's term may hold as it is, and
// nothing that Markdown or HTML would read.
func percentEncode(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < utf8.RuneSelf && (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '~') {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}

// Fragment returns the text fragment directive that takes a browser to
// sentence s on the article's page (see TextFragment), matched against the
// article's text after its front matter.
func (a *Article) Fragment(s Sentence) string {
	if len(a.Sentences) == 0 || s.Start < a.Sentences[0].Start || s.End > len(a.Raw) {
		return ""
	}
	body := a.Sentences[0].Start
	return TextFragment(a.Raw[body:], s.Start-body, s.End-body)
}
