package composer

import (
	"context"
	"os/exec"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // client zones resolve the same on every machine

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/chorus-social/chorus/platforms/text"
	"github.com/chorus-social/chorus/social"
	"github.com/chorus-social/chorus/store"
	"github.com/chorus-social/chorus/tui/pane"
	"github.com/chorus-social/chorus/tui/theme"
)

// fixedNow is the tests' clock: Tuesday 1 December 2026, noon UTC (13:00 in Berlin).
var fixedNow = time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)

// counters are the real rules of the platforms the tests post to.
func counters(p social.Platform) (func(string) int, int) {
	switch p {
	case "bluesky":
		return text.BlueskyCount, 300
	case "mastodon":
		return text.MastodonCount, 500
	case "x":
		return text.XCount, 280
	}
	return nil, 0
}

// openDB opens a database with client acme (Berlin) and its accounts on Bluesky,
// Mastodon and X, and client globex (New York) with one account.
func openDB(t *testing.T, acme social.Client) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "chorus.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	ctx := context.Background()
	acme.ID, acme.Name, acme.TZ = "acme", "Acme Coffee", "Europe/Berlin"
	for _, c := range []social.Client{acme, {ID: "globex", Name: "Globex", TZ: "America/New_York"}} {
		if err := db.PutClient(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	for _, a := range []social.Account{
		{ID: "acme-bsky", ClientID: "acme", Platform: "bluesky", Handle: "acme.bsky.social"},
		{ID: "acme-masto", ClientID: "acme", Platform: "mastodon", Handle: "acme@mastodon.social"},
		{ID: "acme-x", ClientID: "acme", Platform: "x", Handle: "acmecoffee"},
		{ID: "globex-bsky", ClientID: "globex", Platform: "bluesky", Handle: "globex.bsky.social"},
	} {
		if err := db.PutAccount(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	return db
}

// harness runs a composer as a Bubble Tea program would, synchronously: commands run
// and their messages come back, until none is left.
type harness struct {
	t      *testing.T
	m      *Model
	db     *store.DB
	styles theme.Styles
	saved  []SavedMsg // what the root would have been told
	timers []tea.Cmd  // debounce ticks started, not run
	now    time.Time
}

func newHarness(t *testing.T, db *store.DB, opt Options, req Request) *harness {
	t.Helper()
	h := &harness{t: t, db: db, styles: theme.New(true), now: fixedNow}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	env := pane.Env{Ctx: ctx, Styles: &h.styles, Now: func() time.Time { return h.now }}
	if opt.Counter == nil {
		opt.Counter = counters
	}
	if opt.Exec == nil {
		// The editor runs at once, with no terminal to hand over.
		opt.Exec = func(c *exec.Cmd, fn tea.ExecCallback) tea.Cmd {
			return func() tea.Msg { return fn(c.Run()) }
		}
	}
	m, cmd := New(db, env, opt, req)
	h.m = m
	m.SetSize(100, 26)
	h.run(cmd)
	return h
}

// run runs cmds and feeds their messages back, flattening batches and sequences.
func (h *harness) run(cmds ...tea.Cmd) {
	h.t.Helper()
	queue := append([]tea.Cmd(nil), cmds...)
	for steps := 0; len(queue) > 0; steps++ {
		if steps > 10000 {
			h.t.Fatal("more than 10000 commands: a loop?")
		}
		cmd := queue[0]
		queue = queue[1:]
		if cmd == nil {
			continue
		}
		if timer(cmd) {
			h.timers = append(h.timers, cmd)
			continue
		}
		queue = append(queue, h.deliver(cmd())...)
	}
}

// deliver hands msg to the composer (or, for a SavedMsg, to the root's record).
func (h *harness) deliver(msg tea.Msg) []tea.Cmd {
	switch msg := msg.(type) {
	case nil:
		return nil
	case tea.BatchMsg:
		return msg
	case SavedMsg:
		h.saved = append(h.saved, msg)
		return nil
	}
	if v := reflect.ValueOf(msg); v.Kind() == reflect.Slice && v.Type().Name() == "sequenceMsg" {
		cmds := make([]tea.Cmd, v.Len())
		for i := range cmds {
			cmds[i], _ = v.Index(i).Interface().(tea.Cmd)
		}
		return cmds
	}
	return []tea.Cmd{h.m.Update(msg)}
}

// timer reports whether cmd only waits for a clock (a debounce tick or a cursor blink).
func timer(cmd tea.Cmd) bool {
	name := runtime.FuncForPC(reflect.ValueOf(cmd).Pointer()).Name()
	return strings.HasPrefix(name, "charm.land/bubbletea/v2.Tick.") || strings.Contains(name, "/cursor.(*Model).Blink.")
}

// fire runs the debounce ticks started so far, waiting them out.
func (h *harness) fire() {
	h.t.Helper()
	ts := h.timers
	h.timers = nil
	for _, c := range ts {
		if name := runtime.FuncForPC(reflect.ValueOf(c).Pointer()).Name(); strings.Contains(name, "Blink") {
			continue
		}
		h.run(func() tea.Msg { return c() })
	}
}

func keyMsg(k string) tea.KeyPressMsg {
	named := map[string]tea.KeyPressMsg{
		"enter":     {Code: tea.KeyEnter},
		"esc":       {Code: tea.KeyEscape},
		"tab":       {Code: tea.KeyTab},
		"shift+tab": {Code: tea.KeyTab, Mod: tea.ModShift},
		"up":        {Code: tea.KeyUp},
		"down":      {Code: tea.KeyDown},
		"backspace": {Code: tea.KeyBackspace},
		"space":     {Code: tea.KeySpace, Text: " "},
	}
	if m, ok := named[k]; ok {
		return m
	}
	if c, ok := strings.CutPrefix(k, "ctrl+"); ok {
		return tea.KeyPressMsg{Code: rune(c[0]), Mod: tea.ModCtrl}
	}
	r := []rune(k)
	return tea.KeyPressMsg{Code: r[0], Text: k}
}

// press sends key presses by name.
func (h *harness) press(keys ...string) {
	h.t.Helper()
	for _, k := range keys {
		h.run(func() tea.Msg { return keyMsg(k) })
	}
}

// typ types s, a key per character.
func (h *harness) typ(s string) {
	h.t.Helper()
	for _, r := range s {
		msg := tea.KeyPressMsg{Code: r, Text: string(r)}
		if r == '\n' {
			msg = tea.KeyPressMsg{Code: tea.KeyEnter}
		}
		h.run(func() tea.Msg { return msg })
	}
}

// frame is the composer's view without colour.
func (h *harness) frame() string { return ansi.Strip(h.m.View()) }

// stored reads the post back from the store, as a restart would.
func (h *harness) stored(id int64) store.Composed {
	h.t.Helper()
	c, err := h.db.Composed(context.Background(), id)
	if err != nil {
		h.t.Fatal(err)
	}
	return c
}

// lastSaved is the last thing the composer told the root.
func (h *harness) lastSaved() SavedMsg {
	h.t.Helper()
	if len(h.saved) == 0 {
		h.t.Fatal("the composer told the root nothing")
	}
	return h.saved[len(h.saved)-1]
}

// rowOf returns the frame's line holding s.
func rowOf(frame, s string) string {
	for _, l := range strings.Split(frame, "\n") {
		if strings.Contains(l, s) {
			return l
		}
	}
	return ""
}
