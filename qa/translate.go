package qa

import (
	"math"
	"slices"
	"strings"
	"sync"
	"unicode"

	"github.com/kutip/kutip/lang"
	"github.com/kutip/kutip/qa/analysis"
)

// Query translation. A question in another language than its article's
// ("How many people died?" about an Indonesian article) is searched for
// through the bilingual lexicons of package lang: each of its words stands
// for the article-language words it translates to, as a synonym does, below
// an exact match. Only the question is translated; the quote stays verbatim
// in the article's language.

// A translator reads questions in one language (from) about articles in
// another (to). Its word lists are built from the lexicons on first use
// (load), so that an engine whose questions are all in their articles'
// languages never pays for them.
type translator struct {
	from, to     *lang.Language
	fromAn, toAn *analysis.Analyzer
	entries      []sides             // the lexicons' entries, from's side first
	marks        map[string]wordKind // the stop and question words of both languages: fromMark, toMark
	surface      map[string]wordKind // from's side of the lexicons as spelt there: listed, first

	once     sync.Once
	words    map[string][]target // by from's analysed term, or a phrase's terms joined by spaces
	function map[string]bool     // keys of words whose every translation is a stop word of to ("many": "banyak")
	numbers  map[string]bool     // to's terms that translate a number: "two", "dua"
	starts   map[string]bool     // the first terms of the phrases among the keys
	longest  int                 // the most tokens of a phrase among the keys
}

// sides are one lexicon entry seen from a translator: the words of the
// question's language and those of the article's.
type sides struct{ from, to []string }

// wordKind says what a word is to a translator, so that one look-up tells.
type wordKind uint8

const (
	fromMark wordKind = 1 << iota // a stop word or question word of from: it says a question is in from
	toMark                        // likewise for to
	listed                        // a word or phrase of from's side of the lexicons, as spelt there
	first                         // the first word of a phrase of from's side
)

// is reports whether a normalised word is of kind k.
func (tr *translator) is(w string, k wordKind) bool {
	if k&(fromMark|toMark) != 0 {
		return tr.marks[w]&k != 0
	}
	return tr.surface[w]&k != 0
}

// A target is what a word translates to: the analysed term of an article
// language's word, or a phrase's terms joined by spaces, and the word or
// phrase as the lexicon writes it.
type target struct {
	key, word string
}

// A phrase is a lexicon phrase of an article's language ("meninggal dunia",
// "gencatan senjata"), which an article indexes as a term of its own when it
// holds it whole.
type phrase struct {
	terms []string
	key   string // the terms joined by spaces
}

// phraseSet holds the phrases of one language by their first term.
type phraseSet map[string][]phrase

// phraseAt is where a sentence holds a phrase: its term's number and the
// sentence's tokens [from, to) that make it.
type phraseAt struct {
	term     int32
	from, to int
}

// newTranslators makes the translators between the engine's languages,
// each lexicon serving both ways.
func (e *Engine) newTranslators() map[string][]*translator {
	byPair := map[[2]string]*translator{}
	trs := map[string][]*translator{}
	get := func(from, to *lang.Language) *translator {
		tr := byPair[[2]string{from.Code, to.Code}]
		if tr == nil {
			tr = &translator{from: from, to: to, marks: map[string]wordKind{}, surface: map[string]wordKind{}}
			for _, w := range marks(from) {
				tr.marks[w] |= fromMark
			}
			for _, w := range marks(to) {
				tr.marks[w] |= toMark
			}
			byPair[[2]string{from.Code, to.Code}] = tr
			trs[to.Code] = append(trs[to.Code], tr)
		}
		return tr
	}
	for _, l := range e.langs {
		for _, lx := range l.Lexicons {
			other := e.lang(lx.To)
			if other == nil || other == l {
				continue
			}
			there, back := get(other, l), get(l, other)
			for _, en := range lx.Entries {
				there.entries = append(there.entries, sides{en.Foreign, en.Words})
				back.entries = append(back.entries, sides{en.Words, en.Foreign})
			}
		}
	}
	for _, tr := range byPair {
		for _, en := range tr.entries {
			for _, w := range en.from { // lang has folded their white space
				w = analysis.Normalize(w)
				tr.surface[w] |= listed
				if f, _, ok := strings.Cut(w, " "); ok {
					tr.surface[f] |= first
				}
			}
		}
	}
	return trs
}

