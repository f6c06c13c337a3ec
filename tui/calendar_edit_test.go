package tui

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/chorus-social/chorus/social"
	"github.com/chorus-social/chorus/store"
)

// Berlin changes to summer time on 2026-03-29 and back on 2026-10-25. A post moved a day
// over either keeps its 09:00 in Berlin, so it moves 23 or 25 hours.
func TestCalendarMoveKeepsTheWallClockAcrossDST(t *testing.T) {
	for _, tc := range []struct {
		name     string
		now, due time.Time
		key      string
		want     time.Time
		shown    string
	}{
		{"into summer time", time.Date(2026, 3, 20, 12, 0, 0, 0, time.UTC), time.Date(2026, 3, 28, 8, 0, 0, 0, time.UTC), ">",
			time.Date(2026, 3, 29, 7, 0, 0, 0, time.UTC), "Sun 29 Mar 09:00 CEST"},
		{"back into winter time", time.Date(2026, 3, 20, 12, 0, 0, 0, time.UTC), time.Date(2026, 3, 29, 7, 0, 0, 0, time.UTC), "<",
			time.Date(2026, 3, 28, 8, 0, 0, 0, time.UTC), "Sat 28 Mar 09:00 CET"},
		{"out of summer time", time.Date(2026, 10, 20, 12, 0, 0, 0, time.UTC), time.Date(2026, 10, 24, 7, 0, 0, 0, time.UTC), ">",
			time.Date(2026, 10, 25, 8, 0, 0, 0, time.UTC), "Sun 25 Oct 09:00 CET"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db := openStore(t)
			ctx := context.Background()
			if err := db.PutClient(ctx, social.Client{ID: "acme", Name: "Acme Coffee", TZ: "Europe/Berlin"}); err != nil {
				t.Fatal(err)
			}
			if err := db.PutAccount(ctx, social.Account{ID: "acme-masto", ClientID: "acme", Platform: "mastodon", Handle: "acme"}); err != nil {
				t.Fatal(err)
			}
			if err := db.CreatePost(ctx, &social.Post{ClientID: "acme", Parts: []social.Part{{Text: "spring menu"}},
				Targets: []social.Target{{AccountID: "acme-masto", Status: social.StatusScheduled, DueAt: tc.due}}}); err != nil {
				t.Fatal(err)
			}
			a := newApp(t, Deps{DB: db, Now: func() time.Time { return tc.now }})
			start(t, a, 100, 30)
			drive(t, a, press("1"))
			setView(t, a, "agenda")
			goToDay(t, a, dateOnly(tc.due, "Europe/Berlin"))
			selectPost(t, a, db, "spring menu")
			if l := selectedLine(a); !strings.Contains(l, "09:00 ") {
				t.Fatalf("before: %q", l)
			}
			drive(t, a, press(tc.key))
			if got := targetOf(t, db, "spring menu").DueAt; !got.Equal(tc.want) {
				t.Errorf("stored due %v, want %v", got, tc.want)
			}
			f := frame(a)
			if !strings.Contains(f, "moved to "+tc.shown) {
				t.Errorf("status bar does not say where it went (%s):\n%s", tc.shown, f)
			}
			if l := selectedLine(a); !strings.Contains(l, "09:00 ") || !strings.Contains(l, "spring menu") {
				t.Errorf("the cursor did not follow the post, or its time changed: %q\n%s", l, f)
			}
			if got := a.cal.Day().Format("Mon 02 Jan"); !strings.HasPrefix(tc.shown, got) {
				t.Errorf("cursor on %s, want the post's new day", got)
			}
		})
	}
}

