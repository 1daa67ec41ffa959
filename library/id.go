package library

import (
	"net/url"
	"path"
	"regexp"
	"strings"
	"sync"
)

// ID names an article after its address: the last segment of its path,
// lower-cased, "banjir-rendam-12-desa"; the host's name for a site's root;
// "article" when there is nothing to name it by. It is also the name of
// the file kutip fetch writes.
func ID(address string) string {
	u, err := url.Parse(address)
	if err != nil {
		return "article"
	}
	name := strings.TrimSuffix(path.Base(strings.TrimSuffix(u.Path, "/")), path.Ext(u.Path))
	if name == "" || name == "." || name == "/" {
		name = u.Hostname()
	}
	name = strings.Trim(unsafeName().ReplaceAllString(strings.ToLower(name), "-"), "-.")
	if name == "" {
		name = "article"
	}
	return name
}

var unsafeName = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`[^\p{L}\p{N}._-]+`) })
