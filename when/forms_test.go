package when

import (
	"strings"
	"testing"
	"time"
)

func mustLoc(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// at reads "2006-01-02 15:04" in loc, or RFC 3339 with its own offset (for the times a
// DST overlap makes ambiguous).
func at(t testing.TB, s string, loc *time.Location) time.Time {
	t.Helper()
	if strings.Contains(s, "T") {
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	v, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

type formCase struct {
	in   string
	want string // "2006-01-02 15:04" in the zone, or RFC 3339; "" when an error is wanted
	err  string // a substring of the error
}

// Mon 2026-11-30 10:00 in the zone under test.
const monday = "2026-11-30 10:00"

var everyForm = []formCase{
	// now and durations
	{in: "now", want: "2026-11-30 10:00"},
	{in: "  NOW ", want: "2026-11-30 10:00"},
	{in: "2h", want: "2026-11-30 12:00"},
	{in: "90m", want: "2026-11-30 11:30"},
	{in: "1h30m", want: "2026-11-30 11:30"},
	{in: "1H30M", want: "2026-11-30 11:30"},
	{in: "3d", want: "2026-12-03 10:00"},
	{in: "1w", want: "2026-12-07 10:00"},
	{in: "2w3d", want: "2026-12-17 10:00"},
	{in: "1d2h", want: "2026-12-01 12:00"},
	{in: "1 day 2 hours", want: "2026-12-01 12:00"},
	{in: "in 3 days", want: "2026-12-03 10:00"},
	{in: "in 2 hours", want: "2026-11-30 12:00"},
	{in: "in 45 minutes", want: "2026-11-30 10:45"},
	{in: "in 2 hours and 30 minutes", want: "2026-11-30 12:30"},
	{in: "in an hour", want: "2026-11-30 11:00"},
	{in: "in a week", want: "2026-12-07 10:00"},
	{in: "in 1 wk", want: "2026-12-07 10:00"},
	{in: "2 hrs", want: "2026-11-30 12:00"},
	{in: "+90m", want: "2026-11-30 11:30"},
	{in: "+2h", want: "2026-11-30 12:00"},
	{in: "+3d", want: "2026-12-03 10:00"},
	{in: "in 2h", want: "2026-11-30 12:00"},
	{in: "1.5h", want: "2026-11-30 11:30"},
	{in: "in 1.5h", want: "2026-11-30 11:30"},
	{in: "in 0m", want: "2026-11-30 10:00"},
	{in: "+-2h", err: "not a duration"},
	{in: "-2h", err: "not a time I know"},
	{in: "in", err: "not a time I know"},
	{in: "in soon", err: "not a duration"},
	{in: "in 2", err: "not a duration"},
	{in: "in 2 months", err: "not a duration"},
	{in: "2h2h", err: "not a time I know"},
	{in: "in 3650 days", want: "2036-11-27 10:00"},
	{in: "in 9999 days", err: "more than 10 years"},
	{in: "99999h", err: "more than 10 years"},
	{in: "9999999h", err: "not a time I know"},

	// tomorrow, today, tonight, next week
	{in: "tomorrow", want: "2026-12-01 09:00"},
	{in: "Tomorrow 9AM", want: "2026-12-01 09:00"},
	{in: "tomorrow 9am", want: "2026-12-01 09:00"},
	{in: "tomorrow 18:00", want: "2026-12-01 18:00"},
	{in: "tomorrow at 9:30", want: "2026-12-01 09:30"},
	{in: "tomorrow at 9:30 pm", want: "2026-12-01 21:30"},
	{in: "9am tomorrow", want: "2026-12-01 09:00"},
	{in: "at noon tomorrow", want: "2026-12-01 12:00"},
	{in: "tmrw 7:05", want: "2026-12-01 07:05"},
	{in: "today 17:00", want: "2026-11-30 17:00"},
	{in: "today at 5 p.m.", want: "2026-11-30 17:00"},
	{in: "today 9:00", err: "already passed"},
	{in: "today 10:00", err: "already passed"},
	{in: "today", err: "today at what time"},
	{in: "tonight", want: "2026-11-30 20:00"},
	{in: "tonight 10pm", want: "2026-11-30 22:00"},
	{in: "tonight at 21:30", want: "2026-11-30 21:30"},
	{in: "tonight 9am", err: "this evening"},
	{in: "next week", want: "2026-12-07 09:00"},
	{in: "next week 10:30", want: "2026-12-07 10:30"},
	{in: "tomorrow 9", err: "ambiguous"},
	{in: "tomorrow midnight", err: "ambiguous"},
	{in: "tomorrow today", err: "twice"},
	{in: "tomorrow 9am 10am", err: "twice"},
	{in: "next", err: "next what"},
	{in: "next month", err: "next what"},
	{in: "tomorrowish", err: "not a time I know"},

	// weekdays (now is a Monday)
	{in: "mon", want: "2026-12-07 09:00"},
	{in: "monday", want: "2026-12-07 09:00"},
	{in: "mon 11:00", want: "2026-11-30 11:00"},
	{in: "mon 9:00", want: "2026-12-07 09:00"},
	{in: "next mon 11:00", want: "2026-12-07 11:00"},
	{in: "next monday", want: "2026-12-07 09:00"},
	{in: "tue", want: "2026-12-01 09:00"},
	{in: "tue 9:30", want: "2026-12-01 09:30"},
	{in: "Tuesday 09:30", want: "2026-12-01 09:30"},
	{in: "wed", want: "2026-12-02 09:00"},
	{in: "weds 8pm", want: "2026-12-02 20:00"},
	{in: "on thu at 5pm", want: "2026-12-03 17:00"},
	{in: "thurs", want: "2026-12-03 09:00"},
	{in: "fri 10:00", want: "2026-12-04 10:00"},
	{in: "fri 10am", want: "2026-12-04 10:00"},
	{in: "fri 10 am", want: "2026-12-04 10:00"},
	{in: "10:00 fri", want: "2026-12-04 10:00"},
	{in: "next fri", want: "2026-12-04 09:00"},
	{in: "next friday 16:45", want: "2026-12-04 16:45"},
	{in: "sat at 2pm", want: "2026-12-05 14:00"},
	{in: "sun", want: "2026-12-06 09:00"},
	{in: "fri fri", err: "twice"},
	{in: "tomorrow fri", err: "twice"},
	{in: "fri midnight", err: "ambiguous"},

	// times alone
	{in: "9am", want: "2026-12-01 09:00"},
	{in: "9 am", want: "2026-12-01 09:00"},
	{in: "9:30pm", want: "2026-11-30 21:30"},
	{in: "9:30 PM", want: "2026-11-30 21:30"},
	{in: "9 p.m.", want: "2026-11-30 21:00"},
	{in: "18:00", want: "2026-11-30 18:00"},
	{in: "at 18:00", want: "2026-11-30 18:00"},
	{in: "8:05", want: "2026-12-01 08:05"},
	{in: "08:05", want: "2026-12-01 08:05"},
	{in: "10:00", want: "2026-12-01 10:00"}, // exactly now is not ahead
	{in: "10:01", want: "2026-11-30 10:01"},
	{in: "0:30", want: "2026-12-01 00:30"},
	{in: "23:59", want: "2026-11-30 23:59"},
	{in: "noon", want: "2026-11-30 12:00"},
	{in: "midnight", want: "2026-12-01 00:00"},
	{in: "12am", want: "2026-12-01 00:00"},
	{in: "12pm", want: "2026-11-30 12:00"},
	{in: "12:30am", want: "2026-12-01 00:30"},
	{in: "11:59:30", want: "2026-11-30 11:59"},
	{in: "9", err: "ambiguous"},
	{in: "25:00", err: "not a time of day"},
	{in: "24:00", err: "not a time of day"},
	{in: "9:60", err: "not a time of day"},
	{in: "9:5", err: "not a time of day"},
	{in: "13pm", err: "not a time of day"},
	{in: "0am", err: "not a time of day"},
	{in: "930am", err: "not a time of day"},
	{in: "at", err: "not a time ("},
	{in: "pm", err: "not a time I know"},

	// dates
	{in: "dec 1", want: "2026-12-01 09:00"},
	{in: "1 dec", want: "2026-12-01 09:00"},
	{in: "December 1st", want: "2026-12-01 09:00"},
	{in: "1st of dec", err: "not a time I know"},
	{in: "dec 1 9:30", want: "2026-12-01 09:30"},
	{in: "dec 1 at 9:30pm", want: "2026-12-01 21:30"},
	{in: "1 dec at 18:00", want: "2026-12-01 18:00"},
	{in: "tue 1 dec", want: "2026-12-01 09:00"},
	{in: "tue, dec 1 9:30", want: "2026-12-01 09:30"},
	{in: "fri 1 dec", err: "is a Tuesday, not a Friday"},
	{in: "nov 30 11:00", want: "2026-11-30 11:00"},
	{in: "nov 30", want: "2027-11-30 09:00"}, // 09:00 today has passed: next year's
	{in: "jan 5", want: "2027-01-05 09:00"},
	{in: "feb 29", want: "2028-02-29 09:00"},
	{in: "dec 1 2027", want: "2027-12-01 09:00"},
	{in: "dec 1, 2027 10am", want: "2027-12-01 10:00"},
	{in: "1 dec 2027 18:00", want: "2027-12-01 18:00"},
	{in: "1 jan 2025", want: "2025-01-01 09:00"}, // explicit year: taken as written
	{in: "feb 29 2027", err: "no 2027-02-29"},
	{in: "feb 30", err: "has no day 30"},
	{in: "apr 31", err: "has no day 31"},
	{in: "dec", err: "which day of dec"},
	{in: "dec 32", err: "which day of dec"},
	{in: "dec 1 dec 2", err: "twice"},
	{in: "tomorrow dec 1", err: "twice"},
	{in: "next fri dec 4", err: "twice"},
	{in: "2026-12-01 9am", want: "2026-12-01 09:00"},
	{in: "2026-12-01 at 18:00", want: "2026-12-01 18:00"},
	{in: "2026-12-01 9:30 pm", want: "2026-12-01 21:30"},
	{in: "2026-12-01", want: "2026-12-01 09:00"},
	{in: "2026-12-01 09:00", want: "2026-12-01 09:00"},
	{in: "2026-12-01T09:00", want: "2026-12-01 09:00"},
	{in: "2026-12-01 09:00:00", want: "2026-12-01 09:00"},
	{in: "2026-12-01t09:00", want: "2026-12-01 09:00"},
	{in: "2026-01-01 09:00", want: "2026-01-01 09:00"}, // absolute: may be past
	{in: "2026-12-01T09:00:00Z", want: "2026-12-01T09:00:00Z"},
	{in: "2026-12-01t09:00:00z", want: "2026-12-01T09:00:00Z"},
	{in: "2026-12-01T09:00:00+05:30", want: "2026-12-01T09:00:00+05:30"},
	{in: "2026-13-01", err: "no 2026-13-01"},
	{in: "2026-02-30 09:00", err: "no 2026-02-30"},
	{in: "12/01", err: "day/month or month/day"},
	{in: "1/12/2026", err: "day/month or month/day"},
	{in: "01.12.", err: "day/month or month/day"},
	{in: "12-01", err: "day/month or month/day"},
	{in: "2026/12/01", err: "day/month or month/day"},

	// nonsense
	{in: "blah", err: "write e.g."},
	{in: "next blah", err: "next what"},
	{in: "sometime soon", err: "write e.g."},
}

// TestParseForms runs every form from Mon 2026-11-30 10:00 in two zones: the wall-clock
// answers are the same in each, read in that zone.
func TestParseForms(t *testing.T) {
	for _, zone := range []string{"Europe/Berlin", "America/New_York"} {
		loc := mustLoc(t, zone)
		now := at(t, monday, loc)
		for _, tc := range everyForm {
			got, err := Parse(tc.in, now, loc)
			checkCase(t, zone, now, tc, got, err, loc)
		}
	}
}

func checkCase(t *testing.T, zone string, now time.Time, tc formCase, got time.Time, err error, loc *time.Location) {
	t.Helper()
	if tc.want == "" {
		if err == nil {
			t.Errorf("%s, now %s: Parse(%q) = %s, want an error containing %q", zone, now.In(loc).Format("Mon 2006-01-02 15:04"), tc.in, got.In(loc), tc.err)
		} else if !strings.Contains(err.Error(), tc.err) {
			t.Errorf("%s: Parse(%q) error %q, want it to contain %q", zone, tc.in, err, tc.err)
		}
		return
	}
	if err != nil {
		t.Errorf("%s, now %s: Parse(%q): %v", zone, now.In(loc).Format("Mon 2006-01-02 15:04"), tc.in, err)
		return
	}
	want := at(t, tc.want, loc)
	if tc.in == "11:59:30" {
		want = want.Add(30 * time.Second)
	}
	if !got.Equal(want) || got.Location() != time.UTC {
		t.Errorf("%s, now %s: Parse(%q) = %s (%s), want %s", zone, now.In(loc).Format("Mon 2006-01-02 15:04"), tc.in,
			got.In(loc).Format("Mon 2006-01-02 15:04 MST"), got.Location(), want.In(loc).Format("Mon 2006-01-02 15:04 MST"))
	}
}

// TestParseDST covers the clock changes: Berlin springs forward on Sun 2027-03-28
// (02:00 → 03:00) and falls back on Sun 2026-10-25 (03:00 CEST → 02:00 CET); New York
// springs forward on Sun 2027-03-14 and falls back on Sun 2026-11-01.
func TestParseDST(t *testing.T) {
	for _, g := range []struct {
		zone, now string
		cases     []formCase
	}{
		{"Europe/Berlin", monday, []formCase{
			{in: "2027-03-28 02:30", err: "does not exist in Europe/Berlin (the clocks skip from 02:00 to 03:00"},
			{in: "2027-03-28 02:00", err: "does not exist in Europe/Berlin"},
			{in: "2027-03-28 01:59", want: "2027-03-28T01:59:00+01:00"},
			{in: "2027-03-28 03:00", want: "2027-03-28T03:00:00+02:00"},
			{in: "mar 28 2:30", err: "does not exist in Europe/Berlin"},
			// The first 02:30, on summer time; Go's time.Date would pick the second.
			{in: "2026-10-25 02:30", want: "2026-10-25T02:30:00+02:00"},
			{in: "2026-10-25 01:59", want: "2026-10-25T01:59:00+02:00"},
			{in: "2026-10-25 03:00", want: "2026-10-25T03:00:00+01:00"},
		}},
		// Fri 2027-03-26: "sat 2:30" is an ordinary night, "sun 2:30" falls in the gap.
		{"Europe/Berlin", "2027-03-26 10:00", []formCase{
			{in: "sat 2:30", want: "2027-03-27T02:30:00+01:00"},
			{in: "sun 2:30", err: "2027-03-28 02:30 does not exist in Europe/Berlin"},
			{in: "sun 2:30am", err: "does not exist in Europe/Berlin"},
			{in: "sun 3:30", want: "2027-03-28T03:30:00+02:00"},
			{in: "sun", want: "2027-03-28T09:00:00+02:00"},
			{in: "2d", want: "2027-03-28T10:00:00+02:00"},
		}},
		// Sat 2027-03-27 10:00 CET: the wall clock is kept across the change.
		{"Europe/Berlin", "2027-03-27 10:00", []formCase{
			{in: "tomorrow 9am", want: "2027-03-28T09:00:00+02:00"},
			{in: "tomorrow", want: "2027-03-28T09:00:00+02:00"},
			{in: "1d", want: "2027-03-28T10:00:00+02:00"}, // 23 hours later
			{in: "24h", want: "2027-03-28T11:00:00+02:00"},
			{in: "tomorrow 2:30", err: "does not exist in Europe/Berlin"},
			{in: "9am", want: "2027-03-28T09:00:00+02:00"},
		}},
		// Sat 2027-03-27 02:30 CET: the same time a day later does not exist.
		{"Europe/Berlin", "2027-03-27 02:30", []formCase{
			{in: "1d", err: "does not exist in Europe/Berlin"},
			{in: "in 1 day", err: "does not exist in Europe/Berlin"},
			{in: "2d", want: "2027-03-29T02:30:00+02:00"},
			{in: "24h", want: "2027-03-28T03:30:00+02:00"},
		}},
		// Sun 2027-03-28 01:00 CET: 02:30 today is ahead and does not exist.
		{"Europe/Berlin", "2027-03-28 01:00", []formCase{
			{in: "2:30", err: "does not exist in Europe/Berlin"},
			{in: "today 2:30", err: "does not exist in Europe/Berlin"},
			{in: "3:30", want: "2027-03-28T03:30:00+02:00"},
		}},
		// Sun 2027-03-28 04:00 CEST: the gap has passed, so 02:30 is tomorrow's.
		{"Europe/Berlin", "2027-03-28 04:00", []formCase{
			{in: "2:30", want: "2027-03-29T02:30:00+02:00"},
			{in: "today 2:30", err: "already passed"},
		}},
		// Sat 2026-10-24 10:00 CEST: the wall clock is kept across the change.
		{"Europe/Berlin", "2026-10-24 10:00", []formCase{
			{in: "tomorrow 9am", want: "2026-10-25T09:00:00+01:00"},
			{in: "1d", want: "2026-10-25T10:00:00+01:00"}, // 25 hours later
			{in: "24h", want: "2026-10-25T09:00:00+01:00"},
			{in: "tomorrow 2:30", want: "2026-10-25T02:30:00+02:00"},
			{in: "sun 2:30", want: "2026-10-25T02:30:00+02:00"},
			{in: "oct 25 2:30", want: "2026-10-25T02:30:00+02:00"},
		}},
		// Sun 2026-10-25 00:45 UTC = 02:45 CEST, during the first pass through the hour.
		{"Europe/Berlin", "2026-10-25T02:45:00+02:00", []formCase{
			{in: "2:30", want: "2026-10-25T02:30:00+01:00"}, // the second 02:30 is still ahead
			{in: "today 2:30", want: "2026-10-25T02:30:00+01:00"},
			{in: "2:50", want: "2026-10-25T02:50:00+02:00"},
			{in: "3:00", want: "2026-10-25T03:00:00+01:00"},
			{in: "2026-10-25 02:30", want: "2026-10-25T02:30:00+02:00"}, // absolute: first
		}},
		// Sun 2026-10-25 01:15 UTC = 02:15 CET, during the second pass.
		{"Europe/Berlin", "2026-10-25T02:15:00+01:00", []formCase{
			{in: "2:30", want: "2026-10-25T02:30:00+01:00"},
			{in: "2:10", want: "2026-10-26T02:10:00+01:00"},
		}},
		{"America/New_York", monday, []formCase{
			{in: "2027-03-14 02:30", err: "does not exist in America/New_York (the clocks skip from 02:00 to 03:00"},
			{in: "2027-03-14 03:30", want: "2027-03-14T03:30:00-04:00"},
			{in: "2026-11-01 01:30", want: "2026-11-01T01:30:00-04:00"}, // first, on EDT
		}},
		// Sat 2026-10-31 10:00 EDT.
		{"America/New_York", "2026-10-31 10:00", []formCase{
			{in: "tomorrow 9am", want: "2026-11-01T09:00:00-05:00"},
			{in: "1d", want: "2026-11-01T10:00:00-05:00"},
			{in: "sun 1:30am", want: "2026-11-01T01:30:00-04:00"},
		}},
		// Fri 2027-03-12 10:00 EST.
		{"America/New_York", "2027-03-12 10:00", []formCase{
			{in: "sun 2:30am", err: "does not exist in America/New_York"},
			{in: "sun 9am", want: "2027-03-14T09:00:00-04:00"},
			{in: "2d", want: "2027-03-14T10:00:00-04:00"},
		}},
		// Lord Howe moves its clocks by half an hour: 02:00 → 02:30 on Sun 2026-10-04.
		{"Australia/Lord_Howe", "2026-10-01 10:00", []formCase{
			{in: "sun 2:15", err: "does not exist in Australia/Lord_Howe (the clocks skip from 02:00 to 02:30"},
			{in: "sun 2:30", want: "2026-10-04T02:30:00+11:00"},
		}},
	} {
		loc := mustLoc(t, g.zone)
		now := at(t, g.now, loc)
		for _, tc := range g.cases {
			got, err := Parse(tc.in, now, loc)
			checkCase(t, g.zone, now, tc, got, err, loc)
		}
	}
}

func TestParseNilLocationAndOtherZoneNow(t *testing.T) {
	now := time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC)
	got, err := Parse("tomorrow 9am", now, nil)
	if err != nil || !got.Equal(time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)) {
		t.Errorf("nil loc: got %v, %v", got, err)
	}
	// now given in some other zone is the same instant: 10:00 UTC is 11:00 in Berlin.
	berlin := mustLoc(t, "Europe/Berlin")
	got, err = Parse("today 10:30", now.In(mustLoc(t, "Asia/Tokyo")), berlin)
	if err == nil {
		t.Errorf("today 10:30 at 11:00 Berlin: got %v, want an error", got)
	}
}

func TestDescribe(t *testing.T) {
	berlin := mustLoc(t, "Europe/Berlin")
	ny := mustLoc(t, "America/New_York")
	now := at(t, monday, berlin)
	for _, tc := range []struct {
		t, now string
		loc    *time.Location
		want   string
	}{
		{"2026-11-30 17:00", monday, berlin, "today 17:00 CET (in 7h)"},
		{"2026-11-30 12:30", monday, berlin, "today 12:30 CET (in 2h30m)"},
		{"2026-11-30 10:45", monday, berlin, "today 10:45 CET (in 45m)"},
		{"2026-11-30 10:00", monday, berlin, "today 10:00 CET (now)"},
		{"2026-12-01 09:00", monday, berlin, "tomorrow 09:00 CET (in 23h)"},
		{"2026-12-01 09:30", monday, berlin, "tomorrow 09:30 CET (in 23h30m)"},
		{"2026-12-03 10:00", monday, berlin, "Thu 3 Dec 10:00 CET (in 3d)"},
		{"2026-12-04 12:00", monday, berlin, "Fri 4 Dec 12:00 CET (in 4d 2h)"},
		{"2027-01-05 09:00", monday, berlin, "Tue 5 Jan 2027 09:00 CET (in 35d)"},
		{"2026-11-29 10:00", monday, berlin, "yesterday 10:00 CET (1d ago)"},
		{"2026-11-30 09:55", monday, berlin, "today 09:55 CET (5m ago)"},
		{"2026-07-01 09:00", monday, berlin, "Wed 1 Jul 09:00 CEST (152d ago)"},
		{"2026-10-25T02:30:00+02:00", "2026-10-24 10:00", berlin, "tomorrow 02:30 CEST, first of two (in 16h30m)"},
		{"2026-10-25T02:30:00+01:00", "2026-10-24 10:00", berlin, "tomorrow 02:30 CET, second of two (in 17h30m)"},
		{"2026-12-01 09:00", monday, ny, "tomorrow 09:00 EST (in 23h)"},
		{"2026-11-01T01:30:00-04:00", "2026-10-31 10:00", ny, "tomorrow 01:30 EDT, first of two (in 15h30m)"},
	} {
		n := at(t, tc.now, tc.loc)
		if got := Describe(at(t, tc.t, tc.loc), n, tc.loc); got != tc.want {
			t.Errorf("Describe(%s) = %q, want %q", tc.t, got, tc.want)
		}
	}
	if got, want := Describe(now, now, nil), "today 09:00 UTC (now)"; got != want {
		t.Errorf("Describe with nil loc = %q, want %q", got, want)
	}
}

// TestDescribeParseRoundTrip: what Parse returns for the composer's and snooze prompt's
// examples reads back sensibly.
func TestDescribeParseRoundTrip(t *testing.T) {
	berlin := mustLoc(t, "Europe/Berlin")
	now := at(t, monday, berlin)
	for in, want := range map[string]string{
		"2h":               "today 12:00 CET (in 2h)",
		"tomorrow 9am":     "tomorrow 09:00 CET (in 23h)",
		"mon":              "Mon 7 Dec 09:00 CET (in 6d 23h)",
		"tue 9:30":         "tomorrow 09:30 CET (in 23h30m)",
		"tomorrow 18:00":   "tomorrow 18:00 CET (in 1d 8h)",
		"fri 10:00":        "Fri 4 Dec 10:00 CET (in 4d)",
		"2026-12-01 09:00": "tomorrow 09:00 CET (in 23h)",
	} {
		got, err := Parse(in, now, berlin)
		if err != nil {
			t.Fatal(err)
		}
		if d := Describe(got, now, berlin); d != want {
			t.Errorf("Describe(Parse(%q)) = %q, want %q", in, d, want)
		}
	}
}

// FuzzParse: Parse never panics, answers in UTC, and what it returns is not before now
// unless the input named an absolute date; Describe copes with whatever comes back.
func FuzzParse(f *testing.F) {
	for _, tc := range everyForm {
		f.Add(tc.in)
	}
	for _, s := range []string{"", "+", "in ", "2026-12-01t", "12:", ":30", "1:2:3:4pm", "99999999999999999999h",
		"in a an and", "next next", "dec 31st 9999", "feb 29 2028 24:00", "2026-10-25 02:30", "2027-03-28 02:30",
		"sun 2:30", "\xff", "a.m.", "1 january 0001", "5 a.m"} {
		f.Add(s)
	}
	zones := []*time.Location{mustLoc(f, "Europe/Berlin"), mustLoc(f, "America/New_York"), mustLoc(f, "Australia/Lord_Howe"), time.UTC}
	nows := []time.Time{
		time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC),
		time.Date(2026, 10, 25, 0, 45, 0, 0, time.UTC), // Berlin's repeated hour
		time.Date(2027, 3, 27, 1, 30, 0, 0, time.UTC),  // the day before Berlin's gap
		time.Date(2028, 2, 29, 23, 59, 59, 0, time.UTC),
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, loc := range zones {
			for _, now := range nows {
				got, absolute, err := parse(s, now, loc)
				if err != nil {
					if err.Error() == "" {
						t.Fatalf("Parse(%q): empty error", s)
					}
					continue
				}
				if got.Location() != time.UTC {
					t.Fatalf("Parse(%q) = %v, not UTC", s, got)
				}
				if !absolute && got.Before(now) {
					t.Fatalf("Parse(%q) in %s at %s = %s, before now for a relative form", s, loc, now, got)
				}
				if p, err := Parse(s, now, loc); err != nil || !p.Equal(got) {
					t.Fatalf("Parse and parse disagree on %q", s)
				}
				_ = Describe(got, now, loc)
			}
		}
	})
}
