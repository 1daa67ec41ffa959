package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"runtime"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/kutip/kutip/corpus"
	"github.com/kutip/kutip/qa"
	"github.com/kutip/kutip/qa/score"
)

// evalSet loads a question set and the corpus its questions are about.
func evalSet(corpusPath, qaPath string, skip func(error)) (*corpus.Corpus, []score.Question, error) {
	if corpusPath == "" || qaPath == "" {
		return nil, nil, usagef("--corpus DIR and --qa FILE are both needed")
	}
	qs, err := score.Load(qaPath)
	if err != nil {
		return nil, nil, err
	}
	c, err := loadCorpus(corpusPath, skip)
	if err != nil {
		return nil, nil, err
	}
	for _, q := range qs {
		if c.Article(q.Article) == nil {
			return nil, nil, fmt.Errorf("question %s: article %q is not in %s", q.ID, q.Article, corpusPath)
		}
	}
	return c, qs, nil
}

func runEval(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "")
	corpusPath := fs.String("corpus", "", "folder of the set's articles")
	qaPath := fs.String("qa", "", "the set's qa.jsonl")
	out := fs.String("out", "", "results file to write (JSON lines, for score.py)")
	k := fs.Int("k", 5, "results a question, at most 5 count")
	open := fs.Bool("open", false, "ask every question of the whole set, not of its article, and write each result's article (score.py --open)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *out == "" {
		return usagef("--out FILE is needed")
	}
	c, qs, err := evalSet(*corpusPath, *qaPath, e.skipped)
	if err != nil {
		return err
	}
	eng := qa.New(c)
	f, err := os.Create(*out)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	results := map[string][]score.Passage{}
	type result struct {
		Text    string  `json:"text"`
		Article string  `json:"article,omitempty"`
		Score   float64 `json:"score"`
	}
	for _, q := range qs {
		query := qa.Query{Text: q.Question, Article: q.Article, N: *k}
		if *open {
			query.Article = ""
		}
		ans, err := eng.Ask(ctx, query)
		if err != nil && !errors.Is(err, qa.ErrEmptyQuestion) {
			f.Close()
			return fmt.Errorf("question %s: %w", q.ID, err)
		}
		line := struct {
			ID      string   `json:"id"`
			Results []result `json:"results"`
		}{ID: q.ID, Results: []result{}}
		for _, h := range ans.Hits {
			r := result{Text: corpus.FoldSpace(h.Text), Score: h.Score}
			if *open {
				r.Article = h.Article
			}
			line.Results = append(line.Results, r)
			results[q.ID] = append(results[q.ID], score.Passage{Text: r.Text, Article: h.Article})
		}
		b, _ := json.Marshal(line)
		w.Write(append(b, '\n'))
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	r := score.ScoreOpen(qs, results)
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', tabwriter.AlignRight)
	head := "questions\tanswerable\thit@1\thit@5\tMRR@5\tabstained (answerable)\tabstained (unanswerable)\ttop chars\t"
	row := fmt.Sprintf("%d\t%d\t%.3f\t%.3f\t%.3f\t%.1f%%\t%s\t%.0f\t", r.Questions, r.Answerable, r.Hit1, r.Hit5, r.MRR5,
		100*r.AnswerableAbstained, unanswerable(r), r.MeanTopChars)
	if *open {
		head, row = head+"article@1\t", row+fmt.Sprintf("%.3f\t", r.ArticleAt1)
	}
	fmt.Fprintln(tw, head)
	fmt.Fprintln(tw, row)
	return tw.Flush()
}

func unanswerable(r score.Report) string {
	if r.Unanswerable == 0 {
		return "-"
	}
	return fmt.Sprintf("%.1f%%", 100*r.UnanswerableAbstained)
}

// runBench times the engine as the reference engines were timed: build the
// index of every article, one warm-up pass over the questions, then timed
// passes, of which it prints the median, with the machine it ran on, so
// that a figure can be told from another machine's.
func runBench(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "")
	corpusPath := fs.String("corpus", "", "folder of the set's articles")
	qaPath := fs.String("qa", "", "the set's qa.jsonl")
	k := fs.Int("k", 5, "results a question")
	passes := fs.Int("passes", 5, "timed passes over the questions; the median is printed")
	if err := parse(fs, args); err != nil {
		return err
	}
	c, qs, err := evalSet(*corpusPath, *qaPath, e.skipped)
	if err != nil {
		return err
	}
	sentences := 0
	for _, a := range c.Articles {
		sentences += len(a.Sentences)
	}
	start := time.Now()
	eng := qa.New(c)
	build := time.Since(start)
	pass := func() error {
		for _, q := range qs {
			if _, err := eng.Ask(ctx, qa.Query{Text: q.Question, Article: q.Article, N: *k}); err != nil && !errors.Is(err, qa.ErrEmptyQuestion) {
				return err
			}
		}
		return nil
	}
	if err := pass(); err != nil { // warm-up
		return err
	}
	var rates []float64 // questions a second, a pass each
	for range max(*passes, 1) {
		start := time.Now()
		if err := pass(); err != nil {
			return err
		}
		rates = append(rates, float64(len(qs))/time.Since(start).Seconds())
	}
	slices.Sort(rates)
	fmt.Fprintf(e.stdout, "machine: %s\n", machine())
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "articles\tsentences\tquestions\tbuild ms\tpasses\tqueries/s (median)\tslowest\tfastest\t")
	fmt.Fprintf(tw, "%d\t%d\t%d\t%.1f\t%d\t%.0f\t%.0f\t%.0f\t\n", len(c.Articles), sentences, len(qs),
		float64(build.Microseconds())/1000, len(rates), median(rates), rates[0], rates[len(rates)-1])
	return tw.Flush()
}

// median returns the median of sorted numbers.
func median(sorted []float64) float64 {
	n := len(sorted)
	if n%2 == 1 {
		return sorted[n/2]
	}
	return (sorted[n/2-1] + sorted[n/2]) / 2
}

// machine says what a benchmark ran on: the CPU's model as the system
// names it, the cores Go uses, and Go's version: "AMD EPYC 7B13, 2 cores,
// go1.26.8 linux/amd64".
func machine() string {
	model := "unknown CPU"
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil { // Linux; elsewhere the model stays unknown
		for line := range strings.SplitSeq(string(b), "\n") {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				model = strings.Join(strings.Fields(v), " ")
				break
			}
		}
	}
	return fmt.Sprintf("%s, %d cores, %s %s/%s", model, runtime.GOMAXPROCS(0), runtime.Version(), runtime.GOOS, runtime.GOARCH)
}
