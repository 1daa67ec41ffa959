// Package ops is what an operator watches kutip by: its Prometheus metrics
// (Metrics, the bot.Meter of kutip serve) and the HTTP server of /healthz,
// /readyz and /metrics, on a listener of its own (Server).
//
// No metric has a label whose value a user chooses: platforms, commands,
// API methods and outcomes come from kutip's code, a command from the
// command table, and no label ever holds a token or a message's text.
package ops

import (
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/kutip/kutip/bot"
)

// NewRegistry returns a registry of its own, not the global default one,
// with the Go runtime's and the process's metrics.
func NewRegistry() *prometheus.Registry {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return reg
}

// Metrics is kutip serve's metrics. It is a bot.Meter, and counts link
// fetches too. It is safe for concurrent use.
type Metrics struct {
	requests   *prometheus.CounterVec
	latency    *prometheus.HistogramVec
	calls      *prometheus.CounterVec
	limited    *prometheus.CounterVec
	retries    *prometheus.CounterVec
	reconnects *prometheus.CounterVec
	votes      *prometheus.CounterVec
	refused    *prometheus.CounterVec
	fetches    *prometheus.CounterVec
	gaveUp     *prometheus.CounterVec
	again      *prometheus.CounterVec
	flights    *flights
}

// A Library says how big the library is, when the metrics are read.
type Library func() (articles, sentences int)

