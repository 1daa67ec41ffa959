package discord_test

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kutip/kutip/bot/bottest"
	"github.com/kutip/kutip/bot/discord"
	"github.com/kutip/kutip/bot/discord/discordtest"
)

// answered is in the answer to ask.json.
const answered = `62 **orang meninggal**`

// countingBody counts what the handler reads of a request's body.
type countingBody struct {
	io.ReadCloser
	n *atomic.Int64
}

func (c countingBody) Read(p []byte) (int, error) {
	n, err := c.ReadCloser.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// counted serves the adapter's HTTP endpoint, counting the bytes of
// bodies it reads.
func counted(t testing.TB, b *discord.Bot) (url string, read *atomic.Int64) {
	read = &atomic.Int64{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Body = countingBody{r.Body, read}
		b.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv.URL + "/interactions", read
}

// zeros is n zero bytes, made as they are read.
type zeros struct{ n int }

func (z *zeros) Read(p []byte) (int, error) {
	if z.n == 0 {
		return 0, io.EOF
	}
	k := min(len(p), z.n)
	clear(p[:k])
	z.n -= k
	return k, nil
}

// send posts body to url with the headers set, chunked when size is -1,
// and returns the status, or 0 when the server closed the connection
// before answering.
func send(t *testing.T, c *http.Client, url string, body io.Reader, size int64, set func(http.Header)) int {
	t.Helper()
	r, err := http.NewRequestWithContext(t.Context(), http.MethodPost, url, body)
	if err != nil {
		t.Fatal(err)
	}
	r.ContentLength = size
	set(r.Header)
	resp, err := c.Do(r)
	if err != nil {
		return 0
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

// TestHTTPHostileBodies: 1,000 unsigned requests of 1 MB get 401 without
// a byte of them read, a fresh but forged signature on 1 MB gets 413
// having read no more than the cap, and the refusals are counted, with
// one line in the log.
func TestHTTPHostileBodies(t *testing.T) {
	t.Parallel()
	pub, _, other := keys()
	svc := canned()
	m := &bottest.Meter{}
	svc.Meter = m
	hs := newBot(t, discord.Config{PublicKey: hex.EncodeToString(pub)}, svc)
	url, read := counted(t, hs.bot)
	const n, size = 1000, 1 << 20
	var wg sync.WaitGroup
	statuses := make([]int, n)
	jobs := make(chan int)
	for range 8 {
		wg.Go(func() {
			c := &http.Client{Transport: &http.Transport{}}
			defer c.CloseIdleConnections()
			for j := range jobs {
				statuses[j] = send(t, c, url, &zeros{size}, size, func(http.Header) {})
			}
		})
	}
	for j := range n {
		jobs <- j
	}
	close(jobs)
	wg.Wait()
	for j, s := range statuses {
		if s != http.StatusUnauthorized {
			t.Fatalf("request %d: status %d, want 401", j, s)
		}
	}
	if got := read.Load(); got != 0 {
		t.Errorf("%d bytes of %d unsigned requests read, want none", got, n)
	}
	// Signed in the right form, at the right time, by another key: the
	// body is read before the signature can be checked, but no more than
	// the cap of it.
	forged := func(h http.Header) {
		r := &http.Request{Header: h}
		discordtest.Sign(r, other, []byte("{}"), time.Now())
	}
	c := &http.Client{Transport: &http.Transport{}}
	defer c.CloseIdleConnections()
	read.Store(0)
	if s := send(t, c, url, &zeros{size}, size, forged); s != http.StatusRequestEntityTooLarge {
		t.Errorf("1 MB signed by another key, its length given: status %d, want 413", s)
	}
	if got := read.Load(); got != 0 {
		t.Errorf("a body whose length is over the cap: %d bytes read, want none", got)
	}
	if s := send(t, c, url, io.MultiReader(&zeros{size}), -1, forged); s != http.StatusRequestEntityTooLarge && s != 0 {
		t.Errorf("1 MB chunked, signed by another key: status %d, want 413", s)
	}
	if got := read.Load(); got > 256<<10+1 {
		t.Errorf("a chunked body over the cap: %d bytes read, want 256 KiB at most", got)
	}
	if s := send(t, c, url, strings.NewReader("{}"), 2, forged); s != http.StatusUnauthorized {
		t.Errorf("a small body signed by another key: status %d, want 401", s)
	}
	if lines := strings.Count(hs.logs.String(), "interaction request refused"); lines != 1 {
		t.Errorf("%d log lines for %d refusals, want 1:\n%s", lines, n+3, hs.logs)
	}
	count := map[string]int{}
	for _, c := range m.Counted() {
		count[c]++
	}
	if count["refused signature"] != n+1 || count["refused too_large"] != 2 {
		t.Errorf("counted %v; want %d refused signature, 2 refused too_large", count, n+1)
	}
}

// TestHTTPSlowBody: a signed request whose body stops coming is answered
// 408 once the body's time is up, not 413.
func TestHTTPSlowBody(t *testing.T) {
	t.Parallel()
	pub, key, _ := keys()
	hs := newBot(t, discord.Config{PublicKey: hex.EncodeToString(pub)}, canned())
	discord.SetBodyTimeout(hs.bot, 300*time.Millisecond)
	url, _ := counted(t, hs.bot)
	ask := fixture(t, "ask.json")
	pr, pw := io.Pipe()
	defer pw.Close()
	go pw.Write(ask[:len(ask)/2]) // and nothing more
	start := time.Now()
	s := send(t, &http.Client{Timeout: 10 * time.Second}, url, pr, int64(len(ask)), func(h http.Header) {
		discordtest.Sign(&http.Request{Header: h}, key, ask, time.Now())
	})
	if s != http.StatusRequestTimeout {
		t.Errorf("a body that stops coming: status %d, want 408", s)
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("answered after %v", took)
	}
	if !strings.Contains(hs.logs.String(), "reason=timeout") {
		t.Errorf("the refusal is not logged as a timeout:\n%s", hs.logs)
	}
}

// TestHTTPReplay: a captured, validly signed interaction sent again within
// the five minutes its signature is good for is refused, and never
// reaches the handler.
func TestHTTPReplay(t *testing.T) {
	t.Parallel()
	pub, key, _ := keys()
	svc := canned()
	m := &bottest.Meter{}
	svc.Meter = m
	hs := newBot(t, discord.Config{PublicKey: hex.EncodeToString(pub)}, svc)
	url := interactions(t, hs.bot)
	ask := fixture(t, "ask.json")
	at := time.Now().Add(-4 * time.Minute) // captured four minutes ago
	sign := func(r *http.Request) { discordtest.Sign(r, key, ask, at) }
	if status, body := post(t, url, ask, sign); status != 200 || !strings.Contains(string(body), answered) {
		t.Fatalf("the interaction: %d %s", status, body)
	}
	for range 3 {
		if status, body := post(t, url, ask, sign); status != http.StatusConflict {
			t.Errorf("the interaction replayed: %d %s, want 409", status, body)
		}
	}
	// The next interaction, another id, is answered.
	next := fixture(t, "ask.json", "1000000000000000001", "1000000000000000002")
	if status, body := post(t, url, next, func(r *http.Request) { discordtest.Sign(r, key, next, time.Now()) }); status != 200 || !strings.Contains(string(body), answered) {
		t.Errorf("another interaction: %d %s, want 200 and the answer", status, body)
	}
	count := map[string]int{}
	for _, c := range m.Counted() {
		count[c]++
	}
	if count["request ask answered"] != 2 || count["refused replay"] != 3 {
		t.Errorf("counted %v; want 2 requests answered, 3 replays refused", count)
	}
	if n := hs.fake.Received(); n != 0 {
		t.Errorf("%d requests to Discord, want none", n)
	}
}

// TestHTTPBusy: with MaxPending requests waiting for their bodies, one
// more is refused at once with 503; once they are done, requests are
// answered again.
func TestHTTPBusy(t *testing.T) {
	t.Parallel()
	pub, key, _ := keys()
	hs := newBot(t, discord.Config{PublicKey: hex.EncodeToString(pub)}, canned())
	discord.SetBodyTimeout(hs.bot, 20*time.Second) // the bodies come when the test says
	url, read := counted(t, hs.bot)
	ping := []byte(`{"id":"1000000000000000010","application_id":"900000000000000002","type":1,"token":"cGluZw","version":1}`)
	signed := func(body []byte) func(h http.Header) {
		return func(h http.Header) { discordtest.Sign(&http.Request{Header: h}, key, body, time.Now()) }
	}
	var wg sync.WaitGroup
	var writers []*io.PipeWriter
	for j := range discord.MaxPending {
		body := []byte(strings.Replace(string(ping), "10\"", fmt.Sprintf("%02d\"", 20+j), 1))
		pr, pw := io.Pipe()
		writers = append(writers, pw)
		go pw.Write(body[:1])
		wg.Go(func() {
			c := &http.Client{Transport: &http.Transport{}}
			defer c.CloseIdleConnections()
			if s := send(t, c, url, pr, int64(len(body)), signed(body)); s != 200 {
				t.Errorf("a slow request: status %d, want 200", s)
			}
		})
	}
	deadline := time.Now().Add(10 * time.Second)
	for read.Load() < discord.MaxPending && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	c := &http.Client{Transport: &http.Transport{}, Timeout: 5 * time.Second}
	defer c.CloseIdleConnections()
	if s := send(t, c, url, bytes.NewReader(ping), int64(len(ping)), signed(ping)); s != http.StatusServiceUnavailable {
		t.Errorf("with %d requests pending, one more: status %d, want 503", discord.MaxPending, s)
	}
	for j, pw := range writers {
		body := []byte(strings.Replace(string(ping), "10\"", fmt.Sprintf("%02d\"", 20+j), 1))
		go func() { pw.Write(body[1:]); pw.Close() }()
	}
	wg.Wait()
	last := []byte(strings.Replace(string(ping), "10\"", "11\"", 1))
	if s := send(t, c, url, bytes.NewReader(last), int64(len(last)), signed(last)); s != 200 {
		t.Errorf("once they are answered: status %d, want 200", s)
	}
}

// TestHTTPSlowAnswer: an answer that takes longer than the body's time is
// still the response: the body's deadline ends with the body.
func TestHTTPSlowAnswer(t *testing.T) {
	t.Parallel()
	pub, key, _ := keys()
	svc, g := gated()
	hs := newBot(t, discord.Config{PublicKey: hex.EncodeToString(pub)}, svc)
	discord.SetBodyTimeout(hs.bot, 100*time.Millisecond)
	url, _ := counted(t, hs.bot)
	go func() { time.Sleep(500 * time.Millisecond); close(g.release) }()
	ask := fixture(t, "ask.json")
	status, body := post(t, url, ask, func(r *http.Request) { discordtest.Sign(r, key, ask, time.Now()) })
	if status != 200 || !strings.Contains(string(body), answered) {
		t.Errorf("an answer after 0.5s: %d %q, want 200 and the answer", status, body)
	}
}
