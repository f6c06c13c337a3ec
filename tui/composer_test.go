package tui

import (
	"context"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unsafe"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/chorus-social/chorus/platforms/text"
	"github.com/chorus-social/chorus/social"
	"github.com/chorus-social/chorus/store"
	"github.com/chorus-social/chorus/tui/pane"
)

// platformCounter is the real counting rule and limit of the fixture's platforms.
func platformCounter(p social.Platform) (func(string) int, int) {
	switch p {
	case "bluesky":
		return text.BlueskyCount, 300
	case "mastodon":
		return text.MastodonCount, 500
	}
	return nil, 0
}

// composeApp starts the app on the fixture with acme (Berlin: Bluesky and Mastodon
// accounts) as the current client.
func composeApp(t *testing.T, w, h int, d Deps) *App {
	t.Helper()
	if d.DB == nil {
		d.DB = openStore(t)
		fixture(t, d.DB)
	}
	if d.Counter == nil {
		d.Counter = platformCounter
	}
	a := newApp(t, d)
	start(t, a, w, h)
	drive(t, a, press("c"))
	drive(t, a, typing("acme")...)
	drive(t, a, press("enter"))
	if a.clientID != "acme" {
		t.Fatalf("client %q", a.clientID)
	}
	return a
}

// driveKeep is drive, but keeps the timers the commands start (the composer's debounce
// ticks) for fire, and runs the editor the composer hands the terminal to.
func driveKeep(t *testing.T, a *App, msgs ...tea.Msg) (timers []tea.Cmd) {
	t.Helper()
	queue := append([]tea.Msg(nil), msgs...)
	run := func(cmd tea.Cmd) {
		switch {
		case cmd == nil:
		case isTimer(cmd):
			timers = append(timers, cmd)
		default:
			queue = append(queue, runCmd(t, cmd))
		}
	}
	for steps := 0; len(queue) > 0; steps++ {
		if steps > 10000 {
			t.Fatal("driveKeep: more than 10000 messages; a command loop?")
		}
		msg := queue[0]
		queue = queue[1:]
		if c, fn, ok := execOf(msg); ok {
			queue = append(queue, fn(c.Run()))
			continue
		}
		switch m := msg.(type) {
		case nil, tea.QuitMsg:
			continue
		case tea.BatchMsg:
			for _, c := range m {
				run(c)
			}
			continue
		}
		if cmds, ok := sequence(msg); ok {
			for _, c := range cmds {
				run(c)
			}
			continue
		}
		_, cmd := a.Update(msg)
		run(cmd)
	}
	return timers
}

// execOf unpacks the message of tea.ExecProcess: the program would hand the terminal to
// the command, run it, and send what the callback returns.
func execOf(msg tea.Msg) (tea.ExecCommand, tea.ExecCallback, bool) {
	v := reflect.ValueOf(msg)
	if !v.IsValid() || v.Kind() != reflect.Struct || v.Type().Name() != "execMsg" || v.NumField() != 2 {
		return nil, nil, false
	}
	c := reflect.New(v.Type()).Elem()
	c.Set(v)
	field := func(i int) any {
		f := c.Field(i)
		return reflect.NewAt(f.Type(), unsafe.Pointer(f.UnsafeAddr())).Elem().Interface()
	}
	cmd, ok1 := field(0).(tea.ExecCommand)
	fn, ok2 := field(1).(tea.ExecCallback)
	return cmd, fn, ok1 && ok2
}

// fire waits out the debounce ticks and delivers them: the composer writes.
func fire(t *testing.T, a *App, timers []tea.Cmd) {
	t.Helper()
	for _, c := range timers {
		if strings.Contains(funcName(c), "Blink") {
			continue
		}
		msg := make(chan tea.Msg, 1)
		go func() { msg <- c() }()
		select {
		case m := <-msg:
			driveKeep(t, a, m)
		case <-time.After(2 * time.Second):
			// a longer timer (the clock, a sync): not the composer's
		}
	}
}

func funcName(c tea.Cmd) string {
	return runtime.FuncForPC(reflect.ValueOf(c).Pointer()).Name()
}

// writeCup writes a small PNG for the composer to attach.
func writeCup(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "cup.png")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := png.Encode(f, image.NewRGBA(image.Rect(0, 0, 4, 3))); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// composeWeek types the post: Bluesky and Mastodon, Mastodon with its own text,
// a second part, an image with alt text, due Friday 10:00. It returns the timers started.
func composeWeek(t *testing.T, a *App) []tea.Cmd {
	t.Helper()
	var timers []tea.Cmd
	k := func(names ...string) {
		for _, n := range names {
			timers = append(timers, driveKeep(t, a, keyOf(n))...)
		}
	}
	ty := func(s string) { timers = append(timers, driveKeep(t, a, typing(s)...)...) }
	k("n")
	ty("Our winter blend is back ☕ https://acme.example/winter")
	k("ctrl+a")
	ty(writeCup(t))
	k("enter")
	ty("A white cup of coffee")
	k("enter", "ctrl+t")
	ty("Come taste it this weekend.")
	k("shift+tab", "shift+tab", "shift+tab", "space", "down", "space", "v")
	ty(" #coffee")
	k("tab", "tab", "tab")
	ty("fri 10:00")
	k("enter")
	return timers
}

