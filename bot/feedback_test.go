package bot_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kutip/kutip/bot"
	"github.com/kutip/kutip/bot/bottest"
)

// answer is the router's answer to bottest.Question.
func answer(t *testing.T) bot.Reply {
	t.Helper()
	rt := bot.NewRouter(bottest.New(), bot.Options{})
	rep, err := rt.Handle(t.Context(), bot.Request{Command: "ask", Args: bottest.Question})
	if err != nil || len(rep.Quotes) == 0 {
		t.Fatalf("ask: %v, %d quotes", err, len(rep.Quotes))
	}
	return rep
}

func TestVoting(t *testing.T) {
	for _, tt := range []struct {
		name   string
		voting func(t *testing.T, dir string) *bot.Voting
	}{
		{"memory", func(*testing.T, string) *bot.Voting { return bot.NewMemoryVoting() }},
		{"files", func(t *testing.T, dir string) *bot.Voting {
			b, err := bot.OpenFileBallots(dir)
			if err != nil {
				t.Fatal(err)
			}
			f, err := bot.OpenFileFeedback(dir)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { b.Close(); f.Close() })
			return &bot.Voting{Ballots: b, Feedback: f}
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ctx := t.Context()
			v := tt.voting(t, t.TempDir())
			rep := answer(t)
			key, err := v.Open(ctx, rep)
			if err != nil || len(key) != 16 {
				t.Fatalf("Open: %q, %v; want a key of 16 characters", key, err)
			}
			if again, _ := v.Open(ctx, rep); again != key {
				t.Errorf("the same answer got key %q, then %q", key, again)
			}
			abstained := bot.Reply{Kind: bot.KindAnswer, Question: "Siapa juara Piala Dunia?", Abstained: true}
			if k, err := v.Open(ctx, abstained); k != "" || err != nil {
				t.Errorf("an abstention got buttons: %q, %v", k, err)
			}
			if k, _ := v.Open(ctx, bot.Reply{Kind: bot.KindQuotes, Quotes: rep.Quotes}); k != "" {
				t.Errorf("the quotations got buttons: %q", k)
			}
			first := rep.Quotes[0]
			for _, up := range []bool{true, false} { // changed: the second replaces the first
				vote, ok, err := v.Cast(ctx, "telegram", "telegram:5", "telegram:77", key, up)
				if err != nil || !ok {
					t.Fatalf("Cast: %v, %v", ok, err)
				}
				want := bot.Vote{Platform: "telegram", Chat: "telegram:5", User: "telegram:77", Question: bottest.Question,
					Article: first.Article, Sentence: first.Sentence, Quote: first.Text, Up: up, At: vote.At}
				if vote != want || vote.At.IsZero() {
					t.Errorf("Cast = %+v, want %+v", vote, want)
				}
			}
			if _, _, err := v.Cast(ctx, "discord", "discord:9", "discord:88", key, true); err != nil {
				t.Fatal(err)
			}
			votes, err := v.Feedback.Votes(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if len(votes) != 2 || votes[0].User != "telegram:77" || votes[0].Up || votes[1].User != "discord:88" || !votes[1].Up {
				t.Errorf("votes %+v: want telegram:77's 👎, then discord:88's 👍", votes)
			}
			if _, ok, err := v.Cast(ctx, "telegram", "telegram:5", "telegram:77", "AAAAAAAAAAAAAAAA", true); ok || err != nil {
				t.Errorf("a vote on a ballot never opened: %v, %v; want it expired", ok, err)
			}
		})
	}
}

