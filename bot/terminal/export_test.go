package terminal

import (
	"context"
	"io"
)

// Chat runs the chat's line editor on rw, a fake terminal, for the tests.
func (b *Bot) Chat(ctx context.Context, rw io.ReadWriter, width, height int) error {
	return b.chat(ctx, rw, width, height)
}
