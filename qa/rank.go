package qa

import (
	"cmp"
	"math"
	"math/bits"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/kutip/kutip/lang"
	"github.com/kutip/kutip/qa/analysis"
)

// Params tune ranking and abstention. DefaultParams were tuned on the
// Indonesian dev sets (see the README); Opening, OpeningHalf, ShortArticle
// and ShortHalf, which matter only in short articles, on wikiqa-en, half its
// articles against the other half.
type Params struct {
	K1, B        float64 // BM25 term-frequency saturation and length normalisation
	Synonym      float64 // weight of a synonym match, relative to an exact one
	Translate    float64 // weight of a match through the bilingual lexicon, relative to an exact one
	ForeignCover float64 // a translated question abstains when the best sentence matches less of its weight
	Typo         float64 // weight of a match within a small edit distance
	Name         float64 // extra weight of names and numbers in the question
	Proximity    float64 // bonus for question terms standing close together
	Phrase       float64 // bonus for the question's neighbouring terms standing together
	Neighbour    float64 // share of the best neighbouring sentence's score added
	WantBoost    float64 // bonus for holding the kind of answer asked for
	WantShort    float64 // more of it for short questions, divided by the question's terms
	Speech       float64 // bonus for reporting speech, when the question asks what someone said
	Near         float64 // bonus for the answer asked for standing beside a word that matched
	Lead         float64 // prior for a sentence near the start of its article
	ParaLead     float64 // prior for the first sentence of a paragraph, where a topic is introduced
	Para         float64 // share of the question's weight found in the sentence's paragraph, added
	Opening      float64 // prior for the first whole sentences of a short article: the share of their words' score added
	OpeningHalf  float64 // the article's length, in sentences, at which that prior is halved (see fade)
	ShortArticle float64 // when abstaining, a short article's terms weigh as in one of up to this many sentences more (see index.weightOf)
	ShortHalf    float64 // the article's length, in sentences, at which those extra sentences are halved
	MinCoverage  float64 // abstain when the best sentence matches less of the question's weight
	NameMissing  bool    // abstain when a name or number of the question is nowhere in the article and the best sentence has none of the others
	MinFound     float64 // abstain when the article holds less of the question's weight
	NameCoverage float64 // with a name missing, abstain below this coverage unless the best sentence has another name
}

// DefaultParams returns the parameters New uses.
func DefaultParams() Params {
	return Params{
		K1: 1.0, B: 0.3,
		Synonym: 0.7, Typo: 0.8, Name: 0.3,
		Proximity: 0.3, Phrase: 0.1, Neighbour: 0.1, WantBoost: 0.4, WantShort: 1.5, Speech: 0.5, Near: 0.1, Lead: 0.05, ParaLead: 0.2, Para: 0.3,
		Opening: 1, OpeningHalf: 20, ShortArticle: 40, ShortHalf: 15,
		MinCoverage: 0.1, MinFound: 0.2, NameMissing: true, NameCoverage: 0.3,
		Translate: 0.8, ForeignCover: 0.25, // tuned on translated questions (qa/translate_test.go, eval/chat by article)
	}
}

// A qterm is one question term with the index terms it matches.
type qterm struct {
	term      string
	word      string
	weight    float64 // importance: 1, more for names and numbers
	important bool    // a name or a number: the article must hold it
	number    bool
	alts      []alt
	idf       float64 // of the best alternative, or of an unseen term
	rewrite   Rewrite // how the term was read, when it was (informal.go)
	typed     string  // the word as typed, when the analyzer read it as another ("org" for "orang")
	judge     float64 // its weight when abstaining weighs how much of the question a sentence or the article holds (see index.weightOf)
}

type alt struct {
	term   int32   // the index term's number
	word   string  // the article's word, for typo matches
	factor float64 // 1 for the term itself
	how    string
}

// A cand is a sentence that matches the question, with what its score is
// made of.
type cand struct {
	d     int // the sentence's number in the index
	f     features
	score float64
}

