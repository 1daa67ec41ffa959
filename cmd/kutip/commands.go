package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"golang.org/x/term"

	"github.com/kutip/kutip/bot"
	"github.com/kutip/kutip/corpus"
	"github.com/kutip/kutip/qa"
	"github.com/kutip/kutip/qa/stem"
)

// corpusFlag adds --corpus, defaulting to $KUTIP_CORPUS.
func corpusFlag(fs *flag.FlagSet, e env) *string {
	return fs.String("corpus", e.getenv("KUTIP_CORPUS"), "article file or folder (default: the embedded article; env KUTIP_CORPUS)")
}

func loadEngine(path string) (*qa.Engine, error) {
	c, err := corpus.Load(path)
	if err != nil {
		return nil, err
	}
	return qa.New(c), nil
}

func runAsk(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "ask", "QUESTION...")
	path := corpusFlag(fs, e)
	asJSON := fs.Bool("json", false, "print JSON")
	k := fs.Int("k", 3, "how many results at most")
	explain := fs.Bool("explain", false, "show which question terms matched, with what weight")
	article := fs.String("article", "", "ask this article of the corpus (default: all)")
	if err := parse(fs, args); err != nil {
		return err
	}
	question := strings.Join(fs.Args(), " ")
	if strings.TrimSpace(question) == "" {
		return usagef("kutip ask: no question; try: kutip ask Berapa orang yang tewas?")
	}
	if *k < 1 {
		return usagef("kutip ask: -k must be at least 1")
	}
	eng, err := loadEngine(*path)
	if err != nil {
		return err
	}
	ans, err := eng.Ask(ctx, qa.Query{Text: question, Article: *article, N: *k, Explain: *explain})
	if errors.Is(err, qa.ErrUnknownArticle) {
		return usageError{err}
	}
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(e.stdout, askJSON(ans))
	}
	id := firstArticle(eng, *article)
	if len(ans.Hits) > 0 {
		id = ans.Hits[0].Article
	}
	lang := eng.Language(id)
	rep := bot.Reply{Kind: bot.KindAnswer, Abstained: ans.Abstained, Matched: ans.Matched}
	if a := eng.Corpus().Article(id); a != nil && !ans.Abstained {
		rep.Article = &bot.Article{ID: a.ID, Title: a.Title, URL: a.URL, Source: a.Source, Published: a.Published}
	}
	for _, h := range ans.Hits {
		rep.Quotes = append(rep.Quotes, bot.QuoteOf(h))
	}
	if ans.Closest != nil {
		c := bot.QuoteOf(*ans.Closest)
		rep.Closest = &c
	}
	fmt.Fprintln(e.stdout, bot.PlainText(rep, lang, boldFor(e.stdout)))
	if *explain {
		for i, h := range ans.Hits {
			fmt.Fprintf(e.stdout, "\n#%d score %.3f (%s, paragraph %d, sentence %d)\n", i+1, h.Score, h.Article, h.Paragraph+1, h.Sentence+1)
			tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "  term\tmatched\thow\tweight")
			for _, p := range h.Explain {
				fmt.Fprintf(tw, "  %s\t%s\t%s\t%.3f\n", p.Term, p.Match, p.How, p.Weight)
			}
			tw.Flush()
			fmt.Fprintf(e.stdout, "  score: %s\n", scoreSum(h.Factors))
		}
	}
	return nil
}

// scoreSum writes how a score was built: "(4.200 words + 0.300 paragraph) × 1.200 paragraph start".
func scoreSum(fs []qa.Factor) string {
	var b strings.Builder
	lastAdd := 0 // the bracket closes after the last part added
	for i, f := range fs {
		if f.Op == "+" {
			lastAdd = i
		}
	}
	if lastAdd > 0 {
		b.WriteString("(")
	}
	for i, f := range fs {
		if i > 0 {
			fmt.Fprintf(&b, " %s ", f.Op)
		}
		fmt.Fprintf(&b, "%.3f %s", f.Value, f.Name)
		if i == lastAdd && lastAdd > 0 {
			b.WriteString(")")
		}
	}
	return b.String()
}

func firstArticle(eng *qa.Engine, id string) string {
	if id != "" {
		return id
	}
	return eng.Corpus().Articles[0].ID
}

type resultJSON struct {
	Text       string    `json:"text"`
	Score      float64   `json:"score"`
	Article    string    `json:"article"`
	Paragraph  int       `json:"paragraph"`
	Sentence   int       `json:"sentence"`
	Highlights [][2]int  `json:"highlights,omitempty"`
	Explain    []explain `json:"explain,omitempty"`
	Factors    []factor  `json:"factors,omitempty"`
}

