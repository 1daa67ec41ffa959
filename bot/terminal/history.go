package terminal

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/kutip/kutip/internal/atomicfile"
)

// The history the chat keeps between runs: at most historySize lines, the
// newest last, each at most maxHistoryLine bytes.
const (
	historySize    = 500
	maxHistoryLine = 4000 // the line editor reads lines of up to 4096 bytes back
)

// HistoryPath returns where the chat keeps its history, from the
// environment as getenv reads it: $XDG_STATE_HOME/kutip/history, else
// $HOME/.local/state/kutip/history (the XDG base directories); "" when
// neither is set, for no history.
func HistoryPath(getenv func(string) string) string {
	if dir := getenv("XDG_STATE_HOME"); filepath.IsAbs(dir) {
		return filepath.Join(dir, "kutip", "history")
	}
	if home := getenv("HOME"); filepath.IsAbs(home) {
		return filepath.Join(home, ".local", "state", "kutip", "history")
	}
	return ""
}

// readHistory returns the lines of the history file at path, oldest
// first, those it should not hold left out; a missing file is an empty
// history.
func readHistory(path string) ([]string, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read history: %w", err)
	}
	var lines []string
	for line := range strings.SplitSeq(string(b), "\n") {
		if keep(line) {
			lines = append(lines, line)
		}
	}
	return lines[max(0, len(lines)-historySize):], nil
}

// addHistory adds line to the history file at path, if the history should
// keep it, as its newest line (an older copy of it is dropped): it reads
// the file again, so that two chats at once both add their lines, drops
// the oldest lines past historySize and writes it whole or not at all,
// readable by the user alone.
func addHistory(path, line string) error {
	if !keep(line) {
		return nil
	}
	lines, err := readHistory(path)
	if err != nil {
		return err
	}
	lines = append(slices.DeleteFunc(lines, func(l string) bool { return l == line }), line)
	lines = lines[max(0, len(lines)-historySize):]
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("write history: %w", err)
	}
	return atomicfile.Write(path, []byte(strings.Join(lines, "\n")+"\n")) // a temporary file is 0600
}

// keep reports whether the history keeps a line: not a blank one, nor one
// typed with a leading space (as shells leave such lines out), nor one too
// long for the editor to read back, nor one that holds what looks like a
// secret: a token pasted into the wrong window.
func keep(line string) bool {
	switch {
	case strings.TrimSpace(line) == "", strings.HasPrefix(line, " "),
		len(line) > maxHistoryLine, strings.ContainsAny(line, "\r\x00"):
		return false
	}
	return !slices.ContainsFunc(strings.FieldsFunc(line, notAlnum), secretLike)
}

// notAlnum reports whether r is not an ASCII letter or digit.
func notAlnum(r rune) bool {
	return !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9')
}

// secretLike reports whether a run of ASCII letters and digits looks like
// a key or a token rather than a word, a number or a part of an article's
// id: 16 characters or more, with at least 4 letters and 2 digits
// ("AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw" of a bot token; not
// "ketidakbertanggungjawaban", not "nagorno-karabakh-2020").
func secretLike(s string) bool {
	if len(s) < 16 {
		return false
	}
	digits := 0
	for _, r := range s {
		if '0' <= r && r <= '9' {
			digits++
		}
	}
	return digits >= 2 && len(s)-digits >= 4
}
