package telegram

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strconv"
	"strings"
)

// intents records the replies about to be sent, one update id a line
// appended to a file, so that the next process knows which updates a
// crash may have left answered and not recorded done. The file is not
// synced: it survives a crash of the process, the common one, not of the
// machine, after which those updates are answered again without a word.
// Its methods are called under the ledger's lock.
type intents struct {
	f       *os.File     // nil: in memory, nothing to remember
	sending map[int]bool // recorded and not done
	again   map[int]bool // being sent when the process before died
	lines   int          // in the file
}

// maxIntentLines is how long the file grows before it is written anew
// with only the replies being sent.
const maxIntentLines = 4096

// openIntents reads the intents left in path, keeping those handled does
// not report handled, and starts the file anew with them; "" keeps
// nothing.
func openIntents(path string, handled func(id int) bool) (*intents, error) {
	in := &intents{sending: map[int]bool{}, again: map[int]bool{}}
	if path == "" {
		return in, nil
	}
	b, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("read the replies being sent: %w", err)
	}
	sc := bufio.NewScanner(strings.NewReader(string(b)))
	for sc.Scan() {
		if id, err := strconv.Atoi(sc.Text()); err == nil && id > 0 && !handled(id) {
			in.again[id], in.sending[id] = true, true
		}
	}
	if in.f, err = os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600); err != nil {
		return nil, fmt.Errorf("record the replies being sent: %w", err)
	}
	if err := in.rewrite(); err != nil {
		in.f.Close()
		return nil, err
	}
	return in, nil
}

// add records that update id's reply is about to be sent.
func (in *intents) add(id int) error {
	if in.sending[id] {
		return nil
	}
	in.sending[id] = true
	if in.f == nil {
		return nil
	}
	if in.lines >= maxIntentLines {
		return in.rewrite()
	}
	in.lines++
	if _, err := in.f.WriteString(strconv.Itoa(id) + "\n"); err != nil {
		return fmt.Errorf("record the reply to update %d being sent: %w", id, err)
	}
	return nil
}

// done forgets update id: it is recorded handled.
func (in *intents) done(id int) {
	delete(in.sending, id)
	delete(in.again, id)
}

// rewrite writes the file anew with the replies being sent.
func (in *intents) rewrite() error {
	var b strings.Builder
	for id := range in.sending {
		fmt.Fprintln(&b, id)
	}
	if err := in.f.Truncate(0); err != nil {
		return fmt.Errorf("record the replies being sent: %w", err)
	}
	if _, err := in.f.WriteString(b.String()); err != nil {
		return fmt.Errorf("record the replies being sent: %w", err)
	}
	in.lines = len(in.sending)
	return nil
}

func (in *intents) close() error {
	if in.f == nil {
		return nil
	}
	return in.f.Close()
}
