package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/chorus-social/chorus/social"
)

// The calendar's edits act on a post: every target of it that can still change. Targets
// being published or published stay as they are (what went out is the record of what
// went out), and one the platform holds (server-side scheduling) refuses the edit until
// `chorus withdraw` takes it back, as setTarget does.

// ShiftPost moves the post's targets that can still change by days calendar days,
// keeping their wall-clock time in the client's zone: a post at 09:00 in Berlin stays at
// 09:00 across a DST change, so its distance in hours changes. It refuses to put a
// scheduled target in the past (it would go out at once) and a time the clocks skip on
// the new day; then nothing moves. It returns the moved targets with their new times.
func (db *DB) ShiftPost(ctx context.Context, postID int64, days int, now time.Time) ([]social.Target, error) {
	var moved []social.Target
	err := db.namedTx(ctx, fmt.Sprintf("move post %d", postID), func(tx *sql.Tx) error {
		loc, ts, err := postTargets(ctx, tx, postID)
		if err != nil {
			return err
		}
		sent := false
		for _, t := range ts {
			switch {
			case t.DueAt.IsZero():
				continue
			case t.Status == social.StatusPublishing || t.Status == social.StatusPublished:
				sent = true
				continue
			case t.ServerRef != "":
				return heldByPlatform(postID, t.ID)
			}
			due, ok := shiftDays(t.DueAt, days, loc)
			if !ok {
				return fmt.Errorf("post %d: %s does not exist on %s in %s (the clocks skip it for daylight saving); open the post and pick another time",
					postID, t.DueAt.In(loc).Format("15:04"), t.DueAt.In(loc).AddDate(0, 0, days).Format("Mon 02 Jan"), loc)
			}
			if t.Status == social.StatusScheduled && !due.After(now) {
				return fmt.Errorf("post %d would move to %s, which has passed; publish it now instead", postID, due.In(loc).Format("Mon 02 Jan 15:04 MST"))
			}
			if _, err := tx.ExecContext(ctx, `UPDATE targets SET due_at=? WHERE id=?`, ms(due), t.ID); err != nil {
				return fmt.Errorf("move target %d: %w", t.ID, err)
			}
			t.DueAt = due
			moved = append(moved, t)
		}
		if len(moved) == 0 {
			if sent {
				return fmt.Errorf("post %d is published or being published; it cannot move", postID)
			}
			return fmt.Errorf("post %d has no date to move; give it one in the composer", postID)
		}
		return nil
	})
	return moved, err
}

// PausePost pauses every target of the post that can still go out, remembering each
// one's status for ResumePost. It returns how many it paused; pausing a post with nothing
// left to pause is an error that says why.
func (db *DB) PausePost(ctx context.Context, postID int64) (int, error) {
	n := 0
	err := db.namedTx(ctx, fmt.Sprintf("pause post %d", postID), func(tx *sql.Tx) error {
		_, ts, err := postTargets(ctx, tx, postID)
		if err != nil {
			return err
		}
		for _, t := range ts {
			if t.ServerRef != "" {
				return heldByPlatform(postID, t.ID)
			}
		}
		res, err := tx.ExecContext(ctx, `UPDATE targets SET paused_from=status, status='paused'
			WHERE post_id=? AND kind='post' AND status NOT IN ('publishing', 'published', 'paused')`, postID)
		if err != nil {
			return fmt.Errorf("pause post %d: %w", postID, err)
		}
		k, _ := res.RowsAffected()
		n = int(k)
		if n == 0 {
			return fmt.Errorf("post %d has nothing to pause: it is %s", postID, statusesOf(ts))
		}
		return nil
	})
	return n, err
}

// ResumePost gives every paused target of the post back the status it had when paused.
// A target paused elsewhere without one (the composer, an import) goes back to scheduled
// if it has a time, else to draft. It returns the resumed targets: one scheduled with its
// time passed goes out on the next publish run.
func (db *DB) ResumePost(ctx context.Context, postID int64) ([]social.Target, error) {
	var out []social.Target
	err := db.namedTx(ctx, fmt.Sprintf("resume post %d", postID), func(tx *sql.Tx) error {
		_, ts, err := postTargets(ctx, tx, postID)
		if err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `UPDATE targets SET status=CASE
				WHEN paused_from IN ('', 'scheduled') AND due_at=0 THEN 'draft'
				WHEN paused_from='' THEN 'scheduled'
				ELSE paused_from END, paused_from=''
			WHERE post_id=? AND kind='post' AND status='paused' RETURNING `+targetCols, postID)
		if err != nil {
			return fmt.Errorf("resume post %d: %w", postID, err)
		}
		defer rows.Close()
		for rows.Next() {
			t, err := scanTarget(rows)
			if err != nil {
				return fmt.Errorf("resume post %d: %w", postID, err)
			}
			out = append(out, t)
		}
		if err := rows.Err(); err != nil {
			return fmt.Errorf("resume post %d: %w", postID, err)
		}
		if len(out) == 0 {
			return fmt.Errorf("post %d is not paused: it is %s", postID, statusesOf(ts))
		}
		return nil
	})
	return out, err
}

