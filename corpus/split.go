package corpus

import (
	"bytes"
	"unicode"
	"unicode/utf8"
)

// ScanSentences is a bufio.SplitFunc: each token is one sentence, byte for
// byte, with the white space around it left out. It knows news text:
// abbreviations and initials ("Dr.", "Jl.", "U.S.", "J. K."), numbers and
// dates ("1.000", "3.5", "28/9/2020"), ellipses, and quotations. A quotation
// of several sentences stays one unit with its attribution:
//
//	"Kami akan menang. Karabakh adalah milik kami", kata Ilham Aliyev.
//
// A blank line always ends a sentence. Tokens are subslices of the input, so
// the sentences of a text, in order, give back the text up to white space.
func ScanSentences(data []byte, atEOF bool) (advance int, token []byte, err error) {
	start := len(data) - len(bytes.TrimLeftFunc(data, unicode.IsSpace))
	if start == len(data) {
		if atEOF {
			return len(data), nil, nil
		}
		return start, nil, nil
	}
	end, more := sentenceEnd(data[start:], atEOF)
	switch {
	case end > 0:
		return start + end, data[start : start+end], nil
	case more && !atEOF:
		return start, nil, nil // ask for more
	default: // the text ends without a full stop
		return len(data), bytes.TrimRightFunc(data[start:], unicode.IsSpace), nil
	}
}

// SplitSentences splits one paragraph into sentences (see ScanSentences). Unlike
// a bufio.Scanner it has no limit on a sentence's length.
func SplitSentences(text string) []string {
	var out []string
	data := []byte(text)
	for len(data) > 0 {
		adv, tok, _ := ScanSentences(data, true)
		if tok != nil {
			out = append(out, string(tok))
		}
		if adv == 0 {
			break
		}
		data = data[adv:]
	}
	return out
}

// sentenceEnd returns the length of the sentence that s starts with, not
// counting the white space after it, or 0 when s holds no whole sentence; more
// then says whether more input could end one.
func sentenceEnd(s []byte, atEOF bool) (end int, more bool) {
	end, more, balanced := scanEnd(s, atEOF, true)
	if !balanced {
		// A quotation mark that never closes is a typo, not a quotation
		// that swallows the rest of the paragraph: split as if it were not there.
		end, more, _ = scanEnd(s, atEOF, false)
	}
	return end, more
}

// scanEnd does the work of sentenceEnd. With quotes set, sentence ends inside
// double quotation marks do not count; balanced is false when a quotation
// opened and the text ended (at EOF) before it closed.
func scanEnd(s []byte, atEOF, quotes bool) (end int, more, balanced bool) {
	var closer rune // the mark that closes the open quotation, 0 outside one
	for i := 0; i < len(s); {
		r, w := utf8.DecodeRune(s[i:])
		switch {
		case r == '\n' && blankLineAt(s, i+w):
			return len(bytes.TrimRightFunc(s[:i], unicode.IsSpace)), false, true
		case quotes && closer != 0 && r == closer:
			closer = 0
			if p, _ := utf8.DecodeLastRune(bytes.TrimRightFunc(s[:i], unicode.IsSpace)); isTerminator(p) {
				j := skipClosers(s, i+w)
				if ok, need := boundaryAt(s, j, atEOF); ok {
					return j, false, true
				} else if need {
					return 0, true, true
				}
			}
		case quotes && closer == 0 && openQuote(r) != 0:
			closer = openQuote(r)
		case closer == 0 && isTerminator(r):
			j := i + w
			for j < len(s) {
				r2, w2 := utf8.DecodeRune(s[j:])
				if !isTerminator(r2) {
					break
				}
				j += w2
			}
			j = skipClosers(s, j)
			ok, need := boundaryAt(s, j, atEOF)
			if need {
				return 0, true, true
			}
			if ok && !(r == '.' && j == i+w && abbreviationBefore(s[:i])) {
				return j, false, true
			}
			i = j
			continue
		}
		i += w
	}
	if closer != 0 && atEOF {
		return 0, false, false
	}
	return 0, true, true
}

