package telegram

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/kutip/kutip/bot"
)

// How long one call may take: a long poll gets pollTimeout and this more.
const callTimeout = 30 * time.Second

// Retries: a call is tried maxAttempts times, waiting backoffBase, twice
// that, and so on up to backoffMax between tries, or as long as a 429
// says. A reply is tried until its budget is spent instead (replyBudget).
const (
	maxAttempts = 5
	backoffBase = 500 * time.Millisecond
	backoffMax  = 30 * time.Second
)

// callBudget bounds the waits between the tries of a call without a
// deadline.
const callBudget = 30 * time.Second

// A reply that fails for a while (5xx, the network, 429s) is tried until
// replyBudget after its message was sent, and for at least replyTry in
// each process that handles it: the budget, counted from the message's own
// date, holds across restarts, and a reply found already late still gets
// a few tries. Then it is given up, with a log line and a metric.
const (
	replyBudget = 10 * time.Minute
	replyTry    = time.Minute
)

// replyDeadline is when the reply to a message sent at sent is given up:
// replyBudget after it, and not before replyTry from now.
func replyDeadline(sent, now time.Time) time.Time {
	return latest(sent.Add(replyBudget), now.Add(replyTry))
}

// client makes Bot API calls through the library with what v5.5.1 lacks: a
// context on every request, retries, Telegram's limits, and errors with the
// token scrubbed out. It is made without a call: NewBotAPI's getMe waits
// for connect.
type client struct {
	bot    *tgbotapi.BotAPI // its Client is the plain HTTP client
	log    *slog.Logger
	meter  bot.Meter
	limits *limits
}

// statusError is an HTTP status that carries no Bot API answer, such as a
// proxy's 502 Bad Gateway.
type statusError struct{ Code int }

func (e *statusError) Error() string {
	return fmt.Sprintf("http status %d %s", e.Code, http.StatusText(e.Code))
}

// boundClient gives every request of one call that call's context: the
// library builds its requests without one. It lives for one call only.
type boundClient struct {
	ctx  context.Context
	next tgbotapi.HTTPClient
}

func (c boundClient) Do(req *http.Request) (*http.Response, error) {
	resp, err := c.next.Do(req.WithContext(c.ctx))
	if err != nil {
		return nil, err
	}
	if mt, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type")); resp.StatusCode >= 500 || resp.StatusCode != http.StatusOK && mt != "application/json" {
		io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		resp.Body.Close()
		return nil, &statusError{Code: resp.StatusCode}
	}
	return resp, nil
}

// newClient returns a client of the bot with that token; it makes no call.
func newClient(token, endpoint string, hc tgbotapi.HTTPClient, log *slog.Logger, meter bot.Meter) *client {
	b := &tgbotapi.BotAPI{Token: token, Client: hc, Buffer: 100}
	b.SetAPIEndpoint(endpoint)
	return &client{bot: b, log: log, meter: meter, limits: newLimits()}
}

// connect calls getMe until it answers, Telegram refuses the call for
// good, or ctx is done: while the network or Telegram fails, it waits ever
// longer between tries, up to backoffMax.
func (c *client) connect(ctx context.Context) (tgbotapi.User, error) {
	for attempt := 1; ; attempt++ {
		me, err := c.getMe(ctx)
		switch {
		case err == nil:
			return me, nil
		case ctx.Err() != nil:
			return tgbotapi.User{}, ctx.Err()
		case refused(err) || forbidden(err):
			return tgbotapi.User{}, fmt.Errorf("the bot token was refused (%w): check TELEGRAM_BOT_TOKEN", err)
		}
		delay, again := retryDelay(err, attempt)
		if !again {
			return tgbotapi.User{}, fmt.Errorf("connect: %w", err)
		}
		c.retrying("getMe", attempt, delay, err)
		if err := sleep(ctx, delay); err != nil {
			return tgbotapi.User{}, err
		}
	}
}

// getMe asks who the bot is, once.
func (c *client) getMe(ctx context.Context) (tgbotapi.User, error) {
	ctx, cancel := context.WithTimeout(ctx, callTimeout)
	defer cancel()
	me, err := c.with(ctx).GetMe()
	c.count(ctx, "getMe", err)
	if err != nil {
		return tgbotapi.User{}, fmt.Errorf("getMe: %w", scrub(err, c.bot.Token))
	}
	return me, nil
}

