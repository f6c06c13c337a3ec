package when

import (
	"testing"
	"time"
)

func TestParse(t *testing.T) {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	now := time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		in   string
		want time.Time
		err  bool
	}{
		{"now", now, false},
		{"", now, false},
		{"+90m", now.Add(90 * time.Minute), false},
		{"in 2h", now.Add(2 * time.Hour), false},
		{"2026-12-01 09:00", time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC), false},
		{"2026-12-01", time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC), false},
		{"2026-07-01 09:00", time.Date(2026, 7, 1, 7, 0, 0, 0, time.UTC), false},
		{"2026-12-01T09:00:00Z", time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC), false},
		// 2027-03-28 02:30 does not exist in Berlin: clocks jump from 02:00 to 03:00.
		{"2027-03-28 02:30", time.Time{}, true},
		// 2026-10-25 02:30 happens twice; Go's time.Date picks the second (standard-time)
		// one, Parse deliberately the first (summer-time, CEST) one, and callers show the
		// zone back (Describe) so the person sees which.
		{"2026-10-25 02:30", time.Date(2026, 10, 25, 0, 30, 0, 0, time.UTC), false},
		{"tomorrowish", time.Time{}, true},
		{"+-2h", time.Time{}, true},
	} {
		got, err := Parse(tc.in, now, berlin)
		if (err != nil) != tc.err {
			t.Errorf("Parse(%q) error = %v, want error %v", tc.in, err, tc.err)
			continue
		}
		if !tc.err && !got.Equal(tc.want) {
			t.Errorf("Parse(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}
