package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/chorus-social/chorus/social"
)

// CalendarQuery asks for consecutive days of the calendar.
type CalendarQuery struct {
	ClientID string // "" for every client
	// From is the first day (only its date counts); Days is how many.
	From time.Time
	Days int
	// Zone is the zone days are read in. nil reads each client's posts in the client's
	// own zone, so a post at 23:30 in Tokyo falls on its Tokyo day.
	Zone *time.Location
	// PerDay is how many targets a day returns at most, soonest first; the rest are only
	// counted (CalendarDay.Posts). A month of a busy workspace holds tens of thousands.
	PerDay int
	// Now: free slots are those after it, and gaps are looked for on the GapDays days from
	// its date on (its date in the zone of each client).
	Now     time.Time
	GapDays int
}

// CalendarDay is one day of the calendar.
type CalendarDay struct {
	Date    time.Time   // the day's date at 00:00 UTC: a date, not an instant
	Posts   int         // posts due on the day, whatever their status
	Targets []TargetRow // the first PerDay targets of the day, by due time and id
	Free    []FreeSlot  // queue slots of the day that no post holds, by time
	// Gaps are the clients with nothing going out on the day (scheduled, publishing or
	// published) although they post on that weekday: one of their accounts has a queue
	// slot on it, or, for a client without slots, it is Monday to Friday. Only days
	// within GapDays of Now.
	Gaps []string
}

// FreeSlot is a queue slot no post holds: the composer's "queue" would take it.
type FreeSlot struct {
	At        time.Time // UTC
	AccountID string
	ClientID  string
	Platform  social.Platform
}

// goingOut are the statuses that fill a day: the post goes out, or went out, on its own.
const goingOut = `('scheduled', 'publishing', 'published')`

// calAccount is an account in a calendar query's scope, with the zone its days are read in.
type calAccount struct {
	id, client string
	platform   social.Platform
	zone       int // index into calScope.zones
}

// calScope is what a calendar query covers: its accounts grouped by zone, and each zone's
// day boundaries.
type calScope struct {
	q        CalendarQuery
	accounts []calAccount
	zones    []*time.Location
	// bounds[z][i] is the instant day i starts in zone z; bounds[z][Days] is the end.
	bounds [][]int64
}

