package inbox

import (
	"context"
	"errors"
	"reflect"
	"runtime"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/chorus-social/chorus/social"
	"github.com/chorus-social/chorus/store"
	"github.com/chorus-social/chorus/tui/pane"
	"github.com/chorus-social/chorus/tui/theme"
)

// step runs cmd and what follows from it, feeding the messages to m, like settle; timers
// are not run but returned, for the test to fire when it wants.
func step(t *testing.T, m *Model, cmd tea.Cmd) (timers []tea.Cmd) {
	t.Helper()
	queue := []tea.Cmd{cmd}
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		switch name := runtime.FuncForPC(reflect.ValueOf(c).Pointer()).Name(); {
		case strings.Contains(name, "/cursor."):
			continue
		case strings.HasPrefix(name, "charm.land/bubbletea/v2.Tick."):
			timers = append(timers, c)
			continue
		}
		switch msg := c().(type) {
		case tea.BatchMsg:
			queue = append(queue, msg...)
		case nil:
		default:
			queue = append(queue, m.Update(msg))
		}
	}
	return timers
}

// fire runs timers at once (they wait concurrently) and returns their messages in order.
func fire(timers []tea.Cmd) []tea.Msg {
	chans := make([]chan tea.Msg, len(timers))
	for i, c := range timers {
		chans[i] = make(chan tea.Msg, 1)
		go func() { chans[i] <- c() }()
	}
	msgs := make([]tea.Msg, len(timers))
	for i := range chans {
		msgs[i] = <-chans[i]
	}
	return msgs
}

func typeText(t *testing.T, m *Model, s string) (timers []tea.Cmd) {
	t.Helper()
	for _, r := range s {
		timers = append(timers, step(t, m, m.Update(keyPress(r)))...)
	}
	return timers
}

var (
	esc   = tea.KeyPressMsg{Code: tea.KeyEscape}
	ctrlS = tea.KeyPressMsg{Code: 's', Mod: tea.ModCtrl}
)

func stored(t *testing.T, db *store.DB, id int64) string {
	t.Helper()
	got, err := db.ReplyDrafts(context.Background(), []int64{id})
	if err != nil {
		t.Fatal(err)
	}
	return got[id]
}

// A process killed while the box is open loses at most the last debounce of typing: the
// save runs draftDebounce after the last keystroke, and only then.
func TestDraftSavedAfterTheDebounceOutlivesAKill(t *testing.T) {
	m := searchModel(t)
	db := m.src.(*store.DB)
	it, _ := m.current()
	step(t, m, m.Update(keyPress('r')))
	timers := typeText(t, m, "on it")
	if len(timers) != 5 {
		t.Fatalf("%d debounce timers for 5 keystrokes", len(timers))
	}
	if got := stored(t, db, it.ID); got != "" {
		t.Fatalf("stored %q before the debounce ran out", got)
	}
	msgs := fire(timers)
	for _, msg := range msgs[:4] {
		step(t, m, m.Update(msg))
	}
	if got := stored(t, db, it.ID); got != "" {
		t.Fatalf("a stale debounce stored %q", got)
	}
	step(t, m, m.Update(msgs[4]))
	if got := stored(t, db, it.ID); got != "@fan on it" {
		t.Fatalf("after the debounce stored %q", got)
	}
	if !strings.Contains(m.actMarks(it.ID), DraftMark) {
		t.Errorf("no draft mark while the box is open: %q", m.actMarks(it.ID))
	}

	// Killed: no esc, nothing closed. A new process opens the file.
	db2, err := store.Open(context.Background(), db.Path())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db2.Close() })
	st := theme.New(true)
	m2 := New(db2, pane.Env{Ctx: context.Background(), Styles: &st, Now: m.env.Now})
	m2.SetSize(100, 20)
	step(t, m2, m2.Reload())
	if !strings.Contains(m2.View(), DraftMark+" ") {
		t.Errorf("no draft mark after the restart:\n%s", m2.View())
	}
	step(t, m2, m2.Update(keyPress('r')))
	if m2.box == nil || m2.box.text.Value() != "@fan on it" {
		t.Fatalf("reply box after the restart holds %q", m2.box.text.Value())
	}
}

