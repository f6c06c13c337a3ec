package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/chorus-social/chorus/social"
)

// MissedNote is the note a paused target keeps when its time passed while it was paused
// and resuming did not send it: it says when it was due and what to do.
func MissedNote(due time.Time, loc *time.Location) string {
	return fmt.Sprintf("missed while paused (due %s): reschedule it, or resume it and send it now",
		due.In(loc).Format("Mon 2 Jan 15:04 MST"))
}

// pausable matches targets that can still be stopped: not out, not going out, not held by
// the platform. A target a publisher has claimed but not begun sending is stopped too: the
// publisher checks before it sends.
const pausable = `server_ref='' AND (status NOT IN ('publishing', 'published', 'paused')
	OR (status='publishing' AND send_began_at=0))`

// pauseSet pauses a target, taking it from a publisher that claimed it (the claim's
// attempt does not count).
const pauseSet = `paused_from=CASE WHEN status='publishing' THEN 'scheduled' ELSE status END,
	attempts=CASE WHEN status='publishing' THEN max(attempts-1, 0) ELSE attempts END,
	status='paused', lease_until=0`

// PauseClient pauses every scheduled post of a client that has not started going out (the
// crisis switch): sends already begun finish, and posts the platform holds stay with it
// (withdraw them first: Publisher.PauseClient does). Replies, likes and DMs from the inbox
// are not paused: a person sent them just now. It returns how many targets it paused.
func (db *DB) PauseClient(ctx context.Context, clientID string) (int, error) {
	res, err := db.w.ExecContext(ctx, `UPDATE targets SET `+pauseSet+`, paused_by='client'
		WHERE `+pausable+` AND status IN ('scheduled', 'publishing') AND kind='post'
		AND post_id IN (SELECT id FROM posts WHERE client_id=?)`, clientID)
	if err != nil {
		return 0, fmt.Errorf("pause client %s: %w", clientID, err)
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}

// ResumeClient resumes what PauseClient paused. Targets still ahead of now are scheduled
// again at their times. Those whose time passed meanwhile go out now only with sendMissed;
// otherwise they stay paused with a note saying they were missed (MissedNote), so a
// client's week of posts does not go out in one burst. It returns how many were resumed
// and how many were left paused as missed.
func (db *DB) ResumeClient(ctx context.Context, clientID string, now time.Time, sendMissed bool) (resumed, skipped int, err error) {
	err = db.namedTx(ctx, "resume client "+clientID, func(tx *sql.Tx) error {
		cond := ``
		if !sendMissed {
			cond = ` AND due_at>?2`
		}
		res, err := tx.ExecContext(ctx, `UPDATE targets SET status='scheduled', paused_from='', last_error=''
			WHERE status='paused' AND paused_by='client' AND post_id IN (SELECT id FROM posts WHERE client_id=?1)`+cond,
			clientID, ms(now))
		if err != nil {
			return fmt.Errorf("resume client %s: %w", clientID, err)
		}
		n, _ := res.RowsAffected()
		resumed = int(n)
		if sendMissed {
			return nil
		}
		loc, err := clientLocation(ctx, tx, clientID)
		if err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT id, due_at FROM targets WHERE status='paused' AND paused_by='client'
			AND post_id IN (SELECT id FROM posts WHERE client_id=?)`, clientID)
		if err != nil {
			return fmt.Errorf("resume client %s: %w", clientID, err)
		}
		type missed struct{ id, due int64 }
		var ms []missed
		for rows.Next() {
			var m missed
			if err := rows.Scan(&m.id, &m.due); err != nil {
				rows.Close()
				return err
			}
			ms = append(ms, m)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, m := range ms {
			if _, err := tx.ExecContext(ctx, `UPDATE targets SET last_error=? WHERE id=?`,
				MissedNote(fromMs(m.due), loc), m.id); err != nil {
				return fmt.Errorf("resume client %s: %w", clientID, err)
			}
		}
		skipped = len(ms)
		return nil
	})
	return resumed, skipped, err
}

// clientLocation is the client's time zone, for notes a person reads.
func clientLocation(ctx context.Context, q *sql.Tx, clientID string) (*time.Location, error) {
	var tz string
	err := q.QueryRowContext(ctx, `SELECT tz FROM clients WHERE id=?`, clientID).Scan(&tz)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("client", clientID)
	}
	if err != nil {
		return nil, fmt.Errorf("read client %s: %w", clientID, err)
	}
	return social.Client{TZ: tz}.Location(), nil
}

// PauseTarget pauses one target that has not started going out, remembering its status
// for ResumeTarget.
func (db *DB) PauseTarget(ctx context.Context, id int64) error {
	res, err := db.w.ExecContext(ctx, `UPDATE targets SET `+pauseSet+`, paused_by='' WHERE id=? AND `+pausable, id)
	if err != nil {
		return fmt.Errorf("pause target %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n > 0 {
		return nil
	}
	t, err := db.Target(ctx, id)
	switch {
	case err != nil:
		return err
	case t.ServerRef != "":
		return fmt.Errorf("target %d waits on the platform to publish it; take it back first with `chorus withdraw %d`", id, id)
	case t.Status == social.StatusPublishing:
		return fmt.Errorf("target %d is being sent right now and cannot be paused", id)
	}
	return fmt.Errorf("target %d is %s and cannot change", id, t.Status)
}

// HeldTargets returns the ids of a client's posts the platforms hold (server-side
// scheduling), which PauseClient cannot stop.
func (db *DB) HeldTargets(ctx context.Context, clientID string) ([]int64, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT id FROM targets WHERE status='scheduled' AND server_ref<>''
		AND post_id IN (SELECT id FROM posts WHERE client_id=?) ORDER BY due_at, id`, clientID)
	if err != nil {
		return nil, fmt.Errorf("posts of %s held by platforms: %w", clientID, err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// ResumeTarget gives a paused target back the status it had (one paused without it goes
// back to scheduled if it has a time, else to draft). A target that would be scheduled
// with its time passed goes out now only with sendMissed; otherwise it stays paused with
// MissedNote and ResumeTarget returns false.
func (db *DB) ResumeTarget(ctx context.Context, id int64, now time.Time, sendMissed bool) (bool, error) {
	resumed := false
	err := db.namedTx(ctx, fmt.Sprintf("resume target %d", id), func(tx *sql.Tx) error {
		var status, from, clientID string
		var due int64
		err := tx.QueryRowContext(ctx, `SELECT t.status, t.paused_from, t.due_at, p.client_id
			FROM targets t JOIN posts p ON p.id=t.post_id WHERE t.id=?`, id).Scan(&status, &from, &due, &clientID)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("target", id)
		}
		if err != nil {
			return err
		}
		if status != string(social.StatusPaused) {
			return fmt.Errorf("target %d is %s, not paused", id, status)
		}
		to := from
		switch {
		case (from == "" || from == string(social.StatusScheduled)) && due == 0:
			to = string(social.StatusDraft)
		case from == "":
			to = string(social.StatusScheduled)
		}
		if to == string(social.StatusScheduled) && due <= ms(now) && !sendMissed {
			loc, err := clientLocation(ctx, tx, clientID)
			if err != nil {
				return err
			}
			_, err = tx.ExecContext(ctx, `UPDATE targets SET last_error=? WHERE id=?`, MissedNote(fromMs(due), loc), id)
			return err
		}
		set := `status=?, paused_from=''`
		if to == string(social.StatusScheduled) {
			set += `, last_error='', not_before=0`
		}
		if _, err := tx.ExecContext(ctx, `UPDATE targets SET `+set+` WHERE id=?`, to, id); err != nil {
			return fmt.Errorf("resume target %d: %w", id, err)
		}
		resumed = true
		return nil
	})
	return resumed, err
}

// RetryTarget gives a failed target another go (the calendar's p): it is scheduled due
// now, with its attempts, back-off and error cleared and a new retry deadline. Thread
// parts already out stay recorded, so the thread resumes where it stopped, and the
// idempotency key stays, so a platform that remembers it still cannot post twice.
func (db *DB) RetryTarget(ctx context.Context, id int64, now time.Time) error {
	res, err := db.w.ExecContext(ctx, `UPDATE targets SET status='scheduled', due_at=?, not_before=0, attempts=0,
		lease_until=0, last_error='' WHERE id=? AND status='failed'`, ms(now), id)
	if err != nil {
		return fmt.Errorf("retry target %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n > 0 {
		return nil
	}
	t, err := db.Target(ctx, id)
	if err != nil {
		return err
	}
	return fmt.Errorf("target %d is %s: only a failed post can be retried", id, t.Status)
}
