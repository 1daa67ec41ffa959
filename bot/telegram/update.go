package telegram

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/kutip/kutip/bot"
)

// An update as it came: read, or malformed.
type update struct {
	id  int // 0 when even the update_id cannot be read
	u   tgbotapi.Update
	bad error  // why it could not be read
	sum string // for one without an id, a hash of its JSON, to know it again by
}

// parseUpdates reads getUpdates' result an update at a time, so that one
// malformed update cannot hold up those after it. They come sorted by id.
func parseUpdates(result json.RawMessage) ([]update, error) {
	var raws []json.RawMessage
	if err := json.Unmarshal(result, &raws); err != nil {
		return nil, fmt.Errorf("read updates: %w", err)
	}
	ups := make([]update, 0, len(raws))
	for _, raw := range raws {
		ups = append(ups, parseUpdate(raw))
	}
	slices.SortStableFunc(ups, func(a, b update) int { return cmp.Compare(a.id, b.id) })
	return ups, nil
}

func parseUpdate(raw []byte) update {
	var u tgbotapi.Update
	err := json.Unmarshal(raw, &u)
	if err == nil && u.UpdateID > 0 {
		return update{id: u.UpdateID, u: u}
	}
	var id struct {
		UpdateID int `json:"update_id"`
	}
	json.Unmarshal(raw, &id) // a zero id says it could not be read
	if err == nil {
		err = errors.New("no update_id")
	}
	bad := update{id: max(id.UpdateID, 0), bad: err}
	if bad.id == 0 {
		sum := sha256.Sum256(raw)
		bad.sum = string(sum[:8])
	}
	return bad
}

// key is what the update's order matters within: its chat, or for an
// inline query its user.
func (u update) key() string {
	switch {
	case u.bad != nil:
		return "malformed"
	case u.u.Message != nil && u.u.Message.Chat != nil:
		return "chat " + strconv.FormatInt(u.u.Message.Chat.ID, 10)
	case u.u.InlineQuery != nil && u.u.InlineQuery.From != nil:
		return "user " + strconv.FormatInt(u.u.InlineQuery.From.ID, 10)
	case u.u.CallbackQuery != nil && u.u.CallbackQuery.From != nil:
		return "votes " + strconv.FormatInt(u.u.CallbackQuery.From.ID, 10) // not behind the chat's answers
	}
	return "other"
}

// What became of an update given to handle.
type outcome int

const (
	handled outcome = iota // answered, now or before, or failed for good: confirm it
	busy                   // another replica is answering it
	later                  // left for Telegram to send again: shutting down, or the ledger failed
)

// handle answers an update unless it was handled before or another
// replica is answering it, and records it handled. It leaves it for later
// when the adapter is shutting down, ctx ends first or the ledger fails:
// then Telegram will send it again.
func (b *Bot) handle(ctx context.Context, u update) outcome {
	if !b.inflight.Start() {
		b.log.Debug("update left for later: shutting down", "update_id", u.id)
		return later
	}
	defer b.inflight.Done()
	stopRenewing := func() {}
	if u.id > 0 {
		c, err := b.ledger.Claim(ctx, u.id)
		switch {
		case err != nil:
			if ctx.Err() == nil {
				b.log.Error("claim an update", "update_id", u.id, "err", err)
			}
			return later
		case c.Status == Handled:
			b.log.Debug("update already handled", "update_id", u.id)
			return handled
		case c.Status == Busy:
			b.log.Debug("update being answered by another replica", "update_id", u.id)
			return busy
		}
		stopRenewing = b.renew(ctx, u.id, c.Lease)
	}
	defer b.api.meter.Begin(platform)()
	err := b.answerSafely(ctx, u)
	stopRenewing()
	if err != nil && ctx.Err() != nil {
		b.log.Info("update left for later: shutting down", "update_id", u.id, "chat_id", u.chat(), "err", err)
		return later
	}
	if err != nil {
		b.log.Error("update failed", "update_id", u.id, "chat_id", u.chat(), "err", err)
	}
	if u.id > 0 {
		if err := b.ledger.Done(ctx, u.id); err != nil {
			b.log.Error("record update handled", "update_id", u.id, "err", err)
		}
	}
	return handled
}

