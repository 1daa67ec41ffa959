package ops

import (
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/kutip/kutip/bot"
)

var _ bot.Meter = (*Metrics)(nil)

func TestMetrics(t *testing.T) {
	reg := prometheus.NewRegistry()
	m, err := NewMetrics(reg, func() (int, int) { return 6, 412 })
	if err != nil {
		t.Fatal(err)
	}
	m.Request("telegram", "ask", bot.Answered, 3*time.Millisecond)
	m.Request("telegram", "ask", bot.Abstained, 700*time.Millisecond)
	m.Request("discord", "quote", bot.Failed, time.Millisecond)
	m.Call("telegram", "sendMessage", "200")
	m.Call("telegram", "sendMessage", "429")
	m.Retry("telegram", "sendMessage", "429")
	m.Reconnect("discord")
	m.Vote("telegram", true)
	m.Vote("discord", false)
	m.Refused("discord", "signature")
	m.Refused("discord", "signature")
	m.Refused("telegram", "secret")
	m.Fetched("ok")
	m.Fetched("too_big")
	m.Fetched("something new") // counted as failed
	want := `
# HELP kutip_api_calls_total Calls of a platform's API, by method and HTTP status ("error": no answer came).
# TYPE kutip_api_calls_total counter
kutip_api_calls_total{method="sendMessage",platform="telegram",status="200"} 1
kutip_api_calls_total{method="sendMessage",platform="telegram",status="429"} 1
# HELP kutip_api_rate_limited_total Calls of a platform's API answered 429 Too Many Requests, by method.
# TYPE kutip_api_rate_limited_total counter
kutip_api_rate_limited_total{method="sendMessage",platform="telegram"} 1
# HELP kutip_api_retries_total Calls of a platform's API tried again, by method and reason (429, 5xx, network).
# TYPE kutip_api_retries_total counter
kutip_api_retries_total{method="sendMessage",platform="telegram",reason="429"} 1
# HELP kutip_feedback_votes_total Feedback votes on answers, by platform and vote (up, down).
# TYPE kutip_feedback_votes_total counter
kutip_feedback_votes_total{platform="discord",vote="down"} 1
kutip_feedback_votes_total{platform="telegram",vote="up"} 1
# HELP kutip_library_articles Articles in the library.
# TYPE kutip_library_articles gauge
kutip_library_articles 6
# HELP kutip_library_sentences Answerable sentences in the library.
# TYPE kutip_library_sentences gauge
kutip_library_sentences 412
# HELP kutip_link_fetches_total Articles fetched from links, by outcome.
# TYPE kutip_link_fetches_total counter
kutip_link_fetches_total{outcome="failed"} 1
kutip_link_fetches_total{outcome="ok"} 1
kutip_link_fetches_total{outcome="too_big"} 1
# HELP kutip_reconnects_total Connections to a platform (Discord's gateway, Telegram's polling) lost and made again.
# TYPE kutip_reconnects_total counter
kutip_reconnects_total{platform="discord"} 1
# HELP kutip_requests_refused_total Requests to kutip's webhook and interactions endpoints refused, by platform and reason (signature, secret, replay, too_large, timeout, busy).
# TYPE kutip_requests_refused_total counter
kutip_requests_refused_total{platform="discord",reason="signature"} 2
kutip_requests_refused_total{platform="telegram",reason="secret"} 1
# HELP kutip_requests_total Requests answered, by platform, command and outcome (answered, abstained, refused, error).
# TYPE kutip_requests_total counter
kutip_requests_total{command="ask",outcome="abstained",platform="telegram"} 1
kutip_requests_total{command="ask",outcome="answered",platform="telegram"} 1
kutip_requests_total{command="quote",outcome="error",platform="discord"} 1
`
	names := []string{"kutip_api_calls_total", "kutip_api_rate_limited_total", "kutip_api_retries_total", "kutip_feedback_votes_total",
		"kutip_library_articles", "kutip_library_sentences", "kutip_link_fetches_total", "kutip_reconnects_total", "kutip_requests_refused_total", "kutip_requests_total"}
	if err := testutil.GatherAndCompare(reg, strings.NewReader(want), names...); err != nil {
		t.Error(err)
	}
	if n := testutil.CollectAndCount(m.latency, "kutip_answer_duration_seconds"); n != 2 {
		t.Errorf("%d latency histograms, want 2: telegram ask, discord quote", n)
	}
	if count, sum := latency(t, reg, "telegram", "ask"); count != 2 || sum < 0.703 || sum > 0.704 {
		t.Errorf("telegram ask latency: %d answers, %vs in all; want 2, 0.703s", count, sum)
	}
}

// latency returns the count and sum of a latency histogram.
func latency(t *testing.T, reg *prometheus.Registry, platform, command string) (uint64, float64) {
	t.Helper()
	fams, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fams {
		if f.GetName() != "kutip_answer_duration_seconds" {
			continue
		}
		for _, m := range f.GetMetric() {
			labels := map[string]string{}
			for _, l := range m.GetLabel() {
				labels[l.GetName()] = l.GetValue()
			}
			if labels["platform"] == platform && labels["command"] == command {
				return m.GetHistogram().GetSampleCount(), m.GetHistogram().GetSampleSum()
			}
		}
	}
	t.Fatalf("no latency histogram for %s %s", platform, command)
	return 0, 0
}

func TestFlights(t *testing.T) {
	now := time.Date(2025, 1, 1, 12, 0, 0, 0, time.UTC)
	f := newFlights(func() time.Time { return now })
	reg := prometheus.NewRegistry()
	reg.MustRegister(f)
	a := f.begin("telegram")
	now = now.Add(3 * time.Second)
	b := f.begin("telegram")
	c := f.begin("discord")
	now = now.Add(time.Second)
	c()
	c() // twice is once
	want := `
# HELP kutip_oldest_update_age_seconds How long the oldest update in flight has been handled, by platform; 0 when none is.
# TYPE kutip_oldest_update_age_seconds gauge
kutip_oldest_update_age_seconds{platform="discord"} 0
kutip_oldest_update_age_seconds{platform="telegram"} 4
# HELP kutip_updates_in_flight Updates being handled, by platform.
# TYPE kutip_updates_in_flight gauge
kutip_updates_in_flight{platform="discord"} 0
kutip_updates_in_flight{platform="telegram"} 2
`
	if err := testutil.GatherAndCompare(reg, strings.NewReader(want)); err != nil {
		t.Error(err)
	}
	a()
	want = strings.NewReplacer(`{platform="telegram"} 4`, `{platform="telegram"} 1`, `{platform="telegram"} 2`, `{platform="telegram"} 1`).Replace(want)
	if err := testutil.GatherAndCompare(reg, strings.NewReader(want)); err != nil {
		t.Error(err)
	}
	b()
}
