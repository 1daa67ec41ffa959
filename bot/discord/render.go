package discord

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/kutip/kutip/bot"
)

// Discord's limits, in characters as bot.TextLen counts them.
const (
	maxContent     = 2000 // a message's content
	maxDescription = 4096 // an embed's description
	maxEmbed       = 6000 // all the text of an embed
	maxTitle       = 256
	maxAuthor      = 256
	maxFooter      = 2048
	maxCustomID    = 100
	embedColor     = 0x2F6FDE
)

// markup is Discord's markdown, for bot.Renderer: everything escaped,
// matched words in bold, asides in italics, quotes numbered in bold.
func markup() bot.Markup {
	return bot.Markup{
		Escape:    escape,
		Bold:      func(s string) string { return wrap("**", s) },
		Italic:    func(s string) string { return wrap("*", s) },
		Link:      link,
		QuoteLink: link,
		Number: func(n int) string {
			if n == 0 {
				return ""
			}
			return "**" + strconv.Itoa(n) + ".** "
		},
		Buttons: true, // an article list is a select menu
	}
}

// wrap puts mark on both sides of s, outside the white space at its ends,
// which would keep Discord from reading the mark.
func wrap(mark, s string) string {
	core := strings.TrimSpace(s)
	if core == "" {
		return s
	}
	i := strings.Index(s, core)
	return s[:i] + mark + core + mark + s[i+len(core):]
}

// link is a masked link; its text is escaped already, and what in its
// address could end the link early is percent-encoded.
func link(text, url string) string {
	return "[" + text + "](" + strings.NewReplacer("(", "%28", ")", "%29", " ", "%20", "<", "%3C", ">", "%3E").Replace(url) + ")"
}

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

// view renders a reply as one message within Discord's limits: the bot's
// words as content; quotes in an embed whose title is the article, whose
// author is the question and whose footer says how many sentences matched,
// or names the source. req is the request the reply answers, for the
// "more" button.
func (b *Bot) view(ctx context.Context, rep bot.Reply, req bot.Request) message {
	out := b.render.Render(rep)
	switch rep.Kind {
	case bot.KindText:
		return message{content: cutLines(out.String(), maxContent)}
	case bot.KindArticles:
		return message{content: cutLines(out.String(), maxContent), components: b.picks(rep)}
	case bot.KindSource:
		e := articleEmbed(rep.Article)
		e.Description = bot.CutText(out.Source, maxDescription)
		return message{embed: e}
	}
	e := articleEmbed(rep.Article)
	if rep.Kind == bot.KindAnswer {
		if q := strings.TrimSpace(rep.Question); q != "" {
			e.Author = &discordgo.MessageEmbedAuthor{Name: bot.CutText(q, maxAuthor)}
		}
		e.Footer = &discordgo.MessageEmbedFooter{Text: b.svc.Catalog.N(rep.Lang, "answer.matched", rep.Matched)}
	} else if rep.Article != nil {
		// A footer shows text as it is: no markup, nothing to escape.
		plain := bot.Renderer{Catalog: b.svc.Catalog}
		e.Footer = &discordgo.MessageEmbedFooter{Text: bot.CutText(plain.SourceLine(rep.Article, rep.Lang), maxFooter)}
	}
	desc, shown := fit(b.blocks(rep, out), budget(e))
	if unlinked, ok := withoutLinks(rep); ok && desc != strings.Join(out.Blocks, "\n\n") {
		// The quotes matter more than their links: when the links push a
		// quote out, or cut one, the reply goes without them.
		rep, out = unlinked, b.render.Render(unlinked)
		desc, shown = fit(b.blocks(rep, out), budget(e))
	}
	e.Description = desc
	m := message{embed: e, content: cutLines(out.Head, maxContent)} // the head: an article just added
	if (shown < len(rep.Quotes) || rep.More) && b.pages(req.Command) {
		id, err := b.moreID(ctx, page{cmd: req.Command, arg: req.Args, offset: rep.Offset + shown})
		if err != nil {
			b.log.Warn("keep a button's argument: the reply goes without its more button", "chat_id", req.Chat, "err", err)
			return m
		}
		m.components = []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			discordgo.Button{Label: b.svc.Catalog.T(rep.Lang, "answer.more"), Style: discordgo.SecondaryButton, CustomID: id},
		}}}
	}
	return m
}

// pickMenu is the custom_id of an article list's select menu; each
// option's value is the data of its pick's button.
const pickMenu = "articles"

// Discord's limits on a select menu, in characters.
const (
	maxOptions     = 25
	maxOptionText  = 100
	maxPlaceholder = 150
)

