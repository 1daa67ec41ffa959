package library

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Settle is how long the corpus folder must be quiet after a change before
// the library reloads: an editor's save or a copy of many files is a burst
// of events, and makes one reload.
const Settle = 300 * time.Millisecond

// Watch reloads the library (Reload: only what changed is indexed again)
// whenever a file of the corpus folder (or the corpus file) is added,
// changed, renamed or removed, Settle after the last change of a burst,
// until ctx is done. A library of the embedded
// article has nothing to watch: Watch waits for ctx.
func (l *Library) Watch(ctx context.Context) error {
	if l.cfg.Corpus == "" {
		<-ctx.Done()
		return nil
	}
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return fmt.Errorf("watch the corpus: %w", err)
	}
	defer w.Close()
	root, only := l.cfg.Corpus, ""
	if info, err := os.Stat(root); err == nil && !info.IsDir() {
		root, only = filepath.Dir(root), filepath.Clean(root) // a file: watch its folder, for editors that replace it
	}
	if err := watchTree(w, root); err != nil {
		return fmt.Errorf("watch the corpus: %w", err)
	}
	var settled <-chan time.Time
	for {
		select {
		case <-ctx.Done():
			return nil
		case ev, ok := <-w.Events:
			if !ok {
				return nil
			}
			if ev.Op == fsnotify.Chmod || only != "" && filepath.Clean(ev.Name) != only {
				continue
			}
			if ev.Has(fsnotify.Create) {
				if info, err := os.Stat(ev.Name); err == nil && info.IsDir() {
					if err := watchTree(w, ev.Name); err != nil {
						l.cfg.Log.Warn("a new folder of the corpus is not watched", "dir", ev.Name, "err", err)
					}
				}
			}
			settled = time.After(Settle)
		case err, ok := <-w.Errors:
			if !ok {
				return nil
			}
			l.cfg.Log.Warn("watching the corpus", "err", err) // an overflow, most often: reload to be sure
			settled = time.After(Settle)
		case <-settled:
			settled = nil
			l.reloaded(ctx, "the corpus changed", l.Reload)
		}
	}
}

// reloaded reloads the library with reload and logs how it went.
func (l *Library) reloaded(ctx context.Context, why string, reload func(context.Context) error) {
	err := reload(ctx)
	if err != nil {
		l.cfg.Log.Warn("library reloaded in part", "why", why, "err", err)
	}
	l.cfg.Log.Info("library reloaded", "why", why, "articles", len(l.Articles()))
}

// ReloadOn reloads the library whole (ReloadAll) each time a value comes
// on ch (SIGHUP's), until ctx is done.
func (l *Library) ReloadOn(ctx context.Context, ch <-chan os.Signal) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-ch:
			l.reloaded(ctx, "SIGHUP", l.ReloadAll)
		}
	}
}

// watchTree watches dir and every folder under it.
func watchTree(w *fsnotify.Watcher, dir string) error {
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == dir {
				return err
			}
			return nil // a folder that cannot be read: the loader warns of it
		}
		if d.IsDir() {
			return w.Add(p)
		}
		return nil
	})
}
