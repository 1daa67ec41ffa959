package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kutip/kutip/internal/ptytest"
)

// TestMain makes the test binary kutip itself when KUTIP_TEST_MAIN is set,
// with the arguments after "--", so that TestChatPTY runs the real program
// on a pseudo-terminal.
func TestMain(m *testing.M) {
	if os.Getenv("KUTIP_TEST_MAIN") == "" {
		os.Exit(m.Run())
	}
	args := os.Args[1:]
	for i, a := range args {
		if a == "--" {
			args = args[i+1:]
			break
		}
	}
	err := run(context.Background(), args, os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	if code := exitCode(err); code != 0 {
		os.Stderr.WriteString(err.Error() + "\n")
		os.Exit(code)
	}
	os.Exit(0)
}

// TestChatPTY runs kutip chat on a pseudo-terminal, twice: the history is
// kept in $XDG_STATE_HOME/kutip/history between the two, Up recalls the
// first chat's question in the second, NO_COLOR turns bold off, and
// Ctrl-D leaves the prompt's line.
func TestChatPTY(t *testing.T) {
	state := t.TempDir()
	start := func(noColor string) (*ptytest.PTY, <-chan error) {
		p := ptytest.Open(t, 80, 24)
		cmd := exec.Command(os.Args[0], "-test.run=^$", "--", "chat")
		cmd.Env = append(os.Environ(), "KUTIP_TEST_MAIN=1", "XDG_STATE_HOME="+state, "HOME="+t.TempDir(), "NO_COLOR="+noColor, "KUTIP_CORPUS=")
		done := p.Start(t, cmd)
		p.WaitFor(t, "kutip› ", 1)
		return p, done
	}
	end := func(p *ptytest.PTY, done <-chan error) string {
		t.Helper()
		p.Settle()
		p.Type(t, "\x04")
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("kutip chat: %v", err)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("kutip chat did not end on Ctrl-D")
		}
		p.Settle()
		out := p.Screen()
		if !strings.HasSuffix(out, "kutip› \r\n") {
			t.Errorf("kutip chat ends with %q, want the prompt's line ended", out[max(0, len(out)-30):])
		}
		return out
	}

	p, done := start("")
	p.Type(t, "Berapa orang yang tewas?\r")
	p.WaitFor(t, "(paragraf 3, kalimat 3)", 1)
	if out := end(p, done); !strings.Contains(out, "\x1b[1m") {
		t.Error("no bold on a terminal without NO_COLOR")
	}
	if b, err := os.ReadFile(filepath.Join(state, "kutip", "history")); err != nil || string(b) != "Berapa orang yang tewas?\n" {
		t.Errorf("history file: %q, %v", b, err)
	}

	p, done = start("1")
	p.Type(t, "\x1b[A\r") // Up: the first chat's question
	p.WaitFor(t, "(paragraf 3, kalimat 3)", 1)
	if out := end(p, done); strings.Contains(out, "\x1b[1m") {
		t.Error("bold with NO_COLOR=1")
	}
}

// TestChatLibraryPTY runs kutip chat over a folder of articles: it greets
// with the library, answers from any article, naming each, and /article
// picks one, which /source then names.
func TestChatLibraryPTY(t *testing.T) {
	p := ptytest.Open(t, 100, 24)
	cmd := exec.Command(os.Args[0], "-test.run=^$", "--", "chat", "--corpus", filepath.Join("..", "..", "eval", "chat", "articles"))
	cmd.Env = append(os.Environ(), "KUTIP_TEST_MAIN=1", "XDG_STATE_HOME="+t.TempDir(), "HOME="+t.TempDir(), "NO_COLOR=1", "KUTIP_CORPUS=")
	done := p.Start(t, cmd)
	p.WaitFor(t, "kutip› ", 1)
	if out := p.Screen(); !strings.Contains(out, "Perpustakaan: 6 artikel\r\nTanyakan apa saja; kutip mencari jawabannya di semua artikel") {
		t.Errorf("the greeting %q does not name the library", out)
	}
	p.Type(t, "/article\r")
	p.WaitFor(t, "→ 0. Seluruh perpustakaan (6 artikel)", 1)
	p.Type(t, "/article garut\r")
	p.WaitFor(t, "Artikel dipilih: Banjir Bandang Terjang Garut", 1)
	p.Type(t, "/source\r")
	p.WaitFor(t, "Bertanya ke artikel ini saja, satu dari 6 di perpustakaan", 1)
	p.Type(t, "/quit\r")
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("kutip chat: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("kutip chat did not end on /quit")
	}
}