// renew claims update id again every third of its lease while it is being
// answered, until the returned stop is called; a lease of 0 needs none.
func (b *Bot) renew(ctx context.Context, id int, lease time.Duration) (stop func()) {
	if lease <= 0 {
		return func() {}
	}
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(lease / 3)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
			c, err := b.ledger.Claim(ctx, id)
			switch {
			case ctx.Err() != nil:
				return
			case err != nil:
				b.log.Warn("renew the claim on an update", "update_id", id, "err", err)
			case c.Status != Claimed:
				b.log.Warn("lost the claim on an update: its lease ran out, another replica may answer it too", "update_id", id)
				return
			}
		}
	}()
	return func() {
		cancel()
		<-done
	}
}

// answerSafely is answer, with a panic in the adapter's own code logged:
// the update then counts as handled, for answered again it would panic
// again.
func (b *Bot) answerSafely(ctx context.Context, u update) error {
	defer bot.Recover(b.log, "update")
	return b.answer(ctx, u)
}

// chat is the chat key of the update's chat, or of the user of an inline
// query, for logs; "" when there is none.
func (u update) chat() string {
	switch {
	case u.bad != nil:
	case u.u.Message != nil && u.u.Message.Chat != nil:
		return chatKey(u.u.Message.Chat.ID)
	case u.u.InlineQuery != nil && u.u.InlineQuery.From != nil:
		return chatKey(u.u.InlineQuery.From.ID)
	case u.u.CallbackQuery != nil:
		return callbackChat(u.u.CallbackQuery)
	}
	return ""
}

// callbackChat is the chat key of the message whose button was pressed,
// else of the user who pressed it; "" when there is neither.
func callbackChat(q *tgbotapi.CallbackQuery) string {
	switch {
	case q.Message != nil && q.Message.Chat != nil:
		return chatKey(q.Message.Chat.ID)
	case q.From != nil:
		return chatKey(q.From.ID)
	}
	return ""
}

// answer answers an update. The handler's panics and errors are Guard's
// to turn into apologies; an error here is a reply that could not be sent,
// or ctx ending.
func (b *Bot) answer(ctx context.Context, u update) error {
	switch {
	case u.bad != nil:
		b.log.Warn("malformed update skipped", "update_id", u.id, "err", u.bad)
		return nil
	case u.u.Message != nil:
		return b.onMessage(ctx, u.u.Message)
	case u.u.InlineQuery != nil:
		return b.onInline(ctx, u.u.InlineQuery)
	case u.u.CallbackQuery != nil:
		return b.onCallback(ctx, u.u.CallbackQuery)
	}
	return nil // a kind kutip did not ask for
}

func (b *Bot) onMessage(ctx context.Context, m *tgbotapi.Message) error {
	req, ok := b.request(m)
	if !ok {
		return nil
	}
	if ok, notice := b.flood.allow(m.From.ID); !ok {
		b.log.Debug("flood control", "user_id", m.From.ID, "notice", notice)
		if !notice {
			return nil
		}
		lang := b.svc.Catalog.Lang(req.Lang)
		return b.reply(ctx, m, b.html(bot.Reply{Kind: bot.KindText, Lang: lang, Text: b.svc.Catalog.T(lang, "error.slow_down")}), nil)
	}
	if req.Group && bot.HasLink(req.Args) { // links.allow may keep links to the group's admins
		req.Admin = b.admin(ctx, m.Chat.ID, m.From.ID)
	}
	typing := time.AfterFunc(typingAfter, func() { b.typing(ctx, m.Chat.ID) })
	rep, err := b.handler.Handle(ctx, req)
	typing.Stop() // the answer is ready: no "typing…" now, it could come after it
	if err != nil {
		return err // ctx is done: Guard answers every other error
	}
	return b.reply(ctx, m, b.html(rep), b.keyboard(ctx, rep))
}

