package corpus

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// A Quotation is direct speech in an article: the words between quotation
// marks, verbatim, and who said them when the text tells.
type Quotation struct {
	Text       string // the quoted words, without the quotation marks: Article.Raw[Start:End]
	Start, End int    // byte offsets of Text in Article.Raw
	Sentence   int    // index of the sentence that holds it
	Paragraph  int
	Speaker    string // "Ilham Aliyev"; "" when the text does not say
	Role       string // "Presiden Republik Azerbaijan"; "" when the text does not say
}

// findQuotations returns the direct speech of an article's sentences. A quoted
// run of fewer than two words ("Avatar", a nickname) is not speech unless
// someone is said to have said it.
func findQuotations(a *Article) []Quotation {
	r := builtinRules()
	people, runs := r.findPeople(a)
	var out []Quotation
	for _, s := range a.Sentences {
		if s.Related {
			continue
		}
		spans := quoteSpans(s.Text)
		if len(spans) == 0 {
			continue
		}
		speaker := r.attribution(s.Text, spans)
		if r.isPronoun(speaker) {
			speaker = previousPerson(a, s.Index, people, runs)
		}
		var role string
		speaker, role = r.splitRole(speaker)
		if p, ok := people.lookup(speaker); ok {
			speaker = p.Name
			if role == "" {
				role = p.Role
			}
		}
		if role == "" && speaker != "" {
			role = r.subject(s.Text, speaker)
		}
		for _, sp := range spans {
			inside := s.Text[sp[0]:sp[1]]
			text := strings.TrimRight(strings.TrimSpace(inside), ",")
			if text == "" || (speaker == "" && len(strings.Fields(text)) < 2) {
				continue
			}
			start := s.Start + sp[0] + len(inside) - len(strings.TrimLeftFunc(inside, unicode.IsSpace))
			out = append(out, Quotation{Text: text, Start: start, End: start + len(text),
				Sentence: s.Index, Paragraph: s.Paragraph, Speaker: speaker, Role: role})
		}
	}
	return out
}

// quoteSpans returns the byte ranges of the text inside balanced double
// quotation marks (straight or curly).
func quoteSpans(s string) [][2]int {
	var spans [][2]int
	var closer rune
	start := 0
	for i, r := range s {
		switch {
		case closer != 0 && r == closer:
			spans = append(spans, [2]int{start, i})
			closer = 0
		case closer == 0 && openQuote(r) != 0:
			closer = openQuote(r)
			start = i + utf8.RuneLen(r)
		}
	}
	return spans
}

// isPronoun reports whether a word is a personal pronoun: "ia", "He".
func (r *rules) isPronoun(s string) bool { return r.personal.Has(strings.ToLower(s)) }

// attribution finds who said the quotations in sentence s, as the text names
// them: a name, a role and a name, or a pronoun.
func (r *rules) attribution(s string, spans [][2]int) string {
	after := s[spans[len(spans)-1][1]:]
	after = strings.TrimLeftFunc(after, func(r rune) bool { return r == ',' || isQuoteMark(r) || unicode.IsSpace(r) })
	words := strings.Fields(after)
	if len(words) > 0 {
		w := strings.ToLower(trimPunct(words[0]))
		if strings.HasSuffix(w, "nya") && r.speechVerbs.Has(w) {
			return "ia" // "katanya": the person named before
		}
		if r.speechVerbs.Has(w) {
			return r.nameRun(words[1:])
		}
		if lead := r.matchPhrase(words); lead > 0 {
			return r.nameRun(words[lead:])
		}
		// "X said." after the quotation
		if name := r.nameRun(words); name != "" {
			n := len(strings.Fields(name))
			if n < len(words) && r.speechVerbs.Has(strings.ToLower(trimPunct(words[n]))) {
				return name
			}
		}
	}
	// Before the first quotation: "X mengatakan, "..."", "Ia mangatakan "..."",
	// "Menurut X, "...""
	before := strings.Fields(s[:spans[0][0]])
	for i := range before {
		if lead := r.matchPhrase(before[i:]); lead > 0 {
			return r.nameRun(before[i+lead:])
		}
	}
	for i := len(before) - 1; i >= 1 && i >= len(before)-3; i-- {
		if !r.isSpeechVerb(strings.ToLower(trimPunct(before[i]))) {
			continue
		}
		if r.isPronoun(trimPunct(before[i-1])) {
			return trimPunct(before[i-1])
		}
		if name := lastNameRun(before[:i]); name != "" {
			return name
		}
	}
	// A source named anywhere: "..., "...", tertulis dalam laporan Kemenlu."
	for i := range words {
		if lead := r.matchPhrase(words[i:]); lead > 0 {
			return r.nameRun(words[i+lead:])
		}
	}
	return ""
}

