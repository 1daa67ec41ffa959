package stem

import (
	"strings"
	"unicode/utf8"
)

// IndonesianStemmer implements [Stemmer] with [Indonesian]. Its zero value
// is ready to use.
type IndonesianStemmer struct{}

// Stem returns Indonesian(word).
func (IndonesianStemmer) Stem(word string) string { return Indonesian(word) }

// Prefix classes of the Snowball Indonesian algorithm. The class of the
// prefix that was removed decides which suffixes may be removed after it.
const (
	prefixNone = iota
	prefixDi   // di-, meng- (with its variants me-, men-, mem-, meny-), ter-
	prefixPer  // per-, pe-
	prefixKe   // ke-, peng- (with its variants pen-, pem-, peny-)
	prefixBer  // ber-, be-
)

// Indonesian returns the stem of an Indonesian word.
//
// It implements the Snowball Indonesian stemmer
// (https://snowballstem.org/algorithms/indonesian/stemmer.html), which is
// Fadillah Tala's adaptation of the Porter approach to Bahasa Indonesia, with
// the Snowball project's corrections, quirks included. For example
// "menembaki" stems to "embak": the first-order prefix is matched as "men"
// and "-i" is then removed as a suffix.
//
// The algorithm works on the lower-case ASCII letters; only "a", "e", "i",
// "o" and "u" count as vowels, so callers should lower-case the word first.
// A word with at most two vowels, such as a number, is returned unchanged.
// Invalid UTF-8 bytes are dropped, so the result is always valid UTF-8 and
// never longer than word.
func Indonesian(word string) string {
	if !utf8.ValidString(word) {
		word = strings.ToValidUTF8(word, "")
	}

	// The measure is the number of vowels. Every affix the algorithm removes
	// holds exactly one vowel, so each removal lowers the measure by one, and
	// nothing is removed once it has fallen to two.
	measure := 0
	for i := 0; i < len(word); i++ {
		if isVowel(word[i]) {
			measure++
		}
	}
	if measure <= 2 {
		return word
	}

	if w, ok := cutAnySuffix(word, "kah", "lah", "pun"); ok {
		word, measure = w, measure-1
		if measure <= 2 {
			return word
		}
	}
	if w, ok := cutAnySuffix(word, "nya", "ku", "mu"); ok {
		word, measure = w, measure-1
		if measure <= 2 {
			return word
		}
	}

	if head, rest, prefix, ok := cutFirstOrderPrefix(word); ok {
		// Snowball leaves its cursor after head, so the suffix and the
		// second-order prefix are looked for in rest only. As rest then
		// begins with a vowel, "memeberikan" stems to "peberi".
		measure--
		if measure <= 2 {
			return head + rest
		}
		// A second-order prefix is removed only after a suffix, so
		// "dibeberapa" stems to "beberapa" but "mempelajari" to "ajar".
		if rest, ok = cutSuffix(rest, prefix); ok {
			measure--
			if measure > 2 {
				// The class of this prefix is no longer needed.
				rest, _, _ = cutSecondOrderPrefix(rest)
			}
		}
		return head + rest
	}

	prefix := prefixNone
	if w, p, ok := cutSecondOrderPrefix(word); ok {
		word, prefix, measure = w, p, measure-1
	}
	if measure > 2 {
		word, _ = cutSuffix(word, prefix)
	}
	return word
}

func isVowel(c byte) bool {
	switch c {
	case 'a', 'e', 'i', 'o', 'u':
		return true
	}
	return false
}

// vowelAt reports whether word has a vowel at byte offset i.
func vowelAt(word string, i int) bool {
	return i < len(word) && isVowel(word[i])
}

// cutAnySuffix removes the first of suffixes that word ends with. None of
// the suffixes may be a suffix of another.
func cutAnySuffix(word string, suffixes ...string) (string, bool) {
	for _, s := range suffixes {
		if w, ok := strings.CutSuffix(word, s); ok {
			return w, true
		}
	}
	return word, false
}

// cutFirstOrderPrefix removes a first-order derivational prefix: di-, ke-,
// ter-, meng- or peng-, the last two with their sound-changed variants. As
// in Snowball's among, the longest prefix whose condition holds wins, so
// "meny" not followed by a vowel is removed as "men".
//
// The word without the prefix is head+rest. The head is empty unless the
// prefix stands for the first letter of the stem: meny-/peny- before a
// vowel is replaced by head "s", mem-/pem- before a vowel by head "p".
func cutFirstOrderPrefix(word string) (head, rest string, prefix int, ok bool) {
	if len(word) < 2 {
		return "", word, prefixNone, false
	}
	switch word[:2] {
	case "me", "pe":
		prefix = prefixDi
		if word[0] == 'p' {
			prefix = prefixKe
		}
		switch {
		case strings.HasPrefix(word[2:], "ny") && vowelAt(word, 4):
			return "s", word[4:], prefix, true
		case strings.HasPrefix(word[2:], "ng"):
			return "", word[4:], prefix, true
		case strings.HasPrefix(word[2:], "m"):
			if vowelAt(word, 3) {
				return "p", word[3:], prefix, true
			}
			return "", word[3:], prefix, true
		case strings.HasPrefix(word[2:], "n"):
			return "", word[3:], prefix, true
		case prefix == prefixDi:
			return "", word[2:], prefix, true
		}
		// "pe" alone is a second-order prefix.
	case "di":
		return "", word[2:], prefixDi, true
	case "te":
		if strings.HasPrefix(word[2:], "r") {
			return "", word[3:], prefixDi, true
		}
	case "ke":
		return "", word[2:], prefixKe, true
	}
	return "", word, prefixNone, false
}

// cutSecondOrderPrefix removes a second-order derivational prefix: per-,
// pe-, ber- or be-, the last only before a non-vowel and "er", as in
// "bekerja". "pelajar" and "belajar" lose just "pel" and "bel"; as in
// Snowball, "pel" then leaves the prefix class as none.
func cutSecondOrderPrefix(word string) (rest string, prefix int, ok bool) {
	switch {
	case strings.HasPrefix(word, "pe"):
		prefix = prefixPer
	case strings.HasPrefix(word, "be"):
		prefix = prefixBer
	default:
		return word, prefixNone, false
	}
	rest = word[2:]
	switch {
	case strings.HasPrefix(rest, "lajar"):
		if prefix == prefixPer {
			prefix = prefixNone
		}
		return rest[1:], prefix, true
	case strings.HasPrefix(rest, "r"):
		return rest[1:], prefix, true
	case prefix == prefixPer:
		return rest, prefix, true
	}
	if r, n := utf8.DecodeRuneInString(rest); n > 0 && !(r < utf8.RuneSelf && isVowel(byte(r))) &&
		strings.HasPrefix(rest[n:], "er") {
		return rest, prefix, true
	}
	return word, prefixNone, false
}

// cutSuffix removes a derivational suffix, -kan, -an or -i, if the class of
// the prefix removed before allows it. -i is kept after "s", which protects
// loan words such as "televisi".
func cutSuffix(word string, prefix int) (string, bool) {
	if w, ok := strings.CutSuffix(word, "kan"); ok && prefix != prefixKe && prefix != prefixPer {
		return w, true
	}
	if w, ok := strings.CutSuffix(word, "an"); ok && prefix != prefixDi {
		return w, true
	}
	if w, ok := strings.CutSuffix(word, "i"); ok && prefix != prefixKe && prefix != prefixBer && !strings.HasSuffix(w, "s") {
		return w, true
	}
	return word, false
}
