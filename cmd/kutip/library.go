package main

import (
	"flag"
	"log/slog"

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
// file it cannot read skipped and logged.
func loadCorpus(path string, log *slog.Logger) (*corpus.Corpus, error) {
	l := corpus.Loader{
		Formats: map[string]corpus.Format{".html": extract.File, ".htm": extract.File},
		Warn: func(file string, err error) {
			log.Warn("skipped a file of the corpus", "file", file, "err", err)
		},
	}
	return l.Load(path)
}

// loadEngine loads the corpus at path and indexes it.
func loadEngine(path string, log *slog.Logger) (*qa.Engine, error) {
	c, err := loadCorpus(path, log)
	if err != nil {
		return nil, err
	}
	return qa.New(c), nil
}

// newRouter is the router over the corpus at path, with chats' choices
// kept in choices (nil: in memory).
func newRouter(path string, choices bot.Choices, log *slog.Logger) (*bot.Router, error) {
	eng, err := loadEngine(path, log)
	if err != nil {
		return nil, err
	}
	return bot.NewRouter(eng, bot.Options{Choices: choices}), nil
}
