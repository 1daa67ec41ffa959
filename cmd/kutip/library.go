package main

import (
	"flag"
	"fmt"
	"log/slog"
	"strings"

	"github.com/kutip/kutip/bot"
	"github.com/kutip/kutip/corpus"
	"github.com/kutip/kutip/extract"
	"github.com/kutip/kutip/qa"
)

// corpusFlag adds --corpus, defaulting to $KUTIP_CORPUS.
func corpusFlag(fs *flag.FlagSet, e env) *string {
	return fs.String("corpus", e.getenv("KUTIP_CORPUS"), "article file or folder (default: the embedded article; env KUTIP_CORPUS)")
}

// loadCorpus loads the corpus at path ("" for the embedded article): .txt
// and .md files as they are, .html and .htm pages through extract, each
// file it cannot read skipped and told to skip.
func loadCorpus(path string, skip func(err error)) (*corpus.Corpus, error) {
	l := corpus.Loader{
		Formats: map[string]corpus.Format{".html": extract.File, ".htm": extract.File},
		Warn:    func(_ string, err error) { skip(err) }, // err names the file
	}
	return l.Load(path)
}

// skipped tells the user of a file of the corpus that was skipped, on
// standard error, in one line: "kutip ask: skipped a.md:2: front matter
// title: ...".
func (e env) skipped(err error) {
	fmt.Fprintf(e.stderr, "%s: skipped %s\n", e.name, strings.TrimPrefix(err.Error(), "load article "))
}

// logSkipped logs each file of the corpus that was skipped, for kutip
// serve.
func logSkipped(log *slog.Logger) func(err error) {
	return func(err error) { log.Warn("skipped a file of the corpus", "err", err) }
}

// loadEngine loads the corpus at path and indexes it.
func loadEngine(path string, skip func(err error)) (*qa.Engine, error) {
	c, err := loadCorpus(path, skip)
	if err != nil {
		return nil, err
	}
	return qa.New(c), nil
}

// newRouter is the router over the corpus at path, with chats' choices
// kept in choices (nil: in memory).
func newRouter(path string, choices bot.Choices, skip func(err error)) (*bot.Router, error) {
	eng, err := loadEngine(path, skip)
	if err != nil {
		return nil, err
	}
	return bot.NewRouter(eng, bot.Options{Choices: choices}), nil
}