// boundaryAt reports whether a sentence can end at s[:j]: white space follows,
// then something that is not a lower-case letter. need is true when s ends
// before that can be told.
func boundaryAt(s []byte, j int, atEOF bool) (ok, need bool) {
	if j == len(s) {
		return atEOF, !atEOF
	}
	r, _ := utf8.DecodeRune(s[j:])
	if !unicode.IsSpace(r) {
		return false, false
	}
	rest := bytes.TrimLeftFunc(s[j:], unicode.IsSpace)
	if len(rest) == 0 {
		return atEOF, !atEOF
	}
	next, _ := utf8.DecodeRune(rest)
	return !unicode.IsLower(next), false
}

func blankLineAt(s []byte, i int) bool {
	for ; i < len(s); i++ {
		switch s[i] {
		case '\n':
			return true
		case ' ', '\t', '\r':
		default:
			return false
		}
	}
	return false
}

func isTerminator(r rune) bool {
	switch r {
	case '.', '!', '?', '…', '。', '！', '？':
		return true
	}
	return false
}

// openQuote returns the mark that closes a quotation opened by r, or 0.
func openQuote(r rune) rune {
	switch r {
	case '"':
		return '"'
	case '“':
		return '”'
	case '„':
		return '“'
	case '«':
		return '»'
	}
	return 0
}

// skipClosers steps over closing quotation marks and brackets at s[j:].
func skipClosers(s []byte, j int) int {
	for j < len(s) {
		r, w := utf8.DecodeRune(s[j:])
		switch r {
		case '"', '”', '’', '\'', ')', ']', '»', '“':
		default:
			return j
		}
		j += w
	}
	return j
}

// Abbreviations that never end a sentence: titles and the like, lower case,
// without the full stop.
var titleAbbrevs = map[string]bool{
	// Indonesian
	"dr": true, "drs": true, "dra": true, "prof": true, "h": true, "hj": true, "ir": true,
	"jl": true, "jln": true, "no": true, "st": true, "kh": true, "sdr": true, "sdri": true,
	"bpk": true, "ny": true, "nn": true, "tn": true, "kol": true, "jend": true, "letjen": true,
	"mayjen": true, "brigjen": true, "kapt": true, "rp": true, "kab": true, "kec": true,
	"kel": true, "prov": true, "tel": true, "telp": true, "hlm": true, "dkk": true, "yth": true,
	"s.h": true, "s.e": true, "m.si": true, "m.m": true, "s.pd": true, "s.kom": true,
	// English
	"mr": true, "mrs": true, "ms": true, "messrs": true, "jr": true, "sr": true, "gen": true,
	"sen": true, "rep": true, "gov": true, "lt": true, "col": true, "capt": true, "sgt": true,
	"cpt": true, "maj": true, "adm": true, "rev": true, "hon": true, "pres": true, "vs": true,
	"vol": true, "fig": true, "dept": true, "approx": true, "est": true, "mt": true, "ft": true,
	"e.g": true, "i.e": true, "cf": true, "al": true, "ca": true, "op": true, "pp": true,
	"p": true, "jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true,
	"aug": true, "sep": true, "sept": true, "oct": true, "nov": true, "dec": true,
}

// Abbreviations that often end a sentence too: they end one when the next
// word starts with a capital letter.
var finalAbbrevs = map[string]bool{
	"dll": true, "dsb": true, "dst": true, "tbk": true, "etc": true, "inc": true,
	"ltd": true, "co": true, "corp": true, "llc": true, "plc": true,
}

// abbreviationBefore reports whether a full stop right after text ends an
// abbreviation or an initial rather than a sentence.
func abbreviationBefore(text []byte) bool {
	i := len(text)
	for i > 0 {
		r, w := utf8.DecodeLastRune(text[:i])
		if !unicode.IsLetter(r) && r != '.' {
			break
		}
		i -= w
	}
	word := bytes.Trim(text[i:], ".")
	if len(word) == 0 {
		return false
	}
	lower := string(bytes.ToLower(word))
	if finalAbbrevs[lower] {
		return false
	}
	if titleAbbrevs[lower] || utf8.RuneCount(word) == 1 {
		return true
	}
	if bytes.IndexByte(word, '.') >= 0 { // U.S, e.g, a.n: every part short
		for _, part := range bytes.Split(word, []byte(".")) {
			if utf8.RuneCount(part) > 2 {
				return false
			}
		}
		return true
	}
	return false
}
