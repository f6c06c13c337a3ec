package store

import (
	"context"
	"fmt"
	"math/rand"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chorus-social/chorus/social"
)

// calDate is a calendar date as CalendarDay.Date holds it.
func calDate(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// twoZones makes a Berlin client and a Tokyo client with one account each.
func twoZones(t *testing.T, db *DB) (berlin, tokyo social.Account) {
	t.Helper()
	ctx := t.Context()
	if err := db.PutClient(ctx, social.Client{ID: "acme", Name: "Acme", TZ: "Europe/Berlin"}); err != nil {
		t.Fatal(err)
	}
	if err := db.PutClient(ctx, social.Client{ID: "nova", Name: "Nova", TZ: "Asia/Tokyo"}); err != nil {
		t.Fatal(err)
	}
	return mustAccount(t, db, "acme-demo", "acme", "demo"), mustAccount(t, db, "nova-demo", "nova", "bluesky")
}

func dayOf(t *testing.T, days []CalendarDay, date time.Time) CalendarDay {
	t.Helper()
	for _, d := range days {
		if d.Date.Equal(date) {
			return d
		}
	}
	t.Fatalf("no day %s among %d", date.Format(time.DateOnly), len(days))
	return CalendarDay{}
}

func texts(d CalendarDay) []string {
	var out []string
	for _, r := range d.Targets {
		out = append(out, r.Text)
	}
	return out
}

func TestCalendarDaysFallOnTheClientsOwnDateUnlessAZoneIsGiven(t *testing.T) {
	db := openTest(t)
	berlin, tokyo := twoZones(t, db)
	late := time.Date(2026, 12, 1, 23, 30, 0, 0, time.UTC) // Wed 00:30 in Berlin, Wed 08:30 in Tokyo; ties go by id
	eve := time.Date(2026, 12, 1, 17, 0, 0, 0, time.UTC)   // Tue 18:00 in Berlin, Wed 02:00 in Tokyo
	scheduled(t, db, berlin, late, "berlin late")
	scheduled(t, db, berlin, eve, "berlin eve")
	scheduled(t, db, tokyo, late, "tokyo late")
	scheduled(t, db, tokyo, eve, "tokyo eve")
	q := CalendarQuery{From: calDate(2026, 11, 30), Days: 7, PerDay: 10}
	days, err := db.CalendarDays(t.Context(), q)
	if err != nil {
		t.Fatal(err)
	}
	if len(days) != 7 || !days[0].Date.Equal(calDate(2026, 11, 30)) || !days[6].Date.Equal(calDate(2026, 12, 6)) {
		t.Fatalf("days %v … %v", days[0].Date, days[len(days)-1].Date)
	}
	tue, wed := dayOf(t, days, calDate(2026, 12, 1)), dayOf(t, days, calDate(2026, 12, 2))
	if got := texts(tue); !slices.Equal(got, []string{"berlin eve"}) || tue.Posts != 1 {
		t.Errorf("Tuesday in each client's zone: %v (%d posts)", got, tue.Posts)
	}
	if got := texts(wed); !slices.Equal(got, []string{"tokyo eve", "berlin late", "tokyo late"}) || wed.Posts != 3 {
		t.Errorf("Wednesday in each client's zone, by due time: %v (%d posts)", got, wed.Posts)
	}
	q.Zone = time.UTC
	days, err = db.CalendarDays(t.Context(), q)
	if err != nil {
		t.Fatal(err)
	}
	if got := texts(dayOf(t, days, calDate(2026, 12, 1))); len(got) != 4 {
		t.Errorf("Tuesday in UTC holds all four: %v", got)
	}
	q.Zone, q.ClientID = nil, "nova"
	days, err = db.CalendarDays(t.Context(), q)
	if err != nil {
		t.Fatal(err)
	}
	if got := texts(dayOf(t, days, calDate(2026, 12, 2))); !slices.Equal(got, []string{"tokyo eve", "tokyo late"}) {
		t.Errorf("one client: %v", got)
	}
}

func TestCalendarDaysCountEveryPostButReturnPerDay(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	a := seedClientAccount(t, db)
	b := mustAccount(t, db, "acme-bsky", "acme", "bluesky")
	base := time.Date(2026, 12, 3, 8, 0, 0, 0, time.UTC)
	for i := range 12 {
		// Every post on both accounts: 12 posts, 24 targets.
		mustPost(t, db, "acme", []social.Target{
			{AccountID: a.ID, Status: social.StatusScheduled, DueAt: base.Add(time.Duration(i) * time.Minute)},
			{AccountID: b.ID, Status: social.StatusDraft, DueAt: base.Add(time.Duration(i) * time.Minute)},
		}, fmt.Sprintf("post %d", i), "part two")
	}
	mustPost(t, db, "acme", []social.Target{{AccountID: a.ID, DueAt: time.Time{}}}, "an idea without a date")
	days, err := db.CalendarDays(ctx, CalendarQuery{ClientID: "acme", From: calDate(2026, 12, 3), Days: 1, PerDay: 5})
	if err != nil {
		t.Fatal(err)
	}
	d := days[0]
	if d.Posts != 12 || len(d.Targets) != 5 {
		t.Fatalf("%d posts, %d targets; want 12 and 5", d.Posts, len(d.Targets))
	}
	first := d.Targets[0]
	if first.Text != "post 0" || first.Parts != 2 || first.ClientID != "acme" || first.Platform == "" || first.Handle == "" ||
		first.IdemKey == "" || !first.DueAt.Equal(base) {
		t.Errorf("first target: %+v", first)
	}
	if d.Targets[1].PostID != first.PostID || d.Targets[2].PostID == first.PostID {
		t.Errorf("a post's targets at one time come together: %d %d %d", first.PostID, d.Targets[1].PostID, d.Targets[2].PostID)
	}
}

func TestCalendarFreeSlotsFollowTheClientsWallClockAndTheQueueRule(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	a := seedClientAccount(t, db) // Berlin
	// Fridays and Sundays at 09:00 and 17:30, Berlin time.
	slots := []QueueSlot{{time.Friday, 9 * 60}, {time.Friday, 17*60 + 30}, {time.Sunday, 9 * 60}}
	if err := db.SetQueueSlots(ctx, a.ID, slots); err != nil {
		t.Fatal(err)
	}
	fri := time.Date(2026, 3, 27, 8, 0, 0, 0, time.UTC) // 09:00 CET
	scheduled(t, db, a, fri, "holds the Friday morning slot")
	mustPost(t, db, "acme", []social.Target{{AccountID: a.ID, Status: social.StatusDraft, DueAt: fri.Add(8*time.Hour + 30*time.Minute)}}, "a draft holds nothing")
	now := time.Date(2026, 3, 26, 12, 0, 0, 0, time.UTC)
	days, err := db.CalendarDays(ctx, CalendarQuery{From: calDate(2026, 3, 23), Days: 14, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range days {
		for _, f := range d.Free {
			if f.AccountID != a.ID || f.ClientID != "acme" || f.Platform != "demo" {
				t.Errorf("slot %+v", f)
			}
			got = append(got, f.At.Format("Mon 02 15:04"))
		}
	}
	// Sunday 29 March is the first day of summer time: 09:00 in Berlin is 07:00 UTC.
	want := []string{"Fri 27 16:30", "Sun 29 07:00", "Fri 03 07:00", "Fri 03 15:30", "Sun 05 07:00"}
	if !slices.Equal(got, want) {
		t.Errorf("free slots (UTC) %v, want %v", got, want)
	}
	// Slots before now are not free, they are gone.
	days, err = db.CalendarDays(ctx, CalendarQuery{From: calDate(2026, 3, 23), Days: 14, Now: time.Date(2026, 4, 3, 12, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, d := range days {
		n += len(d.Free)
	}
	if n != 2 {
		t.Errorf("%d free slots after Friday noon, want 2 (Friday 17:30, Sunday)", n)
	}
}

func TestCalendarGapsAreDaysAClientPostsOnWithNothingGoingOut(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	berlin, tokyo := twoZones(t, db)
	// acme posts on Mondays and Wednesdays (its slots); nova has none, so Monday to Friday.
	if err := db.SetQueueSlots(ctx, berlin.ID, []QueueSlot{{time.Monday, 600}, {time.Wednesday, 600}}); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC) // a Monday
	scheduled(t, db, berlin, time.Date(2026, 12, 2, 15, 0, 0, 0, time.UTC), "acme Wednesday")
	mustPost(t, db, "acme", []social.Target{{AccountID: berlin.ID, Status: social.StatusDraft, DueAt: time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)}}, "a draft fills no gap")
	for d := range 7 {
		if d != 3 && d != 5 { // nothing on Thursday 3 and Saturday 5
			scheduled(t, db, tokyo, time.Date(2026, 11, 30+d, 3, 0, 0, 0, time.UTC), "nova daily")
		}
	}
	days, err := db.CalendarDays(ctx, CalendarQuery{From: calDate(2026, 11, 23), Days: 21, Now: now, GapDays: 10})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range days {
		if len(d.Gaps) > 0 {
			got = append(got, d.Date.Format("Mon 02")+" "+strings.Join(d.Gaps, ","))
		}
	}
	// Before today nothing is a gap, nor from ten days on (Wed 09 Dec is the last day).
	want := []string{"Mon 30 acme", "Thu 03 nova", "Mon 07 acme,nova", "Tue 08 nova", "Wed 09 acme,nova"}
	if !slices.Equal(got, want) {
		t.Errorf("gaps %v, want %v", got, want)
	}
}

func TestCalendarDaysOfAWorkspaceWithoutAccountsAreEmpty(t *testing.T) {
	db := openTest(t)
	mustClient(t, db, "acme")
	days, err := db.CalendarDays(t.Context(), CalendarQuery{From: calDate(2026, 12, 1), Days: 3, PerDay: 5, GapDays: 5, Now: t0})
	if err != nil || len(days) != 3 || days[2].Posts != 0 || len(days[0].Gaps) != 0 {
		t.Fatalf("%+v %v", days, err)
	}
}

// TestCalendarQueryPlansSeek: the calendar's counts and its first targets per day read
// targets_calendar only (one seek per account and day), never a scan of targets.
func TestCalendarQueryPlansSeek(t *testing.T) {
	db := openTest(t)
	twoZones(t, db)
	tx, err := db.r.BeginTx(t.Context(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	sc, err := calendarScope(t.Context(), tx, CalendarQuery{From: calDate(2026, 12, 1), Days: 35, PerDay: 8})
	if err != nil {
		t.Fatal(err)
	}
	with, args := sc.with()
	tx.Rollback()
	for name, q := range map[string]string{"counts": countsSQL, "first targets": firstTargetsSQL} {
		t.Run(name, func(t *testing.T) {
			plan := queryPlan(t, db, with+q, append(args, 8)...)
			if !strings.Contains(plan, "COVERING INDEX targets_calendar (account_id=? AND kind=? AND due_at>? AND due_at<?)") {
				t.Errorf("plan does not seek targets_calendar:\n%s", plan)
			}
			for _, line := range strings.Split(plan, "\n") {
				if strings.HasPrefix(line, "SCAN t") {
					t.Errorf("plan scans targets: %s\n%s", line, plan)
				}
			}
		})
	}
}

// BenchmarkCalendarDays: a month grid (35 days), a week and a day of a workspace with
// 10,000 posts over seven weeks (about 20,000 targets on 9 accounts in 3 zones, some 400
// a day): the calendar pane's loads.
func BenchmarkCalendarDays(b *testing.B) {
	start := time.Date(2026, 11, 9, 0, 0, 0, 0, time.UTC)
	const spread = 49
	db := cachedDB(b, "calendar-10k", func(db *DB) {
		ctx := context.Background()
		accts := benchAccounts(b, db)
		for c, tz := range []string{"America/New_York", "Europe/Berlin", "Asia/Tokyo"} {
			if err := db.PutClient(ctx, social.Client{ID: fmt.Sprintf("c%d", c), Name: fmt.Sprint("Client ", c), TZ: tz}); err != nil {
				b.Fatal(err)
			}
		}
		r := rand.New(rand.NewSource(6))
		statuses := []social.Status{social.StatusScheduled, social.StatusDraft, social.StatusApproved, social.StatusPaused}
		for range 10 {
			posts := make([]*social.Post, 1000)
			for i := range posts {
				c := r.Intn(3)
				due := start.Add(time.Duration(r.Int63n(int64(spread * 24 * time.Hour)))).Truncate(15 * time.Minute)
				p := &social.Post{ClientID: fmt.Sprintf("c%d", c), Parts: []social.Part{{Text: "a post about things"}}}
				st := statuses[r.Intn(len(statuses))]
				for k := range 1 + r.Intn(3) {
					p.Targets = append(p.Targets, social.Target{AccountID: accts[c*3+k].ID, Status: st, DueAt: due})
				}
				posts[i] = p
			}
			if err := db.CreatePosts(ctx, posts); err != nil {
				b.Fatal(err)
			}
		}
		for _, a := range accts {
			if err := db.SetQueueSlots(ctx, a.ID, []QueueSlot{{time.Monday, 540}, {time.Wednesday, 540}, {time.Friday, 1020}}); err != nil {
				b.Fatal(err)
			}
		}
	})
	now := start.AddDate(0, 0, 21)
	for _, bc := range []struct {
		name         string
		client       string
		days, perDay int
	}{
		{"month", "", 35, 8},
		{"month-client", "c1", 35, 8},
		{"week", "", 7, 60},
		{"day", "", 1, 500},
	} {
		b.Run(bc.name, func(b *testing.B) {
			r := rand.New(rand.NewSource(7))
			ctx := context.Background()
			var l latencies
			for b.Loop() {
				for range queriesPerOp / 4 {
					q := CalendarQuery{ClientID: bc.client, From: start.AddDate(0, 0, r.Intn(spread-bc.days+1)), Days: bc.days,
						PerDay: bc.perDay, Now: now, GapDays: 28}
					l.measure(b, func() (int, error) {
						days, err := db.CalendarDays(ctx, q)
						n := 0
						for _, d := range days {
							n += len(d.Targets)
						}
						return n, err
					})
				}
			}
			l.report(b)
		})
	}
}
