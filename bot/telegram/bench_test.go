package telegram

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kutip/kutip/bot"
	"github.com/kutip/kutip/bot/telegram/telegramtest"
)

// The benchmarks run the adapter against the fake Bot API on loopback, in
// real time, with a handler that answers at once: what they measure is the
// adapter, its polling and Telegram's limits. Run them with
//
//	go test -run='^$' -bench=. -benchtime=1x -count=5 ./bot/telegram
//
// BenchmarkThroughput: 50 private chats ask 3 questions each, all at once.
// Telegram allows 30 messages a second in all, so 150 answers take 5
// seconds at best; each chat's answers must come in the order asked.
func BenchmarkThroughput(b *testing.B) {
	const chats, each = 50, 3
	bb := startBench(b, "")
	var answered int
	var took time.Duration
	for b.Loop() {
		start := time.Now()
		pushed := bb.ask(chats, each)
		bb.await(b, bb.sent+pushed)
		took += time.Since(start)
		answered += pushed
		bb.checkOrder(b)
	}
	b.ReportMetric(float64(answered)/took.Seconds(), "answers/s")
	bb.checkLimits(b)
}

// BenchmarkLatency: 50 private chats ask 20 questions a second between
// them, each chat every 2.5 seconds, for 10 seconds: how long from an
// update's coming to its answer's being sent. With the state in memory,
// and in a state directory (the ledger's writes, fsynced).
func BenchmarkLatency(b *testing.B) {
	b.Run("memory", func(b *testing.B) { benchLatency(b, startBench(b, "")) })
	b.Run("statedir", func(b *testing.B) { benchLatency(b, startBench(b, b.TempDir())) })
}

func benchLatency(b *testing.B, bb *bench) {
	const chats, rate, questions = 50, 20, 200
	var lat []time.Duration
	for b.Loop() {
		first := bb.next
		pushedAt := map[int]time.Time{}
		tick := time.NewTicker(time.Second / rate)
		for i := range questions {
			pushedAt[bb.next] = time.Now()
			bb.ask1(1000 + int64(i%chats))
			<-tick.C
		}
		tick.Stop()
		bb.await(b, bb.sent+questions)
		bb.sent += questions
		for _, c := range bb.api.Calls("sendMessage") {
			id, ok := updateOf(c)
			if ok && id >= first {
				lat = append(lat, c.At.Sub(pushedAt[id]))
			}
		}
	}
	slices.Sort(lat)
	b.ReportMetric(ms(lat[len(lat)/2]), "p50-ms")
	b.ReportMetric(ms(lat[len(lat)*99/100]), "p99-ms")
	b.ReportMetric(ms(lat[len(lat)-1]), "max-ms")
	bb.checkLimits(b)
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// A bench is a bot running against a fake Bot API on loopback.
type bench struct {
	api  *telegramtest.Server
	next int // the next update_id
	sent int // answers awaited so far
}

// startBench starts the bot, its state in stateDir ("": in memory).
func startBench(b *testing.B, stateDir string) *bench {
	api := telegramtest.NewServer(b, testToken)
	svc := newService(b)
	// The answer names the update it answers: "update 17".
	svc.Handler = bot.HandlerFunc(func(_ context.Context, req bot.Request) (bot.Reply, error) {
		return bot.Reply{Kind: bot.KindText, Text: req.Args, Outcome: bot.Answered}, nil
	})
	bt, err := New(Config{Token: testToken, APIEndpoint: api.Endpoint, StateDir: stateDir}, svc, slog.New(slog.DiscardHandler))
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- bt.Run(ctx) }()
	b.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			b.Errorf("Run: %v", err)
		}
	})
	api.Await(b, "getUpdates", 1)
	return &bench{api: api, next: 1}
}

// ask has each of n chats ask each questions, round after round, as they
// would come when the chats ask at once; it returns how many it asked.
func (bb *bench) ask(n, each int) int {
	for range each {
		for c := range n {
			bb.ask1(1000 + int64(c))
		}
	}
	return n * each
}

// ask1 has chat ask a question.
func (bb *bench) ask1(chat int64) {
	id := bb.next
	bb.next++
	bb.api.Push(id, telegramtest.PrivateMessage(id, chat, "id", fmt.Sprintf("update %d", id)))
}

// await waits until n answers have been sent in all, a minute at most.
func (bb *bench) await(b *testing.B, n int) {
	b.Helper()
	deadline := time.Now().Add(time.Minute)
	for len(bb.api.Calls("sendMessage")) < n {
		if time.Now().After(deadline) {
			b.Fatalf("%d answers in a minute, want %d", len(bb.api.Calls("sendMessage")), n)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// updateOf reads the update an answer answers from its text.
func updateOf(c telegramtest.Call) (int, bool) {
	f := strings.Fields(c.Form.Get("text"))
	if len(f) != 2 || f[0] != "update" {
		return 0, false
	}
	id, err := strconv.Atoi(f[1])
	return id, err == nil
}

// checkOrder fails the benchmark unless each chat's answers came in the
// order its questions were asked, and then marks them all awaited.
func (bb *bench) checkOrder(b *testing.B) {
	b.Helper()
	calls := bb.api.Calls("sendMessage")
	last := map[string]int{}
	for _, c := range calls {
		id, ok := updateOf(c)
		chat := c.Form.Get("chat_id")
		if !ok {
			continue
		}
		if prev, seen := last[chat]; seen && id < prev {
			b.Errorf("chat %s: the answer to update %d came after that to %d", chat, id, prev)
		}
		last[chat] = id
	}
	bb.sent = len(calls)
}

// checkLimits fails the benchmark when the messages sent broke Telegram's
// limits, as the fake saw them come: 30 a second in all, one a second in a
// chat. A message may reach the fake a little later than it was sent, and
// the next one on time: slack allows for it.
func (bb *bench) checkLimits(b *testing.B) {
	b.Helper()
	const slack = 50 * time.Millisecond
	calls := bb.api.Calls("sendMessage")
	for i := globalPerSecond; i < len(calls); i++ {
		if d := calls[i].At.Sub(calls[i-globalPerSecond].At); d < time.Second-slack {
			b.Errorf("%d messages in %v", globalPerSecond+1, d)
			break
		}
	}
	lastIn := map[string]time.Time{}
	for _, c := range calls {
		chat := c.Form.Get("chat_id")
		if at, ok := lastIn[chat]; ok && c.At.Sub(at) < time.Second-slack {
			b.Errorf("chat %s: two messages %v apart", chat, c.At.Sub(at))
			break
		}
		lastIn[chat] = c.At
	}
}
