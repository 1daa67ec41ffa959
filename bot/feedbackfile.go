package bot

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"

	"github.com/kutip/kutip/internal/atomicfile"
)

// The files of the state directory that ballots and votes are kept in:
// JSON lines, appended to as they come, and written anew, atomically, when
// they are opened with lines no longer wanted (a vote replaced, a ballot
// forgotten, a line cut short by a crash) and when they have grown to
// twice what they hold.
const (
	ballotsFile  = "ballots.jsonl"
	feedbackFile = "feedback.jsonl"
)

// maxVotes is how many votes a FileFeedback keeps: past it, the oldest are
// forgotten.
const maxVotes = 200000

// ReadFileFeedback returns the votes kept in dir, oldest first, reading
// them only: kutip serve may be appending to them meanwhile.
func ReadFileFeedback(dir string) ([]Vote, error) {
	mem := NewMemoryFeedback()
	path := filepath.Join(dir, feedbackFile)
	_, _, err := readJSONLines(path, func(line []byte) bool {
		var v Vote
		if json.Unmarshal(line, &v) != nil || checkVote(v) != nil {
			return false
		}
		mem.votes[keyOf(v)] = v
		return true
	})
	if err != nil {
		return nil, fmt.Errorf("read feedback: %w", err)
	}
	return mem.Votes(context.Background())
}

// FileFeedback keeps the votes in the state directory (feedback.jsonl),
// each one synced to disk before Vote returns, and in memory.
type FileFeedback struct {
	mu    sync.Mutex
	mem   *MemoryFeedback
	log   *jsonLines
	lines int // in the file
}

// OpenFileFeedback reads the votes kept in dir, if any.
func OpenFileFeedback(dir string) (*FileFeedback, error) {
	f := &FileFeedback{mem: NewMemoryFeedback()}
	var err error
	var clean bool
	f.log, f.lines, clean, err = openJSONLines(filepath.Join(dir, feedbackFile), true, func(line []byte) bool {
		var v Vote
		if json.Unmarshal(line, &v) != nil || checkVote(v) != nil {
			return false
		}
		f.mem.votes[keyOf(v)] = v // a later vote replaces an earlier one
		return true
	})
	if err != nil {
		return nil, fmt.Errorf("open feedback: %w", err)
	}
	if !clean || len(f.mem.votes) > maxVotes || f.lines != len(f.mem.votes) {
		if err := f.compact(); err != nil {
			f.log.close()
			return nil, fmt.Errorf("open feedback: %w", err)
		}
	}
	return f, nil
}

// Vote records v, in place of the user's earlier vote on the same answer,
// on disk first.
func (f *FileFeedback) Vote(ctx context.Context, v Vote) error {
	if err := checkVote(v); err != nil {
		return err
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("record a vote: %w", err)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.log.add(b); err != nil {
		return fmt.Errorf("record a vote: %w", err)
	}
	f.lines++
	f.mem.Vote(ctx, v)
	if n := len(f.mem.votes); n > maxVotes || f.lines > 2*n+1000 {
		return f.compact()
	}
	return nil
}

// Votes returns every vote, oldest first.
func (f *FileFeedback) Votes(ctx context.Context) ([]Vote, error) { return f.mem.Votes(ctx) }

// Close closes the file.
func (f *FileFeedback) Close() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.log.close()
}

// compact forgets the oldest votes past maxVotes and writes the file anew
// with those kept; f.mu is held, or f is not shared yet.
func (f *FileFeedback) compact() error {
	votes, _ := f.mem.Votes(context.Background())
	if len(votes) > maxVotes {
		for _, v := range votes[:len(votes)-maxVotes] {
			delete(f.mem.votes, keyOf(v))
		}
		votes = votes[len(votes)-maxVotes:]
	}
	lines := make([][]byte, len(votes))
	for i, v := range votes {
		lines[i], _ = json.Marshal(v)
	}
	if err := f.log.rewrite(lines); err != nil {
		return fmt.Errorf("compact feedback: %w", err)
	}
	f.lines = len(lines)
	return nil
}

// FileBallots keeps the ballots of the newest answers in the state
// directory (ballots.jsonl), so that the buttons under them still work
// after a restart, and in memory. A ballot is not synced to disk: a crash
// may cost the buttons of the last answers.
type FileBallots struct {
	mu    sync.Mutex
	mem   *MemoryBallots
	log   *jsonLines
	lines int
}

