// Package discordtest is a fake Discord for tests, on loopback: the REST API
// under /api/v9/ that discordgo v0.29.0 calls (gateway, users/@me, command
// registration, interaction callbacks, follow-up webhooks, channel messages)
// and a websocket gateway that speaks the protocol (HELLO, IDENTIFY, READY,
// heartbeats and their ACKs, RESUME, RECONNECT, INVALID_SESSION) and
// dispatches the events a test gives it. Every request is recorded, for the
// test to wait for and read; Fail makes the next answers to a route a 429
// or a 5xx instead. Messages and interaction responses are refused with
// 400 when their components are not as Discord takes them (5 rows of 5
// buttons or of one select menu, custom_id of 1-100 characters). It does not model Discord's
// rate limits.
package discordtest

import (
	"bytes"
	"compress/zlib"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/gorilla/websocket"
)

// The fake's bot user and application.
const (
	BotID    = "900000000000000001"
	BotName  = "kutip"
	AppID    = "900000000000000002"
	GuildID  = "900000000000000003"
	Gateway  = "GATEWAY" // the Method of what a client sent on the gateway
	Identify = "IDENTIFY"
	Resume   = "RESUME"
	Beat     = "HEARTBEAT"
)

// HeartbeatInterval is the interval the fake's HELLO asks for: short, so
// that tests see heartbeats and their ACKs.
const HeartbeatInterval = 200 * time.Millisecond

// A Request is what a client sent: an HTTP request, or a gateway payload.
type Request struct {
	Method string      // the HTTP method, or Gateway
	Path   string      // the URL path, or the gateway opcode: Identify, Resume, Beat
	Header http.Header // nil for the gateway
	Body   []byte      // the HTTP body, or the payload's "d"
	At     time.Time   // when it came
	taken  bool
}

// JSON decodes the body into v.
func (r *Request) JSON(v any) error { return json.Unmarshal(r.Body, v) }

// Server is a fake Discord. Its zero value is not usable: call NewServer.
type Server struct {
	URL   string // the API base, as DISCORD_API_BASE_URL: "http://127.0.0.1:port/"
	Token string // the bot token it accepts, without "Bot "

	srv *httptest.Server

	mu       sync.Mutex
	changed  chan struct{} // closed and replaced when a request is recorded
	requests []*Request
	conns    map[*conn]bool
	current  *conn // the gateway connection events go to; nil when none
	session  string
	sessions int
	seq      int64
	events   []payload // this session's dispatches, for RESUME
	ids      int64
	faults   []fault
}

// A Fault is what the fake answers a request with instead of its answer.
type Fault struct {
	Status int
	Body   string // JSON
}

type fault struct {
	method, pattern string
	Fault
}

// TooMany is Discord's 429: retry after so long.
func TooMany(retryAfter time.Duration) Fault {
	return Fault{Status: http.StatusTooManyRequests,
		Body: fmt.Sprintf(`{"message": "You are being rate limited.", "retry_after": %g, "global": false}`, retryAfter.Seconds())}
}

// BadGateway is a 502 from Discord's edge.
func BadGateway() Fault {
	return Fault{Status: http.StatusBadGateway, Body: `{"message": "502: Bad Gateway", "code": 0}`}
}

// Fail makes the next requests whose method is method and whose path
// matches pattern (as WaitRequest matches them) get faults, one each, in
// order, in place of their answers. They are recorded all the same.
func (s *Server) Fail(method, pattern string, faults ...Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, f := range faults {
		s.faults = append(s.faults, fault{method, pattern, f})
	}
}

// failed answers r with the first fault for it, if there is one.
func (s *Server) failed(w http.ResponseWriter, r *http.Request) bool {
	s.mu.Lock()
	var f *fault
	for i, ft := range s.faults {
		if ok, _ := path.Match(ft.pattern, r.URL.Path); ok && ft.method == r.Method {
			f = &ft
			s.faults = append(s.faults[:i:i], s.faults[i+1:]...)
			break
		}
	}
	s.mu.Unlock()
	if f == nil {
		return false
	}
	s.record(r)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(f.Status)
	io.WriteString(w, f.Body)
	return true
}

