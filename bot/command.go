package bot

import (
	"context"
	"slices"
	"strings"
	"unicode"

	"github.com/kutip/kutip/lang"
)

// The names of kutip's commands.
const (
	CmdAsk     = "ask"
	CmdQuotes  = "quotes"
	CmdQuote   = "quote"
	CmdSummary = "summary"
	CmdSource  = "source"
	CmdArticle = "article"
	CmdHelp    = "help"
)

// A Command is one row of the command table, from which everything about
// commands is derived: the router's dispatch and /help, Telegram's command
// menu and the commands it answers in groups, Discord's slash commands, their
// options and autocomplete, and which replies come in pages. Its words come
// from the catalog: "cmd.NAME" describes it, "cmd.NAME.arg" names its
// argument in /help and "cmd.NAME.arg.desc" describes the argument.
type Command struct {
	Name    string   // what follows the slash: lower-case ASCII letters
	Aliases []string // other names it answers to: "start" for help
	Arg     *Arg     // nil: it takes no argument
	Page    int      // results a page, on platforms that page with a button; 0: not paged (for /article: its list's buttons)
	Limit   int      // results when the request does not say; 0: all of them
	Library bool     // offered only when the library holds several articles
	Private bool     // may be answered to the asker alone where a platform can (Discord's ephemeral replies)
	Link    bool     // takes a link instead of its argument: Discord's option OptURL, described by "cmd.NAME.url.desc"
	Handle  func(rt *Router, ctx context.Context, req Request) (Reply, error)
}

// An Arg is what a command takes after its name.
type Arg struct {
	Name     string // the option's name where a platform names options: "question"
	Required bool
	Complete bool // suggestions are offered as the user types it
}

// Description returns the command's description in lang.
func (c Command) Description(cat *Catalog, lang string) string {
	return cat.T(lang, "cmd."+c.Name)
}

// ArgName returns how /help names the command's argument in lang, "" for none.
func (c Command) ArgName(cat *Catalog, lang string) string {
	if c.Arg == nil {
		return ""
	}
	return cat.T(lang, "cmd."+c.Name+".arg")
}

// ArgDescription returns the description of the command's argument in lang.
func (c Command) ArgDescription(cat *Catalog, lang string) string {
	if c.Arg == nil {
		return ""
	}
	return cat.T(lang, "cmd."+c.Name+".arg.desc")
}

// DefaultCommands returns kutip's command table, in menu order.
func DefaultCommands() []Command {
	return []Command{
		{Name: CmdAsk, Arg: &Arg{Name: "question", Required: true, Complete: true}, Page: 3, Limit: 3, Private: true, Handle: (*Router).ask},
		{Name: CmdQuotes, Page: 5, Handle: (*Router).quotes},
		{Name: CmdQuote, Arg: &Arg{Name: "who", Required: true, Complete: true}, Page: 5, Handle: (*Router).quote},
		{Name: CmdSummary, Limit: 4, Handle: (*Router).summary},
		{Name: CmdSource, Handle: (*Router).source},
		{Name: CmdArticle, Arg: &Arg{Name: "id", Complete: true}, Page: 8, Limit: 20, Library: true, Link: true, Handle: (*Router).pick},
		{Name: CmdHelp, Aliases: []string{"start"}, Handle: (*Router).help},
	}
}

// OptURL is the option of a Link command that takes the link, where a
// platform names options.
const OptURL = "url"

func findCommand(cmds []Command, name string) (Command, bool) {
	for _, c := range cmds {
		if c.Name == name || slices.Contains(c.Aliases, name) {
			return c, true
		}
	}
	return Command{}, false
}

// A Message is a chat message read as a request.
type Message struct {
	Request
	Slash bool // it starts with a command: "/ask"
	Named bool // the command names this bot: "/ask@kutipbot"
}

// Parse reads a chat message as a request: "/quote Aliyev", "/ask@kutipbot
// berapa korban?", or, without a command, a question for /ask. botName is
// the bot's user name, so that "/ask@otherbot" is not taken for ours: ok is
// false then.
func Parse(text, botName string) (m Message, ok bool) {
	text = strings.TrimSpace(text)
	if !strings.HasPrefix(text, "/") {
		return Message{Request: Request{Command: CmdAsk, Args: text}}, true
	}
	word, rest := text[1:], ""
	if i := strings.IndexFunc(word, unicode.IsSpace); i >= 0 { // "/ask question", "/ask\nquestion"
		word, rest = word[:i], strings.TrimSpace(word[i:])
	}
	cmd, target, _ := strings.Cut(word, "@")
	if target != "" && botName != "" && !strings.EqualFold(target, botName) {
		return Message{}, false
	}
	return Message{Request: Request{Command: strings.ToLower(cmd), Args: rest}, Slash: true, Named: target != ""}, true
}

// Guess returns the language a message seems to be written in, for the
// platforms that do not say the user's: "id" or "en".
func Guess(text string) string { return lang.Detect(text, lang.Builtin()).Code }
