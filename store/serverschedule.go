package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/chorus-social/chorus/social"
)

// busyTarget matches targets that must not change under the publisher: being sent now,
// or handed to the platform to publish itself (withdraw those first).
const busyTarget = `(status='publishing' OR (status='scheduled' AND server_ref<>''))`

// ClaimHandOff takes the next target that may be handed to its platform to publish at its
// time (server-side scheduling), under a short lease so two processes do not both hand it
// over: a single post, scheduled at least minLead ahead, of a client that allows it, on an
// account of one of the platforms given (those that can).
func (db *DB) ClaimHandOff(ctx context.Context, now time.Time, minLead, lease time.Duration, platforms []social.Platform) (Claim, bool, error) {
	if len(platforms) == 0 {
		return Claim{}, false, nil
	}
	var c Claim
	found := false
	args := []any{ms(now), ms(now.Add(minLead))}
	for _, p := range platforms {
		args = append(args, string(p))
	}
	err := db.namedTx(ctx, "claim a target to hand off", func(tx *sql.Tx) error {
		var id int64
		err := tx.QueryRowContext(ctx, `SELECT t.id FROM targets t
			JOIN posts p ON p.id=t.post_id JOIN clients c ON c.id=p.client_id JOIN accounts a ON a.id=t.account_id
			WHERE t.status='scheduled' AND t.server_ref='' AND t.kind='post' AND t.due_at>?2 AND t.lease_until<?1
			AND c.server_scheduling=1 AND a.platform IN (`+strings.Repeat("?,", len(platforms)-1)+`?)
			AND (SELECT count(*) FROM post_parts pp WHERE pp.post_id=t.post_id)=1
			AND coalesce(json_array_length(nullif(t.variant, '')), 1)=1
			ORDER BY t.due_at, t.id LIMIT 1`, args...).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE targets SET lease_until=? WHERE id=?`, ms(now.Add(lease)), id); err != nil {
			return err
		}
		if c, err = claimOf(ctx, tx, id); err != nil {
			return err
		}
		found = true
		return nil
	})
	return c, found, err
}

// SetServerRef records that the platform now holds the target, to publish at its time.
func (db *DB) SetServerRef(ctx context.Context, id int64, ref string) error {
	res, err := db.w.ExecContext(ctx, `UPDATE targets SET server_ref=?, lease_until=0, last_error=''
		WHERE id=? AND status='scheduled'`, ref, id)
	if err != nil {
		return fmt.Errorf("target %d: record the platform's schedule: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("target %d is no longer scheduled", id)
	}
	return nil
}

// ReleaseHandOff records that handing the target over failed: it stays scheduled, and
// chorus publishes it itself at its time unless a later hand-off (not before retryAt)
// works. msg says why, for the calendar.
func (db *DB) ReleaseHandOff(ctx context.Context, id int64, msg string, retryAt time.Time) error {
	_, err := db.w.ExecContext(ctx, `UPDATE targets SET lease_until=?, last_error=? WHERE id=? AND status='scheduled' AND server_ref=''`,
		ms(retryAt), msg, id)
	return err
}

// ClearServerRef takes a target back from the platform after it was withdrawn there: it
// is scheduled with chorus again.
func (db *DB) ClearServerRef(ctx context.Context, id int64) error {
	_, err := db.w.ExecContext(ctx, `UPDATE targets SET server_ref='' WHERE id=? AND status='scheduled'`, id)
	return err
}

// ServerScheduledDue returns the targets the platform holds whose time has come: the
// ones to check on.
func (db *DB) ServerScheduledDue(ctx context.Context, now time.Time) ([]Claim, error) {
	var out []Claim
	err := db.readTx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT id FROM targets WHERE status='scheduled' AND server_ref<>''
			AND due_at<=? ORDER BY due_at, id LIMIT 100`, ms(now))
		if err != nil {
			return err
		}
		var ids []int64
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			ids = append(ids, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, id := range ids {
			c, err := claimOf(ctx, tx, id)
			if err != nil {
				return err
			}
			out = append(out, c)
		}
		return nil
	})
	return out, err
}

// Held returns a target the platform holds, with what a check on it needs.
func (db *DB) Held(ctx context.Context, id int64) (Claim, error) {
	var c Claim
	err := db.readTx(ctx, func(tx *sql.Tx) error {
		var err error
		c, err = claimOf(ctx, tx, id)
		return err
	})
	if err == nil && c.Target.ServerRef == "" {
		err = fmt.Errorf("target %d is not held by a platform", id)
	}
	return c, err
}

// CompleteServerScheduled records that the platform published a target it held.
func (db *DB) CompleteServerScheduled(ctx context.Context, id int64, r Result) error {
	return db.complete(ctx, id, r, ` AND status='scheduled' AND server_ref<>''`)
}

// FailServerScheduled records that the platform no longer holds a target and did not
// publish it (withdrawn or dropped there): it fails for a person to look at, rather than
// chorus publishing something someone may have cancelled on purpose.
func (db *DB) FailServerScheduled(ctx context.Context, id int64, msg string) error {
	_, err := db.w.ExecContext(ctx, `UPDATE targets SET status='failed', server_ref='', last_error=?
		WHERE id=? AND status='scheduled' AND server_ref<>''`, msg, id)
	return err
}
