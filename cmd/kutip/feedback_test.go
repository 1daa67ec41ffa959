package main

import (
	"testing"
	"time"

	"github.com/kutip/kutip/bot"
)

func TestExportVotes(t *testing.T) {
	at := time.Date(2025, 5, 1, 10, 0, 0, 0, time.UTC)
	vote := func(user, question string, sentence int, up bool) bot.Vote {
		at = at.Add(time.Minute)
		return bot.Vote{Platform: "telegram", Chat: "telegram:1", User: user, Question: question, Article: "gempa",
			Sentence: sentence, Quote: "Kalimat  nomor\n" + string(rune('0'+sentence)) + ".", Up: up, At: at}
	}
	const q1, q2 = "Berapa korban?", "Siapa yang datang?"
	set, review := exportVotes([]bot.Vote{
		vote("a", q1, 2, true), vote("b", q1, 2, true), vote("c", q1, 2, false), // 2 to 1: gold
		vote("a", q1, 5, true),                          // gold, one vote
		vote("a", q2, 3, true), vote("b", q2, 3, false), // a tie: to review
		vote("c", q2, 4, false), // down: to review
	})
	if len(set) != 1 {
		t.Fatalf("question set %+v, want one question", set)
	}
	q := set[0]
	if q.Question != q1 || q.Article != "gempa" || q.ID != questionID(q1, "gempa") || q.GoldType != "sentence" || !q.Answerable || q.Votes != 3 ||
		len(q.Answers) != 2 || q.Answers[0] != "Kalimat nomor 2." || q.Answers[1] != "Kalimat nomor 5." || q.Lang != "id" {
		t.Errorf("question %+v: want sentences 2 then 5 as gold, white space folded", q)
	}
	if len(review) != 2 || review[0].Sentence != 4 || review[0].Down != 1 || review[1].Sentence != 3 || review[1].Up != 1 || review[1].Down != 1 {
		t.Errorf("review list %+v: want sentence 4 (voted down), then 3 (a tie)", review)
	}
	if questionID(q1, "gempa") == questionID(q1, "banjir") || len(questionID(q1, "gempa")) != 15 {
		t.Errorf("question ids %s, %s", questionID(q1, "gempa"), questionID(q1, "banjir"))
	}
}