// phrasesOf returns the lexicon phrases an article in a language indexes:
// those of the language's side of the lexicons, worked out once. Only New
// calls it.
func (e *Engine) phrasesOf(l *lang.Language, an *analysis.Analyzer) phraseSet {
	if ps, ok := e.phrases[l.Code]; ok {
		return ps
	}
	ps := phraseSet{}
	for _, key := range an.SynonymPhrases() {
		ps.add(key)
	}
	for _, tr := range e.translators[l.Code] {
		for _, en := range tr.entries {
			for _, w := range en.to {
				if strings.ContainsAny(w, " -") {
					if a := analyse(an, l, w); a.n > 1 {
						ps.add(a.key)
					}
				}
			}
		}
	}
	e.phrases[l.Code] = ps
	return ps
}

// load builds the translator's word lists, once.
func (tr *translator) load() {
	tr.once.Do(func() {
		tr.fromAn, tr.toAn = analysis.New(tr.from), analysis.New(tr.to)
		tr.words, tr.function, tr.numbers, tr.starts = map[string][]target{}, map[string]bool{}, map[string]bool{}, map[string]bool{}
		for _, en := range tr.entries {
			tr.add(en.from, en.to)
		}
	})
}

// lang returns the engine's language with a code, or nil.
func (e *Engine) lang(code string) *lang.Language {
	for _, l := range e.langs {
		if l.Code == code {
			return l
		}
	}
	return nil
}

// marks returns a language's stop words and the words that alone are one of
// its question words.
func marks(l *lang.Language) []string {
	ws := l.Stop.All()
	for _, q := range l.Questions {
		if len(q.Words) == 1 {
			ws = append(ws, q.Words[0])
		}
	}
	return ws
}

// add records that each of words (in from) translates to each of foreign
// (in to). A word the same in both languages is no translation: it is found
// as it is.
func (tr *translator) add(words, foreign []string) {
	var ts []target
	stops, number := 0, false
	for _, f := range foreign {
		w := analyse(tr.toAn, tr.to, f)
		switch {
		case w.key == "":
		case w.stop:
			stops++
		default:
			number = number || w.number
			ts = append(ts, target{key: w.key, word: f})
		}
	}
	from := make([]analysed, len(words))
	for i, w := range words {
		from[i] = analyse(tr.fromAn, tr.from, w)
		number = number || from[i].number
	}
	if number { // "dua, 2 = two": the words of both sides are numbers
		for _, t := range ts {
			tr.numbers[t.key] = true
		}
	}
	for i, w := range from {
		if w.key == "" {
			continue
		}
		tr.longest = max(tr.longest, w.n)
		if first, _, ok := strings.Cut(w.key, " "); ok {
			tr.starts[first] = true
		}
		if len(ts) == 0 && stops > 0 {
			tr.function[w.key] = true
			continue
		}
		for _, t := range ts {
			if analysis.Normalize(t.word) == analysis.Normalize(words[i]) || hasTarget(tr.words[w.key], t.key) {
				continue
			}
			tr.words[w.key] = append(tr.words[w.key], t)
		}
	}
}

// analysed is a lexicon word or phrase as a question or an article holds
// it: its key (its terms joined by spaces), how many tokens it has, whether
// they are all stop words, and whether it is a number.
type analysed struct {
	key          string
	n            int
	stop, number bool
}