// dateOnly is t's date in zone, as the calendar's cursor holds dates.
func dateOnly(t time.Time, zone string) time.Time {
	loc, _ := time.LoadLocation(zone)
	y, m, d := t.In(loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func TestCalendarRefusesToMoveWhatWentOutOrWouldBePast(t *testing.T) {
	db := openStore(t)
	calendarFixture(t, db)
	a := calendarApp(t, db, 100, 30, "", "agenda")
	for _, tc := range []struct{ text, key, says string }{
		{"Going out right now", ">", "it is being published right now"},
		{"Our winter blend is back! Come taste it this weekend at every Acme store.", "<", "a day earlier is past: p publishes it now"},
	} {
		selectPost(t, a, db, tc.text)
		before := targetOf(t, db, tc.text).DueAt
		drive(t, a, press(tc.key))
		if f := frame(a); !strings.Contains(f, tc.says) {
			t.Errorf("%s on %q: status bar lacks %q:\n%s", tc.key, tc.text, tc.says, f)
		}
		if after := targetOf(t, db, tc.text).DueAt; !after.Equal(before) {
			t.Errorf("%q moved from %v to %v", tc.text, before, after)
		}
	}
	goToDay(t, a, time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC))
	selectPost(t, a, db, "Happy Monday from the Acme roastery!")
	drive(t, a, press(">"))
	if f := frame(a); !strings.Contains(f, "published: it stays where it went out") {
		t.Errorf("a published post moved, or the refusal does not say why:\n%s", f)
	}
}

func TestCalendarPauseAndResumeSurviveARestart(t *testing.T) {
	db := openStore(t)
	calendarFixture(t, db)
	winter := "Our winter blend is back! Come taste it this weekend at every Acme store."
	a := calendarApp(t, db, 100, 30, "", "agenda")
	selectPost(t, a, db, winter)
	drive(t, a, press("space"))
	if l := selectedLine(a); !strings.Contains(l, "‖ paused") {
		t.Errorf("after space: %q", l)
	}
	if st := targetOf(t, db, winter).Status; st != social.StatusPaused {
		t.Fatalf("stored %s, want paused", st)
	}
	if !strings.Contains(frame(a), "paused until you resume it (space)") {
		t.Errorf("no note:\n%s", frame(a))
	}

	b := calendarApp(t, db, 100, 30, "", "agenda") // a restart
	selectPost(t, b, db, winter)
	if l := selectedLine(b); !strings.Contains(l, "‖ paused") {
		t.Fatalf("after a restart: %q", l)
	}
	drive(t, b, press("space"))
	if st := targetOf(t, db, winter).Status; st != social.StatusScheduled {
		t.Fatalf("resumed to %s, want scheduled", st)
	}
	if f := frame(b); !strings.Contains(selectedLine(b), "● scheduled") || !strings.Contains(f, "resumed: scheduled Tue 01 Dec 16:00 CET") {
		t.Errorf("after resume:\n%s", f)
	}

	// A draft paused comes back a draft, not scheduled.
	goToDay(t, b, calendarDay)
	selectPost(t, b, db, "Friday draft post")
	drive(t, b, press("space"), press("space"))
	if st := targetOf(t, db, "Friday draft post").Status; st != social.StatusDraft {
		t.Errorf("draft paused and resumed is %s", st)
	}
	if !strings.Contains(frame(b), "resumed: back to draft") {
		t.Errorf("no note:\n%s", frame(b))
	}
}

func TestCalendarDeleteAsksFirstAndNKeeps(t *testing.T) {
	db := openStore(t)
	calendarFixture(t, db)
	winter := "Our winter blend is back! Come taste it this weekend at every Acme store."
	a := calendarApp(t, db, 100, 30, "", "agenda")
	selectPost(t, a, db, winter)
	drive(t, a, press("d"))
	if !a.cal.Typing() || !strings.Contains(frame(a), `Delete "Our winter blend is back! Com…" on bluesky?  y delete · n keep`) {
		t.Fatalf("no prompt:\n%s", frame(a))
	}
	drive(t, a, press("q"), press("1")) // text for the prompt, not quit or a pane switch
	if a.quitting || !a.cal.Typing() {
		t.Fatal("a global key acted while the prompt was open")
	}
	drive(t, a, press("n"))
	if a.cal.Typing() || !strings.Contains(frame(a), winter[:20]) || !strings.Contains(frame(a), "kept") {
		t.Fatalf("n did not keep the post:\n%s", frame(a))
	}
	targetOf(t, db, winter)

	drive(t, a, press("d"), press("y"))
	if strings.Contains(frame(a), winter[:20]) || !strings.Contains(frame(a), "deleted") {
		t.Errorf("y did not delete:\n%s", frame(a))
	}
	rows, _ := db.TargetRows(context.Background(), store.TargetQuery{Limit: 1000})
	for _, r := range rows {
		if r.Text == winter {
			t.Fatal("the post is still stored")
		}
	}

	// A published post's record may go; the prompt and the note say it stays out there.
	goToDay(t, a, time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC))
	selectPost(t, a, db, "Happy Monday from the Acme roastery!")
	drive(t, a, press("d"))
	if !strings.Contains(frame(a), `Delete chorus's record of "Happy Monday from the Acme ro…"? It stays on bluesky.`) {
		t.Fatalf("published prompt:\n%s", frame(a))
	}
	drive(t, a, press("esc"))
	if a.cal.Typing() {
		t.Fatal("esc did not close the prompt")
	}
	drive(t, a, press("d"), press("y"))
	if !strings.Contains(frame(a), "deleted here; still on bluesky") {
		t.Errorf("note:\n%s", frame(a))
	}
}

func TestCalendarPublishNowMakesAFailedPostDue(t *testing.T) {
	db := openStore(t)
	calendarFixture(t, db)
	office := "We are opening a new office in Springfield. FAIL"
	a := calendarApp(t, db, 100, 30, "", "agenda")
	selectPost(t, a, db, office)
	drive(t, a, press("p"))
	tg := targetOf(t, db, office)
	if tg.Status != social.StatusScheduled || !tg.DueAt.Equal(fixedNow) || tg.LastError != "" {
		t.Fatalf("after p: %s due %v error %q", tg.Status, tg.DueAt, tg.LastError)
	}
	if !strings.Contains(frame(a), "due now: it goes out on the next sync (R)") {
		t.Errorf("note:\n%s", frame(a))
	}

	// With a publisher it runs at once.
	ran := 0
	a.cal.SetPublisher(func(context.Context) error { ran++; return nil })
	goToDay(t, a, calendarDay)
	selectPost(t, a, db, "Friday paused post")
	drive(t, a, press("p"))
	if ran != 1 || !strings.Contains(frame(a), "published now") {
		t.Errorf("publisher ran %d times:\n%s", ran, frame(a))
	}
	selectPost(t, a, db, "Friday draft post")
	drive(t, a, press("p"))
	if ran != 1 || !strings.Contains(frame(a), "a draft: schedule it first (e)") {
		t.Errorf("a draft was published, or the refusal does not say why:\n%s", frame(a))
	}
}

func TestCalendarFailedWriteReportsAndReloads(t *testing.T) {
	db := openStore(t)
	calendarFixture(t, db)
	a := calendarApp(t, db, 100, 30, "", "agenda")
	selectPost(t, a, db, "Our winter blend is back! Come taste it this weekend at every Acme store.")
	a.cal.SetPublisher(func(context.Context) error { return errors.New("network down") })
	drive(t, a, press("p"))
	if f := frame(a); !strings.Contains(f, "! calendar: due now; publish failed: network down") {
		t.Errorf("status bar:\n%s", f)
	}
	db.Close()
	drive(t, a, press("space"))
	if f := frame(a); !strings.Contains(f, "! calendar:") || !strings.Contains(f, "closed") {
		t.Errorf("a failed write is not reported:\n%s", f)
	}
}
