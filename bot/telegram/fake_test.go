package telegram

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/kutip/kutip/bot"
)

const (
	testEndpoint = "http://telegram.test/bot%s/%s"
	botID        = 7000000001
)

// fakeAPI is a Bot API server as core.telegram.org/bots/api describes it:
// form-encoded calls to /bot<token>/<method>, answers {"ok":…,"result":…}
// or {"ok":false,"error_code":…,"description":…,"parameters":…}, and
// getUpdates with its offset and timeout. It checks what it is sent as
// Telegram would: HTML that parses, texts within 4096 UTF-16 code units.
type fakeAPI struct {
	t      testing.TB
	mu     sync.Mutex
	queue  []queued      // updates not yet confirmed, by id
	wake   chan struct{} // closed when an update comes
	calls  []apiCall
	faults map[string][]fault
	msgID  int
	denied []string // methods called with a wrong token
}

type queued struct {
	id  int
	raw string
}

// An apiCall is one call the fake answered, or failed on purpose.
type apiCall struct {
	Seq    int // the order of the calls
	Method string
	Form   url.Values
	At     time.Time
}

// A fault is what the fake does instead of answering a call.
type fault struct {
	status int    // answer with this status…
	body   string // …and body: JSON, or not
	drop   bool   // or close the connection without a word
}

func newFakeAPI(t testing.TB) *fakeAPI {
	return &fakeAPI{t: t, wake: make(chan struct{}), faults: map[string][]fault{}, msgID: 1000}
}

// push queues updates; each is a JSON Update whose update_id is id.
func (f *fakeAPI) push(id int, raw string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.queue = append(f.queue, queued{id, raw})
	close(f.wake)
	f.wake = make(chan struct{})
}

// fail makes the next calls of method fail, one fault a call.
func (f *fakeAPI) fail(method string, faults ...fault) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.faults[method] = append(f.faults[method], faults...)
}

// sent returns the calls of method so far.
func (f *fakeAPI) sent(method string) []apiCall {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []apiCall
	for _, c := range f.calls {
		if c.Method == method {
			out = append(out, c)
		}
	}
	return out
}

// pending returns the ids of the updates not confirmed yet.
func (f *fakeAPI) pending() []int {
	f.mu.Lock()
	defer f.mu.Unlock()
	var ids []int
	for _, q := range f.queue {
		ids = append(ids, q.id)
	}
	return ids
}

func (f *fakeAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	token, method, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), "/")
	if r.Method != http.MethodPost || token != "bot"+testToken {
		f.mu.Lock()
		f.denied = append(f.denied, method)
		f.mu.Unlock()
		apiError(w, http.StatusUnauthorized, "Unauthorized", "")
		return
	}
	if err := r.ParseForm(); err != nil {
		apiError(w, http.StatusBadRequest, "Bad Request: "+err.Error(), "")
		return
	}
	f.mu.Lock()
	f.calls = append(f.calls, apiCall{Seq: len(f.calls), Method: method, Form: r.PostForm, At: time.Now()})
	var ft *fault
	if q := f.faults[method]; len(q) > 0 {
		ft, f.faults[method] = &q[0], q[1:]
	}
	f.mu.Unlock()
	switch {
	case ft != nil && ft.drop:
		conn, _, err := http.NewResponseController(w).Hijack()
		if err != nil {
			f.t.Errorf("fake: hijack: %v", err)
			return
		}
		conn.Close()
		return
	case ft != nil:
		if strings.HasPrefix(ft.body, "{") {
			w.Header().Set("Content-Type", "application/json")
		} else {
			w.Header().Set("Content-Type", "text/html")
		}
		w.WriteHeader(ft.status)
		fmt.Fprint(w, ft.body)
		return
	}
	form := r.PostForm
	switch method {
	case "getMe":
		b, err := os.ReadFile(filepath.Join("testdata", "getMe.json"))
		if err != nil {
			f.t.Errorf("fake: %v", err)
		}
		writeJSON(w, json.RawMessage(b))
	case "getUpdates":
		f.getUpdates(w, r)
	case "sendMessage":
		text, err := checkText(form.Get("text"), form.Get("parse_mode"))
		if err != nil {
			apiError(w, http.StatusBadRequest, "Bad Request: "+err.Error(), "")
			return
		}
		chat, err := strconv.ParseInt(form.Get("chat_id"), 10, 64)
		if err != nil {
			apiError(w, http.StatusBadRequest, "Bad Request: chat not found", "")
			return
		}
		f.mu.Lock()
		f.msgID++
		id := f.msgID
		f.mu.Unlock()
		ok(w, map[string]any{"message_id": id, "date": time.Now().Unix(), "text": text,
			"from": map[string]any{"id": botID, "is_bot": true, "first_name": "kutip", "username": "kutipbot"},
			"chat": map[string]any{"id": chat, "type": "private"}})
	case "answerInlineQuery":
		if err := checkInlineResults(form.Get("results")); err != nil || form.Get("inline_query_id") == "" {
			apiError(w, http.StatusBadRequest, fmt.Sprintf("Bad Request: %v", err), "")
			return
		}
		ok(w, true)
	case "setMyCommands":
		if err := checkCommands(form.Get("commands")); err != nil {
			apiError(w, http.StatusBadRequest, "Bad Request: "+err.Error(), "")
			return
		}
		ok(w, true)
	case "sendChatAction":
		if form.Get("chat_id") == "" || form.Get("action") == "" {
			apiError(w, http.StatusBadRequest, "Bad Request: chat_id and action are required", "")
			return
		}
		ok(w, true)
	case "setWebhook":
		if u, err := url.Parse(form.Get("url")); err != nil || u.Scheme != "https" {
			apiError(w, http.StatusBadRequest, "Bad Request: bad webhook: HTTPS url must be provided for webhook", "")
			return
		}
		ok(w, true)
	case "deleteWebhook":
		ok(w, true)
	default:
		apiError(w, http.StatusNotFound, "Not Found", "")
	}
}

