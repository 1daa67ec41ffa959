// Package telegramtest is a fake Telegram Bot API for tests, in memory or
// on loopback, for the adapter in bot/telegram and for whatever runs it.
//
// What it models of the Bot API (core.telegram.org/bots/api):
//   - Calls to /bot<token>/<method>, form-encoded, by GET or POST, answered
//     {"ok":true,"result":…} or {"ok":false,"error_code":…,"description":…};
//     a wrong token gets 401 Unauthorized, an unknown method 404 Not Found.
//   - getMe: the bot BotID, @BotUsername.
//   - getUpdates: the queued updates from offset on, at most limit, waiting
//     up to timeout seconds for one to come. An offset confirms every update
//     below it: they are gone for good. A second getUpdates ends the one in
//     flight with 409 Conflict, and while a webhook is set getUpdates is
//     refused with 409, as Telegram does.
//   - setWebhook (an https URL, a secret_token of 1-256 [A-Za-z0-9_-]),
//     deleteWebhook (drop_pending_updates too) and getWebhookInfo; Deliver
//     posts a queued update to the webhook as Telegram does, the secret in
//     X-Telegram-Bot-Api-Secret-Token, and confirms it on a 2xx answer.
//   - sendMessage, editMessageText (of a message it sent), sendChatAction,
//     answerInlineQuery, answerCallbackQuery and setMyCommands, checked as
//     Telegram checks them: parse_mode HTML
//     that parses (ParseHTML), texts of 1-4096 UTF-16 code units once
//     parsed, an inline keyboard whose buttons have a text and 1-64 bytes of
//     callback_data, at most 50 inline results with unique ids, a callback
//     query's answer of at most 200 characters, at most 100 commands named
//     by 1-32 [a-z0-9_] with descriptions of 1-256 characters, two-letter
//     language codes. A call that fails a check gets 400 Bad Request.
//
// Faults replace the next answers to a method: a 429 with retry_after, a
// proxy's 502 page, any Bot API error, a dropped connection. Every call made
// with the right token is recorded, for a test to wait for and read. It does
// not model Telegram's rate limits (a test injects the 429s), files, or
// any method not listed.
//
// A test runs the adapter, or a kutip process, against it:
//
//	api := telegramtest.NewServer(t, token)
//	api.Push(1, telegramtest.PrivateMessage(1, 5001, "id", "Berapa korban?"))
//	cfg := telegram.Config{Token: token, APIEndpoint: api.Endpoint} // a process: TELEGRAM_API_ENDPOINT
//	// … run the bot until …
//	msgs := api.Await(t, "sendMessage", 1)
//	html := msgs[0].Form.Get("text")
package telegramtest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// The fake's bot.
const (
	BotID       = 7000000001
	BotUsername = "kutipbot"
)

// A Call is one Bot API call the fake received with the right token.
type Call struct {
	Seq    int        // the order of the calls, from 0, whatever their method
	Method string     // "sendMessage"
	Form   url.Values // the call's parameters
	At     time.Time  // when it came
}

// A Fault is what the fake does instead of answering a call.
type Fault struct {
	Status int    // answer with this HTTP status…
	Body   string // …and body: a Bot API error in JSON, or a proxy's page
	Drop   bool   // or close the connection without an answer
}

// TooMany is the 429 Telegram answers a bot that sends too much: retry
// after so many seconds.
func TooMany(retryAfter int) Fault {
	return APIError(http.StatusTooManyRequests, fmt.Sprintf("Too Many Requests: retry after %d", retryAfter), retryAfter)
}

// APIError is a call refused by the Bot API with code and description
// ("Forbidden: bot was blocked by the user"); retryAfter, when not 0, goes
// in its parameters.
func APIError(code int, description string, retryAfter int) Fault {
	body := map[string]any{"ok": false, "error_code": code, "description": description}
	if retryAfter > 0 {
		body["parameters"] = map[string]any{"retry_after": retryAfter}
	}
	b, _ := json.Marshal(body)
	return Fault{Status: code, Body: string(b)}
}

// BadGateway is a proxy's 502 page, not the Bot API's answer.
func BadGateway() Fault {
	return Fault{Status: http.StatusBadGateway, Body: "<html><body><h1>502 Bad Gateway</h1></body></html>"}
}

