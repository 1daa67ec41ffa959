package discord

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/kutip/kutip/bot"
)

// respondFunc sends an interaction's one initial response: over REST for the
// gateway, in the body of the HTTP request for HTTP interactions.
type respondFunc func(resp any) error

// onInteraction answers an interaction that came over the gateway.
func (b *Bot) onInteraction(base context.Context, i *discordgo.Interaction) {
	if !b.work.Start() {
		return
	}
	defer b.work.Done()
	defer b.meter.Begin(platform)()
	defer bot.Recover(b.log, "interaction")
	ctx, cancel := context.WithTimeout(base, eventTimeout)
	defer cancel()
	respond := func(resp any) error {
		endpoint := discordgo.EndpointInteractionResponse(i.ID, i.Token)
		return b.rest(ctx, routeCallback, i.Token, func(opt discordgo.RequestOption) error {
			_, err := b.s.RequestWithBucketID(http.MethodPost, endpoint, resp, endpoint, opt)
			return err
		})
	}
	b.interaction(ctx, i, respond)
}

// interaction answers an interaction, calling respond once, within
// Discord's three seconds; whatever follows goes over REST.
func (b *Bot) interaction(ctx context.Context, i *discordgo.Interaction, respond respondFunc) {
	var err error
	switch i.Type {
	case discordgo.InteractionPing:
		err = respond(&discordgo.InteractionResponse{Type: discordgo.InteractionResponsePong})
	case discordgo.InteractionApplicationCommandAutocomplete:
		err = b.autocomplete(ctx, i, respond)
	case discordgo.InteractionApplicationCommand:
		req, flags := b.request(i)
		b.log.Debug("command", "command", req.Command, "chat_id", chat(i.ChannelID), "user_id", userID(i))
		err = b.answer(ctx, i, req, flags, respond)
	case discordgo.InteractionMessageComponent:
		data, _ := i.Data.(discordgo.MessageComponentInteractionData)
		pick, isPick := bot.ParseArticleButton(data.CustomID)
		if data.CustomID == pickMenu && len(data.Values) == 1 {
			pick, isPick = bot.ParseArticleButton(data.Values[0])
		}
		switch {
		case strings.HasPrefix(data.CustomID, "vote:"):
			err = b.vote(ctx, i, respond)
		case isPick:
			err = b.pick(ctx, i, pick, respond)
		default:
			err = b.more(ctx, i, respond)
		}
	default:
		err = fmt.Errorf("interaction type %d is not one kutip knows", i.Type)
	}
	switch {
	case err == nil:
	case ctx.Err() != nil: // stopped or too slow: Guard logged the request
		b.log.Debug("interaction stopped", "type", i.Type.String(), "chat_id", chat(i.ChannelID), "err", redact(err, i.Token))
	default:
		b.log.Warn("interaction", "type", i.Type.String(), "chat_id", chat(i.ChannelID), "err", redact(err, i.Token))
	}
}

// request reads a slash command as a request, with the flags its answer
// takes: ephemeral when the user asked for it.
func (b *Bot) request(i *discordgo.Interaction) (bot.Request, discordgo.MessageFlags) {
	data, _ := i.Data.(discordgo.ApplicationCommandInteractionData)
	req := bot.Request{Platform: platform, Command: data.Name, Lang: locale(i), Chat: chat(i.ChannelID), User: platform + ":" + userID(i)}
	if i.GuildID != "" {
		const admin = discordgo.PermissionAdministrator | discordgo.PermissionManageGuild
		req.Group, req.Admin = true, i.Member != nil && i.Member.Permissions&admin != 0
	}
	b.page(&req)
	cmd, known := b.svc.Command(data.Name)
	var flags discordgo.MessageFlags
	for _, o := range data.Options {
		switch v := o.Value.(type) {
		case string:
			if known && cmd.Arg != nil && o.Name == cmd.Arg.Name && req.Args == "" || known && cmd.Link && o.Name == bot.OptURL {
				req.Args = v // the link, when there is one
			}
		case bool:
			if o.Name == optEphemeral && v {
				flags = discordgo.MessageFlagsEphemeral
			}
		}
	}
	return req, flags
}

// locale returns the user's language code, else the guild's, else "".
func locale(i *discordgo.Interaction) string {
	if i.Locale == "" && i.GuildLocale != nil {
		return string(*i.GuildLocale)
	}
	return string(i.Locale)
}

