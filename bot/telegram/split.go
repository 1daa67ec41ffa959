package telegram

import (
	"html"
	"slices"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/kutip/kutip/bot"
)

// maxMessage is the most text a message may hold: 4096 UTF-16 code units,
// counted after its HTML is parsed (a tag counts nothing, "&amp;" one).
const maxMessage = 4096

// A piece is one token of Telegram HTML: a tag, an entity or a rune of text.
// Messages are cut between pieces, so never inside a tag or an entity.
type piece struct {
	raw   string
	width int    // UTF-16 code units it shows as; 0 for a tag
	tag   string // the tag's name, for a tag
	end   bool   // a closing tag
}

func (p piece) space() bool {
	return p.tag == "" && len(p.raw) == 1 && strings.Contains(" \n\t", p.raw)
}
func (p piece) opens() bool { return p.tag != "" && !p.end }

// pieces cuts s into tags, entities and runes. What the renderer never
// writes, a "<" with no ">" or an "&" that starts no entity, is text.
func pieces(s string) []piece {
	var out []piece
	for i := 0; i < len(s); {
		switch s[i] {
		case '<':
			if j := strings.IndexByte(s[i:], '>'); j > 1 {
				raw := s[i : i+j+1]
				name, _, _ := strings.Cut(strings.TrimPrefix(raw[1:j], "/"), " ")
				out = append(out, piece{raw: raw, tag: strings.ToLower(name), end: raw[1] == '/'})
				i += j + 1
				continue
			}
		case '&':
			if j := strings.IndexByte(s[i:], ';'); j > 1 && j <= 10 {
				raw := s[i : i+j+1]
				if text := html.UnescapeString(raw); text != raw {
					out = append(out, piece{raw: raw, width: bot.TextLen(text)})
					i += j + 1
					continue
				}
			}
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		out = append(out, piece{raw: s[i : i+n], width: max(utf16.RuneLen(r), 1)})
		i += n
	}
	return out
}

// How good a place to cut is: after the piece at k, ...
const (
	cutAnywhere = iota
	cutSpace    // ... a space
	cutSentence // ... the space after a sentence's full stop
	cutLine     // ... a line break
	cutBlock    // ... a blank line: between two quotes
	cutRanks
)

func cutRank(ps []piece, k int) int {
	switch {
	case ps[k].raw == "\n" && k > 0 && ps[k-1].raw == "\n":
		return cutBlock
	case ps[k].raw == "\n":
		return cutLine
	case !ps[k].space():
		return cutAnywhere
	}
	// A space: does a sentence end before it, maybe inside a closing quote
	// or a tag?
	for j := k - 1; j >= max(k-8, 0); j-- {
		switch p := ps[j]; {
		case p.tag != "", strings.Contains(`"”’')»`, p.raw) && p.raw != "":
			continue
		case strings.Contains(".!?…", p.raw) && p.raw != "":
			return cutSentence
		}
		break
	}
	return cutSpace
}

// split cuts a message in Telegram HTML into messages of at most limit
// UTF-16 code units each. It cuts where it can best, between quotes, then
// lines, sentences, words; tags open at a cut are closed at the end of one
// message and opened again at the start of the next.
func split(s string, limit int) []string {
	ps := pieces(s)
	var out []string
	var open []piece // the tags open where the next message starts
	for start := 0; start < len(ps); {
		end, width := start, 0
		var best [cutRanks]struct{ at, width int }
		for end < len(ps) && width+ps[end].width <= limit {
			width += ps[end].width
			end++
			best[cutRank(ps, end-1)] = struct{ at, width int }{end, width}
		}
		if end < len(ps) {
			end = bestCut(best[:], start, limit)
			for end > start+1 && ps[end-1].opens() { // a tag opened at the cut opens the next message
				end--
			}
		}
		end = max(end, start+1)
		var msg string
		msg, open = assemble(open, ps[start:end])
		if msg != "" {
			out = append(out, msg)
		}
		start = end
	}
	return out
}

// bestCut picks the best place to cut, by rank, unless it leaves less than
// half a message: a blank line early on is not worth a short message.
func bestCut(best []struct{ at, width int }, start, limit int) int {
	for r := len(best) - 1; r >= 0; r-- {
		if best[r].at > start && best[r].width >= limit/2 {
			return best[r].at
		}
	}
	for r := len(best) - 1; r >= 0; r-- {
		if best[r].at > start {
			return best[r].at
		}
	}
	return start
}

// assemble writes one message of pieces: the tags open before it opened
// again, the spaces at either end dropped, the tags still open closed. It
// returns "" for a message with nothing to show, and the tags open after it.
func assemble(open, ps []piece) (string, []piece) {
	stack := slices.Clone(open)
	lo, hi := 0, len(ps)
	for lo < hi && (ps[lo].space() || ps[lo].end && len(stack) > 0 && stack[len(stack)-1].tag == ps[lo].tag) {
		if ps[lo].end { // closed before anything showed: no need to open it again
			stack = stack[:len(stack)-1]
		}
		lo++
	}
	for hi > lo && ps[hi-1].space() {
		hi--
	}
	var b strings.Builder
	for _, p := range stack {
		b.WriteString(p.raw)
	}
	shows := false
	for _, p := range ps[lo:hi] {
		b.WriteString(p.raw)
		shows = shows || p.width > 0 && !p.space()
		switch {
		case p.opens():
			stack = append(stack, p)
		case p.end:
			if i := lastOpen(stack, p.tag); i >= 0 {
				stack = slices.Delete(stack, i, i+1)
			}
		}
	}
	for i := len(stack) - 1; i >= 0; i-- {
		b.WriteString("</" + stack[i].tag + ">")
	}
	if !shows {
		return "", stack
	}
	return b.String(), stack
}

func lastOpen(stack []piece, tag string) int {
	for i := len(stack) - 1; i >= 0; i-- {
		if stack[i].tag == tag {
			return i
		}
	}
	return -1
}