// Dropped closes the connection without a word.
func Dropped() Fault { return Fault{Drop: true} }

// Server is a fake Bot API. Its zero value is not usable: call NewServer
// or NewPipeServer.
type Server struct {
	Token    string // the only token it takes
	Endpoint string // for the adapter's APIEndpoint: "http://host/bot%s/%s"

	t      testing.TB
	srv    *httptest.Server
	client *http.Client
	wait   time.Duration // how long Await waits
	done   chan struct{} // closed by Close: long polls end

	mu         sync.Mutex
	changed    chan struct{} // closed and replaced when a call or an update comes
	queue      []queued      // updates not yet confirmed, in the order pushed
	calls      []Call
	denied     []string // methods called with a wrong token
	faults     map[string][]Fault
	messageID  int
	hookURL    string
	hookSecret string
	poll       chan struct{} // closed to end the getUpdates in flight; nil when none
	admins     map[int64]bool
}

type queued struct {
	id  int
	raw string
}

func newServer(t testing.TB, token string) *Server {
	s := &Server{
		Token: token, t: t, done: make(chan struct{}), changed: make(chan struct{}),
		faults: map[string][]Fault{}, messageID: 1000,
	}
	s.srv = httptest.NewUnstartedServer(s)
	return s
}

// NewServer starts a fake Bot API on loopback that takes token; it stops
// when the test ends. Await waits up to 10 seconds.
func NewServer(t testing.TB, token string) *Server {
	s := newServer(t, token)
	s.srv.Start()
	s.client = s.srv.Client()
	s.Endpoint = s.srv.URL + "/bot%s/%s"
	s.wait = 10 * time.Second
	t.Cleanup(s.Close)
	return s
}

// NewPipeServer starts a fake Bot API that takes token on an in-memory
// network, for tests in a testing/synctest bubble: only Client reaches it.
// It stops when the test ends. Await waits up to 10 minutes of the
// bubble's time.
func NewPipeServer(t testing.TB, token string) *Server {
	s := newServer(t, token)
	pipe := NewPipe()
	s.srv.Listener.Close() // a loopback socket, never used
	s.srv.Listener = pipe
	s.srv.Start()
	s.client = pipe.Client()
	s.Endpoint = "http://telegram.test/bot%s/%s"
	s.wait = 10 * time.Minute
	t.Cleanup(s.Close)
	return s
}

// Admin makes user an administrator of every group, as getChatMember
// tells it; every other user is a plain member.
func (s *Server) Admin(user int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.admins == nil {
		s.admins = map[int64]bool{}
	}
	s.admins[user] = true
}

// Client returns an HTTP client that reaches the fake.
func (s *Server) Client() *http.Client { return s.client }

// Close ends the long polls in flight and stops the server.
func (s *Server) Close() {
	s.mu.Lock()
	select {
	case <-s.done:
		s.mu.Unlock()
		return
	default:
		close(s.done)
	}
	s.mu.Unlock()
	if tr, ok := s.client.Transport.(interface{ CloseIdleConnections() }); ok {
		tr.CloseIdleConnections()
	}
	s.srv.Close()
}

// changedLocked wakes whoever waits for a change; s.mu is held.
func (s *Server) changedLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// Push queues an update for getUpdates or Deliver: raw is its JSON, an
// Update object, and id its update_id (given apart, so that a test can
// queue a malformed one).
func (s *Server) Push(id int, raw string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.queue = append(s.queue, queued{id, raw})
	s.changedLocked()
}

// Fail makes the next calls of method fail, one fault a call, in order.
func (s *Server) Fail(method string, faults ...Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults[method] = append(s.faults[method], faults...)
}

// Calls returns the calls of method so far, or of every method for "".
func (s *Server) Calls(method string) []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.callsLocked(method)
}

func (s *Server) callsLocked(method string) []Call {
	var out []Call
	for _, c := range s.calls {
		if method == "" || c.Method == method {
			out = append(out, c)
		}
	}
	return out
}

