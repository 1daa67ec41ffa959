package bot

import (
	"context"
	"time"
)

// A Meter takes the numbers an operator watches kutip by: the requests and
// how long they took, the calls of the platforms' APIs, the retries, the
// updates in flight, the votes. Every name it is given comes from a small
// set that kutip's code fixes (a platform, a command of the table, an API
// method), never from what a user typed, and never holds a token. Its
// methods are called on every request: they must be cheap and safe for
// concurrent use.
type Meter interface {
	// Request counts a request answered: its platform, its command, its
	// outcome, and how long the answer took.
	Request(platform, command string, outcome Outcome, latency time.Duration)
	// Call counts a call of a platform's API by method, and its status:
	// the HTTP status ("200", "429"), or "error" when no answer came.
	Call(platform, method, status string)
	// Retry counts a call tried again, and why: "429", "5xx", "network".
	Retry(platform, method, reason string)
	// Reconnect counts a connection to a platform lost and made again.
	Reconnect(platform string)
	// Begin counts an update in flight from now until done is called.
	Begin(platform string) (done func())
	// Vote counts a feedback vote.
	Vote(platform string, up bool)
	// Refused counts a request to an endpoint of kutip's refused, and why:
	// "signature", "secret", "replay", "too_large", "timeout", "busy".
	Refused(platform, reason string)
	// Fetched counts a fetch of an article from a link by its outcome:
	// "ok", or the failure as the catalog's "fetch.*" keys name it
	// ("not_found", "too_big", "limited", …).
	Fetched(outcome string)
}

// NoMeter counts nothing: the Meter of a Service that has none.
type NoMeter struct{}

func (NoMeter) Request(string, string, Outcome, time.Duration) {}
func (NoMeter) Call(string, string, string)                    {}
func (NoMeter) Retry(string, string, string)                   {}
func (NoMeter) Reconnect(string)                               {}
func (NoMeter) Begin(string) func()                            { return func() {} }
func (NoMeter) Vote(string, bool)                              {}
func (NoMeter) Refused(string, string)                         {}
func (NoMeter) Fetched(string)                                 {}

// Metered returns the service's meter, NoMeter when it has none.
func (s Service) Metered() Meter {
	if s.Meter == nil {
		return NoMeter{}
	}
	return s.Meter
}

// Measure counts every request in m as Guard logs it: its platform, its
// command, its outcome and its latency. A command that is not one of cmds
// (or an alias of one) is counted as "other", so that what users type
// cannot grow the set of names.
func Measure(m Meter, cmds []Command, next Handler) Handler {
	return HandlerFunc(func(ctx context.Context, req Request) (Reply, error) {
		start := time.Now()
		rep, err := next.Handle(ctx, req)
		outcome := rep.Outcome
		if err != nil {
			outcome = Failed
		}
		command := "other"
		if c, ok := findCommand(cmds, req.Command); ok {
			command = c.Name
		} else if req.Command == "" {
			command = CmdHelp
		}
		m.Request(req.Platform, command, outcome, time.Since(start))
		if rep.Fetch != "" {
			m.Fetched(rep.Fetch)
		}
		return rep, err
	})
}
