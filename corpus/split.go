package corpus

import (
	"bytes"
	"strings"
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
	for _, sp := range sentenceSpans(text) {
		out = append(out, text[sp[0]:sp[1]])
	}
	return out
}

// sentenceSpans returns the byte ranges of the sentences of text, as
// ScanSentences splits it.
func sentenceSpans(text string) [][2]int {
	var out [][2]int
	data := []byte(text)
	off := 0
	for off < len(data) {
		adv, tok, _ := ScanSentences(data[off:], true)
		if tok != nil {
			start := off + cap(data[off:]) - cap(tok) // tok is a subslice of data: its offset
			out = append(out, [2]int{start, start + len(tok)})
		}
		if adv == 0 {
			break
		}
		off += adv
	}
	return out
}

// cuts returns the byte offsets in a sentence right after each sentence end
// within it, the final end left out: where a quotation of several sentences
// ("Kami akan menang. Karabakh adalah milik kami", kata X.) may be cut short.
// They are the ends the splitter finds when it does not keep quotations
// whole.
func cuts(sentence string) []int {
	if !strings.ContainsFunc(sentence, func(r rune) bool { return openQuote(r) != 0 }) {
		return nil // without quotation marks the splitter already cut at every end
	}
	var out []int
	s := []byte(sentence)
	off := 0
	for {
		off += len(s[off:]) - len(bytes.TrimLeftFunc(s[off:], unicode.IsSpace))
		end, _, _ := scanEnd(s[off:], true, false)
		if end <= 0 || off+end >= len(s) {
			return out
		}
		off += end
		out = append(out, off)
	}
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
	r := builtinRules()
	if r.finalAbbrevs.Has(lower) {
		return false
	}
	if r.titleAbbrevs.Has(lower) || utf8.RuneCount(word) == 1 {
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