// Await waits until method has been called n times and returns its calls;
// it fails the test when that takes too long.
func (s *Server) Await(t testing.TB, method string, n int) []Call {
	t.Helper()
	timeout := time.NewTimer(s.wait)
	defer timeout.Stop()
	for {
		s.mu.Lock()
		calls, changed := s.callsLocked(method), s.changed
		s.mu.Unlock()
		if len(calls) >= n {
			return calls
		}
		select {
		case <-changed:
		case <-timeout.C:
			t.Fatalf("telegramtest: %s was called %d times in %v, want %d", method, len(calls), s.wait, n)
			return nil
		}
	}
}

// Pending returns the ids of the updates not confirmed yet, in order.
func (s *Server) Pending() []int {
	s.mu.Lock()
	defer s.mu.Unlock()
	var ids []int
	for _, q := range s.queue {
		ids = append(ids, q.id)
	}
	return ids
}

// Denied returns the methods called with a wrong token, in order.
func (s *Server) Denied() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.denied)
}

// Webhook returns the webhook's URL and secret, "" when none is set.
func (s *Server) Webhook() (url, secret string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hookURL, s.hookSecret
}

// Deliver posts the first queued update to the webhook as Telegram does:
// to target ("" for the URL given to setWebhook) through c, with the secret
// in X-Telegram-Bot-Api-Secret-Token. A 2xx answer confirms the update;
// any other leaves it queued, to be delivered again. It returns the status
// of the answer, or 0 when no update is queued.
func (s *Server) Deliver(ctx context.Context, c *http.Client, target string) (int, error) {
	s.mu.Lock()
	if s.hookURL == "" {
		s.mu.Unlock()
		return 0, errors.New("telegramtest: deliver: no webhook is set")
	}
	if len(s.queue) == 0 {
		s.mu.Unlock()
		return 0, nil
	}
	q, secret := s.queue[0], s.hookSecret
	if target == "" {
		target = s.hookURL
	}
	s.mu.Unlock()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, strings.NewReader(q.raw))
	if err != nil {
		return 0, fmt.Errorf("telegramtest: deliver: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	if secret != "" {
		req.Header.Set("X-Telegram-Bot-Api-Secret-Token", secret)
	}
	resp, err := c.Do(req)
	if err != nil {
		return 0, fmt.Errorf("telegramtest: deliver update %d: %w", q.id, err)
	}
	resp.Body.Close()
	if resp.StatusCode/100 == 2 {
		s.mu.Lock()
		if i := slices.IndexFunc(s.queue, func(p queued) bool { return p.id == q.id }); i >= 0 {
			s.queue = slices.Delete(s.queue, i, i+1)
		}
		s.changedLocked()
		s.mu.Unlock()
	}
	return resp.StatusCode, nil
}