// TestFilesReopened: votes and ballots survive a restart; a vote replaced
// and a line a crash cut short are gone once the files are opened again.
func TestFilesReopened(t *testing.T) {
	ctx := t.Context()
	dir := t.TempDir()
	open := func() (*bot.FileBallots, *bot.FileFeedback) {
		t.Helper()
		b, err := bot.OpenFileBallots(dir)
		if err != nil {
			t.Fatal(err)
		}
		f, err := bot.OpenFileFeedback(dir)
		if err != nil {
			t.Fatal(err)
		}
		return b, f
	}
	b, f := open()
	v := &bot.Voting{Ballots: b, Feedback: f}
	key, err := v.Open(ctx, answer(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, up := range []bool{true, false, true} {
		if _, _, err := v.Cast(ctx, "discord", "discord:1", "discord:2", key, up); err != nil {
			t.Fatal(err)
		}
	}
	if votes, err := bot.ReadFileFeedback(dir); err != nil || len(votes) != 1 || !votes[0].Up {
		t.Errorf("ReadFileFeedback while it is open: %+v, %v; want the last vote", votes, err)
	}
	b.Close()
	f.Close()
	path := filepath.Join(dir, "feedback.jsonl")
	if n := lines(t, path); n != 3 {
		t.Errorf("%d lines in feedback.jsonl, want 3: appended", n)
	}
	cut, _ := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	cut.WriteString(`{"platform":"discord","chat":"discord:1","user":"discord:3","quest`)
	cut.Close()

	b, f = open()
	defer b.Close()
	defer f.Close()
	if n := lines(t, path); n != 1 {
		t.Errorf("%d lines in feedback.jsonl once opened again, want the one vote kept", n)
	}
	votes, _ := f.Votes(ctx)
	if len(votes) != 1 || !votes[0].Up || votes[0].User != "discord:2" {
		t.Errorf("votes %+v after a restart, want discord:2's last, a 👍", votes)
	}
	if ballot, ok, _ := b.Ballot(ctx, key); !ok || ballot.Question != bottest.Question {
		t.Errorf("ballot %q after a restart: %+v, %v", key, ballot, ok)
	}
	if n := lines(t, filepath.Join(dir, "ballots.jsonl")); n != 1 {
		t.Errorf("%d lines in ballots.jsonl, want 1: the answer was opened once", n)
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm()&0o077 != 0 {
		t.Errorf("feedback.jsonl: %v, %v; want it readable by kutip alone", fi.Mode(), err)
	}
}

func lines(t *testing.T, path string) int {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Count(string(b), "\n")
}

func TestVoteButton(t *testing.T) {
	key := bot.BallotKey(bot.Ballot{Question: strings.Repeat("berapa korban? ", 60), Article: "gempa", Sentence: 2})
	for _, up := range []bool{true, false} {
		data := bot.VoteButton(key, up)
		if len(data) > 64 {
			t.Errorf("%q: %d bytes, over Telegram's 64", data, len(data))
		}
		if k, u, ok := bot.ParseVoteButton(data); !ok || k != key || u != up {
			t.Errorf("ParseVoteButton(%q) = %q, %v, %v", data, k, u, ok)
		}
	}
	for _, data := range []string{"", "vote:+:", "vote:x:abc", "more:3:ask:x", "vote:-"} {
		if _, _, ok := bot.ParseVoteButton(data); ok {
			t.Errorf("ParseVoteButton(%q) is a vote", data)
		}
	}
}

func FuzzParseVoteButton(f *testing.F) {
	f.Add("vote:+:AbCdEfGhIjKlMnOp")
	f.Add("vote:-:x")
	f.Add("more:0:ask:")
	f.Fuzz(func(t *testing.T, data string) {
		key, up, ok := bot.ParseVoteButton(data)
		if ok && bot.VoteButton(key, up) != data {
			t.Errorf("ParseVoteButton(%q) = %q, %v: VoteButton makes %q of it", data, key, up, bot.VoteButton(key, up))
		}
	})
}

func TestBallotsBounded(t *testing.T) {
	ctx := t.Context()
	s := bot.NewMemoryBallots()
	const n = 20000 // the newest kept
	for i := range n + 1 {
		b := bot.Ballot{Question: "q", Article: "a", Sentence: i}
		if err := s.PutBallot(ctx, bot.BallotKey(b), b); err != nil {
			t.Fatal(err)
		}
	}
	if _, ok, _ := s.Ballot(ctx, bot.BallotKey(bot.Ballot{Question: "q", Article: "a", Sentence: 0})); ok {
		t.Error("the oldest ballot is still kept")
	}
	if _, ok, _ := s.Ballot(ctx, bot.BallotKey(bot.Ballot{Question: "q", Article: "a", Sentence: n})); !ok {
		t.Error("the newest ballot is not kept")
	}
}
