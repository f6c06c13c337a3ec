package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Queries behind the metrics package's figures. Each one seeks metric_points_series
// (account_id, post_remote_id, name, at) per number instead of reading the table, so they
// stay fast on millions of snapshots.

// accountValueAtSQL is the newest snapshot of one account number at or before an instant.
const accountValueAtSQL = `SELECT value FROM metric_points WHERE account_id=? AND post_remote_id=''
	AND name=? AND at<=? ORDER BY at DESC, id DESC LIMIT 1`

// AccountValueAt returns an account's own number (followers, …) as of at: the newest
// snapshot at or before it. ok is false when there is none, which is unknown, not 0.
func (db *DB) AccountValueAt(ctx context.Context, accountID, name string, at time.Time) (value int64, ok bool, err error) {
	err = db.r.QueryRowContext(ctx, accountValueAtSQL, accountID, name, ms(at)).Scan(&value)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, fmt.Errorf("read %s of %s: %w", name, accountID, err)
	}
	return value, true, nil
}

// DailyValue is an account number at the end of one day.
type DailyValue struct {
	Day   time.Time // the day's midnight in the zone asked for
	Value int64
	OK    bool // false before the first snapshot
}

// maxDays bounds a daily series: a sparkline of more than a year and a bit is not drawn.
const maxDays = 400

// DailySeries returns an account number downsampled to one value per day for the days
// of [from, to) in loc: the newest snapshot at or before each day's end (carried over
// days without one), so a sparkline draws without gaps. It seeks the index once per day,
// whatever the snapshot density.
func (db *DB) DailySeries(ctx context.Context, accountID, name string, from, to time.Time, loc *time.Location) ([]DailyValue, error) {
	if loc == nil {
		loc = time.UTC
	}
	f := from.In(loc)
	day := time.Date(f.Year(), f.Month(), f.Day(), 0, 0, 0, 0, loc)
	var out []DailyValue
	err := db.readTx(ctx, func(tx *sql.Tx) error {
		st, err := tx.PrepareContext(ctx, accountValueAtSQL)
		if err != nil {
			return err
		}
		defer st.Close()
		for ; day.Before(to) && len(out) < maxDays; day = day.AddDate(0, 0, 1) {
			end := day.AddDate(0, 0, 1)
			if end.After(to) {
				end = to
			}
			d := DailyValue{Day: day}
			// at < end: the snapshot at the next midnight belongs to the next day.
			err := st.QueryRowContext(ctx, accountID, name, ms(end)-1).Scan(&d.Value)
			switch {
			case err == nil:
				d.OK = true
			case !errors.Is(err, sql.ErrNoRows):
				return err
			}
			out = append(out, d)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read daily %s of %s: %w", name, accountID, err)
	}
	return out, nil
}

// PostMetricsQuery selects the published posts of one account in [From, To).
type PostMetricsQuery struct {
	AccountID  string
	CampaignID int64 // 0: any campaign (or none)
	From, To   time.Time
	// Names are the numbers to read; each post gets the newest snapshot of each at or
	// before To.
	Names []string
}

// PostMetrics is one published post and its numbers as of the end of the period. A name
// without a snapshot is absent from Values (unknown, not 0). The fields match
// metrics.Post, so metrics.Post(p) converts.
type PostMetrics struct {
	AccountID   string
	RemoteID    string
	PublishedAt time.Time
	Values      map[string]int64
}

// sql returns the query and its arguments: for every published post in the period (the
// targets_published index) and every name, a seek for the newest snapshot at or before To.
func (q PostMetricsQuery) sql() (string, []any) {
	var b strings.Builder
	args := []any{q.AccountID, ms(q.From), ms(q.To)}
	b.WriteString(`WITH n(name) AS (VALUES `)
	for i, name := range q.Names {
		if i > 0 {
			b.WriteString(",")
		}
		args = append(args, name)
		fmt.Fprintf(&b, "(?%d)", len(args))
	}
	b.WriteString(`)
		SELECT t.id, t.remote_id, t.published_at, n.name, (SELECT m.value FROM metric_points m
			WHERE m.account_id=t.account_id AND m.post_remote_id=t.remote_id AND m.name=n.name AND m.at<=?3
			ORDER BY m.at DESC, m.id DESC LIMIT 1)
		FROM targets t`)
	if q.CampaignID != 0 {
		args = append(args, q.CampaignID)
		fmt.Fprintf(&b, ` JOIN posts p ON p.id=t.post_id AND p.campaign_id=?%d`, len(args))
	}
	b.WriteString(` CROSS JOIN n
		WHERE t.account_id=?1 AND t.status='published' AND t.kind='post' AND t.remote_id<>''
			AND t.published_at>=?2 AND t.published_at<?3
		ORDER BY t.published_at, t.id`)
	return b.String(), args
}

// PostMetricsIn returns the account's posts published in [From, To), oldest first, each
// with its numbers as of To: the input of the engagement, rate and CTR figures, the
// top/bottom posts and the weekday×hour heatmap.
func (db *DB) PostMetricsIn(ctx context.Context, q PostMetricsQuery) ([]PostMetrics, error) {
	if len(q.Names) == 0 {
		return nil, fmt.Errorf("post metrics of %s: no metric names given", q.AccountID)
	}
	query, args := q.sql()
	rows, err := db.r.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("read post metrics of %s: %w", q.AccountID, err)
	}
	defer rows.Close()
	var out []PostMetrics
	var last int64
	for rows.Next() {
		var remote, name string
		var id, pub int64
		var v sql.NullInt64
		if err := rows.Scan(&id, &remote, &pub, &name, &v); err != nil {
			return nil, fmt.Errorf("read post metrics of %s: %w", q.AccountID, err)
		}
		// Rows come grouped by target (ordered by published_at, id), one per name.
		if id != last {
			last = id
			out = append(out, PostMetrics{AccountID: q.AccountID, RemoteID: remote, PublishedAt: fromMs(pub), Values: map[string]int64{}})
		}
		if v.Valid {
			out[len(out)-1].Values[name] = v.Int64
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read post metrics of %s: %w", q.AccountID, err)
	}
	return out, nil
}
