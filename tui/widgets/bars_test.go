package widgets

import (
	"strings"
	"testing"
)

func TestHBarEighths(t *testing.T) {
	tests := []struct {
		value, max int64
		width      int
		want       string
	}{
		{8, 8, 4, "████"},
		{4, 8, 4, "██  "},
		{1, 8, 4, "▌   "},    // half a cell
		{1, 16, 4, "▎   "},   // a quarter
		{1, 1000, 4, "▏   "}, // tiny but not nothing
		{3, 8, 1, "▍"},
		{0, 8, 4, "    "},
		{-3, 8, 4, "    "},
		{5, 0, 3, "   "},
		{9, 8, 2, "██"}, // over the max: clipped
		{7, 8, 1, "▉"},
	}
	for _, tt := range tests {
		got := HBar(tt.value, tt.max, tt.width)
		if got != tt.want {
			t.Errorf("HBar(%d, %d, %d) = %q, want %q", tt.value, tt.max, tt.width, got, tt.want)
		}
		if Width(got) != tt.width {
			t.Errorf("HBar(%d, %d, %d) is %d cells", tt.value, tt.max, tt.width, Width(got))
		}
	}
}

func sampleBars() []Bar {
	return []Bar{
		{"Launch day! Our new spring collection is here", 1234},
		{"Behind the scenes", 870},
		{"Poll: which colour?", 455},
		{"Thanks for 10k", 120},
		{"Quiet Sunday", 3},
		{"Repost", 0},
		{"Late night", 1},
	}
}

func TestBarsGolden(t *testing.T) {
	got := Bars(sampleBars(), 40, 5, ChartStyles{})
	want := strings.Join([]string{
		"Launch day! … █████████████████████ 1.2k",
		"Behind the s… ██████████████▊        870",
		"Poll: which … ███████▊               455",
		"Thanks for 1… ██                     120",
		"+3 more                                 ",
	}, "\n")
	if got != want {
		t.Errorf("Bars at 40×5:\n%s\nwant\n%s", got, want)
	}
	checkBlock(t, "Bars", got, 40, 5)
	lines := strings.Split(got, "\n")
	if len(lines) != 5 || !strings.HasPrefix(lines[4], "+3 more") {
		t.Fatalf("Bars: want 4 bars and +3 more:\n%s", got)
	}
	for i, b := range sampleBars()[:4] {
		if !strings.HasSuffix(lines[i], Compact(b.Value)) {
			t.Errorf("Bars line %d %q does not end with its value %s", i, lines[i], Compact(b.Value))
		}
	}
}

func TestBarsAllShownScaledAndOrdered(t *testing.T) {
	bars := []Bar{{"small", 2}, {"big", 8}, {"none", 0}} // the order given, not sorted
	got := Bars(bars, 20, 10, ChartStyles{})
	want := strings.Join([]string{
		"small ███          2",
		"big   ████████████ 8",
		"none               0",
	}, "\n")
	if got != want {
		t.Errorf("Bars:\n%s\nwant\n%s", got, want)
	}
}

func TestBarsSmallSizes(t *testing.T) {
	bars := sampleBars()
	for w := 1; w <= 80; w++ {
		for _, h := range []int{1, 2, 3, 7, 8} {
			got := Bars(bars, w, h, ChartStyles{})
			checkBlock(t, "Bars", got, w, h)
			lines := strings.Split(got, "\n")
			if len(lines) != min(h, len(bars)) {
				t.Errorf("Bars(%d×%d): %d lines", w, h, len(lines))
			}
			if h < len(bars) && !strings.Contains(lines[len(lines)-1], "more") && w >= 7 {
				t.Errorf("Bars(%d×%d) last line %q, want +k more", w, h, lines[len(lines)-1])
			}
		}
	}
	if got := Bars(nil, 40, 5, ChartStyles{}); got != "" {
		t.Errorf("Bars(nil) = %q", got)
	}
	if got := Bars(sampleBars(), 40, 0, ChartStyles{}); got != "" {
		t.Errorf("Bars(height 0) = %q", got)
	}
}

func TestBarsReadWithoutColour(t *testing.T) {
	checkColourFree(t, "Bars", func(st ChartStyles) string { return Bars(sampleBars(), 40, 5, st) })
}
