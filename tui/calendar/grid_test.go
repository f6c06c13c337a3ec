package calendar

import (
	"testing"
	"time"

	"charm.land/lipgloss/v2"

	"github.com/chorus-social/chorus/social"
	"github.com/chorus-social/chorus/store"
)

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestMonthGridIsTheWeeksHoldingTheMonth(t *testing.T) {
	for _, tc := range []struct {
		day   time.Time
		from  time.Time
		weeks int
	}{
		{date(2026, 12, 17), date(2026, 11, 30), 5},
		{date(2026, 2, 1), date(2026, 1, 26), 5},  // February 2026 starts on a Sunday
		{date(2027, 2, 10), date(2027, 2, 1), 4},  // and 2027's on a Monday: four weeks
		{date(2026, 8, 31), date(2026, 7, 27), 6}, // August 2026 spans six
	} {
		from, days := monthGrid(tc.day)
		if !from.Equal(tc.from) || days != 7*tc.weeks || from.Weekday() != time.Monday {
			t.Errorf("monthGrid(%s) = %s + %d days, want %s + %d weeks", tc.day.Format(time.DateOnly),
				from.Format(time.DateOnly), days, tc.from.Format(time.DateOnly), tc.weeks)
		}
	}
}

func TestAddMonthsKeepsTheDayWhereTheMonthHasIt(t *testing.T) {
	for _, tc := range []struct {
		from time.Time
		n    int
		want time.Time
	}{
		{date(2027, 1, 31), 1, date(2027, 2, 28)},
		{date(2028, 1, 31), 1, date(2028, 2, 29)},
		{date(2026, 3, 31), -1, date(2026, 2, 28)},
		{date(2026, 12, 15), 1, date(2027, 1, 15)},
		{date(2026, 1, 15), -1, date(2025, 12, 15)},
	} {
		if got := addMonths(tc.from, tc.n); !got.Equal(tc.want) {
			t.Errorf("addMonths(%s, %d) = %s, want %s", tc.from.Format(time.DateOnly), tc.n, got.Format(time.DateOnly), tc.want.Format(time.DateOnly))
		}
	}
}

func TestSpanCovers(t *testing.T) {
	grid := span{client: "acme", from: date(2026, 11, 30), days: 35, perDay: 12}
	for _, tc := range []struct {
		want span
		ok   bool
	}{
		{span{client: "acme", from: date(2026, 11, 30), days: 35, perDay: 8}, true},
		{span{client: "acme", from: date(2026, 12, 7), days: 7, perDay: 12}, true},
		{span{client: "acme", from: date(2026, 12, 7), days: 7, perDay: 60}, false},
		{span{client: "acme", from: date(2026, 12, 28), days: 14, perDay: 8}, false},
		{span{client: "", from: date(2026, 11, 30), days: 35, perDay: 8}, false},
		{span{client: "acme", local: true, from: date(2026, 11, 30), days: 35, perDay: 8}, false},
	} {
		if got := grid.covers(tc.want); got != tc.ok {
			t.Errorf("covers(%+v) = %v", tc.want, got)
		}
	}
}

func TestGroupJoinsAPostsTargetsAtOneTimeAndStatus(t *testing.T) {
	at := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	row := func(id, post int64, due time.Time, st social.Status, p social.Platform) store.TargetRow {
		return store.TargetRow{Target: social.Target{ID: id, PostID: post, DueAt: due, Status: st}, Platform: p}
	}
	items := group([]store.TargetRow{
		row(1, 10, at, social.StatusScheduled, "bluesky"),
		row(2, 11, at, social.StatusScheduled, "demo"),
		row(3, 10, at, social.StatusScheduled, "mastodon"), // same post and time: joins 1
		row(4, 10, at, social.StatusFailed, "demo"),        // same post, another status
		row(5, 11, at, social.StatusScheduled, "demo"),     // two accounts of one platform
		row(6, 10, at.Add(time.Hour), social.StatusScheduled, "bluesky"),
	})
	if len(items) != 4 {
		t.Fatalf("%d items, want 4", len(items))
	}
	if got := tagsOf(items[0]); got != "bs ma" {
		t.Errorf("first item's marks %q", got)
	}
	if got := tagsOf(items[1]); got != "de×2" {
		t.Errorf("second item's marks %q", got)
	}
	if items[2].status() != social.StatusFailed || !items[3].due().Equal(at.Add(time.Hour)) {
		t.Errorf("items %+v", items)
	}
	d := &dayData{posts: 5, items: items}
	if d.more() != 3 {
		t.Errorf("more = %d, want the 3 posts not loaded", d.more())
	}
}

func TestClipNeverExceedsTheWidth(t *testing.T) {
	for _, s := range []string{"", "short", "a much longer line of plain text", "café ☕ crème", "日本語のテキストです", "👩‍👩‍👧 family", "e\u0301\u0301\u0301\u0301\u0301\u0301 marks"} {
		for n := range 14 {
			got, w := clip(s, n)
			if lw := lipgloss.Width(got); lw != w || w > n {
				t.Errorf("clip(%q, %d) = %q, %d cells (says %d)", s, n, got, lw, w)
			}
			if f := fit(s, n); lipgloss.Width(f) != n {
				t.Errorf("fit(%q, %d) = %q, %d cells", s, n, f, lipgloss.Width(f))
			}
		}
	}
}

func TestClientColoursAreStableAndOwnColoursWin(t *testing.T) {
	if clientColour("acme", "", true) != clientColour("acme", "", true) {
		t.Error("a client's derived colour changes")
	}
	if clientColour("acme", "", true) == clientColour("acme", "", false) {
		t.Error("the derived colour is the same on dark and light backgrounds")
	}
	distinct := map[any]bool{}
	for _, id := range []string{"acme", "globex", "initech", "bloom", "nova", "umbrella"} {
		distinct[clientColour(id, "", true)] = true
	}
	if len(distinct) < 4 {
		t.Errorf("six clients share %d colours", len(distinct))
	}
	if clientColour("acme", "#2f855a", true) != lipgloss.Color("#2f855a") {
		t.Error("the client's own colour is not used")
	}
	if clientColour("acme", "green", true) != clientColour("acme", "", true) {
		t.Error("a colour that is not hex is not ignored")
	}
}