// picks is an article list as components: a select menu of its picks, the
// chat's current one the default, and a row of buttons to page the list.
func (b *Bot) picks(rep bot.Reply) []discordgo.MessageComponent {
	var out []discordgo.MessageComponent
	menu := discordgo.SelectMenu{
		MenuType: discordgo.StringSelectMenu, CustomID: pickMenu,
		Placeholder: bot.CutText(b.svc.Catalog.T(rep.Lang, "article.placeholder"), maxPlaceholder),
	}
	for _, p := range rep.Picks[:min(len(rep.Picks), maxOptions)] {
		menu.Options = append(menu.Options, discordgo.SelectMenuOption{
			Label: bot.CutText(p.Label, maxOptionText), Value: bot.PickButton(p),
			Description: bot.CutText(p.Detail, maxOptionText), Default: p.Current,
		})
	}
	if len(menu.Options) > 0 {
		out = append(out, discordgo.ActionsRow{Components: []discordgo.MessageComponent{menu}})
	}
	var paging []discordgo.MessageComponent
	if rep.Offset > 0 {
		paging = append(paging, discordgo.Button{Label: b.svc.Catalog.T(rep.Lang, "article.prev"), Style: discordgo.SecondaryButton,
			CustomID: bot.PageButton(max(rep.Offset-b.picksPage(), 0))})
	}
	if rep.More {
		paging = append(paging, discordgo.Button{Label: b.svc.Catalog.T(rep.Lang, "article.next"), Style: discordgo.SecondaryButton,
			CustomID: bot.PageButton(rep.Offset + b.picksPage())})
	}
	if len(paging) > 0 {
		out = append(out, discordgo.ActionsRow{Components: paging})
	}
	return out
}

// picksPage is how many articles a page of /article's list holds: the
// command's page, within a select menu's options.
func (b *Bot) picksPage() int {
	c, _ := b.svc.Command(bot.CmdArticle)
	return min(max(c.Page, 1), maxOptions-1)
}

// withVotes puts the 👍 and 👎 buttons of the ballot key before the
// buttons of a message's one row, or in a row of their own.
func withVotes(key string, components []discordgo.MessageComponent) []discordgo.MessageComponent {
	buttons := []discordgo.MessageComponent{
		discordgo.Button{Label: "👍", Style: discordgo.SecondaryButton, CustomID: bot.VoteButton(key, true)},
		discordgo.Button{Label: "👎", Style: discordgo.SecondaryButton, CustomID: bot.VoteButton(key, false)},
	}
	if len(components) > 0 {
		if row, ok := components[0].(discordgo.ActionsRow); ok {
			buttons = append(buttons, row.Components...)
		}
	}
	return []discordgo.MessageComponent{discordgo.ActionsRow{Components: buttons}}
}

// votesOf returns the feedback buttons among a message's components.
func votesOf(components []discordgo.MessageComponent) []discordgo.MessageComponent {
	var out []discordgo.MessageComponent
	for _, c := range components {
		var inner []discordgo.MessageComponent
		switch row := c.(type) {
		case *discordgo.ActionsRow:
			inner = row.Components
		case discordgo.ActionsRow:
			inner = row.Components
		}
		for _, c := range inner {
			var id string
			switch button := c.(type) {
			case *discordgo.Button:
				id = button.CustomID
			case discordgo.Button:
				id = button.CustomID
			}
			if _, _, ok := bot.ParseVoteButton(id); ok {
				out = append(out, c)
			}
		}
	}
	return out
}