// with returns a copy of the library's bot whose requests carry ctx.
func (c *client) with(ctx context.Context) *tgbotapi.BotAPI {
	b := *c.bot
	b.Client = boundClient{ctx, c.bot.Client}
	return &b
}

// request makes one call of a Chattable, the method it names, once.
func (c *client) request(ctx context.Context, method string, ch tgbotapi.Chattable, timeout time.Duration) (*tgbotapi.APIResponse, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	resp, err := c.with(ctx).Request(ch)
	c.count(ctx, method, err)
	return resp, scrub(err, c.bot.Token)
}

// send makes a call of a Chattable, retried until it succeeds or fails for
// good. A message to a chat (d names one) waits for Telegram's limits on
// messages first; nothing else does.
func (c *client) send(ctx context.Context, d dest, method string, ch tgbotapi.Chattable) error {
	return c.sendUntil(ctx, d, method, ch, time.Time{}, nil)
}

// sendUntil is send, retried until deadline rather than maxAttempts times
// when deadline is not zero; before, when not nil, is called once, right
// before the call is first made.
func (c *client) sendUntil(ctx context.Context, d dest, method string, ch tgbotapi.Chattable, deadline time.Time, before func()) error {
	return c.retry(ctx, method, deadline, func(ctx context.Context) error {
		if d.chat != 0 {
			if err := c.limits.wait(ctx, d); err != nil {
				return err
			}
		}
		if before != nil {
			before()
			before = nil
		}
		_, err := c.request(ctx, method, ch, callTimeout)
		return err
	})
}

// call makes a call by name, for the parameters the library does not know
// (setWebhook's secret_token), retried like send.
func (c *client) call(ctx context.Context, method string, params tgbotapi.Params) error {
	return c.retry(ctx, method, time.Time{}, func(ctx context.Context) error {
		ctx, cancel := context.WithTimeout(ctx, callTimeout)
		defer cancel()
		_, err := c.with(ctx).MakeRequest(method, params)
		c.count(ctx, method, err)
		return scrub(err, c.bot.Token)
	})
}

// retry runs try until it succeeds, fails for good, or ctx is done, and
// while it fails for a while (5xx, the network, 429s): maxAttempts times,
// or with a deadline until the next try would start after it. Then it
// gives up, and says so in the log and the metrics.
func (c *client) retry(ctx context.Context, method string, deadline time.Time, try func(context.Context) error) error {
	start := time.Now()
	for attempt := 1; ; attempt++ {
		err := try(ctx)
		if err == nil {
			return nil
		}
		delay, again := retryDelay(err, attempt)
		if !again || ctx.Err() != nil {
			return fmt.Errorf("%s: %w", method, err)
		}
		// Without a deadline, maxAttempts tries within callBudget: a
		// 429's retry_after can be long, and a late toast or inline answer
		// is no answer.
		spent := attempt == maxAttempts || time.Since(start)+delay > callBudget
		if !deadline.IsZero() {
			spent = time.Now().Add(delay).After(deadline)
		}
		if spent {
			c.log.Error("Telegram call given up: it failed for too long", "method", method, "attempts", attempt,
				"for", time.Since(start).Round(time.Millisecond), "err", err)
			if m, ok := c.meter.(givingUp); ok {
				m.GaveUp(platform, method)
			}
			return fmt.Errorf("%s: given up after %d attempts: %w", method, attempt, err)
		}
		c.retrying(method, attempt, delay, err)
		if err := sleep(ctx, delay); err != nil {
			return fmt.Errorf("%s: %w", method, err)
		}
	}
}

// givingUp is a Meter that counts the calls given up after failing for too
// long (internal/ops' does).
type givingUp interface {
	GaveUp(platform, method string)
}