// getUpdates confirms the updates below offset, then answers those from it
// on, waiting up to timeout seconds for one to come.
func (f *fakeAPI) getUpdates(w http.ResponseWriter, r *http.Request) {
	offset, _ := strconv.Atoi(r.PostForm.Get("offset"))
	limit, err := strconv.Atoi(r.PostForm.Get("limit"))
	if err != nil || limit < 1 || limit > 100 {
		limit = 100
	}
	timeout, _ := strconv.Atoi(r.PostForm.Get("timeout"))
	deadline := time.NewTimer(time.Duration(timeout) * time.Second)
	defer deadline.Stop()
	for {
		f.mu.Lock()
		var keep []queued
		var raws []string
		for _, q := range f.queue {
			if q.id < offset {
				continue // confirmed
			}
			keep = append(keep, q)
			if len(raws) < limit {
				raws = append(raws, q.raw)
			}
		}
		f.queue = keep
		wake := f.wake
		f.mu.Unlock()
		if len(raws) > 0 || timeout <= 0 {
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprintf(w, `{"ok":true,"result":[%s]}`, strings.Join(raws, ","))
			return
		}
		select {
		case <-wake:
		case <-deadline.C:
			timeout = 0
		case <-r.Context().Done():
			return
		}
	}
}

func ok(w http.ResponseWriter, result any) {
	writeJSON(w, map[string]any{"ok": true, "result": result})
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(v)
}

// apiError answers as the Bot API does when a call fails.
func apiError(w http.ResponseWriter, code int, desc, params string) {
	body := map[string]any{"ok": false, "error_code": code, "description": desc}
	if params != "" {
		body["parameters"] = json.RawMessage(params)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(body)
}

// tooMany is a 429 as Telegram sends it.
func tooMany(retryAfter int) fault {
	return fault{status: http.StatusTooManyRequests, body: fmt.Sprintf(
		`{"ok":false,"error_code":429,"description":"Too Many Requests: retry after %d","parameters":{"retry_after":%d}}`, retryAfter, retryAfter)}
}

// badGateway is a proxy's 502, not the Bot API's.
var badGateway = fault{status: http.StatusBadGateway, body: "<html><body><h1>502 Bad Gateway</h1></body></html>"}

// checkText checks a message's text as Telegram does and returns the text
// shown.
func checkText(text, parseMode string) (string, error) {
	if parseMode == "HTML" {
		var err error
		if text, err = parseHTML(text); err != nil {
			return "", fmt.Errorf("can't parse entities: %w", err)
		}
	}
	switch n := telegramLen(strings.TrimSpace(text)); {
	case n == 0:
		return "", errors.New("message text is empty")
	case n > maxMessage:
		return "", errors.New("message is too long")
	}
	return text, nil
}

func checkInlineResults(results string) error {
	var rs []struct {
		Type, ID, Title     string
		InputMessageContent struct {
			MessageText string `json:"message_text"`
			ParseMode   string `json:"parse_mode"`
		} `json:"input_message_content"`
	}
	if err := json.Unmarshal([]byte(results), &rs); err != nil {
		return err
	}
	if len(rs) > 50 {
		return errors.New("too many results")
	}
	ids := map[string]bool{}
	for _, r := range rs {
		if r.Type != "article" || r.ID == "" || len(r.ID) > 64 || ids[r.ID] || r.Title == "" {
			return fmt.Errorf("bad result %+v", r)
		}
		ids[r.ID] = true
		if _, err := checkText(r.InputMessageContent.MessageText, r.InputMessageContent.ParseMode); err != nil {
			return err
		}
	}
	return nil
}

var commandName = regexp.MustCompile(`^[a-z0-9_]{1,32}$`)

func checkCommands(commands string) error {
	var cs []struct{ Command, Description string }
	if err := json.Unmarshal([]byte(commands), &cs); err != nil {
		return err
	}
	for _, c := range cs {
		if !commandName.MatchString(c.Command) || c.Description == "" || len(c.Description) > 256 {
			return fmt.Errorf("bad command %+v", c)
		}
	}
	return nil
}

// pipeNet is an in-memory network of net.Pipe connections: a bubble of
// testing/synctest cannot wait on loopback sockets, but can on pipes.
type pipeNet struct {
	conns  chan net.Conn
	closed chan struct{}
	once   sync.Once
}

func newPipeNet() *pipeNet {
	return &pipeNet{conns: make(chan net.Conn), closed: make(chan struct{})}
}

func (p *pipeNet) Accept() (net.Conn, error) {
	select {
	case c := <-p.conns:
		return c, nil
	case <-p.closed:
		return nil, net.ErrClosed
	}
}

func (p *pipeNet) Close() error {
	p.once.Do(func() { close(p.closed) })
	return nil
}

func (p *pipeNet) Addr() net.Addr { return pipeAddr{} }

func (p *pipeNet) dial(ctx context.Context, _, _ string) (net.Conn, error) {
	client, server := net.Pipe()
	select {
	case p.conns <- server:
		return client, nil
	case <-p.closed:
		return nil, &net.OpError{Op: "dial", Net: "pipe", Err: errors.New("connection refused")}
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

type pipeAddr struct{}

func (pipeAddr) Network() string { return "pipe" }
func (pipeAddr) String() string  { return "telegram.test" }

// serve serves h on a pipe network until the test ends, and returns a
// client that reaches it whatever the URL's host.
func serve(t *testing.T, h http.Handler) (*httptest.Server, *http.Client) {
	pn := newPipeNet()
	srv := httptest.NewUnstartedServer(h)
	srv.Listener.Close() // a loopback socket, never used
	srv.Listener = pn
	srv.Start()
	tr := &http.Transport{DialContext: pn.dial}
	t.Cleanup(func() {
		tr.CloseIdleConnections()
		srv.Close()
	})
	return srv, &http.Client{Transport: tr}
}

// A harness runs bots against a fake API, in a synctest bubble.
type harness struct {
	t      *testing.T
	api    *fakeAPI
	client *http.Client
	logs   *syncBuffer
	state  string
}

func newHarness(t *testing.T) *harness {
	h := &harness{t: t, api: newFakeAPI(t), logs: &syncBuffer{}, state: t.TempDir()}
	_, h.client = serve(t, h.api)
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("logs:\n%s", h.logs)
		}
	})
	return h
}