// NewServer starts a fake Discord that accepts token; it stops when the test ends.
func NewServer(t testing.TB, token string) *Server {
	s := &Server{Token: token, changed: make(chan struct{}), conns: map[*conn]bool{}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/v9/gateway", s.gateway)
	mux.HandleFunc("GET /api/v9/users/@me", s.authed(s.me))
	mux.HandleFunc("PUT /api/v9/applications/{app}/commands", s.authed(s.commands))
	mux.HandleFunc("PUT /api/v9/applications/{app}/guilds/{guild}/commands", s.authed(s.commands))
	mux.HandleFunc("POST /api/v9/interactions/{id}/{token}/callback", s.callback)
	mux.HandleFunc("POST /api/v9/webhooks/{app}/{token}", s.message)
	mux.HandleFunc("PATCH /api/v9/webhooks/{app}/{token}/messages/{message}", s.message)
	mux.HandleFunc("POST /api/v9/channels/{channel}/messages", s.authed(s.message))
	mux.HandleFunc("POST /api/v9/channels/{channel}/typing", s.authed(s.noContent))
	mux.HandleFunc("GET /gateway/", s.websocket)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.record(r)
		httpError(w, http.StatusNotFound, "404: Not Found")
	})
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !s.failed(w, r) {
			mux.ServeHTTP(w, r)
		}
	}))
	s.URL = s.srv.URL + "/"
	t.Cleanup(s.Close)
	return s
}

// Close drops every gateway connection and stops the server.
func (s *Server) Close() {
	s.mu.Lock()
	for c := range s.conns {
		c.ws.Close()
	}
	s.mu.Unlock()
	s.srv.Close()
}

// WaitRequest waits for a request not yet taken whose method is method and
// whose path matches pattern (path.Match: "*" stands for one segment), takes
// it and returns it. It fails the test after 10 seconds.
func (s *Server) WaitRequest(t testing.TB, method, pattern string) *Request {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		s.mu.Lock()
		for _, r := range s.requests {
			if ok, _ := path.Match(pattern, r.Path); ok && !r.taken && r.Method == method {
				r.taken = true
				s.mu.Unlock()
				return r
			}
		}
		changed := s.changed
		s.mu.Unlock()
		select {
		case <-changed:
		case <-deadline:
			t.Fatalf("no %s %s in 10s; got:\n%s", method, pattern, s.summary())
			return nil
		}
	}
}

// Received returns how many requests the fake has had, over HTTP and the
// gateway.
func (s *Server) Received() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.requests)
}

// Requests returns every request so far whose method is method and whose
// path matches pattern, taken or not.
func (s *Server) Requests(method, pattern string) []*Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []*Request
	for _, r := range s.requests {
		if ok, _ := path.Match(pattern, r.Path); ok && r.Method == method {
			out = append(out, r)
		}
	}
	return out
}

func (s *Server) summary() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var b strings.Builder
	for _, r := range s.requests {
		if r.Path != Beat {
			fmt.Fprintf(&b, "  %s %s\n", r.Method, r.Path)
		}
	}
	return b.String()
}

func (s *Server) add(r *Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.addLocked(r)
}

func (s *Server) addLocked(r *Request) {
	r.At = time.Now()
	s.requests = append(s.requests, r)
	close(s.changed)
	s.changed = make(chan struct{})
}

func (s *Server) record(r *http.Request) *Request {
	body, _ := io.ReadAll(r.Body)
	req := &Request{Method: r.Method, Path: r.URL.Path, Header: r.Header.Clone(), Body: body}
	s.add(req)
	return req
}

func (s *Server) nextID() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.ids++
	return strconv.FormatInt(910000000000000000+s.ids, 10)
}

