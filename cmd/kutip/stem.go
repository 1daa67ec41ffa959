package main

import (
	"bufio"
	"context"
	"fmt"
	"strings"

	"github.com/kutip/kutip/qa/stem"
)

// runStem prints the stem of each word, to check the stemmers by hand.
func runStem(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "[WORD...] (or one word a line on stdin)")
	lang := fs.String("lang", "id", "language: "+strings.Join(stem.Languages(), ", "))
	if err := parse(fs, args); err != nil {
		return err
	}
	s, ok := stem.For(*lang)
	if !ok {
		return usagef("no stemmer for %q; choose from %s", *lang, strings.Join(stem.Languages(), ", "))
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
