package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/kutip/kutip/extract"
	"github.com/kutip/kutip/fetch"
	"github.com/kutip/kutip/internal/atomicfile"
	"github.com/kutip/kutip/library"
)

// runFetch fetches a news page and prints its article as a corpus .md
// file, or writes it with -o: for an operator to curate a corpus folder.
func runFetch(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "URL")
	out := fs.String("o", "", "write the article to this .md file, or into this folder (named after the URL); default: standard output")
	config := fs.String("config", e.getenv("KUTIP_CONFIG"), "YAML config file, for links.allow_private (env KUTIP_CONFIG)")
	allow := fs.Bool("allow-private", false, "fetch from loopback and private addresses too, for tests and intranets (config links.allow_private; env KUTIP_FETCH_ALLOW_PRIVATE=1)")
	timeout := fs.Duration("timeout", fetch.DefaultTimeout, "the longest the whole fetch may take")
	maxSize := fs.Int64("max-size", fetch.DefaultMaxSize, "the largest page to read, in bytes")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("want one URL; try: kutip fetch https://news.example/article -o corpus/")
	}
	if *timeout <= 0 || *maxSize <= 0 {
		return usagef("--timeout and --max-size must be more than 0")
	}
	cfg, err := loadConfig(*config, e.getenv)
	if err != nil {
		return err
	}
	f := fetch.New(fetch.Options{AllowPrivate: *allow || cfg.Links.AllowPrivate, Timeout: *timeout, MaxSize: *maxSize})
	page, err := f.Fetch(ctx, fs.Arg(0))
	if err != nil {
		return err
	}
	doc, err := extract.Page(page.URL, page.ContentType, page.Charset, page.Body)
	if err != nil {
		return fmt.Errorf("read %s: %w", page.URL, err)
	}
	text := doc.Markdown()
	if *out == "" {
		_, err := io.WriteString(e.stdout, text)
		return err
	}
	file := *out
	if info, err := os.Stat(file); err == nil && info.IsDir() || strings.HasSuffix(file, string(filepath.Separator)) {
		file = filepath.Join(file, fileName(page.URL))
	}
	if err := atomicfile.Write(file, []byte(text)); err != nil { // written whole or not at all
		return err
	}
	fmt.Fprintf(e.stdout, "%s: %s (%d paragraphs)\n", file, doc.Title, len(doc.Paragraphs))
	return nil
}

// fileName names an article file after its address, as the library names
// an article from a link: "banjir-rendam-12-desa.md".
func fileName(address string) string { return library.ID(address) + ".md" }
