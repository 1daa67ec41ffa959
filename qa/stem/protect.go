package stem

import (
	"strings"
	"unicode/utf8"
)

// Protect returns a Stemmer that stems as s does but keeps whole the words
// that end in one of endings: prefixes and suffixes before the ending are
// still taken off. Indonesian needs it for words whose -lah or -kah is no
// particle: Snowball cuts "sekolah" to "seko", while Protect(s,
// []string{"sekolah"}) stems "bersekolah" to "sekolah". It works by
// masking the word's last letter with a "q" while s runs, so s must leave a
// final "q" alone, as Snowball's Indonesian does. Put a [Cache] in front of
// it, not behind it: the cache then remembers the protected stems too.
func Protect(s Stemmer, endings []string) Stemmer {
	return protected{s: s, endings: endings}
}

type protected struct {
	s       Stemmer
	endings []string
}

func (p protected) Stem(word string) string {
	for _, e := range p.endings {
		if e != "" && strings.HasSuffix(word, e) {
			_, n := utf8.DecodeLastRuneInString(word)
			last := word[len(word)-n:]
			return strings.TrimSuffix(p.s.Stem(word[:len(word)-n]+"q"), "q") + last
		}
	}
	return p.s.Stem(word)
}