// ServeHTTP answers a Bot API call.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	token, method, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/bot"), "/")
	if !strings.HasPrefix(r.URL.Path, "/bot") || token != s.Token {
		s.mu.Lock()
		s.denied = append(s.denied, method)
		s.mu.Unlock()
		apiError(w, http.StatusUnauthorized, "Unauthorized")
		return
	}
	if r.Method != http.MethodPost && r.Method != http.MethodGet {
		apiError(w, http.StatusMethodNotAllowed, "Method Not Allowed")
		return
	}
	if err := r.ParseForm(); err != nil {
		apiError(w, http.StatusBadRequest, "Bad Request: "+err.Error())
		return
	}
	s.mu.Lock()
	s.calls = append(s.calls, Call{Seq: len(s.calls), Method: method, Form: r.Form, At: time.Now()})
	var ft *Fault
	if q := s.faults[method]; len(q) > 0 {
		ft, s.faults[method] = &q[0], q[1:]
	}
	s.changedLocked()
	s.mu.Unlock()
	if ft != nil {
		s.fault(w, *ft)
		return
	}
	form := r.Form
	switch method {
	case "getMe":
		ok(w, map[string]any{"id": BotID, "is_bot": true, "first_name": "kutip", "username": BotUsername,
			"can_join_groups": true, "can_read_all_group_messages": false, "supports_inline_queries": true})
	case "getUpdates":
		s.getUpdates(w, r)
	case "sendMessage":
		s.sendMessage(w, form)
	case "editMessageText":
		s.editMessageText(w, form)
	case "sendChatAction":
		if form.Get("chat_id") == "" || !slices.Contains(chatActions, form.Get("action")) {
			apiError(w, http.StatusBadRequest, "Bad Request: wrong parameter action in request")
			return
		}
		ok(w, true)
	case "answerCallbackQuery":
		if form.Get("callback_query_id") == "" {
			apiError(w, http.StatusBadRequest, "Bad Request: query is too old and response timeout expired or query ID is invalid")
			return
		}
		if Len(form.Get("text")) > 200 {
			apiError(w, http.StatusBadRequest, "Bad Request: MESSAGE_TOO_LONG")
			return
		}
		ok(w, true)
	case "answerInlineQuery":
		if form.Get("inline_query_id") == "" {
			apiError(w, http.StatusBadRequest, "Bad Request: QUERY_ID_INVALID")
			return
		}
		if err := checkInline(form.Get("results"), form.Get("next_offset")); err != nil {
			apiError(w, http.StatusBadRequest, "Bad Request: "+err.Error())
			return
		}
		ok(w, true)
	case "setMyCommands":
		if err := checkCommands(form.Get("commands"), form.Get("language_code")); err != nil {
			apiError(w, http.StatusBadRequest, "Bad Request: "+err.Error())
			return
		}
		ok(w, true)
	case "setWebhook":
		s.setWebhook(w, form)
	case "deleteWebhook":
		s.mu.Lock()
		s.hookURL, s.hookSecret = "", ""
		if form.Get("drop_pending_updates") == "true" {
			s.queue = nil
		}
		s.mu.Unlock()
		ok(w, true)
	case "getChatMember":
		user, err := strconv.ParseInt(form.Get("user_id"), 10, 64)
		if form.Get("chat_id") == "" || err != nil {
			apiError(w, http.StatusBadRequest, "Bad Request: invalid user_id specified")
			return
		}
		s.mu.Lock()
		status := "member"
		if s.admins[user] {
			status = "administrator"
		}
		s.mu.Unlock()
		ok(w, map[string]any{"status": status, "user": map[string]any{"id": user, "is_bot": false, "first_name": "Anggota"}})
	case "getWebhookInfo":
		s.mu.Lock()
		info := map[string]any{"url": s.hookURL, "has_custom_certificate": false, "pending_update_count": len(s.queue)}
		s.mu.Unlock()
		ok(w, info)
	default:
		apiError(w, http.StatusNotFound, "Not Found")
	}
}

var chatActions = []string{"typing", "upload_photo", "record_video", "upload_video", "record_voice",
	"upload_voice", "upload_document", "choose_sticker", "find_location", "record_video_note", "upload_video_note"}

func (s *Server) fault(w http.ResponseWriter, ft Fault) {
	if ft.Drop {
		conn, _, err := http.NewResponseController(w).Hijack()
		if err != nil {
			s.t.Errorf("telegramtest: hijack: %v", err)
			return
		}
		conn.Close()
		return
	}
	if strings.HasPrefix(ft.Body, "{") {
		w.Header().Set("Content-Type", "application/json")
	} else {
		w.Header().Set("Content-Type", "text/html")
	}
	w.WriteHeader(ft.Status)
	fmt.Fprint(w, ft.Body)
}

// getUpdates confirms the updates below offset, then answers those from
// it on, waiting up to timeout seconds for one to come.
func (s *Server) getUpdates(w http.ResponseWriter, r *http.Request) {
	offset, _ := strconv.Atoi(r.Form.Get("offset"))
	limit, err := strconv.Atoi(r.Form.Get("limit"))
	if err != nil || limit < 1 || limit > 100 {
		limit = 100
	}
	timeout, _ := strconv.Atoi(r.Form.Get("timeout"))
	s.mu.Lock()
	if s.hookURL != "" {
		s.mu.Unlock()
		apiError(w, http.StatusConflict, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first")
		return
	}
	if s.poll != nil {
		close(s.poll) // one poll at a time: the later one wins
	}
	mine := make(chan struct{})
	s.poll = mine
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		if s.poll == mine {
			s.poll = nil
		}
		s.mu.Unlock()
	}()
	deadline := time.NewTimer(time.Duration(max(timeout, 0)) * time.Second)
	defer deadline.Stop()
	for {
		s.mu.Lock()
		var keep []queued
		var raws []string
		for _, q := range s.queue {
			if q.id < offset {
				continue // confirmed
			}
			keep = append(keep, q)
			if len(raws) < limit {
				raws = append(raws, q.raw)
			}
		}
		s.queue = keep
		changed := s.changed
		s.mu.Unlock()
		if len(raws) > 0 || timeout <= 0 {
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprintf(w, `{"ok":true,"result":[%s]}`, strings.Join(raws, ","))
			return
		}
		select {
		case <-changed:
		case <-deadline.C:
			timeout = 0
		case <-mine:
			apiError(w, http.StatusConflict, "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running")
			return
		case <-r.Context().Done():
			return
		case <-s.done:
			timeout = 0
		}
	}
}