func (h *harness) config() Config {
	return Config{Token: testToken, APIEndpoint: testEndpoint, HTTPClient: h.client, StateDir: h.state}
}

func (h *harness) logger() *slog.Logger {
	return slog.New(slog.NewTextHandler(h.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// start runs a bot until the returned stop is called; stop returns Run's
// error.
func (h *harness) start(cfg Config, handler bot.Handler) (stop func() error) {
	h.t.Helper()
	b, err := New(h.t.Context(), h.logger(), cfg, handler)
	if err != nil {
		h.t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- b.Run(ctx) }()
	stopped := false
	stop = func() error {
		if stopped {
			return nil
		}
		stopped = true
		cancel()
		return <-done
	}
	h.t.Cleanup(func() { stop() })
	return stop
}

// await waits, in the bubble's time, until method has been called n times.
func (h *harness) await(method string, n int) []apiCall {
	h.t.Helper()
	for start := time.Now(); time.Since(start) < 10*time.Minute; time.Sleep(100 * time.Millisecond) {
		if calls := h.api.sent(method); len(calls) >= n {
			return calls
		}
	}
	h.t.Fatalf("%s was called %d times, want %d", method, len(h.api.sent(method)), n)
	return nil
}

// settle lets a minute pass, then waits for every goroutine to block: what
// the bot was going to send is sent.
func (h *harness) settle() {
	time.Sleep(time.Minute)
	synctest.Wait()
}

// wantSent checks that method was called n times in all.
func (h *harness) wantSent(method string, n int) {
	h.t.Helper()
	if got := len(h.api.sent(method)); got != n {
		h.t.Errorf("%s was called %d times, want %d", method, got, n)
	}
}

// wantConfirmed checks that every update was confirmed to the fake.
func (h *harness) wantConfirmed() {
	h.t.Helper()
	if got := h.api.pending(); len(got) != 0 {
		h.t.Errorf("updates %v are still pending", got)
	}
}

// testUpdate reads testdata/updates/name.json, as its update_id and JSON.
func testUpdate(t testing.TB, name string) (int, string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "updates", name+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var u struct {
		UpdateID int `json:"update_id"`
	}
	if err := json.Unmarshal(b, &u); err != nil {
		t.Fatal(err)
	}
	var compact bytes.Buffer
	json.Compact(&compact, b)
	return u.UpdateID, compact.String()
}

// message is a private message update: from user, in their chat.
func message(id int, user int64, lang, text string) string {
	b, _ := json.Marshal(map[string]any{"update_id": id, "message": map[string]any{
		"message_id": id * 10, "date": 1601280000, "text": text,
		"from": map[string]any{"id": user, "is_bot": false, "first_name": "Pengguna", "language_code": lang},
		"chat": map[string]any{"id": user, "first_name": "Pengguna", "type": "private"},
	}})
	return string(b)
}

// syncBuffer is a bytes.Buffer for several goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func slogTo(w *syncBuffer) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelDebug}))
}