// CalendarDays returns q.Days days from q.From, each with its post count, its first
// q.PerDay targets, its free queue slots and its posting gaps, read in one snapshot. Its
// cost follows the days and PerDay, not the posts in them: counts come from an index.
func (db *DB) CalendarDays(ctx context.Context, q CalendarQuery) ([]CalendarDay, error) {
	if q.Days <= 0 {
		return nil, nil
	}
	y, m, d := q.From.Date()
	days := make([]CalendarDay, q.Days)
	for i := range days {
		days[i].Date = time.Date(y, m, d+i, 0, 0, 0, 0, time.UTC)
	}
	err := db.readTx(ctx, func(tx *sql.Tx) error {
		sc, err := calendarScope(ctx, tx, q)
		if err != nil || len(sc.accounts) == 0 {
			return err
		}
		live, err := sc.counts(ctx, tx, days)
		if err != nil {
			return err
		}
		if q.PerDay > 0 {
			if err := sc.firstTargets(ctx, tx, days); err != nil {
				return err
			}
		}
		slots, err := sc.slots(ctx, tx)
		if err != nil {
			return err
		}
		if err := sc.freeSlots(ctx, tx, days, slots); err != nil {
			return err
		}
		sc.gaps(days, live, slots)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read calendar: %w", err)
	}
	return days, nil
}

func calendarScope(ctx context.Context, tx *sql.Tx, q CalendarQuery) (*calScope, error) {
	rows, err := tx.QueryContext(ctx, `SELECT a.id, a.client_id, a.platform, c.tz FROM accounts a
		JOIN clients c ON c.id=a.client_id WHERE ?1='' OR a.client_id=?1 ORDER BY a.id`, q.ClientID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	sc := &calScope{q: q}
	zoneIdx := map[string]int{}
	for rows.Next() {
		var a calAccount
		var plat, tz string
		if err := rows.Scan(&a.id, &a.client, &plat, &tz); err != nil {
			return nil, err
		}
		a.platform = social.Platform(plat)
		loc := q.Zone
		if loc == nil {
			loc = social.Client{TZ: tz}.Location()
		}
		z, ok := zoneIdx[loc.String()]
		if !ok {
			z = len(sc.zones)
			zoneIdx[loc.String()] = z
			sc.zones = append(sc.zones, loc)
		}
		a.zone = z
		sc.accounts = append(sc.accounts, a)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	y, m, d := q.From.Date()
	for _, loc := range sc.zones {
		b := make([]int64, q.Days+1)
		for i := range b {
			b[i] = time.Date(y, m, d+i, 0, 0, 0, 0, loc).UnixMilli()
		}
		sc.bounds = append(sc.bounds, b)
	}
	return sc, nil
}

// with is the common table expressions of the calendar's queries: days(day, zone, lo, hi)
// holds each zone's day boundaries, accts(id, client, zone) the accounts in scope. The
// numbers are ours and go in as literals; the ids go in as arguments.
func (sc *calScope) with() (string, []any) {
	var b strings.Builder
	b.WriteString("WITH days(day, zone, lo, hi) AS (VALUES ")
	for z, bs := range sc.bounds {
		for i := range sc.q.Days {
			if z > 0 || i > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, "(%d,%d,%d,%d)", i, z, bs[i], bs[i+1])
		}
	}
	b.WriteString("), accts(id, client, zone) AS (VALUES ")
	args := make([]any, 0, 2*len(sc.accounts))
	for i, a := range sc.accounts {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString("(?,?," + strconv.Itoa(a.zone) + ")")
		args = append(args, a.id, a.client)
	}
	b.WriteString(") ")
	return b.String(), args
}

// countsSQL counts, per day and client, the posts due and whether any goes out. Each
// count is a subquery seeking targets_calendar once per account: a GROUP BY over the
// joined rows would sort every target of the month first (three times slower).
const countsSQL = `SELECT d.day, c.client,
		(SELECT count(DISTINCT t.post_id) FROM accts x CROSS JOIN targets t WHERE x.client=c.client
			AND t.account_id=x.id AND t.kind='post' AND t.due_at>=d.lo AND t.due_at<d.hi),
		EXISTS (SELECT 1 FROM accts x CROSS JOIN targets t WHERE x.client=c.client
			AND t.account_id=x.id AND t.kind='post' AND t.due_at>=d.lo AND t.due_at<d.hi AND t.status IN ` + goingOut + `)
	FROM days d CROSS JOIN (SELECT DISTINCT client, zone FROM accts) c WHERE c.zone=d.zone`

// counts fills each day's post count and returns, per day, the clients with a post going
// out on it.
func (sc *calScope) counts(ctx context.Context, tx *sql.Tx, days []CalendarDay) ([]map[string]bool, error) {
	with, args := sc.with()
	rows, err := tx.QueryContext(ctx, with+countsSQL, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	live := make([]map[string]bool, len(days))
	for rows.Next() {
		var day, posts int
		var client string
		var out bool
		if err := rows.Scan(&day, &client, &posts, &out); err != nil {
			return nil, err
		}
		// A post belongs to one client, so the clients' counts add up to the day's.
		days[day].Posts += posts
		if live[day] == nil {
			live[day] = map[string]bool{}
		}
		live[day][client] = out
	}
	return live, rows.Err()
}

// firstTargetsSQL picks, for each day, its first PerDay targets across every zone (each
// zone's accounts within that zone's bounds of the day: a seek per account and a small
// sort), then reads only those rows in full. CROSS JOIN keeps the days as the outer loop:
// the other order would walk every target.
const firstTargetsSQL = `SELECT n.day, ` + targetColsT + `, t.paused_from, p.client_id, a.platform, a.handle,
		coalesce((SELECT text FROM post_parts pp WHERE pp.post_id=t.post_id AND pp.idx=0), ''),
		(SELECT count(*) FROM post_parts pp WHERE pp.post_id=t.post_id), a.needs_login
	FROM (SELECT DISTINCT day FROM days) n CROSS JOIN targets t JOIN posts p ON p.id=t.post_id
		JOIN accounts a ON a.id=t.account_id
	WHERE t.id IN (SELECT t2.id FROM days d2 CROSS JOIN accts x2 CROSS JOIN targets t2
		WHERE d2.day=n.day AND x2.zone=d2.zone AND t2.account_id=x2.id AND t2.kind='post'
			AND t2.due_at>=d2.lo AND t2.due_at<d2.hi ORDER BY t2.due_at, t2.id LIMIT ?)
	ORDER BY n.day, t.due_at, t.id`

func (sc *calScope) firstTargets(ctx context.Context, tx *sql.Tx, days []CalendarDay) error {
	with, args := sc.with()
	rows, err := tx.QueryContext(ctx, with+firstTargetsSQL, append(args, sc.q.PerDay)...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var day int
		r, err := scanTargetRow(rows, &day)
		if err != nil {
			return err
		}
		days[day].Targets = append(days[day].Targets, r)
	}
	return rows.Err()
}

// scanTargetRow reads a row of firstTargetsSQL or TargetQuery.sql; lead holds the
// columns before the target's own.
func scanTargetRow(s scanner, lead ...any) (TargetRow, error) {
	var r TargetRow
	var plat, paused string
	// scanTarget reads the target's columns first; the leading day column goes in
	// through a row wrapper that shifts it to the front.
	t, err := scanTarget(leadScanner{s, lead}, &paused, &r.ClientID, &plat, &r.Handle, &r.Text, &r.Parts, &r.NeedsLogin)
	if err != nil {
		return r, err
	}
	r.Target, r.Platform, r.PausedFrom = t, social.Platform(plat), social.Status(paused)
	if len(r.Variant) > 0 {
		r.Text, r.Parts = r.Variant[0], len(r.Variant)
	}
	return r, nil
}

// leadScanner scans rows that carry extra columns before a target's.
type leadScanner struct {
	s    scanner
	lead []any
}

func (l leadScanner) Scan(dest ...any) error {
	return l.s.Scan(append(l.lead, dest...)...)
}

// slotsOf are the queue slots of the accounts in scope, by account index.
type slotsOf map[int][]QueueSlot

func (sc *calScope) slots(ctx context.Context, tx *sql.Tx) (slotsOf, error) {
	rows, err := tx.QueryContext(ctx, `SELECT s.account_id, s.weekday, s.minute FROM queue_slots s
		JOIN accounts a ON a.id=s.account_id WHERE ?1='' OR a.client_id=?1 ORDER BY s.minute`, sc.q.ClientID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	idx := map[string]int{}
	for i, a := range sc.accounts {
		idx[a.id] = i
	}
	out := slotsOf{}
	for rows.Next() {
		var id string
		var s QueueSlot
		if err := rows.Scan(&id, &s.Weekday, &s.Minute); err != nil {
			return nil, err
		}
		if i, ok := idx[id]; ok {
			out[i] = append(out[i], s)
		}
	}
	return out, rows.Err()
}

// slotCheckBatch bounds the candidates checked in one statement (three arguments each).
const slotCheckBatch = 300

// freeSlots lists each day's slots after Now that no post holds, by the same rule as the
// composer's queue (slotHolders, by the minute).
func (sc *calScope) freeSlots(ctx context.Context, tx *sql.Tx, days []CalendarDay, slots slotsOf) error {
	type cand struct {
		day int
		FreeSlot
	}
	var cands []cand
	for ai, ss := range slots {
		a := sc.accounts[ai]
		loc := sc.zones[a.zone]
		for i, d := range days {
			for _, s := range ss {
				if d.Date.Weekday() != s.Weekday {
					continue
				}
				at := time.Date(d.Date.Year(), d.Date.Month(), d.Date.Day(), s.Minute/60, s.Minute%60, 0, 0, loc)
				if at.After(sc.q.Now) {
					cands = append(cands, cand{i, FreeSlot{At: at.UTC(), AccountID: a.id, ClientID: a.client, Platform: a.platform}})
				}
			}
		}
	}
	for start := 0; start < len(cands); start += slotCheckBatch {
		batch := cands[start:min(start+slotCheckBatch, len(cands))]
		var b strings.Builder
		args := make([]any, 0, 3*len(batch))
		b.WriteString("WITH cand(i, acc, lo) AS (VALUES ")
		for i, c := range batch {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString("(?,?,?)")
			args = append(args, i, c.AccountID, ms(c.At))
		}
		b.WriteString(`) SELECT i FROM cand WHERE EXISTS (SELECT 1 FROM targets t WHERE t.account_id=cand.acc
			AND t.kind='post' AND t.due_at>=cand.lo AND t.due_at<cand.lo+60000 AND t.status IN ` + slotHolders + `)`)
		rows, err := tx.QueryContext(ctx, b.String(), args...)
		if err != nil {
			return err
		}
		taken := map[int]bool{}
		for rows.Next() {
			var i int
			if err := rows.Scan(&i); err != nil {
				rows.Close()
				return err
			}
			taken[i] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for i, c := range batch {
			if !taken[i] {
				days[c.day].Free = append(days[c.day].Free, c.FreeSlot)
			}
		}
	}
	for i := range days {
		slices.SortFunc(days[i].Free, func(a, b FreeSlot) int {
			if c := a.At.Compare(b.At); c != 0 {
				return c
			}
			return strings.Compare(a.AccountID, b.AccountID)
		})
	}
	return nil
}

// gaps marks the days on which a client that posts on that weekday has nothing going out.
func (sc *calScope) gaps(days []CalendarDay, live []map[string]bool, slots slotsOf) {
	if sc.q.GapDays <= 0 {
		return
	}
	type plan struct {
		zone     int
		weekdays map[time.Weekday]bool // nil: Monday to Friday
	}
	clients := map[string]*plan{}
	var ids []string
	for i, a := range sc.accounts {
		p, ok := clients[a.client]
		if !ok {
			p = &plan{zone: a.zone}
			clients[a.client] = p
			ids = append(ids, a.client)
		}
		for _, s := range slots[i] {
			if p.weekdays == nil {
				p.weekdays = map[time.Weekday]bool{}
			}
			p.weekdays[s.Weekday] = true
		}
	}
	slices.Sort(ids)
	for _, id := range ids {
		p := clients[id]
		y, m, d := sc.q.Now.In(sc.zones[p.zone]).Date()
		first := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
		end := first.AddDate(0, 0, sc.q.GapDays)
		for i := range days {
			date := days[i].Date
			wd := date.Weekday()
			posts := p.weekdays[wd] || (p.weekdays == nil && wd != time.Saturday && wd != time.Sunday)
			if date.Before(first) || !date.Before(end) || !posts {
				continue
			}
			if !live[i][id] {
				days[i].Gaps = append(days[i].Gaps, id)
			}
		}
	}
}
