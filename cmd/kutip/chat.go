package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"golang.org/x/term"

	"github.com/kutip/kutip/bot"
	"github.com/kutip/kutip/corpus"
	"github.com/kutip/kutip/qa"
)

// runChat is the terminal chat: a question a line, answered with quotes;
// /quotes, /quote X, /summary, /source, /article, /help and /quit as in the bots.
func runChat(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "chat", "")
	path := corpusFlag(fs, e)
	langFlag := fs.String("lang", "", "language of kutip's own words: id or en (default: the article's)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("kutip chat: unexpected %q; to ask one question: kutip ask %s", fs.Arg(0), strings.Join(fs.Args(), " "))
	}
	c, err := corpus.Load(*path)
	if err != nil {
		return err
	}
	eng := qa.New(c)
	lang := *langFlag
	if lang == "" {
		lang = bot.Lang(eng.Language(c.Articles[0].ID))
	}
	log := slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	h := bot.Recover(log, bot.NewRouter(eng, c, nil))
	answer := func(line string, bold func(string) string) (string, bool) {
		line = strings.TrimSpace(line)
		switch strings.ToLower(line) {
		case "":
			return "", true
		case "/quit", "/exit", "/q", "quit", "exit":
			return "", false
		}
		req, _ := bot.Parse(line, "")
		req.Lang, req.Chat = lang, "terminal"
		rep, err := h.Handle(ctx, req)
		if err != nil {
			log.Error("answer", "err", err)
			return bot.ErrorText(lang), true
		}
		return bot.PlainText(rep, lang, bold), true
	}

	in, inOK := e.stdin.(*os.File)
	out, outOK := e.stdout.(*os.File)
	if inOK && outOK && term.IsTerminal(int(in.Fd())) && term.IsTerminal(int(out.Fd())) {
		return chatTerminal(ctx, in, out, c, lang, answer)
	}
	// Not a terminal: plain lines in, plain answers out.
	sc := bufio.NewScanner(e.stdin)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		if ctx.Err() != nil {
			return nil
		}
		reply, more := answer(sc.Text(), nil)
		if !more {
			return nil
		}
		if reply != "" {
			fmt.Fprintln(e.stdout, reply)
			fmt.Fprintln(e.stdout)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("read questions: %w", err)
	}
	return nil
}

// chatTerminal runs the chat with line editing and history.
func chatTerminal(ctx context.Context, in, out *os.File, c *corpus.Corpus, lang string, answer func(string, func(string) string) (string, bool)) error {
	state, err := term.MakeRaw(int(in.Fd()))
	if err != nil {
		return fmt.Errorf("terminal: %w", err)
	}
	defer term.Restore(int(in.Fd()), state)
	t := term.NewTerminal(struct {
		io.Reader
		io.Writer
	}{in, out}, "kutip› ")
	if w, h, err := term.GetSize(int(out.Fd())); err == nil {
		t.SetSize(w, h)
	}
	a := c.Articles[0]
	hello := map[string]string{
		"id": "Tanyakan apa saja tentang artikel ini; kutip menjawab dengan kalimatnya sendiri. /help untuk perintah, /quit untuk keluar.",
		"en": "Ask anything about this article; kutip answers with its own sentences. /help for commands, /quit to leave.",
	}[lang]
	fmt.Fprintf(t, "%s\n%s\n\n", boldANSI(a.Title), hello)
	for ctx.Err() == nil {
		line, err := t.ReadLine()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil && !errors.Is(err, term.ErrPasteIndicator) {
			return fmt.Errorf("terminal: %w", err)
		}
		reply, more := answer(line, boldANSI)
		if !more {
			return nil
		}
		if reply != "" {
			fmt.Fprintf(t, "%s\n\n", reply)
		}
	}
	return nil
}

func boldANSI(s string) string { return "\x1b[1m" + s + "\x1b[0m" }