// analyse analyses a lexicon word or phrase as Analyze would, plain words
// (of letters alone, between single spaces) through Term, which is quicker.
func analyse(an *analysis.Analyzer, l *lang.Language, w string) analysed {
	if plain(w) {
		a := analysed{stop: true}
		for part := range strings.SplitSeq(w, " ") {
			if a.n++; a.n > 1 {
				a.key += " "
			}
			a.key += an.Term(part)
			a.stop = a.stop && l.Stop.Has(analysis.Normalize(part))
		}
		return a
	}
	toks := an.Analyze(w)
	if len(toks) == 0 {
		return analysed{}
	}
	return analysed{key: joinTerms(toks), n: len(toks), stop: allStop(toks), number: len(toks) == 1 && toks[0].Kind == analysis.Number}
}

// plain reports whether w is words of letters alone between single spaces.
func plain(w string) bool {
	prev := ' '
	for _, r := range w {
		if !unicode.IsLetter(r) && (r != ' ' || prev == ' ') {
			return false
		}
		prev = r
	}
	return prev != ' '
}

func allStop(toks []analysis.Token) bool {
	for _, t := range toks {
		if !t.Stop {
			return false
		}
	}
	return true
}

func hasTarget(ts []target, key string) bool {
	for _, t := range ts {
		if t.key == key {
			return true
		}
	}
	return false
}

// joinTerms returns the terms of tokens joined by spaces: the key of a word
// or a phrase.
func joinTerms(toks []analysis.Token) string {
	if len(toks) == 1 {
		return toks[0].Term
	}
	var b strings.Builder
	for i, t := range toks {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(t.Term)
	}
	return b.String()
}

// add records a target key that is a phrase.
func (ps phraseSet) add(key string) {
	if !strings.Contains(key, " ") {
		return
	}
	terms := strings.Split(key, " ")
	for _, p := range ps[terms[0]] {
		if p.key == key {
			return
		}
	}
	ps[terms[0]] = append(ps[terms[0]], phrase{terms: terms, key: key})
}

// addPhrases indexes the phrases of ps that the article's sentences hold
// whole as terms of their own, so that a translated word finds "meninggal
// dunia" and not "dunia" alone. Questions in the article's own language never
// search for these terms: theirs have no spaces.
// full are the docs' tokens.
func (ix *index) addPhrases(ps phraseSet, full [][]analysis.Token) {
	if len(ps) == 0 {
		return
	}
	for id := range ix.docs {
		d := &ix.docs[id]
		for i, t := range full[id] {
			for _, p := range ps[t.Term] {
				if holdsPhrase(full[id][i:], p.terms) {
					if ix.docPhrases == nil {
						ix.docPhrases = make([][]phraseAt, len(ix.docs))
					}
					term := ix.add(p.key, int32(id))
					ix.docPhrases[id] = append(ix.docPhrases[id], phraseAt{term: term, from: i, to: i + len(p.terms)})
				}
			}
		}
		// A sentence found by the names of the one before ("Ia
		// mengatakan ...") is found by the phrases among them too:
		// "Sekretaris Jenderal" of "... Sekretaris Jenderal PBB Antonio
		// Guterres." for "sekjen".
		if d.borrows && id > 0 && ix.docPhrases != nil {
			for _, p := range ix.docPhrases[id-1] {
				if allCapital(full[id-1][p.from:p.to]) && !slices.Contains(d.borrowed, p.term) {
					ix.addTo(p.term, int32(id))
					d.borrowed = append(d.borrowed, p.term)
				}
			}
		}
	}
}

// phrasesIn returns the lexicon phrases sentence d holds.
func (ix *index) phrasesIn(d int) []phraseAt {
	if ix.docPhrases == nil {
		return nil
	}
	return ix.docPhrases[d]
}

func holdsPhrase(toks []analysis.Token, terms []string) bool {
	if len(toks) < len(terms) {
		return false
	}
	for j, t := range terms {
		if toks[j].Term != t {
			return false
		}
	}
	return true
}

