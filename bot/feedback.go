package bot

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// A Vote is one user's verdict on one answer quote.
type Vote struct {
	Platform string    `json:"platform"`
	Chat     string    `json:"chat"`
	User     string    `json:"user"`     // a platform-qualified user key, never a name
	Question string    `json:"question"` // as asked
	Article  string    `json:"article"`  // article id
	Sentence int       `json:"sentence"` // the quoted sentence, from 0
	Quote    string    `json:"quote"`    // its text, verbatim
	Up       bool      `json:"up"`
	At       time.Time `json:"at"`
}

// Feedback keeps the votes: one per user and answer (question, article,
// sentence); a new vote replaces the old.
type Feedback interface {
	Vote(ctx context.Context, v Vote) error
	Votes(ctx context.Context) ([]Vote, error) // all, oldest first
}

// A Ballot is what a pair of feedback buttons votes on: the first quote of
// an answer, the one kutip ranks best.
type Ballot struct {
	Question string `json:"question"` // as asked
	Article  string `json:"article"`
	Sentence int    `json:"sentence"`
	Quote    string `json:"quote"` // verbatim
}

// Ballots keeps what feedback buttons vote on, by a short key: a button
// carries only the key, for a ballot does not fit in Telegram's 64 bytes
// of callback data nor in Discord's 100 characters of custom_id. A store
// may forget old ballots; their buttons then ask the user to ask again.
type Ballots interface {
	PutBallot(ctx context.Context, key string, b Ballot) error
	Ballot(ctx context.Context, key string) (b Ballot, ok bool, err error)
}

// BallotKey is the key of a ballot: 16 characters of URL-safe base64, the
// same for the same question, article and sentence, so that the same
// answer asked again, or shown by another replica, gets the same buttons.
func BallotKey(b Ballot) string {
	sum := sha256.Sum256([]byte(b.Question + "\x00" + b.Article + "\x00" + strconv.Itoa(b.Sentence)))
	return base64.RawURLEncoding.EncodeToString(sum[:12])
}

// The data of the feedback buttons: "vote:+:" or "vote:-:", then the
// ballot's key.
const (
	voteUp   = "vote:+:"
	voteDown = "vote:-:"
)

// VoteButton is the data of a feedback button: 23 bytes of ASCII, which
// both platforms take.
func VoteButton(key string, up bool) string {
	if up {
		return voteUp + key
	}
	return voteDown + key
}

// ParseVoteButton reads the data of a feedback button; ok is false for
// any other data.
func ParseVoteButton(data string) (key string, up, ok bool) {
	if key, ok := strings.CutPrefix(data, voteUp); ok && key != "" {
		return key, true, true
	}
	if key, ok := strings.CutPrefix(data, voteDown); ok && key != "" {
		return key, false, true
	}
	return "", false, false
}

// Voting puts 👍 and 👎 buttons under answers, and records the votes they
// cast: what each button votes on is kept in Ballots, the votes in
// Feedback. It is safe for concurrent use when they are.
type Voting struct {
	Ballots  Ballots
	Feedback Feedback
}

// NewMemoryVoting keeps ballots and votes in memory.
func NewMemoryVoting() *Voting {
	return &Voting{Ballots: NewMemoryBallots(), Feedback: NewMemoryFeedback()}
}

// Open keeps the ballot of rep's feedback buttons and returns its key for
// the buttons' data; "" when rep gets none: only an answer that quotes
// does.
func (v *Voting) Open(ctx context.Context, rep Reply) (string, error) {
	if rep.Kind != KindAnswer || rep.Abstained || len(rep.Quotes) == 0 || strings.TrimSpace(rep.Question) == "" {
		return "", nil
	}
	q := rep.Quotes[0]
	b := Ballot{Question: rep.Question, Article: q.Article, Sentence: q.Sentence, Quote: q.Text}
	key := BallotKey(b)
	if err := v.Ballots.PutBallot(ctx, key, b); err != nil {
		return "", fmt.Errorf("keep a ballot: %w", err)
	}
	return key, nil
}