type factor struct {
	Name  string  `json:"name"`
	Op    string  `json:"op"`
	Value float64 `json:"value"`
}

type explain struct {
	Term   string  `json:"term"`
	Match  string  `json:"match"`
	How    string  `json:"how"`
	Weight float64 `json:"weight"`
}

type answerJSON struct {
	Question  string       `json:"question"`
	Abstained bool         `json:"abstained"`
	Results   []resultJSON `json:"results"`
	Closest   *resultJSON  `json:"closest,omitempty"`
}

func askJSON(ans qa.Answer) answerJSON {
	out := answerJSON{Question: ans.Question, Abstained: ans.Abstained, Results: []resultJSON{}}
	for _, h := range ans.Hits {
		out.Results = append(out.Results, hitJSON(h))
	}
	if ans.Closest != nil {
		c := hitJSON(*ans.Closest)
		out.Closest = &c
	}
	return out
}

func hitJSON(h qa.Hit) resultJSON {
	r := resultJSON{Text: h.Text, Score: h.Score, Article: h.Article, Paragraph: h.Paragraph, Sentence: h.Sentence}
	for _, s := range h.Highlights {
		r.Highlights = append(r.Highlights, [2]int{s.Start, s.End})
	}
	for _, p := range h.Explain {
		r.Explain = append(r.Explain, explain(p))
	}
	for _, f := range h.Factors {
		r.Factors = append(r.Factors, factor(f))
	}
	return r
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func runQuotes(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "quotes", "")
	path := corpusFlag(fs, e)
	asJSON := fs.Bool("json", false, "print JSON")
	speaker := fs.String("speaker", "", "only quotations by or about this speaker")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("kutip quotes: unexpected %q (use --speaker NAME)", fs.Arg(0))
	}
	c, err := corpus.Load(*path)
	if err != nil {
		return err
	}
	type quoteJSON struct {
		Text      string `json:"text"`
		Speaker   string `json:"speaker"`
		Role      string `json:"role,omitempty"`
		Article   string `json:"article"`
		Paragraph int    `json:"paragraph"`
		Sentence  int    `json:"sentence"`
	}
	out := []quoteJSON{}
	choices := bot.NewMemoryChoices()
	rt := bot.NewRouter(nil, c, choices) // quotations need no search engine
	req := bot.Request{Command: bot.CmdQuotes, Chat: "cli"}
	if *speaker != "" {
		req = bot.Request{Command: bot.CmdQuote, Args: *speaker, Chat: "cli"}
	}
	for _, a := range c.Articles {
		choices.SetArticle(req.Chat, a.ID)
		rep, err := rt.Handle(ctx, req)
		if err != nil {
			return err
		}
		for _, q := range rep.Quotes {
			out = append(out, quoteJSON{Text: q.Text, Speaker: q.Speaker, Role: q.Role, Article: q.Article, Paragraph: q.Paragraph, Sentence: q.Sentence})
		}
	}
	if *asJSON {
		return writeJSON(e.stdout, out)
	}
	if len(out) == 0 {
		fmt.Fprintln(e.stdout, "no quotations")
		return nil
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "SPEAKER\tWHERE\tQUOTATION")
	for _, q := range out {
		who := q.Speaker
		if who == "" {
			who = "?"
		}
		fmt.Fprintf(tw, "%s\t%s ¶%d\t“%s”\n", who, q.Article, q.Paragraph+1, bot.CutText(q.Text, 100))
	}
	return tw.Flush()
}

func runStem(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "stem", "[WORD...] (or one word a line on stdin)")
	lang := fs.String("lang", "id", "language: "+strings.Join(stem.Languages(), ", "))
	if err := parse(fs, args); err != nil {
		return err
	}
	s, ok := stem.For(*lang)
	if !ok {
		return usagef("kutip stem: no stemmer for %q; choose from %s", *lang, strings.Join(stem.Languages(), ", "))
	}
	out := bufio.NewWriter(e.stdout)
	defer out.Flush()
	print := func(w string) {
		w = strings.TrimSpace(w)
		if w != "" {
			fmt.Fprintln(out, s.Stem(strings.ToLower(w)))
		}
	}
	if fs.NArg() > 0 {
		for _, w := range fs.Args() {
			print(w)
		}
		return nil
	}
	sc := bufio.NewScanner(e.stdin)
	for sc.Scan() {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		print(sc.Text())
	}
	return sc.Err()
}

// boldFor returns ANSI bold for a terminal, and nil for anything else.
func boldFor(w io.Writer) func(string) string {
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		return func(s string) string { return "\x1b[1m" + s + "\x1b[0m" }
	}
	return nil
}
