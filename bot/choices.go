package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sync"

	"github.com/kutip/kutip/internal/atomicfile"
)

// MemoryChoices keeps each chat's article in memory.
type MemoryChoices struct {
	mu sync.Mutex
	m  map[string]string
}

// NewMemoryChoices returns an empty MemoryChoices.
func NewMemoryChoices() *MemoryChoices { return &MemoryChoices{m: map[string]string{}} }

// Article returns the chat's article, or "".
func (c *MemoryChoices) Article(_ context.Context, chat string) (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.m[chat], nil
}

// SetArticle sets the chat's article.
func (c *MemoryChoices) SetArticle(_ context.Context, chat, article string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.m[chat] = article
	return nil
}

// set sets the chat's article and returns every choice as JSON.
func (c *MemoryChoices) set(chat, article string) ([]byte, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.m[chat] = article
	return json.MarshalIndent(c.m, "", "  ")
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
	if err := atomicfile.ReadJSON(c.path, &c.mem.m); err != nil {
		return nil, fmt.Errorf("choices: %w", err)
	}
	if c.mem.m == nil {
		c.mem.m = map[string]string{}
	}
	return c, nil
}

// Article returns the chat's article, or "".
func (c *FileChoices) Article(ctx context.Context, chat string) (string, error) {
	return c.mem.Article(ctx, chat)
}

// SetArticle sets the chat's article and saves every choice.
func (c *FileChoices) SetArticle(_ context.Context, chat, article string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	b, err := c.mem.set(chat, article)
	if err != nil {
		return fmt.Errorf("save choices: %w", err)
	}
	return atomicfile.Write(c.path, b)
}
