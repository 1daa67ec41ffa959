// Command kutip answers questions about an article by quoting its sentences
// verbatim: in the terminal, on Telegram and on Discord.
//
//	kutip                      chat with the embedded article in the terminal
//	kutip ask QUESTION...      answer one question
//	kutip quotes               the article's quotations
//	kutip eval                 answer a question set, for score.py
//	kutip bench                time the engine on a question set
//	kutip stem                 stem words, to check by hand
//	kutip serve                run the chat platform adapters
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"
)

func main() {
	err := run(context.Background(), os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
	case errors.As(err, new(usageError)):
		fmt.Fprintln(os.Stderr, "kutip:", err)
		os.Exit(2)
	default:
		fmt.Fprintln(os.Stderr, "kutip:", err)
		os.Exit(1)
	}
}

// A usageError is a mistake in the command line: exit status 2.
type usageError struct{ error }

func usagef(format string, args ...any) error { return usageError{fmt.Errorf(format, args...)} }

// env is what a subcommand gets from run.
type env struct {
	getenv func(string) string
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

type command struct {
	run   func(ctx context.Context, e env, args []string) error
	usage string
}

var commands = map[string]command{
	"chat":   {runChat, "chat with an article in the terminal (the default)"},
	"ask":    {runAsk, "answer one question"},
	"quotes": {runQuotes, "list the article's quotations"},
	"eval":   {runEval, "answer a question set and score it"},
	"bench":  {runBench, "time the engine on a question set"},
	"stem":   {runStem, "print the stem of each word"},
	"serve":  {runServe, "run the Telegram and Discord bots"},
}

// run is the whole program, with its dependencies as arguments.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	e := env{getenv: getenv, stdin: stdin, stdout: stdout, stderr: stderr}
	if len(args) == 0 || strings.HasPrefix(args[0], "-") && args[0] != "-h" && args[0] != "-help" && args[0] != "--help" {
		return runChat(ctx, e, args)
	}
	name := args[0]
	switch name {
	case "help", "-h", "-help", "--help":
		printUsage(stdout)
		return nil
	}
	c, ok := commands[name]
	if !ok {
		return usagef("unknown command %q; try: kutip help", name)
	}
	return c.run(ctx, e, args[1:])
}

func printUsage(w io.Writer) {
	fmt.Fprintln(w, "kutip answers questions about an article by quoting its sentences verbatim.")
	fmt.Fprintln(w, "\nUsage: kutip [command] [flags] (kutip COMMAND -h for a command's flags)")
	fmt.Fprintln(w, "\nCommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-7s %s\n", n, commands[n].usage)
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
		return usagef("%s: %v (see %s -h)", fs.Name(), err, fs.Name())
	}
	return err
}
