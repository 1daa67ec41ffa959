package corpus

import (
	_ "embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
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

// Why a file is not an article. Read and Load wrap them with the file's
// name; match them with errors.Is.
var (
	ErrNotText        = errors.New("not UTF-8 text")
	ErrTooBig         = fmt.Errorf("over the %d-byte limit", MaxArticleSize)
	ErrNotFile        = errors.New("not a regular file")
	ErrEmpty          = errors.New("no text: the file is empty or blank")
	ErrBadFrontMatter = errors.New("bad front matter")
	// ErrNoArticles is a folder without one article that can be read.
	ErrNoArticles = errors.New("no articles")
)

// A FrontMatterError is a line of an article's front matter that kutip
// cannot read as it was meant, or its opening line when it never closes: a value that is not one plain string
// (`title: [broken`, a list, a block). It matches ErrBadFrontMatter.
type FrontMatterError struct {
	Line  int    // in the file, from 1
	Key   string // "" when the front matter never closes
	Value string
}

func (e *FrontMatterError) Error() string {
	if e.Key == "" {
		return "front matter opened here is never closed with ---"
	}
	return fmt.Sprintf("front matter %s: %s is not one plain string; write it in quotes, on one line", e.Key, e.Value)
}

// Is makes a FrontMatterError match ErrBadFrontMatter.
func (e *FrontMatterError) Is(target error) bool { return target == ErrBadFrontMatter }

// A Format turns a file of some other kind (HTML) into an article's text:
// front matter and paragraphs, as a .md file holds them. name is the file's
// path, for errors.
type Format func(name string, b []byte) (string, error)

// A Loader reads articles from a file or a folder. Its zero value reads
// .txt and .md files and skips bad ones quietly.
//
// A folder never fails to load for one bad file: each file that cannot be
// read as an article (not UTF-8, too big, not a regular file, blank,
// front matter never closed or a value of it not a plain string, a Format's error, an id another file has
// already) is skipped and handed to Warn, and the rest load. Warn is a
// function rather than a list returned, so that every caller chooses: the
// command line logs each file as it is skipped, tests collect them, and
// callers that do not care (benchmarks) pass nothing.
type Loader struct {
	// Warn is told of each file of a folder skipped, and why: an error
	// that names the file and wraps one of the Err values above or a
	// Format's or the file system's error. nil: skipped quietly.
	Warn func(path string, err error)
	// Formats reads the files of other kinds, by lower-case extension with
	// its dot (".html"): what a Format returns is read as a .md file is.
	Formats map[string]Format
}

// Load reads a corpus from path with the zero Loader: one article file
// (.txt or .md), or a folder whose .txt and .md files, at any depth, are
// one article each. An empty path gives the default corpus.
func Load(path string) (*Corpus, error) { return Loader{}.Load(path) }

// Load reads a corpus from path: one article file, or a folder whose
// article files, at any depth, are one article each, its bad files skipped
// (see Loader). An empty path gives the default corpus. A single file that
// cannot be read, a folder that cannot be walked, or one without a single
// article is an error.
func (l Loader) Load(path string) (*Corpus, error) {
	if path == "" {
		return Default(), nil
	}
	info, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("load corpus: %w", err)
	}
	if !info.IsDir() {
		a, err := l.loadFile(path)
		if err != nil {
			return nil, err
		}
		return &Corpus{Articles: []*Article{a}}, nil
	}
	// The walk finds the files; they are read and parsed on every core,
	// then taken in the walk's order, so that warnings and duplicate ids
	// come out as a walk file by file tells them.
	type file struct {
		path string
		err  error // the walk's
		a    *Article
	}
	var files []file
	err = filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == path {
				return err
			}
			files = append(files, file{path: p, err: fmt.Errorf("load article %s: %w", p, err)})
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if !d.IsDir() && l.isArticleFile(p) {
			files = append(files, file{path: p})
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("load corpus %s: %w", path, err)
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(files)) {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < len(files); i = int(next.Add(1) - 1) {
				if f := &files[i]; f.err == nil {
					f.a, f.err = l.loadFile(f.path)
				}
			}
		})
	}
	wg.Wait()
	c := &Corpus{}
	seen := map[string]string{}
	skipped := 0
	for _, f := range files {
		if f.err == nil {
			if other, dup := seen[f.a.ID]; dup {
				f.err = fmt.Errorf("load article %s: article id %q is %s's already", f.path, f.a.ID, other)
			}
		}
		if f.err != nil {
			l.warn(f.path, f.err)
			skipped++
			continue
		}
		seen[f.a.ID] = f.path
		c.Articles = append(c.Articles, f.a)
	}
	if len(c.Articles) == 0 {
		if skipped > 0 {
			return nil, fmt.Errorf("load corpus %s: %w: none of its %d article files could be read", path, ErrNoArticles, skipped)
		}
		return nil, fmt.Errorf("load corpus %s: %w: no article files (%s)", path, ErrNoArticles, strings.Join(l.extensions(), ", "))
	}
	slices.SortFunc(c.Articles, func(a, b *Article) int { return strings.Compare(a.ID, b.ID) })
	return c, nil
}

