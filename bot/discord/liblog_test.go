package discord_test

import (
	"bytes"
	"encoding/json"
	"log"
	"regexp"
	"strings"
	"testing"

	"github.com/kutip/kutip/bot/discord"
)

// TestLibraryLog: discordgo's own lines ("[DG0] ...", on the log
// package's standard error) go through the adapter's slog logger instead,
// at their level, with the platform. Not parallel: the log package's
// output and discordgo's logger are the process's.
func TestLibraryLog(t *testing.T) {
	var std bytes.Buffer
	log.SetOutput(&std)
	defer log.SetOutput(log.Writer())
	hs := start(t, discord.Config{}, canned())
	// An event discordgo cannot read: it says so at its level 0.
	hs.fake.Dispatch("MESSAGE_CREATE", json.RawMessage(`[1, 2]`))
	hs.logs.Wait(t, regexp.MustCompile(`level=ERROR msg="discordgo: error unmarshalling MESSAGE_CREATE event, json: cannot unmarshal array into Go value.*" platform=discord dg=0 at=wsapi.go:\d+:onEvent\(\)`))
	// An event discordgo does not know, at its level 1: its data, which
	// may be what a user wrote, is left out.
	hs.fake.Dispatch("SOMETHING_NEW", map[string]string{"content": "rahasia-pengguna"})
	hs.logs.Wait(t, regexp.MustCompile(`level=WARN msg="discordgo: unknown event: Op: 0, Seq: \d+, Type: SOMETHING_NEW, Data: \(left out\)" platform=discord dg=1`))
	// The gateway goes on: a mention is answered.
	hs.fake.Dispatch("MESSAGE_CREATE", fixture(t, "mention.json"))
	hs.fake.WaitRequest(t, "POST", "/api/v9/channels/*/messages")
	if strings.Contains(hs.logs.String(), "rahasia-pengguna") {
		t.Errorf("a user's text is in the log:\n%s", hs.logs)
	}
	if strings.Contains(std.String(), "[DG") {
		t.Errorf("discordgo wrote to the log package:\n%s", std.String())
	}
}
