// Package widgets holds the small drawing helpers every pane shares: fitting text into
// columns, a scrolling list window, a sparkline, and the compact formats (ages, changes).
// Everything here works on display cells (lipgloss.Width), not bytes or runes, so wide
// characters and emoji never push a line past the terminal edge.
package widgets

import (
	"strings"
	"unicode"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// OneLine collapses all whitespace (newlines included) to single spaces, so a post or
// message body can stand in one table cell, and drops control characters (see Clean).
func OneLine(s string) string {
	return strings.Join(strings.Fields(Clean(s)), " ")
}

// Clean drops escape sequences and control characters from text that came from the
// network, so a message cannot move the cursor, restyle the terminal or write to the
// clipboard (OSC 52); newlines stay and tabs become spaces.
func Clean(s string) string {
	if !strings.ContainsFunc(s, unicode.IsControl) {
		return s
	}
	s = ansi.Strip(s)
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n':
			return r
		case r == '\t':
			return ' '
		case unicode.IsControl(r):
			return -1
		}
		return r
	}, s)
}

// Truncate cuts s to at most w cells, marking a cut with "…". It keeps ANSI styling intact.
func Truncate(s string, w int) string {
	if w <= 0 {
		return ""
	}
	if Width(s) <= w {
		return s
	}
	return ansi.Truncate(s, w, "…")
}

// Fit makes s exactly w cells wide: truncated with "…" or padded with spaces.
func Fit(s string, w int) string {
	if w <= 0 {
		return ""
	}
	n := Width(s)
	if n > w {
		s = ansi.Truncate(s, w, "…")
		n = Width(s)
	}
	if pad := w - n; pad > 0 {
		s += strings.Repeat(" ", pad)
	}
	return s
}

// Width is lipgloss.Width (display cells, ANSI ignored) with a fast path for plain
// printable ASCII, which most cells and many whole lines are: every frame measures each
// line, and the grapheme walk is most of a keystroke's cost otherwise.
func Width(s string) int {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f {
			return lipgloss.Width(s)
		}
	}
	return len(s)
}

// FitLeft is Fit with the padding on the left, for numbers.
func FitLeft(s string, w int) string {
	s = Truncate(s, w)
	if pad := w - Width(s); pad > 0 {
		s = strings.Repeat(" ", pad) + s
	}
	return s
}

// Clamp makes a block exactly w×h cells: every line truncated (never wrapped) and padded,
// missing lines added and extra ones dropped. The root runs every pane through it, so a
// pane cannot break the layout whatever it draws.
func Clamp(s string, w, h int) string {
	if h <= 0 || w <= 0 {
		return ""
	}
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	for i, l := range lines {
		lines[i] = Fit(l, w)
	}
	return strings.Join(lines, "\n")
}

// Shrink narrows columns, widest first and never below their minimums, until they fit
// in avail cells; it returns the new widths. Panes use it to give the flexible column
// (a text excerpt) room on narrow terminals.
func Shrink(widths, mins []int, avail int) []int {
	out := append([]int(nil), widths...)
	total := 0
	for _, w := range out {
		total += w
	}
	for total > avail {
		widest := -1
		for i, w := range out {
			if w > mins[i] && (widest < 0 || w > out[widest]) {
				widest = i
			}
		}
		if widest < 0 {
			break
		}
		out[widest]--
		total--
	}
	return out
}

// Block pads every line of s to the width of the widest, so that placing it (centred,
// say) moves it as one block instead of centring each line on its own.
func Block(s string) string {
	lines := strings.Split(s, "\n")
	width := 0
	for _, l := range lines {
		width = max(width, lipgloss.Width(l))
	}
	for i, l := range lines {
		lines[i] = Fit(l, width)
	}
	return strings.Join(lines, "\n")
}
