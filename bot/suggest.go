package bot

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// Suggest returns the one of choices that s most likely stands for, as a
// "did you mean" suggests it, or "" when none is close: the only choice
// that starts with s or has it as a whole part between hyphens or
// underscores ("millbrook" for "millbrook-spill-2025"; none when several
// do), else the choice
// nearest to s in edits (a swap of two letters is one) when that is at
// most a third of s's letters, and one for a short s: "log_leve" for
// "log_level", "aks" for "ask", "milbrook" for "millbrook-spill-2025".
// Case is ignored.
func Suggest(s string, choices []string) string {
	s = strings.ToLower(strings.TrimLeft(strings.TrimSpace(s), "-/"))
	if s == "" {
		return ""
	}
	var starts []string
	for _, c := range choices {
		lc := strings.ToLower(c)
		if lc == s {
			return c
		}
		if strings.HasPrefix(lc, s) || slices.Contains(parts(lc), s) {
			starts = append(starts, c)
		}
	}
	switch len(starts) {
	case 0:
	case 1:
		return starts[0]
	default:
		return "" // "2024": which one?
	}
	best, limit := "", max(1, utf8.RuneCountInString(s)/3)+1
	for _, c := range choices {
		lc := strings.ToLower(c)
		d := editDistance(s, lc, limit)
		for _, p := range parts(lc) {
			d = min(d, editDistance(s, p, limit))
		}
		if d < limit {
			best, limit = c, d
		}
	}
	return best
}

// parts returns s's parts between hyphens or underscores, when it has
// more than one.
func parts(s string) []string {
	ps := strings.FieldsFunc(s, func(r rune) bool { return r == '-' || r == '_' })
	if len(ps) < 2 {
		return nil
	}
	return ps
}

// editDistance returns the edit distance between a and b in runes, a swap
// of two neighbours counting as one edit (optimal string alignment), or
// limit when it is limit or more.
func editDistance(a, b string, limit int) int {
	ra, rb := []rune(a), []rune(b)
	if d := len(ra) - len(rb); d >= limit || -d >= limit {
		return limit
	}
	// Three rows of the table: two back, one back and this one.
	back2, back, cur := make([]int, len(rb)+1), make([]int, len(rb)+1), make([]int, len(rb)+1)
	for j := range back {
		back[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		low := i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(back[j]+1, cur[j-1]+1, back[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], back2[j-2]+1)
			}
			low = min(low, cur[j])
		}
		if low >= limit {
			return limit
		}
		back2, back, cur = back, cur, back2
	}
	return min(back[len(rb)], limit)
}
