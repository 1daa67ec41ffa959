package qa

import (
	"cmp"
	"math"
	"slices"

	"github.com/kutip/kutip/qa/analysis"
)

// A shelf is the engine's library at one moment: its articles' indexes and
// the library-wide term dictionary over them, in segments. A shelf is
// never changed once published: Add and Remove publish a new one, which
// shares all but what changed with the old, so that a question reads one
// shelf from start to end and never waits for a writer.
type shelf struct {
	indexes   []*index // in corpus order, then in the order they were added
	byID      map[string]*index
	segs      []*segment
	gone      map[*index]bool      // articles of its segments it no longer has (removed, replaced); nil when none
	base      []int                // by segment: the number of its first article among all the segments' (see slot)
	slots     int                  // the segments' articles, gone ones too
	sentences int                  // the live articles' answerable sentences
	analyzers []*analysis.Analyzer // those of its articles, each once: a library question is analysed by each
}

// A segment is the library-wide dictionary of a batch of articles: for each
// term, the articles that hold it and how many of their sentences do. An
// article of a segment that the shelf no longer has (removed, or replaced)
// is skipped by whoever reads the segment.
type segment struct {
	indexes   []*index
	terms     map[string]segTerm
	sentences int
}

// segTerm is one term of a segment: the sentences of its articles that
// hold it, and its postings by article.
type segTerm struct {
	df   int32
	arts []artPosting
}

// An artPosting is an article of a segment holding a term: its place in the
// segment, and the term's number in the article's own index.
type artPosting struct {
	art, term int32
}

// newSegment builds the dictionary of a batch of indexes.
func newSegment(ixs []*index) *segment {
	s := &segment{indexes: ixs, terms: map[string]segTerm{}}
	for i, ix := range ixs {
		s.sentences += len(ix.docs)
		for t := range ix.tids {
			w := ix.termText(int32(t))
			st := s.terms[w]
			st.df += int32(ix.df(int32(t)))
			st.arts = append(st.arts, artPosting{art: int32(i), term: int32(t)})
			s.terms[w] = st
		}
	}
	for w, st := range s.terms { // no room to spare in the postings of a long-lived segment
		if cap(st.arts) > len(st.arts) {
			st.arts = slices.Clip(st.arts)
			s.terms[w] = st
		}
	}
	return s
}

// live reports whether the shelf still holds a segment's article i.
func (sh *shelf) live(seg *segment, i int32) bool {
	return sh.gone == nil || !sh.gone[seg.indexes[i]]
}

// number works out base, slots and gone from the segments and byID.
func (sh *shelf) number() {
	sh.base, sh.slots, sh.gone = make([]int, len(sh.segs)), 0, nil
	for i, s := range sh.segs {
		sh.base[i] = sh.slots
		sh.slots += len(s.indexes)
		for _, ix := range s.indexes {
			if sh.byID[ix.article.ID] != ix {
				if sh.gone == nil {
					sh.gone = map[*index]bool{}
				}
				sh.gone[ix] = true
			}
		}
	}
}

// df returns how many sentences of the library hold a term. Sentences of
// articles since removed still count until their segment is merged: the
// statistic drifts a little, and never by more than a segment.
func (sh *shelf) df(term string) int {
	n := 0
	for _, s := range sh.segs {
		n += int(s.terms[term].df)
	}
	return n
}

// idf returns the library-wide BM25 inverse document frequency of a term
// that df sentences hold.
func (sh *shelf) idf(df int) float64 {
	n := float64(sh.sentences)
	return math.Log(1 + (max(n-float64(df), 0)+0.5)/(float64(df)+0.5))
}

// maxSegments is how many segments a shelf keeps before Add merges the
// smaller ones.
const maxSegments = 8

// with returns a new shelf: sh without the article of id (when it has one),
// with ix in its place or at the end when ix is not nil. The segments are
// kept but for the newest, small ones, which are merged with ix's when
// there are too many: each article is merged again only when the segments
// beside it have grown as big as its own, as in a log-structured merge.
func (sh *shelf) with(id string, ix *index) *shelf {
	n := &shelf{byID: make(map[string]*index, len(sh.byID)+1)}
	for k, v := range sh.byID {
		n.byID[k] = v
	}
	old, had := sh.byID[id]
	n.indexes = make([]*index, 0, len(sh.indexes)+1)
	for _, x := range sh.indexes {
		if x == old {
			if ix != nil {
				n.indexes = append(n.indexes, ix) // a replacement keeps its place
			}
			continue
		}
		n.indexes = append(n.indexes, x)
	}
	delete(n.byID, id)
	if ix != nil {
		if !had {
			n.indexes = append(n.indexes, ix)
		}
		n.byID[id] = ix
	}
	n.segs = slices.Clone(sh.segs)
	if ix != nil {
		n.segs = append(n.segs, newSegment([]*index{ix}))
		n.compact()
	}
	n.number()
	n.analyzers = sh.analyzers
	if ix != nil && !slices.Contains(n.analyzers, ix.an) {
		n.analyzers = append(slices.Clip(n.analyzers), ix.an)
	}
	for _, x := range n.indexes {
		n.sentences += len(x.docs)
	}
	return n
}

// compact merges the newest segments while there are too many, or while
// the newest is as big as the one before it.
func (sh *shelf) compact() {
	for len(sh.segs) > 1 {
		last, prev := sh.segs[len(sh.segs)-1], sh.segs[len(sh.segs)-2]
		if len(sh.segs) <= maxSegments && len(last.indexes) < len(prev.indexes) {
			return
		}
		var ixs []*index
		for _, s := range []*segment{prev, last} {
			for _, x := range s.indexes {
				if sh.byID[x.article.ID] == x {
					ixs = append(ixs, x)
				}
			}
		}
		sh.segs = append(sh.segs[:len(sh.segs)-2], newSegment(ixs))
	}
}

