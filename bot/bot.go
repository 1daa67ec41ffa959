// Package bot is what every chat front end shares: requests and replies, the
// command table and the router that answers them, the catalog of the bot's
// own words, one renderer for every platform's markup, the middleware every
// adapter puts around the router, and per-chat state. Platform adapters (the
// terminal, bot/telegram, bot/discord) only translate.
package bot

import (
	"context"
	"log/slog"

	"github.com/kutip/kutip/qa"
)

// A Request is one thing a user asked, whatever the platform.
type Request struct {
	Platform string // "telegram", "discord", "terminal", "cli": for logs
	Command  string // a command's name; "" gets help
	Args     string // the text after the command: the question, the speaker
	Lang     string // the user's language code ("en-US", "id"); "": the article's
	Chat     string // platform-qualified chat key ("telegram:42"), for per-chat state
	Article  string // ask this article, whatever the chat picked; "": the chat's
	Offset   int    // results to skip: the "more" button
	Limit    int    // results wanted; 0: the command's default
	Explain  bool   // fill in Quote.Explain and Quote.Factors
	User     string // platform-qualified user key ("telegram:7"), for per-user limits; "": Chat
	Group    bool   // the chat is a group or a server's channel: links.allow applies
	Admin    bool   // the user administers the group, as far as the adapter can tell
	Inline   bool   // asked as it is typed (Telegram's inline mode): a link in it is not fetched

	picked string        // the article Chat picked, read once by the router's Handle
	asked  string        // Lang as the adapter gave it, before the router resolved it
	lib    *libraryCache // the library's articles, listed at most once a request
}

// A Reply is what the router answers, for an adapter to render.
type Reply struct {
	Kind      Kind
	Lang      string   // the language of the bot's words in it: a catalog language
	Outcome   Outcome  // for logs and metrics
	Text      string   // the bot's own words, plain text; in a reply with quotes, what comes before them
	Question  string   // the question as asked, for an answer
	Article   *Article // where the quotes come from
	Quotes    []Quote  // verbatim, best first
	Abstained bool     // the article does not say; Closest may hold the nearest sentence
	Closest   *Quote
	Matched   int          // how many sentences matched the question; for an article list, how many articles it has in all
	More      bool         // further quotes can be had with Offset+len(Quotes)
	Offset    int          // the Offset of the request
	Rewrites  []qa.Rewrite // how the question was read, when the request asked to Explain
	Fetch     string       // a link's fetch: "ok", or why not as the "fetch.*" keys say ("too_big"); "": none
	Picks     []Pick       // an article list's choices, in order
	// Library is how many articles the library holds, when the reply
	// searched all of them or says whether the chat asks one or all: an
	// answer asked of the whole library, a source.
	Library int
}

// Kind says what a reply holds.
type Kind uint8

// The kinds of reply.
const (
	KindText     Kind = iota // only Text
	KindAnswer               // quotes answering a question, or an abstention
	KindQuotes               // the article's quotations
	KindSummary              // key sentences
	KindSource               // the article's title, link and source; or that the chat asks the whole library
	KindArticles             // Text, then Picks to choose an article from
)

// Outcome says how a request went.
type Outcome string

// The outcomes.
const (
	Answered  Outcome = "answered"  // the reply holds what was asked for
	Abstained Outcome = "abstained" // the article does not say
	Refused   Outcome = "refused"   // the request could not be taken: empty, unknown, not text
	Failed    Outcome = "error"     // kutip failed; the user got an apology
)

// Article describes an article in a reply.
type Article struct {
	ID, Title, URL, Source, Published string
	Language                          string // the language it is written in
}

// A Quote is one verbatim sentence or quotation of an article.
type Quote struct {
	Text       string // verbatim: white space as in the article
	Highlights []Span // byte ranges of Text to show in bold, in order
	Cuts       []int  // byte offsets in Text where a shortened quote may end
	Article    string
	Paragraph  int // from 0
	Sentence   int // from 0
	Speaker    string
	Role       string
	Link       string   // the quote on its article's page: the address and a text fragment (#:~:text=…); "": none
	From       *Article // the article it comes from, when the reply quotes several; nil: the reply's Article
	Score      float64
	Explain    []qa.TermPart // what each question term added, when asked for
	Factors    []qa.Factor   // how Score was built, when asked for
}

// A Span is a byte range [Start, End).
type Span struct{ Start, End int }

// A Handler answers a request.
type Handler interface {
	Handle(ctx context.Context, req Request) (Reply, error)
}

// HandlerFunc makes a function a Handler.
type HandlerFunc func(ctx context.Context, req Request) (Reply, error)

// Handle calls f.
func (f HandlerFunc) Handle(ctx context.Context, req Request) (Reply, error) { return f(ctx, req) }

// A Service is everything a platform adapter needs of kutip. Adapters are
// built from one without any I/O and run with Run(ctx).
type Service struct {
	Handler  Handler   // answers requests; adapters put Guard around it
	Commands []Command // what the platform offers, in menu order
	Catalog  *Catalog  // the bot's own words
	// Complete suggests a command's argument as the user types it; nil
	// suggests nothing.
	Complete func(ctx context.Context, chat, command, typed string) []Choice
	// Meter counts requests, API calls, retries and updates in flight; nil
	// counts nothing.
	Meter Meter
	// Voting puts 👍/👎 buttons under answers and records the votes; nil:
	// no buttons.
	Voting *Voting
}

// Command returns the service's command of that name or alias.
func (s Service) Command(name string) (Command, bool) { return findCommand(s.Commands, name) }

// Guarded returns the service's handler with Guard around it, and Measure
// around that when the service has a Meter.
func (s Service) Guarded(log *slog.Logger) Handler {
	h := Guard(log, s.Catalog, s.Handler)
	if s.Meter != nil {
		h = Measure(s.Meter, s.Commands, h)
	}
	return h
}

// A Secret is a token or a key: logs and fmt show REDACTED; string(s) only
// where a client needs it.
type Secret string

// String hides the secret.
func (Secret) String() string { return "REDACTED" }

// GoString hides the secret from %#v.
func (Secret) GoString() string { return "REDACTED" }

// LogValue hides the secret from slog.
func (Secret) LogValue() slog.Value { return slog.StringValue("REDACTED") }

// MarshalText hides the secret from encoders.
func (Secret) MarshalText() ([]byte, error) { return []byte("REDACTED"), nil }