// keyboard is the inline keyboard under rep: an article list's buttons,
// or the feedback buttons of an answer that quotes; nil for none.
func (b *Bot) keyboard(ctx context.Context, rep bot.Reply) *tgbotapi.InlineKeyboardMarkup {
	if rep.Kind == bot.KindArticles {
		return b.picks(rep)
	}
	if key := b.ballot(ctx, rep); key != "" {
		kb := tgbotapi.NewInlineKeyboardMarkup(tgbotapi.NewInlineKeyboardRow(
			tgbotapi.NewInlineKeyboardButtonData("👍", bot.VoteButton(key, true)),
			tgbotapi.NewInlineKeyboardButtonData("👎", bot.VoteButton(key, false)),
		))
		return &kb
	}
	return nil
}

// picksPage is how many articles a page of an article list's buttons
// holds, beside the whole library on the first: the /article command's
// page.
func (b *Bot) picksPage() int {
	c, _ := b.svc.Command(bot.CmdArticle)
	return max(c.Page, 1)
}

// maxButtonText is the longest text kutip puts on a button, in characters.
const maxButtonText = 60

// picks is an article list as an inline keyboard: a button a pick, the
// chat's current one ticked, and a row to page the list.
func (b *Bot) picks(rep bot.Reply) *tgbotapi.InlineKeyboardMarkup {
	var rows [][]tgbotapi.InlineKeyboardButton
	for _, p := range rep.Picks {
		label := p.Label
		if p.Current {
			label = "✓ " + label
		}
		rows = append(rows, tgbotapi.NewInlineKeyboardRow(tgbotapi.NewInlineKeyboardButtonData(bot.CutText(label, maxButtonText), bot.PickButton(p))))
	}
	var paging []tgbotapi.InlineKeyboardButton
	if rep.Offset > 0 {
		paging = append(paging, tgbotapi.NewInlineKeyboardButtonData(b.svc.Catalog.T(rep.Lang, "article.prev"), bot.PageButton(max(rep.Offset-b.picksPage(), 0))))
	}
	if rep.More {
		paging = append(paging, tgbotapi.NewInlineKeyboardButtonData(b.svc.Catalog.T(rep.Lang, "article.next"), bot.PageButton(rep.Offset+b.picksPage())))
	}
	if len(paging) > 0 {
		rows = append(rows, paging)
	}
	if len(rows) == 0 {
		return nil
	}
	kb := tgbotapi.NewInlineKeyboardMarkup(rows...)
	return &kb
}

// ballot opens the ballot of the feedback buttons under rep, and returns
// its key; "" for no buttons: rep is not an answer that quotes, the
// service takes no votes, or the ballot could not be kept.
func (b *Bot) ballot(ctx context.Context, rep bot.Reply) string {
	if b.svc.Voting == nil {
		return ""
	}
	key, err := b.svc.Voting.Open(ctx, rep)
	if err != nil {
		b.log.Warn("feedback buttons left out", "err", err)
		return ""
	}
	return key
}

// html renders a reply as Telegram HTML; it may be longer than a message.
func (b *Bot) html(rep bot.Reply) string { return b.render.Render(rep).String() }

// request reads a message as a request; ok is false when it is not for
// kutip. In a private chat everything is; in a group, a command of the
// service's or one that names kutip, a reply to kutip, a message that
// mentions it.
func (b *Bot) request(m *tgbotapi.Message) (req bot.Request, ok bool) {
	if m.Chat == nil || m.From == nil || m.From.IsBot || m.ViaBot != nil || strings.TrimSpace(m.Text) == "" {
		return req, false
	}
	text, mentioned := b.unmention(m.Text, m.Entities)
	msg, ok := bot.Parse(text, b.self.UserName)
	if !ok {
		return req, false // "/ask@otherbot"
	}
	if m.Chat.Type != "private" && !mentioned && !b.repliesToMe(m) {
		if !msg.Slash {
			return req, false // talk among the group's members
		}
		if _, known := b.svc.Command(msg.Command); !msg.Named && !known {
			return req, false // "/weather": another bot's
		}
	}
	req = msg.Request
	req.Platform = platform
	req.Lang = m.From.LanguageCode
	req.Chat = chatKey(m.Chat.ID)
	req.User, req.Group = chatKey(m.From.ID), m.Chat.Type != "private"
	if req.Command == bot.CmdArticle {
		req.Limit = b.picksPage() // the list comes as buttons, a page of them
	}
	return req, true
}