// withoutLinks is rep with its quotes' links taken out; ok is false when
// it had none.
func withoutLinks(rep bot.Reply) (bot.Reply, bool) {
	ok := false
	quotes := slices.Clone(rep.Quotes)
	for i := range quotes {
		ok = ok || quotes[i].Link != ""
		quotes[i].Link = ""
	}
	rep.Quotes = quotes
	if rep.Closest != nil {
		c := *rep.Closest
		ok = ok || c.Link != ""
		c.Link = ""
		rep.Closest = &c
	}
	return rep, ok
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

// A block is one of the rendered blocks of a reply's body. One that renders
// a quote can render it again, cut short.
type block struct {
	text   string
	quote  *bot.Quote
	render func(bot.Quote) string
}

// blocks pairs the blocks the renderer made of rep with the quotes they
// render: one a quote, or, for an abstention, the bot's words and the
// closest sentence.
func (b *Bot) blocks(rep bot.Reply, out bot.Rendered) []block {
	r, lang := b.render, rep.Lang
	blocks := make([]block, len(out.Blocks))
	for i, s := range out.Blocks {
		blocks[i].text = s
	}
	switch {
	case rep.Kind == bot.KindAnswer && rep.Abstained:
		if rep.Closest != nil && len(blocks) == 2 {
			blocks[1].quote = rep.Closest
			blocks[1].render = func(q bot.Quote) string { return r.Closest(q, lang) }
		}
	case len(blocks) == len(rep.Quotes):
		for i := range blocks {
			n := rep.Offset + i + 1
			blocks[i].quote = &rep.Quotes[i]
			blocks[i].render = func(q bot.Quote) string { return r.Quote(n, q, lang) }
		}
	}
	return blocks
}

// fit joins as many blocks as budget holds, whole, a blank line between
// them; when not even the first quote does, it is cut short. It returns the
// text and how many quotes it holds.
func fit(blocks []block, budget int) (string, int) {
	var desc string
	shown := 0
	for _, bl := range blocks {
		sep := ""
		if desc != "" {
			sep = "\n\n"
		}
		if bot.TextLen(desc+sep+bl.text) <= budget {
			desc += sep + bl.text
			if bl.quote != nil {
				shown++
			}
			continue
		}
		room := budget - bot.TextLen(desc+sep)
		switch {
		case bl.quote != nil && shown == 0:
			desc += sep + shorten(*bl.quote, bl.render, room)
			shown++
		case desc == "":
			desc = cutLines(bl.text, budget)
		}
		break
	}
	return desc, shown
}

// shorten renders q, as render does, cut so that it fits budget: at the
// last of its cuts (sentence ends) that fits, or, when none does, after the
// last word that fits.
func shorten(q bot.Quote, render func(bot.Quote) string, budget int) string {
	cut := func(end int) (string, bool) {
		c := q
		c.Text = strings.TrimRightFunc(q.Text[:end], unicode.IsSpace) + " …"
		c.Highlights, c.Cuts = nil, nil
		for _, h := range q.Highlights {
			if h.End <= end {
				c.Highlights = append(c.Highlights, h)
			}
		}
		s := render(c)
		return s, bot.TextLen(s) <= budget
	}
	cuts := slices.Clone(q.Cuts)
	slices.Sort(cuts)
	for _, end := range slices.Backward(slices.Compact(cuts)) {
		if end <= 0 || end >= len(q.Text) || !utf8.RuneStart(q.Text[end]) {
			continue // not within the quote: a bad cut is skipped
		}
		if s, ok := cut(end); ok {
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

// A page is what a "more" button asks for: a command's results from offset.
type page struct {
	cmd, arg string
	offset   int
}

// moreID is the custom_id of a "more" button: where the next page starts,
// the command and its argument. An argument too long for Discord's 100
// characters is kept in the adapter's Buttons and named by its hash.
func (b *Bot) moreID(ctx context.Context, p page) (string, error) {
	id := "more:" + strconv.Itoa(p.offset) + ":" + p.cmd + ":" + p.arg
	if bot.TextLen(id) <= maxCustomID {
		return id, nil
	}
	sum := sha256.Sum256([]byte(p.arg))
	key := base64.RawURLEncoding.EncodeToString(sum[:12])
	if err := b.buttons.Put(ctx, key, p.arg); err != nil {
		return "", err
	}
	return "more:" + strconv.Itoa(p.offset) + ":" + p.cmd + "#" + key, nil
}

// maxOffset bounds the offset a custom_id may ask for.
const maxOffset = 100000

// parseMoreID reads a custom_id made by moreID, for a command that pages.
// ok is false for anything else, and for an argument the adapter no longer
// keeps: the button has expired.
func (b *Bot) parseMoreID(ctx context.Context, id string) (p page, ok bool, err error) {
	rest, found := strings.CutPrefix(id, "more:")
	if !found {
		return page{}, false, nil
	}
	num, rest, found := strings.Cut(rest, ":")
	offset, err := strconv.Atoi(num)
	if !found || err != nil || offset < 0 || offset > maxOffset || num != strconv.Itoa(offset) {
		return page{}, false, nil
	}
	p.offset = offset
	if cmd, arg, found := strings.Cut(rest, ":"); found {
		p.cmd, p.arg = cmd, arg
	} else if cmd, key, found := strings.Cut(rest, "#"); found && key != "" {
		p.cmd = cmd
		if !b.pages(cmd) {
			return page{}, false, nil
		}
		if p.arg, ok, err = b.buttons.Get(ctx, key); !ok || err != nil {
			return page{}, false, err
		}
	} else {
		return page{}, false, nil
	}
	return p, b.pages(p.cmd), nil
}

// Buttons keeps the arguments of "more" buttons too long for a custom_id,
// by a key the adapter makes of them: in memory by default (the newest
// 4096, so that a button from before a restart has expired), or in a store
// that the processes of a sharded bot share (the state package's), where a
// button works whichever shard its click comes to.
type Buttons interface {
	Put(ctx context.Context, key, arg string) error
	Get(ctx context.Context, key string) (arg string, ok bool, err error)
}

// maxKept is how many long arguments the adapter keeps in memory.
const maxKept = 4096

// memButtons keeps the newest maxKept arguments in memory.
type memButtons struct {
	mu    sync.Mutex
	args  map[string]string
	order []string
}

func (s *memButtons) Put(_ context.Context, key, arg string) error {
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
	return nil
}

func (s *memButtons) Get(_ context.Context, key string) (string, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	arg, ok := s.args[key]
	return arg, ok, nil
}
