package discord

import (
	"encoding/json"
	"fmt"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
)

// TestMaxInteraction builds the biggest interaction kutip can be sent, a
// click on a button under one of its answers at Discord's limits, every
// character an emoji JSON-escaped, and checks it is under the cap.
func TestMaxInteraction(t *testing.T) {
	chars := func(n int) string { return strings.Repeat(`\ud83d\ude00`, n) } // 12 bytes for one character
	roles := make([]string, 250)
	for i := range roles {
		roles[i] = fmt.Sprintf(`"%d"`, 1100000000000000000+i)
	}
	user := `{"id":"1300000000000000001","username":"` + chars(32) + `","global_name":"` + chars(32) + `","avatar":"a_0123456789abcdef0123456789abcdef","discriminator":"0","public_flags":4194304}`
	buttons := strings.Repeat(`{"type":2,"style":2,"label":"`+chars(80)+`","custom_id":"`+strings.Repeat("x", 100)+`"},`, 5)
	rows := strings.Repeat(`{"type":1,"components":[`+strings.TrimSuffix(buttons, ",")+`]},`, 5)
	body := `{"id":"1000000000000000001","application_id":"900000000000000002","type":3,"token":"` + strings.Repeat("t", 250) + `","version":1,` +
		`"guild_id":"900000000000000003","channel_id":"1200000000000000001","locale":"id","guild_locale":"id","app_permissions":"2248473465835073",` +
		`"entitlements":[],"authorizing_integration_owners":{"0":"900000000000000003"},"context":0,` +
		`"channel":{"id":"1200000000000000001","type":0,"name":"` + chars(100) + `","topic":"` + chars(4096) + `","guild_id":"900000000000000003","nsfw":false,"position":3,"permissions":"2248473465835073"},` +
		`"guild":{"id":"900000000000000003","locale":"id","features":[` + strings.TrimSuffix(strings.Repeat(`"`+strings.Repeat("F", 40)+`",`, 60), ",") + `]},` +
		`"member":{"user":` + user + `,"nick":"` + chars(32) + `","roles":[` + strings.Join(roles, ",") + `],"joined_at":"2021-01-01T00:00:00.000000+00:00","permissions":"2248473465835073","flags":0},` +
		`"data":{"custom_id":"` + strings.Repeat("x", 100) + `","component_type":2},` +
		`"message":{"id":"1400000000000000001","channel_id":"1200000000000000001","author":` + user + `,"content":"` + chars(2000) + `",` +
		`"timestamp":"2026-01-01T00:00:00.000000+00:00","edited_timestamp":null,"tts":false,"mention_everyone":false,"mentions":[],"mention_roles":[],"attachments":[],` +
		`"embeds":[{"type":"rich","url":"https://` + strings.Repeat("u", 2000) + `","title":"` + chars(256) + `","description":"` + chars(4096-256) + `","author":{"name":"` + chars(256) + `"},"footer":{"text":"` + chars(1904) + `"},"color":3108830}],` +
		`"components":[` + strings.TrimSuffix(rows, ",") + `],"flags":0,"type":19,"interaction_metadata":{"id":"1000000000000000000","type":2,"user":` + user + `}}}`
	var i discordgo.Interaction
	if err := json.Unmarshal([]byte(body), &i); err != nil || i.Message == nil || i.Member == nil {
		t.Fatalf("not an interaction: %v", err)
	}
	t.Logf("the biggest interaction: %d bytes, the cap %d", len(body), maxInteraction)
	if len(body) > maxInteraction*3/4 {
		t.Errorf("the biggest interaction is %d bytes: over 3/4 of the cap of %d", len(body), maxInteraction)
	}
}

// TestReplays: an interaction id is seen once while its signature is
// good, and let go after.
func TestReplays(t *testing.T) {
	t0 := time.Unix(1_800_000_000, 0)
	ts := fmt.Sprint(t0.Unix())
	tests := []struct {
		name string
		id   string
		at   time.Duration // after the signature's time
		want bool
	}{
		{"first", "1", 0, true},
		{"again at once", "1", time.Second, false},
		{"another", "2", time.Second, true},
		{"again within the window", "1", maxSkew - time.Second, false},
		{"again after the window", "1", maxSkew + 2*time.Minute, true},
	}
	var p replays
	for _, tt := range tests {
		if got := p.first(tt.id, ts, t0.Add(tt.at)); got != tt.want {
			t.Errorf("%s: first(%s) = %v, want %v", tt.name, tt.id, got, tt.want)
		}
	}
	if len(p.ids) != 1 {
		t.Errorf("%d ids remembered after the window, want only the last", len(p.ids))
	}
}

// TestLimitListener: with two connections open, a third waits until one
// is closed; closing the listener ends an Accept that waits.
func TestLimitListener(t *testing.T) {
	inner, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ln := newLimitListener(inner, 2)
	for range 3 {
		c, err := net.Dial("tcp", inner.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
	}
	accepted := make(chan net.Conn, 3)
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				close(accepted)
				return
			}
			accepted <- c
		}
	}()
	first, second := <-accepted, <-accepted
	defer second.Close()
	select {
	case <-accepted:
		t.Fatal("a third connection accepted with two open")
	case <-time.After(100 * time.Millisecond):
	}
	first.Close()
	first.Close() // a second Close gives no second slot back
	third := <-accepted
	defer third.Close()
	ln.Close()
	if _, open := <-accepted; open {
		t.Error("Accept goes on after Close")
	}
	if len(ln.slots) != 2 {
		t.Errorf("%d slots taken, want 2", len(ln.slots))
	}
}
