package stem

import (
	"strings"
	"sync"
	"sync/atomic"
)

const (
	// maxCacheEntries is the number of words a Cache remembers at most.
	maxCacheEntries = 1 << 16
	// maxCachedWordLen is the length in bytes of the longest word a Cache
	// remembers; real words are shorter, and longer ones are only stemmed.
	maxCachedWordLen = 64
)

// Cache is a [Stemmer] that remembers the stems it returns. It remembers
// at most 65536 words, each at most 64 bytes long, so that a flood of
// unique words cannot grow it without limit; once it is full, new words
// are stemmed every time. It is safe for concurrent use.
type Cache struct {
	s     Stemmer
	stems sync.Map // word string -> stem string
	n     atomic.Int64
}

// NewCache returns a Cache in front of s, which must not be nil and must
// be safe for concurrent use, as all stemmers of this package are.
func NewCache(s Stemmer) *Cache {
	return &Cache{s: s}
}

// Stem returns the stem of word, from the cache when possible.
func (c *Cache) Stem(word string) string {
	if stem, ok := c.stems.Load(word); ok {
		return stem.(string)
	}
	if len(word) > maxCachedWordLen || c.n.Load() >= maxCacheEntries {
		return c.s.Stem(word)
	}
	// Copy word so that the cache does not keep alive a longer string it
	// may be part of. Stemmers often return part of their input, so the
	// stem then shares the copy's memory too.
	word = strings.Clone(word)
	stem := c.s.Stem(word)
	if c.n.Add(1) > maxCacheEntries {
		c.n.Add(-1)
	} else if _, loaded := c.stems.LoadOrStore(word, stem); loaded {
		c.n.Add(-1)
	}
	return stem
}

// Len returns the number of words in the cache.
func (c *Cache) Len() int {
	return int(c.n.Load())
}
