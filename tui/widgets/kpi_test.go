package widgets

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/chorus-social/chorus/tui/theme"
)

// checkBlock fails unless every line of s is exactly width cells and there are at most
// maxLines lines.
func checkBlock(t *testing.T, name, s string, width, maxLines int) {
	t.Helper()
	lines := strings.Split(s, "\n")
	if len(lines) > maxLines {
		t.Errorf("%s: %d lines, want at most %d:\n%s", name, len(lines), maxLines, s)
	}
	for i, l := range lines {
		if w := Width(l); w != width {
			t.Errorf("%s: line %d is %d cells, want %d: %q", name, i, w, width, l)
		}
	}
}

// checkColourFree fails unless the themed drawing, stripped of colour, is the plain one
// (so nothing is said in colour alone), in both themes, and the theme did add colour.
func checkColourFree(t *testing.T, name string, draw func(ChartStyles) string) {
	t.Helper()
	plain := draw(ChartStyles{})
	if plain != ansi.Strip(plain) {
		t.Fatalf("%s: the zero styles drew escapes: %q", name, plain)
	}
	for _, dark := range []bool{true, false} {
		styled := draw(ChartStylesFrom(theme.New(dark)))
		if styled == plain {
			t.Errorf("%s (dark %v): the theme added no styling", name, dark)
		}
		if got := ansi.Strip(styled); got != plain {
			t.Errorf("%s (dark %v): without colour it reads\n%s\nwant\n%s", name, dark, got, plain)
		}
	}
}

