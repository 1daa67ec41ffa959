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
// are stemmed every time. It is safe for concurrent use: its words are
// spread over shards, each a map behind its own read-write lock, so that
// readers seldom meet.
type Cache struct {
	s      Stemmer
	shards [cacheShards]cacheShard
	n      atomic.Int64
}

const cacheShards = 32

type cacheShard struct {
	mu    sync.RWMutex
	stems map[string]string
	_     [32]byte // keeps shards on cache lines of their own
}

// NewCache returns a Cache in front of s, which must not be nil and must
// be safe for concurrent use, as all stemmers of this package are.
func NewCache(s Stemmer) *Cache {
	c := &Cache{s: s}
	for i := range c.shards {
		c.shards[i].stems = map[string]string{}
	}
	return c
}

// shard returns the shard of a word: FNV-1a of its bytes.
func (c *Cache) shard(word string) *cacheShard {
	h := uint32(2166136261)
	for i := 0; i < len(word); i++ {
		h = (h ^ uint32(word[i])) * 16777619
	}
	return &c.shards[h%cacheShards]
}

// Stem returns the stem of word, from the cache when possible.
func (c *Cache) Stem(word string) string {
	sh := c.shard(word)
	sh.mu.RLock()
	stem, ok := sh.stems[word]
	sh.mu.RUnlock()
	if ok {
		return stem
	}
	if len(word) > maxCachedWordLen || c.n.Load() >= maxCacheEntries {
		return c.s.Stem(word)
	}
	// Copy word so that the cache does not keep alive a longer string it
	// may be part of. Stemmers often return part of their input, so the
	// stem then shares the copy's memory too.
	word = strings.Clone(word)
	stem = c.s.Stem(word)
	sh.mu.Lock()
	if _, ok := sh.stems[word]; !ok {
		if c.n.Add(1) > maxCacheEntries {
			c.n.Add(-1)
		} else {
			sh.stems[word] = stem
		}
	}
	sh.mu.Unlock()
	return stem
}

// Len returns the number of words in the cache.
func (c *Cache) Len() int {
	return int(c.n.Load())
}
