package composer

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/chorus-social/chorus/social"
	"github.com/chorus-social/chorus/store"
)

// fakeQueue gives each account a slot of its own, and records what it was asked.
type fakeQueue struct {
	slots map[string]time.Time
	asked []string
}

func (q *fakeQueue) next(_ context.Context, accountID string, after time.Time) (time.Time, error) {
	q.asked = append(q.asked, accountID+" after "+after.Format(time.RFC3339))
	t, ok := q.slots[accountID]
	if !ok {
		return time.Time{}, errors.New("no slots set (chorus queue set " + accountID + ")")
	}
	return t, nil
}

func TestQueueTakesEachAccountsNextFreeSlot(t *testing.T) {
	db := openDB(t, social.Client{})
	wed := time.Date(2026, 12, 2, 8, 0, 0, 0, time.UTC)   // 09:00 in Berlin
	thu := time.Date(2026, 12, 3, 16, 30, 0, 0, time.UTC) // 17:30
	q := &fakeQueue{slots: map[string]time.Time{"acme-bsky": wed, "acme-masto": thu}}
	h := newHarness(t, db, Options{Queue: q.next}, Request{ClientID: "acme"})
	h.typ("Queue me")
	h.tick("acme-bsky", "acme-masto")
	h.when("queue")
	if len(q.asked) != 2 || q.asked[0] != "acme-bsky after 2026-12-01T12:00:00Z" {
		t.Errorf("asked %q", q.asked)
	}
	f := h.frame()
	if row := rowOf(f, "acme.bsky.social"); !strings.Contains(row, "Wed 02 Dec 09:00") {
		t.Errorf("bluesky row %q", row)
	}
	if row := rowOf(f, "acme@mastodon.social"); !strings.Contains(row, "Thu 03 Dec 17:30") {
		t.Errorf("mastodon row %q", row)
	}
	if !strings.Contains(f, "each account's next free slot") {
		t.Errorf("when line:\n%s", f)
	}
	h.press("ctrl+p")
	if !h.m.Done() {
		t.Fatalf("not scheduled: %s", h.m.err)
	}
	got := h.stored(h.m.PostID())
	for _, tg := range got.Post.Targets {
		want := map[string]time.Time{"acme-bsky": wed, "acme-masto": thu}[tg.AccountID]
		if tg.Status != social.StatusScheduled || !tg.DueAt.Equal(want) {
			t.Errorf("%s: %s at %v, want %v", tg.AccountID, tg.Status, tg.DueAt, want)
		}
	}
	if got.When != "queue" {
		t.Errorf("when stored %q", got.When)
	}
	if n := h.lastSaved().Note; !strings.Contains(n, "scheduled from the queue: acme-bsky Wed 02 Dec 09:00, acme-masto Thu 03 Dec 17:30") {
		t.Errorf("note %q", n)
	}
}

func TestQueueWithoutAQueueSaysSo(t *testing.T) {
	db := openDB(t, social.Client{})
	h := newHarness(t, db, Options{}, Request{ClientID: "acme"})
	h.typ("Queue me")
	h.tick("acme-bsky")
	h.when("queue")
	if h.m.err != "no queue configured for this account (acme-bsky)" {
		t.Errorf("error %q", h.m.err)
	}
	h.press("ctrl+p")
	if h.m.Done() || !strings.Contains(h.frame(), "! no queue configured for this account (acme-bsky)") {
		t.Errorf("scheduled without a queue, or no message:\n%s", h.frame())
	}
	h.fire()
	if got := h.stored(h.m.PostID()); got.Post.Status != social.StatusDraft {
		t.Errorf("stored status %s", got.Post.Status)
	}
}

func TestQueueErrorsNameTheAccount(t *testing.T) {
	db := openDB(t, social.Client{})
	q := &fakeQueue{slots: map[string]time.Time{"acme-bsky": fixedNow.Add(time.Hour)}}
	h := newHarness(t, db, Options{Queue: q.next}, Request{ClientID: "acme"})
	h.typ("x")
	h.tick("acme-bsky", "acme-x")
	h.when("queue")
	if !strings.Contains(h.m.err, "queue of acme-x: no slots set") {
		t.Errorf("error %q", h.m.err)
	}
}

// Natural input is read in the client's zone and shown back with the zone, its UTC
// offset and the user's own clock; it is stored in UTC.
func TestNaturalTimeIsReadInTheClientsZoneAndShownBack(t *testing.T) {
	db := openDB(t, social.Client{})
	h := newHarness(t, db, Options{}, Request{ClientID: "acme"})
	h.typ("x")
	h.tick("acme-bsky")
	h.m.setFocus(field{kind: fieldWhen})
	h.typ("tomorrow 18:00")
	line := rowOf(h.frame(), "→ ")
	for _, want := range []string{"tomorrow 18:00 CET", "(in 1d 5h)", "UTC+01:00", "17:00 UTC here", "enter accepts"} {
		if !strings.Contains(line, want) {
			t.Errorf("when line %q lacks %q", line, want)
		}
	}
	h.press("enter")
	h.fire()
	if got := h.stored(h.m.PostID()).Post.Targets[0].DueAt; !got.Equal(time.Date(2026, 12, 2, 17, 0, 0, 0, time.UTC)) {
		t.Errorf("stored due %v", got)
	}

	h.m.when.input.SetValue("")
	h.typ("someday")
	if !strings.Contains(h.frame(), `! "someday" is not a time I know`) {
		t.Errorf("bad input:\n%s", h.frame())
	}
	h.press("enter")
	if got := h.m.targetOf("acme-bsky").due; !got.Equal(time.Date(2026, 12, 2, 17, 0, 0, 0, time.UTC)) {
		t.Errorf("a bad input moved the due time to %v", got)
	}
}