// NewMetrics registers kutip's metrics in reg; lib, when not nil, gives
// the library's size.
func NewMetrics(reg prometheus.Registerer, lib Library) (*Metrics, error) {
	m := &Metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "kutip_requests_total",
			Help: "Requests answered, by platform, command and outcome (answered, abstained, refused, error).",
		}, []string{"platform", "command", "outcome"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "kutip_answer_duration_seconds",
			Help:    "How long the answer to a request took, sending it aside, by platform and command.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
		}, []string{"platform", "command"}),
		calls: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "kutip_api_calls_total",
			Help: `Calls of a platform's API, by method and HTTP status ("error": no answer came).`,
		}, []string{"platform", "method", "status"}),
		limited: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "kutip_api_rate_limited_total",
			Help: "Calls of a platform's API answered 429 Too Many Requests, by method.",
		}, []string{"platform", "method"}),
		retries: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "kutip_api_retries_total",
			Help: "Calls of a platform's API tried again, by method and reason (429, 5xx, network).",
		}, []string{"platform", "method", "reason"}),
		gaveUp: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "kutip_api_given_up_total",
			Help: "Calls of a platform's API given up after failing (5xx, network, 429) for too long, by method: for sendMessage, a reply lost.",
		}, []string{"platform", "method"}),
		again: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "kutip_updates_answered_again_total",
			Help: "Updates answered again after a crash while their reply was being sent: each may have been answered twice.",
		}, []string{"platform"}),
		reconnects: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "kutip_reconnects_total",
			Help: "Connections to a platform (Discord's gateway, Telegram's polling) lost and made again.",
		}, []string{"platform"}),
		votes: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "kutip_feedback_votes_total",
			Help: "Feedback votes on answers, by platform and vote (up, down).",
		}, []string{"platform", "vote"}),
		refused: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "kutip_requests_refused_total",
			Help: "Requests to kutip's webhook and interactions endpoints refused, by platform and reason (signature, secret, replay, too_large, timeout, busy).",
		}, []string{"platform", "reason"}),
		fetches: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "kutip_link_fetches_total",
			Help: "Articles fetched from links, by outcome.",
		}, []string{"outcome"}),
		flights: newFlights(time.Now),
	}
	cs := []prometheus.Collector{m.requests, m.latency, m.calls, m.limited, m.retries, m.gaveUp, m.again, m.reconnects, m.votes, m.refused, m.fetches, m.flights}
	if lib != nil {
		cs = append(cs,
			prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "kutip_library_articles", Help: "Articles in the library."},
				func() float64 { a, _ := lib(); return float64(a) }),
			prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "kutip_library_sentences", Help: "Answerable sentences in the library."},
				func() float64 { _, s := lib(); return float64(s) }))
	}
	for _, c := range cs {
		if err := reg.Register(c); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// Request counts a request and its latency.
func (m *Metrics) Request(platform, command string, outcome bot.Outcome, latency time.Duration) {
	m.requests.WithLabelValues(platform, command, string(outcome)).Inc()
	m.latency.WithLabelValues(platform, command).Observe(latency.Seconds())
}

// Call counts a call of a platform's API; a 429 is counted as rate
// limited too.
func (m *Metrics) Call(platform, method, status string) {
	m.calls.WithLabelValues(platform, method, status).Inc()
	if status == "429" {
		m.limited.WithLabelValues(platform, method).Inc()
	}
}

// Retry counts a call tried again.
func (m *Metrics) Retry(platform, method, reason string) {
	m.retries.WithLabelValues(platform, method, reason).Inc()
}

// GaveUp counts a call of a platform's API given up after failing for too
// long: a reply lost.
func (m *Metrics) GaveUp(platform, method string) {
	m.gaveUp.WithLabelValues(platform, method).Inc()
}

// AnsweredAgain counts an update answered again whose reply a crash cut
// short: it may have been answered twice.
func (m *Metrics) AnsweredAgain(platform string) { m.again.WithLabelValues(platform).Inc() }

// Reconnect counts a connection made again.
func (m *Metrics) Reconnect(platform string) { m.reconnects.WithLabelValues(platform).Inc() }

// Vote counts a feedback vote.
func (m *Metrics) Vote(platform string, up bool) {
	vote := "down"
	if up {
		vote = "up"
	}
	m.votes.WithLabelValues(platform, vote).Inc()
}

// Refused counts a request refused by an endpoint of kutip's.
func (m *Metrics) Refused(platform, reason string) { m.refused.WithLabelValues(platform, reason).Inc() }

// Begin counts an update in flight until done is called.
func (m *Metrics) Begin(platform string) (done func()) { return m.flights.begin(platform) }

// Fetched counts a fetch of an article from a link by its outcome: "ok",
// or how it failed, as package fetch and the catalog's "fetch.*" messages
// name the failures: "bad_url", "not_found", "not_article", "too_big",
// "too_slow", "refused", "not_html", "redirects", "failed" or "limited".
// Any other is counted as "failed".
func (m *Metrics) Fetched(outcome string) {
	switch outcome {
	case "ok", "bad_url", "not_found", "not_article", "too_big", "too_slow", "refused", "not_html", "redirects", "failed", "limited":
	default:
		outcome = "failed"
	}
	m.fetches.WithLabelValues(outcome).Inc()
}

// flights keeps the updates in flight, by platform, and when each began:
// a collector of how many there are and how old the oldest is.
type flights struct {
	now           func() time.Time
	count, oldest *prometheus.Desc

	mu   sync.Mutex
	next uint64
	by   map[string]map[uint64]time.Time // platform -> update -> when it began
}

func newFlights(now func() time.Time) *flights {
	return &flights{
		now:    now,
		count:  prometheus.NewDesc("kutip_updates_in_flight", "Updates being handled, by platform.", []string{"platform"}, nil),
		oldest: prometheus.NewDesc("kutip_oldest_update_age_seconds", "How long the oldest update in flight has been handled, by platform; 0 when none is.", []string{"platform"}, nil),
		by:     map[string]map[uint64]time.Time{},
	}
}

func (f *flights) begin(platform string) func() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.next++
	id := f.next
	if f.by[platform] == nil {
		f.by[platform] = map[uint64]time.Time{}
	}
	f.by[platform][id] = f.now()
	var once sync.Once
	return func() {
		once.Do(func() {
			f.mu.Lock()
			defer f.mu.Unlock()
			delete(f.by[platform], id)
		})
	}
}

func (f *flights) Describe(ch chan<- *prometheus.Desc) {
	ch <- f.count
	ch <- f.oldest
}

func (f *flights) Collect(ch chan<- prometheus.Metric) {
	f.mu.Lock()
	defer f.mu.Unlock()
	now := f.now()
	for platform, began := range f.by {
		var age time.Duration
		for _, t := range began {
			age = max(age, now.Sub(t))
		}
		ch <- prometheus.MustNewConstMetric(f.count, prometheus.GaugeValue, float64(len(began)), platform)
		ch <- prometheus.MustNewConstMetric(f.oldest, prometheus.GaugeValue, age.Seconds(), platform)
	}
}
