package terminal

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// minWidth is the narrowest a terminal is taken to be: narrower, lines are
// not wrapped at all, rather than a word a line.
const minWidth = 20

// Wrap breaks the lines of text that are wider than width columns at word
// boundaries, each line's continuations under its first word: "1. " then
// three spaces under a numbered quote, a line's own indent under an
// indented one ("   — Ilham Aliyev, ..."). A word wider than a whole line
// is cut where the line ends. Columns are counted as a terminal shows
// them: wide characters take two, combining marks none, and ANSI escape
// sequences (the bold that Markup adds) none. A width under minWidth, a
// terminal's size unknown, leaves text as it is.
func Wrap(text string, width int) string {
	if width < minWidth {
		return text
	}
	lines := strings.Split(text, "\n")
	for i, line := range lines {
		lines[i] = wrapLine(line, width)
	}
	return strings.Join(lines, "\n")
}

// wrapLine wraps one line, as Wrap says.
func wrapLine(line string, width int) string {
	if columns(line) <= width {
		return line
	}
	indent := hangingIndent(line)
	if indent > width/2 {
		indent = 0
	}
	var b strings.Builder
	b.WriteString(line[:indent]) // "1. " or the line's own spaces
	col := indent                // columns used on the row
	newRow := func() {
		b.WriteString("\n" + strings.Repeat(" ", indent))
		col = indent
	}
	for i, word := range strings.Fields(line[indent:]) {
		w := columns(word)
		if i > 0 {
			if col+1+w <= width {
				b.WriteByte(' ')
				col++
			} else {
				newRow()
			}
		}
		for col+w > width { // a word wider than a row: cut it where the row ends
			cut := fitting(word, width-col)
			if cut == 0 && col > indent {
				newRow()
				continue
			}
			if cut == 0 { // one wide rune in one column: it goes on all the same
				_, cut = utf8.DecodeRuneInString(word)
			}
			b.WriteString(word[:cut])
			w -= columns(word[:cut])
			word = word[cut:]
			newRow()
		}
		b.WriteString(word)
		col += w
	}
	return b.String()
}

// hangingIndent returns the columns a wrapped line's continuations are
// indented by: those of "1. " (or "12. ") when the line is numbered, else
// its leading spaces.
func hangingIndent(line string) int {
	spaces := len(line) - len(strings.TrimLeft(line, " "))
	digits := strings.TrimLeft(line[spaces:], "0123456789")
	if n := len(line) - spaces - len(digits); n > 0 && strings.HasPrefix(digits, ". ") {
		return spaces + n + 2
	}
	return spaces
}

// fitting returns how many bytes of s fit in n columns, cut between runes
// and never inside an escape sequence.
func fitting(s string, n int) int {
	col := 0
	for i := 0; i < len(s); {
		if l := escapeLen(s[i:]); l > 0 {
			i += l
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if col+runeColumns(r) > n {
			return i
		}
		col += runeColumns(r)
		i += size
	}
	return len(s)
}

// columns returns how many columns s takes on a terminal.
func columns(s string) int {
	n := 0
	for i := 0; i < len(s); {
		if l := escapeLen(s[i:]); l > 0 {
			i += l
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		n += runeColumns(r)
		i += size
	}
	return n
}

// escapeLen returns the length of the ANSI escape sequence s starts with
// ("\x1b[1m"), or 0.
func escapeLen(s string) int {
	if len(s) < 2 || s[0] != '\x1b' || s[1] != '[' {
		return 0
	}
	for i := 2; i < len(s); i++ {
		if c := s[i]; c >= 0x40 && c <= 0x7e {
			return i + 1
		}
	}
	return 0
}

// runeColumns returns the columns r takes: two for East Asian wide and
// full-width characters, none for combining marks, format characters and
// zero-width spaces, one for the rest.
func runeColumns(r rune) int {
	switch {
	case unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf):
		return 0
	case r < 0x1100:
		return 1
	}
	switch width.LookupRune(r).Kind() {
	case width.EastAsianWide, width.EastAsianFullwidth:
		return 2
	}
	return 1
}