// Cast records user's vote on the ballot key names, from chat on
// platform; ok is false when the ballot is not kept, or no longer: the
// button has expired.
func (v *Voting) Cast(ctx context.Context, platform, chat, user, key string, up bool) (Vote, bool, error) {
	b, ok, err := v.Ballots.Ballot(ctx, key)
	if err != nil || !ok {
		return Vote{}, false, err
	}
	vote := Vote{
		Platform: platform, Chat: chat, User: user,
		Question: b.Question, Article: b.Article, Sentence: b.Sentence, Quote: b.Quote,
		Up: up, At: time.Now().UTC(),
	}
	if err := v.Feedback.Vote(ctx, vote); err != nil {
		return Vote{}, false, fmt.Errorf("record a vote: %w", err)
	}
	return vote, true, nil
}

// A voteKey is what a vote replaces another by: the same user on the same
// answer.
type voteKey struct {
	user, question, article string
	sentence                int
}

func keyOf(v Vote) voteKey { return voteKey{v.User, v.Question, v.Article, v.Sentence} }

func checkVote(v Vote) error {
	if v.User == "" || v.Question == "" || v.Article == "" || v.Sentence < 0 {
		return errors.New("a vote needs a user, a question, an article and a sentence")
	}
	return nil
}

// sortVotes sorts votes oldest first, then by what they are on.
func sortVotes(vs []Vote) { slices.SortFunc(vs, cmpVotes) }

// MemoryFeedback keeps the votes in memory.
type MemoryFeedback struct {
	mu    sync.Mutex
	votes map[voteKey]Vote
}

// NewMemoryFeedback returns an empty MemoryFeedback.
func NewMemoryFeedback() *MemoryFeedback { return &MemoryFeedback{votes: map[voteKey]Vote{}} }

// Vote records v, in place of the user's earlier vote on the same answer.
func (f *MemoryFeedback) Vote(_ context.Context, v Vote) error {
	if err := checkVote(v); err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.votes[keyOf(v)] = v
	return nil
}

// Votes returns every vote, oldest first.
func (f *MemoryFeedback) Votes(context.Context) ([]Vote, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make([]Vote, 0, len(f.votes))
	for _, v := range f.votes {
		out = append(out, v)
	}
	sortVotes(out)
	return out, nil
}

// maxBallots is how many ballots a store keeps: those of the newest
// answers.
const maxBallots = 20000

// MemoryBallots keeps the ballots of the newest maxBallots answers in
// memory.
type MemoryBallots struct {
	mu      sync.Mutex
	ballots map[string]Ballot
	order   []string // keys, oldest first
}

// NewMemoryBallots returns an empty MemoryBallots.
func NewMemoryBallots() *MemoryBallots { return &MemoryBallots{ballots: map[string]Ballot{}} }

// PutBallot keeps b under key, forgetting the oldest ballot when there are
// too many.
func (s *MemoryBallots) PutBallot(_ context.Context, key string, b Ballot) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.put(key, b)
	return nil
}

// put keeps b under key and reports whether it is new; s.mu is held.
func (s *MemoryBallots) put(key string, b Ballot) bool {
	if _, ok := s.ballots[key]; ok {
		return false
	}
	s.ballots[key] = b
	s.order = append(s.order, key)
	if len(s.order) > maxBallots {
		delete(s.ballots, s.order[0])
		s.order = slices.Delete(s.order, 0, 1)
	}
	return true
}

// Ballot returns the ballot kept under key.
func (s *MemoryBallots) Ballot(_ context.Context, key string) (Ballot, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	b, ok := s.ballots[key]
	return b, ok, nil
}

// all returns the ballots, oldest first, with their keys; s.mu is held.
func (s *MemoryBallots) all() []keyedBallot {
	out := make([]keyedBallot, 0, len(s.order))
	for _, k := range s.order {
		out = append(out, keyedBallot{Key: k, Ballot: s.ballots[k]})
	}
	return out
}

type keyedBallot struct {
	Key string `json:"key"`
	Ballot
}

// cmpVotes orders votes oldest first, then by who and what they are on.
func cmpVotes(a, b Vote) int {
	return cmp.Or(a.At.Compare(b.At), cmp.Compare(a.User, b.User), cmp.Compare(a.Question, b.Question),
		cmp.Compare(a.Article, b.Article), cmp.Compare(a.Sentence, b.Sentence))
}
