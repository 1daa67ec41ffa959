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
//
// Who said it is read from the sentence: a name after or before a speech
// verb ("kata X", "X said", "said company spokeswoman X"), or a pronoun
// ("he said", "ujarnya") for the person named just before. The role is
// the one the attribution gives, before the name ("Presiden Republik
// Azerbaijan, Ilham Aliyev") or after it in apposition ("said John Smith,
// the mayor"; "kata Haji Sarmin (61), pedagang beras"), else the one the
// article gave the person when it first named them: a name used alone
// later ("Dadang", "Okafor") stands for the full name it is the first or
// last word of. A quotation with no attribution of its own right after
// one that has a speaker goes on in their words ("...," said X. "More.").
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
		said := r.attribution(s.Text, spans)
		speaker := said
		if r.isPronoun(speaker) {
			speaker = previousPerson(a, s.Index, people, runs)
		}
		var role string
		speaker, role = r.splitRole(speaker)
		if speaker != "" && strings.HasSuffix(said, speaker) {
			// A role in apposition says more than a title before the name
			// ("Dr Siti Rahmawati, a primatologist at ...").
			if app := r.appositive(afterName(s.Text, speaker, spans)); app != "" && (role == "" || !strings.Contains(role, " ")) {
				role = app
			}
		}
		if p, ok := people.lookup(speaker); ok {
			speaker = p.Name
			if role == "" {
				role = p.Role
			}
		}
		if role == "" && speaker != "" {
			role = r.subject(s.Text, speaker)
		}
		if n := len(out); speaker == "" && n > 0 && out[n-1].Speaker != "" && out[n-1].Sentence >= s.Index-1 && opensWithQuote(s.Text) {
			speaker, role = out[n-1].Speaker, out[n-1].Role // the same person goes on
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

// opensWithQuote reports whether a sentence opens with a quotation mark.
func opensWithQuote(s string) bool {
	r, _ := utf8.DecodeRuneInString(strings.TrimSpace(s))
	return openQuote(r) != 0
}

// afterName returns what follows the attribution's name in sentence s:
// after the last quotation when the name is there, else after the name
// anywhere before the first.
func afterName(s, name string, spans [][2]int) string {
	tail := s[spans[len(spans)-1][1]:]
	if i := strings.Index(tail, name); i >= 0 {
		return tail[i+len(name):]
	}
	if i := strings.Index(s[:spans[0][0]], name); i >= 0 {
		return s[i+len(name) : spans[0][0]]
	}
	return ""
}

// maxRoleWords is the most words an appositive role is taken to have.
const maxRoleWords = 15

// appositive returns the role that follows a name in apposition: ", the
// mayor", ", a guide who joined all three expeditions", "(61), pedagang
// beras", ", 58, a fisherman", ", Gubernur DKI Jakarta": the words after
// the comma (and an age before it) up to the sentence's end or a
// quotation, when they start in lower case or with a role word; "" for
// none (", Senin (18/11/2024)." is a date, not a role).
func (r *rules) appositive(after string) string {
	after = strings.TrimSpace(after)
	if strings.HasPrefix(after, "(") { // an age: "(54)"
		if i := strings.Index(after, ")"); i > 0 && strings.Trim(after[1:i], "0123456789 ") == "" {
			after = strings.TrimSpace(after[i+1:])
		}
	}
	after, ok := strings.CutPrefix(after, ",")
	if !ok {
		return ""
	}
	after = strings.TrimSpace(after)
	if age, rest, ok := strings.Cut(after, ","); ok && age != "" && strings.Trim(age, "0123456789") == "" { // ", 58, a fisherman"
		after = strings.TrimSpace(rest)
	}
	if i := strings.IndexAny(after, `"“”„«»`); i >= 0 { // a quotation goes on; an apostrophe is a word's ("residents' case")
		after = after[:i]
	}
	words := strings.Fields(after)
	if len(words) == 0 || len(words) > maxRoleWords || strings.Trim(after, "0123456789 .,") == "" {
		return ""
	}
	if first := trimPunct(words[0]); startsUpper(first) && !r.roleWords.Has(strings.ToLower(first)) {
		return ""
	}
	return strings.TrimRight(strings.Join(words, " "), ".,;:!?")
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
			return r.roleAndName(words[1:])
		}
		// "he said" after the quotation: the pronoun, for the person before
		if r.isPronoun(w) && len(words) > 1 && r.isSpeechVerb(strings.ToLower(trimPunct(words[1]))) {
			return trimPunct(words[0])
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

// roleAndName returns the name words start with, as nameRun does; when
// they start with one or two words of a role in lower case instead
// ("company spokeswoman Laura Pemberton", "co-author Professor James
// Whitcombe"), it returns "role, name", as splitRole splits it.
func (r *rules) roleAndName(words []string) string {
	if name := r.nameRun(words); name != "" {
		return name
	}
	for k := 1; k <= 2 && k < len(words); k++ {
		w := words[k-1]
		if startsUpper(w) || trimPunct(w) != w || r.stop.Has(strings.ToLower(w)) || r.isPronoun(w) {
			return ""
		}
		if name := r.nameRun(words[k:]); name != "" {
			return strings.Join(words[:k], " ") + ", " + name
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

// splitRole splits "Presiden Republik Azerbaijan, Ilham Aliyev",
// "Sekretaris Jenderal PBB Antonio Guterres" or "Heru Budi Hartono,
// Gubernur DKI Jakarta" into name and role.
func (r *rules) splitRole(s string) (name, role string) {
	if i := strings.LastIndex(s, ","); i >= 0 {
		before, after := strings.TrimSpace(s[:i]), strings.TrimSpace(s[i+1:])
		if r.roleWords.Has(strings.ToLower(firstWord(after))) && !r.roleWords.Has(strings.ToLower(firstWord(before))) {
			return before, after // "Heru Budi Hartono, Gubernur DKI Jakarta": the role in apposition
		}
		return after, before
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

// lookup finds the person a name stands for: the one of that name, or,
// for a name of one word, whose full name it is the last word of
// ("Mnatsakanyan") or the first ("Dadang", as Indonesian news names
// people): the first the article named with a role, else the first it
// named at all.
func (ps people) lookup(name string) (person, bool) {
	if name == "" {
		return person{}, false
	}
	one := !strings.Contains(name, " ") // a name of several words is as it is
	found, ok := person{}, false
	for _, p := range ps {
		if p.Name != name && (!one || !strings.HasSuffix(p.Name, " "+name) && !strings.HasPrefix(p.Name, name+" ")) {
			continue
		}
		if p.Role != "" {
			return p, true
		}
		if !ok {
			found, ok = p, true
		}
	}
	return found, ok
}

// findPeople lists the people an article names with a role: "Menteri
// Pertahanan Armenia, Zohrab Mnatsakanyan", "Sekretaris Jenderal PBB Antonio
// Guterres"; and the runs of capitalised words of each sentence (see
// nameRuns) it found them in.
func (r *rules) findPeople(a *Article) (people, [][]string) {
	var ps people
	runs := make([][]string, len(a.Sentences))
	var named people // full names given without a role
	for i, s := range a.Sentences {
		runs[i] = r.nameRuns(s.Text)
		ps = append(ps, r.appositions(s.Text)...) // first: the whole role, between commas
		for _, run := range runs[i] {
			if name, role := r.splitRole(run); role != "" && name != "" && len(strings.Fields(name)) <= 4 {
				ps = append(ps, person{Name: name, Role: role})
			}
		}
		for _, name := range r.fullNames(s.Text) {
			named = append(named, person{Name: name})
		}
	}
	return append(ps, named...), runs
}

// appositions returns the people sentence s names with a role beside
// their name, between commas: after it ("Marcus Reyes, the lawyer who led
// the residents' case, called ...", "Sri Wahyuni (38), ibu rumah tangga di
// Klender, mengaku ..."), or before it when the role opens the sentence
// ("Pengamat pertanian dari Universitas Padjadjaran, Tri Handayani,
// menilai ...", "The minister, Jane Doe, arrived.").
func (r *rules) appositions(s string) people {
	var ps people
	for _, full := range r.fullNames(s) {
		i := strings.Index(s, full)
		if i < 0 {
			continue // its words are apart by more than a space: not read as a name
		}
		before, rest := strings.TrimSpace(s[:i]), s[i+len(full):]
		name := full
		if n, title := r.splitRole(full); title != "" && !strings.Contains(title, " ") {
			name = n // "Dr Siti Rahmawati": the title is not the name
		}
		if role, ok := strings.CutSuffix(before, ","); ok {
			// The role before: the sentence's first clause.
			if role = strings.TrimSpace(role); role != "" && !strings.ContainsAny(role, ",;:\"“”") && len(strings.Fields(role)) <= maxRoleWords {
				ps = append(ps, person{Name: name, Role: role})
			}
			continue
		}
		// The role after ends at the next comma but one after an age.
		end := strings.IndexByte(rest, ',')
		if end < 0 {
			continue
		}
		if j := strings.IndexByte(rest[end+1:], ','); j >= 0 {
			rest = rest[:end+1+j]
		}
		if role := r.appositive(rest); role != "" && !startsUpper(role) || r.roleWords.Has(strings.ToLower(firstWord(role))) {
			ps = append(ps, person{Name: name, Role: role})
		}
	}
	return ps
}

// firstWord returns the first word of s, its punctuation trimmed.
func firstWord(s string) string {
	w, _, _ := strings.Cut(s, " ")
	return trimPunct(w)
}

// fullNames returns the runs of two to four capitalised words in s that
// no punctuation breaks: "Dimas Arya Saputra", "Marcus Reyes"; a sentence's
// first word is not a name's when it is a stop word or opens a source
// phrase ("Menurut Kemenkes").
func (r *rules) fullNames(s string) []string {
	words := strings.Fields(s)
	var out []string
	start := 0
	if len(words) > 0 && (r.stop.Has(strings.ToLower(words[0])) || r.matchPhrase(words) > 0) {
		start = 1
	}
	for i := start; i < len(words); {
		j := i
		for j < len(words) && startsUpper(words[j]) && isNameWord(strings.TrimRight(words[j], ",.;:!?")) {
			j++
			if strings.ContainsAny(words[j-1], ",.;:!?") {
				break
			}
		}
		if n := j - i; n >= 2 && n <= 4 {
			out = append(out, strings.TrimRight(strings.Join(words[i:j], " "), ",.;:!?"))
		}
		i = max(j, i+1)
	}
	return out
}

// isNameWord reports whether w can be a word of a person's name: letters,
// hyphens and apostrophes only.
func isNameWord(w string) bool {
	return w != "" && strings.IndexFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && r != '-' && r != '\'' && r != '’' }) < 0
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
		if name := lastMentioned(s.Text, ps); name != "" { // "Rahmawati said ...": someone named with a role
			return name
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

// lastMentioned returns the full name of the person with a role whom
// sentence s names last, in full or by the first or last word of their
// name; "" for none.
func lastMentioned(s string, ps people) string {
	words := strings.Fields(s)
	for i := len(words) - 1; i >= 0; i-- {
		w := trimPunct(words[i])
		if !startsUpper(w) {
			continue
		}
		for _, p := range ps {
			if p.Role == "" {
				continue
			}
			if first, last := firstWord(p.Name), p.Name[strings.LastIndexByte(p.Name, ' ')+1:]; w == first || w == last {
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
