// Package queue plans posts into each account's weekly posting slots. A slot is a weekday
// and a wall-clock time in the client's zone ("mon 09:30"), so it stays at 09:30 across
// DST changes; Next turns the slots into the next free instant, and BestTimes suggests
// slots from how the account's own published posts fared.
package queue

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/chorus-social/chorus/store"
)

// ErrNoSlots is returned (wrapped) by Next and Free for an account without slots.
var ErrNoSlots = errors.New("no queue slots")

// horizon bounds the search for a free slot. An account whose every slot is taken for a
// year needs more slots or a chosen time, which an error says better than a date in 2030.
const horizon = 366 * 24 * time.Hour

// window is how much of the account's calendar one query reads while searching.
const window = 28 * 24 * time.Hour

// Next returns the account's next free slot at or after after, in UTC: the first slot,
// read in the client's zone, that no planned or published post of the account already
// holds (to the minute). A slot the clocks skip for DST that day is passed over; one they
// show twice is the first of the two.
func Next(ctx context.Context, db *store.DB, accountID string, after time.Time) (time.Time, error) {
	ts, err := Free(ctx, db, accountID, after, 1)
	if err != nil {
		return time.Time{}, err
	}
	return ts[0], nil
}

// NextFunc returns Next bound to db, in the shape the composer takes for "queue".
func NextFunc(db *store.DB) func(ctx context.Context, accountID string, after time.Time) (time.Time, error) {
	return func(ctx context.Context, accountID string, after time.Time) (time.Time, error) {
		return Next(ctx, db, accountID, after)
	}
}

// Free returns the account's next n free slots at or after after, in UTC, earliest first.
// It returns fewer when the slots within a year run out, and an error when none is free.
func Free(ctx context.Context, db *store.DB, accountID string, after time.Time, n int) ([]time.Time, error) {
	if n <= 0 {
		return nil, nil
	}
	loc, slots, err := accountSlots(ctx, db, accountID)
	if err != nil {
		return nil, err
	}
	var byDay [7][]int
	for _, s := range slots {
		byDay[s.Weekday] = append(byDay[s.Weekday], s.Minute)
	}
	after = after.UTC()
	end := after.Add(horizon)
	taken := takenMinutes{db: db, account: accountID, until: after.Truncate(time.Minute), set: map[int64]bool{}}
	var out []time.Time
	local := after.In(loc)
	for day := 0; ; day++ {
		// Noon is never skipped by a DST change, so it names the day and its weekday.
		date := time.Date(local.Year(), local.Month(), local.Day()+day, 12, 0, 0, 0, loc)
		if date.Sub(end) > 24*time.Hour {
			break
		}
		for _, minute := range byDay[date.Weekday()] {
			t, ok := wallTime(date.Year(), date.Month(), date.Day(), minute, loc)
			if !ok || t.Before(after) || !t.Before(end) {
				continue
			}
			busy, err := taken.has(ctx, t)
			if err != nil {
				return nil, err
			}
			if busy {
				continue
			}
			if out = append(out, t); len(out) == n {
				return out, nil
			}
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("every queue slot of %s is taken until %s: add slots with `chorus queue set --account %s …` or give a time",
			accountID, end.In(loc).Format("2 Jan 2006"), accountID)
	}
	return out, nil
}

// accountSlots returns the zone of the account's client and the account's slots.
func accountSlots(ctx context.Context, db *store.DB, accountID string) (*time.Location, []store.QueueSlot, error) {
	acct, err := db.Account(ctx, accountID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil, fmt.Errorf("no account %q (see `chorus accounts list`)", accountID)
	}
	if err != nil {
		return nil, nil, err
	}
	client, err := db.Client(ctx, acct.ClientID)
	if err != nil {
		return nil, nil, err
	}
	slots, err := db.QueueSlots(ctx, accountID)
	if err != nil {
		return nil, nil, err
	}
	if len(slots) == 0 {
		return nil, nil, fmt.Errorf("account %s has %w: set them with `chorus queue set --account %s \"mon 09:30\" …`",
			accountID, ErrNoSlots, accountID)
	}
	return client.Location(), slots, nil
}

// takenMinutes is the set of minutes an account's posts hold, read a window at a time as
// the search moves forward.
type takenMinutes struct {
	db      *store.DB
	account string
	until   time.Time // the set covers every minute before this
	set     map[int64]bool
}

func (tm *takenMinutes) has(ctx context.Context, t time.Time) (bool, error) {
	for !t.Before(tm.until) {
		times, err := tm.db.TakenTimes(ctx, tm.account, tm.until, tm.until.Add(window))
		if err != nil {
			return false, err
		}
		for _, at := range times {
			tm.set[minuteOf(at)] = true
		}
		tm.until = tm.until.Add(window)
	}
	return tm.set[minuteOf(t)], nil
}

func minuteOf(t time.Time) int64 { return t.Unix() / 60 }

// wallTime returns the first instant at which clocks in loc read minute (after midnight)
// on day y-m-d, and false when they never do (a DST gap). time.Date alone would move a
// time in a gap and pick either reading in an overlap without saying which, so every
// offset in force near that time is tried and the earliest consistent reading kept.
func wallTime(y int, m time.Month, d, minute int, loc *time.Location) (time.Time, bool) {
	h, mi := minute/60, minute%60
	wall := time.Date(y, m, d, h, mi, 0, 0, time.UTC)
	near := time.Date(y, m, d, h, mi, 0, 0, loc)
	var best time.Time
	for _, probe := range []time.Time{near.Add(-6 * time.Hour), near, near.Add(6 * time.Hour)} {
		_, off := probe.In(loc).Zone()
		cand := wall.Add(-time.Duration(off) * time.Second)
		c := cand.In(loc)
		if c.Year() == y && c.Month() == m && c.Day() == d && c.Hour() == h && c.Minute() == mi &&
			(best.IsZero() || cand.Before(best)) {
			best = cand
		}
	}
	return best.UTC(), !best.IsZero()
}
