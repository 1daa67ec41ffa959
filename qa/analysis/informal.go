package analysis

import (
	"strings"

	"github.com/kutip/kutip/lang"
)

// InformalFilter reads the words of a chat as the written words they stand
// for, by a language's informal.txt: a letter written over and over is read
// once ("bangettt" is "banget"), then an abbreviation or colloquial word is
// read as its word ("brp" is "berapa", "bilang" is "kata"). It sets Word
// and Term; offsets stay on the text as typed, so a rewritten token is one
// whose Word is not its text (see [Typed]).
type InformalFilter struct{ Informal *lang.Informal }

// Filter rewrites the informal words.
func (f InformalFilter) Filter(_ string, toks []Token) []Token {
	for i := range toks {
		if toks[i].Kind != Word {
			continue
		}
		if w := f.Informal.Read(toks[i].Word); w != toks[i].Word {
			toks[i].Word, toks[i].Term = w, w
		}
	}
	return toks
}

// Typed returns the word a token stands for as it was typed, normalised,
// and whether a filter read it as another word: "brp" for the token
// "berapa" of "brp". The first part of a reduplicated word counts
// ("orang-orang" is "orang").
func Typed(text string, t Token) (string, bool) {
	if t.Kind != Word || t.Start < 0 || t.End > len(text) || t.Start >= t.End {
		return "", false
	}
	s := text[t.Start:t.End]
	if i := strings.IndexByte(s, '-'); i > 0 {
		s = s[:i]
	}
	if strings.EqualFold(s, t.Word) {
		return "", false
	}
	if n := Normalize(s); n != t.Word {
		return n, true
	}
	return "", false
}
