package bot

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
)

// MemoryChoices keeps each chat's article in memory.
type MemoryChoices struct {
	mu sync.Mutex
	m  map[string]string
}

// NewMemoryChoices returns an empty MemoryChoices.
func NewMemoryChoices() *MemoryChoices { return &MemoryChoices{m: map[string]string{}} }

// Article returns the chat's article, or "".
func (c *MemoryChoices) Article(chat string) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.m[chat]
}

// SetArticle sets the chat's article.
func (c *MemoryChoices) SetArticle(chat, article string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.m[chat] = article
	return nil
}

// FileChoices keeps each chat's article in a JSON file, written atomically
// (a temporary file renamed over the old one), so a crash never leaves it
// half written.
type FileChoices struct {
	path string
	mem  *MemoryChoices
	mu   sync.Mutex // serialises writes
}

// OpenFileChoices reads the choices kept in dir/choices.json, if any.
func OpenFileChoices(dir string) (*FileChoices, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("state dir: %w", err)
	}
	c := &FileChoices{path: filepath.Join(dir, "choices.json"), mem: NewMemoryChoices()}
	b, err := os.ReadFile(c.path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return c, nil
	case err != nil:
		return nil, fmt.Errorf("read choices: %w", err)
	}
	if err := json.Unmarshal(b, &c.mem.m); err != nil {
		return nil, fmt.Errorf("read choices %s: %w", c.path, err)
	}
	if c.mem.m == nil {
		c.mem.m = map[string]string{}
	}
	return c, nil
}

// Article returns the chat's article, or "".
func (c *FileChoices) Article(chat string) string { return c.mem.Article(chat) }

// SetArticle sets the chat's article and saves every choice.
func (c *FileChoices) SetArticle(chat, article string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.mem.SetArticle(chat, article)
	c.mem.mu.Lock()
	b, err := json.MarshalIndent(c.mem.m, "", "  ")
	c.mem.mu.Unlock()
	if err != nil {
		return fmt.Errorf("save choices: %w", err)
	}
	return WriteFileAtomic(c.path, b)
}

// WriteFileAtomic writes b to path through a temporary file in the same
// folder, synced and renamed, so readers see the old file or the new one.
func WriteFileAtomic(path string, b []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer os.Remove(f.Name()) // after the rename, there is nothing to remove
	if _, err := f.Write(b); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
