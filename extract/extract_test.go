package extract_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/kutip/kutip/corpus"
	"github.com/kutip/kutip/extract"
	"github.com/kutip/kutip/fetch"
	"github.com/kutip/kutip/internal/golden"
)

// TestPages serves the saved news pages of testdata/pages, fetches each as
// kutip would and pins the article it reads in testdata/golden; what a page
// holds that is not its article must not come out.
func TestPages(t *testing.T) {
	srv := httptest.NewServer(http.FileServer(http.Dir("testdata/pages")))
	defer srv.Close()
	// The sites' names lead to the test server.
	_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())
	f := fetch.New(fetch.Options{AllowPrivate: true, Resolver: hosts{"www.kabarnusantara.example", "www.dailyledger.example"}})
	tests := []struct {
		host    string // "": the test server's address
		page    string
		want    corpus.Meta
		paras   int
		keepOut []string // text of the page that is not the article
	}{
		{"www.kabarnusantara.example", "kabar-banjir.html", corpus.Meta{
			Title:     "Banjir Rendam 12 Desa di Kabupaten Bandung, 3.000 Warga Mengungsi",
			URL:       "https://www.kabarnusantara.example/regional/2024/03/05/banjir-rendam-12-desa-di-kabupaten-bandung",
			Published: "2024-03-05", Author: "Rina Kartika", Source: "Kabar Nusantara", Language: "id",
		}, 6, []string{
			"Beranda", "Trending", "ADVERTISEMENT", "Penulis", "Editor", "14:32 WIB", "Bagikan", "Salin tautan",
			"Warga melintasi genangan", "Petugas BPBD mengevakuasi", "KABAR NUSANTARA/ANDI", "BANDUNG, KABARNUSANTARA",
			"Baca juga", "BACA JUGA", "Longsor di Garut", "Normalisasi Sungai Citarum", "Simak breaking news",
			"Sejumlah warga mengaku", "khusus untuk pelanggan", "Berlangganan", "Tag:", "Dapatkan berita pilihan",
			"Berita Terkait", "Komentar", "kapan pemerintah serius", "Terpopuler", "Harga Beras Naik", "Pedoman Media Siber", "cookie",
		}},
		{"www.dailyledger.example", "ledger-storm.html", corpus.Meta{
			Title:     "Storm Ciarán: thousands without power as 100mph winds batter south coast",
			URL:       "https://www.dailyledger.example/uk-news/2023/nov/02/storm-ciaran-power-cuts-south-coast",
			Published: "2023-11-02", Author: "Jane Doe, Tom Reed", Source: "The Daily Ledger", Language: "en",
		}, 7, []string{
			"Skip to main content", "We use cookies", "Support the Ledger", "Advertisement", "UK news",
			"Trains cancelled and schools shut", "By Jane Doe", "Thu 2 Nov", "Share on", "Copy link",
			"Waves crash", "Photograph", "A fallen tree", "LONDON, Nov 2", "Read also", "Storm Babet", "France braces",
			"Sign up to First Edition", "Privacy Notice", "You've read 3 articles", "Subscribe", "Explore more on these topics",
			"Reuse this content", "More on this story", "Comments (124)", "Our fence has gone", "Most viewed", "All rights reserved",
		}},
		{"", "warta-pasar.html", corpus.Meta{
			Title: "Harga Cabai Rawit di Pasar Induk Naik Dua Kali Lipat", URL: "", // set below: where it was served from
			Published: "2025-01-14", Author: "Dedi Kurniawan", Source: "Warta Kota Kecil", Language: "id",
		}, 5, []string{"Depan", "Selasa, 14 Januari", "SEMARANG -", "Baca Juga", "Harga Beras Medium", "(Dedi Kurniawan/WKK)", "Bagikan", "©"}},
	}
	for _, tt := range tests {
		t.Run(tt.page, func(t *testing.T) {
			site := srv.URL
			if tt.host != "" {
				site = "http://" + net.JoinHostPort(tt.host, port)
			}
			p, err := f.Fetch(t.Context(), site+"/"+tt.page+"?utm_source=test#top")
			if err != nil {
				t.Fatal(err)
			}
			d, err := extract.Page(p.URL, p.ContentType, p.Charset, p.Body)
			if err != nil {
				t.Fatal(err)
			}
			if tt.want.URL == "" {
				tt.want.URL = site + "/" + tt.page // no canonical address: where it came from, less the tracking and the fragment
			}
			if d.Meta != tt.want {
				t.Errorf("meta\n got %+v\nwant %+v", d.Meta, tt.want)
			}
			if len(d.Paragraphs) != tt.paras {
				t.Errorf("%d paragraphs, want %d", len(d.Paragraphs), tt.paras)
			}
			text := d.Markdown()
			body := text[strings.Index(text[3:], "---")+6:]
			for _, s := range tt.keepOut {
				if strings.Contains(body, s) {
					t.Errorf("%q is in the article", s)
				}
			}
			// Every sentence is the page's, and the file reads back as the same article.
			a := corpus.Parse("a", text)
			if a.Meta != d.Meta || len(a.Paragraphs) != len(d.Paragraphs) {
				t.Errorf("read back as %+v, %d paragraphs", a.Meta, len(a.Paragraphs))
			}
			raw, _ := os.ReadFile(filepath.Join("testdata", "pages", tt.page))
			page := pageWords(string(raw))
			for _, s := range a.Sentences {
				for _, w := range strings.Fields(s.Text) {
					if !strings.Contains(page, w) {
						t.Errorf("sentence %q: %q is not on the page", s.Text, w)
					}
				}
			}
			out := strings.Replace(text, ":"+port+"/", ":PORT/", 1)
			golden.Check(t, filepath.Join("testdata", "golden", strings.TrimSuffix(tt.page, ".html")+".md"), []byte(out))
		})
	}
}

