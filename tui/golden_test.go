package tui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
)

// plainFrame is the frame without colour and without trailing blanks, so golden files
// read like the screen and survive editors that trim lines.
func plainFrame(a *App) string {
	lines := strings.Split(ansi.Strip(a.View().Content), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.Join(lines, "\n") + "\n"
}

// TestGolden snapshots each screen at 100×30 with the fixed clock and fixture data.
// Regenerate with: go test ./tui -run TestGolden -update
func TestGolden(t *testing.T) {
	db := openStore(t)
	fixture(t, db)
	panes := []struct{ name, key string }{{"Calendar", "1"}, {"Inbox", "2"}, {"Metrics", "3"}}
	for _, p := range panes {
		t.Run(p.name, func(t *testing.T) {
			a := newApp(t, Deps{DB: db})
			start(t, a, 100, 30)
			drive(t, a, press(p.key), press("j"))
			golden.RequireEqual(t, plainFrame(a))
		})
	}
	t.Run("ClientSwitcher", func(t *testing.T) {
		a := newApp(t, Deps{DB: db})
		start(t, a, 100, 30)
		drive(t, a, press("c"))
		golden.RequireEqual(t, plainFrame(a))
	})
	t.Run("FullHelp", func(t *testing.T) {
		a := newApp(t, Deps{DB: db})
		start(t, a, 100, 30)
		drive(t, a, press("2"), press("?"))
		golden.RequireEqual(t, plainFrame(a))
	})
	// Triage, on a database of its own since it writes: a label on a row, two rows
	// selected, and the snooze prompt reading its input back.
	t.Run("InboxTriage", func(t *testing.T) {
		db := openStore(t)
		fixture(t, db)
		a := newApp(t, Deps{DB: db})
		start(t, a, 100, 30)
		drive(t, a, press("2"), press("j"), press("t"))
		drive(t, a, typing("urgent")...)
		drive(t, a, press("enter"), press("x"), press("x"), press("s"))
		drive(t, a, typing("+2h")...)
		golden.RequireEqual(t, plainFrame(a))
	})
	t.Run("InboxTriage80x24", func(t *testing.T) {
		db := openStore(t)
		fixture(t, db)
		a := newApp(t, Deps{DB: db})
		start(t, a, 80, 24)
		drive(t, a, press("2"), press("t"))
		drive(t, a, typing("vip")...)
		drive(t, a, press("enter"), press("j"), press("e"), press("j"), press("x"))
		golden.RequireEqual(t, plainFrame(a))
	})
	// Search over all history, with a done match and a filter on.
	t.Run("InboxSearch", func(t *testing.T) {
		db := openStore(t)
		fixture(t, db)
		a := newApp(t, Deps{DB: db})
		start(t, a, 100, 30)
		drive(t, a, press("2"), press("e"), press("f"), press("m"), press("enter"), press("/"))
		drive(t, a, typing("coffee")...)
		drive(t, a, press("enter"))
		golden.RequireEqual(t, plainFrame(a))
	})
	t.Run("InboxFilterMenu80x24", func(t *testing.T) {
		a := newApp(t, Deps{DB: db})
		start(t, a, 80, 24)
		drive(t, a, press("2"), press("f"), press("m"), press("d"))
		golden.RequireEqual(t, plainFrame(a))
	})
	t.Run("InboxReply", func(t *testing.T) {
		db := openStore(t)
		fixture(t, db)
		a := newApp(t, Deps{DB: db, Counter: fakeCounter(300)})
		start(t, a, 100, 30)
		drive(t, a, press("2"), press("j"), press("j"), press("r"))
		drive(t, a, typing("Thanks! Our wholesale team will write to you today.")...)
		golden.RequireEqual(t, plainFrame(a))
	})
	t.Run("InboxThread", func(t *testing.T) {
		db := openStore(t) // opening a thread marks the item read
		fixture(t, db)
		a := newApp(t, Deps{DB: db})
		start(t, a, 100, 30)
		drive(t, a, press("2"), press("j"), press("enter"))
		golden.RequireEqual(t, plainFrame(a))
	})
	t.Run("Welcome", func(t *testing.T) {
		a := newApp(t, Deps{DB: openStore(t), FirstRun: true})
		start(t, a, 100, 30)
		golden.RequireEqual(t, plainFrame(a))
	})
}
