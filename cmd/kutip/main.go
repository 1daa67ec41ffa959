// Command kutip answers questions about an article by quoting its sentences
// verbatim: in the terminal, on Telegram and on Discord. It holds flags,
// configuration and wiring only: the chat is bot/terminal, the bots are
// bot/telegram and bot/discord, the answers come from bot's router over
// qa's engine.
//
//	kutip                      chat with the embedded article in the terminal
//	kutip ask QUESTION...      answer one question
//	kutip quotes               the article's quotations
//	kutip eval                 answer a question set, for score.py
//	kutip bench                time the engine on a question set
//	kutip stem                 stem words, to check by hand
//	kutip fetch URL [-o FILE]  a news page's article as a corpus .md file
//	kutip serve                run the chat platform adapters
//	kutip feedback export      the votes on answers, as a question set
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/kutip/kutip/bot"
)

func main() {
	err := run(context.Background(), os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	if code := exitCode(err); code != 0 {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(code)
	}
}

// exitCode is the exit status for what run returned: 0 for success and
// -h, 2 for a mistake in the command line, 1 for any other failure.
func exitCode(err error) int {
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, new(usageError)):
		return 2
	}
	return 1
}

// A usageError is a mistake in the command line: exit status 2.
type usageError struct{ error }

func (e usageError) Unwrap() error { return e.error }

func usagef(format string, args ...any) error { return usageError{fmt.Errorf(format, args...)} }

// env is what a subcommand gets from run.
type env struct {
	name   string // the command as the user typed it: "kutip ask", or "kutip" for the chat they did not name
	getenv func(string) string
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

// warnLog is a logger of warnings and errors only, to standard error: for
// the commands whose output is the chat or a table, which request lines
// would run into.
func (e env) warnLog() *slog.Logger {
	return slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
}

// A command is one row of kutip's subcommand table: help and dispatch are
// derived from it.
type command struct {
	name  string
	short string
	run   func(ctx context.Context, e env, args []string) error
}

func commands() []command {
	return []command{
		{"chat", "chat with an article in the terminal (the default)", runChat},
		{"ask", "answer one question", runAsk},
		{"quotes", "list the articles' quotations", runQuotes},
		{"eval", "answer a question set and score it", runEval},
		{"bench", "time the engine on a question set", runBench},
		{"stem", "print the stem of each word", runStem},
		{"fetch", "fetch a news page's article as a .md file for a corpus", runFetch},
		{"serve", "run the Telegram and Discord bots", runServe},
		{"feedback", "export the votes on answers as a question set (feedback export)", runFeedback},
	}
}

// run is the whole program, with its dependencies as arguments. Every
// error it returns is one line that names the command once, as the user
// typed it: "kutip ask: ...", or "kutip: ..." for the chat, the command
// run when none is named.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	e := env{name: "kutip", getenv: getenv, stdin: stdin, stdout: stdout, stderr: stderr}
	name := "chat"
	if len(args) > 0 {
		switch a := args[0]; {
		case a == "help" || a == "-h" || a == "-help" || a == "--help":
			printUsage(stdout)
			return nil
		case !strings.HasPrefix(a, "-"):
			name, args = a, args[1:]
			e.name = "kutip " + name
		}
	}
	for _, c := range commands() {
		if c.name != name {
			continue
		}
		err := c.run(ctx, e, args)
		if err == nil || errors.Is(err, flag.ErrHelp) {
			return err
		}
		var u usageError
		if errors.As(err, &u) {
			return usageError{fmt.Errorf("%s: %w", e.name, u.error)}
		}
		return fmt.Errorf("%s: %w", e.name, err)
	}
	var names []string
	for _, c := range commands() {
		names = append(names, c.name)
	}
	if near := bot.Suggest(name, names); near != "" {
		return usagef("kutip: unknown command %q; did you mean %s? (see kutip help)", name, near)
	}
	return usagef("kutip: unknown command %q (see kutip help)", name)
}

func printUsage(w io.Writer) {
	fmt.Fprintln(w, "kutip answers questions about an article by quoting its sentences verbatim.")
	fmt.Fprintln(w, "\nUsage: kutip [command] [flags] (kutip COMMAND -h for a command's flags)")
	fmt.Fprintln(w, "\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.short)
	}
}

// newFlags returns a flag set for a subcommand, named as the user typed
// it, that reports errors as usage errors, not by exiting.
func newFlags(e env, args string) *flag.FlagSet {
	fs := flag.NewFlagSet(e.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard) // parse says what went wrong, in one line
	fs.Usage = func() {
		fmt.Fprintf(e.stdout, "Usage: %s [flags] %s\n\nFlags:\n", e.name, args)
		fs.SetOutput(e.stdout)
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
	}
	return fs
}

// parse parses flags. -h prints the usage and gives flag.ErrHelp; a
// mistake gives a one-line usage error that names the flag, the closest
// one the command has when it looks like a typo, and where the flags are
// listed: "unknown flag -jsn; did you mean -json? (see kutip ask -h)".
func parse(fs *flag.FlagSet, args []string) error {
	usage := fs.Usage
	fs.Usage = func() {} // the flag package would print it for a mistake too
	err := fs.Parse(args)
	fs.Usage = usage
	switch {
	case err == nil:
		return nil
	case errors.Is(err, flag.ErrHelp):
		usage()
		return err
	}
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: -"); ok {
		var names []string
		fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
		msg = "unknown flag -" + name
		if near := bot.Suggest(name, names); near != "" {
			msg += "; did you mean -" + near + "?"
		}
	}
	return usagef("%s (see %s -h)", msg, fs.Name())
}
