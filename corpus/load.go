package corpus

import (
	_ "embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"
)

//go:embed articles/nagorno-karabakh-2020.md
var defaultArticle string

// DefaultID is the id of the embedded default article.
const DefaultID = "nagorno-karabakh-2020"

// A Corpus is a set of articles, in a stable order (by id).
type Corpus struct {
	Articles []*Article
}

// Default returns a corpus of the embedded default article: an Indonesian
// news report on Nagorno-Karabakh (28/9/2020).
func Default() *Corpus {
	return &Corpus{Articles: []*Article{Parse(DefaultID, defaultArticle)}}
}

// MaxArticleSize is the largest article file Load reads.
const MaxArticleSize = 8 << 20

// Load reads a corpus from path: one article file (.txt or .md), or a folder
// whose .txt and .md files, at any depth, are one article each. An empty path
// gives the default corpus.
func Load(path string) (*Corpus, error) {
	if path == "" {
		return Default(), nil
	}
	info, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("load corpus: %w", err)
	}
	if !info.IsDir() {
		a, err := loadFile(path)
		if err != nil {
			return nil, err
		}
		return &Corpus{Articles: []*Article{a}}, nil
	}
	c := &Corpus{}
	seen := map[string]string{}
	err = filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !isArticleFile(p) {
			return nil
		}
		a, err := loadFile(p)
		if err != nil {
			return err
		}
		if other, dup := seen[a.ID]; dup {
			return fmt.Errorf("load corpus %s: article id %q is both %s and %s", path, a.ID, other, p)
		}
		seen[a.ID] = p
		c.Articles = append(c.Articles, a)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(c.Articles) == 0 {
		return nil, fmt.Errorf("load corpus %s: no .txt or .md files", path)
	}
	slices.SortFunc(c.Articles, func(a, b *Article) int { return strings.Compare(a.ID, b.ID) })
	return c, nil
}

func isArticleFile(p string) bool {
	switch strings.ToLower(filepath.Ext(p)) {
	case ".txt", ".md", ".markdown":
		return true
	}
	return false
}

// ErrNotText is returned for a file that is not UTF-8 text.
var ErrNotText = errors.New("not UTF-8 text")

func loadFile(p string) (*Article, error) {
	info, err := os.Stat(p)
	if err != nil {
		return nil, fmt.Errorf("load article: %w", err)
	}
	if info.Size() > MaxArticleSize {
		return nil, fmt.Errorf("load article %s: %d bytes is over the %d-byte limit", p, info.Size(), MaxArticleSize)
	}
	b, err := os.ReadFile(p)
	if err != nil {
		return nil, fmt.Errorf("load article: %w", err)
	}
	if !utf8.Valid(b) || strings.ContainsRune(string(b), 0) {
		return nil, fmt.Errorf("load article %s: %w", p, ErrNotText)
	}
	id := strings.TrimSuffix(filepath.Base(p), filepath.Ext(p))
	return Parse(id, string(b)), nil
}

// Article returns the article with the given id, or nil.
func (c *Corpus) Article(id string) *Article {
	for _, a := range c.Articles {
		if a.ID == id {
			return a
		}
	}
	return nil
}
