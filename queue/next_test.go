package queue

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/chorus-social/chorus/social"
)

const berlin = "Europe/Berlin"

func TestNextSkipsSlotsHeldByPlannedPosts(t *testing.T) {
	db := openDB(t, berlin)
	ctx := context.Background()
	setSlots(t, db, "acme-demo", "mon 09:30", "wed 12:00")
	after := at(t, berlin, "2026-12-07 08:00") // a Monday

	// Each step plans one more post, then asks again.
	steps := []struct {
		name    string
		account string
		status  social.Status
		due     string // in Berlin; "" plans nothing
		want    string
	}{
		{"first slot", "", "", "", "2026-12-07 09:30"},
		{"scheduled holds", "acme-demo", social.StatusScheduled, "2026-12-07 09:30", "2026-12-09 12:00"},
		{"draft holds nothing", "acme-demo", social.StatusDraft, "2026-12-09 12:00", "2026-12-09 12:00"},
		{"failed holds nothing", "acme-demo", social.StatusFailed, "2026-12-09 12:00", "2026-12-09 12:00"},
		{"another account's post holds nothing", "acme-other", social.StatusScheduled, "2026-12-09 12:00", "2026-12-09 12:00"},
		// A post waiting for approval keeps the time it was queued for.
		{"review holds", "acme-demo", social.StatusReview, "2026-12-09 12:00", "2026-12-14 09:30"},
		{"paused holds", "acme-demo", social.StatusPaused, "2026-12-14 09:30", "2026-12-16 12:00"},
		{"published holds", "acme-demo", social.StatusPublished, "2026-12-16 12:00", "2026-12-21 09:30"},
	}
	for _, s := range steps {
		if s.due != "" {
			// A few seconds into the minute still holds the slot.
			plan(t, db, s.account, s.status, at(t, berlin, s.due).Add(20*time.Second))
		}
		got, err := Next(ctx, db, "acme-demo", after)
		if want := at(t, berlin, s.want); err != nil || !got.Equal(want) {
			t.Fatalf("%s: Next = %v, %v; want %v", s.name, got, err, want)
		}
		if got.Location() != time.UTC {
			t.Fatalf("%s: %v is not in UTC", s.name, got)
		}
	}
}

func TestNextIsAtOrAfter(t *testing.T) {
	db := openDB(t, berlin)
	setSlots(t, db, "acme-demo", "mon 09:30")
	slot := at(t, berlin, "2026-12-07 09:30")
	for _, tc := range []struct {
		after, want time.Time
	}{
		{slot, slot},
		{slot.Add(-time.Second), slot},
		{slot.Add(time.Second), at(t, berlin, "2026-12-14 09:30")},
	} {
		if got, err := Next(context.Background(), db, "acme-demo", tc.after); err != nil || !got.Equal(tc.want) {
			t.Errorf("Next after %v = %v, %v; want %v", tc.after, got, err, tc.want)
		}
	}
}

// The clocks skip 02:00–03:00 on the last Sunday of March in Berlin and repeat 02:00–03:00
// on the last Sunday of October; in New York they skip and repeat 02:00 and 01:00.
func TestNextAcrossDST(t *testing.T) {
	cases := []struct {
		name, tz string
		slots    []string
		after    time.Time
		want     []time.Time
	}{
		{"Berlin spring forward: 02:30 does not exist that Sunday", berlin, []string{"sun 02:30", "sun 10:00"},
			utc("2026-03-28T12:00:00Z"),
			[]time.Time{utc("2026-03-29T08:00:00Z"), utc("2026-04-05T00:30:00Z"), utc("2026-04-05T08:00:00Z")}},
		{"Berlin fall back: the first 02:30, still summer time", berlin, []string{"sun 02:30"},
			utc("2026-10-24T12:00:00Z"),
			[]time.Time{utc("2026-10-25T00:30:00Z"), utc("2026-11-01T01:30:00Z")}},
		{"Berlin fall back: the repeated hour is not a second slot", berlin, []string{"sun 02:30"},
			utc("2026-10-25T00:45:00Z"),
			[]time.Time{utc("2026-11-01T01:30:00Z")}},
		{"slots keep their wall-clock time across the change", berlin, []string{"fri 09:00"},
			utc("2026-10-20T00:00:00Z"),
			[]time.Time{utc("2026-10-23T07:00:00Z"), utc("2026-10-30T08:00:00Z")}},
		{"New York spring forward", "America/New_York", []string{"sun 02:30", "sun 09:00"},
			utc("2026-03-07T12:00:00Z"),
			[]time.Time{utc("2026-03-08T13:00:00Z"), utc("2026-03-15T06:30:00Z")}},
		{"New York fall back", "America/New_York", []string{"sun 01:30"},
			utc("2026-10-31T12:00:00Z"),
			[]time.Time{utc("2026-11-01T05:30:00Z"), utc("2026-11-08T06:30:00Z")}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			db := openDB(t, tc.tz)
			setSlots(t, db, "acme-demo", tc.slots...)
			got, err := Free(context.Background(), db, "acme-demo", tc.after, len(tc.want))
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tc.want) {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
			for i := range got {
				if !got[i].Equal(tc.want[i]) {
					t.Fatalf("slot %d: got %v, want %v", i, got[i], tc.want[i])
				}
			}
		})
	}
}