// translation returns the translator for a question about ix's article when
// the question is in another language, with the question's tokens analysed
// in that language; nil when it is in the article's own. toks are the
// question's tokens in the article's language. A question is in another
// language when more of its words say so than say it is not: its stop words
// and question words, and its words that the article lacks but the lexicon
// has, against the article language's stop and question words. Names,
// numbers and the words the article holds say nothing.
func (e *Engine) translation(ix *index, text string, toks []analysis.Token) (*translator, []analysis.Token) {
	for _, tr := range e.translators[ix.an.Lang()] {
		foreign, native, content := 0, 0, 0
		for i, t := range toks {
			if t.Kind != analysis.Word || t.Capital && i > 0 {
				continue
			}
			switch k := tr.marks[t.Word]; {
			case k&fromMark != 0 && k&toMark == 0:
				if !tr.inName(toks, i) {
					foreign++
				}
			case k&toMark != 0 && k&fromMark == 0:
				native++
			case k&(fromMark|toMark) == 0:
				content++
			}
		}
		// The words the article lacks could tip it: count them, as far as
		// they can.
		absent := 0
		for i := 0; i < len(toks) && foreign+absent <= native && foreign+absent+content > native; i++ {
			t := toks[i]
			if t.Kind != analysis.Word || t.Capital && i > 0 || tr.marks[t.Word] != 0 {
				continue
			}
			content--
			if !ixHas(ix, t.Term) { // one the article holds says nothing: a name in lower case, a word of both languages
				absent++
			}
		}
		if foreign+absent <= native {
			continue
		}
		tr.load()
		for i, t := range toks {
			if t.Kind != analysis.Word || t.Capital && i > 0 || t.Stop || tr.is(t.Word, fromMark) || ixHas(ix, t.Term) {
				continue
			}
			if tr.knows(tr.fromAn.Term(t.Word)) {
				foreign++
			}
		}
		if foreign > native {
			return tr, tr.fromAn.Analyze(text)
		}
	}
	return nil, nil
}

// inName reports whether toks[i] stands between two capitalised words with
// only stop words (of either language) between, as
// "to the" in "Sky to the Sky" and "of" in "The Chronicles of Narnia": a
// title or a name in any language says nothing of the question's.
func (tr *translator) inName(toks []analysis.Token, i int) bool {
	before, after := false, false
	for j := i - 1; j >= 0 && !before; j-- {
		if toks[j].Capital {
			before = true
		} else if !toks[j].Stop && !tr.is(toks[j].Word, fromMark) {
			break
		}
	}
	for j := i + 1; j < len(toks) && !after; j++ {
		if toks[j].Capital {
			after = true
		} else if !toks[j].Stop && !tr.is(toks[j].Word, fromMark) {
			break
		}
	}
	return before && after
}

func ixHas(ix *index, term string) bool {
	_, ok := ix.term(term)
	return ok
}

// knows reports whether the lexicon has a from word.
func (tr *translator) knows(key string) bool {
	_, ok := tr.words[key]
	return ok || tr.function[key]
}