func (l Loader) warn(p string, err error) {
	if l.Warn != nil {
		l.Warn(p, err)
	}
}

func (l Loader) isArticleFile(p string) bool {
	ext := strings.ToLower(filepath.Ext(p))
	if _, ok := l.Formats[ext]; ok {
		return true
	}
	switch ext {
	case ".txt", ".md", ".markdown":
		return true
	}
	return false
}

func (l Loader) extensions() []string {
	exts := []string{".txt", ".md"}
	for ext := range l.Formats {
		exts = append(exts, ext)
	}
	slices.Sort(exts[2:])
	return exts
}

// loadFile reads one article file; its id is its name without extension.
func (l Loader) loadFile(p string) (*Article, error) {
	b, err := readFile(p)
	if err != nil {
		return nil, fmt.Errorf("load article %s: %w", p, err)
	}
	if format, ok := l.Formats[strings.ToLower(filepath.Ext(p))]; ok {
		text, err := format(p, b)
		if err != nil {
			return nil, fmt.Errorf("load article %s: %w", p, err)
		}
		b = []byte(text)
	}
	a, err := Read(strings.TrimSuffix(filepath.Base(p), filepath.Ext(p)), b)
	if fe := (*FrontMatterError)(nil); errors.As(err, &fe) {
		return nil, fmt.Errorf("load article %s:%d: %w", p, fe.Line, err) // file:line, as editors read it
	}
	if err != nil {
		return nil, fmt.Errorf("load article %s: %w", p, err)
	}
	return a, nil
}

// readFile reads a regular file of at most MaxArticleSize bytes. It looks
// before it opens, so that a FIFO or a device is never opened (opening a
// FIFO waits for a writer).
func readFile(p string) ([]byte, error) {
	info, err := os.Stat(p)
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("%w (%s)", ErrNotFile, info.Mode().Type())
	}
	if info.Size() > MaxArticleSize {
		return nil, fmt.Errorf("%d bytes: %w", info.Size(), ErrTooBig)
	}
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, MaxArticleSize+1)) // it may have grown
	if err != nil {
		return nil, err
	}
	if len(b) > MaxArticleSize {
		return nil, ErrTooBig
	}
	return b, nil
}

// Read parses an article file's bytes as Parse does, after checking that
// they are an article: UTF-8 text without NUL bytes, front matter that
// closes if it opens, and at least one sentence. The errors wrap
// ErrNotText, ErrBadFrontMatter or ErrEmpty.
func Read(id string, b []byte) (*Article, error) {
	if !utf8.Valid(b) || slices.Contains(b, 0) {
		return nil, ErrNotText
	}
	text := string(b)
	if opensFrontMatter(text) {
		lines, _, ok := cutFrontMatter(text)
		if !ok {
			return nil, &FrontMatterError{Line: 1}
		}
		if err := checkFrontMatter(lines); err != nil {
			return nil, err
		}
	}
	a := Parse(id, text)
	if len(a.Sentences) == 0 {
		return nil, ErrEmpty
	}
	return a, nil
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
