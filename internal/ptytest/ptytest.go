//go:build linux

// Package ptytest runs a program on a real pseudo-terminal, for tests: the
// test types into the terminal, resizes it and reads what the program
// draws, as a user's terminal emulator would. Linux only (/dev/ptmx).
package ptytest

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
	"unsafe"
)

// A PTY is a pseudo-terminal: the test holds Master; a program runs on TTY.
type PTY struct {
	Master, TTY *os.File
	mu          sync.Mutex
	screen      bytes.Buffer // all the program wrote, as it came
	more        chan struct{}
}

// Open opens a pseudo-terminal of cols × rows, closed when the test ends;
// the test is skipped where there is none.
func Open(t *testing.T, cols, rows int) *PTY {
	t.Helper()
	master, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("no pseudo-terminal: %v", err)
	}
	t.Cleanup(func() { master.Close() })
	var n uint32
	if err := ioctl(master, syscall.TIOCGPTN, unsafe.Pointer(&n)); err != nil {
		t.Fatalf("pty number: %v", err)
	}
	var unlock int32
	if err := ioctl(master, syscall.TIOCSPTLCK, unsafe.Pointer(&unlock)); err != nil {
		t.Fatalf("unlock pty: %v", err)
	}
	tty, err := os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tty.Close() })
	p := &PTY{Master: master, TTY: tty, more: make(chan struct{}, 1)}
	p.Resize(t, cols, rows)
	go p.read()
	return p
}

// read keeps what the program writes, until the terminal is closed.
func (p *PTY) read() {
	b := make([]byte, 4096)
	for {
		n, err := p.Master.Read(b)
		p.mu.Lock()
		p.screen.Write(b[:n])
		p.mu.Unlock()
		select {
		case p.more <- struct{}{}:
		default:
		}
		if err != nil {
			return // EIO once no program holds the terminal
		}
	}
}

// Resize sets the terminal's size, as a terminal emulator does when its
// window is resized: the kernel sends SIGWINCH to the program in the
// foreground.
func (p *PTY) Resize(t *testing.T, cols, rows int) {
	t.Helper()
	ws := struct{ rows, cols, x, y uint16 }{uint16(rows), uint16(cols), 0, 0}
	if err := ioctl(p.Master, syscall.TIOCSWINSZ, unsafe.Pointer(&ws)); err != nil {
		t.Fatalf("resize: %v", err)
	}
}

// Start starts cmd on the terminal, as a session leader whose controlling
// terminal it is (so that it gets SIGWINCH), and returns a channel that
// gets its Wait's error.
func (p *PTY) Start(t *testing.T, cmd *exec.Cmd) <-chan error {
	t.Helper()
	cmd.Stdin, cmd.Stdout, cmd.Stderr = p.TTY, p.TTY, p.TTY
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true, Ctty: 0}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	exited := make(chan struct{})
	go func() {
		done <- cmd.Wait()
		close(exited)
	}()
	t.Cleanup(func() {
		select {
		case <-exited:
		default:
			cmd.Process.Kill()
			<-exited
		}
	})
	return done
}

// Type types s into the terminal.
func (p *PTY) Type(t *testing.T, s string) {
	t.Helper()
	if _, err := p.Master.WriteString(s); err != nil {
		t.Fatal(err)
	}
}

// Screen returns all the program wrote so far.
func (p *PTY) Screen() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.screen.String()
}

// Since returns what the program wrote after the first `from` bytes.
func (p *PTY) Since(from int) string { return p.Screen()[from:] }

// WaitFor waits until the program has written want n times in all, and
// returns how much it has written then.
func (p *PTY) WaitFor(t *testing.T, want string, n int) int {
	t.Helper()
	timeout := time.After(10 * time.Second) // only if the program is stuck
	for {
		s := p.Screen()
		if strings.Count(s, want) >= n {
			return len(s)
		}
		select {
		case <-p.more:
		case <-timeout:
			t.Fatalf("the terminal never showed %q %d times:\n%q", want, n, s)
		}
	}
}

// Settle waits until the program has written nothing for a moment, and
// returns how much it has written.
func (p *PTY) Settle() int {
	for {
		select {
		case <-p.more:
		case <-time.After(200 * time.Millisecond):
			return len(p.Screen())
		}
	}
}

// Termios returns the terminal's mode, to check that a program restored it.
func (p *PTY) Termios(t *testing.T) syscall.Termios {
	t.Helper()
	var tio syscall.Termios
	if err := ioctl(p.TTY, syscall.TCGETS, unsafe.Pointer(&tio)); err != nil {
		t.Fatalf("termios: %v", err)
	}
	return tio
}

func ioctl(f *os.File, req uint, arg unsafe.Pointer) error {
	c, err := f.SyscallConn()
	if err != nil {
		return err
	}
	var errno syscall.Errno
	if err := c.Control(func(fd uintptr) {
		_, _, errno = syscall.Syscall(syscall.SYS_IOCTL, fd, uintptr(req), uintptr(arg))
	}); err != nil {
		return err
	}
	if errno != 0 {
		return errno
	}
	return nil
}
