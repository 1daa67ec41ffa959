package state

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/kutip/kutip/internal/atomicfile"
)

// A Link is an article added from a link.
type Link struct {
	ID    string    // the article's id in the library
	URL   string    // its canonical address
	Chat  string    // the chats that added it, separated by spaces; "": shared with every chat
	Text  string    // the article as a corpus .md file: front matter and body
	Added time.Time // when it was added
}

// Links keeps the articles added from links.
type Links interface {
	// AddLink keeps an article; one of the same ID is replaced.
	AddLink(ctx context.Context, l Link) error
	// Links returns every article kept, oldest first.
	Links(ctx context.Context) ([]Link, error)
}

// fileLinks keeps the links in memory and, with a path, in a JSON file
// written atomically.
type fileLinks struct {
	mu    sync.Mutex
	path  string // "": memory only
	links []Link // oldest first
}

func openFileLinks(dir string) (*fileLinks, error) {
	l := &fileLinks{path: filepath.Join(dir, "links.json")}
	if err := atomicfile.ReadJSON(l.path, &l.links); err != nil {
		return nil, fmt.Errorf("links: %w", err)
	}
	return l, nil
}

func (l *fileLinks) AddLink(_ context.Context, link Link) error {
	if link.Added.IsZero() {
		link.Added = time.Now()
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	links := slices.DeleteFunc(slices.Clone(l.links), func(k Link) bool { return k.ID == link.ID })
	links = append(links, link)
	slices.SortStableFunc(links, func(a, b Link) int { return a.Added.Compare(b.Added) })
	if l.path != "" {
		b, err := json.MarshalIndent(links, "", "  ")
		if err != nil {
			return fmt.Errorf("save links: %w", err)
		}
		if err := atomicfile.Write(l.path, b); err != nil {
			return fmt.Errorf("save links: %w", err)
		}
	}
	l.links = links
	return nil
}

func (l *fileLinks) Links(context.Context) ([]Link, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.links), nil
}

// pgLinks keeps the links in link_articles.
type pgLinks struct{ db *db }

func (l pgLinks) AddLink(ctx context.Context, link Link) error {
	if link.Added.IsZero() {
		link.Added = time.Now()
	}
	_, err := l.db.pool.Exec(ctx, `INSERT INTO link_articles (id, url, chat, text, added_at) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (id) DO UPDATE SET url = EXCLUDED.url, chat = EXCLUDED.chat, text = EXCLUDED.text, added_at = EXCLUDED.added_at`,
		link.ID, link.URL, link.Chat, link.Text, link.Added)
	if err != nil {
		return fmt.Errorf("add article %s from a link: %w", link.ID, err)
	}
	return nil
}

func (l pgLinks) Links(ctx context.Context) ([]Link, error) {
	rows, err := l.db.pool.Query(ctx, "SELECT id, url, chat, text, added_at FROM link_articles ORDER BY added_at, id")
	if err != nil {
		return nil, fmt.Errorf("read the articles added from links: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (Link, error) {
		var k Link
		err := row.Scan(&k.ID, &k.URL, &k.Chat, &k.Text, &k.Added)
		return k, err
	})
	if err != nil {
		return nil, fmt.Errorf("read the articles added from links: %w", err)
	}
	return out, nil
}