// The same zone as the user's: no offset or "here" clock, only the zone.
func TestTimeInTheUsersOwnZoneNeedsNoOffset(t *testing.T) {
	db := openDB(t, social.Client{})
	h := newHarness(t, db, Options{}, Request{ClientID: "acme"})
	berlin, _ := time.LoadLocation("Europe/Berlin")
	h.now = fixedNow.In(berlin)
	if got := h.m.describe(time.Date(2026, 12, 4, 9, 0, 0, 0, time.UTC)); got != "Fri 4 Dec 10:00 CET (in 2d 21h)" {
		t.Errorf("describe %q", got)
	}
}

// Berlin's DST edges: 02:30 on 29 March 2026 does not exist, and is refused; 02:30 on
// 25 October happens twice, and is the first, which the composer says, with how to
// write the second.
func TestDSTEdgesInTheClientsZone(t *testing.T) {
	db := openDB(t, social.Client{})
	h := newHarness(t, db, Options{}, Request{ClientID: "acme"})
	h.now = time.Date(2026, 3, 20, 12, 0, 0, 0, time.UTC)
	h.typ("spring")
	h.tick("acme-bsky")
	h.when("2026-03-29 02:30")
	want := "2026-03-29 02:30 does not exist in Europe/Berlin (the clocks skip from 02:00 to 03:00 for daylight saving)"
	if h.m.when.err != want || !strings.Contains(h.frame(), "! 2026-03-29 02:30 does not exist in Europe/Berlin") {
		t.Errorf("gap: err %q\n%s", h.m.when.err, h.frame())
	}
	if !h.m.targetOf("acme-bsky").due.IsZero() {
		t.Errorf("a time that does not exist was taken: %v", h.m.targetOf("acme-bsky").due)
	}
	h.press("ctrl+p")
	if h.m.Done() || !strings.Contains(h.m.err, "can't schedule: ") || !strings.Contains(h.m.err, "does not exist") {
		t.Errorf("scheduled in a gap: %q", h.m.err)
	}

	h.when("2026-10-25 02:30")
	first := time.Date(2026, 10, 25, 0, 30, 0, 0, time.UTC) // 02:30 CEST
	if got := h.m.targetOf("acme-bsky").due; !got.Equal(first) {
		t.Errorf("due %v, want the first 02:30 (%v)", got, first)
	}
	shown := h.m.describe(h.m.when.at)
	for _, want := range []string{"02:30 CEST, first of two", "the clocks go back that night", "for the second 02:30 write 2026-10-25T02:30:00+01:00"} {
		if !strings.Contains(shown, want) {
			t.Errorf("overlap: %q lacks %q", shown, want)
		}
	}
	if f := h.frame(); !strings.Contains(f, "first of two") || !strings.Contains(f, "2026-10-25T02:30:00+01:00") {
		t.Errorf("not on screen:\n%s", h.frame())
	}
	// What it says to write for the second one is read as the second one.
	h.when("2026-10-25T02:30:00+01:00")
	if got := h.m.targetOf("acme-bsky").due; !got.Equal(first.Add(time.Hour)) {
		t.Errorf("the second 02:30: due %v", got)
	}
	h.press("ctrl+p")
	if !h.m.Done() {
		t.Fatalf("not scheduled: %s", h.m.err)
	}
	if got := h.stored(h.m.PostID()).Post.Targets[0].DueAt; !got.Equal(first.Add(time.Hour)) {
		t.Errorf("stored %v", got)
	}
}

// A new post opened on a calendar day after today is due that day at 09:00; on today
// it has no time yet.
func TestANewPostOnACalendarDayIsDueThatDay(t *testing.T) {
	db := openDB(t, social.Client{})
	day := time.Date(2026, 12, 8, 0, 0, 0, 0, time.UTC)
	h := newHarness(t, db, Options{}, Request{ClientID: "globex", Day: day})
	if got := h.m.when.input.Value(); got != "2026-12-08" {
		t.Errorf("when %q", got)
	}
	h.typ("on the 8th")
	want := time.Date(2026, 12, 8, 14, 0, 0, 0, time.UTC) // 09:00 in New York
	if got := h.stored(h.m.PostID()).Post.Targets[0].DueAt; !got.Equal(want) {
		t.Errorf("due %v, want %v", got, want)
	}
	h2 := newHarness(t, db, Options{}, Request{ClientID: "globex", Day: fixedNow})
	if got := h2.m.when.input.Value(); got != "" {
		t.Errorf("today: when %q", got)
	}
}

// "now" schedules at once and, where the TUI can publish, sends it and says how it went.
func TestNowPublishesAtOnce(t *testing.T) {
	db := openDB(t, social.Client{})
	publish := func(ctx context.Context) error {
		for {
			c, ok, err := db.ClaimDue(ctx, fixedNow.Add(time.Minute), time.Minute)
			if err != nil || !ok {
				return err
			}
			if err := db.CompletePublish(ctx, c.Target.ID, store.Result{RemoteID: "r-" + c.Account.ID, At: fixedNow}); err != nil {
				return err
			}
		}
	}
	h := newHarness(t, db, Options{Publish: publish}, Request{ClientID: "acme"})
	h.typ("Right now")
	h.tick("acme-bsky")
	h.when("now")
	h.press("ctrl+p")
	if len(h.saved) != 2 {
		t.Fatalf("saved %+v, want the schedule then the publish", h.saved)
	}
	if n := h.saved[0].Note; n != "scheduled for now on bluesky · sending…" {
		t.Errorf("first note %q", n)
	}
	if n := h.saved[1].Note; n != "published on acme-bsky" {
		t.Errorf("second note %q", n)
	}
}
