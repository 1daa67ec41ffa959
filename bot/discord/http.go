package discord

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"os"
	"strconv"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/kutip/kutip/bot"
)

// HTTP interactions.
const (
	// maxInteraction is the most of a body read. The biggest interaction
	// kutip can be sent is a click on a button under one of its own answers:
	// the message comes with it (2,000 characters of content, 6,000 of
	// embed, 25 buttons), with its channel (a topic of 4,096 characters)
	// and the member who clicked (250 roles): 192 KB even with every
	// character an emoji JSON-escaped as \uXXXX\uXXXX, a third of that as
	// the UTF-8 Discord sends. TestMaxInteraction builds it.
	maxInteraction = 256 << 10
	maxSkew        = 5 * time.Minute // how old or new a signature's timestamp may be
	respondWithin  = 3 * time.Second // Discord's deadline for the first response
	// bodyTimeout is how long a signed request's body may take to come:
	// Discord sends it at once, and answering within respondWithin
	// leaves no time to wait for a slow one.
	bodyTimeout = 2 * time.Second
	// maxPending is how many requests may be read and waiting for their
	// first response at once (their bodies take maxPending*maxInteraction
	// at most); more are refused with 503 at once.
	maxPending = 64
	// maxConns is how many connections the interactions endpoint keeps
	// open at once: more wait to be accepted.
	maxConns = 4 * maxPending
	// maxHeader is the most of a request's header read: Discord's are a
	// few hundred bytes.
	maxHeader = 16 << 10
)

// ServeHTTP serves Discord's HTTP interactions, for a server of one's own
// to mount at POST /interactions (Run serves them itself when
// InteractionsListen is set): each request's signature headers are checked
// first, and a request without good and recent ones is refused with 401
// before its body is read; then the body, of maxInteraction bytes at most,
// is checked against the signature. An interaction seen already (a
// replay) is refused with 409.
func (b *Bot) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b.serveInteraction(context.WithoutCancel(r.Context()), w, r)
}

// refuse answers a request with an error status, counted and logged
// (at most once a minute) as refused for reason.
func (b *Bot) refuse(w http.ResponseWriter, r *http.Request, status int, reason, text string) {
	b.refused.Refuse(reason, "interaction request refused", "remote", r.RemoteAddr, "status", status)
	http.Error(w, text, status)
}

// serveInteraction serves one HTTP interaction, answered under base: the
// answer goes on after the HTTP response, which holds only the first of it.
func (b *Bot) serveInteraction(base context.Context, w http.ResponseWriter, r *http.Request) {
	now := time.Now()
	sig, ts, ok := signature(b.key, r.Header, now)
	if !ok {
		b.refuse(w, r, http.StatusUnauthorized, "signature", "invalid request signature")
		return
	}
	select {
	case b.pending <- struct{}{}:
		defer func() { <-b.pending }()
	default:
		b.refuse(w, r, http.StatusServiceUnavailable, "busy", "too many requests at once")
		return
	}
	body, status := b.readBody(w, r)
	switch status {
	case http.StatusOK:
	case http.StatusRequestEntityTooLarge:
		b.refuse(w, r, status, "too_large", "request too large")
		return
	case http.StatusRequestTimeout:
		b.refuse(w, r, status, "timeout", "request body too slow")
		return
	default:
		b.refuse(w, r, status, "body", "request body unreadable")
		return
	}
	if !verify(b.key, ts, sig, body) {
		b.refuse(w, r, http.StatusUnauthorized, "signature", "invalid request signature")
		return
	}
	var i discordgo.Interaction
	if err := json.Unmarshal(body, &i); err != nil {
		http.Error(w, "not an interaction", http.StatusBadRequest)
		return
	}
	if !b.seen.first(i.ID, ts, now) {
		b.refuse(w, r, http.StatusConflict, "replay", "interaction seen already")
		return
	}
	if !b.work.Start() {
		http.Error(w, "shutting down", http.StatusServiceUnavailable)
		return
	}
	b.respondHTTP(base, w, r, &i)
}

// readBody reads a request's body, within bodyTimeout and of
// maxInteraction bytes at most; status is 200 when it is read, else what
// to answer: 413 when it is too long, 408 when it is too slow, 400 when it
// cannot be read.
func (b *Bot) readBody(w http.ResponseWriter, r *http.Request) (body []byte, status int) {
	if r.ContentLength > maxInteraction {
		return nil, http.StatusRequestEntityTooLarge
	}
	// Not every ResponseWriter can (a recorder's): then the server's
	// ReadTimeout is the limit.
	rc := http.NewResponseController(w)
	_ = rc.SetReadDeadline(time.Now().Add(b.bodyTimeout))
	var buf bytes.Buffer
	if r.ContentLength > 0 {
		buf.Grow(int(r.ContentLength))
	}
	_, err := buf.ReadFrom(http.MaxBytesReader(w, r.Body, maxInteraction))
	var tooLarge *http.MaxBytesError
	var netErr net.Error
	switch {
	case err == nil:
		// The body's time ends with it, not the answer's. (After an
		// error it stays: the server gives up the rest of the body.)
		_ = rc.SetReadDeadline(time.Time{})
		return buf.Bytes(), http.StatusOK
	case errors.As(err, &tooLarge):
		return nil, http.StatusRequestEntityTooLarge
	case errors.Is(err, os.ErrDeadlineExceeded), errors.As(err, &netErr) && netErr.Timeout():
		return nil, http.StatusRequestTimeout
	}
	return nil, http.StatusBadRequest
}

