package terminal_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
	"unsafe"

	"github.com/kutip/kutip/bot/bottest"
	"github.com/kutip/kutip/bot/terminal"
)

// openPTY opens a pseudo-terminal: the test types into and reads from
// master; the chat runs on tty.
func openPTY(t *testing.T) (master, tty *os.File) {
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
	tty, err = os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tty.Close() })
	return master, tty
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

func termios(t *testing.T, f *os.File) syscall.Termios {
	t.Helper()
	var tio syscall.Termios
	if err := ioctl(f, syscall.TCGETS, unsafe.Pointer(&tio)); err != nil {
		t.Fatalf("termios: %v", err)
	}
	return tio
}

// screen is what the chat draws on the pty, read as it comes.
type screen struct {
	mu   sync.Mutex
	buf  bytes.Buffer
	more chan struct{}
}

func watch(master *os.File) *screen {
	s := &screen{more: make(chan struct{}, 1)}
	go func() {
		b := make([]byte, 4096)
		for {
			n, err := master.Read(b)
			s.mu.Lock()
			s.buf.Write(b[:n])
			s.mu.Unlock()
			select {
			case s.more <- struct{}{}:
			default:
			}
			if err != nil {
				return // EIO once the tty is closed
			}
		}
	}()
	return s
}

func (s *screen) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.String()
}

// waitFor waits until the screen shows want n times.
func (s *screen) waitFor(t *testing.T, want string, n int) {
	t.Helper()
	timeout := time.After(10 * time.Second) // only if the chat is stuck
	for strings.Count(s.String(), want) < n {
		select {
		case <-s.more:
		case <-timeout:
			t.Fatalf("the terminal never showed %q %d times:\n%q", want, n, s.String())
		}
	}
}

// TestPTY runs the chat on a real pseudo-terminal: raw mode for the line
// editor, history, and the terminal's mode restored on each way out.
func TestPTY(t *testing.T) {
	for _, leave := range []string{"ctrl-d", "ctrl-c", "ctx"} {
		t.Run(leave, func(t *testing.T) {
			master, tty := openPTY(t)
			cooked := termios(t, tty)
			b, err := terminal.New(terminal.Config{In: tty, Out: tty}, service(), nil)
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			done := make(chan error, 1)
			go func() { done <- b.Run(ctx) }()
			scr := watch(master)

			scr.waitFor(t, prompt, 1) // raw mode is on: type
			if raw := termios(t, tty); raw.Lflag&syscall.ICANON != 0 || raw.Lflag&syscall.ECHO != 0 {
				t.Errorf("the chat runs in cooked mode: lflag %#x", raw.Lflag)
			}
			master.WriteString(bottest.Question + "\r")
			scr.waitFor(t, bottest.FirstAnswer, 1)
			scr.waitFor(t, prompt, 2)
			master.WriteString(up + "\r")
			scr.waitFor(t, bottest.FirstAnswer, 2)
			scr.waitFor(t, prompt, 3)
			switch leave {
			case "ctrl-d":
				master.WriteString("\x04")
			case "ctrl-c":
				master.WriteString("\x03")
			case "ctx":
				cancel()
			}
			select {
			case err := <-done:
				if err != nil {
					t.Fatalf("Run() = %v, want nil", err)
				}
			case <-time.After(10 * time.Second):
				t.Fatal("the chat did not end")
			}
			if got := termios(t, tty); got != cooked {
				t.Errorf("the terminal was left in another mode:\n%+v\nwant\n%+v", got, cooked)
			}
			scr.waitFor(t, prompt+"\r\n", 1) // the chat leaves the prompt's line
		})
	}
}
