package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/chorus-social/chorus/social"
)

// Claim is a target the publisher holds under lease, with everything needed to send it.
type Claim struct {
	Target  social.Target
	Account social.Account
	Parts   []social.Part // the target's variant if it has one, else the post's parts
	// Recovered: the target was found "publishing" with its lease run out, so an earlier
	// attempt may have reached the platform. The publisher must not blindly resend it.
	Recovered bool
}

// ScheduleTarget sets a target to go out at due (UTC).
func (db *DB) ScheduleTarget(ctx context.Context, id int64, due time.Time) error {
	return db.setTarget(ctx, id, `status='scheduled', due_at=?, not_before=0, last_error=''`, ms(due))
}

// SetTargetStatus moves a target to a planning status (draft, review, approved, paused,
// scheduled). Published and publishing targets cannot be moved back.
func (db *DB) SetTargetStatus(ctx context.Context, id int64, s social.Status) error {
	switch s {
	case social.StatusPublishing, social.StatusPublished, social.StatusFailed:
		return fmt.Errorf("target %d: status %s is set by the publisher only", id, s)
	}
	if !s.Valid() {
		return fmt.Errorf("target %d: unknown status %q", id, s)
	}
	return db.setTarget(ctx, id, `status=?`, string(s))
}

// setTarget updates an editable target (not publishing or published).
func (db *DB) setTarget(ctx context.Context, id int64, set string, args ...any) error {
	args = append(args, id)
	res, err := db.w.ExecContext(ctx, `UPDATE targets SET `+set+`
		WHERE id=? AND status NOT IN ('publishing','published')`, args...)
	if err != nil {
		return fmt.Errorf("update target %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		if _, err := db.Target(ctx, id); err != nil {
			return err
		}
		return fmt.Errorf("target %d is published or being published and cannot change", id)
	}
	return nil
}

// ClaimDue takes the next due target under a lease until now+lease, or reports false when
// none is due. The select and the update run in one IMMEDIATE transaction, so two
// processes on the same file can never claim the same target.
func (db *DB) ClaimDue(ctx context.Context, now time.Time, lease time.Duration) (Claim, bool, error) {
	var c Claim
	found := false
	err := db.tx(ctx, func(tx *sql.Tx) error {
		var id int64
		var prev string
		err := tx.QueryRowContext(ctx, `SELECT id, status FROM targets
			WHERE (status='scheduled' AND due_at<=?1 AND not_before<=?1)
			   OR (status='publishing' AND lease_until<?1)
			ORDER BY due_at, id LIMIT 1`, ms(now)).Scan(&id, &prev)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE targets SET status='publishing', lease_until=?, attempts=attempts+1
			WHERE id=?`, ms(now.Add(lease)), id); err != nil {
			return err
		}
		if c.Target, err = scanTarget(tx.QueryRowContext(ctx, `SELECT `+targetCols+` FROM targets WHERE id=?`, id)); err != nil {
			return err
		}
		if c.Account, err = scanAccount(tx.QueryRowContext(ctx, `SELECT `+accountCols+` FROM accounts WHERE id=?`, c.Target.AccountID)); err != nil {
			return err
		}
		if c.Parts, err = db.parts(ctx, tx, c.Target.PostID); err != nil {
			return err
		}
		if len(c.Target.Variant) > 0 {
			c.Parts = applyVariant(c.Parts, c.Target.Variant)
		}
		c.Recovered = prev == string(social.StatusPublishing)
		found = true
		return nil
	})
	if err != nil {
		return Claim{}, false, fmt.Errorf("claim due target: %w", err)
	}
	return c, found, nil
}

// applyVariant swaps in the variant's texts, keeping each part's media.
func applyVariant(parts []social.Part, variant []string) []social.Part {
	out := make([]social.Part, len(variant))
	for i, t := range variant {
		out[i].Text = t
		if i < len(parts) {
			out[i].Media = parts[i].Media
		}
	}
	return out
}

// ExtendLease keeps a long publish (media upload, a long thread) claimed.
func (db *DB) ExtendLease(ctx context.Context, id int64, until time.Time) error {
	_, err := db.w.ExecContext(ctx, `UPDATE targets SET lease_until=? WHERE id=? AND status='publishing'`, ms(until), id)
	return err
}

// RecordSentParts saves the ids of thread parts already out, so a crash mid-thread resumes
// at the first part that did not go out.
func (db *DB) RecordSentParts(ctx context.Context, id int64, remoteIDs []string) error {
	s, err := jsonList(remoteIDs)
	if err != nil {
		return err
	}
	_, err = db.w.ExecContext(ctx, `UPDATE targets SET sent_parts=? WHERE id=? AND status='publishing'`, s, id)
	return err
}

// Result is what publishing a target produced.
type Result struct {
	RemoteID  string
	URL       string
	At        time.Time
	SentParts []string
}

// CompletePublish records a successful publish and the status change in one transaction;
// when every target of the post is out, the post is marked published too.
func (db *DB) CompletePublish(ctx context.Context, id int64, r Result) error {
	sent, err := jsonList(r.SentParts)
	if err != nil {
		return err
	}
	if r.At.IsZero() {
		r.At = time.Now()
	}
	return db.tx(ctx, func(tx *sql.Tx) error {
		var postID int64
		err := tx.QueryRowContext(ctx, `UPDATE targets SET status='published', remote_id=?, remote_url=?,
			published_at=?, sent_parts=?, lease_until=0, last_error=''
			WHERE id=? RETURNING post_id`, r.RemoteID, r.URL, ms(r.At), sent, id).Scan(&postID)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("target", id)
		}
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE posts SET status='published', updated_at=?
			WHERE id=? AND NOT EXISTS (SELECT 1 FROM targets WHERE post_id=? AND status<>'published')`,
			ms(time.Now()), postID, postID)
		return err
	})
}

// FailPublish records a failed attempt. With a non-zero retryAt the target goes back to
// scheduled and is not claimed before then; otherwise it is failed for good and waits for
// the user.
func (db *DB) FailPublish(ctx context.Context, id int64, msg string, retryAt time.Time) error {
	status := social.StatusFailed
	if !retryAt.IsZero() {
		status = social.StatusScheduled
	}
	res, err := db.w.ExecContext(ctx, `UPDATE targets SET status=?, not_before=?, lease_until=0, last_error=?
		WHERE id=? AND status='publishing'`, string(status), ms(retryAt), msg, id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("target %d is not being published", id)
	}
	return nil
}

// NextDue returns when the next scheduled target falls due (zero if none), so the
// publisher can sleep until then.
func (db *DB) NextDue(ctx context.Context) (time.Time, error) {
	var v sql.NullInt64
	err := db.r.QueryRowContext(ctx, `SELECT min(max(due_at, not_before)) FROM targets WHERE status='scheduled'`).Scan(&v)
	if err != nil || !v.Valid {
		return time.Time{}, err
	}
	return fromMs(v.Int64), nil
}
