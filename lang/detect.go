package lang

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// detectWords is how many words of a text Detect reads.
const detectWords = 2000

// Detect guesses which of langs a text is written in from its stop words:
// the language with the most among the text's first 2000 words, the first of
// langs on a tie (and when the text has none). It returns nil only when
// langs is empty.
func Detect(text string, langs []*Language) *Language {
	if len(langs) == 0 {
		return nil
	}
	counts := make([]int, len(langs))
	n := 0
	for w := range lowerWords(text) {
		for i, l := range langs {
			if l.Stop.Has(w) {
				counts[i]++
			}
		}
		if n++; n == detectWords {
			break
		}
	}
	best := 0
	for i, c := range counts {
		if c > counts[best] {
			best = i
		}
	}
	return langs[best]
}

// lowerWords yields the words of s in lower case, much as the analyzer
// splits them: runs of letters and digits, with an apostrophe
// between letters ("don't", "jum'at") or a full stop between letters ("u.s")
// or digits ("1.000") kept inside; a hyphen separates two words.
func lowerWords(s string) func(yield func(string) bool) {
	return func(yield func(string) bool) {
		for i := 0; i < len(s); {
			r, w := utf8.DecodeRuneInString(s[i:])
			if !isWordRune(r) {
				i += w
				continue
			}
			end := i + w
			for end < len(s) {
				r, w := utf8.DecodeRuneInString(s[end:])
				if isWordRune(r) {
					end += w
					continue
				}
				next, nw := utf8.DecodeRuneInString(s[end+w:])
				prev, _ := utf8.DecodeLastRuneInString(s[:end])
				if nw > 0 && joinsWord(r, prev, next) {
					end += w
					continue
				}
				break
			}
			if !yield(strings.ToLower(s[i:end])) {
				return
			}
			i = end
		}
	}
}

func joinsWord(r, prev, next rune) bool {
	letters := unicode.IsLetter(prev) && unicode.IsLetter(next)
	digits := unicode.IsDigit(prev) && unicode.IsDigit(next)
	switch r {
	case '\'', '’':
		return letters
	case '.':
		return letters || digits
	case ',', '/', ':':
		return digits
	}
	return false
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || r == '_'
}