// admin reports whether user administers the group chat, as Telegram says;
// false when it cannot be told.
func (b *Bot) admin(ctx context.Context, chat, user int64) bool {
	member := tgbotapi.GetChatMemberConfig{ChatConfigWithUser: tgbotapi.ChatConfigWithUser{ChatID: chat, UserID: user}}
	resp, err := b.api.request(ctx, "getChatMember", member, callTimeout)
	var m tgbotapi.ChatMember
	if err == nil {
		err = json.Unmarshal(resp.Result, &m)
	}
	if err != nil {
		b.log.Warn("could not tell whether a user administers the group", "chat_id", chatKey(chat), "err", err)
		return false
	}
	return m.IsCreator() || m.IsAdministrator()
}

func chatKey(id int64) string { return "telegram:" + strconv.FormatInt(id, 10) }

func (b *Bot) repliesToMe(m *tgbotapi.Message) bool {
	r := m.ReplyToMessage
	return r != nil && r.From != nil && r.From.ID == b.self.ID
}

// unmention removes the mentions of the bot from a message's text and
// reports whether there were any.
func (b *Bot) unmention(text string, entities []tgbotapi.MessageEntity) (string, bool) {
	type span struct{ start, end int }
	var cuts []span
	for _, e := range entities {
		start, end, ok := entityBytes(text, e.Offset, e.Length)
		if !ok {
			continue
		}
		mine := e.Type == "mention" && b.self.UserName != "" && strings.EqualFold(text[start:end], "@"+b.self.UserName) ||
			e.Type == "text_mention" && e.User != nil && e.User.ID == b.self.ID
		if mine {
			cuts = append(cuts, span{start, end})
		}
	}
	if len(cuts) == 0 {
		return text, false
	}
	slices.SortFunc(cuts, func(a, b span) int { return cmp.Compare(b.start, a.start) })
	last := len(text) + 1
	for _, c := range cuts {
		if c.end <= last { // overlapping entities: keep the first
			text, last = text[:c.start]+text[c.end:], c.start
		}
	}
	return strings.TrimSpace(text), true
}

// entityBytes turns an entity's offset and length, counted in UTF-16 code
// units, into byte offsets of text; ok is false unless both fall between
// characters of it.
func entityBytes(text string, offset, length int) (start, end int, ok bool) {
	if offset < 0 || length <= 0 {
		return 0, 0, false
	}
	start, end = -1, -1
	at := 0 // in UTF-16 code units
	for i, r := range text {
		if at == offset {
			start = i
		}
		if at == offset+length {
			end = i
			break
		}
		at += max(utf16.RuneLen(r), 1)
	}
	if end < 0 && at == offset+length {
		end = len(text)
	}
	return start, end, start >= 0 && end > start
}

// typingAfter is how long an answer may take before the chat is shown
// "typing…": most take a millisecond, and get none.
const typingAfter = 500 * time.Millisecond

// typing shows "typing…" in a chat while kutip works on a slow answer. It
// is only a hint: sent once, not retried, and not a message, so not held
// to Telegram's limits on messages.
func (b *Bot) typing(ctx context.Context, chat int64) {
	if _, err := b.api.request(ctx, "sendChatAction", tgbotapi.NewChatAction(chat, tgbotapi.ChatTyping), 5*time.Second); err != nil {
		b.log.Debug("typing", "chat_id", chatKey(chat), "err", err)
	}
}

