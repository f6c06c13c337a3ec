package queue

import (
	"strings"

	"github.com/chorus-social/chorus/config"
	"github.com/chorus-social/chorus/store"
)

// ParseSlots reads slots written as the config file and `chorus queue set` take them ("mon
// 09:30", "Tuesday 7:05"); the error quotes the first one that is not a slot. Duplicates
// are kept: the store saves each slot once.
func ParseSlots(in []string) ([]store.QueueSlot, error) {
	out := make([]store.QueueSlot, 0, len(in))
	for _, s := range in {
		slot, err := config.ParseSlot(s)
		if err != nil {
			return nil, err
		}
		out = append(out, store.QueueSlot{Weekday: slot.Weekday, Minute: slot.Hour*60 + slot.Minute})
	}
	return out, nil
}

// FormatSlots writes slots for people: "mon 09:30, wed 12:00".
func FormatSlots(slots []store.QueueSlot) string {
	parts := make([]string, len(slots))
	for i, s := range slots {
		parts[i] = s.String()
	}
	return strings.Join(parts, ", ")
}
