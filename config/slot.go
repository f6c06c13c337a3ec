package config

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Slot is a weekly posting time in a client's queue: a weekday and a wall-clock time in the
// client's zone, kept as wall-clock so it stays at 09:30 across DST changes.
type Slot struct {
	Weekday time.Weekday
	Hour    int
	Minute  int
}

var weekdays = map[string]time.Weekday{
	"sun": time.Sunday, "mon": time.Monday, "tue": time.Tuesday, "wed": time.Wednesday,
	"thu": time.Thursday, "fri": time.Friday, "sat": time.Saturday,
}

// ParseSlot parses a slot such as "mon 09:30", "Tuesday 7:05" or "sun 18:00" (24-hour clock).
func ParseSlot(s string) (Slot, error) {
	bad := fmt.Errorf("%q is not a slot (use a weekday and a 24-hour time, e.g. \"mon 09:30\")", s)
	fields := strings.Fields(strings.ToLower(s))
	if len(fields) != 2 || len(fields[0]) < 3 {
		return Slot{}, bad
	}
	day, ok := weekdays[fields[0][:3]]
	// "mon", "mond" and "monday" are Monday; "monx" is not.
	if !ok || !strings.HasPrefix(strings.ToLower(day.String()), fields[0]) {
		return Slot{}, bad
	}
	hh, mm, ok := strings.Cut(fields[1], ":")
	if !ok || !digits(hh, 1, 2) || !digits(mm, 2, 2) {
		return Slot{}, bad
	}
	h, _ := strconv.Atoi(hh)
	m, _ := strconv.Atoi(mm)
	if h > 23 || m > 59 {
		return Slot{}, bad
	}
	return Slot{Weekday: day, Hour: h, Minute: m}, nil
}

func digits(s string, minLen, maxLen int) bool {
	if len(s) < minLen || len(s) > maxLen {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// String formats the slot the way ParseSlot reads it: "mon 09:30".
func (s Slot) String() string {
	return fmt.Sprintf("%s %02d:%02d", strings.ToLower(s.Weekday.String()[:3]), s.Hour, s.Minute)
}
