package analysis

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Kind says what a token is.
type Kind uint8

// The kinds of token.
const (
	Word   Kind = iota // letters, maybe digits: "armenia", "covid19"
	Number             // digits, maybe with separators: "15", "1.000", "3,5", "28/9/2020"
	Handle             // "@mfaofarmenia"
	Tag                // "#karabakh"
	URL                // "https://kutip.id/a", "tribunnewswiki.com"
)

// A Token is one searchable unit of a text.
type Token struct {
	Term       string // what the index holds: normalised, case-folded and, for words, stemmed
	Word       string // normalised and case-folded, not stemmed (see [Normalize])
	Start, End int    // byte offsets in the analysed text, for highlights
	Kind       Kind
	Stop       bool // a stop word: matched, but weighs little in ranking
	Capital    bool // written with a capital letter: a name, unless it starts the sentence
}

// Tokenize splits s into tokens: words, numbers, handles, hashtags and URLs.
// Word and Term are the token's text as written, for the filters to
// normalise; offsets are those of s itself, so highlights land on the
// verbatim text. A hyphenated word is one token a part ("Nagorno",
// "Karabakh"); see [Reduplication].
func Tokenize(s string) []Token {
	toks := make([]Token, 0, len(s)/6+1) // words run five or six bytes, with their spaces
	for i := 0; i < len(s); {
		r, w := utf8.DecodeRuneInString(s[i:])
		switch {
		case (r == '@' || r == '#') && i+w < len(s) && isWordRune(firstRune(s[i+w:])) && (i == 0 || !isWordRune(lastRune(s[:i]))):
			end := i + w + wordRunLen(s[i+w:])
			kind := Handle
			if r == '#' {
				kind = Tag
			}
			toks = append(toks, raw(s, i, end, kind))
			i = end
		case hasURLPrefix(s[i:]):
			end := i + urlLen(s[i:])
			toks = append(toks, raw(s, i, end, URL))
			i = end
		case isWordRune(r):
			end := i + compoundLen(s[i:])
			if strings.Trim(s[i:end], "_") != "" { // a blank to fill in, "_____", is no word
				toks = appendCompound(toks, s, i, end)
			}
			i = end
		default:
			i += w
		}
	}
	return toks
}

// appendCompound adds the token s[start:end], which may join parts with
// hyphens ("orang-orang", "Nagorno-Karabakh"), dots or commas between digits
// ("1.000", "3,5"), slashes in dates ("28/9/2020"), apostrophes ("Jum'at"),
// or dots in a domain name ("tribunnewswiki.com").
func appendCompound(toks []Token, s string, start, end int) []Token {
	text := s[start:end]
	capital := unicode.IsUpper(firstRune(text))
	switch {
	case strings.Contains(text, "-"):
	case !strings.ContainsFunc(text, unicode.IsLetter):
		return append(toks, Token{Word: text, Term: text, Start: start, End: end, Kind: Number, Capital: capital})
	case strings.Contains(text, "."):
		kind := Word
		if isDomain(text) {
			kind = URL
		}
		return append(toks, Token{Word: text, Term: text, Start: start, End: end, Kind: kind, Capital: capital})
	default:
		return append(toks, Token{Word: text, Term: text, Start: start, End: end, Kind: Word, Capital: capital}) // it has letters: not a Number
	}
	// Hyphenated: each part is a token; the Reduplication filter makes
	// "orang-orang" one.
	off := start
	for part := range strings.SplitSeq(text, "-") {
		if part != "" {
			toks = appendCompound(toks, s, off, off+len(part))
			toks[len(toks)-1].Capital = unicode.IsUpper(firstRune(part))
		}
		off += len(part) + 1
	}
	return toks
}

// raw returns the token s[start:end] as written.
func raw(s string, start, end int, kind Kind) Token {
	return Token{Word: s[start:end], Term: s[start:end], Start: start, End: end, Kind: kind}
}

// wordKind returns the kind of a word given alone: Word when it has a
// letter, else Number.
func wordKind(text string) Kind {
	if strings.ContainsFunc(text, unicode.IsLetter) {
		return Word
	}
	return Number
}

// compoundLen returns the length of the word or number s starts with,
// joiners included when a word rune follows them.
func compoundLen(s string) int {
	i := wordRunLen(s)
	for i < len(s) {
		r, w := utf8.DecodeRuneInString(s[i:])
		if i+w >= len(s) || !isWordRune(firstRune(s[i+w:])) {
			break
		}
		prev, next := lastRune(s[:i]), firstRune(s[i+w:])
		ok := false
		switch r {
		case '-', '\u2011': // hyphen, non-breaking hyphen
			ok = true
		case '.', ',', '/', ':':
			ok = unicode.IsDigit(prev) && unicode.IsDigit(next) ||
				r == '.' && unicode.IsLetter(prev) && unicode.IsLetter(next)
		case '\'', '’':
			ok = unicode.IsLetter(prev) && unicode.IsLetter(next)
		}
		if !ok {
			break
		}
		i += w + wordRunLen(s[i+w:])
	}
	return i
}

func wordRunLen(s string) int {
	for i, r := range s {
		if !isWordRune(r) {
			return i
		}
	}
	return len(s)
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || r == '_'
}

func hasURLPrefix(s string) bool {
	return hasPrefixFold(s, "http://") || hasPrefixFold(s, "https://") || hasPrefixFold(s, "www.")
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// urlLen returns the length of the URL s starts with, without trailing
// punctuation that belongs to the sentence.
func urlLen(s string) int {
	end := strings.IndexFunc(s, func(r rune) bool { return unicode.IsSpace(r) || strings.ContainsRune(`"<>“”`, r) })
	if end < 0 {
		end = len(s)
	}
	return len(strings.TrimRight(s[:end], ".,;:!?)]'’"))
}

// isDomain reports whether a dotted word is a host name: parts of letters and
// digits, the last of two to six letters ("tribunnewswiki.com", not "u.s").
func isDomain(text string) bool {
	parts := strings.Split(text, ".")
	last := parts[len(parts)-1]
	if len(parts) < 2 || len(last) < 2 || len(last) > 6 || strings.ContainsFunc(last, func(r rune) bool { return !unicode.IsLetter(r) }) {
		return false
	}
	for _, p := range parts[:len(parts)-1] {
		if len(p) < 2 {
			return false
		}
	}
	return true
}

func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

func lastRune(s string) rune {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r
}
