package discord_test

import (
	"context"
	"fmt"
	"log/slog"
	"path"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/kutip/kutip/bot"
	"github.com/kutip/kutip/bot/discord"
	"github.com/kutip/kutip/bot/discord/discordtest"
)

// The benchmarks run the adapter against the fake Discord on loopback, in
// real time, with a handler that answers at once: slash commands come over
// the gateway from 50 channels, and are answered by interaction callbacks.
// Discord limits no bot's answers to interactions, so the fake does not
// either. Run them with
//
//	go test -run='^$' -bench=. -benchtime=1x -count=5 ./bot/discord
//
// BenchmarkInteractionThroughput: 50 channels ask 20 questions each, all at
// once.
func BenchmarkInteractionThroughput(b *testing.B) {
	const channels, each = 50, 20
	db := startDiscordBench(b)
	var answered int
	var took time.Duration
	for b.Loop() {
		start := time.Now()
		for range each {
			for c := range channels {
				db.ask(c)
			}
		}
		db.await(b)
		took += time.Since(start)
		answered += channels * each
	}
	b.ReportMetric(float64(answered)/took.Seconds(), "answers/s")
}

// BenchmarkInteractionLatency: 50 channels ask 20 questions a second
// between them, for 10 seconds: how long from an interaction's dispatch to
// its callback.
func BenchmarkInteractionLatency(b *testing.B) {
	const channels, rate, questions = 50, 20, 200
	db := startDiscordBench(b)
	var lat []time.Duration
	for b.Loop() {
		first := db.next
		tick := time.NewTicker(time.Second / rate)
		for i := range questions {
			db.ask(i % channels)
			<-tick.C
		}
		tick.Stop()
		db.await(b)
		for _, r := range db.fake.Requests("POST", callbackPath) {
			id, err := strconv.Atoi(path.Base(path.Dir(path.Dir(r.Path))))
			if err == nil && id-interactionBase >= first {
				lat = append(lat, r.At.Sub(db.dispatched[id-interactionBase]))
			}
		}
	}
	slices.Sort(lat)
	b.ReportMetric(ms(lat[len(lat)/2]), "p50-ms")
	b.ReportMetric(ms(lat[len(lat)*99/100]), "p99-ms")
	b.ReportMetric(ms(lat[len(lat)-1]), "max-ms")
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// interactionBase is the id of the benchmark's interaction 0.
const interactionBase = 1_000_000_000_000_000_000

type discordBench struct {
	fake       *discordtest.Server
	next       int               // the next interaction
	dispatched map[int]time.Time // when each was dispatched
}

func startDiscordBench(b *testing.B) *discordBench {
	fake := discordtest.NewServer(b, token)
	svc := canned()
	svc.Handler = bot.HandlerFunc(func(_ context.Context, req bot.Request) (bot.Reply, error) {
		return bot.Reply{Kind: bot.KindText, Text: req.Args, Outcome: bot.Answered}, nil
	})
	bt, err := discord.New(discord.Config{Token: token, APIBaseURL: fake.URL, AppID: discordtest.AppID}, svc, slog.New(slog.DiscardHandler))
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
	fake.WaitRequest(b, discordtest.Gateway, discordtest.Identify)
	return &discordBench{fake: fake, dispatched: map[int]time.Time{}}
}

// ask dispatches a slash command /ask from channel c.
func (db *discordBench) ask(c int) {
	n := db.next
	db.next++
	db.dispatched[n] = time.Now()
	db.fake.Dispatch("INTERACTION_CREATE", []byte(fmt.Sprintf(`{"id":"%d","application_id":"%s","type":2,
"data":{"id":"1100000000000000001","name":"ask","type":1,"options":[{"name":"question","type":3,"value":"question %d"}]},
"channel_id":"%d","user":{"id":"1300000000000000001","username":"budi","discriminator":"0"},
"token":"dG9rZW4tJWQ%d","version":1,"locale":"id","context":1}`, interactionBase+n, discordtest.AppID, n, 1200000000000000000+c, n)))
}

// await waits until every interaction dispatched has had its callback, a
// minute at most.
func (db *discordBench) await(b *testing.B) {
	b.Helper()
	deadline := time.Now().Add(time.Minute)
	for len(db.fake.Requests("POST", callbackPath)) < db.next {
		if time.Now().After(deadline) {
			b.Fatalf("%d callbacks in a minute, want %d", len(db.fake.Requests("POST", callbackPath)), db.next)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