// subject returns the name a sentence starts with when a speech verb follows
// it and it is not the speaker's: "Kementerian Luar Negeri Azerbaijan menyebut
// ..., "...", tertulis dalam laporan Kemenlu" gives the long name of Kemenlu.
func (r *rules) subject(s, speaker string) string {
	words := strings.Fields(s)
	run := r.nameRun(words)
	n := len(strings.Fields(run))
	if run == "" || run == speaker || r.isPronoun(run) || n >= len(words) || !r.isSpeechVerb(strings.ToLower(trimPunct(words[n]))) {
		return ""
	}
	return run
}

// isSpeechVerb accepts a speech verb or a one-letter typo of a long one
// ("mangatakan").
func (r *rules) isSpeechVerb(w string) bool {
	if r.speechVerbs.Has(w) {
		return true
	}
	if utf8.RuneCountInString(w) < 7 {
		return false
	}
	for _, v := range r.longVerbs {
		if oneEdit(w, v) {
			return true
		}
	}
	return false
}

// oneEdit reports whether a and b differ by one substitution, insertion or deletion.
func oneEdit(a, b string) bool {
	ra, rb := []rune(a), []rune(b)
	if len(ra) < len(rb) {
		ra, rb = rb, ra
	}
	if len(ra)-len(rb) > 1 {
		return false
	}
	i := 0
	for i < len(rb) && ra[i] == rb[i] {
		i++
	}
	if len(ra) == len(rb) {
		return string(ra[i+1:]) == string(rb[min(i+1, len(rb)):])
	}
	return string(ra[i+1:]) == string(rb[i:])
}

// matchPhrase returns the number of words of the source phrase that words
// open with, when a capitalised word follows it, or 0.
func (r *rules) matchPhrase(words []string) int {
	for _, pw := range r.sourcePhrases {
		if len(words) <= len(pw) {
			continue
		}
		ok := true
		for i, w := range pw {
			if strings.ToLower(trimPunct(words[i])) != w {
				ok = false
				break
			}
		}
		if ok && startsUpper(words[len(pw)]) {
			return len(pw)
		}
	}
	return 0
}

// nameRun returns the leading run of capitalised words (a name, or a role and
// a name, commas allowed) in words.
func (r *rules) nameRun(words []string) string {
	var out []string
	for i, w := range words {
		t := strings.TrimRight(w, ".,;:!?\"”’)")
		if t == "" {
			break
		}
		if !startsUpper(t) && !(r.nameJoiners.Has(t) && i > 0 && i+1 < len(words) && startsUpper(words[i+1])) {
			break
		}
		out = append(out, strings.TrimRight(w, ".;:!?\"”’)"))
		if strings.ContainsAny(w[len(t):], ".;:!?") {
			break
		}
	}
	return strings.TrimRight(strings.Join(out, " "), ",")
}

// lastNameRun returns the trailing run of capitalised words in words, or "".
func lastNameRun(words []string) string {
	i := len(words)
	for i > 0 && startsUpper(trimPunct(words[i-1])) && !strings.HasSuffix(words[i-1], ",") {
		i--
	}
	if i == len(words) || (i == 0 && len(words) == 1 && !startsUpper(words[0])) {
		return ""
	}
	return trimPunct(strings.Join(words[i:], " "))
}

// maxNameWords is how many capitalised words after a role are taken for a
// name when no comma tells: "Gubernur Jawa Barat Ridwan Kamil".
const maxNameWords = 2