// A page's canonical address is taken only on the site the page came from:
// no page passes for another site's.
func TestCanonicalElsewhere(t *testing.T) {
	b, err := os.ReadFile("testdata/pages/ledger-storm.html")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ from, want string }{
		{"https://mirror.example/storm", "https://mirror.example/storm"},
		{"https://amp.dailyledger.example/storm?utm_medium=x&id=3", "https://www.dailyledger.example/uk-news/2023/nov/02/storm-ciaran-power-cuts-south-coast"},
		{"", "https://www.dailyledger.example/uk-news/2023/nov/02/storm-ciaran-power-cuts-south-coast"}, // a saved file
	} {
		d, err := extract.Page(tt.from, "text/html", "", b)
		if err != nil || d.URL != tt.want {
			t.Errorf("from %q: URL %q, %v; want %q", tt.from, d.URL, err, tt.want)
		}
	}
}

// hosts resolves its names to the loopback address.
type hosts []string

func (h hosts) LookupNetIP(_ context.Context, _, host string) ([]netip.Addr, error) {
	if slices.Contains(h, host) {
		return []netip.Addr{netip.MustParseAddr("127.0.0.1")}, nil
	}
	return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
}

func TestFile(t *testing.T) {
	b, err := os.ReadFile("testdata/pages/kabar-banjir.html")
	if err != nil {
		t.Fatal(err)
	}
	text, err := extract.File("kabar-banjir.html", b)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := os.ReadFile("testdata/golden/kabar-banjir.md")
	if text != string(want) {
		t.Errorf("File reads the saved page otherwise than Page reads it served:\n%s", text)
	}
	// In a corpus folder.
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "banjir.htm"), b, 0o644)
	os.WriteFile(filepath.Join(dir, "menu.html"), []byte(`<html><body><nav><a href="/">Beranda</a></nav></body></html>`), 0o644)
	var warned []string
	c, err := corpus.Loader{
		Formats: map[string]corpus.Format{".html": extract.File, ".htm": extract.File},
		Warn:    func(path string, err error) { warned = append(warned, fmt.Sprint(err)) },
	}.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Articles) != 1 || c.Articles[0].ID != "banjir" || c.Articles[0].Source != "Kabar Nusantara" {
		t.Errorf("loaded %+v", c.Articles)
	}
	if len(warned) != 1 || !strings.Contains(warned[0], "menu.html") || !strings.Contains(warned[0], "no article") {
		t.Errorf("warnings %q", warned)
	}
}

