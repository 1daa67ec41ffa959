package qa

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"unicode/utf8"
)

// Params tune ranking and abstention. DefaultParams were tuned on the
// Indonesian dev sets (see the README).
type Params struct {
	K1, B        float64 // BM25 term-frequency saturation and length normalisation
	Synonym      float64 // weight of a synonym match, relative to an exact one
	Typo         float64 // weight of a match within a small edit distance
	Name         float64 // extra weight of names and numbers in the question
	Proximity    float64 // bonus for question terms standing close together
	Neighbour    float64 // share of the best neighbouring sentence's score added
	WantBoost    float64 // bonus for holding the kind of answer asked for
	Lead         float64 // prior for a sentence near the start of its article
	ParaLead     float64 // prior for the first sentence of a paragraph, where a topic is introduced
	Para         float64 // share of the question's weight found in the sentence's paragraph, added
	MinCoverage  float64 // abstain when the best sentence matches less of the question's weight
	NameMissing  bool    // abstain when a name or number of the question is nowhere in the article and the best sentence has none of the others
	MinFound     float64 // abstain when the article holds less of the question's weight
	NameCoverage float64 // with a name missing, abstain below this coverage unless the best sentence has another name
}

// DefaultParams are the parameters New uses.
var DefaultParams = Params{
	K1: 1.0, B: 0.3,
	Synonym: 0.7, Typo: 0.8, Name: 0.3,
	Proximity: 0.3, Neighbour: 0.1, WantBoost: 0.4, Lead: 0.05, ParaLead: 0.2, Para: 0.3,
	MinCoverage: 0.1, MinFound: 0.2, NameMissing: true, NameCoverage: 0.3,
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
}

type alt struct {
	term   int32   // the index term's number
	word   string  // the article's word, for typo matches
	factor float64 // 1 for the term itself
	how    string
}