func (s *Server) sendMessage(w http.ResponseWriter, form url.Values) {
	chat, err := strconv.ParseInt(form.Get("chat_id"), 10, 64)
	if err != nil || chat == 0 {
		apiError(w, http.StatusBadRequest, "Bad Request: chat not found")
		return
	}
	text, valid := checkMessage(w, form)
	if !valid {
		return
	}
	s.mu.Lock()
	s.messageID++
	id := s.messageID
	s.mu.Unlock()
	answerMessage(w, chat, id, text, false)
}

// editMessageText edits a message the bot sent: its chat_id and
// message_id (or an inline_message_id), its new text and keyboard checked
// as sendMessage checks them.
func (s *Server) editMessageText(w http.ResponseWriter, form url.Values) {
	chat, _ := strconv.ParseInt(form.Get("chat_id"), 10, 64)
	id, _ := strconv.Atoi(form.Get("message_id"))
	s.mu.Lock()
	sent := s.messageID
	s.mu.Unlock()
	if form.Get("inline_message_id") == "" && (chat == 0 || id <= 0 || id > sent) {
		apiError(w, http.StatusBadRequest, "Bad Request: message to edit not found")
		return
	}
	if text, valid := checkMessage(w, form); valid {
		answerMessage(w, chat, id, text, true)
	}
}

// checkMessage checks a message's text and keyboard, and answers 400 when
// they are not as Telegram takes them; it returns the text as shown.
func checkMessage(w http.ResponseWriter, form url.Values) (string, bool) {
	text, err := checkText(form.Get("text"), form.Get("parse_mode"))
	if err == nil {
		err = checkKeyboard(form.Get("reply_markup"))
	}
	if err != nil {
		apiError(w, http.StatusBadRequest, "Bad Request: "+err.Error())
		return "", false
	}
	return text, true
}

// answerMessage answers with the message the bot sent or edited.
func answerMessage(w http.ResponseWriter, chat int64, id int, text string, edited bool) {
	kind := "private"
	if chat < 0 {
		kind = "supergroup"
	}
	m := map[string]any{"message_id": id, "date": time.Now().Unix(), "text": text,
		"from": map[string]any{"id": BotID, "is_bot": true, "first_name": "kutip", "username": BotUsername},
		"chat": map[string]any{"id": chat, "type": kind}}
	if edited {
		m["edit_date"] = time.Now().Unix()
	}
	ok(w, m)
}

func (s *Server) setWebhook(w http.ResponseWriter, form url.Values) {
	u, err := url.Parse(form.Get("url"))
	if err != nil || u.Scheme != "https" || u.Host == "" {
		apiError(w, http.StatusBadRequest, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook")
		return
	}
	secret := form.Get("secret_token")
	if secret != "" && !secretToken.MatchString(secret) {
		apiError(w, http.StatusBadRequest, "Bad Request: secret token contains unallowed characters")
		return
	}
	s.mu.Lock()
	s.hookURL, s.hookSecret = u.String(), secret
	if s.poll != nil {
		close(s.poll)
		s.poll = nil
	}
	s.mu.Unlock()
	ok(w, true)
}

func ok(w http.ResponseWriter, result any) {
	writeJSON(w, http.StatusOK, map[string]any{"ok": true, "result": result})
}

// apiError answers as the Bot API does when a call fails.
func apiError(w http.ResponseWriter, code int, description string) {
	writeJSON(w, code, map[string]any{"ok": false, "error_code": code, "description": description})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	var b bytes.Buffer
	json.NewEncoder(&b).Encode(v)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(b.Bytes())
}