func userID(i *discordgo.Interaction) string {
	switch {
	case i.Member != nil && i.Member.User != nil:
		return i.Member.User.ID
	case i.User != nil:
		return i.User.ID
	}
	return ""
}

// answer responds with the reply to req when it is ready within DeferAfter;
// otherwise it defers (Discord shows "thinking") and edits the response
// when the reply is ready.
func (b *Bot) answer(ctx context.Context, i *discordgo.Interaction, req bot.Request, flags discordgo.MessageFlags, respond respondFunc) error {
	type result struct {
		m   message
		err error
	}
	ready := make(chan result, 1)
	go func() {
		m, err := b.reply(ctx, req)
		ready <- result{m, err}
	}()
	t := time.NewTimer(b.cfg.DeferAfter)
	defer t.Stop()
	select {
	case r := <-ready:
		if r.err != nil {
			return r.err
		}
		return respond(&discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource, Data: r.m.response(flags)})
	case <-t.C:
	}
	deferred := &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseDeferredChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{Flags: flags},
	}
	if err := respond(deferred); err != nil {
		return fmt.Errorf("defer: %w", err)
	}
	r := <-ready // the handler gives up when ctx is done
	if r.err != nil {
		// Else the user sees "thinking…" until Discord gives up on it.
		b.apologize(i, req)
		return r.err
	}
	if err := b.edit(ctx, i, r.m.edit()); err != nil {
		return fmt.Errorf("edit the deferred response: %w", err)
	}
	return nil
}

// apologize edits a deferred response that will get no answer into an
// apology, within apologyTime of its context being done.
func (b *Bot) apologize(i *discordgo.Interaction, req bot.Request) {
	ctx, cancel := context.WithTimeout(context.Background(), apologyTime)
	defer cancel()
	lang := b.svc.Catalog.Lang(req.Lang)
	sorry := b.view(ctx, bot.Reply{Kind: bot.KindText, Lang: lang, Text: b.svc.Catalog.T(lang, "error.failed")}, req)
	if err := b.edit(ctx, i, sorry.edit()); err != nil {
		b.log.Warn("apologize for a deferred response", "chat_id", chat(i.ChannelID), "err", redact(err, i.Token))
	}
}

// more answers a "more" button: it acknowledges the click, sends the next
// page as a follow-up and takes the button off the page it was on, leaving
// the feedback buttons.
func (b *Bot) more(ctx context.Context, i *discordgo.Interaction, respond respondFunc) error {
	data, _ := i.Data.(discordgo.MessageComponentInteractionData)
	lang := locale(i)
	p, ok, err := b.parseMoreID(ctx, data.CustomID)
	if err != nil {
		b.log.Warn("read a button's argument: the button is taken for expired", "chat_id", chat(i.ChannelID), "err", err)
	}
	if !ok {
		words := b.svc.Catalog.Lang(lang)
		expired := b.view(ctx, bot.Reply{Kind: bot.KindText, Lang: words, Text: b.svc.Catalog.T(words, "answer.expired")}, bot.Request{})
		return respond(&discordgo.InteractionResponse{
			Type: discordgo.InteractionResponseChannelMessageWithSource,
			Data: expired.response(discordgo.MessageFlagsEphemeral),
		})
	}
	var flags discordgo.MessageFlags
	if i.Message != nil {
		flags = i.Message.Flags & discordgo.MessageFlagsEphemeral
	}
	if err := respond(&discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredMessageUpdate}); err != nil {
		return fmt.Errorf("acknowledge: %w", err)
	}
	req := bot.Request{Platform: platform, Command: p.cmd, Args: p.arg, Offset: p.offset, Lang: lang, Chat: chat(i.ChannelID)}
	b.page(&req)
	m, err := b.reply(ctx, req)
	if err != nil {
		return err
	}
	err = b.rest(ctx, routeFollowup, i.Token, func(opt discordgo.RequestOption) error {
		_, err := b.s.FollowupMessageCreate(i, true, m.followup(flags), opt)
		return err
	})
	if err != nil {
		return fmt.Errorf("follow up: %w", err)
	}
	left := []discordgo.MessageComponent{}
	if i.Message != nil {
		if votes := votesOf(i.Message.Components); len(votes) > 0 {
			left = append(left, discordgo.ActionsRow{Components: votes})
		}
	}
	if err := b.edit(ctx, i, &discordgo.WebhookEdit{Components: &left, AllowedMentions: noMentions()}); err != nil {
		return fmt.Errorf("take the button off: %w", err)
	}
	return nil
}

