// Package terminal is kutip's terminal adapter: the chat on standard input
// and output. On a terminal, the chat greets the user with the article's
// title and how to chat, lines are edited with the line editor
// github.com/peterh/liner (Home, End, Ctrl-A, Ctrl-E, Ctrl-R, the Up and
// Down keys through the history, a long line scrolled sideways rather than
// wrapped), the history is kept between chats (HistoryPath), and replies
// are wrapped at word boundaries to the terminal's width as it is when
// each is shown; piped, a question a line goes in and its answer comes
// out, a blank line after each, and nothing else. Every line goes through
// bot.Parse and the guarded handler, as on the other platforms, and every
// reply is shown in the terminal's markup (Markup): plain text, matched
// words in ANSI bold, and nothing an article holds can drive the terminal.
//
// Print, PrintExplain and WriteJSON show a reply the same way outside the
// chat: "kutip ask" and its --explain and --json.
package terminal

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"slices"
	"strings"

	"github.com/peterh/liner"
	"golang.org/x/term"

	"github.com/kutip/kutip/bot"
)

const (
	platform = "terminal" // bot.Request's Platform
	chat     = "terminal" // and Chat: the terminal has one chat
	prompt   = "kutip› "
	// The longest line read, in bytes, piped and in the line editor (by a
	// hand, which pastes no more): a longer one is answered that it is.
	maxLine       = 1 << 20
	maxEditorLine = 64 << 10
)

// lineTooLong is a line over max bytes, read to its end and dropped.
type lineTooLong struct{ max int }

func (e lineTooLong) Error() string { return fmt.Sprintf("a line over %d bytes", e.max) }

// CmdQuit is the terminal's own command: it ends the chat. Commands
// returns its row, for the router's table, so that /help lists it.
const CmdQuit = "quit"

// Commands returns the rows the terminal adds to the command table: /quit
// (or /exit, /q), which the chat answers itself by ending, whatever
// follows it ("/quit now").
func Commands() []bot.Command {
	return []bot.Command{{Name: CmdQuit, Aliases: []string{"exit", "q"}, Handle: func(*bot.Router, context.Context, bot.Request) (bot.Reply, error) {
		return bot.Reply{Kind: bot.KindText}, nil // the chat ends before it asks
	}}}
}

// Config configures the terminal chat.
type Config struct {
	In  io.Reader // the user's lines: os.Stdin
	Out io.Writer // the replies: os.Stdout
	// Lang is the language of the bot's words: a language code the
	// catalog speaks ("id", "en", "en-US"); "": the article's.
	Lang string
	// Color shows the article's title and the words that matched the
	// question in ANSI bold. The command line sets it when Out is a
	// terminal (IsTerminal) and NO_COLOR is not set.
	Color bool
	// History is the file the chat on a terminal keeps its history in,
	// HistoryPath's; "": none, the history is lost when the chat ends.
	History string
}

// Validate checks the settings themselves: that Lang is a language code. New checks the rest: In and Out, and that the catalog
// speaks Lang.
func (c Config) Validate() error {
	if c.Lang != "" && !langCode(c.Lang) {
		return fmt.Errorf("terminal: lang %q is not a language code such as id or en-US", c.Lang)
	}
	return nil
}

// langCode reports whether s looks like a language code: "id", "en-US",
// "en_GB", "zh-Hant-TW".
func langCode(s string) bool {
	for i, part := range strings.Split(strings.ReplaceAll(s, "_", "-"), "-") {
		if len(part) < 1 || len(part) > 8 || i == 0 && len(part) < 2 {
			return false
		}
		for _, r := range part {
			if !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || i > 0 && '0' <= r && r <= '9') {
				return false
			}
		}
	}
	return true
}

// A Bot is the terminal chat.
type Bot struct {
	cfg     Config
	log     *slog.Logger
	handler bot.Handler
	render  bot.Renderer
}

