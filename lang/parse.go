package lang

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// A line is one line of a data file without its comment, and its number.
type line struct {
	n    int
	text string
}

// lines returns the lines of a data file that hold something, their
// comments cut off and white space trimmed.
func lines(s string) []line {
	var out []line
	for i, l := range strings.Split(s, "\n") {
		l, _, _ = strings.Cut(l, "#")
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, line{i + 1, l})
		}
	}
	return out
}

// errorAt reports a mistake on a line of a data file.
func errorAt(l line, format string, args ...any) error {
	return fmt.Errorf("%d: %s", l.n, fmt.Sprintf(format, args...))
}

// parser returns how a file of a language folder is read into a Language.
func parser(name string) (func(*Language, []line) error, bool) {
	switch name {
	case "stop.txt":
		return words(func(l *Language) *Set { return &l.Stop }), true
	case "time.txt":
		return words(func(l *Language) *Set { return &l.TimeWords }), true
	case "calendar.txt":
		return words(func(l *Language) *Set { return &l.Calendar }), true
	case "yesno.txt":
		return keyed(
			key{"first", func(l *Language) []*Set { return []*Set{&l.YesNoFirst} }},
			key{"last", func(l *Language) []*Set { return []*Set{&l.YesNoLast} }}), true
	case "nasal.txt":
		return parseNasal, true
	case "reasons.txt":
		return words(func(l *Language) *Set { return &l.Reasons }), true
	case "numbers.txt":
		return keyed(
			key{"number", func(l *Language) []*Set { return []*Set{&l.Numbers} }},
			key{"not-after", func(l *Language) []*Set { return []*Set{&l.NotNumber} }}), true
	case "speech.txt":
		return words(func(l *Language) *Set { return &l.SpeechVerbs }), true
	case "say.txt":
		return words(func(l *Language) *Set { return &l.SayVerbs }), true
	case "roles.txt":
		return words(func(l *Language) *Set { return &l.RoleWords }), true
	case "joiners.txt":
		return words(func(l *Language) *Set { return &l.NameJoiners }), true
	case "protected.txt":
		return wordList(func(l *Language) *[]string { return &l.Protected }), true
	case "sources.txt":
		return phrases(func(l *Language) *[]string { return &l.SourcePhrases }), true
	case "related.txt":
		return phrases(func(l *Language) *[]string { return &l.Related }), true
	case "synonyms.txt":
		return parseSynonyms, true
	case "questions.txt":
		return parseQuestions, true
	case "informal.txt":
		return parseInformal, true
	case "words.txt":
		return parseWords, true
	case "prepositions.txt":
		return keyed(
			key{"time", func(l *Language) []*Set { return []*Set{&l.TimePreps} }},
			key{"place", func(l *Language) []*Set { return []*Set{&l.PlacePreps} }}), true
	case "pronouns.txt":
		return keyed(
			key{"personal", func(l *Language) []*Set { return []*Set{&l.Pronouns, &l.Personal} }},
			key{"demonstrative", func(l *Language) []*Set { return []*Set{&l.Pronouns} }},
			key{"possessive", func(l *Language) []*Set { return []*Set{&l.Pronouns} }}), true
	case "abbreviations.txt":
		return keyed(
			key{"title", func(l *Language) []*Set { return []*Set{&l.TitleAbbrevs} }},
			key{"final", func(l *Language) []*Set { return []*Set{&l.FinalAbbrevs} }}), true
	}
	if code, ok := strings.CutSuffix(name, ".txt"); ok && isCode(code) {
		return lexicon(code), true
	}
	return nil, false
}

// isCode reports whether s looks like an ISO 639-1 code: two lower-case
// letters.
func isCode(s string) bool {
	return len(s) == 2 && 'a' <= s[0] && s[0] <= 'z' && 'a' <= s[1] && s[1] <= 'z'
}

// lexicon reads a bilingual word list to the language code: one entry a
// line, "words = foreign words", each side's words and phrases separated by
// commas.
func lexicon(code string) func(*Language, []line) error {
	return func(l *Language, ls []line) error {
		if code == l.Code {
			return fmt.Errorf(" a lexicon from %s to itself", code)
		}
		lx := Lexicon{To: code, Entries: make([]Entry, 0, len(ls))}
		for _, ln := range ls {
			left, right, ok := strings.Cut(ln.text, "=")
			words, foreign := commaList(left), commaList(right)
			if !ok || len(words) == 0 || len(foreign) == 0 {
				return errorAt(ln, `want "words = %s words", each side's words separated by commas`, code)
			}
			if strings.Contains(right, "=") {
				return errorAt(ln, `one "=" a line`)
			}
			lx.Entries = append(lx.Entries, Entry{Words: words, Foreign: foreign})
		}
		l.Lexicons = append(l.Lexicons, lx)
		return nil
	}
}

