package discord_test

import (
	"context"
	"sync"
	"testing"

	"github.com/kutip/kutip/bot"
	"github.com/kutip/kutip/bot/discord"
)

// recorded is a service whose handler keeps the requests it answers.
type recorded struct {
	mu   sync.Mutex
	reqs []bot.Request
}

func (r *recorded) service() bot.Service {
	svc := canned()
	next := svc.Handler
	svc.Handler = bot.HandlerFunc(func(ctx context.Context, req bot.Request) (bot.Reply, error) {
		r.mu.Lock()
		r.reqs = append(r.reqs, req)
		r.mu.Unlock()
		return next.Handle(ctx, req)
	})
	return svc
}

func (r *recorded) last() bot.Request {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.reqs[len(r.reqs)-1]
}

// TestLinkRequests: what a request says of who asked, for links.allow and
// the per-user limit: the user, a server's channel or not, whether the
// user may manage the server; /article's url option is its argument.
func TestLinkRequests(t *testing.T) {
	t.Parallel()
	var rec recorded
	hs := start(t, discord.Config{}, rec.service())
	tests := []struct {
		name   string
		oldnew []string
		admin  bool
	}{
		{"a member", nil, false},
		{"an administrator", []string{`"permissions": "2248473465835073"`, `"permissions": "8"`}, true},
		{"a manager of the server", []string{`"permissions": "2248473465835073"`, `"permissions": "32"`}, true},
	}
	for _, tt := range tests {
		hs.fake.Dispatch("INTERACTION_CREATE", fixture(t, "ask.json", tt.oldnew...))
		hs.fake.WaitRequest(t, "POST", callbackPath) // answered: the request is recorded
		req := rec.last()
		if req.User != "discord:1300000000000000001" || !req.Group || req.Admin != tt.admin {
			t.Errorf("%s: user %q, group %v, admin %v", tt.name, req.User, req.Group, req.Admin)
		}
	}
	hs.fake.Dispatch("INTERACTION_CREATE", fixture(t, "ask.json", `"name": "ask"`, `"name": "article"`,
		`"name": "question"`, `"name": "url"`, "Berapa korban?", "https://kabar.example/banjir"))
	hs.fake.WaitRequest(t, "POST", callbackPath)
	if req := rec.last(); req.Command != bot.CmdArticle || req.Args != "https://kabar.example/banjir" {
		t.Errorf("/article url: %q %q", req.Command, req.Args)
	}
}
