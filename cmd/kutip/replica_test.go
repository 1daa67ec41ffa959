package main

import (
	"bytes"
	"context"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/kutip/kutip/bot/bottest"
	"github.com/kutip/kutip/bot/telegram/telegramtest"
	"github.com/kutip/kutip/internal/pgtest"
)

// TestReplicas runs two kutip processes in webhook mode on one PostgreSQL
// database, behind a fake load balancer that is also a fake Telegram: 500
// updates from 50 group chats go to a replica picked at random, 10% of
// them to the other replica too (as Telegram sends an update again when
// its answer was slow), and one replica is killed with SIGKILL while it
// has answers under way, then started again. Every update must be
// answered, none twice.
func TestReplicas(t *testing.T) {
	const (
		updates  = 500
		chats    = 50
		again    = updates / 10 // sent to both replicas
		killAt   = 150          // answers before the kill
		lease    = "2s"
		secret   = "replica-Secret_0123456789"
		question = "/ask@" + telegramtest.BotUsername + " "
	)
	srv := pgtest.Start(t)
	bin := buildKutip(t)
	db := srv.Database(t)
	api := telegramtest.NewServer(t, fakeToken)
	g := &gate{api: api}
	front := httptest.NewServer(g)
	defer front.Close()

	start := func(name string) *replica {
		return startReplica(t, bin, name, []string{
			"TELEGRAM_BOT_TOKEN=" + fakeToken,
			"TELEGRAM_API_ENDPOINT=" + front.URL + "/" + name + "/bot%s/%s",
			"TELEGRAM_WEBHOOK_URL=https://kutip.example/hook",
			"TELEGRAM_WEBHOOK_LISTEN=127.0.0.1:0",
			"TELEGRAM_WEBHOOK_SECRET=" + secret,
			"KUTIP_POSTGRES_URL=" + db,
			"KUTIP_CLAIM_LEASE=" + lease,
		})
	}
	var mu sync.Mutex // guards live
	live := []*replica{start("a"), start("b")}
	pick := func(not *replica) *replica {
		mu.Lock()
		defer mu.Unlock()
		var from []*replica
		for _, r := range live {
			if r != not && r.alive() {
				from = append(from, r)
			}
		}
		if len(from) == 0 {
			return nil
		}
		return from[rand.IntN(len(from))]
	}

	// The updates: a question in a group chat, each from a user of its
	// own, so that no user's flood control holds one back.
	questions := []string{"Berapa orang yang tewas?", "Kapan bentrokan terjadi?", "Siapa Sekjen PBB?", "Apa yang didorong Prancis?"}
	raws := make([]string, updates+1)
	for id := 1; id <= updates; id++ {
		raws[id] = telegramtest.GroupMessage(id, -int64(1000+id%chats), int64(10000+id), question+questions[id%len(questions)])
	}
	twice := map[int]bool{}
	for len(twice) < again {
		twice[1+rand.IntN(updates)] = true
	}

	// The deliveries: 40 at once, as Telegram's max_connections allows
	// by default; an update goes again, after a pause, until a replica
	// answers 2xx.
	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	post := func(ctx context.Context, r *replica, id int) bool {
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, "http://"+r.addr+"/hook", strings.NewReader(raws[id]))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Telegram-Bot-Api-Secret-Token", secret)
		resp, err := client.Do(req)
		if err != nil {
			return false
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp.StatusCode/100 == 2
	}
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	queue := make(chan int, updates)
	for id := 1; id <= updates; id++ {
		queue <- id
	}
	var acked, redelivered, retried atomic.Int32
	allAcked := make(chan struct{})
	var workers, redeliveries sync.WaitGroup
	var sentTwice sync.Map // update ids
	for range 40 {
		workers.Go(func() {
			for {
				var id int
				select {
				case id = <-queue:
				case <-ctx.Done():
					return
				}
				r := pick(nil)
				if _, sent := sentTwice.LoadOrStore(id, true); twice[id] && !sent {
					redeliveries.Go(func() {
						// At once, or a little later: while r answers, or after.
						pause(ctx, time.Duration(rand.IntN(30))*time.Millisecond)
						for ctx.Err() == nil {
							if other := pick(r); other != nil && post(ctx, other, id) {
								redelivered.Add(1)
								return
							}
							pause(ctx, 50*time.Millisecond) // the other is being restarted
						}
					})
				}
				if r != nil && post(ctx, r, id) {
					if acked.Add(1) == updates {
						close(allAcked)
					}
					continue
				}
				retried.Add(1)
				pause(ctx, 100*time.Millisecond) // as Telegram waits before it sends again
				queue <- id
			}
		})
	}

	// The kill: replica a's replies are held at the fake Telegram, those
	// it sent before are marked done, and a is killed with answers under
	// way. What it was sending never reached Telegram (its connections
	// died first); its claims expire and b takes them over. Then a starts
	// again. (Killed at any instant instead, a replica may die between
	// Telegram taking a reply and its done mark: that update is answered
	// again. No claim can close that window, for sendMessage has no
	// idempotency key; see the README.)
	api.Await(t, "sendMessage", killAt)
	a := live[0]
	g.freeze("a")
	g.awaitHeld(t, 3)
	awaitDone(t, db, g.sentBy("a"))
	a.kill(t)
	held := g.thawWhenGone("a", 10*time.Second)
	t.Logf("killed replica a with %d replies under way", held)
	pause(ctx, 3*time.Second)
	restarted := start("a")
	mu.Lock()
	live[0] = restarted
	mu.Unlock()

	select {
	case <-allAcked:
	case <-ctx.Done():
		t.Fatalf("%d of %d updates answered 2xx in 2 minutes", acked.Load(), updates)
	}
	redeliveries.Wait()
	cancel()
	workers.Wait()
	for _, r := range []*replica{live[0], live[1]} {
		r.stop(t)
	}

	// The count: a group answer replies to the question's message,
	// message_id update_id*10.
	answers := map[int]int{}
	for _, c := range api.Calls("sendMessage") {
		n, _ := strconv.Atoi(c.Form.Get("reply_to_message_id"))
		answers[n/10]++
	}
	var answered, duplicates, lost int
	for id := 1; id <= updates; id++ {
		switch n := answers[id]; {
		case n == 0:
			lost++
		case n > 1:
			duplicates += n - 1
			answered++
		default:
			answered++
		}
	}
	t.Logf("updates %d, answered %d, duplicates %d, lost %d (sent again to the other replica and answered 2xx %d, sent again after a failure %d, replies that died with the killed replica %d)",
		updates, answered, duplicates, lost, redelivered.Load(), retried.Load(), held)
	if answered != updates || duplicates != 0 || lost != 0 {
		t.Errorf("want every update answered once")
		for id := 1; id <= updates && lost+duplicates > 0; id++ {
			if answers[id] != 1 {
				t.Logf("update %d: %d answers", id, answers[id])
			}
		}
	}
	if redelivered.Load() != again {
		t.Errorf("%d updates sent again to the other replica were answered 2xx, want %d", redelivered.Load(), again)
	}
	if held == 0 {
		t.Errorf("replica a was killed with no reply under way: the test tested no takeover")
	}
	for _, r := range []*replica{a, live[0], live[1]} {
		if logs := r.logs.String(); strings.Contains(logs, "DATA RACE") || strings.Contains(logs, fakeToken) || strings.Contains(logs, db) {
			t.Errorf("replica %s's log shows a data race, the token or the database URL:\n%s", r.name, logs)
		}
	}
}

