// Package stem reduces words to their stems so that different forms of a
// word match in the index and in queries.
//
// Indonesian is implemented here from the Snowball algorithm; the other
// languages come from github.com/kljensen/snowball. All stemmers expect a
// lower-cased word, never panic, and return valid UTF-8 for any input:
// invalid UTF-8 bytes are dropped. Words without letters, such as numbers,
// are returned unchanged.
package stem

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kljensen/snowball/english"
	"github.com/kljensen/snowball/french"
	"github.com/kljensen/snowball/hungarian"
	"github.com/kljensen/snowball/norwegian"
	"github.com/kljensen/snowball/russian"
	"github.com/kljensen/snowball/spanish"
	"github.com/kljensen/snowball/swedish"
)

// Stemmer reduces a lower-cased word to its stem.
type Stemmer interface{ Stem(word string) string }

// For returns the stemmer for an ISO 639-1 language code ("id", "en", ...;
// see [Languages]) and whether one exists. The code is matched without
// regard to case, and a region subtag is ignored, so "pt-BR" and "en_US"
// are looked up as "pt" and "en".
func For(lang string) (Stemmer, bool) {
	if i := strings.IndexAny(lang, "-_"); i >= 0 {
		lang = lang[:i]
	}
	switch strings.ToLower(lang) {
	case "id":
		return IndonesianStemmer{}, true
	case "en":
		return snowball(english.Stem), true
	case "es":
		return snowball(spanish.Stem), true
	case "fr":
		return snowball(french.Stem), true
	case "hu":
		return snowball(hungarian.Stem), true
	case "no":
		return snowball(norwegian.Stem), true
	case "ru":
		return snowball(russian.Stem), true
	case "sv":
		return snowball(swedish.Stem), true
	}
	return nil, false
}

// Languages lists the language codes [For] knows, sorted.
func Languages() []string {
	return []string{"en", "es", "fr", "hu", "id", "no", "ru", "sv"}
}

// snowball adapts a stemmer of github.com/kljensen/snowball, whose second
// argument says whether stop words are stemmed too.
type snowball func(word string, stemStopWords bool) string

// Stem stems word, stop words included, so that a query containing a stop
// word finds the same stem as the index. The kljensen stemmers lower-case
// and trim their input themselves.
func (f snowball) Stem(word string) string {
	if !utf8.ValidString(word) {
		word = strings.ToValidUTF8(word, "")
	}
	if !strings.ContainsFunc(word, unicode.IsLetter) {
		return word
	}
	return f(word, true)
}
