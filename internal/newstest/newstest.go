// Package newstest is a news site for tests: a web server on loopback that
// serves the saved Indonesian and English news pages of extract/testdata,
// and the pages a fetch of a link must turn down.
package newstest

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// The saved pages, and the size of /big.
const (
	Banjir      = "/kabar-banjir.html" // Indonesian: a flood in Bandung
	Storm       = "/ledger-storm.html" // English: Storm Ciarán
	Pasar       = "/warta-pasar.html"  // Indonesian: a market page
	BigSize     = 20 << 20             // the size of /big
	pagesFolder = "extract/testdata/pages"
)

// A Server is the news site. Its paths:
//
//	/kabar-banjir.html, /ledger-storm.html, /warta-pasar.html  the saved pages
//	/redirect/N/PAGE  a redirect to /redirect/N-1/PAGE, and at 0 to /PAGE
//	/late/PAGE        PAGE, a fifth of a second late
//	/big              20 MB of HTML, sent without a length
//	/slow             a page that starts and never finishes
//	/doc.pdf          a PDF
//	/plain            a page of text
//	/front            a front page: links, no article
//	anything else     404
type Server struct {
	URL string // "http://127.0.0.1:port"

	pages map[string][]byte
	done  chan struct{}
	mu    sync.Mutex
	hits  map[string]int
}

// NewServer starts the news site; it stops when the test ends.
func NewServer(t testing.TB) *Server {
	s := &Server{pages: map[string][]byte{}, done: make(chan struct{}), hits: map[string]int{}}
	_, file, _, _ := runtime.Caller(0)
	dir := filepath.Join(filepath.Dir(file), "..", "..", pagesFolder)
	for _, p := range []string{Banjir, Storm, Pasar} {
		b, err := os.ReadFile(filepath.Join(dir, p))
		if err != nil {
			t.Fatalf("newstest: %v", err)
		}
		s.pages[p] = b
	}
	srv := httptest.NewServer(s)
	s.URL = srv.URL
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(s.done) }) // before Close, which waits for /slow
	return s
}

// Hits returns how many times path was asked for.
func (s *Server) Hits(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[path]
}

// ServeHTTP serves the site.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.hits[r.URL.Path]++
	s.mu.Unlock()
	if b, ok := s.pages[r.URL.Path]; ok {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(b)
		return
	}
	switch p := r.URL.Path; {
	case strings.HasPrefix(p, "/late/") && s.pages[strings.TrimPrefix(p, "/late")] != nil:
		time.Sleep(200 * time.Millisecond)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(s.pages[strings.TrimPrefix(p, "/late")])
	case strings.HasPrefix(p, "/redirect/"):
		n, page, _ := strings.Cut(strings.TrimPrefix(p, "/redirect/"), "/")
		left, err := strconv.Atoi(n)
		if err != nil || left < 0 {
			http.NotFound(w, r)
			return
		}
		next := "/" + page
		if left > 0 {
			next = fmt.Sprintf("/redirect/%d/%s", left-1, page)
		}
		http.Redirect(w, r, next, http.StatusFound)
	case p == "/big":
		w.Header().Set("Content-Type", "text/html")
		chunk := bytes.Repeat([]byte("<p>Banjir merendam desa di Kabupaten Bandung lagi.</p>\n"), 1<<10)
		for sent := 0; sent < BigSize; sent += len(chunk) {
			if _, err := w.Write(chunk); err != nil {
				return // the client gave up, as it should
			}
		}
	case p == "/slow":
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte("<html><head><title>Lambat</title></head><body><p>Sebentar"))
		w.(http.Flusher).Flush()
		select {
		case <-r.Context().Done():
		case <-s.done:
		}
	case p == "/doc.pdf":
		w.Header().Set("Content-Type", "application/pdf")
		w.Write([]byte("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n"))
	case p == "/front":
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(`<html><head><title>Kabar Nusantara</title></head><body><nav><a href="/a">Beranda</a> <a href="/b">Regional</a></nav><ul><li><a href="/c">Banjir</a></li><li><a href="/d">Gempa</a></li></ul></body></html>`))
	case p == "/plain":
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte(plain))
	default:
		http.NotFound(w, r)
	}
}

const plain = `Pasar Murah Digelar di Alun-Alun

Pemerintah kota menggelar pasar murah di alun-alun selama tiga hari mulai Senin. Sebanyak 20 ton beras dijual dengan harga di bawah harga pasar.

Warga mengantre sejak pukul enam pagi untuk membeli beras, minyak goreng, dan gula pasir.`