func TestCompact(t *testing.T) {
	for n, want := range map[int64]string{
		0: "0", 7: "7", 999: "999", 1000: "1k", 1234: "1.2k", 12345: "12.3k", 99_949: "99.9k",
		99_950: "100k", 123_456: "123k", 999_499: "999k", 999_500: "1M", 1_234_567: "1.2M",
		12_000_000: "12M", 4_500_000_000: "4.5B", -12345: "−12.3k",
	} {
		if got := Compact(n); got != want {
			t.Errorf("Compact(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestTrend(t *testing.T) {
	tests := []struct {
		now, prev float64
		have      bool
		want      string
		dir       Direction
	}{
		{110, 100, true, "▲ 10%", Rise},
		{100, 110, true, "▼ 9.1%", Fall},
		{103.4, 100, true, "▲ 3.4%", Rise},
		{100, 100, true, "= 0%", Same},
		{100.01, 100, true, "= 0%", Same}, // rounds to nothing
		{0, 0, true, "= 0%", Same},
		{5, 0, true, "new", Fresh},
		{-5, 0, true, "▼ new", Fall},
		{5, 100, false, "n/a", Unknown},
		{5000, 1, true, "▲ >999%", Rise},
		{-50, -100, true, "▲ 50%", Rise}, // a negative base: the sign of the move counts
	}
	for _, tt := range tests {
		got, dir := Trend(tt.now, tt.prev, tt.have)
		if got != tt.want || dir != tt.dir {
			t.Errorf("Trend(%v, %v, %v) = %q, %v; want %q, %v", tt.now, tt.prev, tt.have, got, dir, tt.want, tt.dir)
		}
	}
}

func sampleCards() []KPI {
	return []KPI{
		{Title: "Followers", Value: Compact(12345), Now: 12345, Prev: 11900, HavePrev: true},
		{Title: "Engagement", Value: Compact(4321), Now: 4321, Prev: 4800, HavePrev: true},
		{Title: "Eng. rate", Value: "3.2%", Now: 3.2, Prev: 3.2, HavePrev: true, Basis: "per impression"},
		{Title: "Posts", Value: "14", Now: 14, Prev: 0, HavePrev: true},
		{Title: "Unfollows", Value: "31", Now: 31, Prev: 40, HavePrev: true, LowerIsBetter: true},
	}
}

func TestKPICardsGolden(t *testing.T) {
	got := KPICards(sampleCards(), 80, 6, ChartStyles{})
	want := strings.Join([]string{
		"│ Followers     │ Engagement    │ Eng. rate     │ Posts         │ Unfollows     ",
		"│ 12.3k ▲ 3.7%  │ 4.3k ▼ 10%    │ 3.2% = 0%     │ 14 new        │ 31 ▼ 23%      ",
		"│               │               │ per impression│               │               ",
	}, "\n")
	if got != want {
		t.Errorf("KPICards at 80:\n%s\nwant\n%s", got, want)
	}
}

func TestKPICardsShrinkWrapThenDrop(t *testing.T) {
	cards := sampleCards()
	tests := []struct {
		width, height int
		rows          int      // card rows drawn
		firstTitles   []string // the titles on the first row, in order
	}{
		{80, 6, 1, []string{"Followers", "Engagement", "Eng. rate", "Posts", "Unfollows"}},
		{75, 6, 1, []string{"Followers", "Engagement", "Eng. rate", "Posts", "Unfollows"}}, // shrunk
		{60, 6, 2, []string{"Followers", "Engagement", "Eng. rate"}},                       // wrapped
		{60, 3, 1, []string{"Followers", "Engagement", "Eng. rate", "Posts"}},              // one row allowed: dropped the last
		{40, 6, 2, []string{"Followers", "Engagement"}},                                    // wrapped and dropped
		{16, 6, 2, []string{"Followers"}},
	}
	for _, tt := range tests {
		got := KPICards(cards, tt.width, tt.height, ChartStyles{})
		checkBlock(t, "KPICards", got, tt.width, tt.height)
		lines := strings.Split(got, "\n")
		if len(lines) != tt.rows*CardHeight {
			t.Errorf("KPICards(%d×%d): %d lines, want %d rows:\n%s", tt.width, tt.height, len(lines), tt.rows, got)
			continue
		}
		var titles []string
		for _, f := range strings.Split(lines[0], "│")[1:] {
			titles = append(titles, strings.TrimSpace(f))
		}
		if strings.Join(titles, ",") != strings.Join(tt.firstTitles, ",") {
			t.Errorf("KPICards(%d×%d) first row %q, want %q:\n%s", tt.width, tt.height, titles, tt.firstTitles, got)
		}
		// A value and its change are never cut.
		if !strings.Contains(got, "12.3k ▲ 3.7%") {
			t.Errorf("KPICards(%d×%d) cut the first card's figures:\n%s", tt.width, tt.height, got)
		}
	}
}

func TestKPICardsEdges(t *testing.T) {
	cards := sampleCards()
	for _, tc := range []struct{ w, h int }{{0, 6}, {80, 2}, {80, 0}} {
		if got := KPICards(cards, tc.w, tc.h, ChartStyles{}); got != "" {
			t.Errorf("KPICards(%d×%d) = %q, want nothing", tc.w, tc.h, got)
		}
	}
	if got := KPICards(nil, 80, 6, ChartStyles{}); got != "" {
		t.Errorf("KPICards(no cards) = %q", got)
	}
	// Narrower than any card: the first, cut to fit, still exactly the width.
	for w := 1; w <= 12; w++ {
		checkBlock(t, "KPICards narrow", KPICards(cards, w, 6, ChartStyles{}), w, CardHeight)
	}
	// Untrusted titles: no control characters, one line, wide runes counted right.
	odd := []KPI{{Title: "日本語\x1b[31m\nの", Value: "☕ 5", Basis: "per\tfollower"}}
	got := KPICards(odd, 30, 3, ChartStyles{})
	checkBlock(t, "KPICards wide runes", got, 30, 3)
	if strings.Contains(got, "\x1b") || !strings.Contains(got, "n/a") {
		t.Errorf("KPICards odd = %q", got)
	}
}

func TestKPICardsReadWithoutColour(t *testing.T) {
	checkColourFree(t, "KPICards", func(st ChartStyles) string { return KPICards(sampleCards(), 80, 6, st) })
	checkColourFree(t, "KPICards wrapped", func(st ChartStyles) string { return KPICards(sampleCards(), 44, 6, st) })
}