// keyOf is press, with ctrl keys.
func keyOf(k string) tea.KeyPressMsg {
	if c, ok := strings.CutPrefix(k, "ctrl+"); ok {
		return ctrl(rune(c[0]))
	}
	return press(k)
}

func TestNewPostKeyOpensTheComposerWhereGlobalKeysAreText(t *testing.T) {
	a := composeApp(t, 100, 30, Deps{})
	drive(t, a, press("n"))
	if a.composer == nil || !strings.Contains(frame(a), "New post · Acme Coffee (Europe/Berlin)") {
		t.Fatalf("n did not open the composer:\n%s", frame(a))
	}
	drive(t, a, typing("q1c2R?n/ tab")...)
	if a.quitting || a.composer == nil || a.active != paneCalendar {
		t.Fatalf("a global key acted: quitting %v, composer %v, pane %d", a.quitting, a.composer != nil, a.active)
	}
	if !strings.Contains(frame(a), "│ q1c2R?n/ tab") {
		t.Errorf("the keys are not the text:\n%s", frame(a))
	}
	if help := rowOf(frame(a), "ctrl+t"); !strings.Contains(help, "ctrl+a attach image") || strings.Contains(help, "q quit") {
		t.Errorf("help line %q: want the composer's keys only", help)
	}
	drive(t, a, press("esc"))
	if a.composer != nil {
		t.Fatal("esc did not close the composer")
	}
	if !strings.Contains(frame(a), "draft saved") && !strings.Contains(frame(a), "idea saved") {
		t.Errorf("the status bar does not say it was saved:\n%s", frame(a))
	}
	posts, err := a.d.DB.PlanningPosts(context.Background(), "acme", 10)
	if err != nil || len(posts) != 1 || posts[0].Text != "q1c2R?n/ tab" {
		t.Errorf("stored %+v, %v", posts, err)
	}
	// Global keys work again.
	drive(t, a, press("2"))
	if a.active != paneInbox {
		t.Error("2 does not switch panes after the composer closed")
	}
}

func TestWithAllClientsTheComposerAsksWhichClient(t *testing.T) {
	db := openStore(t)
	fixture(t, db)
	a := newApp(t, Deps{DB: db})
	start(t, a, 100, 30)
	drive(t, a, press("n"))
	if !strings.Contains(frame(a), "Which client is this post for?") {
		t.Fatalf("no question:\n%s", frame(a))
	}
	drive(t, a, press("down"), press("enter"))
	if !strings.Contains(frame(a), "New post · Globex Corp (America/New_York)") {
		t.Errorf("second client not opened:\n%s", frame(a))
	}
}

// The calendar asks for a post on a day, or to edit one (pane.ComposeMsg).
func TestComposeMsgOpensADayOrAPost(t *testing.T) {
	a := composeApp(t, 100, 30, Deps{})
	drive(t, a, pane.ComposeMsg{Day: fixedNow.Add(3 * 24 * time.Hour)})
	if !strings.Contains(frame(a), "When 2026-12-04") || !strings.Contains(frame(a), "→ Fri 4 Dec 09:00 CET") {
		t.Errorf("not due on the day:\n%s", frame(a))
	}
	drive(t, a, press("esc"))

	rows, err := a.d.DB.PlanningPosts(context.Background(), "initech", 10)
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(rows, func(r store.PlanningRow) bool { return r.Status == social.StatusDraft })
	if i < 0 {
		t.Fatalf("initech's draft: %+v", rows)
	}
	drive(t, a, pane.ComposeMsg{PostID: rows[i].PostID})
	if f := frame(a); !strings.Contains(f, "An idea: a post about TPS reports.") || !strings.Contains(f, "Initech") {
		t.Errorf("the post is not open:\n%s", f)
	}
}

// The acceptance flow, and a restart: everything typed is back.
func TestComposedPostIsBackAfterARestart(t *testing.T) {
	a := composeApp(t, 100, 30, Deps{})
	timers := composeWeek(t, a)
	fire(t, a, timers)
	id := a.composer.PostID()
	got, err := a.d.DB.Composed(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Post.Parts) != 2 || len(got.Post.Targets) != 2 || got.When != "fri 10:00" ||
		got.Post.Parts[0].Media[0].Alt != "A white cup of coffee" {
		t.Fatalf("stored before the restart: %+v when %q", got.Post, got.When)
	}

	// The process dies here: no esc, no ctrl+c. A new app on the same file.
	db2 := reopen(t, a.d.DB)
	b := newApp(t, Deps{DB: db2, Counter: platformCounter})
	start(t, b, 100, 30)
	drive(t, b, pane.ComposeMsg{PostID: id})
	f := frame(b)
	for _, want := range []string{
		"Post " + strconv.FormatInt(id, 10) + " · Acme Coffee", "[x] bluesky", "[x] mastodon", "✎ own text",
		"Our winter blend is back ☕ https://acme.example/winter", "Come taste it this weekend.",
		"▣ cup.png", "alt: A white cup of coffee", "When fri 10:00", "→ Fri 4 Dec 10:00 CET",
	} {
		if !strings.Contains(f, want) {
			t.Errorf("after the restart the composer lacks %q:\n%s", want, f)
		}
	}
}

