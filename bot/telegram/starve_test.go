package telegram

import (
	"strconv"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/kutip/kutip/bot/bottest"
	"github.com/kutip/kutip/bot/telegram/telegramtest"
)

// TestNobodyStarved: a group's burst of 50 questions, which Telegram lets
// a bot answer at 20 a minute, and a 429 with retry_after=30 on the
// group's first answer, hold up no other chat: a private question that
// comes after them is answered within 2 s (issue 17 found 128 s and 29 s).
// Every update is answered in the end, the group's in order.
func TestNobodyStarved(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t)
		const burst, group = 50, -100
		h.api.Fail("sendMessage", telegramtest.TooMany(30))
		now := time.Now()
		for i := 1; i <= burst; i++ {
			h.push(i, telegramtest.Dated(telegramtest.GroupMessage(i, group, int64(100+i), "/ask "+bottest.Question), now))
		}
		h.start(h.config(), newService(t))
		h.await("sendMessage", 1) // the group's first, refused with the 429
		time.Sleep(time.Second)
		asked := time.Now()
		h.push(burst+1, telegramtest.Dated(telegramtest.PrivateMessage(burst+1, 5001, "id", bottest.Question), asked))
		for {
			calls := h.await("sendMessage", len(h.api.Calls("sendMessage"))+1)
			last := calls[len(calls)-1]
			if last.Form.Get("chat_id") == "5001" {
				if wait := last.At.Sub(asked); wait > 2*time.Second {
					t.Errorf("the private question was answered after %v, want 2 s at most", wait)
				}
				break
			}
			if time.Since(asked) > time.Minute {
				t.Fatal("the private question is not answered in a minute")
			}
		}
		time.Sleep(5 * time.Minute) // 50 answers at 20 a minute
		synctest.Wait()
		h.wantSent("sendMessage", burst+2) // the 429, then one answer an update
		var prev int
		for _, c := range h.api.Calls("sendMessage")[1:] {
			if c.Form.Get("chat_id") != "-100" {
				continue
			}
			id, _ := strconv.Atoi(c.Form.Get("reply_to_message_id"))
			if id <= prev {
				t.Errorf("the group's answer to message %d came after the one to %d", id, prev)
			}
			prev = id
		}
		h.wantConfirmed()
	})
}

// TestRetryAfterBounded: a 429 whose retry_after is longer than a call
// without a deadline may wait (an answer to a button press, shown as a
// toast, is no use a minute late) is given up at once, and the update
// confirmed.
func TestRetryAfterBounded(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t)
		h.api.Fail("answerCallbackQuery", telegramtest.TooMany(45))
		h.push(1, telegramtest.CallbackQuery(1, "q1", 41, "id", 41, 10, "v:x:1"))
		h.start(h.config(), newService(t))
		h.await("answerCallbackQuery", 1)
		h.settle()
		h.wantSent("answerCallbackQuery", 1)
		h.wantConfirmed()
		if !strings.Contains(h.logs.String(), "Telegram call given up") {
			t.Errorf("the 429 was not given up:\n%s", h.logs)
		}
	})
}