// reply sends html to m's chat, split into messages as long as Telegram
// takes; in a group, the first answers m. The last has the keyboard kb,
// when there is one.
func (b *Bot) reply(ctx context.Context, m *tgbotapi.Message, html string, kb *tgbotapi.InlineKeyboardMarkup) error {
	to := dest{chat: m.Chat.ID, group: m.Chat.Type != "private"}
	parts := split(html, maxMessage)
	for i, part := range parts {
		msg := tgbotapi.NewMessage(m.Chat.ID, part)
		msg.ParseMode = tgbotapi.ModeHTML
		msg.DisableWebPagePreview = true
		if i == 0 && to.group {
			msg.ReplyToMessageID = m.MessageID
			msg.AllowSendingWithoutReply = true
		}
		if i == len(parts)-1 && kb != nil {
			msg.ReplyMarkup = *kb
		}
		if err := b.api.send(ctx, to, "sendMessage", msg); err != nil {
			return fmt.Errorf("reply %d of %d to chat %d: %w", i+1, len(parts), m.Chat.ID, err)
		}
	}
	return nil
}

// Inline answers: how many quotes a page, cached by Telegram how long
// (seconds).
const (
	inlineQuotes    = 5
	inlineCacheTime = 10
)

// onInline answers "@kutipbot question" with the quotes that answer it, and
// an empty query with the article's quotations, or its key sentences when
// it has none; a page of them, the next page when the user scrolls on.
func (b *Bot) onInline(ctx context.Context, q *tgbotapi.InlineQuery) error {
	if q.From == nil {
		return nil
	}
	if ok, _ := b.inlineFlood.allow(q.From.ID); !ok {
		return nil // an unanswered inline query shows nothing: no notice to give
	}
	offset, err := strconv.Atoi(q.Offset)
	if err != nil || offset < 0 {
		offset = 0 // the first page; Telegram sends back only the next_offset kutip gave
	}
	req := bot.Request{
		Platform: platform, Command: bot.CmdAsk, Args: q.Query, Lang: q.From.LanguageCode,
		Chat: chatKey(q.From.ID), Offset: offset, Limit: inlineQuotes, Inline: true,
	}
	if strings.TrimSpace(q.Query) == "" {
		req.Command = bot.CmdQuotes
	}
	rep, err := b.handler.Handle(ctx, req)
	if err == nil && req.Command == bot.CmdQuotes && len(rep.Quotes) == 0 && offset == 0 {
		req.Command = bot.CmdSummary
		rep, err = b.handler.Handle(ctx, req)
	}
	if err != nil {
		return err // ctx is done
	}
	answer := tgbotapi.InlineConfig{InlineQueryID: q.ID, Results: b.inlineResults(rep, offset), CacheTime: inlineCacheTime, IsPersonal: true}
	if rep.More {
		answer.NextOffset = strconv.Itoa(offset + len(rep.Quotes))
	}
	return b.api.send(ctx, dest{}, "answerInlineQuery", answer)
}

// inlineResults offers each quote of a reply as a message to send; a reply
// without quotes is offered whole, on the first page.
func (b *Bot) inlineResults(rep bot.Reply, offset int) []any {
	cat, lang := b.svc.Catalog, rep.Lang
	out := []any{}
	for i, q := range rep.Quotes {
		one := rep
		one.Quotes = []bot.Quote{q}
		one.Offset = offset + i
		desc := cat.T(lang, "answer.where", q.Paragraph+1, q.Sentence+1)
		if q.Speaker != "" {
			desc = bot.SpeakerLine(q) + " · " + desc
		}
		if q.From != nil { // an answer of the whole library: the quote's own article
			desc = q.From.Title + " · " + desc
		}
		out = append(out, inlineArticle(strconv.Itoa(offset+i), bot.FoldSpace(q.Text), desc, b.html(one)))
	}
	if len(out) == 0 && offset == 0 {
		title, desc := rep.Text, ""
		if rep.Kind == bot.KindAnswer && rep.Abstained {
			title, desc = cat.T(lang, rep.None()), rep.Question
		}
		if title = bot.FoldSpace(title); title != "" {
			out = append(out, inlineArticle("0", title, desc, b.html(rep)))
		}
	}
	return out
}