// translatedTerms returns the content terms of a question in tr's from
// language about ix's article, each with the article's terms it matches:
// the word itself when the article has it and what the lexicon translates
// it to (and the synonyms of that), phrases first, longest first. Names and
// numbers stay as they are, spelt as the article spells them or nearly
// ("Guterres", "Gutteres"); stop words and question words of the question's
// language are dropped, and the second words of "how many" and "berapa
// hari" where the article lacks them.
func (e *Engine) translatedTerms(ix *index, tr *translator, toks []analysis.Token) []qterm {
	qs := make([]qterm, 0, len(toks))
	for i := 0; i < len(toks); {
		t := toks[i]
		if t.Stop || t.Term == "" || e.questions.isQuestionWord(t.Word) || tr.function[t.Term] || tr.is(t.Word, toMark) && len(tr.words[t.Term]) == 0 {
			i++ // "nya", "yang" in an Indonesian question about an English article read in English
			continue
		}
		// A word of a question form ("many" in "how many", "hari" in
		// "berapa hari") is searched for only where the article has it.
		soft := e.questions.inForm(toks, i)
		ts, n := tr.words[t.Term], 1
		for k := min(tr.longest, len(toks)-i); k >= 2; k-- {
			if p, ok := tr.words[joinTerms(toks[i:i+k])]; ok && anyIn(ix, p) {
				ts, n = p, k
				break
			}
		}
		var read Rewrite // a chat word of the question's language the lexicon knows as it is written
		if n == 1 && len(ts) == 0 && t.Kind == analysis.Word {
			ts, read = tr.informal(ix, t.Word)
		}
		first := i == 0
		span := toks[i : i+n]
		i += n
		word := t.Word
		if n > 1 {
			word = strings.Join(words(span), " ")
		}
		if qsHas(qs, word) {
			continue
		}
		q := qterm{term: word, word: word, weight: float64(contentWords(span))} // a phrase weighs its words
		if t.Kind == analysis.Number || allCapital(span) && !first {
			q.weight += e.params.Name
			q.important = true
			q.number = t.Kind == analysis.Number
		}
		q.rewrite = read
		if n == 1 && len(ts) == 0 {
			// A word of the article's language, as it is and as its
			// synonyms: "weight" in "berapa weight nya?" finds "weigh".
			term := ix.an.Term(t.Word)
			q.alts = append(q.alts, e.exact(ix, term)...)
		} else if n == 1 {
			if id, ok := ix.term(ix.an.Term(t.Word)); ok {
				q.alts = append(q.alts, alt{term: id, factor: 1, how: "exact"})
			}
		}
		for _, tg := range ts {
			if id, ok := ix.term(tg.key); ok && !altsHave(q.alts, id) {
				q.alts = append(q.alts, alt{term: id, word: tg.word, factor: e.params.Translate, how: "translated"})
			}
		}
		// The synonyms of the translations, unless the article has a phrase
		// the word translates to: a synonym group stands for a phrase by its
		// first word ("menteri" for "menhan").
		phraseIn := slices.ContainsFunc(ts, func(tg target) bool { return strings.Contains(tg.key, " ") && ixHas(ix, tg.key) })
		for _, tg := range ts {
			if phraseIn {
				break
			}
			for _, syn := range ix.an.Synonyms(tg.key) {
				if id, ok := ix.term(syn); ok && !altsHave(q.alts, id) {
					q.alts = append(q.alts, alt{term: id, factor: e.params.Translate * e.params.Synonym, how: "translated"})
				}
			}
		}
		if n == 1 && len(ts) == 0 && len(q.alts) > 0 && !q.important {
			// The lexicon does not know it and the article holds it as it
			// is: a name typed in lower case ("dalton"), a word borrowed
			// whole ("lawyer" in Indonesian chat).
			q.weight += e.params.Name
			q.important = true
		}
		switch {
		case n != 1 || t.Kind != analysis.Word || soft:
		case q.important: // a name the article spells another way too: "Gutteres"
			q.alts = append(q.alts, e.variants(ix, q.alts)...)
		case len(q.alts) == 0 && len(ts) == 0: // a typo, or a word read informally
			q.alts, q.rewrite = e.unknown(ix, t)
		}
		if soft && len(q.alts) == 0 {
			continue
		}
		qs = append(qs, q)
	}
	return qs
}

// informal returns what the lexicon translates a chat word of the
// question's language to, read as its informal.txt reads it ("nemuin" is
// "menemukan", "find"), when the article holds a translation; and the
// rewrite made.
func (tr *translator) informal(ix *index, w string) ([]target, Rewrite) {
	in := tr.fromAn.Informal()
	for _, f := range in.Forms(w) {
		if ts := tr.words[tr.fromAn.Term(f)]; anyIn(ix, ts) {
			return ts, Rewrite{From: w, To: in.Read(f), How: "normalized"}
		}
	}
	return nil, Rewrite{}
}

