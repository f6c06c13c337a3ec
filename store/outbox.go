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
	// The post's options: language, content warning, visibility.
	Lang, ContentWarning, Visibility string
	// Recovered: the target was found "publishing" with its lease run out, so an earlier
	// attempt may have reached the platform. The publisher must not blindly resend it.
	Recovered bool
	// LostLease is when the earlier attempt's lease ran out (Recovered only): that attempt
	// began one lease before it.
	LostLease time.Time
}

// ScheduleTarget sets a target to go out at due (UTC). A failed or retrying target is
// rescheduled from scratch: its back-off and last error are cleared.
func (db *DB) ScheduleTarget(ctx context.Context, id int64, due time.Time) error {
	if due.IsZero() {
		return fmt.Errorf("schedule target %d: no due time given", id)
	}
	return db.setTarget(ctx, id, `status='scheduled', due_at=?, not_before=0, last_error=''`, "", ms(due))
}

// SetTargetStatus moves a target to a planning status (draft, review, approved, paused,
// scheduled). Published and publishing targets cannot be moved back. Moving to scheduled
// keeps the target's due time and needs one (ScheduleTarget sets both).
func (db *DB) SetTargetStatus(ctx context.Context, id int64, s social.Status) error {
	switch s {
	case social.StatusPublishing, social.StatusPublished, social.StatusFailed:
		return fmt.Errorf("target %d: status %s is set by the publisher only", id, s)
	}
	if !s.Valid() {
		return fmt.Errorf("target %d: unknown status %q", id, s)
	}
	if s == social.StatusScheduled {
		t, err := db.Target(ctx, id)
		if err != nil {
			return err
		}
		if t.DueAt.IsZero() {
			return fmt.Errorf("target %d has no due time: schedule it with a time", id)
		}
		return db.setTarget(ctx, id, `status='scheduled', not_before=0, last_error=''`, "due_at<>0", nil)
	}
	return db.setTarget(ctx, id, `status=?`, "", string(s))
}

