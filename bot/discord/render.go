package discord

import (
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/kutip/kutip/bot"
	"github.com/kutip/kutip/corpus"
	"github.com/kutip/kutip/qa"
)

// Discord's limits, in characters as bot.TextLen counts them, and kutip's.
const (
	maxContent     = 2000 // a message's content
	maxDescription = 4096 // an embed's description
	maxEmbed       = 6000 // all the text of an embed
	maxTitle       = 256
	maxAuthor      = 256
	maxFooter      = 2048
	maxCustomID    = 100
	maxQuestion    = qa.MaxQuestionLen
	quotesPage     = 5 // quotations a message shows; answers come three at a time
	embedColor     = 0x2F6FDE
)

// A message is a reply rendered for Discord: text, or an embed, and perhaps
// a "more" button.
type message struct {
	content    string
	embed      *discordgo.MessageEmbed
	components []discordgo.MessageComponent
}

// noMentions lets no mention in a message ping anyone: not @everyone, not a
// user or a role a quote names.
func noMentions() *discordgo.MessageAllowedMentions {
	return &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}
}

func (m message) embeds() []*discordgo.MessageEmbed {
	if m.embed == nil {
		return []*discordgo.MessageEmbed{}
	}
	return []*discordgo.MessageEmbed{m.embed}
}

func (m message) parts() []discordgo.MessageComponent {
	if m.components == nil {
		return []discordgo.MessageComponent{}
	}
	return m.components
}

// response is m as an interaction's response.
func (m message) response(flags discordgo.MessageFlags) *discordgo.InteractionResponseData {
	return &discordgo.InteractionResponseData{
		Content: m.content, Embeds: m.embeds(), Components: m.parts(), AllowedMentions: noMentions(), Flags: flags,
	}
}

// edit is m as the edit of a deferred response.
func (m message) edit() *discordgo.WebhookEdit {
	content, embeds, parts := m.content, m.embeds(), m.parts()
	return &discordgo.WebhookEdit{Content: &content, Embeds: &embeds, Components: &parts, AllowedMentions: noMentions()}
}

// followup is m as an interaction's follow-up message.
func (m message) followup(flags discordgo.MessageFlags) *discordgo.WebhookParams {
	return &discordgo.WebhookParams{
		Content: m.content, Embeds: m.embeds(), Components: m.parts(), AllowedMentions: noMentions(), Flags: flags,
	}
}

// send is m as a reply to a channel message.
func (m message) send(to *discordgo.Message) *discordgo.MessageSend {
	no := false
	return &discordgo.MessageSend{
		Content: m.content, Embeds: m.embeds(), Components: m.parts(), AllowedMentions: noMentions(),
		Reference: &discordgo.MessageReference{MessageID: to.ID, ChannelID: to.ChannelID, GuildID: to.GuildID, FailIfNotExists: &no},
	}
}

func textMessage(s string) message { return message{content: cutLines(escape(s), maxContent)} }

// view renders a reply as one message within Discord's limits. req is the
// request the reply answers, for the "more" button.
func (b *Bot) view(rep bot.Reply, req bot.Request) message {
	lang := bot.Lang(req.Lang)
	switch rep.Kind {
	case bot.KindText:
		return textMessage(rep.Text)
	case bot.KindSource:
		return message{embed: sourceEmbed(rep.Article, lang)}
	}
	e := articleEmbed(rep.Article)
	if rep.Kind == bot.KindAnswer {
		if q := strings.TrimSpace(rep.Question); q != "" {
			e.Author = &discordgo.MessageEmbedAuthor{Name: bot.CutText(q, maxAuthor)}
		}
		e.Footer = &discordgo.MessageEmbedFooter{Text: bot.MatchedText(lang, rep.Matched)}
		if rep.Abstained {
			e.Description = abstention(rep, lang, budget(e))
			return message{embed: e}
		}
	} else if line := sourceLine(rep.Article); line != "" {
		e.Footer = &discordgo.MessageEmbedFooter{Text: bot.CutText(line, maxFooter)}
	}
	desc, shown := fit(rep, lang, budget(e))
	e.Description = desc
	m := message{embed: e}
	if (shown < len(rep.Quotes) || rep.More) && pages(req.Command) {
		m.components = []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			discordgo.Button{Label: wordMore.in(lang), Style: discordgo.SecondaryButton, CustomID: b.moreID(req.Command, req.Args, rep.Offset+shown)},
		}}}
	}
	return m
}

// budget is what an embed's description may hold, beside its other text.
func budget(e *discordgo.MessageEmbed) int {
	used := bot.TextLen(e.Title)
	if e.Author != nil {
		used += bot.TextLen(e.Author.Name)
	}
	if e.Footer != nil {
		used += bot.TextLen(e.Footer.Text)
	}
	return min(maxDescription, maxEmbed-used)
}

