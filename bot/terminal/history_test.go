package terminal_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/kutip/kutip/bot/terminal"
)

func TestHistoryPath(t *testing.T) {
	tests := []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"XDG_STATE_HOME": "/s", "HOME": "/h"}, "/s/kutip/history"},
		{map[string]string{"HOME": "/h"}, "/h/.local/state/kutip/history"},
		{map[string]string{"XDG_STATE_HOME": "relative", "HOME": "/h"}, "/h/.local/state/kutip/history"}, // the spec: relative paths are ignored
		{map[string]string{}, ""},
	}
	for _, tt := range tests {
		if got := terminal.HistoryPath(func(k string) string { return tt.env[k] }); got != tt.want {
			t.Errorf("HistoryPath(%v) = %q, want %q", tt.env, got, tt.want)
		}
	}
}

// TestHistoryKeeps: what the history holds, and what it never does.
func TestHistoryKeeps(t *testing.T) {
	path := filepath.Join(t.TempDir(), "kutip", "history")
	lines := []string{
		"Berapa orang yang tewas?",
		"/article nagorno-karabakh-2020",
		"   ",
		" a line typed after a space",
		"TELEGRAM_BOT_TOKEN=123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw",
		"my key is sk-proj-4f9a8b7c6d5e4f3a2b1c0d9e",
		"ketidakbertanggungjawaban pemerintah 2020",
		strings.Repeat("x", 4001),
		"Berapa orang yang tewas?", // again: now the newest
	}
	for _, l := range lines {
		if err := terminal.AddHistory(path, l); err != nil {
			t.Fatal(err)
		}
	}
	got, err := terminal.ReadHistory(path)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"/article nagorno-karabakh-2020", "ketidakbertanggungjawaban pemerintah 2020", "Berapa orang yang tewas?"}
	if !slices.Equal(got, want) {
		t.Errorf("the history holds %q, want %q", got, want)
	}
	if info, err := os.Stat(path); err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("history file: %v, %v; want mode 0600", info.Mode(), err)
	}
}

// TestHistoryBounded: the history keeps its newest lines, and reads what
// another chat added meanwhile.
func TestHistoryBounded(t *testing.T) {
	path := filepath.Join(t.TempDir(), "history")
	for i := range terminal.HistorySize + 20 {
		if err := terminal.AddHistory(path, fmt.Sprintf("pertanyaan %d", i)); err != nil {
			t.Fatal(err)
		}
	}
	got, _ := terminal.ReadHistory(path)
	if len(got) != terminal.HistorySize || got[0] != "pertanyaan 20" || got[len(got)-1] != fmt.Sprintf("pertanyaan %d", terminal.HistorySize+19) {
		t.Errorf("%d lines, from %q to %q; want the newest %d", len(got), got[0], got[len(got)-1], terminal.HistorySize)
	}
	// A file written by hand, or by an older kutip, too long: read bounded.
	os.WriteFile(path, []byte(strings.Repeat("satu\n", 2*terminal.HistorySize)), 0o600)
	if got, _ := terminal.ReadHistory(path); len(got) != terminal.HistorySize {
		t.Errorf("read %d lines, want %d", len(got), terminal.HistorySize)
	}
	if got, err := terminal.ReadHistory(filepath.Join(t.TempDir(), "none")); err != nil || got != nil {
		t.Errorf("no history file: %q, %v; want none, no error", got, err)
	}
}
