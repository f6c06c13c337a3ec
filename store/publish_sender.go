package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"time"
)

// Sender is a publisher run's handle on the outbox: it claims in batches and writes the
// run's bookkeeping in batches, with its statements prepared once. Every send starts and
// ends with a write, and with one writer, parsing each statement afresh and committing
// each write alone would make the writer the bottleneck of a busy minute. Close it when
// the run ends. It is safe for concurrent use.
type Sender struct {
	db    *DB
	stmts map[string]*sql.Stmt
}

// The statements of a send's bookkeeping.
const (
	beginSQL = `UPDATE targets SET lease_until=?,
		send_began_at=CASE WHEN send_began_at=0 THEN ? ELSE send_began_at END
		WHERE id=? AND status='publishing' AND claim_seq=?`
	completeTargetSQL = `UPDATE targets SET status='published', remote_id=?, remote_url=?,
		published_at=?, sent_parts=CASE WHEN ?4='' THEN sent_parts ELSE ?4 END, lease_until=0, not_before=0,
		last_error='', send_began_at=0 WHERE id=?5`
	completePostSQL = `UPDATE posts SET status='published', updated_at=?1
		WHERE id=?2 AND NOT EXISTS (SELECT 1 FROM targets WHERE post_id=?2 AND status<>'published')`
)

// NewSender prepares a Sender's statements: its writes on the writer, its reads on the
// readers.
func (db *DB) NewSender(ctx context.Context) (*Sender, error) {
	s := &Sender{db: db, stmts: map[string]*sql.Stmt{}}
	for pool, qs := range map[*sql.DB][]string{
		db.w: {claimBatchSQL, beginSQL, completeTargetSQL + ` RETURNING post_id`, completePostSQL},
		db.r: {fillAccountsSQL, fillPostsSQL, fillPartsSQL, fillMediaSQL},
	} {
		for _, q := range qs {
			st, err := pool.PrepareContext(ctx, q)
			if err != nil {
				s.Close()
				return nil, fmt.Errorf("prepare the outbox: %w", err)
			}
			s.stmts[q] = st
		}
	}
	return s, nil
}

// Close releases the statements.
func (s *Sender) Close() error {
	var errs []error
	for _, st := range s.stmts {
		errs = append(errs, st.Close())
	}
	return errors.Join(errs...)
}

// prepared returns q for use in tx: the Sender's statement when it has one, else one
// parsed for tx alone. Either is closed with tx.
func (s *Sender) prepared(ctx context.Context, tx *sql.Tx, q string) (*sql.Stmt, error) {
	if s != nil {
		if st, ok := s.stmts[q]; ok {
			return tx.StmtContext(ctx, st), nil
		}
	}
	return tx.PrepareContext(ctx, q)
}

// ClaimBatch is DB.ClaimBatch with the Sender's statement.
func (s *Sender) ClaimBatch(ctx context.Context, now time.Time, lease time.Duration, max int) ([]Claim, error) {
	return s.db.claimBatch(ctx, s, now, lease, max)
}

// claimBatch claims with the statement of s (nil: parsed for the occasion).
func (db *DB) claimBatch(ctx context.Context, s *Sender, now time.Time, lease time.Duration, max int) ([]Claim, error) {
	if lease <= 0 || max <= 0 {
		return nil, fmt.Errorf("claim due targets: lease and batch size must be positive, got %v and %d", lease, max)
	}
	var out []Claim
	err := db.tx(ctx, func(tx *sql.Tx) error {
		st, err := s.prepared(ctx, tx, claimBatchSQL)
		if err != nil {
			return err
		}
		rows, err := st.QueryContext(ctx, ms(now), ms(now.Add(lease)), max)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var c Claim
			var first, began int64
			if c.Target, err = scanTarget(rows, &c.Token, &first, &began); err != nil {
				return err
			}
			c.FirstTry = fromMs(first)
			if began != 0 {
				c.Recovered, c.SendBegan = true, fromMs(began)
			}
			out = append(out, c)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("claim due targets: %w", err)
	}
	if len(out) == 0 {
		return nil, nil
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i].Target, out[j].Target
		return a.DueAt.Before(b.DueAt) || (a.DueAt.Equal(b.DueAt) && a.ID < b.ID)
	})
	// What sending needs is read after the claim commits, off the write lock: a post
	// cannot change while one of its targets is being published.
	if err := db.fillClaims(ctx, s, out); err != nil {
		// The claims stand and run out with their leases; none was begun, so they are
		// claimed again as fresh ones.
		return nil, fmt.Errorf("claim due targets: %w", err)
	}
	return out, nil
}

