package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/kutip/kutip/bot"
	"github.com/kutip/kutip/bot/terminal"
	"github.com/kutip/kutip/qa"
)

// runAsk answers one question through the router, as the chat does, and
// prints the reply as the chat shows it, or as JSON.
func runAsk(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "QUESTION...")
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
		return usagef("no question; try: kutip ask Berapa orang yang tewas?")
	}
	if *k < 1 {
		return usagef("-k must be at least 1")
	}
	eng, err := loadEngine(*path, e.skipped)
	if err != nil {
		return err
	}
	if err := checkArticle(eng, *article); err != nil {
		return err
	}
	rt := bot.NewRouter(eng, bot.Options{})
	req := bot.Request{Platform: "cli", Command: bot.CmdAsk, Args: question, Article: *article, Limit: *k, Explain: *explain}
	rep, err := rt.Handle(ctx, req)
	if err != nil {
		return err
	}
	if rep.Outcome == bot.Refused {
		return usageError{errors.New(rep.Text)}
	}
	if *asJSON {
		return terminal.WriteJSON(e.stdout, rep)
	}
	if err := terminal.Print(e.stdout, rt.Service().Catalog, rep, color(e), terminal.Width(e.stdout)); err != nil {
		return err
	}
	if *explain {
		return terminal.PrintExplain(e.stdout, rep)
	}
	return nil
}

// runQuotes lists the quotations of every article of the corpus, or those
// by or about one speaker.
func runQuotes(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "")
	path := corpusFlag(fs, e)
	asJSON := fs.Bool("json", false, "print JSON")
	speaker := fs.String("speaker", "", "only quotations by or about this speaker")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected %q (use --speaker NAME)", fs.Arg(0))
	}
	eng, err := loadEngine(*path, e.skipped)
	if err != nil {
		return err
	}
	rt := bot.NewRouter(eng, bot.Options{})
	type quoteJSON struct {
		Text      string `json:"text"`
		Speaker   string `json:"speaker"`
		Role      string `json:"role,omitempty"`
		Article   string `json:"article"`
		Paragraph int    `json:"paragraph"`
		Sentence  int    `json:"sentence"`
	}
	out := []quoteJSON{}
	for _, a := range eng.Articles() {
		req := bot.Request{Platform: "cli", Command: bot.CmdQuotes, Article: a.ID}
		if *speaker != "" {
			req.Command, req.Args = bot.CmdQuote, *speaker
		}
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
	esc := terminal.Markup(false).Escape // an article must not drive the terminal
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "SPEAKER\tWHERE\tQUOTATION")
	for _, q := range out {
		who := q.Speaker
		if who == "" {
			who = "?"
		}
		fmt.Fprintf(tw, "%s\t%s ¶%d\t“%s”\n", esc(who), esc(q.Article), q.Paragraph+1, esc(bot.CutText(bot.FoldSpace(q.Text), 100)))
	}
	return tw.Flush()
}

// color reports whether to show words in ANSI bold: on a terminal, unless
// NO_COLOR is set (no-color.org: to anything but "").
func color(e env) bool { return terminal.IsTerminal(e.stdout) && e.getenv("NO_COLOR") == "" }

// checkArticle checks that the corpus has the article --article names
// ("" for all): a usage error names the closest id there is and the ids.
func checkArticle(eng *qa.Engine, id string) error {
	if id == "" {
		return nil
	}
	if _, ok := eng.Article(id); ok {
		return nil
	}
	var ids []string
	for _, a := range eng.Articles() {
		ids = append(ids, a.ID)
	}
	if near := bot.Suggest(id, ids); near != "" {
		return usagef("no article %q in the corpus; did you mean %s? (it has %s)", id, near, strings.Join(ids, ", "))
	}
	return usagef("no article %q in the corpus (it has %s)", id, strings.Join(ids, ", "))
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
