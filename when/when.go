// Package when turns what a person types for a time ("now", "+2h", "2026-12-01 09:00")
// into a UTC instant, reading wall-clock input in the client's zone.
package when

import (
	"fmt"
	"strings"
	"time"
)

// layouts are the absolute forms accepted, read in the given zone unless they carry one.
var layouts = []string{
	"2006-01-02 15:04",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05",
	"2006-01-02",
}

// Parse reads s relative to now, in loc. Accepted: "now"; "+90m", "+2h", "in 2h";
// RFC 3339 ("2026-12-01T09:00:00Z"); "2026-12-01 09:00" and "2026-12-01" (09:00) in loc.
// A wall-clock time that does not exist in loc (skipped by a DST change) is an error
// rather than a silent shift.
func Parse(s string, now time.Time, loc *time.Location) (time.Time, error) {
	in := strings.TrimSpace(strings.ToLower(s))
	if loc == nil {
		loc = time.UTC
	}
	switch {
	case in == "" || in == "now":
		return now.UTC(), nil
	case strings.HasPrefix(in, "+"), strings.HasPrefix(in, "in "):
		d, err := time.ParseDuration(strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(in, "+"), "in ")))
		if err != nil || d < 0 {
			return time.Time{}, fmt.Errorf("%q: not a duration (use e.g. +90m or +2h)", s)
		}
		return now.Add(d).UTC(), nil
	}
	if t, err := time.Parse(time.RFC3339, strings.TrimSpace(s)); err == nil {
		return t.UTC(), nil
	}
	for _, l := range layouts {
		t, err := time.ParseInLocation(l, in, loc)
		if err != nil {
			continue
		}
		if l == "2006-01-02" {
			t = time.Date(t.Year(), t.Month(), t.Day(), 9, 0, 0, 0, loc)
		}
		if t.Hour() != hourOf(in, l) {
			return time.Time{}, fmt.Errorf("%q does not exist in %s (the clocks skip it for daylight saving)", s, loc)
		}
		return t.UTC(), nil
	}
	return time.Time{}, fmt.Errorf("%q: not a time (use now, +2h, or 2026-12-01 09:00)", s)
}

// hourOf returns the hour the person wrote, to detect a wall-clock time normalised away
// by a DST gap.
func hourOf(in, layout string) int {
	if layout == "2006-01-02" {
		return 9
	}
	var h int
	fmt.Sscanf(in[11:13], "%d", &h)
	return h
}
