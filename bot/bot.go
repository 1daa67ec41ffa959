// Package bot is what every chat front end shares: requests and replies, the
// command router, middleware and per-chat state. Platform adapters (the
// terminal, bot/telegram, bot/discord) only translate.
package bot

import (
	"context"
	"fmt"
	"log/slog"
	"runtime/debug"
	"strings"
	"unicode"

	"github.com/kutip/kutip/qa"
)

// The commands the router knows.
const (
	CmdAsk     = "ask"
	CmdQuotes  = "quotes"
	CmdQuote   = "quote"
	CmdSummary = "summary"
	CmdSource  = "source"
	CmdHelp    = "help"
	CmdStart   = "start"
	CmdArticle = "article"
)

// A Request is one thing a user asked, whatever the platform.
type Request struct {
	Command string // one of the Cmd constants; "" or unknown ones get help
	Args    string // the text after the command: the question, the speaker
	Lang    string // the user's language for the bot's own words: "id" (default) or "en"
	Chat    string // platform-qualified chat key ("telegram:42"), for per-chat state
	Offset  int    // results to skip: the "more" button
	Limit   int    // results wanted; 0 means 3
}

// A Reply is what the router answers, for an adapter to render.
type Reply struct {
	Kind      Kind
	Text      string   // the bot's own words, plain text in the user's language
	Question  string   // the question as asked, for an answer
	Article   *Article // where the quotes come from
	Quotes    []Quote  // verbatim, best first
	Abstained bool     // the article does not say; Closest may hold the nearest sentence
	Closest   *Quote
	Matched   int  // how many sentences matched the question
	More      bool // further quotes can be had with Offset+len(Quotes)
	Offset    int  // the Offset of the request
}

// Kind says what a reply holds.
type Kind uint8

// The kinds of reply.
const (
	KindText    Kind = iota // only Text
	KindAnswer              // quotes answering a question, or an abstention
	KindQuotes              // the article's quotations
	KindSummary             // key sentences
	KindSource              // the article's title, link and source
)

// Article describes an article in a reply.
type Article struct {
	ID, Title, URL, Source, Published string
}

// A Quote is one verbatim sentence or quotation of an article.
type Quote struct {
	Text       string
	Highlights []qa.Span // byte ranges of Text to show in bold
	Article    string
	Paragraph  int // from 0
	Sentence   int // from 0
	Speaker    string
	Role       string
	Score      float64
}

// A Handler answers a request.
type Handler interface {
	Handle(ctx context.Context, req Request) (Reply, error)
}

// HandlerFunc makes a function a Handler.
type HandlerFunc func(ctx context.Context, req Request) (Reply, error)

// Handle calls f.
func (f HandlerFunc) Handle(ctx context.Context, req Request) (Reply, error) { return f(ctx, req) }

// Recover turns a panic in next into an apology to the user and a log line
// with the stack, so one bad request cannot take the bot down.
func Recover(log *slog.Logger, next Handler) Handler {
	return HandlerFunc(func(ctx context.Context, req Request) (rep Reply, err error) {
		defer func() {
			if v := recover(); v != nil {
				log.Error("panic in handler", "command", req.Command, "chat", req.Chat, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
				rep, err = Reply{Kind: KindText, Text: T(req.Lang, msgPanic)}, nil
			}
		}()
		return next.Handle(ctx, req)
	})
}

// Parse reads a chat message as a request: "/quote Aliyev", "/ask@kutipbot
// berapa korban?", or, without a command, a question. bot is the bot's user
// name, so that "/ask@otherbot" is not taken for ours; ok is false then.
func Parse(text, bot string) (req Request, ok bool) {
	text = strings.TrimSpace(text)
	if !strings.HasPrefix(text, "/") {
		return Request{Command: CmdAsk, Args: text}, true
	}
	word, rest := text[1:], ""
	if i := strings.IndexFunc(word, unicode.IsSpace); i >= 0 { // "/ask question", "/ask\nquestion"
		word, rest = word[:i], strings.TrimSpace(word[i:])
	}
	cmd, target, _ := strings.Cut(word, "@")
	if target != "" && bot != "" && !strings.EqualFold(target, bot) {
		return Request{}, false
	}
	return Request{Command: strings.ToLower(cmd), Args: strings.TrimSpace(rest)}, true
}
