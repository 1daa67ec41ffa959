package fetch_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kutip/kutip/fetch"
)

const page = `<!DOCTYPE html><html lang="id"><head><title>Banjir</title></head><body><p>Banjir merendam 12 desa.</p></body></html>`

// server serves the pages the tests fetch.
func server(t *testing.T) (*httptest.Server, *sync.Map) {
	t.Helper()
	agents := &sync.Map{} // path -> User-Agent
	release := make(chan struct{})
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		agents.Store(r.URL.Path, r.UserAgent())
		http.NotFound(w, r)
	})
	html := func(path, body string) {
		mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
			agents.Store(r.URL.Path, r.UserAgent())
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, body)
		})
	}
	html("/article", page)
	mux.HandleFunc("/redirect/{n}", func(w http.ResponseWriter, r *http.Request) {
		n, _ := strconv.Atoi(r.PathValue("n"))
		if n <= 1 { // the last of n redirects
			http.Redirect(w, r, "/article", http.StatusFound)
			return
		}
		http.Redirect(w, r, fmt.Sprintf("/redirect/%d", n-1), http.StatusMovedPermanently)
	})
	mux.HandleFunc("/to", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, r.URL.Query().Get("url"), http.StatusFound)
	})
	big := bytes.Repeat([]byte("<p>Banjir merendam 12 desa di Kabupaten Bandung.</p>\n"), 20<<20/53)
	mux.HandleFunc("/big", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Content-Length", strconv.Itoa(len(big)))
		w.Write(big)
	})
	mux.HandleFunc("/big-chunked", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		for i := 0; i < len(big); i += 64 << 10 {
			if _, err := w.Write(big[i:min(i+64<<10, len(big))]); err != nil {
				return
			}
		}
	})
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, "<html><body><p>Banjir merendam")
		w.(http.Flusher).Flush()
		select { // never finishes
		case <-r.Context().Done():
		case <-release:
		}
	})
	mux.HandleFunc("/silent", func(w http.ResponseWriter, r *http.Request) {
		select { // never even answers
		case <-r.Context().Done():
		case <-release:
		}
	})
	mux.HandleFunc("/report.pdf", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/pdf")
		fmt.Fprint(w, "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\n")
	})
	mux.HandleFunc("/pdf-as-html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\n")
	})
	mux.HandleFunc("/photo.png", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		w.Write([]byte("\x89PNG\r\n\x1a\n"))
	})
	mux.HandleFunc("/notes.txt", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=iso-8859-1")
		w.Write([]byte("Caf\xe9 di Bandung."))
	})
	mux.HandleFunc("/untyped", func(w http.ResponseWriter, r *http.Request) {
		w.Header()["Content-Type"] = nil // no header at all
		fmt.Fprint(w, page)
	})
	mux.HandleFunc("/gone", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "gone", http.StatusGone) })
	mux.HandleFunc("/broken", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "oops", http.StatusInternalServerError) })
	srv := httptest.NewServer(mux)
	t.Cleanup(func() { close(release); srv.Close() })
	return srv, agents
}

// fakeNet is the tests' DNS and network: names resolve to the addresses it
// holds, and every dial, whatever the address, reaches the test server, so
// that no test ever connects to an address it names (169.254.169.254).
type fakeNet struct {
	hosts  map[string][]string
	target string // the test server's address
	mu     sync.Mutex
	dialed []string
}

func (n *fakeNet) LookupNetIP(_ context.Context, _, host string) ([]netip.Addr, error) {
	var out []netip.Addr
	for _, a := range n.hosts[strings.ToLower(host)] {
		out = append(out, netip.MustParseAddr(a))
	}
	if len(out) == 0 {
		return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
	}
	return out, nil
}

func (n *fakeNet) Dial(ctx context.Context, network, addr string) (net.Conn, error) {
	n.mu.Lock()
	n.dialed = append(n.dialed, addr)
	n.mu.Unlock()
	var d net.Dialer
	return d.DialContext(ctx, network, n.target)
}