// pause waits for d, or until ctx is done.
func pause(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}

// A gate stands between the replicas and the fake Bot API, which each
// replica reaches at /NAME/bot<token>/<method>: it can hold one replica's
// sendMessage calls, and drops those whose replica died meanwhile.
type gate struct {
	api *telegramtest.Server

	mu     sync.Mutex
	sent   map[string][]int // the updates each replica's replies answer, as they went through
	frozen string           // the replica whose messages are held; "": none
	thaw   chan struct{}    // closed when they are let go
	held   int              // how many are held
	gone   int              // how many of those lost their connection
}

func (g *gate) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	name, rest, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), "/")
	if strings.HasSuffix(rest, "/sendMessage") {
		// Read the body: the server notices a dead client once it has.
		body, err := io.ReadAll(r.Body)
		if err != nil {
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		form, _ := url.ParseQuery(string(body))
		replyTo, _ := strconv.Atoi(form.Get("reply_to_message_id"))
		g.mu.Lock()
		thaw := g.thaw
		if g.frozen != name {
			thaw = nil
		}
		if thaw != nil {
			g.held++
		} else {
			if g.sent == nil {
				g.sent = map[string][]int{}
			}
			g.sent[name] = append(g.sent[name], replyTo/10)
		}
		g.mu.Unlock()
		if thaw != nil {
			select {
			case <-thaw:
			case <-r.Context().Done():
				g.mu.Lock()
				g.gone++
				g.mu.Unlock()
				<-thaw
			}
		}
		if r.Context().Err() != nil {
			return // never reached Telegram
		}
	}
	r2 := r.Clone(r.Context())
	r2.URL.Path = "/" + rest
	g.api.ServeHTTP(w, r2)
}

