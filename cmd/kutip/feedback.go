package main

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strings"

	"github.com/kutip/kutip/bot"
	"github.com/kutip/kutip/internal/atomicfile"
	"github.com/kutip/kutip/state"
)

// openVoting opens where the votes of the feedback buttons and their
// ballots are kept: in the state store's (PostgreSQL, shared by replicas)
// when they are not nil, else in the state directory, or memory without
// one.
func openVoting(stateDir string, shared bot.Feedback, sharedBallots bot.Ballots) (v *bot.Voting, closeIt func() error, err error) {
	v = &bot.Voting{Ballots: sharedBallots, Feedback: shared}
	var closers []func() error
	closeIt = func() error {
		var errs []error
		for _, c := range closers {
			errs = append(errs, c())
		}
		return errors.Join(errs...)
	}
	switch {
	case v.Ballots != nil:
	case stateDir != "":
		ballots, err := bot.OpenFileBallots(stateDir)
		if err != nil {
			return nil, nil, err
		}
		v.Ballots, closers = ballots, append(closers, ballots.Close)
	default:
		v.Ballots = bot.NewMemoryBallots()
	}
	switch {
	case v.Feedback != nil:
	case stateDir != "":
		votes, err := bot.OpenFileFeedback(stateDir)
		if err != nil {
			closeIt()
			return nil, nil, err
		}
		v.Feedback, closers = votes, append(closers, votes.Close)
	default:
		v.Feedback = bot.NewMemoryFeedback()
	}
	return v, closeIt, nil
}

// readVotes reads the votes kutip serve keeps: from PostgreSQL when
// state.postgres_url is set, else from the state directory, without
// opening them for writing: kutip serve may be running.
func readVotes(ctx context.Context, cfg Config, log *slog.Logger) ([]bot.Vote, error) {
	if cfg.State.PostgresURL != "" {
		st, err := state.Open(ctx, state.Config{PostgresURL: cfg.State.PostgresURL}, log)
		if err != nil {
			return nil, err
		}
		defer st.Close()
		return st.Feedback.Votes(ctx)
	}
	if cfg.StateDir == "" {
		return nil, usagef("no state: set KUTIP_STATE_DIR (state_dir), or KUTIP_POSTGRES_URL (state.postgres_url), to kutip serve's")
	}
	return bot.ReadFileFeedback(cfg.StateDir)
}

func runFeedback(ctx context.Context, e env, args []string) error {
	if len(args) == 0 || args[0] != "export" {
		return usagef("want a subcommand: kutip feedback export [--up FILE] [--down FILE]")
	}
	e.name += " export"
	fs := newFlags(e, "")
	path := fs.String("config", e.getenv("KUTIP_CONFIG"), "YAML config file, for its state_dir (env KUTIP_CONFIG)")
	up := fs.String("up", "-", "where the 👍 votes go, as a question set for kutip eval (- for standard output)")
	down := fs.String("down", "", "where the 👎 votes go, as a list to review (- for standard output; none when empty)")
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	if *up == "-" && *down == "-" {
		return usagef("--up and --down cannot both be standard output")
	}
	cfg, err := loadConfig(*path, e.getenv)
	if err != nil {
		return err
	}
	votes, err := readVotes(ctx, cfg, e.warnLog())
	if err != nil {
		return err
	}
	set, review := exportVotes(votes)
	if err := writeLines(e.stdout, *up, set); err != nil {
		return err
	}
	if *down != "" {
		if err := writeLines(e.stdout, *down, review); err != nil {
			return err
		}
	}
	fmt.Fprintf(e.stderr, "%d votes: %d questions with a sentence voted 👍 to %s, %d quotes voted 👎 to review to %s\n",
		len(votes), len(set), name(*up), len(review), name(*down))
	return nil
}

func name(path string) string {
	switch path {
	case "-":
		return "standard output"
	case "":
		return "nowhere (--down)"
	}
	return path
}

