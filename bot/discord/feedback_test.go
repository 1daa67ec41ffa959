package discord_test

import (
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/kutip/kutip/bot"
	"github.com/kutip/kutip/bot/bottest"
	"github.com/kutip/kutip/bot/discord"
)

// TestFeedback: an answer has 👍 and 👎 buttons beside "more"; a press
// records the vote and says so to the voter alone; the other button
// changes it; "more" leaves them on the page it takes its button off.
func TestFeedback(t *testing.T) {
	t.Parallel()
	svc := canned()
	svc.Voting = bot.NewMemoryVoting()
	m := &bottest.Meter{}
	svc.Meter = m
	hs := start(t, discord.Config{}, svc)
	hs.fake.Dispatch("INTERACTION_CREATE", fixture(t, "ask.json", bottest.Question, bottest.Many))
	first := decode[callback](t, hs.fake.WaitRequest(t, "POST", callbackPath)).Data
	if len(first.Components) != 1 || len(first.Components[0].Components) != 3 {
		t.Fatalf("components %+v: want one row, 👍 👎 and more", first.Components)
	}
	row := first.Components[0].Components
	up, down, more := row[0].CustomID, row[1].CustomID, row[2].CustomID
	if row[0].Label != "👍" || row[1].Label != "👎" || !strings.HasPrefix(up, "vote:+:") || !strings.HasPrefix(down, "vote:-:") || more != "more:3:ask:gempa" {
		t.Fatalf("buttons %+v", row)
	}

	// more.json's message is the page with the three buttons.
	page := func(pressed string) json.RawMessage {
		return fixture(t, "more.json",
			`"custom_id": "CUSTOM_ID"
          }
        ]`, `"custom_id": "`+more+`"}, {"type": 2, "style": 2, "label": "👍", "custom_id": "`+up+`"}, {"type": 2, "style": 2, "label": "👎", "custom_id": "`+down+`"}]`,
			"CUSTOM_ID", pressed)
	}
	for _, press := range []string{up, down} {
		hs.fake.Dispatch("INTERACTION_CREATE", page(press))
		cb := decode[callback](t, hs.fake.WaitRequest(t, "POST", callbackPath))
		want := "Terima kasih! Tercatat: kutipan ini menjawab pertanyaannya."
		if press == down {
			want = "Terima kasih! Tercatat: kutipan ini tidak menjawab pertanyaannya."
		}
		if cb.Type != 4 || cb.Data.Flags != 64 || cb.Data.Content != want {
			t.Errorf("a press answered %d %q, flags %d; want 4 %q, ephemeral", cb.Type, cb.Data.Content, cb.Data.Flags, want)
		}
	}
	hs.logs.Wait(t, regexp.MustCompile(`level=INFO msg=vote platform=discord chat_id=discord:1200000000000000001 up=false article=gempa sentence=`))
	votes, _ := svc.Voting.Feedback.Votes(t.Context())
	if len(votes) != 1 || votes[0].Up || votes[0].User != "discord:1300000000000000001" || votes[0].Question != bottest.Many {
		t.Errorf("votes %+v: want budi's 👎 on the first quote", votes)
	}
	if !slices.Contains(m.Counted(), "vote discord true") || !slices.Contains(m.Counted(), "vote discord false") {
		t.Errorf("votes not counted: %q", m.Counted())
	}

	// The button of a ballot no longer kept.
	hs.fake.Dispatch("INTERACTION_CREATE", page("vote:+:AAAAAAAAAAAAAAAA"))
	if cb := decode[callback](t, hs.fake.WaitRequest(t, "POST", callbackPath)); cb.Data.Content != "Tombol ini sudah kedaluwarsa; silakan bertanya lagi." || cb.Data.Flags != 64 {
		t.Errorf("an expired button answered %q", cb.Data.Content)
	}

	// "more" takes its button off, and leaves the votes.
	hs.fake.Dispatch("INTERACTION_CREATE", page(more))
	hs.fake.WaitRequest(t, "POST", callbackPath)
	next := decode[sent](t, hs.fake.WaitRequest(t, "POST", followupPath))
	if len(next.Components) != 1 || len(next.Components[0].Components) != 3 || next.Components[0].Components[0].CustomID == up {
		t.Errorf("the next page's buttons %+v: want its own 👍 👎 and more", next.Components)
	}
	old := decode[sent](t, hs.fake.WaitRequest(t, "PATCH", originalPath))
	if len(old.Components) != 1 || len(old.Components[0].Components) != 2 ||
		old.Components[0].Components[0].CustomID != up || old.Components[0].Components[1].CustomID != down {
		t.Errorf("the old page is left with %+v, want its 👍 👎", old.Components)
	}
}