// authed lets through only requests that carry the bot's token.
func (s *Server) authed(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bot "+s.Token {
			s.record(r)
			httpError(w, http.StatusUnauthorized, "401: Unauthorized")
			return
		}
		next(w, r)
	}
}

func httpError(w http.ResponseWriter, code int, msg string) {
	writeJSON(w, code, map[string]any{"message": msg, "code": 0})
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(v)
}

func (s *Server) gateway(w http.ResponseWriter, r *http.Request) {
	s.record(r)
	writeJSON(w, http.StatusOK, map[string]string{"url": "ws" + strings.TrimPrefix(s.srv.URL, "http") + "/gateway"})
}

func botUser() map[string]any {
	return map[string]any{"id": BotID, "username": BotName, "discriminator": "0", "global_name": nil, "avatar": nil, "bot": true}
}

func (s *Server) me(w http.ResponseWriter, r *http.Request) {
	s.record(r)
	writeJSON(w, http.StatusOK, botUser())
}

func (s *Server) commands(w http.ResponseWriter, r *http.Request) {
	req := s.record(r)
	if r.PathValue("app") != AppID {
		httpError(w, http.StatusForbidden, "Missing Access")
		return
	}
	var cmds []map[string]any
	if err := req.JSON(&cmds); err != nil {
		httpError(w, http.StatusBadRequest, "Invalid Form Body")
		return
	}
	for _, c := range cmds {
		c["id"], c["application_id"], c["version"] = s.nextID(), AppID, "1"
		if g := r.PathValue("guild"); g != "" {
			c["guild_id"] = g
		}
	}
	writeJSON(w, http.StatusOK, cmds)
}