// A question is a line of the question set the 👍 votes make, in the
// format kutip eval and score.py read: the question as asked, its article,
// and as gold the sentences voted up, best voted first.
type question struct {
	ID         string   `json:"id"`
	Article    string   `json:"article"`
	Question   string   `json:"question"`
	Lang       string   `json:"lang"`
	Answerable bool     `json:"answerable"`
	GoldType   string   `json:"gold_type"`
	Answers    []string `json:"answers"`
	Votes      int      `json:"votes"` // 👍 on its answers
}

// A rejected quote is a line of the review list the 👎 votes make: a
// question, its article, the quote voted down, and how it was voted. Who
// reviews it gives the question "answers" (the right sentence) and
// "answerable": true, or "answerable": false when the article does not
// say; the line is then one of a question set.
type rejected struct {
	ID       string `json:"id"`
	Article  string `json:"article"`
	Question string `json:"question"`
	Lang     string `json:"lang"`
	GoldType string `json:"gold_type"`
	Rejected string `json:"rejected"`
	Sentence int    `json:"sentence"` // from 0
	Down     int    `json:"down"`
	Up       int    `json:"up"`
}

// exportVotes sums the votes on each answer quote: one voted up more than
// down is gold for its question; one voted down as much as up, or more,
// is to be reviewed. Both come sorted by id, then best voted first.
func exportVotes(votes []bot.Vote) ([]question, []rejected) {
	type answer struct {
		question, article string
		sentence          int
	}
	type tally struct {
		quote    string
		up, down int
	}
	tallies := map[answer]*tally{}
	for _, v := range votes {
		k := answer{strings.TrimSpace(v.Question), v.Article, v.Sentence}
		t := tallies[k]
		if t == nil {
			t = &tally{}
			tallies[k] = t
		}
		t.quote = bot.FoldSpace(v.Quote)
		if v.Up {
			t.up++
		} else {
			t.down++
		}
	}
	byQuestion := map[string]*question{}
	type gold struct {
		quote string
		up    int
	}
	golds := map[string][]gold{}
	var review []rejected
	for k, t := range tallies {
		id := questionID(k.question, k.article)
		if t.up > t.down {
			q := byQuestion[id]
			if q == nil {
				q = &question{ID: id, Article: k.article, Question: k.question, Lang: bot.Guess(k.question), Answerable: true, GoldType: "sentence"}
				byQuestion[id] = q
			}
			q.Votes += t.up
			golds[id] = append(golds[id], gold{t.quote, t.up - t.down})
			continue
		}
		review = append(review, rejected{ID: id, Article: k.article, Question: k.question, Lang: bot.Guess(k.question),
			GoldType: "sentence", Rejected: t.quote, Sentence: k.sentence, Down: t.down, Up: t.up})
	}
	var set []question
	for id, q := range byQuestion {
		gs := golds[id]
		slices.SortFunc(gs, func(a, b gold) int { return cmp.Or(cmp.Compare(b.up, a.up), strings.Compare(a.quote, b.quote)) })
		for _, g := range gs {
			q.Answers = append(q.Answers, g.quote)
		}
		set = append(set, *q)
	}
	slices.SortFunc(set, func(a, b question) int { return strings.Compare(a.ID, b.ID) })
	slices.SortFunc(review, func(a, b rejected) int {
		return cmp.Or(strings.Compare(a.ID, b.ID), cmp.Compare(b.Down-b.Up, a.Down-a.Up), cmp.Compare(a.Sentence, b.Sentence))
	})
	return set, review
}

// questionID names a question asked of an article, the same in every
// export: "fb-" and 12 hex digits.
func questionID(question, article string) string {
	sum := sha256.Sum256([]byte(article + "\x00" + question))
	return "fb-" + hex.EncodeToString(sum[:6])
}

// writeLines writes one JSON value a line to path, whole or not at all,
// or to stdout for "-".
func writeLines[T any](stdout io.Writer, path string, lines []T) error {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	for _, l := range lines {
		if err := enc.Encode(l); err != nil {
			return err
		}
	}
	if path == "-" {
		_, err := io.WriteString(stdout, b.String())
		return err
	}
	return atomicfile.Write(path, []byte(b.String()))
}