// anyIn reports whether the article holds one of the targets: a phrase
// whose translations it lacks is read as its words ("death toll" as "death"
// and "toll").
func anyIn(ix *index, ts []target) bool {
	return slices.ContainsFunc(ts, func(t target) bool { return ixHas(ix, t.key) })
}

func contentWords(toks []analysis.Token) int {
	n := 0
	for _, t := range toks {
		if !t.Stop {
			n++
		}
	}
	return max(n, 1)
}

func allCapital(toks []analysis.Token) bool {
	for _, t := range toks {
		if !t.Capital {
			return false
		}
	}
	return true
}

func words(toks []analysis.Token) []string {
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = t.Word
	}
	return out
}

func qsHas(qs []qterm, word string) bool {
	for _, q := range qs {
		if q.word == word {
			return true
		}
	}
	return false
}

func altsHave(as []alt, term int32) bool {
	for _, a := range as {
		if a.term == term {
			return true
		}
	}
	return false
}

// inForm reports whether toks[i] is one of the two words of a form of
// question word ("many" in "how many", "tahun" in "tahun berapa"), which ask
// for a kind of answer and are not searched for.
func (q *questions) inForm(toks []analysis.Token, i int) bool {
	two := func(a, b int) bool {
		if a < 0 || b >= len(toks) {
			return false
		}
		f := q.byFirst[toks[a].Word]
		if f == nil {
			return false
		}
		_, ok := f.two[toks[b].Word]
		return ok || f.hasTime && q.timeWords.Has(toks[b].Word)
	}
	return two(i-1, i) || two(i, i+1)
}

// questionTerms returns the question's content terms with what they match
// in ix: through translation when the question is in another language than
// the article's (and the translator then), else as queryTerms reads them.
func (e *Engine) questionTerms(ix *index, text string, toks []analysis.Token, lq *libQuery) ([]qterm, *translator) {
	if tr, stoks := e.translation(ix, text, toks); tr != nil {
		return e.translatedTerms(ix, tr, stoks), tr
	}
	return e.mixedTerms(ix, toks, e.queryTerms(ix, toks, lq)), nil
}

// mixedTerms translates the words of another language in a question in the
// article's language ("brp death toll nya?", "siapa lawyer warga?"): a word
// the article has neither as it is nor as a synonym, that the lexicon of
// another language knows and translates to words the article has, is
// searched for through those, in place of near spellings of article words;
// phrases are read whole ("death toll"), and that language's stop words
// are dropped. The word must be spelt as the lexicon lists it, not only
// stem alike: "populer" is no "population". The lexicon is only loaded for
// a question that has such a word.
func (e *Engine) mixedTerms(ix *index, toks []analysis.Token, qs []qterm) []qterm {
	open := func(q qterm) bool {
		return !slices.ContainsFunc(q.alts, func(a alt) bool { return a.how == "exact" || a.how == "synonym" })
	}
	for _, tr := range e.translators[ix.an.Lang()] {
		if !slices.ContainsFunc(qs, func(q qterm) bool { return open(q) && tr.surface[q.word] != 0 }) {
			continue // most questions: nothing to translate
		}
		tr.load()
		// at[i]: the question term of toks[i] when it is open, else -1;
		// keys[i]: toks[i]'s term in tr's language.
		at, keys := make([]int, len(toks)), make([]string, len(toks))
		for i, t := range toks {
			at[i] = slices.IndexFunc(qs, func(q qterm) bool { return q.word == t.Word && open(q) })
			if at[i] >= 0 {
				keys[i] = tr.fromAn.Term(t.Word)
			}
		}
		var stops []int
		translated := false
		for i := 0; i < len(toks); i++ {
			if at[i] < 0 {
				continue
			}
			q := &qs[at[i]]
			if tr.is(toks[i].Word, fromMark) && len(q.alts) == 0 {
				stops = append(stops, at[i]) // "the" in "apa kata the president", once a word is translated
				continue
			}
			if q.important { // names and numbers stay as they are
				continue
			}
			var ts []target
			n := 1
			if tr.is(toks[i].Word, listed) {
				ts = tr.words[keys[i]]
			}
			if tr.starts[keys[i]] {
				for k := min(tr.longest, len(toks)-i); k >= 2; k-- {
					if p, ok := tr.words[strings.Join(keys[i:i+k], " ")]; ok && anyIn(ix, p) && !slices.Contains(at[i:i+k], -1) && tr.is(strings.Join(words(toks[i:i+k]), " "), listed) {
						ts, n = p, k
						break
					}
				}
			}
			var alts []alt
			for _, tg := range ts {
				if id, ok := ix.term(tg.key); ok && !altsHave(alts, id) {
					alts = append(alts, alt{term: id, word: tg.word, factor: e.params.Translate, how: "translated"})
				}
			}
			if len(alts) == 0 {
				continue
			}
			q.alts = alts
			translated = true
			if n > 1 {
				q.word = strings.Join(words(toks[i:i+n]), " ")
				q.term = q.word
				q.weight = float64(n)
				for _, k := range at[i+1 : i+n] {
					qs[k].weight = 0 // the phrase's other words: searched for in it
				}
			}
			i += n - 1
		}
		if translated {
			for _, k := range stops {
				qs[k].weight = 0
			}
		}
		qs = slices.DeleteFunc(qs, func(q qterm) bool { return q.weight == 0 })
	}
	return qs
}

