package discord

import (
	"errors"
	"net/url"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
)

func TestRoute(t *testing.T) {
	tests := []struct{ method, path, want string }{
		{"GET", "/api/v9/users/@me", routeMe},
		{"GET", "/api/v9/gateway", "GET /gateway"},
		{"PUT", "/api/v9/applications/900000000000000002/commands", routeCommands},
		{"PUT", "/api/v9/applications/900000000000000002/guilds/900000000000000003/commands", routeGuildCmds},
		{"POST", "/api/v9/interactions/1000000000000000001/aW50ZXJhY3Rpb24/callback", routeCallback},
		{"POST", "/api/v9/webhooks/900000000000000002/aW50ZXJhY3Rpb24", routeFollowup},
		{"PATCH", "/api/v9/webhooks/900000000000000002/aW50ZXJhY3Rpb24/messages/@original", routeEdit},
		{"POST", "/api/v9/channels/1200000000000000001/messages", routeSend},
		{"DELETE", "/api/v9/channels/1200000000000000001/messages", routeOther}, // not a call kutip makes
		{"GET", "/api/v9/users/1300000000000000001", routeOther},
		{"POST", "/api/v10/interactions/1/2/callback", routeOther},
		{"POST", "/interactions/1/2/callback", routeOther},
	}
	for _, tt := range tests {
		if got := route(tt.method, tt.path); got != tt.want {
			t.Errorf("route(%s, %s) = %q, want %q", tt.method, tt.path, got, tt.want)
		}
	}
}

func TestRestRetry(t *testing.T) {
	limited := func(d time.Duration) error {
		return &discordgo.RateLimitError{RateLimit: &discordgo.RateLimit{TooManyRequests: &discordgo.TooManyRequests{RetryAfter: d}}}
	}
	netErr := &url.Error{Op: "Post", URL: "https://discord.com/api/v9/", Err: errors.New("connection reset")}
	tests := []struct {
		name    string
		err     error
		status  int
		attempt int
		wait    time.Duration
		reason  string
		again   bool
	}{
		{"429", limited(1500 * time.Millisecond), 429, 1, 1500 * time.Millisecond, "429", true},
		{"429 for too long", limited(2 * time.Hour), 429, 1, 2 * time.Hour, "429", false},
		{"502", errors.New("Exceeded Max retries HTTP 502 Bad Gateway"), 502, 1, restBackoff, "5xx", true},
		{"503, third try", errors.New("HTTP 503"), 503, 3, 4 * restBackoff, "5xx", true},
		{"network", netErr, 0, 2, 2 * restBackoff, "network", true},
		{"refused", errors.New("HTTP 403 Forbidden"), 403, 1, 0, "", false},
		{"400 after a network error's retry", netErr, 400, 1, 0, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wait, reason, again := restRetry(tt.err, tt.status, tt.attempt)
			if wait != tt.wait || reason != tt.reason || again != tt.again {
				t.Errorf("restRetry = %v, %q, %v; want %v, %q, %v", wait, reason, again, tt.wait, tt.reason, tt.again)
			}
		})
	}
}
