package lang

import (
	"slices"
	"strconv"
	"strings"
	"unicode"
)

// Informal is how people write a language in a chat, and how to read it as
// the written language (informal.txt): abbreviations and colloquial words
// read as the words they stand for ("brp" is "berapa"), particles that
// carry no content ("sih", "dong"), letters written over and over
// ("bangettt"), and the colloquial forms of affixes ("nyerang" for
// "menyerang", "-ny" for "-nya").
type Informal struct {
	Words     map[string]string // a chat word -> the word it stands for: "brp" -> "berapa"
	Particles Set               // particles of chat: stop words
	Prefixes  []Affix           // colloquial prefixes and what the word starts with instead: "ny" -> "s"
	Suffixes  []Affix           // colloquial suffixes and what the word ends with instead: "ny" -> "nya"
	Repeat    int               // a letter written this many times or more in a row is read once; 0: never
}

// An Affix is one colloquial affix and what stands in its place in the
// written word; To may be empty ("nge-" is dropped: "ngebom" is "bom").
type Affix struct{ From, To string }

// Read returns the written word for a normalised word of a chat: its runs
// of one letter written once (when Repeat says so), then the word its
// abbreviation or colloquial form stands for, if it is one. Other words come
// back as they are.
func (in *Informal) Read(w string) string {
	if in.Repeat >= 2 {
		w = collapse(w, in.Repeat)
	}
	if to, ok := in.Words[w]; ok {
		return to
	}
	return w
}

// collapse returns w with every run of n or more of one letter written once;
// digits are left alone ("2000an").
func collapse(w string, n int) string {
	run, last, found := 0, rune(-1), false
	for _, r := range w {
		if r == last {
			run++
		} else {
			run, last = 1, r
		}
		found = found || run >= n && unicode.IsLetter(r)
	}
	if !found {
		return w
	}
	rs := []rune(w)
	out := rs[:0]
	for i := 0; i < len(rs); {
		j := i + 1
		for j < len(rs) && rs[j] == rs[i] {
			j++
		}
		if j-i >= n && unicode.IsLetter(rs[i]) {
			out = append(out, rs[i])
		} else {
			out = append(out, rs[i:j]...)
		}
		i = j
	}
	return string(out)
}

// Forms returns the written words a colloquial word may stand for by its
// affixes, most likely first: each prefix rule, each suffix rule, and each
// pair of them, where the word has the affix and keeps two letters or more
// of its own. The words are not checked: whether one is a word of an
// article is for the caller to say.
func (in *Informal) Forms(w string) []string {
	var out []string
	add := func(f string) {
		if f != w && !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	pre := []string{w}
	for _, a := range in.Prefixes {
		if rest, ok := strings.CutPrefix(w, a.From); ok && len(rest) >= 2 {
			pre = append(pre, a.To+rest)
			add(a.To + rest)
		}
	}
	for _, p := range pre {
		for _, a := range in.Suffixes {
			if rest, ok := strings.CutSuffix(p, a.From); ok && len(rest) >= 2 {
				add(rest + a.To)
			}
		}
	}
	return out
}

// parseInformal reads informal.txt: lines "word = word", "prefix- = prefix-"
// ("-" alone on the right for none), "-suffix = -suffix", "particle: words"
// and "repeat: N".
func parseInformal(l *Language, ls []line) error {
	in := &l.Informal
	in.Words = map[string]string{}
	in.Particles = NewSet()
	for _, ln := range ls {
		if key, rest, ok := strings.Cut(ln.text, ":"); ok {
			switch strings.TrimSpace(key) {
			case "particle":
				for _, w := range strings.Fields(rest) {
					in.Particles.add(w)
				}
			case "repeat":
				n, err := strconv.Atoi(strings.TrimSpace(rest))
				if err != nil || n < 2 {
					return errorAt(ln, "want repeat: and a number of 2 or more")
				}
				in.Repeat = n
			default:
				return errorAt(ln, `want "particle:" or "repeat:", or a line "from = to"`)
			}
			continue
		}
		from, to, ok := strings.Cut(ln.text, "=")
		from, to = strings.TrimSpace(from), strings.TrimSpace(to)
		if !ok || from == "" || to == "" || strings.ContainsAny(from+to, " \t") {
			return errorAt(ln, `want "from = to", one word on each side`)
		}
		switch {
		case strings.HasSuffix(from, "-") && strings.HasSuffix(to, "-") && len(from) > 1:
			in.Prefixes = append(in.Prefixes, Affix{strings.TrimSuffix(from, "-"), strings.TrimSuffix(to, "-")})
		case strings.HasPrefix(from, "-") && strings.HasPrefix(to, "-") && len(from) > 1:
			in.Suffixes = append(in.Suffixes, Affix{strings.TrimPrefix(from, "-"), strings.TrimPrefix(to, "-")})
		case strings.Contains(from+to, "-"):
			return errorAt(ln, `an affix rule is "prefix- = prefix-" or "-suffix = -suffix"`)
		default:
			in.Words[from] = to
		}
	}
	return nil
}

// A WordList is the words of a language, sorted, for telling a misspelt
// word from another word (words.txt). The zero WordList is empty.
type WordList struct{ words []string }

// NewWordList returns the list of the given words.
func NewWordList(words ...string) WordList {
	w := slices.Clone(words)
	slices.Sort(w)
	return WordList{slices.Compact(w)}
}

// Has reports whether w is on the list.
func (wl WordList) Has(w string) bool {
	_, ok := slices.BinarySearch(wl.words, w)
	return ok
}

// Len returns how many words the list holds.
func (wl WordList) Len() int { return len(wl.words) }

// parseWords reads one word a line; a list in order is taken as it is.
func parseWords(l *Language, ls []line) error {
	w := make([]string, 0, len(ls))
	for _, ln := range ls {
		if strings.ContainsAny(ln.text, " \t") {
			return errorAt(ln, "want one word a line")
		}
		w = append(w, ln.text)
	}
	if !slices.IsSorted(w) {
		slices.Sort(w)
	}
	l.Words = WordList{slices.Compact(w)}
	return nil
}