// translationAnswers reports whether the best sentence answers a translated
// question by the stricter rules a translated question must meet, as what
// it asks is known only through a word list: every name of the question is
// in the article (a name is not translated away); at most one of its words
// that the lexicon knows is nowhere in the article ("Who won the football
// match?": the article is about something else); the sentence matches a word
// of the question that is not a name, when it has one; it holds the kind of
// answer asked for, when that is a number (in digits or words: "two") or a
// time (a date, or a time word: "early next year"); and it holds at least
// ForeignCover of the question's weight.
func (e *Engine) translationAnswers(ix *index, r *ranking, top cand, coverage float64) bool {
	tr := r.tr
	if r.missingImportant || coverage < e.params.ForeignCover {
		return false
	}
	doc := &ix.docs[top.d]
	if !tr.holdsKind(r.want, ix.lex, doc, top.f.want) {
		return false
	}
	content, absent := false, 0
	for _, q := range r.qs {
		content = content || !q.important
		if len(q.alts) == 0 && !q.important && tr.knows(tr.fromAn.Term(q.word)) {
			absent++
		}
	}
	if absent >= 2 {
		return false
	}
	if !content {
		return true
	}
	for _, t := range doc.terms {
		if q, _ := r.m.match(t); q >= 0 && !r.qs[q].important {
			return true
		}
	}
	for _, p := range ix.phrasesIn(top.d) {
		if q, _ := r.m.match(p.term); q >= 0 && !r.qs[q].important {
			return true
		}
	}
	for _, t := range doc.borrowed {
		if q, _ := r.m.match(t); q >= 0 && !r.qs[q].important {
			return true
		}
	}
	return false
}

// holdsKind reports whether a sentence holds the kind of answer a translated
// question asks for, when that is a number (in digits or words: "two") or a
// time (a date, or a time word: "early next year"); want says whether it
// holds one by the answer words of the index.
func (tr *translator) holdsKind(w Want, lex *lexicon, doc *doc, want bool) bool {
	switch w {
	case lang.WantNumber:
		return want || slices.ContainsFunc(doc.toks, func(t tok) bool { return tr.numbers[lex.get(t).term] })
	case lang.WantTime:
		return want || slices.ContainsFunc(doc.toks, func(t tok) bool { return tr.to.TimeWords.Has(lex.get(t).word) })
	}
	return true
}

