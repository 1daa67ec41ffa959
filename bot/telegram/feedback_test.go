package telegram

import (
	"context"
	"strings"
	"testing"
	"testing/synctest"

	"github.com/kutip/kutip/bot"
	"github.com/kutip/kutip/bot/bottest"
	"github.com/kutip/kutip/bot/telegram/telegramtest"
)

// TestFeedback: an answer has 👍 and 👎 buttons; pressing one records the
// vote and says so; pressing the other changes it; a button whose ballot
// is gone asks to ask again.
func TestFeedback(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t)
		svc := newService(t)
		svc.Voting = bot.NewMemoryVoting()
		m := &bottest.Meter{}
		svc.Meter = m
		h.push(1, telegramtest.PrivateMessage(1, 401, "en", bottest.Question))
		h.push(2, telegramtest.PrivateMessage(2, 401, "en", bottest.Unanswered))
		h.start(h.config(), svc)
		msgs := h.await("sendMessage", 2)
		rows, err := telegramtest.Keyboard(msgs[0].Form.Get("reply_markup"))
		if err != nil || len(rows) != 1 || len(rows[0]) != 2 || rows[0][0].Text != "👍" || rows[0][1].Text != "👎" {
			t.Fatalf("the answer's keyboard: %+v, %v; want 👍 👎", rows, err)
		}
		if rm := msgs[1].Form.Get("reply_markup"); rm != "" {
			t.Errorf("an abstention has buttons: %s", rm)
		}
		up, down := rows[0][0].CallbackData, rows[0][1].CallbackData
		h.push(3, telegramtest.CallbackQuery(3, "cb-1", 401, "en", 401, 10010, up))
		h.push(4, telegramtest.CallbackQuery(4, "cb-2", 401, "en", 401, 10010, down))
		h.push(5, telegramtest.CallbackQuery(5, "cb-3", 401, "id", 401, 10010, "vote:+:AAAAAAAAAAAAAAAA"))
		h.push(6, telegramtest.CallbackQuery(6, "cb-4", 401, "en", 401, 10010, "game:42"))
		answers := h.await("answerCallbackQuery", 4)
		h.settle()
		want := map[string]string{
			"cb-1": "Thanks! Noted: this quote answers the question.",
			"cb-2": "Thanks! Noted: this quote does not answer the question.",
			"cb-3": "Tombol ini sudah kedaluwarsa; silakan bertanya lagi.",
			"cb-4": "",
		}
		for _, a := range answers {
			id := a.Form.Get("callback_query_id")
			if got := a.Form.Get("text"); got != want[id] {
				t.Errorf("callback %s answered %q, want %q", id, got, want[id])
			}
		}
		votes, _ := svc.Voting.Feedback.Votes(t.Context())
		if len(votes) != 1 || votes[0].Up || votes[0].User != "telegram:401" || votes[0].Chat != "telegram:401" ||
			votes[0].Question != bottest.Question || !strings.HasPrefix(votes[0].Quote, "Sedikitnya 62 orang meninggal") {
			t.Errorf("votes %+v: want telegram:401's 👎 on the first quote", votes)
		}
		var counted []string
		for _, c := range m.Counted() {
			if strings.HasPrefix(c, "vote ") {
				counted = append(counted, c)
			}
		}
		if strings.Join(counted, ", ") != "vote telegram true, vote telegram false" {
			t.Errorf("votes counted: %q", counted)
		}
		if !strings.Contains(h.logs.String(), "level=INFO msg=vote platform=telegram chat_id=telegram:401 up=false article=gempa sentence=1") {
			t.Errorf("the vote was not logged:\n%s", h.logs)
		}
		h.wantSent("sendMessage", 2) // a vote sends no message
		h.wantConfirmed()
	})
}

// TestFeedbackLongReply: a reply split in several messages has its
// buttons under the last.
func TestFeedbackLongReply(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t)
		svc := newService(t)
		long := quotes(3, strings.Repeat("Kalimat yang panjang sekali. ", 80))
		svc.Handler = bot.HandlerFunc(func(ctx context.Context, req bot.Request) (bot.Reply, error) {
			rep, err := long.Handle(ctx, req)
			rep.Kind, rep.Question = bot.KindAnswer, req.Args
			return rep, err
		})
		svc.Voting = bot.NewMemoryVoting()
		h.push(1, telegramtest.PrivateMessage(1, 402, "id", "panjang?"))
		h.start(h.config(), svc)
		h.await("sendMessage", 2)
		h.settle()
		msgs := h.api.Calls("sendMessage")
		for i, m := range msgs {
			if has := m.Form.Get("reply_markup") != ""; has != (i == len(msgs)-1) {
				t.Errorf("message %d of %d: buttons %v", i+1, len(msgs), has)
			}
		}
	})
}