// features are what a sentence's score is made of.
type features struct {
	base      float64 // BM25 of the question terms in the sentence
	neighbour float64 // BM25 of the better neighbour in the same paragraph
	para      float64 // the question's weight found in the sentence's paragraph
	lead      float64 // 1 for the article's first sentence, 1/2 for the second...
	paraLead  bool    // the first sentence of its paragraph
	opening   float64 // its prior for opening a short article (see doc.opening)
	prox      float64 // how close together the matched terms stand, 0 to 1
	phrase    float64 // share of the question's neighbouring term pairs that stand together here too
	want      bool    // holds the kind of answer asked for
	near      bool    // ... beside a word that matched the question
	said      float64 // reports speech, asked for by the question: 1 quoted, 1/2 by a speech verb
	nq        int     // the question's terms
}

// prior is the score of the features every matching sentence has.
func (p *Params) prior(f *features) float64 {
	s := f.base*(1+p.Opening*f.opening) + p.Neighbour*f.neighbour + p.Para*f.para
	s *= 1 + p.Lead*f.lead
	if f.paraLead {
		s *= 1 + p.ParaLead
	}
	return s
}

// final adds the features only the best candidates are given.
func (p *Params) final(f *features) float64 {
	s := p.prior(f) * (1 + p.Proximity*f.prox) * (1 + p.Phrase*f.phrase)
	if f.want {
		s *= 1 + p.WantBoost + p.WantShort/float64(f.nq)
	}
	if f.near {
		s *= 1 + p.Near
	}
	s *= 1 + p.Speech*f.said
	return s
}

// factors spells out how final builds a score from the features, for
// Hit.Factors.
func (p *Params) factors(f *features) []Factor {
	fs := []Factor{{Name: "words", Op: "+", Value: f.base}}
	add := func(name, op string, v float64) {
		if op == "+" && v > 0 || op == "×" && v != 1 {
			fs = append(fs, Factor{Name: name, Op: op, Value: math.Round(v*1000) / 1000})
		}
	}
	add("neighbour", "+", p.Neighbour*f.neighbour)
	add("paragraph", "+", p.Para*f.para)
	add("opening", "+", p.Opening*f.opening*f.base)
	add("article start", "×", 1+p.Lead*f.lead)
	if f.paraLead {
		add("paragraph start", "×", 1+p.ParaLead)
	}
	add("proximity", "×", 1+p.Proximity*f.prox)
	add("phrase", "×", 1+p.Phrase*f.phrase)
	if f.want {
		add("answer kind", "×", 1+p.WantBoost+p.WantShort/float64(f.nq))
	}
	if f.near {
		add("answer beside", "×", 1+p.Near)
	}
	add("speech", "×", 1+p.Speech*f.said)
	fs[0].Value = math.Round(fs[0].Value*1000) / 1000
	return fs
}

// candidates is how many of the best sentences by prior score are looked at
// closely.
const candidates = 12

// A ranking is the outcome of rank: the candidates, best first, and what
// abstaining depends on. cands, cover and the matcher live in pooled scratch
// space: release gives it back, and they must not be used after that.
type ranking struct {
	qs               []qterm
	m                matcher
	want             Want
	cands            []cand
	matched          int       // sentences that match at all
	total, found     float64   // the question's weight, and the part of it the article holds, as abstaining weighs them (qterm.judge)
	cover            []float64 // by sentence: the part of the question's weight it holds, likewise
	missingImportant bool      // a name or number of the question is nowhere in the article
	missingNumber    bool
	rewrites         []Rewrite
	speech           bool        // the question asks what someone said (speech.go)
	yesNo            bool        // the question asks yes or no (question.go)
	judged           int         // the sentence abstaining judges by: the best by all but the opening prior
	roleNamed        bool        // the question asks who holds a role, and a candidate names its holder (person.go)
	tr               *translator // the question is in another language than the article's: how it was translated
	sc               *scratch
}

func (r *ranking) release(e *Engine) {
	if sc := r.sc; sc != nil {
		r.m.reset()
		for _, d := range sc.matched {
			sc.base[d], sc.cover[d], sc.nmatch[d] = 0, 0, 0
		}
		sc.matched = sc.matched[:0]
		e.pool.Put(sc)
	}
}