// respondHTTP answers an interaction that came over HTTP: the handler's
// first response is written as the HTTP reply; the handler waits until it
// is, so that no follow-up or edit reaches Discord before the interaction
// is acknowledged.
func (b *Bot) respondHTTP(base context.Context, w http.ResponseWriter, r *http.Request, i *discordgo.Interaction) {
	type response struct {
		body    any
		written chan struct{}
	}
	first := make(chan response, 1)
	gone := make(chan struct{}) // closed when the HTTP request is answered or gone
	defer close(gone)
	go func() {
		defer b.work.Done()
		defer b.meter.Begin(platform)()
		defer bot.Recover(b.log, "http interaction")
		ctx, cancel := context.WithTimeout(base, eventTimeout)
		defer cancel()
		responded := false
		defer func() {
			if !responded {
				first <- response{}
			}
		}()
		b.interaction(ctx, i, func(resp any) error {
			if responded {
				return errors.New("responded already")
			}
			responded = true
			written := make(chan struct{})
			first <- response{resp, written}
			select {
			case <-written:
				return nil
			case <-gone:
				select {
				case <-written: // gone after it was written: select picks either
					return nil
				default:
				}
				return errors.New("the HTTP request was answered without this response")
			case <-ctx.Done():
				return ctx.Err()
			}
		})
	}()
	t := time.NewTimer(respondWithin)
	defer t.Stop()
	select {
	case resp := <-first:
		if resp.body == nil {
			http.Error(w, "no response to this interaction", http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		if err := json.NewEncoder(w).Encode(resp.body); err != nil {
			b.log.Warn("write an interaction's response", "chat_id", chat(i.ChannelID), "err", redact(err, i.Token))
		}
		if f, ok := w.(http.Flusher); ok {
			f.Flush()
		}
		close(resp.written)
	case <-t.C:
		http.Error(w, "no response in time", http.StatusInternalServerError)
	case <-r.Context().Done():
	}
}

// signature reads a request's signature headers as Discord makes them: a
// hex Ed25519 signature, and a timestamp no more than maxSkew away from
// now, so that a request cannot be replayed later. ok is false when they
// are missing or malformed, or when there is no key to check them with.
func signature(key ed25519.PublicKey, h http.Header, now time.Time) (sig []byte, ts string, ok bool) {
	sig, err := hex.DecodeString(h.Get("X-Signature-Ed25519"))
	if len(key) != ed25519.PublicKeySize || err != nil || len(sig) != ed25519.SignatureSize {
		return nil, "", false
	}
	ts = h.Get("X-Signature-Timestamp")
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return nil, "", false
	}
	if d := now.Sub(time.Unix(sec, 0)); d > maxSkew || d < -maxSkew {
		return nil, "", false
	}
	return sig, ts, true
}

// verify checks a signature by the application's key of the timestamp
// followed by the body.
func verify(key ed25519.PublicKey, ts string, sig, body []byte) bool {
	msg := make([]byte, 0, len(ts)+len(body))
	return ed25519.Verify(key, append(append(msg, ts...), body...), sig)
}

// replays remembers the interactions answered, each until its signature's
// timestamp is too old for verify: a captured request sent again within
// that window is seen. Only validly signed interactions are remembered, so
// that only Discord's traffic makes it grow. It is safe for concurrent use.
type replays struct {
	mu    sync.Mutex
	ids   map[string]time.Time // until when each is remembered
	sweep time.Time            // when the expired ones are next let go
}

// first reports whether the interaction id, signed at ts (Unix seconds),
// is seen for the first time, and remembers it.
func (p *replays) first(id, ts string, now time.Time) bool {
	sec, _ := strconv.ParseInt(ts, 10, 64) // signature checked it
	until := time.Unix(sec, 0).Add(maxSkew)
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ids == nil {
		p.ids = map[string]time.Time{}
	}
	if now.After(p.sweep) {
		for id, t := range p.ids {
			if now.After(t) {
				delete(p.ids, id)
			}
		}
		p.sweep = now.Add(time.Minute)
	}
	if _, ok := p.ids[id]; ok {
		return false
	}
	p.ids[id] = until
	return true
}

// limitListener accepts a connection only while fewer than cap(slots)
// it accepted are open: the others wait in the kernel's backlog.
type limitListener struct {
	net.Listener
	slots  chan struct{}
	closed chan struct{} // closed by Close, for an Accept that waits
	once   *sync.Once
}

func newLimitListener(ln net.Listener, n int) limitListener {
	return limitListener{ln, make(chan struct{}, n), make(chan struct{}), &sync.Once{}}
}

func (l limitListener) Accept() (net.Conn, error) {
	select {
	case l.slots <- struct{}{}:
	case <-l.closed:
		return nil, net.ErrClosed
	}
	c, err := l.Listener.Accept()
	if err != nil {
		<-l.slots
		return nil, err
	}
	return &limitedConn{Conn: c, release: func() { <-l.slots }}, nil
}

func (l limitListener) Close() error {
	l.once.Do(func() { close(l.closed) })
	return l.Listener.Close()
}

// limitedConn gives its listener's slot back when it is closed, once.
type limitedConn struct {
	net.Conn
	once    sync.Once
	release func()
}

func (c *limitedConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(c.release)
	return err
}
