// Command library benchmarks kutip over a big library of articles: it
// builds one from the Indonesian dev articles (each article a new mix of
// their paragraphs, so that copies do not tie), then reports how long the
// library takes to load and to index, the peak RSS, and the latency of
// questions asked of the whole library and of one picked article.
//
//	go run ./bench/library -n 10000           # builds /tmp/kutip-library-10000 once
//	go run ./bench/library -n 1000 -q 500
//
// The questions are the dev sets' own, so most have an answer somewhere in
// the library.
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/kutip/kutip/corpus"
	"github.com/kutip/kutip/qa"
	"github.com/kutip/kutip/qa/score"
)

func main() {
	if err := run(context.Background(), os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "library:", err)
		os.Exit(1)
	}
}

// The Indonesian dev sets the library is made of.
var sets = []string{"tydiqa-id", "idkmrc-id", "squad-id"}

func run(ctx context.Context, args []string) error {
	flags := flag.NewFlagSet("library", flag.ContinueOnError)
	n := flags.Int("n", 10000, "articles in the library")
	eval := flags.String("eval", "../shared/eval", "the folder of the dev sets")
	dir := flags.String("dir", "", "where the library is kept (default: /tmp/kutip-library-N); built when missing")
	seed := flags.Uint64("seed", 1, "seed of the library's mixes and of the questions drawn")
	nq := flags.Int("q", 1000, "questions to time, each kind")
	cpuProfile := flags.String("cpuprofile", "", "write a CPU profile of loading and indexing to this file")
	memProfile := flags.String("memprofile", "", "write a heap profile after indexing to this file")
	askProfile := flags.String("askprofile", "", "write a CPU profile of the questions to this file")
	if err := flags.Parse(args); err != nil {
		return err
	}
	if *dir == "" {
		*dir = filepath.Join(os.TempDir(), fmt.Sprintf("kutip-library-%d", *n))
	}
	rng := rand.New(rand.NewPCG(*seed, 0))
	if _, err := os.Stat(*dir); errors.Is(err, fs.ErrNotExist) || err == nil && empty(*dir) {
		if err := build(*dir, *eval, *n, rng); err != nil {
			return err
		}
	}
	questions, err := loadQuestions(*eval)
	if err != nil {
		return err
	}

	stop, err := startProfile(*cpuProfile)
	if err != nil {
		return err
	}
	start := time.Now()
	c, err := corpus.Load(*dir)
	if err != nil {
		return err
	}
	loaded, loadCPU := time.Since(start), cpuTime()
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	start = time.Now()
	e := qa.New(c)
	indexed, indexCPU := time.Since(start), cpuTime()-loadCPU
	stop()
	if *memProfile != "" {
		if err := writeHeap(*memProfile); err != nil {
			return err
		}
	}
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	sentences, bytes := 0, 0
	for _, a := range c.Articles {
		sentences += len(a.Sentences)
		bytes += len(a.Raw)
	}

	ids := e.Articles()
	type kind struct {
		name    string
		article func() string
	}
	kinds := []kind{
		{"library-wide", func() string { return "" }},
		{"one picked article", func() string { return ids[rng.IntN(len(ids))].ID }},
	}
	tw := tabwriter.NewWriter(os.Stdout, 0, 4, 2, ' ', tabwriter.AlignRight)
	index := float64(ms.HeapAlloc) - float64(before.HeapAlloc) // what indexing added to the heap
	fmt.Fprintf(tw, "articles\tsentences\ttext MB\tload s\tindex s\tCPU s\tpeak RSS MB\theap MB\tindex MB\tindex B/sentence\t\n")
	fmt.Fprintf(tw, "%d\t%d\t%.1f\t%.2f\t%.2f\t%.1f\t%.0f\t%.0f\t%.0f\t%.0f\t\n", len(c.Articles), sentences, float64(bytes)/1e6,
		loaded.Seconds(), indexed.Seconds(), (loadCPU + indexCPU).Seconds(), peakRSS()/1e6, float64(ms.HeapAlloc)/1e6, index/1e6, index/float64(sentences))
	tw.Flush()
	fmt.Println()
	tw = tabwriter.NewWriter(os.Stdout, 0, 4, 2, ' ', tabwriter.AlignRight)
	stop, err = startProfile(*askProfile)
	if err != nil {
		return err
	}
	defer stop()
	fmt.Fprintf(tw, "questions\tn\tp50 ms\tp90 ms\tp99 ms\tmax ms\t\n")
	for _, k := range kinds {
		var lat []time.Duration
		for range *nq {
			q := questions[rng.IntN(len(questions))]
			t := time.Now()
			if _, err := e.Ask(ctx, qa.Query{Text: q, Article: k.article(), N: 5}); err != nil && !errors.Is(err, qa.ErrEmptyQuestion) {
				return err
			}
			lat = append(lat, time.Since(t))
		}
		slices.Sort(lat)
		at := func(p float64) float64 { return float64(lat[int(p*float64(len(lat)-1))].Microseconds()) / 1000 }
		fmt.Fprintf(tw, "%s\t%d\t%.3f\t%.3f\t%.3f\t%.3f\t\n", k.name, len(lat), at(.5), at(.9), at(.99), at(1))
	}
	return tw.Flush()
}