// New returns the chat of cfg over svc, without any I/O; it checks cfg
// with Validate, and that svc's catalog speaks cfg.Lang. The log gets
// bot.Guard's line a request, and its errors; nil discards them.
func New(cfg Config, svc bot.Service, log *slog.Logger) (*Bot, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	switch {
	case cfg.In == nil || cfg.Out == nil:
		return nil, errors.New("terminal: no input or no output")
	case svc.Handler == nil || svc.Catalog == nil:
		return nil, errors.New("terminal: the service has no handler or no catalog")
	case cfg.Lang != "" && !svc.Catalog.Speaks(cfg.Lang):
		return nil, fmt.Errorf("terminal: kutip does not speak %q; it speaks %s", cfg.Lang, strings.Join(svc.Catalog.Langs(), ", "))
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Bot{
		cfg:     cfg,
		log:     log,
		handler: svc.Guarded(log),
		render:  bot.Renderer{Catalog: svc.Catalog, Markup: Markup(cfg.Color)},
	}, nil
}

// Run chats until the user leaves (/quit, /exit, exit, Ctrl-D, Ctrl-C, the
// end of In) or ctx is done, and returns nil then; it returns an error when
// it cannot read In or write Out. When In is the process's standard input
// and Out its standard output and both are a terminal, it runs the line
// editor, which puts the terminal in raw mode while a line is typed and
// restores it on every way out. A read blocked on In when ctx is done is
// left behind: it ends with In.
func (b *Bot) Run(ctx context.Context) error {
	in, inOK := b.cfg.In.(*os.File)
	out, outOK := b.cfg.Out.(*os.File)
	if inOK && outOK && in.Fd() == os.Stdin.Fd() && out.Fd() == os.Stdout.Fd() && IsTerminal(in) && IsTerminal(out) {
		return b.interactive(ctx, out)
	}
	return b.plain(ctx)
}

// IsTerminal reports whether v, an io.Reader or an io.Writer, is an
// *os.File on a terminal.
func IsTerminal(v any) bool {
	f, ok := v.(*os.File)
	return ok && f != nil && term.IsTerminal(int(f.Fd()))
}

// plain is the chat on pipes and files: a line in, the reply and a blank
// line out.
func (b *Bot) plain(ctx context.Context) error {
	in := bufio.NewReaderSize(b.cfg.In, 64<<10)
	read := func() (string, error) { return readPlainLine(in, maxLine) }
	for {
		line, err := readLine(ctx, read)
		switch {
		case ctx.Err() != nil || errors.Is(err, io.EOF):
			return nil
		case errors.As(err, new(lineTooLong)):
			line = ""
		case err != nil:
			return fmt.Errorf("terminal: read: %w", err)
		}
		text, quit, err := b.answer(ctx, line, err)
		if quit || err != nil { // err: ctx is done
			return nil
		}
		if text == "" {
			continue
		}
		if _, err := io.WriteString(b.cfg.Out, text+"\n\n"); err != nil {
			return fmt.Errorf("terminal: write: %w", err)
		}
	}
}

// interactive is the chat on the terminal of standard input and output,
// through the line editor, its history read from and added to the
// History file.
func (b *Bot) interactive(ctx context.Context, out *os.File) error {
	ed := liner.NewLiner()
	defer ed.Close() // the terminal's mode as it was
	ed.SetCtrlCAborts(true)
	if b.cfg.History != "" {
		lines, err := readHistory(b.cfg.History)
		if err != nil {
			b.log.Warn("chat history", "err", err) // the chat goes on without it
		}
		if _, err := ed.ReadHistory(strings.NewReader(strings.Join(lines, "\n"))); err != nil {
			b.log.Warn("chat history", "err", err)
		}
	}
	write := func(text string) error {
		// The width now: the terminal may have been resized since.
		if _, err := io.WriteString(out, Wrap(text, Width(out))); err != nil {
			return fmt.Errorf("terminal: write: %w", err)
		}
		return nil
	}
	hello, err := b.greeting(ctx)
	if err != nil { // ctx is done
		return nil
	}
	if err := write(hello); err != nil {
		return err
	}
	for {
		line, err := readLine(ctx, func() (string, error) { return ed.Prompt(prompt) })
		switch {
		case errors.Is(err, liner.ErrPromptAborted): // Ctrl-C: the editor ended the line with "^C"
			return nil
		case ctx.Err() != nil || errors.Is(err, io.EOF):
			// Ctrl-D, a signal: the prompt is on the screen; leave its
			// line, so that the shell's prompt starts on its own.
			return write("\n")
		case err != nil:
			return fmt.Errorf("terminal: read: %w", err)
		}
		var tooLong error
		if len(line) > maxEditorLine {
			line, tooLong = "", lineTooLong{maxEditorLine}
		}
		if keep(line) {
			ed.AppendHistory(line)
			if b.cfg.History != "" {
				if err := addHistory(b.cfg.History, line); err != nil {
					b.log.Warn("chat history", "err", err)
				}
			}
		}
		text, quit, err := b.answer(ctx, line, tooLong)
		if quit || err != nil { // err: ctx is done
			return nil
		}
		if text == "" {
			continue
		}
		if err := write(text + "\n\n"); err != nil {
			return err
		}
	}
}

// greeting is what the chat starts with: in bold, the article's title, or,
// when the chat asks a library of several, how many articles it holds;
// then how to chat, in the language of the bot's words for them.
func (b *Bot) greeting(ctx context.Context) (string, error) {
	rep, err := b.handler.Handle(ctx, b.request(bot.Request{Command: bot.CmdSource}))
	if err != nil {
		return "", err
	}
	cat, esc := b.render.Catalog, b.render.Markup.Escape
	bold := func(s string) string {
		if b.render.Markup.Bold == nil {
			return s
		}
		return b.render.Markup.Bold(s)
	}
	var out strings.Builder
	hello := "chat.greeting"
	switch a := rep.Article; {
	case a != nil && a.Title != "":
		out.WriteString(bold(esc(a.Title)) + "\n")
		if rep.Library > 1 {
			out.WriteString(esc(cat.N(rep.Lang, "source.one_of", rep.Library)) + "\n")
		}
	case a == nil && rep.Library > 1:
		out.WriteString(bold(esc(cat.N(rep.Lang, "chat.library", rep.Library))) + "\n")
		hello = "chat.greeting_library"
	}
	out.WriteString(esc(cat.T(rep.Lang, hello)) + "\n\n")
	return out.String(), nil
}

// answer returns the reply to a line as the terminal shows it, "" for
// none; quit is true when the line ends the chat. read is a lineTooLong
// when the line was too long to be read: the reply says so. The error is
// ctx's, when it stopped the request.
func (b *Bot) answer(ctx context.Context, line string, read error) (text string, quit bool, err error) {
	defer bot.Recover(b.log, "line") // a panic of the chat's own: the line gets no answer
	if long := (lineTooLong{}); errors.As(read, &long) {
		rep := bot.Reply{Kind: bot.KindText, Lang: b.render.Catalog.Lang(b.cfg.Lang), Outcome: bot.Refused}
		rep.Text = b.render.Catalog.T(rep.Lang, "chat.too_long", long.max)
		return b.render.Render(rep).String(), false, nil
	}
	line = strings.TrimSpace(line)
	switch strings.ToLower(line) {
	case "":
		return "", false, nil
	case "quit", "exit": // as a shell would take them
		return "", true, nil
	}
	m, ok := bot.Parse(line, "")
	if !ok {
		return "", false, nil
	}
	if c, ok := findCommand(m.Command); ok && m.Slash && c.Name == CmdQuit { // "/quit now", "/exit please"
		return "", true, nil
	}
	rep, err := b.handler.Handle(ctx, b.request(m.Request))
	if err != nil {
		return "", false, err
	}
	return b.render.Render(rep).String(), false, nil
}

// request is req from the terminal's chat.
func (b *Bot) request(req bot.Request) bot.Request {
	req.Platform, req.Chat, req.Lang = platform, chat, b.cfg.Lang
	return req
}

// readPlainLine reads a line of at most max bytes, without its "\n" or
// "\r\n"; a longer one is read to its end, dropped, and a lineTooLong. The
// last line needs no "\n"; then the error is io.EOF.
func readPlainLine(r *bufio.Reader, max int) (string, error) {
	var line []byte
	over := false
	for {
		frag, err := r.ReadSlice('\n')
		if !over && len(line)+len(frag) <= max+2 { // room for "\r\n"
			line = append(line, frag...)
		} else {
			over, line = true, nil
		}
		switch {
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case errors.Is(err, io.EOF) && (len(line) > 0 || over):
			// The last line, without "\n": it is the line; EOF comes next.
		case err != nil:
			return "", err
		}
		break
	}
	s := strings.TrimSuffix(strings.TrimSuffix(string(line), "\n"), "\r")
	if over || len(s) > max {
		return "", lineTooLong{max}
	}
	return s, nil
}

type lineRead struct {
	line string
	err  error
}

// readLine returns what read returns, or ctx's error as soon as ctx is
// done: a read blocked on a terminal or a pipe cannot be stopped, so it is
// left to finish on its own, its line dropped.
func readLine(ctx context.Context, read func() (string, error)) (string, error) {
	got := make(chan lineRead, 1)
	go func() {
		line, err := read()
		got <- lineRead{line, err}
	}()
	select {
	case <-ctx.Done():
		return "", ctx.Err()
	case r := <-got:
		return r.line, r.err
	}
}

// findCommand returns the terminal's own command of that name or alias.
func findCommand(name string) (bot.Command, bool) {
	for _, c := range Commands() {
		if c.Name == name || slices.Contains(c.Aliases, name) {
			return c, true
		}
	}
	return bot.Command{}, false
}