func TestNotArticle(t *testing.T) {
	for _, tt := range []struct{ name, mediaType, body string }{
		{"empty", "text/html", ""},
		{"a front page", "text/html", `<html><head><title>Kabar Nusantara</title></head><body><nav><a href="/a">Nasional</a></nav>
			<ul><li><a href="/1">Banjir Rendam 12 Desa di Kabupaten Bandung, 3.000 Warga Mengungsi</a></li>
			<li><a href="/2">Longsor di Garut, Empat Rumah Rusak Berat</a></li><li><a href="/3">Harga Beras Naik Lagi, Pemerintah Gelar Operasi Pasar</a></li></ul></body></html>`},
		{"a video", "text/html", `<html><body><h1>Video: banjir</h1><video src="v.mp4"></video><p>Tonton videonya.</p></body></html>`},
		{"a line of text", "text/plain", "Halo."},
		{"nested too deep", "text/html", strings.Repeat("<div>", 600) + strings.Repeat("Banjir merendam 12 desa. ", 20)},
	} {
		if d, err := extract.Page("https://kabar.example/", tt.mediaType, "", []byte(tt.body)); !errors.Is(err, extract.ErrNotArticle) {
			t.Errorf("%s: %+v, %v; want ErrNotArticle", tt.name, d, err)
		}
	}
}

func TestCharsets(t *testing.T) {
	para := "Harga caf\xe9 di Bandung naik dua kali lipat dalam sepekan terakhir, kata pedagang di pasar itu. " +
		"Pasokan biji kopi dari Garut berkurang karena hujan deras merusak tanaman di lahan petani sepanjang bulan ini."
	for _, tt := range []struct {
		name, mediaType, charset, body string
	}{
		{"meta charset", "text/html", "", `<html lang="id"><head><meta charset="windows-1252"><title>Kafe</title></head><body><article><p>` + para + `</p></article></body></html>`},
		{"declared by HTTP", "text/html", "iso-8859-1", `<html lang="id"><head><title>Kafe</title></head><body><article><p>` + para + `</p></article></body></html>`},
		{"plain text", "text/plain", "iso-8859-1", "Kafe di Bandung\n\n" + para},
		{"plain text, no charset", "text/plain", "", "Kafe di Bandung\n\n" + para},
	} {
		d, err := extract.Page("https://kabar.example/kafe", tt.mediaType, tt.charset, []byte(tt.body))
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if got := strings.Join(d.Paragraphs, "\n"); !strings.Contains(got, "Harga café di Bandung") || d.Language != "id" {
			t.Errorf("%s: %q in %q", tt.name, got, d.Language)
		}
	}
}

// pageWords is the text of an HTML page with its white space taken out, for
// a word of an article to be looked for in: a word may span tags.
func pageWords(page string) string {
	var b strings.Builder
	for _, f := range strings.Fields(htmlText(page)) {
		b.WriteString(f)
	}
	return b.String()
}

// BenchmarkPage reads the saved Indonesian page.
func BenchmarkPage(b *testing.B) {
	page, err := os.ReadFile("testdata/pages/kabar-banjir.html")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(page)))
	for b.Loop() {
		if _, err := extract.Page("https://www.kabarnusantara.example/a", "text/html", "", page); err != nil {
			b.Fatal(err)
		}
	}
}

// TestPremiumBody reads an article whose body a site marks as premium:
// the mark is on the body, not on a teaser box, and the body stays.
func TestPremiumBody(t *testing.T) {
	p := "<p>Pemerintah Kabupaten Bandung menetapkan status tanggap darurat banjir selama tujuh hari sejak Selasa pagi.</p>"
	page := `<html lang="id"><head><title>Banjir</title></head><body><article><h1>Banjir</h1><div class="article-body premium-content">` +
		strings.Repeat(p, 4) + `</div></article></body></html>`
	d, err := extract.Page("https://kabar.example/banjir", "text/html", "", []byte(page))
	if err != nil || len(d.Paragraphs) != 4 {
		t.Errorf("%d paragraphs, %v; want the four of the premium body", len(d.Paragraphs), err)
	}
}
