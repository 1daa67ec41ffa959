package main

import (
	"flag"

	"github.com/kutip/kutip/bot"
	"github.com/kutip/kutip/corpus"
	"github.com/kutip/kutip/qa"
)

// corpusFlag adds --corpus, defaulting to $KUTIP_CORPUS.
func corpusFlag(fs *flag.FlagSet, e env) *string {
	return fs.String("corpus", e.getenv("KUTIP_CORPUS"), "article file or folder (default: the embedded article; env KUTIP_CORPUS)")
}

// loadEngine loads the corpus at path ("" for the embedded article) and
// indexes it.
func loadEngine(path string) (*qa.Engine, error) {
	c, err := corpus.Load(path)
	if err != nil {
		return nil, err
	}
	return qa.New(c), nil
}

// newRouter is the router over the corpus at path, with chats' choices
// kept in choices (nil: in memory).
func newRouter(path string, choices bot.Choices) (*bot.Router, error) {
	eng, err := loadEngine(path)
	if err != nil {
		return nil, err
	}
	return bot.NewRouter(eng, bot.Options{Choices: choices}), nil
}
