package demo

import (
	"math"
	"time"
)

// Epoch is day 0 of the demo network: item 0 of every account arrives on this day. Items
// before it have negative indices, so history reaches back as far as a seeder wants.
var Epoch = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// dayProfile is the relative share of a day's items per hour of the account's local day:
// quiet nights, a morning peak and an evening one, as people write on their phones.
var dayProfile = [24]float64{
	0.3, 0.2, 0.15, 0.1, 0.1, 0.2, 0.5, 1.0, 1.6, 2.0, 2.1, 2.0,
	2.1, 1.9, 1.7, 1.6, 1.7, 1.9, 2.2, 2.4, 2.2, 1.7, 1.1, 0.6,
}

// schedule is one account's arrival pattern: the same number of items every day, spread
// over the hours by dayProfile shifted to the account's time zone. A fixed daily count
// keeps ArrivedBefore and ArrivalTime O(1) for any date, and exact inverses of each other.
type schedule struct {
	perDay int
	count  [24]int // items in each UTC hour of a day
	cum    [25]int // items before each UTC hour
}

func (g *Generator) schedule(acct string) *schedule {
	if s, ok := g.schedules.Load(acct); ok {
		return s.(*schedule)
	}
	h := g.hash(acct, saltSchedule, 0)
	s := &schedule{perDay: 48 + int(h%97)} // 2 to 6 an hour
	shift := int(mix(h) % 24)              // the account's local hour 0 in UTC
	var total float64
	for _, w := range dayProfile {
		total += w
	}
	// Largest-remainder rounding so the hours add up to perDay exactly.
	type rem struct {
		hour int
		frac float64
	}
	var rems []rem
	given := 0
	for local, w := range dayProfile {
		utc := (local + shift) % 24
		exact := w / total * float64(s.perDay)
		s.count[utc] = int(exact)
		given += s.count[utc]
		rems = append(rems, rem{utc, exact - math.Floor(exact)})
	}
	for given < s.perDay {
		best := 0
		for i := range rems {
			if rems[i].frac > rems[best].frac {
				best = i
			}
		}
		s.count[rems[best].hour]++
		rems[best].frac = -1
		given++
	}
	for hr := range 24 {
		s.cum[hr+1] = s.cum[hr] + s.count[hr]
	}
	actual, _ := g.schedules.LoadOrStore(acct, s)
	return actual.(*schedule)
}

// floorDiv divides rounding towards minus infinity, for indices and days before Epoch.
func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

// ArrivalTime returns when item i of the account arrives. Times grow strictly with i and
// have whole seconds, like the timestamps platforms return.
func (g *Generator) ArrivalTime(acctID string, i int) time.Time {
	s := g.schedule(acctID)
	day := floorDiv(int64(i), int64(s.perDay))
	j := int(int64(i) - day*int64(s.perDay))
	hr := 0
	for s.cum[hr+1] <= j {
		hr++
	}
	k, n := j-s.cum[hr], s.count[hr]
	// Each item owns a slot of the hour and lands in its middle 90%, so neighbours stay
	// at least a tenth of a slot (several seconds) apart and order survives rounding.
	u := 0.05 + 0.9*unit(g.hash(acctID, saltArrival, int64(i)))
	off := time.Duration((float64(k) + u) / float64(n) * float64(time.Hour))
	start := Epoch.Add(time.Duration(day)*24*time.Hour + time.Duration(hr)*time.Hour)
	return start.Add(off).Truncate(time.Second)
}

// ArrivedBefore returns how many items of the account exist at t, counted from Epoch:
// items 0 … n-1 have arrived (n is negative before Epoch, where indices are negative).
func (g *Generator) ArrivedBefore(acctID string, t time.Time) int {
	s := g.schedule(acctID)
	since := t.Sub(Epoch)
	day := floorDiv(int64(since), int64(24*time.Hour))
	inDay := since - time.Duration(day)*24*time.Hour
	hr := int(inDay / time.Hour)
	n := day*int64(s.perDay) + int64(s.cum[hr])
	if c := s.count[hr]; c > 0 {
		inHour := inDay - time.Duration(hr)*time.Hour
		k := int64(float64(inHour) / float64(time.Hour) * float64(c))
		n += k
		if k < int64(c) && g.ArrivalTime(acctID, int(n)).Before(t) {
			n++
		}
	}
	return int(n)
}