// OpenFileBallots reads the ballots kept in dir, if any.
func OpenFileBallots(dir string) (*FileBallots, error) {
	s := &FileBallots{mem: NewMemoryBallots()}
	var err error
	var clean bool
	s.log, s.lines, clean, err = openJSONLines(filepath.Join(dir, ballotsFile), false, func(line []byte) bool {
		var kb keyedBallot
		if json.Unmarshal(line, &kb) != nil || kb.Key == "" {
			return false
		}
		s.mem.put(kb.Key, kb.Ballot) // the oldest are forgotten past maxBallots
		return true
	})
	if err != nil {
		return nil, fmt.Errorf("open ballots: %w", err)
	}
	if !clean || s.lines != len(s.mem.order) {
		if err := s.compact(); err != nil {
			s.log.close()
			return nil, fmt.Errorf("open ballots: %w", err)
		}
	}
	return s, nil
}

// PutBallot keeps b under key.
func (s *FileBallots) PutBallot(_ context.Context, key string, b Ballot) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.mem.mu.Lock()
	added := s.mem.put(key, b)
	s.mem.mu.Unlock()
	if !added {
		return nil
	}
	line, err := json.Marshal(keyedBallot{Key: key, Ballot: b})
	if err != nil {
		return fmt.Errorf("keep a ballot: %w", err)
	}
	if err := s.log.add(line); err != nil {
		return fmt.Errorf("keep a ballot: %w", err)
	}
	if s.lines++; s.lines > 2*maxBallots {
		return s.compact()
	}
	return nil
}

// Ballot returns the ballot kept under key.
func (s *FileBallots) Ballot(ctx context.Context, key string) (Ballot, bool, error) {
	return s.mem.Ballot(ctx, key)
}

// Close closes the file.
func (s *FileBallots) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.log.close()
}

// compact writes the file anew with the ballots kept; s.mu is held, or s
// is not shared yet.
func (s *FileBallots) compact() error {
	s.mem.mu.Lock()
	all := s.mem.all()
	s.mem.mu.Unlock()
	lines := make([][]byte, len(all))
	for i, kb := range all {
		lines[i], _ = json.Marshal(kb)
	}
	if err := s.log.rewrite(lines); err != nil {
		return fmt.Errorf("compact ballots: %w", err)
	}
	s.lines = len(lines)
	return nil
}

// jsonLines is a file of JSON lines open for appending.
type jsonLines struct {
	path string
	f    *os.File
	sync bool // each line is synced to disk before add returns
}

// maxLine bounds a line of a JSON lines file: a longer one is skipped.
const maxLine = 1 << 20

// openJSONLines reads the lines of path, if it is there (readJSONLines),
// and opens the file for appending, making its folder if need be. When
// the lines are not clean, or hold more than the caller keeps, the caller
// writes the file anew (rewrite) before it appends.
func openJSONLines(path string, sync bool, read func(line []byte) bool) (l *jsonLines, lines int, clean bool, err error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, 0, false, fmt.Errorf("state dir: %w", err)
	}
	if err := atomicfile.Clean(path); err != nil {
		return nil, 0, false, err
	}
	if lines, clean, err = readJSONLines(path, read); err != nil {
		return nil, 0, false, err
	}
	out, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return nil, 0, false, err
	}
	return &jsonLines{path: path, f: out, sync: sync}, lines, clean, nil
}

// readJSONLines reads the lines of path, if it is there, with read, which
// reports whether the line was good. It returns how many lines the file
// holds, and whether they are clean: every line good, the last one not cut
// short. It only reads: a file another process appends to is safe.
func readJSONLines(path string, read func(line []byte) bool) (lines int, clean bool, err error) {
	in, err := os.Open(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return 0, true, nil
	case err != nil:
		return 0, false, err
	}
	defer in.Close()
	clean = true
	r := bufio.NewReaderSize(in, 64<<10)
	for {
		line, err := r.ReadBytes('\n')
		if len(line) > 0 {
			lines++
			if line[len(line)-1] != '\n' || len(line) > maxLine || !read(bytes.TrimSpace(line)) {
				clean = false
			}
		}
		if errors.Is(err, io.EOF) {
			return lines, clean, nil
		}
		if err != nil {
			return 0, false, fmt.Errorf("read %s: %w", path, err)
		}
	}
}

// add appends one line, in one write.
func (l *jsonLines) add(line []byte) error {
	if _, err := l.f.Write(append(line, '\n')); err != nil {
		return fmt.Errorf("write %s: %w", l.path, err)
	}
	if l.sync {
		if err := l.f.Sync(); err != nil {
			return fmt.Errorf("write %s: %w", l.path, err)
		}
	}
	return nil
}

// rewrite writes the file anew with lines, whole or not at all, and goes
// on appending to the new one.
func (l *jsonLines) rewrite(lines [][]byte) error {
	var b bytes.Buffer
	for _, line := range lines {
		b.Write(line)
		b.WriteByte('\n')
	}
	if err := atomicfile.Write(l.path, b.Bytes()); err != nil {
		return err
	}
	f, err := os.OpenFile(l.path, os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return err
	}
	l.f.Close()
	l.f = f
	return nil
}

func (l *jsonLines) close() error { return l.f.Close() }
