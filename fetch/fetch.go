// Package fetch gets a web page for kutip to read an article from, and
// treats every address as an attack: only http and https, at most five
// redirects, a cap on the size and the time of the whole fetch, HTML or
// plain text only, and no address that is not public (no loopback, private,
// link-local or other special-purpose range), checked after DNS
// resolution, for every connection, redirects included, so that neither a
// redirect nor a DNS answer that changes between two lookups can point it
// inside the network (server-side request forgery). Each way a fetch fails
// has its own error, for the chat layer to turn into a plain message.
package fetch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// The defaults of Options.
const (
	DefaultTimeout = 10 * time.Second
	DefaultMaxSize = 5 << 20 // 5 MiB
	MaxRedirects   = 5
	UserAgent      = "kutip/1.0 (+https://github.com/kutip/kutip; reads one news article to quote it)"
)

// Why a fetch failed. Every error Fetch returns that is one of these
// matches it with errors.Is; an *AddrError matches ErrRefused and a
// *StatusError of 404 or 410 ErrNotFound. Any other error is the network's
// (a connection refused or reset, a bad certificate).
var (
	ErrBadURL    = errors.New("not an http or https address")
	ErrNotFound  = errors.New("page not found")
	ErrTooBig    = errors.New("page too big")
	ErrTooSlow   = errors.New("page too slow")
	ErrRefused   = errors.New("address refused")
	ErrNotHTML   = errors.New("not an HTML or plain-text page")
	ErrRedirects = fmt.Errorf("more than %d redirects", MaxRedirects)
)

// A StatusError is an HTTP status other than 2xx.
type StatusError struct {
	Code int
}

func (e *StatusError) Error() string {
	msg := fmt.Sprintf("HTTP status %d %s", e.Code, http.StatusText(e.Code))
	if e.Is(ErrNotFound) {
		return ErrNotFound.Error() + ": " + msg
	}
	return msg
}

// Is makes a 404 or a 410 match ErrNotFound.
func (e *StatusError) Is(target error) bool {
	return target == ErrNotFound && (e.Code == http.StatusNotFound || e.Code == http.StatusGone)
}

// A Resolver looks up a host's addresses; *net.Resolver is one.
type Resolver interface {
	LookupNetIP(ctx context.Context, network, host string) ([]netip.Addr, error)
}

// Options configure a Fetcher; the zero value is kutip's defaults.
type Options struct {
	// AllowPrivate lets fetches reach addresses that are not public:
	// for tests, and for intranets. Never on a bot open to strangers.
	AllowPrivate bool
	Timeout      time.Duration // the whole fetch, redirects and body; 0: DefaultTimeout
	MaxSize      int64         // bytes of body; 0: DefaultMaxSize
	UserAgent    string        // "": UserAgent
	Resolver     Resolver      // nil: net.DefaultResolver
	// Dial connects to an address already checked, "ip:port"; nil: a
	// net.Dialer, which checks it once more as it connects. Tests use it to
	// stand in for hosts they must not reach.
	Dial func(ctx context.Context, network, addr string) (net.Conn, error)
}

// A Page is what a fetch got: HTML or plain text, not yet decoded.
type Page struct {
	URL         string // where it was got from, after redirects
	ContentType string // "text/html", "application/xhtml+xml" or "text/plain"
	Charset     string // as the response declared it; "": not declared
	Body        []byte
}

// A Fetcher fetches pages. It is safe for concurrent use.
type Fetcher struct {
	opts   Options
	client *http.Client
}

// New returns a Fetcher with the given options.
func New(opts Options) *Fetcher {
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	if opts.MaxSize <= 0 {
		opts.MaxSize = DefaultMaxSize
	}
	if opts.UserAgent == "" {
		opts.UserAgent = UserAgent
	}
	if opts.Resolver == nil {
		opts.Resolver = net.DefaultResolver
	}
	f := &Fetcher{opts: opts}
	if f.opts.Dial == nil {
		d := &net.Dialer{Control: f.control} // the fetch's context bounds every step
		f.opts.Dial = d.DialContext
	}
	transport := &http.Transport{
		Proxy:                  nil, // a proxy would be dialled, and checked, instead of the host
		DialContext:            f.dial,
		ForceAttemptHTTP2:      true,
		MaxResponseHeaderBytes: 64 << 10,
		MaxIdleConns:           10,
		IdleConnTimeout:        30 * time.Second,
	}
	f.client = &http.Client{Transport: transport, CheckRedirect: checkRedirect}
	return f
}

// errTimeout is the cause of a fetch's context when its time is up.
var errTimeout = errors.New("fetch timed out")

// Fetch gets the page at rawURL. It fails with ErrBadURL for anything but
// an http or https address, ErrRefused for an address that is not public,
// ErrRedirects after MaxRedirects, ErrNotFound for an unknown host or a
// 404, ErrNotHTML for anything but HTML or plain text, ErrTooBig for more
// than MaxSize bytes, ErrTooSlow when the whole takes longer than Timeout;
// with ctx's error when ctx is done first.
func (f *Fetcher) Fetch(ctx context.Context, rawURL string) (Page, error) {
	page, err := f.fetch(ctx, rawURL)
	if err != nil {
		return Page{}, fmt.Errorf("fetch %s: %w", redact(rawURL), err)
	}
	return page, nil
}

