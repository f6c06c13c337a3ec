package widgets

import (
	"strings"
	"testing"
	"time"

	"charm.land/lipgloss/v2"
)

func TestSparklineScalesToEightLevelsInExactWidth(t *testing.T) {
	tests := []struct {
		values []int64
		ok     []bool
		width  int
		want   string
	}{
		{[]int64{0, 1, 2, 3, 4, 5, 6, 7}, nil, 8, "▁▂▃▄▅▆▇█"},
		{[]int64{7, 0}, nil, 2, "█▁"},
		{[]int64{5, 5, 5}, nil, 3, "▁▁▁"},                       // flat: lowest
		{[]int64{1, 2}, nil, 4, "▁▁██"},                         // fewer values than cells
		{[]int64{0, 9, 0, 5}, nil, 2, "█▁"},                     // the last value of each cell wins
		{[]int64{0, 4, 8}, []bool{false, true, true}, 3, " ▁█"}, // missing is blank
		{nil, nil, 4, "    "},
	}
	for _, tt := range tests {
		got := Sparkline(tt.values, tt.ok, tt.width)
		if got != tt.want {
			t.Errorf("Sparkline(%v, %v, %d) = %q, want %q", tt.values, tt.ok, tt.width, got, tt.want)
		}
		if w := lipgloss.Width(got); w != tt.width {
			t.Errorf("Sparkline(%v) is %d cells, want %d", tt.values, w, tt.width)
		}
	}
}

func TestAgeIsCompact(t *testing.T) {
	for d, want := range map[time.Duration]string{
		10 * time.Second: "now", 3 * time.Minute: "3m", 59 * time.Minute: "59m", 2 * time.Hour: "2h",
		25 * time.Hour: "1d", 5 * 24 * time.Hour: "5d", 400 * 24 * time.Hour: "1y",
	} {
		if got := Age(d); got != want {
			t.Errorf("Age(%v) = %q, want %q", d, got, want)
		}
	}
}

func TestCountAndChange(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 999: "999", 1000: "1,000", 1234567: "1,234,567", -4321: "−4,321"} {
		if got := Count(n); got != want {
			t.Errorf("Count(%d) = %q, want %q", n, got, want)
		}
	}
	for d, want := range map[int64]string{120: "+120", -4: "−4", 0: "±0"} {
		if got := Change(d); got != want {
			t.Errorf("Change(%d) = %q, want %q", d, got, want)
		}
	}
}

func TestFitAndClampNeverExceedTheWidth(t *testing.T) {
	for _, s := range []string{"", "short", "a rather long line of text", "emoji ☕☕☕☕ wide", "日本語のテキスト"} {
		for w := 1; w < 30; w++ {
			if got := lipgloss.Width(Fit(s, w)); got != w {
				t.Errorf("Fit(%q, %d) is %d cells", s, w, got)
			}
		}
	}
	block := Clamp("one\ntwo that is much too long\nthree\nfour", 10, 3)
	lines := strings.Split(block, "\n")
	if len(lines) != 3 || lines[1] != "two that …" {
		t.Errorf("Clamp = %q", lines)
	}
}

func TestShrinkNarrowsWidestFirstDownToMinimums(t *testing.T) {
	got := Shrink([]int{10, 20, 5}, []int{4, 8, 5}, 25)
	if got[0]+got[1]+got[2] != 25 || got[2] != 5 || got[1] < got[0] {
		t.Errorf("Shrink = %v", got)
	}
	got = Shrink([]int{10, 20}, []int{8, 15}, 5)
	if got[0] != 8 || got[1] != 15 {
		t.Errorf("Shrink below minimums = %v, want [8 15]", got)
	}
}

func TestListWindowKeepsCursorVisible(t *testing.T) {
	var l List
	one := func(int) int { return 1 }
	l.Cursor = 15
	if s, e := l.Window(100, 10, one); s != 6 || e != 16 {
		t.Errorf("down to 15: window [%d,%d), want [6,16)", s, e)
	}
	l.Cursor = 3
	if s, e := l.Window(100, 10, one); s != 3 || e != 13 {
		t.Errorf("up to 3: window [%d,%d), want [3,13)", s, e)
	}
	// Rows of two lines: fewer fit.
	two := func(int) int { return 2 }
	l = List{Cursor: 9}
	if s, e := l.Window(20, 10, two); s != 5 || e != 10 {
		t.Errorf("tall rows: window [%d,%d), want [5,10)", s, e)
	}
	l.Move(100, 20)
	if l.Cursor != 19 {
		t.Errorf("Move past the end: cursor %d", l.Cursor)
	}
}

func TestCleanDropsTerminalControlFromNetworkText(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"plain text ☕", "plain text ☕"},
		{"red \x1b[31malert\x1b[0m", "red alert"},
		{"clip \x1b]52;c;ZXZpbA==\x07board", "clip board"},
		{"bell\x07 and C1 \u009b31m", "bell and C1 31m"},
		{"two\nlines\tand tab", "two\nlines and tab"},
		{"erase \x1b[2J\x1b[Hscreen", "erase screen"},
	} {
		if got := Clean(tc.in); got != tc.want {
			t.Errorf("Clean(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	if got := OneLine("a\x1b[1m\nb"); got != "a b" {
		t.Errorf("OneLine = %q", got)
	}
}

func TestWidthAgreesWithLipgloss(t *testing.T) {
	for _, s := range []string{"", "plain", "a\tb", "two\nlines here", "café", "☕ coffee", "日本語",
		"\x1b[31mred\x1b[0m", "👩🏽‍💻 dev", "~!@#$%^&*()_+{}|:<>?"} {
		if got, want := Width(s), lipgloss.Width(s); got != want {
			t.Errorf("Width(%q) = %d, lipgloss.Width = %d", s, got, want)
		}
	}
}
