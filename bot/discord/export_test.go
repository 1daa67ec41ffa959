package discord

import "time"

// UnescapedMark is for the tests of package discord_test.
var UnescapedMark = unescapedMark

// SetBodyTimeout sets how long a request's body may take to come.
func SetBodyTimeout(b *Bot, d time.Duration) { b.bodyTimeout = d }

// MaxPending is how many requests the interactions endpoint takes at once.
const MaxPending = maxPending
