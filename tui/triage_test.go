package tui

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/chorus-social/chorus/social"
	"github.com/chorus-social/chorus/store"
)

// item reads one inbox item back from the store.
func item(t *testing.T, db *store.DB, id int64) social.InboxItem {
	t.Helper()
	it, err := db.InboxItem(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return it
}

// inboxApp starts the app on the fixture in the inbox pane, on a clock the test moves.
func inboxApp(t *testing.T, w, h int) (*App, *store.DB, *time.Time) {
	t.Helper()
	db := openStore(t)
	fixture(t, db)
	now := fixedNow
	a := newApp(t, Deps{DB: db, Now: func() time.Time { return now }})
	start(t, a, w, h)
	drive(t, a, press("2"))
	return a, db, &now
}

func shown(a *App) []string {
	var out []string
	for _, it := range a.inbox.Items() {
		out = append(out, it.AuthorHandle)
	}
	return out
}

func TestInboxDoneAndUndoRoundTrip(t *testing.T) {
	a, db, _ := inboxApp(t, 100, 30)
	first := a.inbox.Items()[0]
	if first.AuthorHandle != "latte.lover" || first.Read {
		t.Fatalf("fixture: first item %+v, want unread latte.lover", first)
	}
	if !strings.Contains(frame(a), "acme 3 · globex 2 · initech 1") {
		t.Fatalf("counts before:\n%s", frame(a))
	}

	drive(t, a, press("e"))
	if slices.Contains(shown(a), "latte.lover") || strings.Contains(frame(a), "Best coffee") {
		t.Fatalf("done item still listed: %v", shown(a))
	}
	if got := item(t, db, first.ID); !got.Done || !got.Read {
		t.Errorf("stored after e: done %v read %v, want both", got.Done, got.Read)
	}
	f := frame(a)
	if !strings.Contains(f, "acme 2 · globex 2 · initech 1") || !strings.Contains(f, "done · u undoes") {
		t.Errorf("status bar after e:\n%s", f)
	}
	if a.inbox.Cursor() != 0 || a.inbox.Items()[0].AuthorHandle != "press.bsky.social" {
		t.Errorf("cursor %d on %v, want 0 on the next item", a.inbox.Cursor(), shown(a))
	}

	drive(t, a, press("u"))
	if got := shown(a); len(got) != 6 || got[0] != "latte.lover" || a.inbox.Cursor() != 0 {
		t.Fatalf("after u: %v cursor %d, want latte.lover back under the cursor", got, a.inbox.Cursor())
	}
	if got := item(t, db, first.ID); got.Done || got.Read {
		t.Errorf("stored after u: done %v read %v, want open and unread as before", got.Done, got.Read)
	}
	if f := frame(a); !strings.Contains(f, "acme 3 · globex 2 · initech 1") || !strings.Contains(f, "undone: 1 item back") {
		t.Errorf("status bar after u:\n%s", f)
	}

	// Nothing left to undo: u marks the item under the cursor unread.
	drive(t, a, keys("j", "j", "j")...)
	bean := a.inbox.Items()[a.inbox.Cursor()]
	if bean.AuthorHandle != "bean@fosstodon.org" || !bean.Read {
		t.Fatalf("cursor on %+v, want the read bean item", bean)
	}
	drive(t, a, press("u"))
	if got := item(t, db, bean.ID); got.Read || got.Done {
		t.Errorf("u on a read item: read %v done %v, want unread, open", got.Read, got.Done)
	}
	if a.inbox.Items()[a.inbox.Cursor()].Read {
		t.Error("the row still shows the item read")
	}
}

func TestInboxUndoTakesBackSeveralInOrder(t *testing.T) {
	a, db, _ := inboxApp(t, 100, 30)
	ids := []int64{a.inbox.Items()[0].ID, a.inbox.Items()[1].ID}
	drive(t, a, press("e"), press("e"))
	if len(a.inbox.Items()) != 4 {
		t.Fatalf("%d items after e e, want 4", len(a.inbox.Items()))
	}
	drive(t, a, press("u"))
	if got := a.inbox.Items()[a.inbox.Cursor()].ID; got != ids[1] || item(t, db, ids[0]).Done == false {
		t.Fatalf("first u brought back %d, want the last done %d only", got, ids[1])
	}
	drive(t, a, press("u"))
	if item(t, db, ids[0]).Done || len(a.inbox.Items()) != 6 {
		t.Errorf("second u: %v", shown(a))
	}
}

func TestInboxBulkSelectAndDone(t *testing.T) {
	a, db, _ := inboxApp(t, 100, 30)
	picked := []int64{a.inbox.Items()[0].ID, a.inbox.Items()[1].ID}
	drive(t, a, press("x"), press("x"))
	if a.inbox.Selected() != 2 || a.inbox.Cursor() != 2 {
		t.Fatalf("after x x: %d selected, cursor %d; want 2, 2", a.inbox.Selected(), a.inbox.Cursor())
	}
	f := frame(a)
	if strings.Count(f, "◆") != 3 || !strings.Contains(f, "2 selected") { // two rows and the header
		t.Fatalf("selection markers:\n%s", f)
	}
	drive(t, a, press("e"))
	for _, id := range picked {
		if !item(t, db, id).Done {
			t.Errorf("item %d not done", id)
		}
	}
	if got := shown(a); len(got) != 4 || slices.Contains(got, "latte.lover") || slices.Contains(got, "press.bsky.social") {
		t.Errorf("after bulk e: %v", got)
	}
	if a.inbox.Selected() != 0 || strings.Contains(frame(a), "◆") {
		t.Errorf("selection not cleared:\n%s", frame(a))
	}
	// The item under the cursor was not selected and stays.
	if cur := a.inbox.Items()[a.inbox.Cursor()]; cur.AuthorHandle != "wholesale.bsky.social" {
		t.Errorf("cursor on %s, want wholesale (it was under the cursor)", cur.AuthorHandle)
	}

	// * selects every shown item; e archives them all: inbox zero everywhere.
	drive(t, a, press("*"))
	if a.inbox.Selected() != 4 {
		t.Fatalf("* selected %d, want 4", a.inbox.Selected())
	}
	drive(t, a, press("e"))
	open, err := db.Inbox(context.Background(), store.InboxQuery{Now: fixedNow, Limit: 100})
	if err != nil || len(open) != 0 {
		t.Fatalf("open items left: %d, %v", len(open), err)
	}
	f = frame(a)
	if !strings.Contains(f, "Inbox zero") || !strings.Contains(f, "acme ✓ · globex ✓ · initech ✓") {
		t.Errorf("not at inbox zero:\n%s", f)
	}
	// Undo brings the whole batch back.
	drive(t, a, press("u"))
	if len(a.inbox.Items()) != 4 || !strings.Contains(frame(a), "acme 2 · globex 1 · initech 1") {
		t.Errorf("after u: %v\n%s", shown(a), frame(a))
	}
}

func TestInboxSelectAllTwiceUnselectsAndEscClears(t *testing.T) {
	a, _, _ := inboxApp(t, 100, 30)
	drive(t, a, press("*"), press("*"))
	if a.inbox.Selected() != 0 {
		t.Errorf("* * left %d selected", a.inbox.Selected())
	}
	drive(t, a, press("x"), press("esc"))
	if a.inbox.Selected() != 0 {
		t.Errorf("esc left %d selected", a.inbox.Selected())
	}
}

func TestInboxSnoozeParseErrorChangesNothing(t *testing.T) {
	a, db, _ := inboxApp(t, 100, 30)
	first := a.inbox.Items()[0]
	drive(t, a, press("s"))
	if !a.inbox.Typing() || !strings.Contains(frame(a), "Snooze until:") {
		t.Fatalf("no snooze prompt:\n%s", frame(a))
	}
	// While the prompt has the keyboard, global keys are text: "2q" neither switches
	// pane nor quits.
	drive(t, a, typing("2q")...)
	if a.quitting || a.active != paneInbox {
		t.Fatal("a global key acted while typing")
	}
	drive(t, a, press("enter"))
	f := frame(a)
	if !a.inbox.Typing() || !strings.Contains(f, `! "2q"`) {
		t.Fatalf("no parse error shown, prompt open %v:\n%s", a.inbox.Typing(), f)
	}
	if len(a.inbox.Items()) != 6 || !item(t, db, first.ID).SnoozedUntil.IsZero() {
		t.Errorf("a failed parse changed something: %d items, snoozed %v", len(a.inbox.Items()), item(t, db, first.ID).SnoozedUntil)
	}
	drive(t, a, press("esc"))
	if a.inbox.Typing() || strings.Contains(frame(a), "Snooze until") || len(a.inbox.Items()) != 6 {
		t.Errorf("esc did not cancel:\n%s", frame(a))
	}
	// A time in the past is refused too.
	drive(t, a, press("s"))
	drive(t, a, typing("2026-11-30 09:00")...)
	drive(t, a, press("enter"))
	if !strings.Contains(frame(a), "not in the future") || len(a.inbox.Items()) != 6 {
		t.Errorf("a past time was accepted:\n%s", frame(a))
	}
}

func TestInboxSnoozedItemComesBackWhenDue(t *testing.T) {
	a, db, now := inboxApp(t, 100, 30)
	first := a.inbox.Items()[0] // latte.lover, client acme in Europe/Berlin
	drive(t, a, press("s"))
	drive(t, a, typing("+2h")...)
	// The time as read, before it is applied, in the client's zone (12:00 UTC + 2h).
	if f := frame(a); !strings.Contains(f, "→ until Tue 1 Dec 15:00 CET") {
		t.Fatalf("no preview:\n%s", f)
	}
	drive(t, a, press("enter"))
	if a.inbox.Typing() || slices.Contains(shown(a), "latte.lover") {
		t.Fatalf("snoozed item still listed: %v", shown(a))
	}
	if got := item(t, db, first.ID).SnoozedUntil; !got.Equal(fixedNow.Add(2 * time.Hour)) {
		t.Errorf("stored snooze %v, want %v", got, fixedNow.Add(2*time.Hour))
	}
	f := frame(a)
	if !strings.Contains(f, "snoozed until Tue 1 Dec 15:00 CET") || !strings.Contains(f, "acme 2 ·") {
		t.Errorf("status bar after snooze:\n%s", f)
	}

	// An hour on, still asleep; three hours on, the clock tick reloads and it is back.
	*now = fixedNow.Add(time.Hour)
	drive(t, a, clockMsg{})
	if slices.Contains(shown(a), "latte.lover") {
		t.Fatal("woke before its time")
	}
	*now = fixedNow.Add(3 * time.Hour)
	drive(t, a, clockMsg{})
	if got := shown(a); len(got) != 6 || got[0] != "latte.lover" {
		t.Fatalf("after 3h: %v, want latte.lover back on top", got)
	}
	if !strings.Contains(frame(a), "acme 3 ·") {
		t.Errorf("count did not come back:\n%s", frame(a))
	}
}

func TestInboxSnoozeReadsWallClockInTheClientsZone(t *testing.T) {
	a, db, _ := inboxApp(t, 100, 30)
	// x on acme's latte.lover (Berlin) and globex's press item (New York), then snooze
	// both to nine in the morning: nine where each client is.
	ids := []int64{a.inbox.Items()[0].ID, a.inbox.Items()[1].ID}
	drive(t, a, press("x"), press("x"), press("s"))
	drive(t, a, typing("2026-12-02 09:00")...)
	if f := frame(a); !strings.Contains(f, "2 items · → until Wed 2 Dec 09:00 CET / Wed 2 Dec 09:00 EST") {
		t.Fatalf("preview:\n%s", f)
	}
	drive(t, a, press("enter"))
	want := []time.Time{time.Date(2026, 12, 2, 8, 0, 0, 0, time.UTC), time.Date(2026, 12, 2, 14, 0, 0, 0, time.UTC)}
	for i, id := range ids {
		if got := item(t, db, id).SnoozedUntil; !got.Equal(want[i]) {
			t.Errorf("item %d snoozed until %v, want %v", i, got, want[i])
		}
	}
	if a.inbox.Selected() != 0 || len(a.inbox.Items()) != 4 {
		t.Errorf("after bulk snooze: %d selected, %v", a.inbox.Selected(), shown(a))
	}
}

func TestInboxLabelCreatedAppliedAndShown(t *testing.T) {
	a, db, _ := inboxApp(t, 100, 30)
	ctx := context.Background()
	first := a.inbox.Items()[0] // acme
	drive(t, a, press("t"))
	if f := frame(a); !strings.Contains(f, "Label:") || !strings.Contains(f, "no labels yet") {
		t.Fatalf("label prompt:\n%s", f)
	}
	drive(t, a, typing("#urgent")...)
	if !strings.Contains(frame(a), "enter creates #urgent") {
		t.Fatalf("preview:\n%s", frame(a))
	}
	drive(t, a, press("enter"))
	if got := item(t, db, first.ID).Labels; !slices.Equal(got, []string{"urgent"}) {
		t.Fatalf("stored labels %v, want [urgent]", got)
	}
	ls, err := db.Labels(ctx, "acme")
	if err != nil || len(ls) != 1 || ls[0].Name != "urgent" {
		t.Fatalf("acme labels %+v, %v", ls, err)
	}
	f := frame(a)
	if !strings.Contains(f, "#urgent Best coffee") || !strings.Contains(f, "labelled 1 item #urgent") {
		t.Fatalf("label not on the row:\n%s", f)
	}

	// The next acme item: the existing label is suggested, tab completes it.
	drive(t, a, keys("j", "j")...)
	wholesale := a.inbox.Items()[a.inbox.Cursor()]
	drive(t, a, press("t"))
	if !strings.Contains(frame(a), "labels: #urgent") {
		t.Fatalf("existing labels not suggested:\n%s", frame(a))
	}
	drive(t, a, typing("ur")...)
	drive(t, a, press("tab"))
	if !strings.Contains(frame(a), "enter adds #urgent") || a.active != paneInbox {
		t.Fatalf("tab did not complete (pane %d):\n%s", a.active, frame(a))
	}
	drive(t, a, press("enter"))
	if got := item(t, db, wholesale.ID).Labels; !slices.Equal(got, []string{"urgent"}) {
		t.Errorf("second item labels %v", got)
	}
	if f := frame(a); !strings.Contains(f, "#urgent Best coffee") || !strings.Contains(f, "#urgent Hi! We would") {
		t.Errorf("two rows should show #urgent:\n%s", f)
	}

	// t with a label every target has takes it off.
	drive(t, a, press("t"))
	drive(t, a, typing("urgent")...)
	drive(t, a, press("enter"))
	if got := item(t, db, wholesale.ID).Labels; len(got) != 0 {
		t.Errorf("label not taken off: %v", got)
	}
}

func TestInboxLabelOnSelectionAcrossClients(t *testing.T) {
	a, db, _ := inboxApp(t, 100, 30)
	ids := []int64{a.inbox.Items()[0].ID, a.inbox.Items()[1].ID} // acme and globex
	drive(t, a, press("*"), press("t"))
	drive(t, a, typing("vip")...)
	drive(t, a, press("enter"))
	for _, id := range ids {
		if got := item(t, db, id).Labels; !slices.Equal(got, []string{"vip"}) {
			t.Errorf("item %d labels %v", id, got)
		}
	}
	for _, c := range []string{"acme", "globex", "initech"} {
		ls, _ := db.Labels(context.Background(), c)
		if len(ls) != 1 {
			t.Errorf("client %s has labels %+v, want vip created on the fly", c, ls)
		}
	}
}

func TestInboxFailedWriteRollsBackAndShowsError(t *testing.T) {
	a, db, _ := inboxApp(t, 100, 30)
	db.Close() // every write fails from now on
	drive(t, a, press("e"))
	if got := shown(a); len(got) != 6 || got[0] != "latte.lover" {
		t.Fatalf("not rolled back: %v", got)
	}
	if f := frame(a); !strings.Contains(f, "! inbox:") || !strings.Contains(f, "closed") {
		t.Errorf("no error in the status bar:\n%s", f)
	}
	if len(a.inbox.Items()) != 6 {
		t.Error("items lost")
	}
	drive(t, a, press("t"))
	drive(t, a, typing("x")...)
	drive(t, a, press("enter"))
	if len(a.inbox.Items()[0].Labels) != 0 {
		t.Errorf("label not rolled back: %v", a.inbox.Items()[0].Labels)
	}
}

func TestInboxHelpShowsTriageKeysIn80Columns(t *testing.T) {
	a, _, _ := inboxApp(t, 80, 24)
	lines := strings.Split(frame(a), "\n")
	short := lines[len(lines)-1]
	for _, want := range []string{"e done", "s snooze", "t label", "x select", "u undo", "? help", "q quit"} {
		if !strings.Contains(short, want) {
			t.Errorf("short help lacks %q: %q", want, short)
		}
	}
	drive(t, a, press("?"))
	f := frame(a)
	for _, want := range []string{"select all", "esc clear", "oldest", "shift+tab", "sync now"} {
		if !strings.Contains(f, want) {
			t.Errorf("full help lacks %q:\n%s", want, f)
		}
	}
	requireFits(t, a, 80, 24)
	drive(t, a, press("?"), press("x"), press("s"))
	drive(t, a, typing("tomorrow at a very long time that does not parse at all")...)
	drive(t, a, press("enter"))
	requireFits(t, a, 80, 24)
	if short := lastLine(frame(a)); !strings.Contains(short, "enter apply") || strings.Contains(short, "q quit") {
		t.Errorf("prompt help: %q", short)
	}
	drive(t, a, press("esc"), press("t"))
	drive(t, a, typing("a-label-name-long-enough-to-scroll-the-input")...)
	requireFits(t, a, 80, 24)
}

func lastLine(s string) string {
	s = strings.TrimRight(s, "\n")
	return s[strings.LastIndex(s, "\n")+1:]
}

var _ tea.Msg = clockMsg{}

func TestInboxLoadOverlappingAWriteCannotBringItemBack(t *testing.T) {
	a, _, _ := inboxApp(t, 100, 30)
	stale := runCmd(t, a.inbox.Reload()) // read before the e below is stored
	drive(t, a, press("e"))
	drive(t, a, stale)
	if got := shown(a); slices.Contains(got, "latte.lover") || len(got) != 5 {
		t.Errorf("a load read before the write brought the done item back: %v", got)
	}
}

func TestRecountRunsOneLoadAtATime(t *testing.T) {
	a, db, _ := inboxApp(t, 100, 30)
	first := a.recount()
	if first == nil || a.recount() != nil || a.recount() != nil {
		t.Fatal("recount should start one load and queue the rest")
	}
	// The store changes while the first count runs.
	msg := runCmd(t, first)
	if err := db.SetDone(context.Background(), true, a.inbox.Items()[0].ID); err != nil {
		t.Fatal(err)
	}
	_, again := a.Update(msg)
	if again == nil {
		t.Fatal("no second count after the first came back")
	}
	drive(t, a, runCmd(t, again))
	if a.status.counts["acme"] != 2 || a.status.countsBusy != 0 {
		t.Errorf("counts %v, busy %d", a.status.counts, a.status.countsBusy)
	}
}