// A draft the pane does not know yet is read when the box opens, and shown if the user
// has not typed in the meantime.
func TestBoxTakesTheStoredDraftUnlessTypedOver(t *testing.T) {
	m := searchModel(t)
	db := m.src.(*store.DB)
	it, _ := m.current()
	if err := db.SaveReplyDraft(context.Background(), it.ID, "from before"); err != nil {
		t.Fatal(err)
	}
	m.drafts = drafts{} // as if the page's read had not come back yet

	load := m.Update(keyPress('r'))
	if got := m.box.text.Value(); got != "@fan " {
		t.Fatalf("box opens with %q, want the prefill at once", got)
	}
	step(t, m, load)
	if got := m.box.text.Value(); got != "from before" {
		t.Fatalf("box holds %q, want the stored draft", got)
	}
	step(t, m, m.Update(esc))
	if got := stored(t, db, it.ID); got != "from before" {
		t.Errorf("esc on an untouched box changed the draft to %q", got)
	}

	m.drafts = drafts{}
	load = m.Update(keyPress('r'))
	typeText(t, m, "x")
	step(t, m, load)
	if got := m.box.text.Value(); got != "@fan x" {
		t.Errorf("the stored draft replaced typing: %q", got)
	}
	step(t, m, m.Update(esc))
	if got := stored(t, db, it.ID); got != "@fan x" {
		t.Errorf("esc stored %q, want what was typed", got)
	}
}

// An opened box with nothing but "@author " in it is no draft.
func TestUntouchedPrefillIsNoDraft(t *testing.T) {
	m := searchModel(t)
	db := m.src.(*store.DB)
	it, _ := m.current()
	step(t, m, m.Update(keyPress('r')))
	typeText(t, m, "x")
	step(t, m, m.Update(tea.KeyPressMsg{Code: tea.KeyBackspace}))
	step(t, m, m.Update(esc))
	if got := stored(t, db, it.ID); got != "" {
		t.Errorf("stored %q for a box left with its prefill", got)
	}
	if strings.Contains(m.actMarks(it.ID), DraftMark) {
		t.Errorf("draft mark for a box left with its prefill")
	}
}

// failingPosts is the store refusing to queue anything.
type failingPosts struct{ *store.DB }

func (failingPosts) CreatePosts(context.Context, []*social.Post) error {
	return errors.New("disk I/O error")
}

func TestReplyThatCannotBeQueuedKeepsItsDraft(t *testing.T) {
	m := searchModel(t)
	db := m.src.(*store.DB)
	it, _ := m.current()
	m.src = failingPosts{db}
	step(t, m, m.Update(keyPress('r')))
	typeText(t, m, "thanks") // sent before any debounce ran: only the send stores it
	step(t, m, m.Update(ctrlS))
	if got := stored(t, db, it.ID); got != "@fan thanks" {
		t.Fatalf("after a failed send the stored draft is %q", got)
	}
	if s := m.ReplyState(it.ID); s != "" || !m.drafts.waiting(it.ID) {
		t.Errorf("after a failed send: reply state %q, draft waiting %v", s, m.drafts.waiting(it.ID))
	}

	m.src = db
	step(t, m, m.Update(keyPress('r')))
	if got := m.box.text.Value(); got != "@fan thanks" {
		t.Fatalf("r after the failure opens %q", got)
	}
	step(t, m, m.Update(ctrlS))
	if got := stored(t, db, it.ID); got != "" {
		t.Errorf("the draft %q outlived its send", got)
	}
	if m.drafts.waiting(it.ID) || m.ReplyState(it.ID) != "queued" {
		t.Errorf("after the send: draft waiting %v, reply %q", m.drafts.waiting(it.ID), m.ReplyState(it.ID))
	}
}

// Writes of a draft run concurrently; an older one arriving last must not win.
func TestDraftWriterDropsAnOlderWrite(t *testing.T) {
	w := &draftWriter{newest: map[int64]uint64{}}
	first, second := w.ticket(7), w.ticket(7)
	other := w.ticket(8)
	var wrote []string
	rec := func(s string) func() error { return func() error { wrote = append(wrote, s); return nil } }
	_ = w.do(7, second, rec("second"))
	_ = w.do(7, first, rec("first"))
	_ = w.do(8, other, rec("other"))
	if strings.Join(wrote, ",") != "second,other" {
		t.Errorf("wrote %v, want the newest of each item", wrote)
	}
}
