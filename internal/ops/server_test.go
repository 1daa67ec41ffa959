package ops

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func get(t *testing.T, h http.Handler, method, path string) (int, string) {
	t.Helper()
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(method, path, nil))
	return w.Code, w.Body.String()
}

func TestServer(t *testing.T) {
	reg := NewRegistry()
	m, err := NewMetrics(reg, func() (int, int) { return 1, 40 })
	if err != nil {
		t.Fatal(err)
	}
	m.Call("telegram", "getMe", "200")
	s := NewServer(reg, nil)
	var library, telegram atomic.Bool
	tests := []struct {
		name         string
		method, path string
		before       func()
		code         int
		body         []string
	}{
		{"alive", "GET", "/healthz", nil, 200, []string{"ok"}},
		{"no checks yet", "GET", "/readyz", nil, 503, []string{"starting"}},
		{"nothing ready", "GET", "/readyz", func() { s.Check("library", library.Load); s.Check("telegram", telegram.Load) }, 503,
			[]string{"library not ready\n", "telegram not ready\n"}},
		{"the library", "GET", "/readyz", func() { library.Store(true) }, 503, []string{"library ok\n", "telegram not ready\n"}},
		{"ready", "GET", "/readyz", func() { telegram.Store(true) }, 200, []string{"library ok\ntelegram ok\n"}},
		{"lost Telegram", "HEAD", "/readyz", func() { telegram.Store(false) }, 503, nil},
		{"metrics", "GET", "/metrics", nil, 200, []string{
			`kutip_api_calls_total{method="getMe",platform="telegram",status="200"} 1`,
			"kutip_library_sentences 40", "go_goroutines ", "process_cpu_seconds_total ", "promhttp_metric_handler_requests_total",
		}},
		{"not a GET", "POST", "/metrics", nil, 405, nil},
		{"elsewhere", "GET", "/debug/pprof/", nil, 404, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.before != nil {
				tt.before()
			}
			code, body := get(t, s, tt.method, tt.path)
			if code != tt.code {
				t.Errorf("%s %s: %d, want %d\n%s", tt.method, tt.path, code, tt.code, body)
			}
			for _, want := range tt.body {
				if !strings.Contains(body, want) {
					t.Errorf("%s %s does not hold %q:\n%s", tt.method, tt.path, want, body)
				}
			}
		})
	}
}

func TestServe(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- NewServer(NewRegistry(), nil).Serve(ctx, ln) }()
	base := "http://" + ln.Addr().String()
	resp, err := http.Get(base + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || string(body) != "ok\n" {
		t.Errorf("/healthz: %d %q", resp.StatusCode, body)
	}
	req, _ := http.NewRequest("GET", base+"/healthz", nil)
	req.Header.Set("X-Big", strings.Repeat("x", 2*maxHeaderBytes))
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
		t.Errorf("a request with %d bytes of headers: %v, %v; want 431", 2*maxHeaderBytes, resp, err)
	} else {
		resp.Body.Close()
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Serve: %v", err)
		}
	case <-time.After(shutdownTimeout + time.Second):
		t.Fatal("Serve did not return after its context was done")
	}
	if _, err := http.Get(base + "/healthz"); err == nil {
		t.Error("the server still answers after a shutdown")
	}
}
