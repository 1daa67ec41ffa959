package analysis

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// The two ways kutip folds text, for two needs:
//
//   - Normalize is what the index and questions hold: Unicode NFKC, then
//     lower case. Accents stay, as stemmers need them: "António" is
//     "antónio".
//   - Fold is for matching what a user types against names and titles, as
//     autocomplete does: lower case without accents, so that "antonio" finds
//     "António".

// Normalize returns a token's text as the index holds it: Unicode NFKC
// ("ＡＢＣ" is "ABC", "ﬁ" is "fi"), then lower case. Invalid UTF-8 is dropped.
func Normalize(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return strings.ToLower(norm.NFKC.String(strings.ToValidUTF8(s, "")))
		}
	}
	return strings.ToLower(s)
}

// Fold lowercases s and drops its accents, for matching what a user types:
// "antonio" finds "António".
func Fold(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		if !unicode.Is(unicode.Mn, r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}
