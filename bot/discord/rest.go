package discord

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/kutip/kutip/bot"
)

// The REST routes kutip calls, as Discord's documentation writes them:
// what logs and metrics name a call by, so that no id or token is in them.
const (
	routeMe          = "GET /users/@me"
	routeCommands    = "PUT /applications/{application.id}/commands"
	routeGuildCmds   = "PUT /applications/{application.id}/guilds/{guild.id}/commands"
	routeCallback    = "POST /interactions/{interaction.id}/{interaction.token}/callback"
	routeFollowup    = "POST /webhooks/{application.id}/{interaction.token}"
	routeEdit        = "PATCH /webhooks/{application.id}/{interaction.token}/messages/{message.id}"
	routeSend        = "POST /channels/{channel.id}/messages"
	routeOther       = "other"
	apiPrefix        = "/api/v9/"
	restAttempts     = 4 // tries of a call, the first one included
	restBackoff      = 500 * time.Millisecond
	restBackoffMax   = 10 * time.Second
	maxRateLimitWait = time.Minute // a longer retry_after fails the call
)

// route names the REST route of a request to Discord, routeOther for one
// kutip does not call.
func route(method, urlPath string) string {
	p, ok := strings.CutPrefix(urlPath, apiPrefix)
	if !ok {
		return routeOther
	}
	for _, r := range []struct{ pattern, route string }{
		{"GET users/@me", routeMe},
		{"GET gateway", "GET /gateway"},
		{"GET gateway/bot", "GET /gateway/bot"},
		{"PUT applications/*/commands", routeCommands},
		{"PUT applications/*/guilds/*/commands", routeGuildCmds},
		{"POST interactions/*/*/callback", routeCallback},
		{"POST webhooks/*/*", routeFollowup},
		{"PATCH webhooks/*/*/messages/*", routeEdit},
		{"POST channels/*/messages", routeSend},
		{"POST channels/*/typing", "POST /channels/{channel.id}/typing"},
	} {
		if ok, _ := path.Match(r.pattern, method+" "+p); ok {
			return r.route
		}
	}
	return routeOther
}

// metered is an http.RoundTripper that counts every REST request to
// Discord by route and status, and tells rest the status of each.
type metered struct {
	meter bot.Meter
	next  http.RoundTripper
}

func (t metered) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := t.next.RoundTrip(r)
	status := "error"
	switch {
	case err == nil:
		status = strconv.Itoa(resp.StatusCode)
		if x, ok := r.Context().Value(exchangeKey{}).(*exchange); ok {
			x.status.Store(int32(resp.StatusCode))
		}
	case r.Context().Err() != nil:
		status = "canceled"
	}
	t.meter.Call(platform, route(r.Method, r.URL.Path), status)
	return resp, err
}

// An exchange is what the transport saw of the request of one try of a
// call: the status of its answer, 0 when none came. discordgo's errors do
// not always tell (a 502 is a plain error), so rest asks it.
type exchange struct{ status atomic.Int32 }

type exchangeKey struct{}

// rest makes a REST call with discordgo, which gets the option that gives
// it ctx, retrying it after a 429 (as long as Discord says), a 5xx or a
// network error, restAttempts times at most, while ctx lasts. Every retry
// is logged and counted under the call's route; token, when not "", is an
// interaction's token, which the errors logged must not show.
//
// An interaction's callback that failed with a 5xx or no answer may have
// reached Discord all the same: when its retry is refused as acknowledged
// already, the call is done.
func (b *Bot) rest(ctx context.Context, route, token string, call func(opt discordgo.RequestOption) error) error {
	for attempt := 1; ; attempt++ {
		x := &exchange{}
		err := call(discordgo.WithContext(context.WithValue(ctx, exchangeKey{}, x)))
		if err == nil {
			return nil
		}
		if attempt > 1 && route == routeCallback && acknowledged(err) {
			b.log.Info("the callback's earlier try reached Discord", "method", route, "attempt", attempt)
			return nil
		}
		wait, reason, again := restRetry(err, int(x.status.Load()), attempt)
		if !again || attempt == restAttempts || ctx.Err() != nil {
			return err
		}
		b.meter.Retry(platform, route, reason)
		if reason == "429" {
			b.log.Warn("rate limited by Discord (429); waiting", "method", route, "attempt", attempt, "wait", wait)
		} else {
			b.log.Warn("Discord call failed; retrying", "method", route, "attempt", attempt, "wait", wait, "status", x.status.Load(), "err", redact(err, token))
		}
		if err := sleep(ctx, wait); err != nil {
			return err
		}
	}
}

// acknowledged reports whether err is Discord's refusal of an
// interaction's callback for being the second.
func acknowledged(err error) bool {
	var rest *discordgo.RESTError
	return errors.As(err, &rest) && rest.Message != nil && rest.Message.Code == discordgo.ErrCodeInteractionHasAlreadyBeenAcknowledged
}

// restRetry says whether a call that failed with err, its answer's status
// being status (0: none came), is worth another try, when, and why: after
// a 429's retry_after, or a backoff for a 5xx or a network error. Anything
// else Discord refused is refused for good.
func restRetry(err error, status, attempt int) (wait time.Duration, reason string, again bool) {
	var limited *discordgo.RateLimitError
	var urlErr *url.Error
	switch {
	case errors.As(err, &limited) && limited.RateLimit != nil && limited.TooManyRequests != nil:
		return limited.RetryAfter, "429", limited.RetryAfter <= maxRateLimitWait
	case status >= 500:
		return backoff(attempt), "5xx", true
	case status == 0 && errors.As(err, &urlErr):
		return backoff(attempt), "network", true
	}
	return 0, "", false
}

// backoff is the wait before try attempt+1.
func backoff(attempt int) time.Duration {
	d := restBackoff
	for range attempt - 1 {
		if d *= 2; d >= restBackoffMax {
			return restBackoffMax
		}
	}
	return d
}

// sleep waits for d, or until ctx is done.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