func (e *Engine) ask(ix *index, text string, n int, explain bool) Answer {
	p := e.params
	qtoks := ix.an.Analyze(text)
	ans := Answer{Want: QuestionWant(qtoks), Abstained: true}
	qs := e.queryTerms(ix, qtoks)
	if len(qs) == 0 || len(ix.docs) == 0 {
		return ans
	}
	N := float64(len(ix.docs))
	total, found := 0.0, 0.0
	missingImportant, missingNumber := false, false
	for i := range qs {
		q := &qs[i]
		df := 0
		for _, a := range q.alts {
			df = max(df, ix.df(a.term))
		}
		q.idf = math.Log(1 + (N-float64(df)+0.5)/(float64(df)+0.5))
		total += q.idf * q.weight
		if len(q.alts) > 0 {
			found += q.idf * q.weight
		}
		if p.NameMissing && q.important && len(q.alts) == 0 {
			missingImportant = true
			missingNumber = missingNumber || q.number
		}
	}

	// BM25, each question term counted once a sentence through its best match.
	sc := e.scratch(len(ix.docs), len(ix.article.Paragraphs))
	defer e.pool.Put(sc)
	base, cover, best, scores, nmatch := sc.base, sc.cover, sc.best, sc.scores, sc.nmatch
	for _, q := range qs {
		touched := sc.touched[:0]
		for _, a := range q.alts {
			ps := ix.postings[a.term]
			idf := math.Log(1 + (N-float64(len(ps))+0.5)/(float64(len(ps))+0.5))
			for _, pst := range ps {
				d := &ix.docs[pst.doc]
				tf := float64(pst.tf)
				norm := tf * (p.K1 + 1) / (tf + p.K1*(1-p.B+p.B*float64(d.length)/ix.avgLen))
				if best[pst.doc] == 0 {
					touched = append(touched, int(pst.doc))
				}
				best[pst.doc] = max(best[pst.doc], a.factor*idf*norm*q.weight)
			}
		}
		for _, d := range touched {
			base[d] += best[d]
			cover[d] += q.idf * q.weight
			nmatch[d]++
			best[d] = 0
		}
		sc.touched = touched
	}

	// The paragraph as weak context: how much of the question it holds.
	para := sc.para
	if p.Para > 0 {
		seen := sc.seen // the last question term counted, +1
		for qi, q := range qs {
			for _, a := range q.alts {
				for _, pst := range ix.postings[a.term] {
					pi := ix.article.Sentences[ix.docs[pst.doc].sentence].Paragraph
					if seen[pi] != qi+1 {
						seen[pi] = qi + 1
						para[pi] += q.idf * q.weight
					}
				}
			}
		}
	}
	cands := sc.cands[:0]
	defer func() { sc.cands = cands[:0] }()
	for d := range ix.docs {
		if base[d] == 0 {
			continue
		}
		ans.Matched++
		s := base[d]
		s += p.Neighbour * max(neighbour(ix, base, d, -1), neighbour(ix, base, d, 1))
		sent := ix.article.Sentences[ix.docs[d].sentence]
		s += p.Para * para[sent.Paragraph]
		s *= 1 + p.Lead/(1+float64(ix.docs[d].sentence))
		if ix.article.Paragraphs[sent.Paragraph].Sentences[0] == sent.Index {
			s *= 1 + p.ParaLead
		}
		scores[d] = s
		cands = append(cands, d)
	}
	if len(cands) == 0 {
		return ans
	}
	// Proximity and the kind of answer: on the best candidates only.
	slices.SortFunc(cands, func(a, b int) int { return cmp.Compare(scores[b], scores[a]) })
	cands = cands[:min(len(cands), 20)]
	m := newMatcher(qs)
	var inQuestion map[string]bool
	if ans.Want != WantAny {
		inQuestion = make(map[string]bool, len(qtoks))
		for _, t := range qtoks {
			inQuestion[t.Word] = true
		}
	}
	for _, d := range cands {
		if nmatch[d] >= 2 {
			scores[d] *= 1 + p.Proximity*proximity(ix.docs[d].terms, m, len(qs))
		}
		if ans.Want != WantAny && holds(ix.docs[d].toks, ans.Want, inQuestion) {
			scores[d] *= 1 + p.WantBoost
		}
	}
	slices.SortStableFunc(cands, func(a, b int) int { return cmp.Compare(scores[b], scores[a]) })

	top := cands[0]
	coverage := cover[top] / total
	if missingImportant && !missingNumber && (matchesImportant(ix.docs[top].terms, qs, m) || coverage >= p.NameCoverage) {
		missingImportant = false
	}
	if coverage < p.MinCoverage || found/total < p.MinFound || missingImportant {
		if coverage >= p.MinCoverage/2 {
			h := e.hit(ix, top, scores[top], qs, m, explain)
			ans.Closest = &h
		}
		return ans
	}
	ans.Abstained = false
	for _, d := range cands[:min(n, len(cands))] {
		ans.Hits = append(ans.Hits, e.hit(ix, d, scores[d], qs, m, explain))
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
	base, cover, best, scores []float64
	nmatch                    []uint8
	para                      []float64
	seen, touched, cands      []int
}

// scratch returns zeroed scratch space for nd sentences and np paragraphs.
func (e *Engine) scratch(nd, np int) *scratch {
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
	sc.base, sc.cover, sc.best, sc.scores = f(sc.base, nd), f(sc.cover, nd), f(sc.best, nd), f(sc.scores, nd)
	sc.para = f(sc.para, np)
	if cap(sc.nmatch) < nd {
		sc.nmatch = make([]uint8, nd)
	}
	sc.nmatch = sc.nmatch[:nd]
	clear(sc.nmatch)
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
	ss := ix.article.Sentences
	if ss[ix.docs[o].sentence].Paragraph != ss[ix.docs[d].sentence].Paragraph {
		return 0
	}
	return base[o]
}

// queryTerms returns the question's content terms, each once, with what they
// match in the index.
func (e *Engine) queryTerms(ix *index, toks []Token) []qterm {
	qs := make([]qterm, 0, len(toks))
	for i, t := range toks {
		if t.Stop || isQuestionWord(t.Word) || t.Term == "" || slices.ContainsFunc(qs, func(q qterm) bool { return q.term == t.Term }) {
			continue
		}
		q := qterm{term: t.Term, word: t.Word, weight: 1}
		if t.Kind == Number || (t.Capital && i > 0) {
			q.weight += e.params.Name
			q.important = true
			q.number = t.Kind == Number
		}
		if id, ok := ix.term(t.Term); ok {
			q.alts = append(q.alts, alt{term: id, factor: 1, how: "exact"})
		}
		for _, s := range ix.an.synonyms[t.Term] {
			if id, ok := ix.term(s); ok {
				q.alts = append(q.alts, alt{term: id, factor: e.params.Synonym, how: "synonym"})
			}
		}
		if len(q.alts) == 0 && t.Kind == Word {
			q.alts = ix.typos(t.Word, e.params.Typo)
		}
		qs = append(qs, q)
	}
	return qs
}

// typos returns the article's words within a small edit distance of w: one
// edit for words of five letters or more, two from eight. Answers are cached
// per index, up to a bound.
func (ix *index) typos(w string, factor float64) []alt {
	n := utf8.RuneCountInString(w)
	maxd := typoDistance(n)
	if maxd == 0 {
		return nil
	}
	if v, ok := ix.typoCache.Load(w); ok {
		return v.([]alt)
	}
	rw := []rune(w)
	var out []alt
	for m := max(4, n-maxd); m <= n+maxd; m++ {
		for _, v := range ix.byLen[m] {
			if d := editDistance(rw, v.runes, maxd); d <= maxd {
				out = append(out, alt{term: v.term, word: v.word, factor: factor * (1 - 0.1*float64(d-1)), how: "typo"})
			}
		}
	}
	slices.SortFunc(out, func(a, b alt) int { return cmp.Compare(a.word, b.word) })
	if ix.typoCached.Add(1) <= maxTypoCache {
		ix.typoCache.Store(w, out)
	}
	return out
}

// maxTypoCache bounds the typo answers an index keeps.
const maxTypoCache = 4096

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

// A matcher tells which question term an index term matches. A question has
// few terms, so a slice scanned in order beats a map; a 64-bit filter of the
// term numbers turns most of a sentence's words away before the scan.
type matcher struct {
	filter uint64
	ms     []qmatch
}

type qmatch struct {
	q   int
	alt alt
}

func newMatcher(qs []qterm) matcher {
	var m matcher
	for i, q := range qs {
		for _, a := range q.alts {
			m.ms = append(m.ms, qmatch{i, a})
			m.filter |= 1 << (uint32(a.term) % 64)
		}
	}
	return m
}

// match returns which question term an index term matches, or -1.
func (m matcher) match(term int32) (int, alt) {
	if term == noTerm || m.filter&(1<<(uint32(term)%64)) == 0 {
		return -1, alt{}
	}
	for _, qm := range m.ms {
		if qm.alt.term == term {
			return qm.q, qm.alt
		}
	}
	return -1, alt{}
}

// proximity is 0 for a sentence that matches fewer than two question terms,
// and grows to 1 as the matched terms stand closer together.
func proximity(terms []int32, m matcher, nq int) float64 {
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
		return 0
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
	return float64(k) / float64(bestLen) * float64(k-1) / float64(nq)
}

var monthWords = wordSet(`januari februari maret april mei juni juli agustus september oktober november desember
	jan feb mar apr jun jul agu agt sep okt nov des
	january february march may june july august october december
	senin selasa rabu kamis jumat jum'at sabtu minggu monday tuesday wednesday thursday friday saturday sunday
	pagi siang sore malam kemarin abad century morning evening yesterday`)

var placePreps = wordSet(`di ke dari dekat in at from near`)

// holds reports whether a sentence holds the kind of answer asked for, in a
// word the question does not already have.
func holds(toks []Token, want Want, inQuestion map[string]bool) bool {
	for i, t := range toks {
		var ok bool
		switch want {
		case WantNumber:
			ok = t.Kind == Number
		case WantTime:
			ok = t.Kind == Number && (isYear(t.Word) || strings.ContainsAny(t.Word, "/:")) || monthWords[t.Word]
		case WantPerson:
			ok = t.Capital && i > 0 && t.Kind == Word
		case WantPlace:
			ok = t.Capital && i > 0 && placePreps[toks[i-1].Word]
		}
		if ok && !inQuestion[t.Word] {
			return true
		}
	}
	return false
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

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// hit builds the result for sentence d.
func (e *Engine) hit(ix *index, d int, score float64, qs []qterm, m matcher, explain bool) Hit {
	doc := ix.docs[d]
	s := ix.article.Sentences[doc.sentence]
	h := Hit{Article: ix.article.ID, Paragraph: s.Paragraph, Sentence: s.Index, Text: s.Text, Score: math.Round(score*1000) / 1000}
	var seen []bool
	if explain {
		seen = make([]bool, len(qs))
	}
	for i, t := range doc.toks {
		q, a := m.match(doc.terms[i])
		if q < 0 {
			continue
		}
		if h.Highlights == nil {
			h.Highlights = make([]Span, 0, len(qs))
		}
		h.Highlights = append(h.Highlights, Span{t.Start, t.End})
		if explain && !seen[q] {
			seen[q] = true
			h.Explain = append(h.Explain, TermPart{Term: qs[q].word, Match: t.Word, How: a.how, Weight: math.Round(qs[q].idf*qs[q].weight*a.factor*1000) / 1000})
		}
	}
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
