package widgets

import (
	"math"
	"strings"
	"testing"
)

// sampleHeat has engagement from 08:00 to 21:59 and a clear best hour, Tuesday 9–10.
func sampleHeat() Heat {
	var h Heat
	for d := range 7 {
		for hr := 8; hr <= 21; hr++ {
			h[d][hr] = float64((hr*7+d*13)%40 + d)
		}
	}
	h[1][9] = 60
	return h
}

func TestHeatmapGolden(t *testing.T) {
	got := Heatmap(sampleHeat(), 40, HeatmapHeight, ChartStyles{})
	want := strings.Join([]string{
		"    0  3  6  9  12 15 18 21             ",
		"Mon ········▒▒▒▓░░▒▒▓▓░░▒▒··            ",
		"Tue ········▒★░░▒▒▓▓░░▒▒▓░··            ",
		"Wed ········░░▒▒▓▓░░▒▒▓▓░░··            ",
		"Thu ········▒▒▓▓░░▒▒▓▓░░▒▒··            ",
		"Fri ········▓▓░░▒▒▓▓░░▒▒▓▓··            ",
		"Sat ········░░▒▒▓▓░░▒▒▓▓░▒··            ",
		"Sun ········▒▒▓▓░░▒▒▓▓░▒▒▓··            ",
		"· none ░▒▓█ most  ★ best Tue 09-10 (60) ",
	}, "\n")
	if got != want {
		t.Errorf("Heatmap at 40:\n%s\nwant\n%s", got, want)
	}
}

func TestHeatmapLevelsAndBest(t *testing.T) {
	var h Heat
	copy(h[0][:], []float64{0, 1, 2, 3, 4, 5, 6, 7, 8})
	h[6][23] = 8 // a tie for best
	h[2][0] = math.NaN()
	h[2][1] = -5
	h[2][2] = math.Inf(1)
	got := strings.Split(Heatmap(h, 28, HeatmapHeight, ChartStyles{}), "\n")
	// A quarter of the max or less is ░, half ▒, three quarters ▓, more █, the max ★.
	if want := "Mon ·░░▒▒▓▓█★···············"; got[1] != want {
		t.Errorf("Monday  %q\nwant     %q", got[1], want)
	}
	if want := "Wed ························"; got[3] != want {
		t.Errorf("junk values should read as none: %q", got[3])
	}
	if !strings.HasSuffix(got[7], "★") {
		t.Errorf("Sunday 23h should be best too: %q", got[7])
	}
	if want := "★ best Mon 08-09 +1 (8)"; !strings.Contains(got[8], want) && !strings.Contains(got[8], "★ Mon 08-09 +1 (8)") {
		t.Errorf("legend %q, want the best cells named", got[8])
	}

	var none Heat
	lines := strings.Split(Heatmap(none, 40, HeatmapHeight, ChartStyles{}), "\n")
	if strings.Contains(strings.Join(lines, ""), "★") || !strings.Contains(lines[8], "no engagement") {
		t.Errorf("empty heatmap:\n%s", strings.Join(lines, "\n"))
	}
}

func TestHeatmapColumnsFollowTheWidth(t *testing.T) {
	tests := []struct {
		width int
		axis  string
	}{
		{80, "    0  1  2  3  4  5  6  7  8  9  10 11 12 13 14 15 16 17 18 19 20 21 22 23"},
		{52, "    0   2   4   6   8   10  12  14  16  18  20  22"},
		{28, "    0  3  6  9  12 15 18 21"},
		{27, "    0  6  12 18"}, // two-hour columns
		{16, "    0  6  12 18"},
		{12, "    0   12"}, // three-hour columns
		{10, "    0  12"},  // four-hour columns
	}
	for _, tt := range tests {
		got := Heatmap(sampleHeat(), tt.width, HeatmapHeight, ChartStyles{})
		checkBlock(t, "Heatmap", got, tt.width, HeatmapHeight)
		lines := strings.Split(got, "\n")
		if len(lines) != HeatmapHeight {
			t.Errorf("Heatmap(%d): %d lines", tt.width, len(lines))
			continue
		}
		if a := strings.TrimRight(lines[0], " "); a != tt.axis {
			t.Errorf("Heatmap(%d) axis %q, want %q", tt.width, a, tt.axis)
		}
		for d, l := range lines[1:8] {
			if !strings.HasPrefix(l, Weekdays[d]+" ") {
				t.Errorf("Heatmap(%d) row %d %q", tt.width, d, l)
			}
		}
		// The best column moves with the bucket (a mean of its hours), but is always named.
		if strings.Count(got, "★") < 2 || !strings.Contains(lines[8], "★ ") {
			t.Errorf("Heatmap(%d) lost the best cell:\n%s", tt.width, got)
		}
	}
	// A two-hour column is the mean of its hours: Tuesday 8–10 holds the best.
	two := strings.Split(Heatmap(sampleHeat(), 27, HeatmapHeight, ChartStyles{}), "\n")
	if !strings.Contains(two[8], "Tue 08-10") {
		t.Errorf("two-hour legend %q, want Tue 08-10", two[8])
	}
	if got := Heatmap(sampleHeat(), 10, HeatmapHeight, ChartStyles{}); !strings.HasSuffix(got, "★ Sat 16h ") {
		t.Errorf("narrowest legend: %q", got)
	}
	if got := Heatmap(sampleHeat(), 7, HeatmapHeight, ChartStyles{}); !strings.Contains(got, "too") || Width(got) != 7 {
		t.Errorf("too narrow: %q", got)
	}
}

func TestHeatmapShortHeights(t *testing.T) {
	for h := 1; h <= 10; h++ {
		got := Heatmap(sampleHeat(), 40, h, ChartStyles{})
		checkBlock(t, "Heatmap", got, 40, h)
		lines := strings.Split(got, "\n")
		switch {
		case h >= HeatmapHeight:
			if len(lines) != HeatmapHeight {
				t.Errorf("height %d: %d lines", h, len(lines))
			}
		case h == HeatmapHeight-1: // no legend
			if len(lines) != 8 || !strings.HasPrefix(lines[0], "    0") || !strings.HasPrefix(lines[7], "Sun") {
				t.Errorf("height %d:\n%s", h, got)
			}
		default: // no axis, days from Monday
			if len(lines) != min(h, 7) || !strings.HasPrefix(lines[0], "Mon") {
				t.Errorf("height %d:\n%s", h, got)
			}
		}
	}
	if got := Heatmap(sampleHeat(), 0, 9, ChartStyles{}); got != "" {
		t.Errorf("width 0: %q", got)
	}
}

func TestHeatmapReadsWithoutColour(t *testing.T) {
	checkColourFree(t, "Heatmap", func(st ChartStyles) string { return Heatmap(sampleHeat(), 80, HeatmapHeight, st) })
	checkColourFree(t, "Heatmap narrow", func(st ChartStyles) string { return Heatmap(sampleHeat(), 24, HeatmapHeight, st) })
}
