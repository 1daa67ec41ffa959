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
)

func main() {
	err := run(context.Background(), os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
	case errors.As(err, new(usageError)):
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	default:
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// A usageError is a mistake in the command line: exit status 2.
type usageError struct{ error }

func (e usageError) Unwrap() error { return e.error }

func usagef(format string, args ...any) error { return usageError{fmt.Errorf(format, args...)} }

// env is what a subcommand gets from run.
type env struct {
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
	}
}

// run is the whole program, with its dependencies as arguments. Every
// error it returns is one line that names the command it comes from.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	e := env{getenv: getenv, stdin: stdin, stdout: stdout, stderr: stderr}
	name := "chat"
	if len(args) > 0 {
		switch a := args[0]; {
		case a == "help" || a == "-h" || a == "-help" || a == "--help":
			printUsage(stdout)
			return nil
		case !strings.HasPrefix(a, "-"):
			name, args = a, args[1:]
		}
	}
	for _, c := range commands() {
		if c.name == name {
			err := c.run(ctx, e, args)
			if err == nil || errors.Is(err, flag.ErrHelp) {
				return err
			}
			var u usageError
			if errors.As(err, &u) {
				return usageError{fmt.Errorf("kutip %s: %w", name, u.error)}
			}
			return fmt.Errorf("kutip %s: %w", name, err)
		}
	}
	return usagef("kutip: unknown command %q (see kutip help)", name)
}

func printUsage(w io.Writer) {
	fmt.Fprintln(w, "kutip answers questions about an article by quoting its sentences verbatim.")
	fmt.Fprintln(w, "\nUsage: kutip [command] [flags] (kutip COMMAND -h for a command's flags)")
	fmt.Fprintln(w, "\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-7s %s\n", c.name, c.short)
	}
}

// newFlags returns a flag set for a subcommand that reports errors as usage
// errors, not by exiting.
func newFlags(e env, name, args string) *flag.FlagSet {
	fs := flag.NewFlagSet("kutip "+name, flag.ContinueOnError)
	fs.SetOutput(io.Discard) // parse says what went wrong, in one line
	fs.Usage = func() {
		fmt.Fprintf(e.stdout, "Usage: kutip %s [flags] %s\n\nFlags:\n", name, args)
		fs.SetOutput(e.stdout)
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
	}
	return fs
}

// parse parses flags. -h prints the usage and gives flag.ErrHelp; a mistake
// gives a one-line usage error.
func parse(fs *flag.FlagSet, args []string) error {
	err := fs.Parse(args)
	if err != nil && !errors.Is(err, flag.ErrHelp) {
		return usagef("%v (see %s -h)", err, fs.Name())
	}
	return err
}