// setTarget updates an editable target (not publishing or published): set is the SET
// list with one optional argument, cond an extra condition or "".
func (db *DB) setTarget(ctx context.Context, id int64, set, cond string, arg any) error {
	var args []any
	if arg != nil {
		args = append(args, arg)
	}
	args = append(args, id)
	if cond != "" {
		cond = " AND " + cond
	}
	res, err := db.w.ExecContext(ctx, `UPDATE targets SET `+set+`
		WHERE id=? AND status NOT IN ('publishing','published') AND server_ref=''`+cond, args...)
	if err != nil {
		return fmt.Errorf("update target %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		t, err := db.Target(ctx, id)
		if err != nil {
			return err
		}
		if t.ServerRef != "" {
			return fmt.Errorf("target %d waits on the platform to publish it; take it back first with `chorus withdraw %d`", id, id)
		}
		return fmt.Errorf("target %d is %s and cannot change", id, t.Status)
	}
	return nil
}

// The claim's selection, shared by ClaimDue and its guarded update. due_at<=now holds for
// both branches (a publishing target was due when claimed) and, with the status IN term
// spelled like the partial index's WHERE, lets SQLite walk targets_due in order instead
// of scanning every target ever published.
const claimable = `status IN ('scheduled', 'publishing') AND due_at<=?1 AND server_ref=''
	AND ((status='scheduled' AND not_before<=?1) OR (status='publishing' AND lease_until<?1))`

const claimSelectSQL = `SELECT id, status, lease_until FROM targets WHERE ` + claimable + ` ORDER BY due_at, id LIMIT 1`

// ClaimDue takes the next due target under a lease until now+lease, or reports false when
// none is due. A target "publishing" whose lease ran out is claimed again, marked
// Recovered. The select and the update run in one IMMEDIATE transaction, and the update
// re-checks the selection, so two processes on the same file can never claim the same
// target.
func (db *DB) ClaimDue(ctx context.Context, now time.Time, lease time.Duration) (Claim, bool, error) {
	if lease <= 0 {
		return Claim{}, false, fmt.Errorf("claim due target: lease must be positive, got %v", lease)
	}
	var c Claim
	found := false
	err := db.tx(ctx, func(tx *sql.Tx) error {
		var id, prevLease int64
		var prev string
		err := tx.QueryRowContext(ctx, claimSelectSQL, ms(now)).Scan(&id, &prev, &prevLease)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		c.Target, err = scanTarget(tx.QueryRowContext(ctx, `UPDATE targets SET status='publishing', lease_until=?2,
			attempts=attempts+1 WHERE id=?3 AND `+claimable+` RETURNING `+targetCols, ms(now), ms(now.Add(lease)), id))
		if errors.Is(err, sql.ErrNoRows) {
			return nil // taken meanwhile (only possible outside an IMMEDIATE transaction)
		}
		if err != nil {
			return err
		}
		if err := fillClaim(ctx, tx, &c); err != nil {
			return err
		}
		c.Recovered = prev == string(social.StatusPublishing)
		if c.Recovered {
			c.LostLease = fromMs(prevLease)
		}
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

// ExtendLease keeps a long publish (media upload, a long thread) claimed. It fails if the
// target is no longer being published.
func (db *DB) ExtendLease(ctx context.Context, id int64, until time.Time) error {
	res, err := db.w.ExecContext(ctx, `UPDATE targets SET lease_until=? WHERE id=? AND status='publishing'`, ms(until), id)
	if err != nil {
		return fmt.Errorf("extend lease of target %d: %w", id, err)
	}
	return db.mustBePublishing(ctx, res, id, "extend lease of")
}

// ErrLeaseLost is returned (wrapped) by ExtendClaim when the claim's lease ran out and the
// target was claimed again: the caller no longer holds it and must stop sending.
var ErrLeaseLost = errors.New("lease lost: the target was claimed again")

// ExtendClaim extends the lease of a claim the caller holds. Unlike ExtendLease it knows
// whose claim it is (the attempt count is the fencing token): once the lease ran out and
// another process claimed the target, it fails with ErrLeaseLost instead of extending
// the other claim.
func (db *DB) ExtendClaim(ctx context.Context, c Claim, until time.Time) error {
	id := c.Target.ID
	res, err := db.w.ExecContext(ctx, `UPDATE targets SET lease_until=? WHERE id=? AND status='publishing' AND attempts=?`,
		ms(until), id, c.Target.Attempts)
	if err != nil {
		return fmt.Errorf("extend lease of target %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n > 0 {
		return nil
	}
	t, err := db.Target(ctx, id)
	if err != nil {
		return fmt.Errorf("extend lease of target %d: %w", id, err)
	}
	if t.Status == social.StatusPublishing || t.Attempts != c.Target.Attempts {
		return fmt.Errorf("extend lease of target %d (attempt %d, now %d): %w", id, c.Target.Attempts, t.Attempts, ErrLeaseLost)
	}
	return fmt.Errorf("extend lease of target %d: it is %s, not being published", id, t.Status)
}

// RecordSentParts saves the ids of thread parts already out, so a crash mid-thread resumes
// at the first part that did not go out. It fails if the target is not being published.
func (db *DB) RecordSentParts(ctx context.Context, id int64, remoteIDs []string) error {
	s, err := jsonList(remoteIDs)
	if err != nil {
		return err
	}
	res, err := db.w.ExecContext(ctx, `UPDATE targets SET sent_parts=? WHERE id=? AND status='publishing'`, s, id)
	if err != nil {
		return fmt.Errorf("record sent parts of target %d: %w", id, err)
	}
	return db.mustBePublishing(ctx, res, id, "record sent parts of")
}

// mustBePublishing turns an update that touched no row into "not found" or "not being
// published".
func (db *DB) mustBePublishing(ctx context.Context, res sql.Result, id int64, what string) error {
	if n, _ := res.RowsAffected(); n > 0 {
		return nil
	}
	t, err := db.Target(ctx, id)
	if err != nil {
		return fmt.Errorf("%s target %d: %w", what, id, err)
	}
	return fmt.Errorf("%s target %d: it is %s, not being published", what, id, t.Status)
}

// Result is what publishing a target produced.
type Result struct {
	RemoteID  string
	URL       string
	At        time.Time
	SentParts []string // empty keeps the parts recorded by RecordSentParts
}

// CompletePublish records a successful publish and the status change in one transaction;
// when every target of the post is out, the post is marked published too. It records the
// truth whatever the target's status was: the platform has the post.
func (db *DB) CompletePublish(ctx context.Context, id int64, r Result) error {
	return db.complete(ctx, id, r, "")
}

// complete records a publish; cond narrows which target states it applies to.
func (db *DB) complete(ctx context.Context, id int64, r Result, cond string) error {
	sent, err := jsonList(r.SentParts)
	if err != nil {
		return err
	}
	if r.At.IsZero() {
		r.At = time.Now()
	}
	err = db.tx(ctx, func(tx *sql.Tx) error {
		var postID int64
		err := tx.QueryRowContext(ctx, `UPDATE targets SET status='published', remote_id=?, remote_url=?,
			published_at=?, sent_parts=CASE WHEN ?4='' THEN sent_parts ELSE ?4 END, lease_until=0, not_before=0,
			last_error='' WHERE id=?5`+cond+` RETURNING post_id`, r.RemoteID, r.URL, ms(r.At), sent, id).Scan(&postID)
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
	if err != nil {
		return fmt.Errorf("record publish of target %d: %w", id, err)
	}
	return nil
}

// FailPublish records a failed attempt. With a non-zero retryAt the target goes back to
// scheduled and is not claimed before then; otherwise it is failed for good and waits for
// the user. Parts already sent stay recorded, so a retry resumes the thread.
func (db *DB) FailPublish(ctx context.Context, id int64, msg string, retryAt time.Time) error {
	status := social.StatusFailed
	if !retryAt.IsZero() {
		status = social.StatusScheduled
	}
	res, err := db.w.ExecContext(ctx, `UPDATE targets SET status=?, not_before=?, lease_until=0, last_error=?
		WHERE id=? AND status='publishing'`, string(status), ms(retryAt), msg, id)
	if err != nil {
		return fmt.Errorf("record failure of target %d: %w", id, err)
	}
	return db.mustBePublishing(ctx, res, id, "record failure of")
}

const nextDueSQL = `SELECT min(CASE WHEN status='scheduled' THEN max(due_at, not_before) ELSE lease_until END)
	FROM targets WHERE status IN ('scheduled', 'publishing')`

// NextDue returns when the publisher next has work (zero if never): the next scheduled
// target falling due, or a publishing target's lease running out (a crashed process's
// claim to recover). The publisher can sleep until then.
func (db *DB) NextDue(ctx context.Context) (time.Time, error) {
	var v sql.NullInt64
	err := db.r.QueryRowContext(ctx, nextDueSQL).Scan(&v)
	if err != nil {
		return time.Time{}, fmt.Errorf("next due target: %w", err)
	}
	if !v.Valid {
		return time.Time{}, nil
	}
	return fromMs(v.Int64), nil
}

// claimOf reads everything needed to send target id.
func claimOf(ctx context.Context, tx *sql.Tx, id int64) (Claim, error) {
	var c Claim
	var err error
	if c.Target, err = scanTarget(tx.QueryRowContext(ctx, `SELECT `+targetCols+` FROM targets WHERE id=?`, id)); err != nil {
		return c, fmt.Errorf("target %d: %w", id, err)
	}
	return c, fillClaim(ctx, tx, &c)
}

// fillClaim reads what sending c.Target needs besides the target: its account, the
// post's options, and its parts (the target's variant where it has one).
func fillClaim(ctx context.Context, tx *sql.Tx, c *Claim) error {
	t := c.Target
	var err error
	if c.Account, err = scanAccount(tx.QueryRowContext(ctx, `SELECT `+accountCols+` FROM accounts WHERE id=?`, t.AccountID)); err != nil {
		return fmt.Errorf("account %s of target %d: %w", t.AccountID, t.ID, err)
	}
	if err := tx.QueryRowContext(ctx, `SELECT lang, content_warning, visibility FROM posts WHERE id=?`,
		t.PostID).Scan(&c.Lang, &c.ContentWarning, &c.Visibility); err != nil {
		return fmt.Errorf("post %d of target %d: %w", t.PostID, t.ID, err)
	}
	if c.Parts, err = parts(ctx, tx, t.PostID); err != nil {
		return fmt.Errorf("post %d of target %d: %w", t.PostID, t.ID, err)
	}
	if len(t.Variant) > 0 {
		c.Parts = applyVariant(c.Parts, t.Variant)
	}
	return nil
}
