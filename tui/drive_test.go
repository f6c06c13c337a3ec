package tui

import (
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// drive feeds msgs to the app and runs every command it returns synchronously, feeding
// their messages back, until nothing is left: the Bubble Tea loop without a terminal.
// Batches are flattened and sequences run in order. Timers (tea.Tick, tea.Every, cursor
// blinks) are not run: they only wait, and would loop forever.
func drive(t testing.TB, a *App, msgs ...tea.Msg) {
	t.Helper()
	queue := append([]tea.Msg(nil), msgs...)
	for steps := 0; len(queue) > 0; steps++ {
		if steps > 10000 {
			t.Fatal("drive: more than 10000 messages; a command loop?")
		}
		msg := queue[0]
		queue = queue[1:]
		switch m := msg.(type) {
		case nil, tea.QuitMsg:
			continue
		case tea.BatchMsg:
			for _, c := range m {
				queue = append(queue, runCmd(t, c))
			}
			continue
		}
		if cmds, ok := sequence(msg); ok {
			for _, c := range cmds {
				queue = append(queue, runCmd(t, c))
			}
			continue
		}
		_, cmd := a.Update(msg)
		queue = append(queue, runCmd(t, cmd))
	}
}

// sequence unpacks tea's unexported sequenceMsg.
func sequence(msg tea.Msg) ([]tea.Cmd, bool) {
	v := reflect.ValueOf(msg)
	if v.Kind() != reflect.Slice || v.Type().Name() != "sequenceMsg" {
		return nil, false
	}
	cmds := make([]tea.Cmd, v.Len())
	for i := range cmds {
		cmds[i], _ = v.Index(i).Interface().(tea.Cmd)
	}
	return cmds, true
}

// isTimer reports whether cmd only waits for a clock: recognised by the function that
// made it, since a Cmd is an opaque func.
func isTimer(cmd tea.Cmd) bool {
	name := runtime.FuncForPC(reflect.ValueOf(cmd).Pointer()).Name()
	return strings.HasPrefix(name, "charm.land/bubbletea/v2.Tick.") ||
		strings.HasPrefix(name, "charm.land/bubbletea/v2.Every.") ||
		strings.Contains(name, "/cursor.(*Model).Blink.")
}

func runCmd(t testing.TB, cmd tea.Cmd) tea.Msg {
	t.Helper()
	if cmd == nil || isTimer(cmd) {
		return nil
	}
	done := make(chan tea.Msg, 1)
	go func() { done <- cmd() }()
	select {
	case msg := <-done:
		return msg
	case <-time.After(10 * time.Second):
		t.Fatalf("a command did not return in 10s: %s", runtime.FuncForPC(reflect.ValueOf(cmd).Pointer()).Name())
		return nil
	}
}

// start sizes the app and runs its Init, as a program would.
func start(t testing.TB, a *App, w, h int) {
	t.Helper()
	drive(t, a, tea.WindowSizeMsg{Width: w, Height: h})
	drive(t, a, runCmd(t, a.Init()))
}

// newApp builds an app on db with the fixed clock.
func newApp(t testing.TB, d Deps) *App {
	t.Helper()
	if d.Now == nil {
		d.Now = clock
	}
	a := New(d)
	t.Cleanup(func() { a.cancel() })
	return a
}

// press returns the key message a terminal sends for a key name ("j", "enter",
// "shift+tab", "ctrl+c").
func press(k string) tea.KeyPressMsg {
	named := map[string]tea.KeyPressMsg{
		"enter":     {Code: tea.KeyEnter},
		"esc":       {Code: tea.KeyEscape},
		"tab":       {Code: tea.KeyTab},
		"shift+tab": {Code: tea.KeyTab, Mod: tea.ModShift},
		"up":        {Code: tea.KeyUp},
		"down":      {Code: tea.KeyDown},
		"backspace": {Code: tea.KeyBackspace},
		"space":     {Code: tea.KeySpace, Text: " "},
		"ctrl+c":    {Code: 'c', Mod: tea.ModCtrl},
	}
	if m, ok := named[k]; ok {
		return m
	}
	r := []rune(k)
	if len(r) != 1 {
		panic("press: unknown key " + k)
	}
	return tea.KeyPressMsg{Code: r[0], Text: k}
}

// keys turns key names into messages.
func keys(names ...string) []tea.Msg {
	out := make([]tea.Msg, len(names))
	for i, n := range names {
		out[i] = press(n)
	}
	return out
}

// typing turns text into one key message per character.
func typing(s string) []tea.Msg {
	var out []tea.Msg
	for _, r := range s {
		out = append(out, tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	return out
}

// frame is the rendered frame without colour.
func frame(a *App) string { return ansi.Strip(a.View().Content) }

// requireFits fails unless every line of the frame fits w×h.
func requireFits(t testing.TB, a *App, w, h int) {
	t.Helper()
	content := a.View().Content
	lines := strings.Split(content, "\n")
	if len(lines) > h {
		t.Errorf("frame has %d lines, want at most %d", len(lines), h)
	}
	for i, l := range lines {
		if lw := lipgloss.Width(l); lw > w {
			t.Errorf("line %d is %d cells wide, want at most %d: %q", i, lw, w, ansi.Strip(l))
		}
	}
}