// sentBy returns the updates replica name's replies that went through
// answer.
func (g *gate) sentBy(name string) []int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return slices.Clone(g.sent[name])
}

// freeze holds replica name's messages from now on.
func (g *gate) freeze(name string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.frozen, g.thaw, g.held, g.gone = name, make(chan struct{}), 0, 0
}

// awaitHeld waits until n messages are held.
func (g *gate) awaitHeld(t *testing.T, n int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		g.mu.Lock()
		held := g.held
		g.mu.Unlock()
		if held >= n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d messages held in 10s, want %d", held, n)
		}
		pause(t.Context(), 5*time.Millisecond)
	}
}

// thawWhenGone lets the held messages go once every one of them lost its
// connection, or after wait; it returns how many were held.
func (g *gate) thawWhenGone(name string, wait time.Duration) int {
	deadline := time.Now().Add(wait)
	for {
		g.mu.Lock()
		held, gone := g.held, g.gone
		if gone == held || time.Now().After(deadline) {
			close(g.thaw)
			g.frozen, g.thaw = "", nil
			g.mu.Unlock()
			return held
		}
		g.mu.Unlock()
		time.Sleep(10 * time.Millisecond)
	}
}

// awaitDone waits until the updates are marked done in the database.
func awaitDone(t *testing.T, db string, ids []int) {
	t.Helper()
	conn, err := pgx.Connect(t.Context(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	deadline := time.Now().Add(10 * time.Second)
	for {
		var open int
		err := conn.QueryRow(t.Context(), "SELECT count(*) FROM telegram_updates WHERE update_id = ANY($1) AND done_at IS NULL", ids).Scan(&open)
		switch {
		case err != nil:
			t.Fatal(err)
		case open == 0:
			return
		case time.Now().After(deadline):
			t.Fatalf("%d updates answered are not marked done in 10s", open)
		}
		pause(t.Context(), 10*time.Millisecond)
	}
}

// A replica is a kutip serve process.
type replica struct {
	name   string
	cmd    *exec.Cmd
	addr   string // its webhook's host:port
	logs   *bottest.LogBuffer
	exited chan struct{}
	err    error // Wait's, once exited is closed
}

var webhookListen = regexp.MustCompile(`msg="webhook set".* listen=(\S+)`)

// startReplica starts kutip serve with env as its whole environment and
// waits for its webhook to be set.
func startReplica(t *testing.T, bin, name string, env []string) *replica {
	t.Helper()
	r := startProcess(t, bin, name, env)
	deadline := time.After(60 * time.Second)
	for {
		if m := webhookListen.FindStringSubmatch(r.logs.String()); m != nil {
			r.addr = m[1]
			return r
		}
		select {
		case <-r.exited:
			t.Fatalf("replica %s stopped at start: %v\n%s", name, r.err, r.logs)
		case <-deadline:
			t.Fatalf("replica %s set no webhook in 60s:\n%s", name, r.logs)
		case <-time.After(20 * time.Millisecond):
		}
	}
}

func (r *replica) alive() bool {
	select {
	case <-r.exited:
		return false
	default:
		return true
	}
}

// kill kills the replica with SIGKILL: no shutdown, no last word.
func (r *replica) kill(t *testing.T) {
	t.Helper()
	if err := r.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	<-r.exited
}

// stop stops the replica as systemd would, with SIGTERM, and checks that
// it exits cleanly.
func (r *replica) stop(t *testing.T) {
	t.Helper()
	r.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-r.exited:
	case <-time.After(20 * time.Second):
		t.Errorf("replica %s did not stop in 20s after SIGTERM", r.name)
		r.cmd.Process.Kill()
		<-r.exited
	}
	if r.err != nil {
		t.Errorf("replica %s exited with %v:\n%s", r.name, r.err, r.logs)
	}
}

// buildKutip builds the kutip binary, with the race detector when the
// test has it, and returns its path.
func buildKutip(t *testing.T) string {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		goTool = filepath.Join(os.Getenv("GOROOT"), "bin", "go")
	}
	bin := filepath.Join(t.TempDir(), "kutip")
	args := []string{"build", "-o", bin}
	if raceEnabled {
		args = append(args, "-race")
	}
	cmd := exec.Command(goTool, append(args, ".")...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return bin
}