// rank scores the sentences of one article against a question and returns
// the best keep candidates, best first.
//
// A library question (lq not nil) is analysed once for all the articles
// it is asked of, and weighs terms by the library's statistics, so that
// the scores of different articles' sentences compare.
func (e *Engine) rank(ix *index, text string, keep int, lq *libQuery) ranking {
	keep = max(keep, 1)
	p := &e.params
	var qtoks []analysis.Token
	if lq != nil {
		qtoks = lq.analyze(ix.an, text)
	} else {
		qtoks = ix.an.Analyze(text)
	}
	r := ranking{want: e.questions.want(qtoks)}
	r.qs, r.tr = e.questionTerms(ix, text, qtoks, lq)
	if r.tr == nil {
		typedAs(text, qtoks, r.qs)
	}
	r.rewrites = rewrites(text, qtoks, r.qs)
	speechToks := qtoks // a translated question asks for speech in its own language
	if r.tr != nil {
		speechToks = r.tr.fromAn.Analyze(text)
	}
	if r.speech = e.asksSpeech(ix, speechToks); r.speech {
		r.qs = dropSpeech(ix, r.qs)
	}
	r.yesNo = e.questions.yesNo(speechToks)
	qs := r.qs
	if len(qs) == 0 || len(ix.docs) == 0 {
		return r
	}
	for i := range qs {
		q := &qs[i]
		df := 0
		for _, a := range q.alts {
			df = max(df, ix.df(a.term))
		}
		q.idf = ix.idfOf(df)
		if lq != nil {
			q.idf = math.Inf(1)
			for _, a := range q.alts {
				q.idf = min(q.idf, lq.idf(ix, a.term))
			}
			if len(q.alts) == 0 {
				q.idf = lq.sh.idf(0)
			}
		}
		q.judge = ix.weightOf(df, p.ShortArticle, p.ShortHalf) * q.weight
		r.total += q.judge
		if len(q.alts) > 0 {
			r.found += q.judge
		}
		if p.NameMissing && q.important && len(q.alts) == 0 {
			r.missingImportant = true
			r.missingNumber = r.missingNumber || q.number
		}
	}

	// BM25, each question term counted once a sentence through its best
	// match; and the paragraph as weak context: how much of the question it
	// holds, each question term counted once a paragraph.
	sc := e.scratch(len(ix.docs), len(ix.article.Paragraphs), ix.nterms())
	r.sc = sc
	base, cover, best, nmatch, para, seen := sc.base, sc.cover, sc.best, sc.nmatch, sc.para, sc.seen
	r.cover = cover
	for qi, q := range qs {
		touched := sc.touched[:0]
		for _, a := range q.alts {
			idf := ix.idfOf(ix.df(a.term))
			if lq != nil {
				idf = lq.idf(ix, a.term)
			}
			for _, pst := range ix.posts(a.term) {
				d := &ix.docs[pst.doc]
				tf := float64(pst.tf)
				norm := tf * (p.K1 + 1) / (tf + p.K1*(1-p.B+p.B*float64(d.length)/ix.avgLen))
				if best[pst.doc] == 0 {
					touched = append(touched, int(pst.doc))
				}
				best[pst.doc] = max(best[pst.doc], a.factor*idf*norm*q.weight)
				if seen[d.paragraph] != qi+1 { // seen: the last question term counted, +1
					seen[d.paragraph] = qi + 1
					para[d.paragraph] += q.idf * q.weight
				}
			}
		}
		for _, d := range touched {
			if nmatch[d] == 0 {
				sc.matched = append(sc.matched, d)
			}
			base[d] += best[d]
			cover[d] += q.judge
			nmatch[d]++
			best[d] = 0
		}
		sc.touched = touched
	}

	// The best keep sentences by prior score, kept sorted while they come,
	// in sentence order (equal scores keep it).
	opening := fade(len(ix.docs), p.OpeningHalf)
	cands := sc.cands[:0]
	slices.Sort(sc.matched)
	for _, d := range sc.matched {
		if base[d] == 0 {
			continue
		}
		r.matched++
		doc := &ix.docs[d]
		f := features{
			base:      base[d],
			neighbour: max(neighbour(ix, base, d, -1), neighbour(ix, base, d, 1)),
			para:      para[doc.paragraph],
			lead:      1 / (1 + float64(doc.sentence)),
			paraLead:  ix.article.Paragraphs[doc.paragraph].Sentences[0] == doc.sentence,
			opening:   doc.opening(opening),
		}
		s := p.prior(&f)
		if len(cands) == keep && s <= cands[keep-1].score {
			continue
		}
		i, _ := slices.BinarySearchFunc(cands, s, func(c cand, t float64) int { return cmp.Compare(t, c.score) })
		for i < len(cands) && cands[i].score == s { // equal scores keep sentence order
			i++
		}
		if len(cands) == keep {
			cands = cands[:keep-1]
		}
		cands = slices.Insert(cands, i, cand{d: d, f: f, score: s})
	}
	sc.cands = cands
	if len(cands) == 0 {
		return r
	}
	// Proximity, phrases and the kind of answer: on the best candidates only.
	r.m = newMatcher(qs, sc.ms[:0], sc.slots)
	r.m.anyOrder = r.tr != nil // "Armenian defence minister" is "Menteri Pertahanan Armenia"
	sc.ms = r.m.ms
	named := e.roleNames(ix, &r, cands)
	for i := range cands {
		c := &cands[i]
		doc := &ix.docs[c.d]
		if nmatch[c.d] >= 2 {
			c.f.prox, c.f.phrase = proximity(phraseTerms(doc, ix.phrasesIn(c.d), r.m, sc.terms), r.m, len(qs))
		}
		if r.want != lang.WantAny {
			c.f.want, c.f.near = holdsNear(ix.lex, doc, r.want, qtoks, r.m)
		}
		if r.roleNamed { // the question asks who holds a role, and some sentence names its holder: those hold the person asked for
			c.f.want = named[i]
			c.f.near = c.f.near && c.f.want
		}
		if r.speech {
			c.f.said = doc.said
		}
		c.f.nq = len(qs)
		c.score = p.final(&c.f)
	}
	slices.SortStableFunc(cands, func(a, b cand) int { return cmp.Compare(b.score, a.score) })
	if r.tr != nil {
		r.tr.kindFirst(ix, r.want, cands)
	}
	r.cands = cands
	r.judged = judged(p, cands)
	return r
}