// kindFirst puts the candidates that hold the number or time a translated
// question asks for before those that do not, keeping their order: "How
// much rain fell?" is answered by "curah hujan ... 180 milimeter", not by
// the sentence where rain falls again.
func (tr *translator) kindFirst(ix *index, w Want, cands []cand) {
	if w != lang.WantNumber && w != lang.WantTime {
		return
	}
	slices.SortStableFunc(cands, func(a, b cand) int {
		ha, hb := tr.holdsKind(w, ix.lex, &ix.docs[a.d], a.f.want), tr.holdsKind(w, ix.lex, &ix.docs[b.d], b.f.want)
		switch {
		case ha && !hb:
			return -1
		case hb && !ha:
			return 1
		}
		return 0
	})
}

// phraseTerms returns the terms of a sentence as proximity reads them: for
// a sentence holding a lexicon phrase that the question matched, the
// phrase's term stands at its first word, the rest of its words left out,
// so that "Menteri Pertahanan Armenia" stands close together for "Armenian
// defence minister". Other sentences' terms are returned as they are.
func phraseTerms(doc *doc, phrases []phraseAt, m matcher, buf []int32) []int32 {
	terms := doc.terms
	for _, p := range phrases {
		if q, _ := m.match(p.term); q < 0 {
			continue
		}
		if &terms[0] == &doc.terms[0] {
			terms = append(buf[:0], doc.terms...)
		}
		terms[p.from] = p.term
		for i := p.from + 1; i < p.to; i++ {
			terms[i] = noTerm
		}
	}
	return terms
}

// translations returns the rewrites of translated question terms: each
// article word a question word was translated to, once; of "meninggal" and
// "meninggal dunia" only the phrase.
func translations(qs []qterm) []Rewrite {
	var out []Rewrite
	for _, q := range qs {
		for _, a := range q.alts {
			if a.how != "translated" || a.word == "" { // "": through a synonym of a translation
				continue
			}
			inPhrase := slices.ContainsFunc(q.alts, func(b alt) bool {
				return b.how == "translated" && b.word != a.word && slices.Contains(strings.Fields(b.word), a.word)
			})
			if rw := (Rewrite{From: q.word, To: a.word, How: "translated"}); !inPhrase && !hasRewrite(out, rw) {
				out = append(out, rw)
			}
		}
	}
	return out
}

func hasRewrite(rs []Rewrite, r Rewrite) bool {
	for _, x := range rs {
		if x == r {
			return true
		}
	}
	return false
}

// phraseHits adds to a hit the lexicon phrases of its sentence that a
// translated question term matched: highlighted whole, and explained when
// seen is not nil.
func phraseHits(h *Hit, lex *lexicon, doc *doc, phrases []phraseAt, qs []qterm, m matcher, seen []bool) {
	for _, p := range phrases {
		q, a := m.match(p.term)
		if q < 0 {
			continue
		}
		h.Highlights = addSpan(h.Highlights, Span{int(doc.toks[p.from].start), doc.toks[p.to-1].end()})
		if seen != nil && !seen[q] {
			seen[q] = true
			ws := make([]string, 0, p.to-p.from)
			for _, t := range doc.toks[p.from:p.to] {
				ws = append(ws, lex.get(t).word)
			}
			match := strings.Join(ws, " ")
			h.Explain = append(h.Explain, TermPart{Term: qs[q].word, Match: match, How: a.how, Weight: math.Round(qs[q].idf*qs[q].weight*a.factor*1000) / 1000})
		}
	}
}

// addSpan adds a span to spans sorted by start, merging those it overlaps.
func addSpan(spans []Span, s Span) []Span {
	i := 0
	for i < len(spans) && spans[i].End < s.Start {
		i++
	}
	j := i
	for j < len(spans) && spans[j].Start <= s.End {
		s.Start, s.End = min(s.Start, spans[j].Start), max(s.End, spans[j].End)
		j++
	}
	return slices.Replace(spans, i, j, s)
}