// PublishPostNow makes the post's scheduled, failed and paused targets due now, so the
// next publish run sends them: back-off and last error cleared as ScheduleTarget does,
// and a failed one's attempts too, as a retry a person asked for. A target paused from a
// planning status (draft, review…) stays: publishing it would skip its approval. It
// returns how many it made due.
func (db *DB) PublishPostNow(ctx context.Context, postID int64, now time.Time) (int, error) {
	n := 0
	err := db.namedTx(ctx, fmt.Sprintf("publish post %d now", postID), func(tx *sql.Tx) error {
		_, ts, err := postTargets(ctx, tx, postID)
		if err != nil {
			return err
		}
		for _, t := range ts {
			if t.ServerRef != "" {
				return heldByPlatform(postID, t.ID)
			}
		}
		res, err := tx.ExecContext(ctx, `UPDATE targets SET status='scheduled', due_at=?, not_before=0,
			last_error='', paused_from='', lease_until=0, attempts=CASE WHEN status='failed' THEN 0 ELSE attempts END
			WHERE post_id=? AND kind='post' AND (status IN ('scheduled', 'failed')
			OR (status='paused' AND paused_from IN ('', 'scheduled', 'failed')))`, ms(now), postID)
		if err != nil {
			return fmt.Errorf("publish post %d now: %w", postID, err)
		}
		k, _ := res.RowsAffected()
		n = int(k)
		if n == 0 {
			return fmt.Errorf("post %d is %s; only a scheduled, failed or paused post can be published now (approve and schedule it first)", postID, statusesOf(ts))
		}
		return nil
	})
	return n, err
}

// postTargets reads a post's client zone and its post targets inside tx.
func postTargets(ctx context.Context, tx *sql.Tx, postID int64) (*time.Location, []social.Target, error) {
	var tz string
	err := tx.QueryRowContext(ctx, `SELECT c.tz FROM posts p JOIN clients c ON c.id=p.client_id WHERE p.id=?`, postID).Scan(&tz)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, notFound("post", postID)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("read post %d: %w", postID, err)
	}
	all, err := targetsOf(ctx, tx, postID)
	if err != nil {
		return nil, nil, fmt.Errorf("read post %d: %w", postID, err)
	}
	var ts []social.Target
	for _, t := range all {
		if t.Kind == social.KindPost {
			ts = append(ts, t)
		}
	}
	return social.Client{TZ: tz}.Location(), ts, nil
}

func heldByPlatform(postID, targetID int64) error {
	return fmt.Errorf("post %d waits on the platform to publish it; take it back first with `chorus withdraw %d`", postID, targetID)
}

// statusesOf says what a post's targets are, for errors: "published", "draft and published".
func statusesOf(ts []social.Target) string {
	var seen []string
	for _, t := range ts {
		if s := string(t.Status); !slices.Contains(seen, s) {
			seen = append(seen, s)
		}
	}
	switch len(seen) {
	case 0:
		return "without targets"
	case 1:
		return seen[0]
	}
	out := seen[0]
	for i, s := range seen[1:] {
		if i == len(seen)-2 {
			out += " and " + s
		} else {
			out += ", " + s
		}
	}
	return out
}

// shiftDays returns the first instant at which clocks in loc show t's wall-clock time,
// days calendar days after t's day there; ok is false when the clocks skip that time on
// the new day (a DST gap). A time shown twice (clocks falling back) is its first
// occurrence, as the time parser reads it.
func shiftDays(t time.Time, days int, loc *time.Location) (time.Time, bool) {
	l := t.In(loc)
	y, m, d := l.Date()
	h, mi, s := l.Clock()
	wall := time.Date(y, m, d+days, h, mi, s, l.Nanosecond(), time.UTC)
	guess := time.Date(y, m, d+days, h, mi, s, l.Nanosecond(), loc)
	var best time.Time
	// The offsets in force half a day either side cover any transition on that day.
	for _, probe := range []time.Time{guess.Add(-12 * time.Hour), guess, guess.Add(12 * time.Hour)} {
		_, off := probe.In(loc).Zone()
		cand := wall.Add(-time.Duration(off) * time.Second)
		if !sameWall(cand.In(loc), wall) {
			continue
		}
		if best.IsZero() || cand.Before(best) {
			best = cand
		}
	}
	return best.UTC(), !best.IsZero()
}

// sameWall reports whether a reads as the wall clock w (a reading stored in UTC).
func sameWall(a, w time.Time) bool {
	ay, am, ad := a.Date()
	wy, wm, wd := w.Date()
	ah, ami, as := a.Clock()
	wh, wmi, ws := w.Clock()
	return ay == wy && am == wm && ad == wd && ah == wh && ami == wmi && as == ws && a.Nanosecond() == w.Nanosecond()
}