// judged returns the sentence whether to abstain is judged by: the best
// candidate by its words and context, leaving out the prior for opening a
// short article. Where a sentence stands says nothing of whether the
// article answers, and the opening sentence may match less of the question
// than the one the words would choose.
func judged(p *Params, cands []cand) int {
	if cands[0].f.opening == 0 { // the others only lose by leaving the prior out
		return cands[0].d
	}
	best, bestScore := cands[0].d, math.Inf(-1)
	for _, c := range cands {
		f := c.f
		f.opening = 0
		if s := p.final(&f); s > bestScore {
			best, bestScore = c.d, s
		}
	}
	return best
}

func (e *Engine) ask(ix *index, text string, n int, explain bool, lq *libQuery) Answer {
	p := &e.params
	r := e.rank(ix, text, candidates, lq)
	defer r.release(e)
	ans := Answer{Want: r.want, Abstained: true, Matched: r.matched}
	ans.Rewrites = append(r.rewrites, translations(r.qs)...)
	if len(r.cands) == 0 {
		return ans
	}
	top := r.cands[0]
	coverage := r.cover[r.judged] / r.total
	missingImportant := r.missingImportant
	if missingImportant && !r.missingNumber && (matchesImportant(ix.docs[r.judged].terms, r.qs, r.m) || coverage >= p.NameCoverage) {
		missingImportant = false
	}
	if coverage < p.MinCoverage || r.found/r.total < p.MinFound || missingImportant || e.carriedWeakly(ix, &r, top) || e.roleMissing(ix, &r) || r.yesNo && lacksWord(r.qs) ||
		r.tr != nil && !e.translationAnswers(ix, &r, top, coverage) {
		if coverage >= p.MinCoverage/2 {
			h := e.hit(ix, top, r.qs, r.m, explain)
			ans.Closest = &h
		}
		return ans
	}
	ans.Abstained, ans.coverage = false, coverage
	ans.Hits = make([]Hit, 0, min(n, len(r.cands)))
	for _, c := range r.cands[:min(n, len(r.cands))] {
		ans.Hits = append(ans.Hits, e.hit(ix, c, r.qs, r.m, explain))
	}
	return ans
}

