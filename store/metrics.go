package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/chorus-social/chorus/social"
)

// AppendMetrics stores snapshots in one transaction.
func (db *DB) AppendMetrics(ctx context.Context, points []social.MetricPoint) error {
	if len(points) == 0 {
		return nil
	}
	return db.namedTx(ctx, "save metrics", func(tx *sql.Tx) error {
		st, err := tx.PrepareContext(ctx, `INSERT INTO metric_points (account_id, post_remote_id, name, value, at) VALUES (?,?,?,?,?)`)
		if err != nil {
			return err
		}
		defer st.Close()
		for _, p := range points {
			if p.Name == "" {
				return fmt.Errorf("metric of %s at %s has no name", p.AccountID, p.At.Format(time.RFC3339))
			}
			_, err := st.ExecContext(ctx, p.AccountID, p.PostRemoteID, p.Name, p.Value, ms(p.At))
			if isConstraint(err, codeForeignKey) {
				return fmt.Errorf("save metric %s: no account %q", p.Name, p.AccountID)
			}
			if err != nil {
				return fmt.Errorf("save metric %s of %s: %w", p.Name, p.AccountID, err)
			}
		}
		return nil
	})
}

// AccountMetric is the latest value of one account number, with the value a period ago
// for the change.
type AccountMetric struct {
	AccountID string
	Name      string
	Value     int64
	At        time.Time // zero if the account has no snapshot of this number
	Before    int64     // the value at or before At minus the period asked for; 0 if unknown
}

// LatestAccountMetrics returns the newest value of metric name for each account of a
// client ("" for all), with the value one period earlier. Accounts without a snapshot
// are listed with a zero At.
func (db *DB) LatestAccountMetrics(ctx context.Context, clientID, name string, period time.Duration) ([]AccountMetric, error) {
	var out []AccountMetric
	err := db.readTx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT a.id, m.value, m.at FROM accounts a
			LEFT JOIN metric_points m ON m.id=(SELECT id FROM metric_points WHERE account_id=a.id
				AND post_remote_id='' AND name=?1 ORDER BY at DESC, id DESC LIMIT 1)
			WHERE ?2='' OR a.client_id=?2 ORDER BY a.client_id, a.platform, a.handle`, name, clientID)
		if err != nil {
			return err
		}
		for rows.Next() {
			m := AccountMetric{Name: name}
			var v, at sql.NullInt64
			if err := rows.Scan(&m.AccountID, &v, &at); err != nil {
				rows.Close()
				return err
			}
			if at.Valid {
				m.Value, m.At = v.Int64, fromMs(at.Int64)
			}
			out = append(out, m)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for i, m := range out {
			if m.At.IsZero() {
				continue
			}
			err := tx.QueryRowContext(ctx, `SELECT value FROM metric_points WHERE account_id=? AND post_remote_id=''
				AND name=? AND at<=? ORDER BY at DESC, id DESC LIMIT 1`, m.AccountID, name, ms(m.At.Add(-period))).Scan(&out[i].Before)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read latest %s: %w", name, err)
	}
	return out, nil
}

// Series returns the snapshots of one number in [from, to), oldest first. postRemoteID ""
// is the account's own number.
func (db *DB) Series(ctx context.Context, accountID, postRemoteID, name string, from, to time.Time) ([]social.MetricPoint, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT value, at FROM metric_points WHERE account_id=? AND post_remote_id=?
		AND name=? AND at>=? AND at<? ORDER BY at, id`, accountID, postRemoteID, name, ms(from), ms(to))
	if err != nil {
		return nil, fmt.Errorf("read %s of %s: %w", name, accountID, err)
	}
	defer rows.Close()
	var out []social.MetricPoint
	for rows.Next() {
		p := social.MetricPoint{AccountID: accountID, PostRemoteID: postRemoteID, Name: name}
		var at int64
		if err := rows.Scan(&p.Value, &at); err != nil {
			return nil, err
		}
		p.At = fromMs(at)
		out = append(out, p)
	}
	return out, rows.Err()
}