// Completion is a target that went out, with what publishing it produced.
type Completion struct {
	ID     int64
	Result Result
}

// Record writes in one transaction that the sends of begins start now (BeginSend, with
// their leases extended to until) and that completes went out (CompletePublish).
// beginErrs[i] and doneErrs[i] are each one's own outcome (ErrLeaseLost for a claim no
// longer the caller's, ErrNotFound for a target gone); err is set when the transaction
// failed and nothing was written.
func (s *Sender) Record(ctx context.Context, begins []Claim, now, until time.Time, completes []Completion) (beginErrs, doneErrs []error, err error) {
	beginErrs, doneErrs = make([]error, len(begins)), make([]error, len(completes))
	err = s.db.tx(ctx, func(tx *sql.Tx) error {
		if len(completes) > 0 {
			c, err := newCompleter(ctx, tx, s, "")
			if err != nil {
				return err
			}
			for i, x := range completes {
				doneErrs[i] = c.complete(ctx, x.ID, x.Result)
				if doneErrs[i] != nil && !errors.Is(doneErrs[i], ErrNotFound) {
					return doneErrs[i]
				}
			}
		}
		if len(begins) == 0 {
			return nil
		}
		st, err := s.prepared(ctx, tx, beginSQL)
		if err != nil {
			return err
		}
		for i, c := range begins {
			res, err := st.ExecContext(ctx, ms(until), ms(now), c.Target.ID, c.Token)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				beginErrs[i] = fenceErr(ctx, tx, c, "begin sending")
			}
		}
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("record %d sends begun and %d published: %w", len(begins), len(completes), err)
	}
	return beginErrs, doneErrs, nil
}

// completer records publishes inside one transaction.
type completer struct {
	target, post *sql.Stmt
}

// newCompleter readies the statements (those of s, when given); cond narrows which target
// states they apply to.
func newCompleter(ctx context.Context, tx *sql.Tx, s *Sender, cond string) (*completer, error) {
	target, err := s.prepared(ctx, tx, completeTargetSQL+cond+` RETURNING post_id`)
	if err != nil {
		return nil, err
	}
	post, err := s.prepared(ctx, tx, completePostSQL)
	if err != nil {
		return nil, err
	}
	return &completer{target, post}, nil
}

// complete records target id as published with r; when every target of its post is out,
// the post is marked published too.
func (c *completer) complete(ctx context.Context, id int64, r Result) error {
	sent, err := jsonList(r.SentParts)
	if err != nil {
		return err
	}
	if r.At.IsZero() {
		r.At = time.Now()
	}
	var postID int64
	err = c.target.QueryRowContext(ctx, r.RemoteID, r.URL, ms(r.At), sent, id).Scan(&postID)
	if errors.Is(err, sql.ErrNoRows) {
		return notFound("target", id)
	}
	if err != nil {
		return err
	}
	_, err = c.post.ExecContext(ctx, ms(time.Now()), postID)
	return err
}

// ExtendClaims extends the leases of the claims to until in one transaction and returns
// those no longer the caller's (see ErrLeaseLost); ones it finished meanwhile are not.
func (s *Sender) ExtendClaims(ctx context.Context, cs []Claim, until time.Time) (lost []Claim, err error) {
	err = s.db.tx(ctx, func(tx *sql.Tx) error {
		st, err := tx.PrepareContext(ctx, `UPDATE targets SET lease_until=? WHERE id=? AND status='publishing' AND claim_seq=?`)
		if err != nil {
			return err
		}
		for _, c := range cs {
			res, err := st.ExecContext(ctx, ms(until), c.Target.ID, c.Token)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n > 0 {
				continue
			}
			var status string
			var seq int64
			err = tx.QueryRowContext(ctx, `SELECT status, claim_seq FROM targets WHERE id=?`, c.Target.ID).Scan(&status, &seq)
			if err == nil && (seq != c.Token || (status != "published" && status != "failed")) {
				lost = append(lost, c)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("extend the leases of %d targets: %w", len(cs), err)
	}
	return lost, nil
}