func (n *fakeNet) Dialed() []string {
	n.mu.Lock()
	defer n.mu.Unlock()
	return append([]string(nil), n.dialed...)
}

// setup returns the test server, a fake network in front of it, and a
// fetcher on that network with opts.
func setup(t *testing.T, opts fetch.Options) (*httptest.Server, *fakeNet, *fetch.Fetcher) {
	srv, _ := server(t)
	n := &fakeNet{target: srv.Listener.Addr().String(), hosts: map[string][]string{
		"news.example":     {"93.184.215.14"},
		"v6.news.example":  {"2606:2800:21f:cb07:6820:80da:af6b:8b2c"},
		"intranet.example": {"10.0.0.5"},
		"metadata.example": {"169.254.169.254"},
		"mixed.example":    {"192.168.1.10", "93.184.215.14"},
		"localhost":        {"127.0.0.1", "::1"},
	}}
	opts.Resolver, opts.Dial = n, n.Dial
	return srv, n, fetch.New(opts)
}

func TestFetch(t *testing.T) {
	_, n, f := setup(t, fetch.Options{})
	tests := []struct {
		url         string
		contentType string
		charset     string
		body        string
		final       string
	}{
		{"http://news.example/article", "text/html", "utf-8", page, "http://news.example/article"},
		{"http://v6.news.example/article", "text/html", "utf-8", page, ""},
		{"http://mixed.example/article", "text/html", "utf-8", page, ""},
		{"http://news.example/notes.txt", "text/plain", "iso-8859-1", "Caf\xe9 di Bandung.", ""},
		{"http://news.example/untyped", "text/html", "", page, ""},
		{"http://news.example/redirect/5", "text/html", "utf-8", page, "http://news.example/article"},
		{"  HTTP://News.Example/article#top ", "text/html", "utf-8", page, ""},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			p, err := f.Fetch(t.Context(), tt.url)
			if err != nil {
				t.Fatal(err)
			}
			if p.ContentType != tt.contentType || p.Charset != tt.charset || string(p.Body) != tt.body {
				t.Errorf("Fetch(%s) = %q %q %q, want %q %q %q", tt.url, p.ContentType, p.Charset, p.Body, tt.contentType, tt.charset, tt.body)
			}
			if tt.final != "" && p.URL != tt.final {
				t.Errorf("Fetch(%s).URL = %s, want %s", tt.url, p.URL, tt.final)
			}
		})
	}
	for _, addr := range n.Dialed() {
		if strings.HasPrefix(addr, "192.168.") {
			t.Errorf("dialled %s, a private address", addr)
		}
	}
}

