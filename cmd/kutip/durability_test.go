package main

import (
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kutip/kutip/bot/bottest"
	"github.com/kutip/kutip/bot/telegram/telegramtest"
)

// TestDurability runs kutip serve (long polling, a state directory)
// against the fake Bot API behind a front that answers some calls with
// 502 or a 429 instead: 400 updates from 40 group chats, each written by
// its one user at a fair pace (one every 2.4 s), come through a 15 s
// outage of getUpdates, which bunches them, and while the process is
// killed with SIGKILL and started again, on the same state directory, five
// times. It counts the answers each update got: none may
// be lost. A duplicate is allowed only where Telegram forces it: an update
// answered just before a kill and not yet recorded in the ledger, which
// the test reads after each kill; it logs how many there were. Each such
// update kutip itself must name when it answers it again.
func TestDurability(t *testing.T) {
	if testing.Short() {
		t.Skip("a minute of real processes")
	}
	const (
		updates = 400
		chats   = 40 // a user each
		kills   = 5
		outage  = 15 * time.Second
	)
	bin := buildKutip(t)
	api := telegramtest.NewServer(t, fakeToken)
	faults := &faulty{api: api, rnd: rand.New(rand.NewPCG(17, 17))}
	front := httptest.NewServer(faults)
	defer front.Close()
	dir := t.TempDir()
	env := []string{
		"TELEGRAM_BOT_TOKEN=" + fakeToken,
		"TELEGRAM_API_ENDPOINT=" + front.URL + "/bot%s/%s",
		"KUTIP_STATE_DIR=" + dir,
	}

	pushed := make(chan struct{})
	go func() {
		defer close(pushed)
		for id := 1; id <= updates; id++ {
			chat := -int64(1000 + id%chats)
			api.Push(id, telegramtest.Dated(telegramtest.GroupMessage(id, chat, int64(5000+id%chats), "/ask "+bottest.Question), time.Now()))
			pause(t.Context(), 60*time.Millisecond)
		}
	}()

	forced := map[int]bool{} // answered before a kill, not in the ledger after it
	var window []int         // how many of those each kill left
	p := startPoller(t, bin, env)
	procs := []*replica{p}
	pause(t.Context(), 2*time.Second)
	faults.down(true)
	pause(t.Context(), outage)
	faults.down(false)
	rnd := rand.New(rand.NewPCG(1, 7))
	for range kills {
		pause(t.Context(), time.Duration(700+rnd.IntN(1500))*time.Millisecond)
		p.kill(t)
		led := readLedger(t, filepath.Join(dir, "telegram-7000000001.json"))
		n := 0
		for id := range answers(api) {
			if !led.handled(id) && !forced[id] {
				forced[id] = true
				n++
			}
		}
		window = append(window, n)
		if tmps, _ := filepath.Glob(filepath.Join(dir, "*.tmp")); len(tmps) > 0 {
			t.Logf("the kill left %v", tmps) // cleaned at the next start
		}
		p = startPoller(t, bin, env)
		procs = append(procs, p)
	}
	<-pushed
	deadline := time.Now().Add(2 * time.Minute)
	for len(answers(api)) < updates && time.Now().Before(deadline) {
		pause(t.Context(), 100*time.Millisecond)
	}
	p.stop(t)

	again := map[int]bool{} // the updates kutip says it answers again
	for _, r := range procs {
		for _, m := range answeredAgain.FindAllStringSubmatch(r.logs.String(), -1) {
			id, _ := strconv.Atoi(m[1])
			again[id] = true
		}
	}
	got := answers(api)
	var lost, dups, unforced, unsaid []int
	total := 0
	for id := 1; id <= updates; id++ {
		n := got[id]
		total += n
		switch {
		case n == 0:
			lost = append(lost, id)
		case n > 1:
			dups = append(dups, id)
			if !forced[id] {
				unforced = append(unforced, id)
			}
			if !again[id] {
				unsaid = append(unsaid, id)
			}
		}
	}
	t.Logf("%d updates, %d answers, %d lost, %d duplicates (%v); answered and not recorded at each kill: %v; answered again after a kill mid-send, by kutip's log: %d; faults injected: %s",
		updates, total, len(lost), len(dups), dups, window, len(again), faults)
	if len(lost) > 0 {
		t.Errorf("updates %v got no answer", lost)
	}
	if len(unforced) > 0 {
		t.Errorf("updates %v were answered twice, though the ledger had them at no kill", unforced)
	}
	if len(unsaid) > 0 {
		t.Errorf("updates %v were answered twice, and kutip's log does not say it answers them again", unsaid)
	}
	if p := api.Pending(); len(p) > 0 {
		t.Errorf("updates %v are not confirmed", p)
	}
	if tmps, _ := filepath.Glob(filepath.Join(dir, "*.tmp")); len(tmps) > 0 {
		t.Errorf("temporary files left in the state directory: %v", tmps)
	}
	if logs := p.logs.String(); strings.Contains(logs, "DATA RACE") || strings.Contains(logs, fakeToken) {
		t.Errorf("the log shows a data race or the token:\n%s", logs)
	}
}

var answeredAgain = regexp.MustCompile(`msg="answering again an update[^"]*" platform=telegram update_id=(\d+)`)

// answers counts the answers the fake took for each update: a group's
// answer replies to the message, whose id is the update's times ten. A
// notice to slow down is no answer.
func answers(api *telegramtest.Server) map[int]int {
	n := map[int]int{}
	for _, c := range api.Calls("sendMessage") {
		if strings.Contains(c.Form.Get("text"), "Terlalu banyak pertanyaan") {
			continue
		}
		to, _ := strconv.Atoi(c.Form.Get("reply_to_message_id"))
		n[to/10]++
	}
	return n
}

