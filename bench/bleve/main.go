// Command bleve measures how many questions a second kutip's qa engine and
// bleve v2 (BM25) answer, side by side in one run, on the squad-id dev set:
// each system builds its indexes, answers every question once as warm-up,
// then is timed on a second pass; the systems take turns, round by round.
//
// It is a module of its own, so that kutip does not depend on bleve:
//
//	cd bench/bleve && go run . [-data DIR] [-rounds N]
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/standard"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/kutip/kutip/corpus"
	"github.com/kutip/kutip/qa"
	"github.com/kutip/kutip/qa/score"
)

type question = score.Question

// A system builds its indexes and answers one question with up to 5 sentence
// texts, best first.
type system interface {
	name() string
	build(c *corpus.Corpus)
	ask(q question) []string
	close()
}

// ---- kutip ----

type kutipSys struct{ e *qa.Engine }

func (s *kutipSys) name() string           { return "kutip" }
func (s *kutipSys) build(c *corpus.Corpus) { s.e = qa.New(c) }
func (s *kutipSys) close()                 { s.e = nil }
func (s *kutipSys) ask(q question) []string {
	ans, err := s.e.Ask(context.Background(), qa.Query{Text: q.Question, Article: q.Article, N: 5})
	if err != nil {
		log.Fatalf("kutip %s: %v", q.ID, err)
	}
	out := make([]string, len(ans.Hits))
	for i, h := range ans.Hits {
		out[i] = h.Text
	}
	return out
}

// ---- bleve ----

type bleveArticle struct {
	idx   bleve.Index
	texts []string // by document id (decimal position in this slice)
}

type bleveSys struct {
	label   string
	scorchX bool // in-memory scorch (BM25 works) vs NewMemOnly/upsidedown
	byID    map[string]*bleveArticle
}

func (s *bleveSys) name() string { return s.label }

// newMapping returns a BM25 mapping with one text field, stored or not,
// and the document mapping, for more fields.
func newMapping(store bool) (*mapping.IndexMappingImpl, *mapping.DocumentMapping) {
	m := bleve.NewIndexMapping()
	m.ScoringModel = index.BM25Scoring // "bm25"
	m.DefaultAnalyzer = standard.Name
	text := bleve.NewTextFieldMapping()
	text.Analyzer = standard.Name
	text.Store = store
	text.IncludeTermVectors = false
	text.IncludeInAll = false
	text.DocValues = false
	doc := bleve.NewDocumentStaticMapping()
	doc.AddFieldMappingsAt("text", text)
	m.DefaultMapping = doc
	return m, doc
}

func (s *bleveSys) build(c *corpus.Corpus) {
	s.byID = map[string]*bleveArticle{}
	for _, a := range c.Articles {
		m, _ := newMapping(false)
		var (
			idx bleve.Index
			err error
		)
		if s.scorchX {
			// Path "" makes scorch in-memory (unsafe batch, no persister).
			idx, err = bleve.NewUsing("", m, scorch.Name, scorch.Name, nil)
		} else {
			idx, err = bleve.NewMemOnly(m)
		}
		if err != nil {
			log.Fatal(err)
		}
		ba := &bleveArticle{idx: idx}
		b := idx.NewBatch()
		for _, st := range a.Sentences {
			if !st.Answerable() {
				continue
			}
			id := strconv.Itoa(len(ba.texts))
			ba.texts = append(ba.texts, st.Text)
			if err := b.Index(id, map[string]any{"text": st.Text}); err != nil {
				log.Fatal(err)
			}
		}
		if err := idx.Batch(b); err != nil {
			log.Fatal(err)
		}
		s.byID[a.ID] = ba
	}
}

func (s *bleveSys) ask(q question) []string {
	ba := s.byID[q.Article]
	if ba == nil {
		log.Fatalf("bleve: unknown article %s", q.Article)
	}
	mq := bleve.NewMatchQuery(q.Question) // OR of analysed terms
	mq.SetField("text")
	req := bleve.NewSearchRequestOptions(mq, 5, 0, false) // no Fields, no Highlight
	res, err := ba.idx.Search(req)
	if err != nil {
		log.Fatalf("bleve %s: %v", q.ID, err)
	}
	out := make([]string, len(res.Hits))
	for i, h := range res.Hits {
		n, _ := strconv.Atoi(h.ID)
		out[i] = ba.texts[n]
	}
	return out
}