// articleEmbed starts an embed with the article's title, linking to it.
func articleEmbed(a *bot.Article) *discordgo.MessageEmbed {
	e := &discordgo.MessageEmbed{Type: discordgo.EmbedTypeRich, Color: embedColor}
	if a == nil {
		return e
	}
	e.Title = bot.CutText(escape(a.Title), maxTitle)
	if bot.WebURL(a.URL) {
		e.URL = a.URL // Discord refuses the whole message for a malformed URL
	}
	return e
}

func sourceEmbed(a *bot.Article, lang string) *discordgo.MessageEmbed {
	e := articleEmbed(a)
	if a == nil {
		return e
	}
	var lines []string
	if a.Source != "" {
		lines = append(lines, "**"+escape(bot.SourceText(lang))+":** "+escape(a.Source))
	}
	if a.Published != "" {
		lines = append(lines, escape(a.Published))
	}
	e.Description = bot.CutText(strings.Join(lines, "\n"), maxDescription)
	return e
}

// sourceLine names where an article comes from, for a footer, which shows
// text as it is.
func sourceLine(a *bot.Article) string {
	if a == nil {
		return ""
	}
	var parts []string
	for _, p := range []string{a.Source, a.Published} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, " · ")
}

// markdown renders a quote with its matched words in bold, everything else
// escaped.
func markdown(q bot.Quote) string {
	return bot.Style{Bold: func(s string) string { return "**" + s + "**" }, Escape: escape}.Render(q)
}

// block renders the n-th quote of a reply: its text, who said it, where it stands.
func block(n int, q bot.Quote, lang string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "**%d.** %s", n, bot.Quoted(markdown(q)))
	if q.Speaker != "" {
		b.WriteString("\n— " + escape(bot.SpeakerLine(q)))
	}
	b.WriteString("\n*" + escape(bot.Where(lang, q)) + "*")
	return b.String()
}

// fit renders as many of a reply's quotes as budget holds, whole; when not
// even the first does, the first cut short. It returns how many it rendered.
func fit(rep bot.Reply, lang string, budget int) (string, int) {
	var desc string
	for i, q := range rep.Quotes {
		n := rep.Offset + i + 1
		next := block(n, q, lang)
		if desc != "" {
			next = desc + "\n\n" + next
		}
		if bot.TextLen(next) > budget {
			if i == 0 {
				return shorten(q, func(q bot.Quote) string { return block(n, q, lang) }, budget), 1
			}
			return desc, i
		}
		desc = next
	}
	return desc, len(rep.Quotes)
}

func abstention(rep bot.Reply, lang string, budget int) string {
	s := "**" + escape(bot.NoAnswerText(lang)) + "**"
	if rep.Closest == nil {
		return s
	}
	head := s + "\n\n" + escape(bot.ClosestText(lang)) + " (" + escape(bot.Where(lang, *rep.Closest)) + "):\n"
	render := func(q bot.Quote) string { return head + bot.Quoted(markdown(q)) }
	if full := render(*rep.Closest); bot.TextLen(full) <= budget {
		return full
	}
	return shorten(*rep.Closest, render, budget)
}

// shorten renders q, as render does, cut so that it fits budget: after the
// last of its sentences that fits, or, when not even its first sentence
// does, after the last word that fits.
func shorten(q bot.Quote, render func(bot.Quote) string, budget int) string {
	cut := func(end int) (string, bool) {
		c := q
		c.Text = strings.TrimRightFunc(q.Text[:end], unicode.IsSpace) + " …"
		c.Highlights = nil
		for _, h := range q.Highlights {
			if h.End <= end {
				c.Highlights = append(c.Highlights, h)
			}
		}
		s := render(c)
		return s, bot.TextLen(s) <= budget
	}
	ends := sentenceEnds(q.Text)
	for k := len(ends) - 2; k >= 0; k-- { // the last end is the whole quote, which does not fit
		if s, ok := cut(ends[k]); ok {
			return s
		}
	}
	// The longest run of whole words that fits: more words never fit better.
	var spaces []int
	for i, r := range q.Text {
		if unicode.IsSpace(r) && i > 0 {
			spaces = append(spaces, i)
		}
	}
	best, _ := cut(0)
	lo, hi := 0, len(spaces)-1
	for lo <= hi {
		mid := (lo + hi) / 2
		if s, ok := cut(spaces[mid]); ok {
			best, lo = s, mid+1
		} else {
			hi = mid - 1
		}
	}
	return bot.CutText(best, budget) // only a quote with no room at all is cut here
}