// callback answers an interaction's response: 204, or 400 when its
// components are not as Discord takes them.
func (s *Server) callback(w http.ResponseWriter, r *http.Request) {
	req := s.record(r)
	var resp struct {
		Data struct {
			Components []component `json:"components"`
		} `json:"data"`
	}
	if err := req.JSON(&resp); err != nil || checkComponents(resp.Data.Components) != nil {
		httpError(w, http.StatusBadRequest, "Invalid Form Body")
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// A component is a message component as a client sends it.
type component struct {
	Type        int         `json:"type"`
	CustomID    string      `json:"custom_id"`
	Label       string      `json:"label"`
	Placeholder string      `json:"placeholder"`
	Options     []option    `json:"options"`
	Components  []component `json:"components"`
}

// An option is one of a string select menu's.
type option struct {
	Label       string `json:"label"`
	Value       string `json:"value"`
	Description string `json:"description"`
	Default     bool   `json:"default"`
}

// checkComponents checks a message's components as Discord does: at most 5
// action rows, each of at most 5 buttons, or of one string select menu;
// each with a custom_id of 1-100 characters; a button's label of at most
// 80; a menu's placeholder of at most 150, and 1-25 options with a label
// and a value of 1-100 characters, each value once, a description of at
// most 100.
func checkComponents(rows []component) error {
	if len(rows) > 5 {
		return fmt.Errorf("%d action rows", len(rows))
	}
	for _, row := range rows {
		if row.Type != 1 || len(row.Components) == 0 || len(row.Components) > 5 {
			return fmt.Errorf("an action row of %d components", len(row.Components))
		}
		for _, c := range row.Components {
			n := utf8.RuneCountInString(c.CustomID)
			switch {
			case n == 0 || n > 100:
				return fmt.Errorf("component %+v: custom_id", c)
			case c.Type == 2 && utf8.RuneCountInString(c.Label) <= 80:
			case c.Type == 3 && len(row.Components) == 1:
				if err := checkOptions(c); err != nil {
					return err
				}
			default:
				return fmt.Errorf("component %+v", c)
			}
		}
	}
	return nil
}

// checkOptions checks a string select menu's placeholder and options.
func checkOptions(menu component) error {
	if len(menu.Options) == 0 || len(menu.Options) > 25 || utf8.RuneCountInString(menu.Placeholder) > 150 {
		return fmt.Errorf("select menu %q: %d options", menu.CustomID, len(menu.Options))
	}
	values := map[string]bool{}
	for _, o := range menu.Options {
		label, value := utf8.RuneCountInString(o.Label), utf8.RuneCountInString(o.Value)
		if label == 0 || label > 100 || value == 0 || value > 100 || values[o.Value] || utf8.RuneCountInString(o.Description) > 100 {
			return fmt.Errorf("select menu %q: option %+v", menu.CustomID, o)
		}
		values[o.Value] = true
	}
	return nil
}

func (s *Server) noContent(w http.ResponseWriter, r *http.Request) {
	s.record(r)
	w.WriteHeader(http.StatusNoContent)
}

// message answers a request that creates or edits a message with the message.
func (s *Server) message(w http.ResponseWriter, r *http.Request) {
	req := s.record(r)
	var sent struct {
		Content    string            `json:"content"`
		Embeds     []json.RawMessage `json:"embeds"`
		Flags      int               `json:"flags"`
		Components []component       `json:"components"`
	}
	if err := req.JSON(&sent); err != nil || checkComponents(sent.Components) != nil {
		httpError(w, http.StatusBadRequest, "Invalid Form Body")
		return
	}
	id := r.PathValue("message")
	if id == "" || id == "@original" {
		id = s.nextID()
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"id": id, "channel_id": r.PathValue("channel"), "type": 0, "author": botUser(),
		"content": sent.Content, "embeds": sent.Embeds, "flags": sent.Flags,
		"timestamp": time.Now().UTC().Format(time.RFC3339),
	})
}

// payload is a gateway message.
type payload struct {
	Op int             `json:"op"`
	D  json.RawMessage `json:"d"`
	S  *int64          `json:"s"`
	T  *string         `json:"t"`
}

// conn is one gateway connection.
type conn struct {
	ws       *websocket.Conn
	mu       sync.Mutex // serialises writes
	compress bool       // zlib each dispatch, as IDENTIFY asked
}

func (c *conn) send(p payload) error {
	b, err := json.Marshal(p)
	if err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.compress && p.Op == 0 {
		var z bytes.Buffer
		zw := zlib.NewWriter(&z)
		zw.Write(b)
		zw.Close()
		return c.ws.WriteMessage(websocket.BinaryMessage, z.Bytes())
	}
	return c.ws.WriteMessage(websocket.TextMessage, b)
}

func raw(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // only the fake's own values come here
	}
	return b
}

func (s *Server) websocket(w http.ResponseWriter, r *http.Request) {
	s.add(&Request{Method: r.Method, Path: r.URL.Path, Header: r.Header.Clone()})
	if q := r.URL.Query(); q.Get("v") != "9" || q.Get("encoding") != "json" {
		http.Error(w, "want ?v=9&encoding=json", http.StatusBadRequest)
		return
	}
	up := websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}
	ws, err := up.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	c := &conn{ws: ws}
	s.mu.Lock()
	s.conns[c] = true
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.conns, c)
		if s.current == c {
			s.current = nil
		}
		s.mu.Unlock()
		ws.Close()
	}()
	if c.send(payload{Op: 10, D: raw(map[string]int64{"heartbeat_interval": HeartbeatInterval.Milliseconds()})}) != nil {
		return
	}
	for {
		_, b, err := ws.ReadMessage()
		if err != nil {
			return
		}
		var p payload
		if err := json.Unmarshal(b, &p); err != nil {
			ws.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(4002, "Decode error"))
			return
		}
		if !s.onPayload(c, p) {
			return
		}
	}
}

