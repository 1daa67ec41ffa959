package discord

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// discordHost is where discordgo sends every REST request.
const discordHost = "discord.com"

// rewrite is an http.RoundTripper that sends every request for
// https://discord.com/ to base instead, path appended to base's path: for a
// proxy, or a test server. discordgo's endpoints are package variables, so
// the session's client is where to change them.
type rewrite struct {
	base *url.URL
	next http.RoundTripper
}

func (t rewrite) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.URL.Host != discordHost {
		return t.next.RoundTrip(r)
	}
	r = r.Clone(r.Context()) // a RoundTripper must not change the request it is given
	prefix := strings.TrimSuffix(t.base.Path, "/")
	if r.URL.RawPath != "" {
		r.URL.RawPath = strings.TrimSuffix(t.base.EscapedPath(), "/") + r.URL.RawPath
	}
	r.URL.Scheme, r.URL.Host, r.URL.Path = t.base.Scheme, t.base.Host, prefix+r.URL.Path
	r.Host = ""
	return t.next.RoundTrip(r)
}

// parseBase reads an API base URL such as "http://127.0.0.1:8080/".
func parseBase(s string) (*url.URL, error) {
	u, err := url.Parse(s)
	if err != nil {
		return nil, fmt.Errorf("API base URL: %w", err)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("API base URL %q: want http(s)://host[:port][/path/]", s)
	}
	return u, nil
}