// sentenceEnds returns the byte offsets at which the sentences of s end.
func sentenceEnds(s string) []int {
	var ends []int
	at := 0
	for _, sent := range corpus.SplitSentences(s) {
		i := strings.Index(s[at:], sent)
		if i < 0 {
			break
		}
		at += i + len(sent)
		ends = append(ends, at)
	}
	return ends
}

// cutLines cuts s to at most n characters at a line break, or anywhere
// when its first line is longer.
func cutLines(s string, n int) string {
	if bot.TextLen(s) <= n {
		return s
	}
	cut := bot.CutText(s, n)
	if i := strings.LastIndexByte(cut, '\n'); i > 0 {
		return s[:i] + "\n…"
	}
	return cut
}

// Characters escaped wherever they stand, and at the start of a line.
const (
	inlineMarks = "\\*_~`|<>@[]"
	lineMarks   = "#-+"
)

// escape makes s show as written in Discord's markdown. A backslash goes
// before every character that could start formatting, a mention, a custom
// emoji or a masked link, and before what starts a heading, a list or a
// block quote at the start of a line; Discord shows an escaped character as
// it is. @everyone stays text, and allowed_mentions keeps it from pinging.
func escape(s string) string {
	var b strings.Builder
	b.Grow(len(s) + len(s)/8)
	lineStart := true
	for i := 0; i < len(s); {
		r, w := utf8.DecodeRuneInString(s[i:])
		switch {
		case strings.ContainsRune(inlineMarks, r), lineStart && strings.ContainsRune(lineMarks, r):
			b.WriteByte('\\')
		case lineStart && '0' <= r && r <= '9':
			// "1. " starts a numbered list: escape its dot.
			j := i
			for j < len(s) && '0' <= s[j] && s[j] <= '9' {
				j++
			}
			b.WriteString(s[i:j])
			if j < len(s) && s[j] == '.' {
				b.WriteString(`\.`)
				j++
			}
			i, lineStart = j, false
			continue
		}
		b.WriteString(s[i : i+w])
		i += w
		if r == '\n' {
			lineStart = true
		} else if !unicode.IsSpace(r) {
			lineStart = false
		}
	}
	return b.String()
}

// moreID is the custom_id of a "more" button: where the next page starts,
// the command and its argument. An argument too long for Discord's 100
// characters is kept by the adapter and named by its hash.
func (b *Bot) moreID(cmd, arg string, offset int) string {
	id := "more:" + strconv.Itoa(offset) + ":" + cmd + ":" + arg
	if bot.TextLen(id) <= maxCustomID {
		return id
	}
	return "more:" + strconv.Itoa(offset) + ":" + cmd + "#" + b.args.put(arg)
}

// maxOffset bounds the offset a custom_id may ask for.
const maxOffset = 100000

// parseMoreID reads a custom_id made by moreID: arg is the argument, or key
// names the argument the adapter keeps.
func parseMoreID(id string) (offset int, cmd, arg, key string, ok bool) {
	rest, found := strings.CutPrefix(id, "more:")
	if !found {
		return 0, "", "", "", false
	}
	num, rest, found := strings.Cut(rest, ":")
	offset, err := strconv.Atoi(num)
	if !found || err != nil || offset < 0 || offset > maxOffset || num != strconv.Itoa(offset) {
		return 0, "", "", "", false
	}
	if cmd, arg, found := strings.Cut(rest, ":"); found {
		return offset, cmd, arg, "", pages(cmd)
	}
	if cmd, key, found := strings.Cut(rest, "#"); found && key != "" {
		return offset, cmd, "", key, pages(cmd)
	}
	return 0, "", "", "", false
}

// pages reports whether a command's replies come in pages.
func pages(cmd string) bool {
	return cmd == bot.CmdAsk || cmd == bot.CmdQuotes || cmd == bot.CmdQuote
}

// maxKept is how many long arguments the adapter keeps for "more" buttons.
const maxKept = 4096

// argStore keeps the arguments too long for a custom_id, the newest maxKept
// of them, by their hash. A button whose argument was dropped, or kept by a
// previous run, asks the user to ask again.
type argStore struct {
	mu    sync.Mutex
	args  map[string]string
	order []string
}

func (s *argStore) put(arg string) string {
	sum := sha256.Sum256([]byte(arg))
	key := base64.RawURLEncoding.EncodeToString(sum[:12])
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.args == nil {
		s.args = map[string]string{}
	}
	if _, ok := s.args[key]; !ok {
		s.args[key] = arg
		s.order = append(s.order, key)
		if len(s.order) > maxKept {
			delete(s.args, s.order[0])
			s.order = s.order[1:]
		}
	}
	return key
}

func (s *argStore) get(key string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	arg, ok := s.args[key]
	return arg, ok
}
