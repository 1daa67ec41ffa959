package corpus

import (
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/kutip/kutip/lang"
)

// rules are the words of the built-in languages that splitting sentences
// and finding quotations need. Sentences are split before an article's
// language is known, so the languages' words are taken together.
type rules struct {
	titleAbbrevs, finalAbbrevs lang.Set
	speechVerbs, roleWords     lang.Set
	nameJoiners, personal      lang.Set
	stop                       lang.Set   // stop words: never a role's words before a name
	longVerbs                  []string   // the speech verbs of seven letters or more, for typos
	sourcePhrases              [][]string // each phrase's words, in the order they are tried
	related                    []string   // the phrases that open a related line, lower case
}

// builtinRules are the rules of the built-in languages, worked out once.
var builtinRules = sync.OnceValue(func() *rules { return newRules(lang.Builtin()) })

func newRules(langs []*lang.Language) *rules {
	r := &rules{}
	var title, final, speech, role, join, personal, stop []lang.Set
	for _, l := range langs {
		title, final = append(title, l.TitleAbbrevs), append(final, l.FinalAbbrevs)
		speech, role = append(speech, l.SpeechVerbs), append(role, l.RoleWords)
		join, personal = append(join, l.NameJoiners), append(personal, l.Personal)
		stop = append(stop, l.Stop)
		for _, p := range l.SourcePhrases {
			r.sourcePhrases = append(r.sourcePhrases, strings.Fields(p))
		}
		for _, p := range l.Related {
			r.related = append(r.related, strings.ToLower(p))
		}
	}
	r.titleAbbrevs, r.finalAbbrevs = lang.Union(title...), lang.Union(final...)
	r.speechVerbs, r.roleWords = lang.Union(speech...), lang.Union(role...)
	r.nameJoiners, r.personal = lang.Union(join...), lang.Union(personal...)
	r.stop = lang.Union(stop...)
	for _, v := range r.speechVerbs.All() {
		if utf8.RuneCountInString(v) >= 7 {
			r.longVerbs = append(r.longVerbs, v)
		}
	}
	return r
}

// isRelated reports whether a line opens with a phrase of a related line
// and a colon, the phrase maybe in Markdown emphasis: "Baca juga:",
// "**Read also**:". Matched by hand, not by a regular expression, since
// compiling one costs more than a short command's whole run.
func (r *rules) isRelated(line string) bool {
	emphasis := func(s string) string { return strings.TrimLeft(s, " \t*_") }
	rest := emphasis(line)
	for _, p := range r.related {
		if len(rest) < len(p) || !strings.EqualFold(rest[:len(p)], p) {
			continue
		}
		if after := emphasis(rest[len(p):]); strings.HasPrefix(after, ":") {
			return true
		}
	}
	return false
}
