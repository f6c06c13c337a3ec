package tui

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"

	"github.com/chorus-social/chorus/store"
)

// TestCalendarGolden snapshots the three views with the fixed clock, the fixture with a
// post of every status, and queue slots for free slots and gaps.
// Regenerate with: go test ./tui -run TestCalendarGolden -update
func TestCalendarGolden(t *testing.T) {
	db := openStore(t)
	calendarFixture(t, db)
	slots := []store.QueueSlot{{Weekday: time.Wednesday, Minute: 600}, {Weekday: time.Friday, Minute: 17 * 60}}
	if err := db.SetQueueSlots(context.Background(), "acme-bsky", slots); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, view string
		w, h       int
		keys       []string
	}{
		{"Month", "month", 100, 30, nil},
		{"Week", "week", 100, 30, []string{"l", "l", "l", "j", "j", "j"}},
		{"Agenda", "agenda", 100, 30, []string{"j"}},
		{"Month80x24", "month", 80, 24, []string{"l", "l", "l"}},
		{"Day80x24", "month", 80, 24, []string{"l", "l", "l", "enter", "j", "j", "j", "j", "j", "j", "d"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := calendarApp(t, db, tc.w, tc.h, "", tc.view)
			drive(t, a, keys(tc.keys...)...)
			requireFits(t, a, tc.w, tc.h)
			golden.RequireEqual(t, plainFrame(a))
		})
	}
}

func TestCalendarFitsIn80x24InEveryState(t *testing.T) {
	db := openStore(t)
	calendarFixture(t, db)
	a := calendarApp(t, db, 80, 24, "", "month")
	check := func(what string) {
		t.Helper()
		t.Run(what, func(t *testing.T) { requireFits(t, a, 80, 24) })
	}
	for _, v := range []string{"month", "week", "agenda"} {
		setView(t, a, v)
		check(v)
		drive(t, a, press("z"))
		check(v + " local")
		drive(t, a, press("z"), press("?"))
		check(v + " full help")
		drive(t, a, press("?"))
	}
	goToDay(t, a, calendarDay)
	drive(t, a, press("enter"), press("j"), press("d"))
	check("delete prompt")
	drive(t, a, press("esc"), press("esc"))
	drive(t, a, runCmd(t, a.selectClient("acme")))
	check("one client")
}

// The calendar's keys fit beside the global ones at 80 columns: the short line keeps
// the pane's keys and "? help", "q quit"; the full help keeps every global column.
func TestCalendarHelpFitsIn80Columns(t *testing.T) {
	db := openStore(t)
	calendarFixture(t, db)
	a := calendarApp(t, db, 80, 24, "", "agenda")
	short := lastLine(frame(a))
	for _, want := range []string{"move", "v view", "enter open", "e edit", "space pause", "? help", "q quit"} {
		if !strings.Contains(short, want) {
			t.Errorf("short help lacks %q: %q", want, short)
		}
	}
	drive(t, a, press("?"))
	f := frame(a)
	for _, want := range []string{"hjkl ←↓↑→", "[/]", "today", "zone", "</>", "move a day", "pause/resume", "publish now",
		"delete", "shift+tab", "previous pane", "sync now", "q quit"} {
		if !strings.Contains(f, want) {
			t.Errorf("full help lacks %q:\n%s", want, f)
		}
	}
	requireFits(t, a, 80, 24)
	drive(t, a, press("?"), press("enter"))
	if short := lastLine(frame(a)); !strings.Contains(short, "esc back") || !strings.Contains(short, "q quit") {
		t.Errorf("open day help: %q", short)
	}
	drive(t, a, press("j"), press("j"), press("d")) // the winter blend: the post before is going out
	if short := lastLine(frame(a)); !strings.Contains(short, "y delete") || strings.Contains(short, "q quit") {
		t.Errorf("prompt help: %q", short)
	}
}