func (s *bleveSys) close() {
	for _, ba := range s.byID {
		ba.idx.Close()
	}
	s.byID = nil
}

// ---- bleve, one index for the corpus, stored text (a typical application) ----

type bleveOne struct {
	idx bleve.Index
}

func (s *bleveOne) name() string { return "bleve BM25, one index" }

func (s *bleveOne) build(c *corpus.Corpus) {
	m, doc := newMapping(true)
	art := bleve.NewKeywordFieldMapping()
	art.Store = false
	art.IncludeInAll = false
	art.DocValues = false
	doc.AddFieldMappingsAt("article", art)
	idx, err := bleve.NewUsing("", m, scorch.Name, scorch.Name, nil)
	if err != nil {
		log.Fatal(err)
	}
	b := idx.NewBatch()
	n := 0
	for _, a := range c.Articles {
		for _, st := range a.Sentences {
			if !st.Answerable() {
				continue
			}
			if err := b.Index(strconv.Itoa(n), map[string]any{"text": st.Text, "article": a.ID}); err != nil {
				log.Fatal(err)
			}
			n++
		}
	}
	if err := idx.Batch(b); err != nil {
		log.Fatal(err)
	}
	s.idx = idx
}

func (s *bleveOne) ask(q question) []string {
	mq := bleve.NewMatchQuery(q.Question)
	mq.SetField("text")
	tq := bleve.NewTermQuery(q.Article)
	tq.SetField("article")
	req := bleve.NewSearchRequestOptions(bleve.NewConjunctionQuery(mq, tq), 5, 0, false)
	req.Fields = []string{"text"}
	res, err := s.idx.Search(req)
	if err != nil {
		log.Fatalf("bleve %s: %v", q.ID, err)
	}
	out := make([]string, len(res.Hits))
	for i, h := range res.Hits {
		out[i], _ = h.Fields["text"].(string)
	}
	return out
}

func (s *bleveOne) close() { s.idx.Close() }

// ---- measurement ----

type result struct {
	buildMs float64
	qps     float64
}

func round(s system, c *corpus.Corpus, qs []question) result {
	runtime.GC()
	t0 := time.Now()
	s.build(c)
	build := time.Since(t0)
	for _, q := range qs { // warm-up pass
		s.ask(q)
	}
	runtime.GC()
	t1 := time.Now()
	for _, q := range qs { // timed pass
		s.ask(q)
	}
	el := time.Since(t1)
	return result{float64(build.Microseconds()) / 1000, float64(len(qs)) / el.Seconds()}
}

func median(xs []float64) float64 {
	ys := slices.Clone(xs)
	slices.Sort(ys)
	n := len(ys)
	if n%2 == 1 {
		return ys[n/2]
	}
	return (ys[n/2-1] + ys[n/2]) / 2
}

// quality is a sanity check only: the share of questions whose top hit
// contains a gold answer string (case-folded), and the share with any hit.
func quality(s system, qs []question) (top1, any float64) {
	var t, a int
	for _, q := range qs {
		hits := s.ask(q)
		if len(hits) == 0 {
			continue
		}
		a++
		low := strings.ToLower(hits[0])
		for _, g := range q.Answers {
			if g != "" && strings.Contains(low, strings.ToLower(g)) {
				t++
				break
			}
		}
	}
	return float64(t) / float64(len(qs)), float64(a) / float64(len(qs))
}

