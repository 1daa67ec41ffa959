package state

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// lockName is the file in the state directory whose flock says which
// process keeps its state: one at a time, for two would answer the same
// Telegram updates and overwrite each other's files.
const lockName = "kutip.lock"

// lockPoll is how often a process waiting for the state directory tries
// its lock again.
const lockPoll = 200 * time.Millisecond

// lockDir takes the state directory's lock, waiting while another process
// holds it (a rolling restart: the old process is stopping), until ctx is
// done. It logs once that it waits, and for whom. The lock goes with the
// process, however it ends; unlock lets go of it before.
func lockDir(ctx context.Context, dir string, log *slog.Logger) (unlock func(), err error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("state dir: %w", err)
	}
	path := filepath.Join(dir, lockName)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("lock the state directory: %w", err)
	}
	start := time.Now()
	for waited := false; ; {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			break
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) {
			f.Close()
			return nil, fmt.Errorf("lock the state directory %s: %w", dir, err)
		}
		if !waited {
			waited = true
			log.Warn("waiting for the state directory: another kutip process keeps its state there, and two would answer the same updates twice",
				"dir", dir, "holder_pid", holder(f))
		}
		select {
		case <-ctx.Done():
			f.Close()
			return nil, fmt.Errorf("state directory %s is locked by another kutip process (pid %s): %w", dir, holder(f), ctx.Err())
		case <-time.After(lockPoll):
		}
	}
	if err := f.Truncate(0); err == nil {
		f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0) // for whoever waits: a hint, not the lock
	}
	if time.Since(start) > lockPoll {
		log.Info("state directory taken over", "dir", dir, "waited", time.Since(start).Round(time.Millisecond))
	}
	return func() { f.Close() }, nil
}

// holder is the pid the lock's holder wrote in the lock file, "?" when
// none can be read.
func holder(f *os.File) string {
	b := make([]byte, 32)
	n, _ := f.ReadAt(b, 0)
	if pid := strings.TrimSpace(string(b[:n])); pid != "" {
		return pid
	}
	return "?"
}