// matchesImportant reports whether a sentence holds one of the question's
// names or numbers.
func matchesImportant(terms []int32, qs []qterm, m matcher) bool {
	for _, t := range terms {
		if q, _ := m.match(t); q >= 0 && qs[q].important {
			return true
		}
	}
	return false
}

// scratch is what one question needs per sentence and paragraph of an
// article, kept in a pool between questions.
type scratch struct {
	base, cover, best []float64
	nmatch            []uint8
	para              []float64
	seen, touched     []int
	matched           []int // the sentences that matched a question term, for release to clear
	cands             []cand
	ms                []qmatch
	slots             []int32 // the matcher's, all zero between questions
	terms             []int32 // a sentence's terms with its phrases, for proximity
}

// scratch returns scratch space for nd sentences, np paragraphs and nt
// terms: para and seen zeroed, the others zero already (see release).
func (e *Engine) scratch(nd, np, nt int) *scratch {
	sc, _ := e.pool.Get().(*scratch)
	if sc == nil {
		sc = &scratch{}
	}
	f := func(s []float64, n int) []float64 {
		if cap(s) < n {
			return make([]float64, n)
		}
		s = s[:n]
		clear(s)
		return s
	}
	// base, cover, best and nmatch are zero between questions: release
	// clears the sentences a question matched.
	grow := func(s []float64, n int) []float64 {
		if cap(s) < n {
			return make([]float64, n)
		}
		return s[:n]
	}
	sc.base, sc.cover, sc.best = grow(sc.base, nd), grow(sc.cover, nd), grow(sc.best, nd)
	sc.para = f(sc.para, np)
	if cap(sc.nmatch) < nd {
		sc.nmatch = make([]uint8, nd)
	}
	sc.nmatch = sc.nmatch[:nd]
	if len(sc.slots) < nt {
		sc.slots = make([]int32, nt)
	}
	if cap(sc.seen) < np {
		sc.seen = make([]int, np)
	}
	sc.seen = sc.seen[:np]
	clear(sc.seen)
	return sc
}

// neighbour returns the base score of the sentence next to d (dir -1 or 1)
// when it stands in the same paragraph.
func neighbour(ix *index, base []float64, d, dir int) float64 {
	o := d + dir
	if o < 0 || o >= len(ix.docs) {
		return 0
	}
	if ix.docs[o].paragraph != ix.docs[d].paragraph {
		return 0
	}
	return base[o]
}

// queryTerms returns the question's content terms, each once, with what they
// match in the index.
//
// A word of a library question (lq not nil) that another article holds
// as it is is no typo nor chat word for this one: it is not read as
// another.
func (e *Engine) queryTerms(ix *index, toks []analysis.Token, lq *libQuery) []qterm {
	qs := make([]qterm, 0, len(toks))
	buf := make([]alt, 0, len(toks)) // the exact and synonym matches of all terms
	capitals := capitalsTell(toks)
	for i, t := range toks {
		if t.Stop || e.questions.isQuestionWord(t.Word) || t.Term == "" || slices.ContainsFunc(qs, func(q qterm) bool { return q.term == t.Term }) {
			continue
		}
		q := qterm{term: t.Term, word: t.Word, weight: 1}
		id, has := ix.term(t.Term)
		if t.Kind == analysis.Number || isName(ix, toks, i, capitals) {
			if !has || !ix.isTopic(id) {
				q.weight += e.params.Name
			}
			q.important = true
			q.number = t.Kind == analysis.Number
		}
		start := len(buf)
		if has {
			buf = append(buf, alt{term: id, factor: 1, how: "exact"})
		}
		for _, s := range ix.an.Synonyms(t.Term) {
			if id, ok := ix.term(s); ok {
				buf = append(buf, alt{term: id, factor: e.params.Synonym, how: "synonym"})
			}
		}
		buf = ix.nasalAlts(t, buf, start)
		buf = ix.accentAlts(t, buf, start)
		q.alts = buf[start:len(buf):len(buf)]
		if len(q.alts) == 0 && e.questions.inForm(toks, i) {
			continue // a word of a form of question word the article lacks: "lama" in "berapa lama", "tahun" in "tahun berapa"
		}
		if len(q.alts) == 0 && t.Kind == analysis.Word && (lq == nil || lq.df(t.Term) == 0) {
			q.alts, q.rewrite = e.unknown(ix, t)
		} else if q.important {
			if vs := e.variants(ix, q.alts); len(vs) > 0 {
				q.alts = append(q.alts, vs...)
			}
		}
		qs = append(qs, q)
	}
	return qs
}