// startProfile starts a CPU profile to the named file ("": none) and
// returns what stops it.
func startProfile(name string) (stop func(), err error) {
	if name == "" {
		return func() {}, nil
	}
	f, err := os.Create(name)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}

func writeHeap(name string) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	if err := pprof.WriteHeapProfile(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func empty(dir string) bool {
	entries, err := os.ReadDir(dir)
	return err == nil && len(entries) == 0
}

// build writes n articles to dir, each a mix of paragraphs of the dev
// sets' articles: as many paragraphs as a dev article has on average,
// drawn from all of them, so that the library's text is about n dev
// articles' worth and no two articles are alike.
func build(dir, eval string, n int, rng *rand.Rand) error {
	var paras []string
	articles := 0
	for _, set := range sets {
		c, err := corpus.Load(filepath.Join(eval, set, "articles"))
		if err != nil {
			return fmt.Errorf("build the library: %w", err)
		}
		for _, a := range c.Articles {
			articles++
			for _, p := range a.Paragraphs {
				first, last := a.Sentences[p.Sentences[0]], a.Sentences[p.Sentences[len(p.Sentences)-1]]
				paras = append(paras, a.Raw[first.Start:last.End])
			}
		}
	}
	per := max(1, len(paras)/articles)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("build the library: %w", err)
	}
	for i := range n {
		var b strings.Builder
		fmt.Fprintf(&b, "---\ntitle: Artikel %d\nlanguage: id\n---\n", i)
		for range per {
			b.WriteString(paras[rng.IntN(len(paras))])
			b.WriteString("\n\n")
		}
		name := filepath.Join(dir, fmt.Sprintf("a%05d.md", i))
		if err := os.WriteFile(name, []byte(b.String()), 0o644); err != nil {
			return fmt.Errorf("build the library: %w", err)
		}
	}
	fmt.Fprintf(os.Stderr, "built %d articles of %d paragraphs in %s\n", n, per, dir)
	return nil
}

func loadQuestions(eval string) ([]string, error) {
	var out []string
	for _, set := range sets {
		qs, err := score.Load(filepath.Join(eval, set, "qa.jsonl"))
		if err != nil {
			return nil, err
		}
		for _, q := range qs {
			out = append(out, q.Question)
		}
	}
	return out, nil
}

// cpuTime is the CPU time the process has used, user and system, as
// getrusage reports it: on a shared machine it tells the work done from
// the waiting for a core.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// peakRSS is the process's peak resident set size, in bytes, as Linux
// reports it (VmHWM); 0 elsewhere.
func peakRSS() float64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if kb, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			var v float64
			fmt.Sscanf(strings.TrimSpace(kb), "%f", &v)
			return v * 1024
		}
	}
	return 0
}