func TestFetchFails(t *testing.T) {
	srv, n, f := setup(t, fetch.Options{Timeout: 300 * time.Millisecond})
	local := srv.URL // http://127.0.0.1:port
	tests := []struct {
		url  string
		want error
	}{
		// Not http or https, or not an address.
		{"ftp://news.example/article", fetch.ErrBadURL},
		{"file:///etc/passwd", fetch.ErrBadURL},
		{"javascript:alert(1)", fetch.ErrBadURL},
		{"http://user:secret@news.example/article", fetch.ErrBadURL},
		{"news.example/article", fetch.ErrBadURL},
		{"http://", fetch.ErrBadURL},
		{"", fetch.ErrBadURL},
		// Addresses that are not public, as named or as resolved.
		{local + "/article", fetch.ErrRefused},
		{"http://127.0.0.1/article", fetch.ErrRefused},
		{"http://169.254.169.254/latest/meta-data/", fetch.ErrRefused},
		{"http://[::1]/article", fetch.ErrRefused},
		{"http://[::ffff:127.0.0.1]/article", fetch.ErrRefused},
		{"http://[fe80::1%25eth0]/article", fetch.ErrRefused},
		{"http://0.0.0.0/article", fetch.ErrRefused},
		{"http://localhost/article", fetch.ErrRefused},
		{"http://intranet.example/article", fetch.ErrRefused},
		{"http://metadata.example/latest/meta-data/", fetch.ErrRefused},
		// Redirects: at most five, each target checked again.
		{"http://news.example/redirect/6", fetch.ErrRedirects},
		{"http://news.example/to?url=http://169.254.169.254/latest/meta-data/", fetch.ErrRefused},
		{"http://news.example/to?url=http://intranet.example/", fetch.ErrRefused},
		{"http://news.example/to?url=" + local + "/article", fetch.ErrRefused},
		{"http://news.example/to?url=file:///etc/passwd", fetch.ErrBadURL},
		// Not found.
		{"http://news.example/missing", fetch.ErrNotFound},
		{"http://news.example/gone", fetch.ErrNotFound},
		{"http://nowhere.example/article", fetch.ErrNotFound},
		// Not HTML.
		{"http://news.example/report.pdf", fetch.ErrNotHTML},
		{"http://news.example/pdf-as-html", fetch.ErrNotHTML},
		{"http://news.example/photo.png", fetch.ErrNotHTML},
		// Too big: 20 MB, said up front or not.
		{"http://news.example/big", fetch.ErrTooBig},
		{"http://news.example/big-chunked", fetch.ErrTooBig},
		// Too slow: a body that never ends, an answer that never comes.
		{"http://news.example/slow", fetch.ErrTooSlow},
		{"http://news.example/silent", fetch.ErrTooSlow},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			before := len(n.Dialed())
			p, err := f.Fetch(t.Context(), tt.url)
			if !errors.Is(err, tt.want) {
				t.Fatalf("Fetch(%q) = %q, %v; want %v", tt.url, p.Body, err, tt.want)
			}
			if strings.Contains(err.Error(), "secret") || strings.Count(err.Error(), "fetch ") != 1 {
				t.Errorf("error %q: names the address's secret, or not once", err)
			}
			if tt.want == fetch.ErrRefused {
				var ae *fetch.AddrError
				if !errors.As(err, &ae) || fetch.Public(ae.Addr) {
					t.Errorf("error %v is no *AddrError of a private address", err)
				}
				for _, addr := range n.Dialed()[before:] {
					if ap := netip.MustParseAddrPort(addr); !fetch.Public(ap.Addr()) {
						t.Errorf("dialled %s", addr)
					}
				}
			}
		})
	}
	var se *fetch.StatusError
	if _, err := f.Fetch(t.Context(), "http://news.example/broken"); !errors.As(err, &se) || se.Code != 500 || errors.Is(err, fetch.ErrNotFound) {
		t.Errorf("a 500: %v", err)
	}
}

// TestAllowPrivate fetches what TestFetchFails refuses, with AllowPrivate.
func TestAllowPrivate(t *testing.T) {
	srv, n, f := setup(t, fetch.Options{AllowPrivate: true})
	for _, u := range []string{
		srv.URL + "/article",
		"http://169.254.169.254/article", // dialled as the fake network does: to the test server
		"http://intranet.example/article",
		"http://localhost/article",
		"http://news.example/to?url=http://metadata.example/article",
	} {
		if p, err := f.Fetch(t.Context(), u); err != nil || string(p.Body) != page {
			t.Errorf("Fetch(%s) = %q, %v", u, p.Body, err)
		}
	}
	if d := n.Dialed(); !strings.HasPrefix(d[1], "169.254.169.254:") || !strings.HasPrefix(d[2], "10.0.0.5:") {
		t.Errorf("dialled %q", d)
	}
	// The real dialer, on the real loopback.
	real := fetch.New(fetch.Options{AllowPrivate: true})
	if p, err := real.Fetch(t.Context(), srv.URL+"/article"); err != nil || string(p.Body) != page {
		t.Errorf("Fetch(%s) with the real dialer = %q, %v", srv.URL, p.Body, err)
	}
	if _, err := fetch.New(fetch.Options{}).Fetch(t.Context(), srv.URL+"/article"); !errors.Is(err, fetch.ErrRefused) {
		t.Errorf("the real dialer fetched from loopback: %v", err)
	}
}

