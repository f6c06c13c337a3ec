package tui

import (
	"bytes"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"
)

// TestProgramRunsEndToEnd runs the app in a real Bubble Tea program (no terminal): the
// first frame shows the store's data, keys switch pane and client, q quits. What each
// screen holds is checked by the model tests; output here arrives as screen diffs, so
// only text that is drawn fresh is waited for.
func TestProgramRunsEndToEnd(t *testing.T) {
	db := openStore(t)
	fixture(t, db)
	a := New(Deps{DB: db, Now: clock, Theme: "dark"})
	tm := teatest.NewTestModel(t, a, teatest.WithInitialTermSize(100, 30),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.Ascii)))
	waitFor := func(text string) {
		t.Helper()
		teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
			return bytes.Contains([]byte(ansi.Strip(string(b))), []byte(text))
		}, teatest.WithDuration(10*time.Second), teatest.WithCheckInterval(20*time.Millisecond))
	}
	waitFor("Our winter blend")
	tm.Send(press("2"))
	waitFor("latte.lover")
	tm.Send(press("c"))
	tm.Type("glob")
	tm.Send(press("enter"))
	waitFor("2 open") // the status bar's counter for one client
	tm.Send(press("q"))
	final, ok := tm.FinalModel(t, teatest.WithFinalTimeout(10*time.Second)).(*App)
	if !ok {
		t.Fatal("final model is not *App")
	}
	if final.active != paneInbox || final.clientID != "globex" || !final.quitting {
		t.Errorf("final: pane %d, client %q, quitting %v", final.active, final.clientID, final.quitting)
	}
}
