package main

import (
	"context"
	"strconv"
	"strings"

	"github.com/kutip/kutip/bot"
	"github.com/kutip/kutip/bot/terminal"
)

// runChat is the terminal chat: a question a line, answered with quotes,
// and the bots' commands.
func runChat(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "")
	path := corpusFlag(fs, e)
	lang := fs.String("lang", "", "language of kutip's own words: id or en (default: the article's)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected %q; to ask one question: kutip ask %s", fs.Arg(0), strings.Join(fs.Args(), " "))
	}
	if cat := bot.DefaultCatalog(); *lang != "" && !cat.Speaks(*lang) {
		var langs []string
		for _, l := range cat.Langs() {
			langs = append(langs, l+" ("+cat.Name(l)+")")
		}
		return usagef("--lang %s: kutip speaks %s", *lang, strings.Join(langs, ", "))
	}
	log := e.warnLog()
	cfg := Config{Corpus: *path}
	cfg.Links.AllowPrivate, _ = strconv.ParseBool(e.getenv("KUTIP_FETCH_ALLOW_PRIVATE"))
	lib, err := openLibrary(ctx, cfg, nil, log, e.skipped)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(ctx)
	watched := make(chan struct{})
	defer func() { cancel(); <-watched }()
	go func() {
		defer close(watched)
		if err := lib.Watch(ctx); err != nil {
			log.Warn("the corpus is not watched", "err", err)
		}
	}()
	// The terminal's own rows (/quit) join the table, so that /help lists them.
	rt := newRouter(lib, cfg.Links, nil, append(bot.DefaultCommands(), terminal.Commands()...))
	tcfg := terminal.Config{
		In: e.stdin, Out: e.stdout, Lang: *lang, Color: color(e),
		History: terminal.HistoryPath(e.getenv),
	}
	chat, err := terminal.New(tcfg, rt.Service(), log)
	if err != nil {
		return usageError{err}
	}
	return chat.Run(ctx)
}
