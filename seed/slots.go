package seed

import (
	"time"

	"github.com/chorus-social/chorus/store"
)

// slotTimes are the posting times the demo clients use, minutes after local midnight:
// morning, lunch and evening, when their audiences read.
var slotTimes = []int{9 * 60, 12*60 + 30, 18 * 60}

// clientSlots are client i's weekly queue slots, the same for each of its accounts: five
// weekdays, each at one of slotTimes, shifted per client so the clients differ.
func clientSlots(i int) []store.QueueSlot {
	var out []store.QueueSlot
	for d := time.Monday; d <= time.Friday; d++ {
		out = append(out, store.QueueSlot{Weekday: d, Minute: slotTimes[(int(d)+i)%len(slotTimes)]})
	}
	return out
}

// onSlot moves a local date to the slot's weekday in the same week (Monday first), at the
// slot's time: the day the post would have gone out had it been queued.
func onSlot(y int, m time.Month, d int, loc *time.Location, s store.QueueSlot) time.Time {
	day := time.Date(y, m, d, 12, 0, 0, 0, loc)
	monday := (int(day.Weekday()) + 6) % 7
	target := (int(s.Weekday) + 6) % 7
	return time.Date(y, m, d-monday+target, s.Minute/60, s.Minute%60, 0, 0, loc)
}
