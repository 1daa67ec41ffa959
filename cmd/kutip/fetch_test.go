package main

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kutip/kutip/internal/golden"
)

// newsServer serves extract's saved news pages, and pages that fail.
func newsServer(t *testing.T) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	mux.Handle("/", http.FileServer(http.Dir("../../extract/testdata/pages")))
	mux.HandleFunc("/report.pdf", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/pdf")
		fmt.Fprint(w, "%PDF-1.7\n")
	})
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.(http.Flusher).Flush()
		<-r.Context().Done()
	})
	mux.HandleFunc("/front", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<html><body><nav><a href="/a">Nasional</a> <a href="/b">Regional</a></nav></body></html>`)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// TestFetch runs kutip fetch end to end against a local server.
func TestFetch(t *testing.T) {
	srv := newsServer(t)
	port := srv.URL[strings.LastIndex(srv.URL, ":")+1:]
	for _, page := range []string{"kabar-banjir", "ledger-storm", "warta-pasar"} {
		t.Run(page, func(t *testing.T) {
			out, stderr, err := kutip(t, "", nil, "fetch", "--allow-private", srv.URL+"/"+page+".html")
			if err != nil || stderr != "" {
				t.Fatalf("%v %s", err, stderr)
			}
			golden.Check(t, filepath.Join("testdata", "golden", "fetch-"+page+".md"), []byte(strings.ReplaceAll(out, port, "PORT")))
		})
	}

	// Into a folder, named after the address; into a file.
	dir := t.TempDir()
	url := srv.URL + "/kabar-banjir.html"
	out, _, err := kutip(t, "", map[string]string{"KUTIP_FETCH_ALLOW_PRIVATE": "1"}, "fetch", "-o", dir, url)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "kabar-banjir.md")
	if want := file + ": Banjir Rendam 12 Desa di Kabupaten Bandung, 3.000 Warga Mengungsi (6 paragraphs)\n"; out != want {
		t.Errorf("kutip fetch -o DIR printed %q, want %q", out, want)
	}
	stdout, _, _ := kutip(t, "", nil, "fetch", "--allow-private", url)
	if b, err := os.ReadFile(file); err != nil || string(b) != stdout {
		t.Errorf("%s holds %q, %v; want what kutip fetch prints", file, b, err)
	}
	named := filepath.Join(dir, "banjir.md")
	if _, _, err := kutip(t, "", nil, "fetch", "--allow-private", "-o", named, url); err != nil {
		t.Error(err)
	}
	// The fetched file is an article of a corpus, and so is the saved page.
	os.WriteFile(filepath.Join(dir, "saved.html"), must(os.ReadFile("../../extract/testdata/pages/ledger-storm.html")), 0o644)
	out, _, err = kutip(t, "", nil, "quotes", "--corpus", dir, "--speaker", "Morris")
	if err != nil || !strings.Contains(out, "This is a serious storm") {
		t.Errorf("kutip quotes over the fetched articles: %v\n%s", err, out)
	}
}

func must(b []byte, err error) []byte {
	if err != nil {
		panic(err)
	}
	return b
}

// TestFetchFails checks that each failure is one line naming the command,
// a usage error only for a mistake in the command line, and that -o
// leaves no file behind.
func TestFetchFails(t *testing.T) {
	srv := newsServer(t)
	file := filepath.Join(t.TempDir(), "article.md")
	tests := []struct {
		args  []string
		env   map[string]string
		want  string
		usage bool
	}{
		{[]string{srv.URL + "/kabar-banjir.html"}, nil, "address refused", false},
		{[]string{"http://169.254.169.254/latest/meta-data/"}, nil, "address refused", false},
		{[]string{"--allow-private", srv.URL + "/missing.html"}, nil, "page not found", false},
		{[]string{"--allow-private", srv.URL + "/report.pdf"}, nil, "not an HTML", false},
		{[]string{"--allow-private", srv.URL + "/front"}, nil, "no article on the page", false},
		{[]string{"--allow-private", "--max-size", "1000", srv.URL + "/kabar-banjir.html"}, nil, "page too big", false},
		{[]string{"--allow-private", "--timeout", "200ms", srv.URL + "/slow"}, nil, "page too slow", false},
		{[]string{"ftp://news.example/a"}, nil, "not an http or https address", false},
		{[]string{srv.URL + "/kabar-banjir.html"}, map[string]string{"KUTIP_FETCH_ALLOW_PRIVATE": "perhaps"}, "KUTIP_FETCH_ALLOW_PRIVATE", false},
		{nil, nil, "want one URL", true},
		{[]string{"a", "b"}, nil, "want one URL", true},
		{[]string{"--timeout", "0s", "x"}, nil, "must be more than 0", true},
	}
	for _, tt := range tests {
		args := append([]string{"fetch", "-o", file}, tt.args...)
		start := time.Now()
		_, _, err := kutip(t, "", tt.env, args...)
		msg := fmt.Sprint(err)
		if err == nil || !strings.Contains(msg, tt.want) || errors.As(err, new(usageError)) != tt.usage {
			t.Errorf("kutip %s: %v; want %q, usage error %v", strings.Join(args, " "), err, tt.want, tt.usage)
		}
		if strings.Contains(msg, "\n") || !strings.HasPrefix(msg, "kutip fetch: ") {
			t.Errorf("error %q is not one line that names the command", msg)
		}
		if _, err := os.Stat(file); err == nil {
			t.Errorf("kutip %s left %s behind", strings.Join(args, " "), file)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("kutip %s took %v", strings.Join(args, " "), d)
		}
	}
}

// TestCorpusSkips loads a folder with a bad file: the rest loads, and the
// bad file is named on standard error.
func TestCorpusSkips(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a.txt"), []byte("Kucing itu tidur di atas meja pada tahun 2020."), 0o644)
	os.WriteFile(filepath.Join(dir, "bad.txt"), []byte("caf\xe9"), 0o644)
	out, stderr, err := kutip(t, "", nil, "ask", "--corpus", dir, "Di mana kucing tidur?")
	if err != nil || !strings.Contains(out, "Kucing itu tidur") {
		t.Errorf("ask: %v\n%s", err, out)
	}
	if !strings.Contains(stderr, "bad.txt") || !strings.Contains(stderr, "not UTF-8") {
		t.Errorf("stderr %q does not name the file skipped", stderr)
	}
}
