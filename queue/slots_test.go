package queue

import (
	"strings"
	"testing"
	"time"

	"github.com/chorus-social/chorus/store"
)

func TestParseSlotsNamesTheBadOne(t *testing.T) {
	got, err := ParseSlots([]string{"mon 09:30", "Wednesday 7:05", "sun 23:59"})
	if err != nil {
		t.Fatal(err)
	}
	want := []store.QueueSlot{{Weekday: time.Monday, Minute: 570}, {Weekday: time.Wednesday, Minute: 425}, {Weekday: time.Sunday, Minute: 1439}}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("got %v, want %v", got, want)
		}
	}
	if s := FormatSlots(got); s != "mon 09:30, wed 07:05, sun 23:59" {
		t.Fatalf("FormatSlots = %q", s)
	}
	_, err = ParseSlots([]string{"mon 09:30", "mon 25:00", "tue"})
	if err == nil || !strings.Contains(err.Error(), `"mon 25:00" is not a slot`) {
		t.Fatalf("err = %v", err)
	}
}