// fileLedger is the Telegram ledger's file, as the adapter writes it.
type fileLedger struct {
	Next int   `json:"next"`
	Done []int `json:"done"`
}

func readLedger(t *testing.T, path string) fileLedger {
	t.Helper()
	var l fileLedger
	b, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return l
	}
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &l); err != nil {
		t.Fatalf("the ledger %s after a kill: %v", b, err)
	}
	return l
}

func (l fileLedger) handled(id int) bool { return id < l.Next || slices.Contains(l.Done, id) }

// startPoller starts kutip serve, long polling, and waits until it polls.
func startPoller(t *testing.T, bin string, env []string) *replica {
	t.Helper()
	r := startProcess(t, bin, "poller", env)
	waitFor(t, r, "polling for updates")
	return r
}

// startProcess starts kutip serve with env as its whole environment.
func startProcess(t *testing.T, bin, name string, env []string) *replica {
	t.Helper()
	r := &replica{name: name, logs: &bottest.LogBuffer{}, exited: make(chan struct{})}
	r.cmd = exec.Command(bin, "serve")
	r.cmd.Env = append(slices.Clone(env), "GORACE=halt_on_error=1", "PATH="+os.Getenv("PATH"))
	r.cmd.Stdout, r.cmd.Stderr = io.Discard, r.logs
	if err := r.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { r.err = r.cmd.Wait(); close(r.exited) }()
	t.Cleanup(func() {
		if r.alive() {
			r.cmd.Process.Kill()
			<-r.exited
		}
	})
	return r
}

// waitFor waits until the process's log holds want, 60 s at most.
func waitFor(t *testing.T, r *replica, want string) {
	t.Helper()
	deadline := time.After(60 * time.Second)
	for !strings.Contains(r.logs.String(), want) {
		select {
		case <-r.exited:
			t.Fatalf("%s stopped before %q: %v\n%s", r.name, want, r.err, r.logs)
		case <-deadline:
			t.Fatalf("no %q from %s in 60s:\n%s", want, r.name, r.logs)
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// A faulty front answers some calls of the fake Bot API itself, as
// Telegram under load or a proxy before it does: a 502 page, or a 429 with
// retry_after=1. A faulted call never reaches the fake.
type faulty struct {
	api *telegramtest.Server

	mu           sync.Mutex
	rnd          *rand.Rand
	bad, tooMany int
	outage       bool // getUpdates fails
}

// down starts or ends an outage of getUpdates.
func (f *faulty) down(on bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.outage = on
}

func (f *faulty) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	method := r.URL.Path[strings.LastIndex(r.URL.Path, "/")+1:]
	f.mu.Lock()
	x := f.rnd.Float64()
	fault := ""
	switch {
	case method == "getUpdates" && f.outage:
		fault = "502"
	case (method == "sendMessage" || method == "getUpdates") && x < 0.05:
		fault, f.bad = "502", f.bad+1
	case method == "sendMessage" && x < 0.08:
		fault, f.tooMany = "429", f.tooMany+1
	}
	f.mu.Unlock()
	switch fault {
	case "502":
		io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusBadGateway)
		fmt.Fprint(w, "<html><body><h1>502 Bad Gateway</h1></body></html>")
	case "429":
		io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusTooManyRequests)
		fmt.Fprint(w, `{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 1","parameters":{"retry_after":1}}`)
	default:
		f.api.ServeHTTP(w, r)
	}
}

func (f *faulty) String() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return fmt.Sprintf("%d 502s, %d 429s", f.bad, f.tooMany)
}

// TestStateDirLocked: a second kutip serve on a state directory another
// one keeps (a rolling restart) waits for it, saying so and for which
// process, and answers nothing meanwhile; once the first stops, it takes
// over. Every update is answered once.
func TestStateDirLocked(t *testing.T) {
	if testing.Short() {
		t.Skip("real processes")
	}
	bin := buildKutip(t)
	api := telegramtest.NewServer(t, fakeToken)
	env := []string{
		"TELEGRAM_BOT_TOKEN=" + fakeToken,
		"TELEGRAM_API_ENDPOINT=" + api.Endpoint,
		"KUTIP_STATE_DIR=" + t.TempDir(),
	}
	ask := func(from, to int) {
		for id := from; id <= to; id++ {
			api.Push(id, telegramtest.GroupMessage(id, -int64(1000+id%7), int64(5000+id), "/ask "+bottest.Question))
		}
	}
	a := startPoller(t, bin, env)
	ask(1, 10)
	api.Await(t, "sendMessage", 10)
	b := startProcess(t, bin, "second", env)
	waitFor(t, b, "waiting for the state directory")
	if want := "holder_pid=" + strconv.Itoa(a.cmd.Process.Pid); !strings.Contains(b.logs.String(), want) {
		t.Errorf("the second process does not name the first (%s):\n%s", want, b.logs)
	}
	ask(11, 20)
	api.Await(t, "sendMessage", 20)
	pause(t.Context(), time.Second)
	if strings.Contains(b.logs.String(), "polling for updates") {
		t.Fatalf("the second process polls while the first keeps the state directory:\n%s", b.logs)
	}
	a.stop(t)
	waitFor(t, b, "polling for updates")
	ask(21, 30)
	api.Await(t, "sendMessage", 30)
	pause(t.Context(), time.Second) // nothing more comes
	b.stop(t)
	got := answers(api)
	for id := 1; id <= 30; id++ {
		if got[id] != 1 {
			t.Errorf("update %d answered %d times, want once", id, got[id])
		}
	}
}