// onPayload answers what the client sent; false closes the connection.
func (s *Server) onPayload(c *conn, p payload) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch p.Op {
	case 1:
		s.addLocked(&Request{Method: Gateway, Path: Beat, Body: p.D})
		return c.send(payload{Op: 11}) == nil
	case 2:
		s.addLocked(&Request{Method: Gateway, Path: Identify, Body: p.D})
		var id struct {
			Token    string `json:"token"`
			Compress bool   `json:"compress"`
		}
		if json.Unmarshal(p.D, &id) != nil || id.Token != "Bot "+s.Token {
			c.ws.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(4004, "Authentication failed."))
			return false
		}
		c.compress = id.Compress
		s.sessions++
		s.session = fmt.Sprintf("session-%d", s.sessions)
		s.current, s.seq, s.events = c, 0, nil
		return s.dispatchLocked("READY", map[string]any{
			"v": 9, "user": botUser(), "guilds": []any{}, "private_channels": []any{},
			"session_id": s.session, "resume_gateway_url": "ws" + strings.TrimPrefix(s.srv.URL, "http") + "/gateway",
			"application": map[string]any{"id": AppID, "flags": 0},
		}, false) == nil
	case 6:
		s.addLocked(&Request{Method: Gateway, Path: Resume, Body: p.D})
		var res struct {
			Token     string `json:"token"`
			SessionID string `json:"session_id"`
			Seq       int64  `json:"seq"`
		}
		if json.Unmarshal(p.D, &res) != nil || res.Token != "Bot "+s.Token || res.SessionID != s.session {
			return c.send(payload{Op: 9, D: raw(false)}) == nil
		}
		s.current = c
		for _, ev := range s.events {
			if *ev.S > res.Seq && c.send(ev) != nil {
				return false
			}
		}
		return s.dispatchLocked("RESUMED", map[string]any{}, false) == nil
	}
	return true
}

// Dispatch sends the client an event (op 0) of type t, with data as its "d":
// a value to marshal or JSON as a json.RawMessage or []byte. Sent while the
// client is away, it is replayed when the client resumes. It returns the
// event's sequence number.
func (s *Server) Dispatch(t string, data any) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.dispatchLocked(t, data, true)
	return s.seq
}

func (s *Server) dispatchLocked(t string, data any, keep bool) error {
	d, ok := data.(json.RawMessage)
	if b, isBytes := data.([]byte); isBytes {
		d, ok = b, true
	}
	if !ok {
		d = raw(data)
	}
	s.seq++
	seq := s.seq
	p := payload{Op: 0, D: d, S: &seq, T: &t}
	if keep {
		s.events = append(s.events, p)
	}
	if s.current == nil {
		return nil
	}
	return s.current.send(p)
}

// Drop cuts the gateway connection without a close frame, as a network
// failure would.
func (s *Server) Drop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.current != nil {
		s.current.ws.UnderlyingConn().Close()
		s.current = nil
	}
}

// Reconnect asks the client to reconnect and resume (op 7).
func (s *Server) Reconnect() { s.sendOp(7, nil) }

// InvalidSession tells the client that its session is invalid and cannot be
// resumed (op 9, d false): it must identify again.
func (s *Server) InvalidSession() { s.sendOp(9, raw(false)) }

func (s *Server) sendOp(op int, d json.RawMessage) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.current != nil {
		s.current.send(payload{Op: op, D: d})
		if op == 7 {
			s.current = nil // what follows waits for the resume
		}
	}
}

// Sign signs an HTTP interaction as Discord does: an Ed25519 signature of
// the timestamp followed by the body, in the X-Signature-Ed25519 and
// X-Signature-Timestamp headers.
func Sign(r *http.Request, key ed25519.PrivateKey, body []byte, at time.Time) {
	ts := strconv.FormatInt(at.Unix(), 10)
	r.Header.Set("X-Signature-Timestamp", ts)
	r.Header.Set("X-Signature-Ed25519", hex.EncodeToString(ed25519.Sign(key, append([]byte(ts), body...))))
}
