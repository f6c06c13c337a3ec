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
	// Recovered: an earlier send of the target began and its outcome is unknown (its
	// process died, or it ended in an error after which the post may be out), so it may
	// have reached the platform. The publisher must not blindly resend it.
	Recovered bool
	// SendBegan is when that earlier send began (Recovered only): the platform's memory
	// of the idempotency key runs from then.
	SendBegan time.Time
	// LostLease is when the earlier claim's lease ran out, when ClaimDue found the target
	// publishing.
	LostLease time.Time
	// FirstTry is when the first attempt of the current try was claimed: transient
	// failures are retried up to a deadline counted from the later of it and the due time.
	FirstTry time.Time
	// Token fences the claim: it changes with every claim of the target, so a process
	// that lost its lease cannot act on the claim another process took since.
	Token int64
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

const claimSelectSQL = `SELECT id, status, lease_until, send_began_at FROM targets WHERE ` + claimable + ` ORDER BY due_at, id LIMIT 1`

// claimSet claims a target at ?1 (now) under a lease until ?2.
const claimSet = `status='publishing', lease_until=?2, attempts=attempts+1, claim_seq=claim_seq+1,
	first_try_at=CASE WHEN first_try_at=0 THEN ?1 ELSE first_try_at END`

// claimReturning is what a claim's update returns: the target and the claim's own columns.
const claimReturning = ` RETURNING ` + targetCols + `, claim_seq, first_try_at`

// claimed fills c from a claim's update, given what the row was before it.
func claimed(row scanner, c *Claim, prevStatus string, prevLease, began int64) error {
	var first int64
	t, err := scanTarget(row, &c.Token, &first)
	if err != nil {
		return err
	}
	c.Target, c.FirstTry = t, fromMs(first)
	if began != 0 {
		c.Recovered, c.SendBegan = true, fromMs(began)
	}
	if prevStatus == string(social.StatusPublishing) {
		c.LostLease = fromMs(prevLease)
	}
	return nil
}

// ClaimDue takes the next due target under a lease until now+lease, or reports false when
// none is due, for a caller that sends it at once: its send counts as begun. A target
// "publishing" whose lease ran out is claimed again, marked Recovered if its send had
// begun. The select and the update run in one IMMEDIATE transaction, and the update
// re-checks the selection, so two processes on the same file can never claim the same
// target. The Publisher claims in batches (ClaimBatch) instead.
func (db *DB) ClaimDue(ctx context.Context, now time.Time, lease time.Duration) (Claim, bool, error) {
	if lease <= 0 {
		return Claim{}, false, fmt.Errorf("claim due target: lease must be positive, got %v", lease)
	}
	var c Claim
	found := false
	err := db.tx(ctx, func(tx *sql.Tx) error {
		var id, prevLease, began int64
		var prev string
		err := tx.QueryRowContext(ctx, claimSelectSQL, ms(now)).Scan(&id, &prev, &prevLease, &began)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		err = claimed(tx.QueryRowContext(ctx, `UPDATE targets SET `+claimSet+`,
			send_began_at=CASE WHEN send_began_at=0 THEN ?1 ELSE send_began_at END
			WHERE id=?3 AND `+claimable+claimReturning, ms(now), ms(now.Add(lease)), id), &c, prev, prevLease, began)
		if errors.Is(err, sql.ErrNoRows) {
			return nil // taken meanwhile (only possible outside an IMMEDIATE transaction)
		}
		if err != nil {
			return err
		}
		if err := fillClaim(ctx, tx, &c); err != nil {
			return err
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

// ErrLeaseLost is returned (wrapped) when a claim is no longer the caller's: its lease ran
// out and the target was claimed again, or the target left publishing (paused before its
// send began). The caller must not send it.
var ErrLeaseLost = errors.New("claim lost: the target was claimed again or left publishing")

// ExtendClaim extends the lease of a claim the caller holds. Unlike ExtendLease it knows
// whose claim it is (the claim's Token fences it): once the lease ran out and another
// process claimed the target, it fails with ErrLeaseLost instead of extending the other
// claim.
func (db *DB) ExtendClaim(ctx context.Context, c Claim, until time.Time) error {
	id := c.Target.ID
	res, err := db.w.ExecContext(ctx, `UPDATE targets SET lease_until=? WHERE id=? AND status='publishing' AND claim_seq=?`,
		ms(until), id, c.Token)
	if err != nil {
		return fmt.Errorf("extend lease of target %d: %w", id, err)
	}
	return db.fenced(ctx, res, c, "extend lease of")
}

// fenced turns an update of claim c that touched no row into why.
func (db *DB) fenced(ctx context.Context, res sql.Result, c Claim, what string) error {
	if n, _ := res.RowsAffected(); n > 0 {
		return nil
	}
	return fenceErr(ctx, db.r, c, what)
}

// fenceErr says why an update of claim c touched no row: the target is gone
// (ErrNotFound), or the claim is no longer the caller's (ErrLeaseLost): another process
// claimed the target since, or it left publishing (paused before its send began,
// recorded by someone else).
func fenceErr(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}, c Claim, what string) error {
	id := c.Target.ID
	var status string
	var seq int64
	err := q.QueryRowContext(ctx, `SELECT status, claim_seq FROM targets WHERE id=?`, id).Scan(&status, &seq)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return fmt.Errorf("%s target %d: %w", what, id, ErrNotFound)
	case err != nil:
		return fmt.Errorf("%s target %d: %w", what, id, err)
	case seq != c.Token:
		return fmt.Errorf("%s target %d (claim %d, now %d): %w", what, id, c.Token, seq, ErrLeaseLost)
	}
	return fmt.Errorf("%s target %d: it is %s, not being published: %w", what, id, status, ErrLeaseLost)
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
	err := db.tx(ctx, func(tx *sql.Tx) error {
		c, err := newCompleter(ctx, tx, nil, cond)
		if err != nil {
			return err
		}
		return c.complete(ctx, id, r)
	})
	if err != nil {
		return fmt.Errorf("record publish of target %d: %w", id, err)
	}
	return nil
}

// FailPublish records a failed attempt. With a non-zero retryAt the target goes back to
// scheduled and is not claimed before then; otherwise it is failed for good and waits for
// the user. Parts already sent stay recorded, so a retry resumes the thread. The attempt
// counts as having sent nothing; FailAttempt records one that may have.
func (db *DB) FailPublish(ctx context.Context, id int64, msg string, retryAt time.Time) error {
	status := social.StatusFailed
	if !retryAt.IsZero() {
		status = social.StatusScheduled
	}
	res, err := db.w.ExecContext(ctx, `UPDATE targets SET status=?, not_before=?, lease_until=0, last_error=?,
		send_began_at=0 WHERE id=? AND status='publishing'`, string(status), ms(retryAt), msg, id)
	if err != nil {
		return fmt.Errorf("record failure of target %d: %w", id, err)
	}
	return db.mustBePublishing(ctx, res, id, "record failure of")
}

// nextDueSQL: a scheduled target falls due at its time or after its back-off, unless its
// account has a send in flight: ClaimBatch leaves it until that ends (the process sending
// goes on to it) or its lease runs out, which is then the time. Held targets are due to
// be checked on at their time.
const nextDueSQL = `SELECT min(CASE WHEN status='scheduled' THEN max(due_at, not_before) ELSE lease_until END)
	FROM targets WHERE status IN ('scheduled', 'publishing') AND (status='publishing' OR server_ref<>''
	OR account_id NOT IN (SELECT account_id FROM targets WHERE status='publishing'))`

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