// typos returns the article's words within maxd edits of w, two at most.
// Answers are cached per index, up to a bound.
func (ix *index) typos(w string, factor float64, maxd int) []alt {
	n := utf8.RuneCountInString(w)
	if maxd <= 0 {
		return nil
	}
	maxd = min(maxd, len(ix.typoCache)-1)
	if v, ok := ix.typoCache[maxd].Load(w); ok {
		return v.([]alt)
	}
	rw, letters := []rune(w), letterSet(w)
	var out []alt
	var buf [48]rune
	for m := max(4, n-maxd); m <= n+maxd; m++ {
		for _, v := range ix.byLen[m] {
			if !nearLetters(letters, v.letters, maxd) {
				continue
			}
			if d := editDistance(rw, appendRunes(buf[:0], ix.word(v)), maxd); d <= maxd {
				out = append(out, alt{term: v.term, word: ix.word(v), factor: factor * (1 - 0.1*float64(d-1)), how: "typo"})
			}
		}
	}
	slices.SortFunc(out, func(a, b alt) int { return cmp.Compare(a.word, b.word) })
	if ix.typoCached.Add(1) <= maxTypoCache {
		ix.typoCache[maxd].Store(w, out)
	}
	return out
}

// maxTypoCache bounds the typo answers an index keeps.
const maxTypoCache = 4096

// appendRunes appends the runes of s to buf.
func appendRunes(buf []rune, s string) []rune {
	for _, r := range s {
		buf = append(buf, r)
	}
	return buf
}