// commaList returns the members of a comma-separated list, their white
// space folded, leaving out empty ones.
func commaList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.Join(strings.Fields(p), " "); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// words reads words separated by white space into a set.
func words(field func(*Language) *Set) func(*Language, []line) error {
	return func(l *Language, ls []line) error {
		s := field(l)
		*s = NewSet()
		for _, ln := range ls {
			for _, w := range strings.Fields(ln.text) {
				s.add(w)
			}
		}
		return nil
	}
}

// wordList reads words separated by white space, in order.
func wordList(field func(*Language) *[]string) func(*Language, []line) error {
	return func(l *Language, ls []line) error {
		for _, ln := range ls {
			*field(l) = append(*field(l), strings.Fields(ln.text)...)
		}
		return nil
	}
}

// phrases reads one phrase a line, its white space folded.
func phrases(field func(*Language) *[]string) func(*Language, []line) error {
	return func(l *Language, ls []line) error {
		for _, ln := range ls {
			*field(l) = append(*field(l), strings.Join(strings.Fields(ln.text), " "))
		}
		return nil
	}
}

// A key is one kind of line of a keyed file, "time: ...", and the sets its
// words go into.
type key struct {
	name string
	sets func(*Language) []*Set
}

// keyed reads lines "key: words..." into the sets of each key.
func keyed(keys ...key) func(*Language, []line) error {
	return func(l *Language, ls []line) error {
		for _, ln := range ls {
			name, rest, ok := strings.Cut(ln.text, ":")
			i := slices.IndexFunc(keys, func(k key) bool { return k.name == strings.TrimSpace(name) })
			if !ok || i < 0 {
				var want []string
				for _, k := range keys {
					want = append(want, strconv.Quote(k.name+":"))
				}
				return errorAt(ln, "want a line %s, then words", strings.Join(want, " or "))
			}
			for _, s := range keys[i].sets(l) {
				for _, w := range strings.Fields(rest) {
					s.add(w)
				}
			}
		}
		return nil
	}
}

// parseSynonyms reads one group a line, its members separated by commas.
func parseSynonyms(l *Language, ls []line) error {
	for _, ln := range ls {
		group := commaList(ln.text)
		if len(group) < 2 {
			return errorAt(ln, "a group of synonyms needs two members or more")
		}
		l.Synonyms = append(l.Synonyms, group)
	}
	return nil
}

// parseNasal reads one rule a line: a prefix, then the consonant it drops.
func parseNasal(l *Language, ls []line) error {
	for _, ln := range ls {
		f := strings.Fields(ln.text)
		if len(f) != 2 {
			return errorAt(ln, "want a prefix, then the consonant it drops")
		}
		l.Nasal = append(l.Nasal, Nasal{Prefix: f[0], Consonant: f[1]})
	}
	return nil
}

// parseQuestions reads one form a line: one or two words, then a kind.
func parseQuestions(l *Language, ls []line) error {
	for _, ln := range ls {
		f := strings.Fields(ln.text)
		if len(f) < 2 || len(f) > 3 {
			return errorAt(ln, "want one or two words, then the kind of answer")
		}
		want, ok := parseWant(f[len(f)-1])
		if !ok {
			return errorAt(ln, "unknown kind of answer %q; want one of %s", f[len(f)-1], strings.Join(wantNames[:], ", "))
		}
		ws := f[:len(f)-1]
		if len(ws) == 1 && ws[0] == AnyTimeWord || len(ws) == 2 && ws[0] == AnyTimeWord && ws[1] == AnyTimeWord {
			return errorAt(ln, "a form needs a word that is not %s", AnyTimeWord)
		}
		if want == WantNone && len(ws) > 1 {
			return errorAt(ln, `only a form of one word may ask nothing ("-")`)
		}
		l.Questions = append(l.Questions, Question{Words: ws, Want: want})
	}
	return nil
}

func parseWant(s string) (Want, bool) {
	for i, name := range wantNames {
		if s == name {
			return Want(i), true
		}
	}
	return 0, false
}