// splitRole splits "Presiden Republik Azerbaijan, Ilham Aliyev" or
// "Sekretaris Jenderal PBB Antonio Guterres" into name and role.
func (r *rules) splitRole(s string) (name, role string) {
	if i := strings.LastIndex(s, ","); i >= 0 {
		return strings.TrimSpace(s[i+1:]), strings.TrimSpace(s[:i])
	}
	words := strings.Fields(s)
	last := -1 // the last role word or acronym
	for i, w := range words {
		if r.roleWords.Has(strings.ToLower(w)) || isAcronym(w) {
			last = i
		}
	}
	if last < 0 || last == len(words)-1 || !r.roleWords.Has(strings.ToLower(words[0])) {
		return s, ""
	}
	if len(words)-last-1 > maxNameWords {
		last = len(words) - maxNameWords - 1
	}
	return strings.Join(words[last+1:], " "), strings.Join(words[:last+1], " ")
}

func isAcronym(w string) bool {
	n := 0
	for _, r := range w {
		if !unicode.IsUpper(r) {
			return false
		}
		n++
	}
	return n >= 2
}

// A person is someone the article names, with the role it gives them.
type person struct{ Name, Role string }

type people []person

// lookup finds the person a short name ("Mnatsakanyan") stands for.
func (ps people) lookup(name string) (person, bool) {
	if name == "" {
		return person{}, false
	}
	for _, p := range ps {
		if p.Role == "" {
			continue
		}
		if p.Name == name || strings.HasSuffix(p.Name, " "+name) {
			return p, true
		}
	}
	return person{}, false
}

// findPeople lists the people an article names with a role: "Menteri
// Pertahanan Armenia, Zohrab Mnatsakanyan", "Sekretaris Jenderal PBB Antonio
// Guterres"; and the runs of capitalised words of each sentence (see
// nameRuns) it found them in.
func (r *rules) findPeople(a *Article) (people, [][]string) {
	var ps people
	runs := make([][]string, len(a.Sentences))
	for i, s := range a.Sentences {
		runs[i] = r.nameRuns(s.Text)
		for _, run := range runs[i] {
			if name, role := r.splitRole(run); role != "" && name != "" && len(strings.Fields(name)) <= 4 {
				ps = append(ps, person{Name: name, Role: role})
			}
		}
	}
	return ps, runs
}

// nameRuns returns the runs of capitalised words in s, a run going on across
// one comma ("Presiden Republik Azerbaijan, Ilham Aliyev").
func (r *rules) nameRuns(s string) []string {
	words := strings.Fields(s)
	var runs []string
	for i := 0; i < len(words); i++ {
		if !startsUpper(trimPunct(words[i])) || !r.roleWords.Has(strings.ToLower(trimPunct(words[i]))) {
			continue
		}
		run := r.nameRun(words[i:])
		if run != "" {
			runs = append(runs, run)
			i += len(strings.Fields(run)) - 1
		}
	}
	return runs
}

// previousPerson returns the last person named in the sentences before
// sentence i (at most three back), for resolving "ia" and "katanya"; runs
// are each sentence's runs of capitalised words.
func previousPerson(a *Article, i int, ps people, runs [][]string) string {
	for j := i - 1; j >= 0 && j >= i-3; j-- {
		s := a.Sentences[j]
		if s.Related {
			continue
		}
		if rs := runs[j]; len(rs) > 0 {
			return rs[len(rs)-1]
		}
		if name := lastName(s.Text); name != "" {
			return name
		}
		text := FoldSpace(s.Text) // names are words joined by single spaces
		for _, p := range ps {
			if strings.Contains(text, p.Name) {
				return p.Name
			}
		}
	}
	return ""
}

// lastName returns the last run of two or more capitalised words in s that
// does not start it: "The minister, Jane Doe, arrived." gives "Jane Doe".
func lastName(s string) string {
	words := strings.Fields(s)
	best := ""
	for i := 1; i < len(words); {
		j := i
		for j < len(words) && startsUpper(words[j]) {
			j++
			if strings.ContainsAny(words[j-1], ",.;:") {
				break // punctuation ends a name
			}
		}
		if j-i >= 2 {
			best = trimPunct(strings.Join(words[i:j], " "))
		}
		i = max(j, i+1)
	}
	return best
}

func startsUpper(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r)
}

func isQuoteMark(r rune) bool { return strings.ContainsRune(`"“”„«»'‘’`, r) }

func trimPunct(w string) string {
	return strings.TrimFunc(w, func(r rune) bool { return unicode.IsPunct(r) && r != '-' })
}