// routed is an article a library question goes to, with its evidence.
type routed struct {
	ix    *index
	score float64
}

// routeArticles is how many articles a library question is asked of: the
// best by their article-level evidence.
const routeArticles = 12

// route returns the articles most likely to answer a question, best first,
// at most k, each scored by BM25 over articles: each question term an
// article holds adds its idf among the library's articles, more the more
// of the article's sentences hold it, and more again when its title does.
// terms are the question's words, each with its terms in every language of
// the library and their synonyms, of which the best counts.
func (sh *shelf) route(terms [][]string, visible func(string) bool, k int) []routed {
	score, best := make([]float64, sh.slots), make([]float64, sh.slots)
	var touched []int
	narts := float64(len(sh.byID))
	for _, alts := range terms {
		touched = touched[:0]
		for _, w := range alts {
			na := 0
			for _, s := range sh.segs {
				na += len(s.terms[w].arts)
			}
			idf := math.Log(1 + (max(narts-float64(na), 0)+0.5)/(float64(na)+0.5))
			for si, s := range sh.segs {
				for _, p := range s.terms[w].arts {
					ix := s.indexes[p.art]
					df := float64(ix.df(p.term))
					v := idf * df / (df + routeSaturation)
					if ix.inTitle(p.term) {
						v *= 1 + titleBonus
					}
					slot := sh.base[si] + int(p.art)
					if best[slot] == 0 {
						touched = append(touched, slot)
					}
					best[slot] = max(best[slot], v)
				}
			}
		}
		for _, slot := range touched {
			score[slot] += best[slot]
			best[slot] = 0
		}
	}
	// The best k, kept sorted while they come; ties go to the article
	// first in the library's order, which the slots keep.
	out := make([]routed, 0, k)
	for si, s := range sh.segs {
		for i, ix := range s.indexes {
			v := score[sh.base[si]+i]
			if v == 0 || len(out) == k && v <= out[k-1].score || !sh.live(s, int32(i)) || visible != nil && !visible(ix.article.ID) {
				continue
			}
			at, _ := slices.BinarySearchFunc(out, v, func(r routed, v float64) int { return cmp.Compare(v, r.score) })
			for at < len(out) && out[at].score == v {
				at++
			}
			if len(out) == k {
				out = out[:k-1]
			}
			out = slices.Insert(out, at, routed{ix, v})
		}
	}
	// A question none of whose words an article holds as they are may
	// still be answered through a typo, a translation or a chat word read
	// as another: up to k articles, the others are asked too, in library
	// order.
	for _, ix := range sh.indexes {
		if len(out) >= k {
			break
		}
		if !slices.ContainsFunc(out, func(r routed) bool { return r.ix == ix }) && (visible == nil || visible(ix.article.ID)) {
			out = append(out, routed{ix: ix})
		}
	}
	return out
}

// routeSaturation is how many of an article's sentences holding a term
// give half the weight the term can give the article in routing.
const routeSaturation = 3

// titleBonus is how much more a question term weighs in routing when the
// article's title holds it.
const titleBonus = 0.5

// inTitle reports whether the article's title holds index term t.
func (ix *index) inTitle(t int32) bool { return slices.Contains(ix.title, t) }

// titleTerms returns the index terms of an article's title that its
// sentences hold.
func titleTerms(ix *index, title string) []int32 {
	var out []int32
	for _, t := range ix.an.Analyze(title) {
		if t.Stop {
			continue
		}
		if id, ok := ix.term(t.Term); ok && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

// questionKeys returns a question's content terms, with their synonyms, as
// each of the library's analyzers reads them, a group a word of the
// question: what routing looks up.
func (e *Engine) questionKeys(toks map[*analysis.Analyzer][]analysis.Token) [][]string {
	byStart := map[int]int{} // a word's offset in the question -> its group
	var out [][]string
	for an, ts := range toks {
		for _, t := range ts {
			if t.Stop || t.Term == "" || e.questions.isQuestionWord(t.Word) {
				continue
			}
			g, ok := byStart[t.Start]
			if !ok {
				g = len(out)
				byStart[t.Start] = g
				out = append(out, nil)
			}
			for _, w := range append([]string{t.Term}, an.Synonyms(t.Term)...) {
				if !slices.Contains(out[g], w) {
					out[g] = append(out[g], w)
				}
			}
		}
	}
	return out
}

// A libQuery is what a question asked of the whole library carries from
// one article to the next: the shelf it reads, the question as each
// analyzer reads it, and the library-wide idf of the terms looked up.
type libQuery struct {
	sh   *shelf
	toks map[*analysis.Analyzer][]analysis.Token
	dfs  map[string]int
}

func newLibQuery(sh *shelf) *libQuery {
	return &libQuery{sh: sh, toks: map[*analysis.Analyzer][]analysis.Token{}, dfs: map[string]int{}}
}

// df returns how many of the library's sentences hold a term.
func (l *libQuery) df(term string) int {
	n, ok := l.dfs[term]
	if !ok {
		n = l.sh.df(term)
		l.dfs[term] = n
	}
	return n
}

// analyze returns the question as an analyzer reads it, analysed once.
func (l *libQuery) analyze(an *analysis.Analyzer, text string) []analysis.Token {
	ts, ok := l.toks[an]
	if !ok {
		ts = an.Analyze(text)
		l.toks[an] = ts
	}
	return ts
}

// idf returns the library-wide idf of an article's term t.
func (l *libQuery) idf(ix *index, t int32) float64 {
	return l.sh.idf(l.df(ix.termText(t)))
}