func inlineArticle(id, title, desc, html string) tgbotapi.InlineQueryResultArticle {
	text := html
	if parts := split(html, maxMessage); len(parts) > 0 {
		text = parts[0] // cut at the best place split finds: between sentences, most often
	}
	return tgbotapi.InlineQueryResultArticle{
		Type:                "article",
		ID:                  id,
		Title:               bot.CutText(title, 120),
		Description:         bot.CutText(desc, 200),
		InputMessageContent: tgbotapi.InputTextMessageContent{Text: text, ParseMode: tgbotapi.ModeHTML, DisableWebPagePreview: true},
	}
}

// onCallback answers the press of a feedback button: it records the vote,
// and says so in the toast that answerCallbackQuery shows (Telegram's
// client waits for it); a button whose ballot is gone asks the user to ask
// again, and one that is not kutip's gets an empty answer.
func (b *Bot) onCallback(ctx context.Context, q *tgbotapi.CallbackQuery) error {
	if q.From == nil {
		return nil
	}
	if req, ok := bot.ParseArticleButton(q.Data); ok {
		return b.onPick(ctx, q, req)
	}
	cat := b.svc.Catalog
	lang := cat.Lang(q.From.LanguageCode)
	var text string
	key, up, ok := bot.ParseVoteButton(q.Data)
	switch allowed, _ := b.voteFlood.allow(q.From.ID); {
	case !ok || b.svc.Voting == nil:
		b.log.Debug("a button kutip does not know", "chat_id", callbackChat(q))
	case !allowed:
		text = cat.T(lang, "error.slow_down")
	default:
		chat := callbackChat(q)
		vote, cast, err := b.svc.Voting.Cast(ctx, platform, chat, userKey(q.From.ID), key, up)
		switch {
		case err != nil:
			b.log.Error("vote not recorded", "chat_id", chat, "err", err)
			text = cat.T(lang, "error.failed")
		case !cast:
			text = cat.T(lang, "answer.expired")
		default:
			b.api.meter.Vote(platform, up)
			b.log.Info("vote", "chat_id", chat, "up", up, "article", vote.Article, "sentence", vote.Sentence)
			text = cat.T(lang, "feedback.down")
			if up {
				text = cat.T(lang, "feedback.up")
			}
		}
	}
	return b.api.send(ctx, dest{}, "answerCallbackQuery", tgbotapi.NewCallback(q.ID, bot.CutText(text, maxToast)))
}

// onPick answers the press of an article list's button: a page of the
// list, or the article (or the whole library) picked. The list's message
// becomes the next page, or the pick's answer; the toast says it too.
func (b *Bot) onPick(ctx context.Context, q *tgbotapi.CallbackQuery, req bot.Request) error {
	req.Platform, req.Lang, req.Chat, req.Limit = platform, q.From.LanguageCode, callbackChat(q), b.picksPage()
	var toast string
	if allowed, _ := b.voteFlood.allow(q.From.ID); !allowed {
		toast = b.svc.Catalog.T(b.svc.Catalog.Lang(req.Lang), "error.slow_down")
	} else {
		rep, err := b.handler.Handle(ctx, req)
		if err != nil {
			return err // ctx is done
		}
		if rep.Kind != bot.KindArticles {
			toast = rep.Text
		}
		if q.Message != nil && q.Message.Chat != nil {
			edit := tgbotapi.NewEditMessageText(q.Message.Chat.ID, q.Message.MessageID, split(b.html(rep), maxMessage)[0])
			edit.ParseMode = tgbotapi.ModeHTML
			edit.DisableWebPagePreview = true
			edit.ReplyMarkup = b.picks(rep)
			if err := b.api.send(ctx, dest{chat: q.Message.Chat.ID, group: q.Message.Chat.Type != "private"}, "editMessageText", edit); err != nil {
				b.log.Warn("show the article list's choice", "chat_id", req.Chat, "err", err)
			}
		}
	}
	return b.api.send(ctx, dest{}, "answerCallbackQuery", tgbotapi.NewCallback(q.ID, bot.CutText(toast, maxToast)))
}

// maxToast is the most answerCallbackQuery shows, in characters.
const maxToast = 200

// userKey is the platform-qualified key of a Telegram user.
func userKey(id int64) string { return "telegram:" + strconv.FormatInt(id, 10) }