// ctrl+c quits at once, but not before the composer wrote what was typed.
func TestCtrlCWritesTheDraftBeforeQuitting(t *testing.T) {
	a := composeApp(t, 100, 30, Deps{})
	drive(t, a, press("n"))
	drive(t, a, typing("typed right before quitting")...)
	drive(t, a, press("ctrl+c"))
	if !a.quitting {
		t.Fatal("not quitting")
	}
	rows, err := a.d.DB.PlanningPosts(context.Background(), "acme", 10)
	if err != nil || len(rows) != 1 || rows[0].Text != "typed right before quitting" {
		t.Errorf("stored %+v %v", rows, err)
	}
}

func TestEditorThroughTheRootRunsVISUAL(t *testing.T) {
	script := filepath.Join(t.TempDir(), "editor")
	if err := os.WriteFile(script, []byte("#!/bin/sh\nprintf '%s, from the editor\\n' \"$(cat \"$1\")\" > \"$1\"\n"), 0o700); err != nil {
		t.Fatal(err)
	}
	t.Setenv("VISUAL", script)
	a := composeApp(t, 100, 30, Deps{})
	driveKeep(t, a, press("n"))
	driveKeep(t, a, typing("hello")...)
	driveKeep(t, a, ctrl('e'))
	if !strings.Contains(frame(a), "│ hello, from the editor") {
		t.Errorf("the editor's text is not back:\n%s", frame(a))
	}
}

// "queue" asks Deps.Queue for each account's next free slot; the schedule stores them
// and the calendar shows the post.
func TestQueueThroughDepsQueue(t *testing.T) {
	slot := time.Date(2026, 12, 2, 8, 0, 0, 0, time.UTC)
	var asked []string
	queue := func(_ context.Context, accountID string, after time.Time) (time.Time, error) {
		asked = append(asked, accountID)
		if !after.Equal(fixedNow) {
			t.Errorf("asked for a slot after %v, want now", after)
		}
		return slot, nil
	}
	a := composeApp(t, 100, 30, Deps{Queue: queue})
	drive(t, a, press("n"))
	drive(t, a, typing("queued post")...)
	drive(t, a, press("shift+tab"), press("space"), press("tab"), press("tab"))
	drive(t, a, typing("queue")...)
	drive(t, a, press("enter"), ctrl('p'))
	if a.composer != nil {
		t.Fatalf("not scheduled:\n%s", frame(a))
	}
	if !slices.Equal(asked, []string{"acme-bsky", "acme-bsky"}) {
		t.Errorf("asked %q: once on enter, once to schedule", asked)
	}
	if !strings.Contains(frame(a), "scheduled from the queue") && !strings.Contains(frame(a), "scheduled on bluesky") {
		t.Errorf("status bar:\n%s", frame(a))
	}
	rows, err := a.d.DB.TargetRows(context.Background(), store.TargetQuery{ClientID: "acme", From: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, r := range rows {
		found = found || (r.Text == "queued post" && r.DueAt.Equal(slot) && r.Status == social.StatusScheduled)
	}
	if !found {
		t.Errorf("the queued post is not on the calendar's rows: %+v", rows)
	}
}

// Golden snapshots of the composer at both sizes, with the fixed clock.
// Regenerate with: go test ./tui -run TestComposerGolden -update
func TestComposerGolden(t *testing.T) {
	for _, size := range []struct {
		name string
		w, h int
	}{{"100x30", 100, 30}, {"80x24", 80, 24}} {
		t.Run(size.name, func(t *testing.T) {
			a := composeApp(t, size.w, size.h, Deps{})
			fire(t, a, composeWeek(t, a))
			requireFits(t, a, size.w, size.h)
			golden.RequireEqual(t, plainFrame(a))
		})
	}
	t.Run("OverLimit80x24", func(t *testing.T) {
		a := composeApp(t, 80, 24, Deps{})
		drive(t, a, press("n"))
		drive(t, a, typing(strings.Repeat("long ", 61))...)
		drive(t, a, press("shift+tab"), press("space"), ctrl('p'))
		requireFits(t, a, 80, 24)
		golden.RequireEqual(t, plainFrame(a))
	})
}
