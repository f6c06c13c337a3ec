package store

import (
	"context"
	"fmt"
	"time"

	"github.com/chorus-social/chorus/social"
)

// claimBatchSQL claims due targets in due order, leaving out accounts with a send in
// flight in any process: an account's posts then go out one at a time and in order, and a
// second publisher on the file takes other accounts instead of waiting on the same ones.
// ?1 is now, ?2 the lease's end, ?3 the batch size.
const claimBatchSQL = `UPDATE targets SET ` + claimSet + ` WHERE id IN (SELECT id FROM targets WHERE ` + claimable + `
	AND account_id NOT IN (SELECT account_id FROM targets WHERE status='publishing' AND lease_until>=?1)
	ORDER BY due_at, id LIMIT ?3)` + claimReturning + `, send_began_at`

// ClaimBatch claims up to max due targets in one IMMEDIATE transaction, under a lease
// until now+lease, in due order, skipping accounts that have a send in flight (so each
// account's targets are sent one after another, in order). Unlike ClaimDue, a claimed
// target's send has not begun: the caller calls BeginSend just before sending it and
// ReleaseClaim for one it will not send. A claim never begun that a crash left behind is
// claimed again as a fresh one, not as Recovered.
func (db *DB) ClaimBatch(ctx context.Context, now time.Time, lease time.Duration, max int) ([]Claim, error) {
	return db.claimBatch(ctx, nil, now, lease, max)
}

// BeginSend records that the send of claim c starts now and extends its lease to until.
// From here on the target counts as possibly out until its outcome is recorded. It fails
// with ErrLeaseLost when another process claimed the target meanwhile: the caller must
// not send it.
func (db *DB) BeginSend(ctx context.Context, c Claim, now, until time.Time) error {
	res, err := db.w.ExecContext(ctx, `UPDATE targets SET lease_until=?,
		send_began_at=CASE WHEN send_began_at=0 THEN ? ELSE send_began_at END
		WHERE id=? AND status='publishing' AND claim_seq=?`, ms(until), ms(now), c.Target.ID, c.Token)
	if err != nil {
		return fmt.Errorf("begin sending target %d: %w", c.Target.ID, err)
	}
	return db.fenced(ctx, res, c, "begin sending")
}

// ReleaseClaim gives back a claim whose send was not begun (the publisher is stopping):
// the target is scheduled as before, at once claimable again, and the attempt does not
// count. A claim that is no longer the caller's is left alone.
func (db *DB) ReleaseClaim(ctx context.Context, c Claim) error {
	_, err := db.w.ExecContext(ctx, `UPDATE targets SET status='scheduled', lease_until=0, attempts=max(attempts-1, 0)
		WHERE id=? AND status='publishing' AND claim_seq=?`, c.Target.ID, c.Token)
	if err != nil {
		return fmt.Errorf("release target %d: %w", c.Target.ID, err)
	}
	return nil
}

// FailAttempt records a failed send of claim c: with a non-zero retryAt the target is
// scheduled again, not claimed before then; otherwise it fails for good with msg for the
// user. maybeOut says the error leaves open whether the post reached the platform (a lost
// answer, a server error): the next attempt is then treated as Recovered. Parts already
// out stay recorded. It fails with ErrLeaseLost when the claim is no longer the caller's.
func (db *DB) FailAttempt(ctx context.Context, c Claim, msg string, retryAt time.Time, maybeOut bool) error {
	status := social.StatusFailed
	if !retryAt.IsZero() {
		status = social.StatusScheduled
	}
	res, err := db.w.ExecContext(ctx, `UPDATE targets SET status=?, not_before=?, lease_until=0, last_error=?,
		send_began_at=CASE WHEN ? THEN send_began_at ELSE 0 END
		WHERE id=? AND status='publishing' AND claim_seq=?`,
		string(status), ms(retryAt), msg, maybeOut, c.Target.ID, c.Token)
	if err != nil {
		return fmt.Errorf("record failure of target %d: %w", c.Target.ID, err)
	}
	return db.fenced(ctx, res, c, "record failure of")
}