func TestWallTime(t *testing.T) {
	for _, tc := range []struct {
		tz     string
		y      int
		m      time.Month
		d, min int
		want   string // RFC 3339 in UTC, "" for a time the clocks skip
	}{
		{berlin, 2026, 3, 29, 2*60 + 30, ""},
		{berlin, 2026, 3, 29, 3 * 60, "2026-03-29T01:00:00Z"},
		{berlin, 2026, 3, 29, 1*60 + 59, "2026-03-29T00:59:00Z"},
		{berlin, 2026, 10, 25, 2*60 + 30, "2026-10-25T00:30:00Z"},
		{berlin, 2026, 10, 25, 3 * 60, "2026-10-25T02:00:00Z"},
		// Lord Howe Island moves its clocks by half an hour.
		{"Australia/Lord_Howe", 2026, 10, 4, 2*60 + 15, ""},
		{"Australia/Lord_Howe", 2026, 4, 5, 1*60 + 45, "2026-04-04T14:45:00Z"},
		// Samoa skipped 30 December 2011 when it crossed the date line.
		{"Pacific/Apia", 2011, 12, 30, 9 * 60, ""},
		{"UTC", 2026, 2, 28, 23*60 + 59, "2026-02-28T23:59:00Z"},
	} {
		loc, err := time.LoadLocation(tc.tz)
		if err != nil {
			t.Fatal(err)
		}
		got, ok := wallTime(tc.y, tc.m, tc.d, tc.min, loc)
		s := ""
		if ok {
			s = got.Format(time.RFC3339)
		}
		if s != tc.want {
			t.Errorf("%s %d-%02d-%02d %02d:%02d: got %q, want %q", tc.tz, tc.y, tc.m, tc.d, tc.min/60, tc.min%60, s, tc.want)
		}
	}
}

func TestNextErrorsSayWhatToDo(t *testing.T) {
	db := openDB(t, berlin)
	ctx := context.Background()
	_, err := Next(ctx, db, "acme-demo", time.Now())
	if !errors.Is(err, ErrNoSlots) || !strings.Contains(err.Error(), "account acme-demo has no queue slots: set them with `chorus queue set --account acme-demo") {
		t.Fatalf("no slots: %v", err)
	}
	if _, err := Next(ctx, db, "ghost", time.Now()); err == nil || !strings.Contains(err.Error(), `no account "ghost"`) {
		t.Fatalf("unknown account: %v", err)
	}

	// A year of Mondays, every one taken. 09:00 is never in a DST gap, so time.Date is exact.
	setSlots(t, db, "acme-demo", "mon 09:00")
	loc := mustLoc(t, berlin)
	var posts []*social.Post
	for w := range 54 {
		due := time.Date(2026, 12, 7+7*w, 9, 0, 0, 0, loc).UTC()
		posts = append(posts, &social.Post{ClientID: "acme", Parts: []social.Part{{Text: "x"}},
			Targets: []social.Target{{AccountID: "acme-demo", Status: social.StatusScheduled, DueAt: due}}})
	}
	if err := db.CreatePosts(ctx, posts); err != nil {
		t.Fatal(err)
	}
	after := at(t, berlin, "2026-12-07 08:00")
	if _, err := Next(ctx, db, "acme-demo", after); err == nil || !strings.Contains(err.Error(), "every queue slot of acme-demo is taken until") {
		t.Fatalf("full year: %v", err)
	}
}

func mustLoc(t *testing.T, tz string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(tz)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func TestNextFuncHasTheComposersShape(t *testing.T) {
	db := openDB(t, "UTC")
	setSlots(t, db, "acme-demo", "tue 10:00")
	var next func(context.Context, string, time.Time) (time.Time, error) = NextFunc(db)
	got, err := next(context.Background(), "acme-demo", utc("2026-12-01T10:00:01Z"))
	if err != nil || !got.Equal(utc("2026-12-08T10:00:00Z")) {
		t.Fatalf("got %v, %v", got, err)
	}
}