// count counts a call of method in the metrics, by how it ended.
func (c *client) count(ctx context.Context, method string, err error) {
	var apiErr *tgbotapi.Error
	var st *statusError
	status := "error"
	switch {
	case err == nil:
		status = "200"
	case ctx.Err() != nil:
		status = "canceled"
	case errors.As(err, &apiErr) && apiErr.Code >= 100 && apiErr.Code < 600:
		status = strconv.Itoa(apiErr.Code)
	case errors.As(err, &st):
		status = strconv.Itoa(st.Code)
	}
	c.meter.Call(platform, method, status)
}

// retrying logs and counts a call of method about to be tried again, after
// its attempt failed with err, in wait: a 429 as such.
func (c *client) retrying(method string, attempt int, wait time.Duration, err error) {
	reason := retryReason(err)
	c.meter.Retry(platform, method, reason)
	if reason == "429" {
		c.log.Warn("rate limited by Telegram (429); waiting", "method", method, "attempt", attempt, "wait", wait)
		return
	}
	c.log.Warn("Telegram call failed; retrying", "method", method, "attempt", attempt, "wait", wait, "err", err)
}

// retryReason says why a call is tried again: "429", "5xx" or "network".
func retryReason(err error) string {
	var apiErr *tgbotapi.Error
	var st *statusError
	switch {
	case errors.As(err, &apiErr) && (apiErr.RetryAfter > 0 || apiErr.Code == http.StatusTooManyRequests),
		errors.As(err, &st) && st.Code == http.StatusTooManyRequests:
		return "429"
	case errors.As(err, &apiErr) && apiErr.Code >= 500, errors.As(err, &st) && st.Code >= 500:
		return "5xx"
	}
	return "network"
}

// retryDelay says whether a failed call is worth another try, and when:
// after a 429's retry_after, or after a backoff for a 5xx, a network error
// or a cut-off answer. Anything else Telegram refused is refused for good.
func retryDelay(err error, attempt int) (time.Duration, bool) {
	var apiErr *tgbotapi.Error
	var status *statusError
	var urlErr *url.Error
	var syntaxErr *json.SyntaxError
	switch {
	case errors.As(err, &apiErr) && apiErr.RetryAfter > 0:
		return time.Duration(apiErr.RetryAfter) * time.Second, true
	case errors.As(err, &apiErr):
		return backoffIf(attempt, apiErr.Code == http.StatusTooManyRequests || apiErr.Code >= 500)
	case errors.As(err, &status):
		return backoffIf(attempt, status.Code == http.StatusTooManyRequests || status.Code >= 500)
	}
	return backoffIf(attempt, errors.As(err, &urlErr) || errors.As(err, &syntaxErr) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF))
}

func backoffIf(attempt int, again bool) (time.Duration, bool) {
	if !again {
		return 0, false
	}
	return backoff(attempt), true
}

// backoff is the wait before try attempt+1.
func backoff(attempt int) time.Duration {
	d := backoffBase
	for range attempt - 1 {
		if d *= 2; d >= backoffMax {
			return backoffMax
		}
	}
	return d
}

// refused reports whether Telegram refused the token: nothing will work.
func refused(err error) bool {
	var apiErr *tgbotapi.Error
	return errors.As(err, &apiErr) && (apiErr.Code == http.StatusUnauthorized || apiErr.Code == http.StatusNotFound)
}

// forbidden reports whether Telegram answered 403 Forbidden: to getMe, the
// bot is not allowed in.
func forbidden(err error) bool {
	var apiErr *tgbotapi.Error
	return errors.As(err, &apiErr) && apiErr.Code == http.StatusForbidden
}

// scrub takes the token out of err: the library's errors hold the request
// URL, and the URL holds the token.
func scrub(err error, token string) error {
	if err == nil || token == "" {
		return err
	}
	var urlErr *url.Error
	if errors.As(err, &urlErr) && err == error(urlErr) {
		c := *urlErr
		c.URL = strings.ReplaceAll(c.URL, token, "REDACTED")
		err = &c
	}
	if msg := err.Error(); strings.Contains(msg, token) {
		return &scrubbed{msg: strings.ReplaceAll(msg, token, "REDACTED"), err: err}
	}
	return err
}

// scrubbed is an error whose message had the token in it.
type scrubbed struct {
	msg string
	err error
}

func (e *scrubbed) Error() string { return e.msg }
func (e *scrubbed) Unwrap() error { return e.err }