func TestUserAgent(t *testing.T) {
	srv, agents := server(t)
	f := fetch.New(fetch.Options{AllowPrivate: true})
	if _, err := f.Fetch(t.Context(), srv.URL+"/article"); err != nil {
		t.Fatal(err)
	}
	if ua, _ := agents.Load("/article"); !strings.HasPrefix(fmt.Sprint(ua), "kutip/") {
		t.Errorf("User-Agent %q does not name kutip", ua)
	}
}

func TestCancel(t *testing.T) {
	_, _, f := setup(t, fetch.Options{})
	ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
	defer cancel()
	if _, err := f.Fetch(ctx, "http://news.example/slow"); !errors.Is(err, context.DeadlineExceeded) || errors.Is(err, fetch.ErrTooSlow) {
		t.Errorf("a fetch whose caller gave up: %v, want the caller's error", err)
	}
}

func TestPublic(t *testing.T) {
	tests := []struct {
		addr string
		want bool
	}{
		{"93.184.215.14", true},
		{"8.8.8.8", true},
		{"1.1.1.1", true},
		{"100.63.255.255", true},
		{"100.128.0.0", true},
		{"172.32.0.1", true},
		{"192.0.1.1", true},
		{"2606:4700:4700::1111", true},
		{"2a00:1450:4001:80b::200e", true},
		{"::ffff:93.184.215.14", true},
		{"64:ff9b::5db8:d70e", true}, // NAT64 of 93.184.215.14
		{"0.0.0.0", false},
		{"0.1.2.3", false},
		{"10.1.2.3", false},
		{"100.64.0.1", false},
		{"100.127.255.254", false},
		{"127.0.0.1", false},
		{"127.255.255.254", false},
		{"169.254.169.254", false},
		{"172.16.0.1", false},
		{"172.31.255.255", false},
		{"192.0.0.170", false},
		{"192.0.2.1", false},
		{"192.88.99.1", false},
		{"192.168.0.1", false},
		{"198.18.0.1", false},
		{"198.19.255.255", false},
		{"198.51.100.7", false},
		{"203.0.113.9", false},
		{"224.0.0.251", false},
		{"239.255.255.250", false},
		{"240.0.0.1", false},
		{"255.255.255.255", false},
		{"::", false},
		{"::1", false},
		{"::ffff:127.0.0.1", false},
		{"::ffff:10.0.0.1", false},
		{"::127.0.0.1", false},        // IPv4-compatible, deprecated
		{"64:ff9b::7f00:1", false},    // NAT64 of 127.0.0.1
		{"64:ff9b::a9fe:a9fe", false}, // NAT64 of 169.254.169.254
		{"64:ff9b:1::1", false},       // local-use NAT64
		{"100::1", false},             // discard-only
		{"fc00::1", false},
		{"fd12:3456:789a::1", false},
		{"fe80::1", false},
		{"fe80::1%eth0", false},
		{"fec0::1", false},
		{"ff02::1", false},
		{"2001::1", false},        // Teredo
		{"2001:2::1", false},      // benchmarking
		{"2001:db8::1", false},    // documentation
		{"2002:7f00:1::1", false}, // 6to4 of 127.0.0.1
		{"3fff::1", false},        // documentation
		{"5f00::1", false},        // SRv6 SIDs, outside 2000::/3
	}
	for _, tt := range tests {
		if got := fetch.Public(netip.MustParseAddr(tt.addr)); got != tt.want {
			t.Errorf("Public(%s) = %v, want %v", tt.addr, got, tt.want)
		}
	}
	if fetch.Public(netip.Addr{}) {
		t.Error("the zero Addr is public")
	}
}
