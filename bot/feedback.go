package bot

import (
	"context"
	"time"
)

// The feedback surface agreed in issue 15: the ops branch adds the buttons,
// the file store and kutip feedback export; state implements it on
// PostgreSQL.

// A Vote is one user's verdict on one answer quote.
type Vote struct {
	Platform, Chat, User string // User: a platform-qualified user key, never a name
	Question             string // as asked
	Article              string // article id
	Sentence             int    // the quoted sentence, from 0
	Quote                string // its text, verbatim
	Up                   bool
	At                   time.Time
}

// Feedback keeps the votes: one per user and answer (question, article, sentence); a new vote replaces the old.
type Feedback interface {
	Vote(ctx context.Context, v Vote) error
	Votes(ctx context.Context) ([]Vote, error) // all, oldest first
}