func main() {
	dataDir := flag.String("data", "../../../shared/eval/squad-id", "dev set folder, with articles/ and qa.jsonl")
	rounds := flag.Int("rounds", 3, "rounds per system (alternating)")
	memOnly := flag.Bool("memonly", false, "also measure bleve.NewMemOnly (upsidedown store; BM25 setting has no effect there)")
	flag.Parse()

	c, err := corpus.Load(*dataDir + "/articles")
	if err != nil {
		log.Fatal(err)
	}
	qs, err := score.Load(*dataDir + "/qa.jsonl")
	if err != nil {
		log.Fatal(err)
	}
	nsent := 0
	for _, a := range c.Articles {
		for _, s := range a.Sentences {
			if s.Answerable() {
				nsent++
			}
		}
	}
	fmt.Printf("articles=%d sentences=%d questions=%d GOMAXPROCS=%d %s\n",
		len(c.Articles), nsent, len(qs), runtime.GOMAXPROCS(0), runtime.Version())

	// Confirm BM25 is really in effect for the scorch index.
	{
		s := &bleveSys{label: "probe", scorchX: true}
		s.build(c)
		mq := bleve.NewMatchQuery(qs[0].Question)
		mq.SetField("text")
		res, err := s.byID[qs[0].Article].idx.Search(bleve.NewSearchRequestOptions(mq, 1, 0, true))
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("bm25 probe (scorch): %s\n", scoringModelOf(res.Hits))
		s.close()
		s = &bleveSys{label: "probe", scorchX: false}
		s.build(c)
		res, err = s.byID[qs[0].Article].idx.Search(bleve.NewSearchRequestOptions(mq, 1, 0, true))
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("bm25 probe (NewMemOnly/upsidedown): %s\n", scoringModelOf(res.Hits))
		s.close()
	}

	systems := []system{&kutipSys{}, &bleveSys{label: "bleve BM25, index per article", scorchX: true}, &bleveOne{}}
	if *memOnly {
		systems = append(systems, &bleveSys{label: "bleve NewMemOnly (tf-idf)", scorchX: false})
	}
	res := make([][]result, len(systems))
	for r := 0; r < *rounds; r++ {
		for i, s := range systems {
			x := round(s, c, qs)
			res[i] = append(res[i], x)
			fmt.Printf("round %d %-30s build %8.1f ms  %9.0f q/s\n", r+1, s.name(), x.buildMs, x.qps)
			if r < *rounds-1 {
				s.close()
			}
		}
	}

	fmt.Println()
	fmt.Printf("%-30s %10s %12s %12s %12s %10s\n", "system", "build ms", "median q/s", "µs/query", "top1∋gold", "any hit")
	med := make([]float64, len(systems))
	for i, s := range systems {
		var b, q []float64
		for _, x := range res[i] {
			b = append(b, x.buildMs)
			q = append(q, x.qps)
		}
		med[i] = median(q)
		top1, any := quality(s, qs)
		fmt.Printf("%-30s %10.1f %12.0f %12.1f %11.1f%% %9.1f%%\n", s.name(), median(b), med[i], 1e6/med[i], 100*top1, 100*any)
	}
	if *memOnly {
		fmt.Printf("\ntop hit differs, bleve-bm25 vs NewMemOnly: %d of %d questions\n", diffTop1(systems[1], systems[3], qs), len(qs))
	}
	fmt.Println()
	fmt.Printf("ratio kutip / bleve BM25, index per article (median q/s): %.2f\n", med[0]/med[1])
	fmt.Printf("ratio kutip / bleve BM25, one index (median q/s): %.2f\n", med[0]/med[2])
	if *memOnly {
		fmt.Printf("ratio kutip / bleve NewMemOnly (median q/s): %.2f\n", med[0]/med[3])
	}
	for _, s := range systems {
		s.close()
	}
}

func scoringModelOf(hits search.DocumentMatchCollection) string {
	if len(hits) == 0 || hits[0].Expl == nil {
		return "no hits"
	}
	var walk func(e *search.Explanation) string
	walk = func(e *search.Explanation) string {
		if strings.Contains(e.Message, "bm25") || strings.Contains(e.Message, "fieldLength") {
			return "BM25 (" + e.Message + ")"
		}
		for _, ch := range e.Children {
			if r := walk(ch); r != "" {
				return r
			}
		}
		return ""
	}
	if r := walk(hits[0].Expl); r != "" {
		return r
	}
	return "tf-idf (no bm25 term in explanation)"
}

// diffTop1 counts questions whose top hit differs between two systems.
func diffTop1(a, b system, qs []question) int {
	n := 0
	for _, q := range qs {
		x, y := a.ask(q), b.ask(q)
		if (len(x) > 0) != (len(y) > 0) || len(x) > 0 && x[0] != y[0] {
			n++
		}
	}
	return n
}