func (f *Fetcher) fetch(ctx context.Context, rawURL string) (Page, error) {
	u, err := url.Parse(strings.TrimSpace(rawURL))
	if err != nil || !webURL(u) {
		return Page{}, ErrBadURL
	}
	ctx, cancel := context.WithTimeoutCause(ctx, f.opts.Timeout, errTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return Page{}, fmt.Errorf("%w: %w", ErrBadURL, err)
	}
	req.Header.Set("User-Agent", f.opts.UserAgent)
	req.Header.Set("Accept", "text/html, application/xhtml+xml, text/plain;q=0.9")
	resp, err := f.client.Do(req)
	if err != nil {
		return Page{}, f.failed(ctx, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return Page{}, &StatusError{Code: resp.StatusCode}
	}
	page := Page{URL: resp.Request.URL.String()}
	if ct := resp.Header.Get("Content-Type"); ct != "" {
		mt, params, err := mime.ParseMediaType(ct)
		if err != nil || !textual(mt) {
			return Page{}, fmt.Errorf("%w: %s", ErrNotHTML, ct)
		}
		page.ContentType, page.Charset = mt, params["charset"]
	}
	if resp.ContentLength > f.opts.MaxSize {
		return Page{}, fmt.Errorf("%w: %d bytes, over %d", ErrTooBig, resp.ContentLength, f.opts.MaxSize)
	}
	page.Body, err = io.ReadAll(io.LimitReader(resp.Body, f.opts.MaxSize+1))
	if err != nil {
		return Page{}, f.failed(ctx, err)
	}
	if int64(len(page.Body)) > f.opts.MaxSize {
		return Page{}, fmt.Errorf("%w: over %d bytes", ErrTooBig, f.opts.MaxSize)
	}
	// What the body is, whatever the header says: no PDF passes as HTML.
	sniffed, _, _ := mime.ParseMediaType(http.DetectContentType(page.Body))
	if len(page.Body) > 0 && !strings.HasPrefix(sniffed, "text/") {
		return Page{}, fmt.Errorf("%w: the body is %s", ErrNotHTML, sniffed)
	}
	if page.ContentType == "" {
		page.ContentType = sniffed
	}
	return page, nil
}

// failed says why a request or a read failed: the fetch's own time ran
// out, or a host is unknown, or what the client said.
func (f *Fetcher) failed(ctx context.Context, err error) error {
	if context.Cause(ctx) == errTimeout {
		return fmt.Errorf("%w: over %v", ErrTooSlow, f.opts.Timeout)
	}
	var dns *net.DNSError
	if errors.As(err, &dns) && dns.IsNotFound {
		return fmt.Errorf("%w: %w", ErrNotFound, err)
	}
	var uerr *url.Error
	if errors.As(err, &uerr) {
		return uerr.Err // the URL is said once, by Fetch
	}
	return err
}

// checkRedirect follows at most MaxRedirects redirects, to http or https
// addresses only; the dialer checks where each one goes.
func checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) > MaxRedirects {
		return ErrRedirects
	}
	if !webURL(req.URL) {
		return fmt.Errorf("redirect to %s: %w", redact(req.URL.String()), ErrBadURL)
	}
	return nil
}

func webURL(u *url.URL) bool {
	return (u.Scheme == "http" || u.Scheme == "https") && u.Hostname() != "" && u.User == nil
}

// textual reports whether a media type is one kutip reads.
func textual(mt string) bool {
	switch mt {
	case "text/html", "application/xhtml+xml", "text/plain":
		return true
	}
	return false
}

// dial resolves addr's host, checks every address it has and connects to
// the first that is allowed and answers: the address checked is the
// address dialled, so a DNS answer that changes cannot slip past.
func (f *Fetcher) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, err
	}
	var addrs []netip.Addr
	if a, err := netip.ParseAddr(host); err == nil {
		addrs = []netip.Addr{a}
	} else if addrs, err = f.opts.Resolver.LookupNetIP(ctx, "ip", host); err != nil {
		return nil, err
	}
	var refused, failed error
	for _, a := range addrs {
		if !f.allowed(a) {
			refused = &AddrError{Host: host, Addr: a}
			continue
		}
		conn, err := f.opts.Dial(ctx, network, net.JoinHostPort(a.Unmap().String(), port))
		if err == nil {
			return conn, nil
		}
		failed = err
	}
	switch {
	case failed != nil:
		return nil, failed
	case refused != nil:
		return nil, refused
	}
	return nil, &net.DNSError{Err: "no addresses", Name: host, IsNotFound: true}
}

func (f *Fetcher) allowed(a netip.Addr) bool { return f.opts.AllowPrivate || Public(a) }

// control checks, once more, the address the default dialer connects to.
func (f *Fetcher) control(network, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("dial %s: %w", address, err)
	}
	if !f.allowed(ap.Addr()) {
		return &AddrError{Host: ap.Addr().String(), Addr: ap.Addr()}
	}
	return nil
}

// redact drops what a URL may hold that is nobody's business in a log: its
// user information and its query and fragment are kept out.
func redact(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return strconv.Quote(raw)
	}
	u.User = nil
	if u.RawQuery != "" {
		u.RawQuery = "…"
	}
	u.Fragment = ""
	return u.String()
}
