package config

import (
	"testing"
	"time"
)

func TestParseSlot(t *testing.T) {
	good := []struct {
		in   string
		want Slot
		str  string
	}{
		{"mon 09:30", Slot{time.Monday, 9, 30}, "mon 09:30"},
		{"Tuesday 7:05", Slot{time.Tuesday, 7, 5}, "tue 07:05"},
		{"  sun   18:00 ", Slot{time.Sunday, 18, 0}, "sun 18:00"},
		{"thurs 00:00", Slot{time.Thursday, 0, 0}, "thu 00:00"},
		{"SAT 23:59", Slot{time.Saturday, 23, 59}, "sat 23:59"},
	}
	for _, tc := range good {
		got, err := ParseSlot(tc.in)
		if err != nil || got != tc.want || got.String() != tc.str {
			t.Errorf("ParseSlot(%q) = %v (%q), %v; want %v (%q)", tc.in, got, got.String(), err, tc.want, tc.str)
		}
	}
	for _, in := range []string{"", "mon", "09:30", "mo 09:30", "monx 09:30", "mon 24:00", "mon 9:60",
		"mon 9:5", "mon +9:30", "mon 09:30 extra", "mon 0930", "mon 9.30"} {
		if _, err := ParseSlot(in); err == nil {
			t.Errorf("ParseSlot(%q) succeeded, want an error", in)
		}
	}
}
