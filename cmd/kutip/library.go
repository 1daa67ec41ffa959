package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/kutip/kutip/bot"
	"github.com/kutip/kutip/corpus"
	"github.com/kutip/kutip/extract"
	"github.com/kutip/kutip/fetch"
	"github.com/kutip/kutip/library"
	"github.com/kutip/kutip/qa"
	"github.com/kutip/kutip/state"
)

// corpusFlag adds --corpus, defaulting to $KUTIP_CORPUS.
func corpusFlag(fs *flag.FlagSet, e env) *string {
	return fs.String("corpus", e.getenv("KUTIP_CORPUS"), "article file or folder (default: the embedded article; env KUTIP_CORPUS)")
}

// loadCorpus loads the corpus at path ("" for the embedded article): .txt
// and .md files as they are, .html and .htm pages through extract, each
// file it cannot read skipped and told to skip.
func loadCorpus(path string, skip func(err error)) (*corpus.Corpus, error) {
	return loader(skip).Load(path)
}

// loader reads .txt and .md files as they are, .html and .htm pages
// through extract, and tells skip of each file it cannot read.
func loader(skip func(err error)) corpus.Loader {
	return corpus.Loader{
		Formats: map[string]corpus.Format{".html": extract.File, ".htm": extract.File},
		Warn:    func(_ string, err error) { skip(err) }, // err names the file
	}
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

// openLibrary opens the living library of kutip serve and kutip chat: the
// corpus at cfg.Corpus and the articles from links kept in links (nil:
// in memory).
func openLibrary(ctx context.Context, cfg Config, links state.Links, log *slog.Logger, skip func(err error)) (*library.Library, error) {
	return library.Open(ctx, library.Config{
		Corpus:  cfg.Corpus,
		Loader:  loader(skip),
		Links:   links,
		Fetcher: fetch.New(fetch.Options{AllowPrivate: cfg.Links.AllowPrivate}),
		Share:   cfg.Links.Share,
		Log:     log,
	})
}

// The per-user limit on fetches when links.burst and links.every do not
// say: five pages at once, then one a minute.
const (
	defaultLinkBurst = 5
	defaultLinkEvery = time.Minute
)

// newRouter is the router over the library, which adds articles from
// links as cfg.Links says, with chats' choices kept in choices (nil: in
// memory) and the command table commands (nil: the default).
func newRouter(lib *library.Library, cfg Links, choices bot.Choices, commands []bot.Command) *bot.Router {
	burst, every := cfg.Burst, cfg.Every
	if burst == 0 {
		burst = defaultLinkBurst
	}
	if every == 0 {
		every = defaultLinkEvery
	}
	return bot.NewRouter(lib, bot.Options{
		Choices: choices, Commands: commands,
		Links: lib, LinkAllow: cfg.Allow, Limiter: fetch.NewLimiter(every, burst, nil),
	})
}