// pick answers a choice from an article list's menu, or a press of its
// paging buttons: the list's message becomes the next page, or says what
// was picked.
func (b *Bot) pick(ctx context.Context, i *discordgo.Interaction, req bot.Request, respond respondFunc) error {
	req.Platform, req.Lang, req.Chat, req.Limit = platform, locale(i), chat(i.ChannelID), b.picksPage()
	m, err := b.reply(ctx, req)
	if err != nil {
		return err
	}
	return respond(&discordgo.InteractionResponse{Type: discordgo.InteractionResponseUpdateMessage, Data: m.response(0)})
}

// vote records the press of a feedback button, and says so in a message
// only the voter sees; a button whose ballot is gone asks to ask again.
func (b *Bot) vote(ctx context.Context, i *discordgo.Interaction, respond respondFunc) error {
	data, _ := i.Data.(discordgo.MessageComponentInteractionData)
	cat := b.svc.Catalog
	lang := cat.Lang(locale(i))
	text := cat.T(lang, "answer.expired")
	key, up, ok := bot.ParseVoteButton(data.CustomID)
	if user := userID(i); ok && user != "" && b.svc.Voting != nil {
		vote, cast, err := b.svc.Voting.Cast(ctx, platform, chat(i.ChannelID), platform+":"+user, key, up)
		switch {
		case err != nil:
			b.log.Error("vote not recorded", "chat_id", chat(i.ChannelID), "err", err)
			text = cat.T(lang, "error.failed")
		case cast:
			b.meter.Vote(platform, up)
			b.log.Info("vote", "chat_id", vote.Chat, "up", up, "article", vote.Article, "sentence", vote.Sentence)
			text = cat.T(lang, "feedback.down")
			if up {
				text = cat.T(lang, "feedback.up")
			}
		}
	}
	thanks := b.view(ctx, bot.Reply{Kind: bot.KindText, Lang: lang, Text: text}, bot.Request{})
	return respond(&discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseChannelMessageWithSource,
		Data: thanks.response(discordgo.MessageFlagsEphemeral),
	})
}

// edit edits an interaction's response.
func (b *Bot) edit(ctx context.Context, i *discordgo.Interaction, e *discordgo.WebhookEdit) error {
	return b.rest(ctx, routeEdit, i.Token, func(opt discordgo.RequestOption) error {
		_, err := b.s.InteractionResponseEdit(i, e, opt)
		return err
	})
}

// autocompleteResponse is an APPLICATION_COMMAND_AUTOCOMPLETE_RESULT. Its
// choices are always sent, as [] when there are none, which discordgo's
// InteractionResponseData would leave out.
type autocompleteResponse struct {
	Type discordgo.InteractionResponseType `json:"type"`
	Data struct {
		Choices []*discordgo.ApplicationCommandOptionChoice `json:"choices"`
	} `json:"data"`
}

// autocomplete suggests the argument being typed. It cannot be deferred.
func (b *Bot) autocomplete(ctx context.Context, i *discordgo.Interaction, respond respondFunc) error {
	resp := autocompleteResponse{Type: discordgo.InteractionApplicationCommandAutocompleteResult}
	resp.Data.Choices = []*discordgo.ApplicationCommandOptionChoice{}
	data, _ := i.Data.(discordgo.ApplicationCommandInteractionData)
	typed, focused := "", false
	for _, o := range data.Options {
		if s, ok := o.Value.(string); ok && o.Focused {
			typed, focused = s, true
		}
	}
	if focused && b.svc.Complete != nil {
		ctx, cancel := context.WithTimeout(ctx, autocompleteBudget)
		defer cancel()
		for _, c := range b.svc.Complete(ctx, chat(i.ChannelID), data.Name, typed) {
			resp.Data.Choices = append(resp.Data.Choices, &discordgo.ApplicationCommandOptionChoice{Name: c.Name, Value: c.Value})
		}
	}
	return respond(&resp)
}

// redact takes an interaction's token out of an error: discordgo's URLs
// for follow-ups and callbacks hold it.
func redact(err error, token string) string {
	if token == "" {
		return err.Error()
	}
	return strings.ReplaceAll(err.Error(), token, "REDACTED")
}