// editDistance returns the Levenshtein distance of a and b, or maxd+1 when it
// is larger than maxd.
func editDistance(ra, rb []rune, maxd int) int {
	var buf [2][48]int
	prev, cur := buf[0][:], buf[1][:]
	if len(rb)+1 > len(prev) {
		prev, cur = make([]int, len(rb)+1), make([]int, len(rb)+1)
	}
	prev, cur = prev[:len(rb)+1], cur[:len(rb)+1]
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(rb); j++ {
			c := 1
			if ra[i-1] == rb[j-1] {
				c = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+c)
			rowMin = min(rowMin, cur[j])
		}
		if rowMin > maxd {
			return maxd + 1
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// A matcher tells which question term an index term matches, through a
// table indexed by term number: the article's every term has a slot, the
// question's few are set, and reset clears them again.
type matcher struct {
	ms       []qmatch
	slots    []int32 // by term number: 1 + the term's entry in ms, or 0
	anyOrder bool    // the question's neighbouring terms count as a phrase in either order: it was translated
}

type qmatch struct {
	q   int
	alt alt
}

// newMatcher returns a matcher for qs, appending its entries to buf and
// setting slots, which must be zero and have a slot for every term.
func newMatcher(qs []qterm, buf []qmatch, slots []int32) matcher {
	m := matcher{ms: buf, slots: slots}
	for i, q := range qs {
		for _, a := range q.alts {
			if m.slots[a.term] == 0 { // the first question term that matches it wins
				m.ms = append(m.ms, qmatch{i, a})
				m.slots[a.term] = int32(len(m.ms))
			}
		}
	}
	return m
}

// match returns which question term an index term matches, or -1.
func (m matcher) match(term int32) (int, alt) {
	if term == noTerm || m.slots == nil {
		return -1, alt{}
	}
	if k := m.slots[term]; k > 0 {
		qm := m.ms[k-1]
		return qm.q, qm.alt
	}
	return -1, alt{}
}

// reset clears the slots the matcher set.
func (m matcher) reset() {
	for _, qm := range m.ms {
		m.slots[qm.alt.term] = 0
	}
}

// proximity looks at where a sentence's matched question terms stand. prox
// is 0 for a sentence that matches fewer than two question terms, and grows
// with the share of the question matched and how close together it stands.
// phrase is the share of the question's consecutive term pairs that stand
// in the same order, at most phraseGap words apart, in the sentence too
// ("Kadipaten Normandia").
func proximity(terms []int32, m matcher, nq int) (prox, phrase float64) {
	type pos struct{ q, at int }
	var buf [64]pos
	ps := buf[:0]
	var cbuf [16]int
	counts := cbuf[:0]
	if nq > len(cbuf) {
		counts = make([]int, nq)
	}
	counts = counts[:nq]
	k := 0
	for i, t := range terms {
		if q, _ := m.match(t); q >= 0 {
			ps = append(ps, pos{q, i})
			if counts[q]++; counts[q] == 1 {
				k++
			}
		}
	}
	if k < 2 {
		return 0, 0
	}
	// The shortest window holding every matched term.
	bestLen := math.MaxInt
	clear(counts)
	have, lo := 0, 0
	for hi := range ps {
		if counts[ps[hi].q]++; counts[ps[hi].q] == 1 {
			have++
		}
		for have == k {
			bestLen = min(bestLen, ps[hi].at-ps[lo].at+1)
			if counts[ps[lo].q]--; counts[ps[lo].q] == 0 {
				have--
			}
			lo++
		}
	}
	prox = float64(k) / float64(bestLen) * float64(k-1) / float64(nq)

	// Pairs: question term q followed by q+1 within phraseGap words.
	var pairs uint64
	for i, a := range ps {
		for _, b := range ps[i+1:] {
			if b.at-a.at > phraseGap {
				break
			}
			if b.q == a.q+1 && a.q < 64 {
				pairs |= 1 << a.q
			} else if m.anyOrder && a.q == b.q+1 && b.q < 64 {
				pairs |= 1 << b.q
			}
		}
	}
	return prox, float64(bits.OnesCount64(pairs)) / float64(nq-1)
}

// phraseGap is how far apart, in words, two neighbouring question terms may
// stand in a sentence and still count as a phrase: "Kadipaten Normandia" in
// "Kadipaten Normandia, yang ...", "ibu kota" in "ibu kota negara".
const phraseGap = 3

// An answerWord is a word of a sentence that could answer some kinds of
// question: a number, a time, a person, a place.
type answerWord struct {
	at    int32 // its token's place in the sentence
	kinds uint8 // bit w set: it could answer a question that wants w
}

// answerWords returns the words of a sentence that could answer a question,
// with the kinds of answer they could be.
func (lw langWords) answerWords(toks []analysis.Token) []answerWord {
	var out []answerWord
	for i, t := range toks {
		prev := ""
		if i > 0 {
			prev = toks[i-1].Word
		}
		before := prev // the word a time follows, past "ke": "abad ke-10"
		if prev == "ke" && i > 1 {
			before = toks[i-2].Word
		}
		var k uint8 // a calendar word that is also a stop word is a time when capitalised: "May", not "may"
		if t.Kind == analysis.Number || lw.numbers.Has(t.Word) && !lw.notNumber.Has(prev) || isAmount(t.Word) {
			k |= 1 << lang.WantNumber
		}
		if t.Kind == analysis.Number && (isYear(t.Word) || strings.ContainsAny(t.Word, "/:") || lw.timePreps.Has(before)) || lw.calendar.Has(t.Word) && (t.Capital || !t.Stop) {
			k |= 1 << lang.WantTime
		}
		if lw.reasons.Has(t.Word) {
			k |= 1 << lang.WantReason
		}
		if t.Capital && i > 0 && t.Kind == analysis.Word {
			k |= 1 << lang.WantPerson
			if lw.placePreps.Has(prev) {
				k |= 1 << lang.WantPlace
			}
		}
		if k != 0 {
			out = append(out, answerWord{int32(i), k})
		}
	}
	return out
}

// holds reports whether a sentence, through its answer words, holds the kind
// of answer asked for in a word the question does not already have.
// holdsNear reports whether a sentence holds the kind of answer asked
// for (holds), and whether such an answer word stands within answerReach
// words of a word of the sentence that matched the question (near).
func holdsNear(lex *lexicon, doc *doc, want Want, question []analysis.Token, m matcher) (held, near bool) {
	for _, w := range doc.answers {
		if w.kinds&(1<<want) == 0 || slices.ContainsFunc(question, func(q analysis.Token) bool { return q.Word == lex.get(doc.toks[w.at]).word }) {
			continue
		}
		held = true
		at := int(w.at)
		for i := max(0, at-answerReach); i < min(len(doc.terms), at+answerReach+1); i++ {
			if q, _ := m.match(doc.terms[i]); q >= 0 {
				return true, true
			}
		}
	}
	return held, false
}

// answerReach is how many words from a word that matched the question an
// answer word stands "beside" it (holdsNear).
const answerReach = 3

func holds(toks []analysis.Token, words []answerWord, want Want, question []analysis.Token) bool {
	for _, w := range words {
		if w.kinds&(1<<want) != 0 && !slices.ContainsFunc(question, func(q analysis.Token) bool { return q.Word == toks[w.at].Word }) {
			return true
		}
	}
	return false
}

// isAmount reports whether a word joins digits to a few letters: an amount
// with its currency or unit written on, "rp12.000", "3.496km", "232sm".
func isAmount(w string) bool {
	letters := strings.IndexFunc(w, func(r rune) bool { return r >= '0' && r <= '9' })
	if letters < 0 || letters > 3 {
		return false
	}
	digits := strings.TrimLeft(w[letters:], "0123456789.,")
	if letters == 0 {
		return digits != "" && len(w)-len(digits) > 0 // digits first, then the unit
	}
	return digits == "" // the currency first, then the digits
}

func isYear(w string) bool {
	if len(w) != 4 {
		return false
	}
	for _, c := range w {
		if c < '0' || c > '9' {
			return false
		}
	}
	return w >= "1000" && w <= "2199"
}

// hit builds the result for a candidate; explain fills in Explain and
// Factors.
func (e *Engine) hit(ix *index, c cand, qs []qterm, m matcher, explain bool) Hit {
	doc := ix.docs[c.d]
	s := ix.article.Sentences[doc.sentence]
	h := Hit{Article: ix.article.ID, Paragraph: s.Paragraph, Sentence: s.Index, Text: s.Text, Cuts: s.Cuts, Score: math.Round(c.score*1000) / 1000}
	var seen []bool
	if explain {
		seen = make([]bool, len(qs))
		h.Factors = e.params.factors(&c.f)
	}
	for i, t := range doc.toks {
		q, a := m.match(doc.terms[i])
		if q < 0 {
			continue
		}
		if h.Highlights == nil {
			h.Highlights = make([]Span, 0, len(qs))
		}
		h.Highlights = append(h.Highlights, Span{int(t.start), t.end()})
		if explain && !seen[q] {
			seen[q] = true
			term, how := qs[q].word, a.how
			if qs[q].typed != "" {
				term = qs[q].typed
				if how == "exact" {
					how = "normalized"
				}
			}
			h.Explain = append(h.Explain, TermPart{Term: term, Match: ix.lex.get(t).word, How: how, Weight: math.Round(qs[q].idf*qs[q].weight*a.factor*1000) / 1000})
		}
	}
	phraseHits(&h, ix.lex, &doc, ix.phrasesIn(c.d), qs, m, seen)
	return h
}

func sortHits(hs []Hit) {
	slices.SortStableFunc(hs, func(a, b Hit) int { return cmp.Compare(b.Score, a.Score) })
}

// typoDistance is the edit distance kutip tolerates in a word of n letters:
// one from five letters, two from eight.
func typoDistance(n int) int {
	switch {
	case n >= 8:
		return 2
	case n >= 5:
		return 1
	}
	return 0
}

// Similar reports whether two folded words are the same but for a typo.
func Similar(a, b string) bool {
	d := typoDistance(min(utf8.RuneCountInString(a), utf8.RuneCountInString(b)))
	return d > 0 && editDistance([]rune(a), []rune(b), d) <= d
}
