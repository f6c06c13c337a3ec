package store

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// slotHolders are the target statuses that keep a queue slot taken. A post in review or
// approved keeps the time it was queued for: approving it must not find that a second post
// was queued into the same minute meanwhile. Drafts and failed targets hold nothing.
const slotHolders = `('review', 'approved', 'scheduled', 'publishing', 'published', 'paused')`

// TakenTimes returns when an account's posts are planned or went out in [from, to): the
// due times of its post targets that hold a slot, and the publish time of published ones
// imported without a due time. Unordered; the queue compares them by the minute.
func (db *DB) TakenTimes(ctx context.Context, accountID string, from, to time.Time) ([]time.Time, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT due_at FROM targets WHERE account_id=?1 AND kind='post'
			AND due_at>=?2 AND due_at<?3 AND status IN `+slotHolders+`
		UNION ALL
		SELECT published_at FROM targets WHERE account_id=?1 AND kind='post' AND status='published'
			AND due_at=0 AND published_at>=?2 AND published_at<?3`, accountID, ms(from), ms(to))
	if err != nil {
		return nil, fmt.Errorf("read planned posts of %s: %w", accountID, err)
	}
	defer rows.Close()
	var out []time.Time
	for rows.Next() {
		var at int64
		if err := rows.Scan(&at); err != nil {
			return nil, fmt.Errorf("read planned posts of %s: %w", accountID, err)
		}
		out = append(out, fromMs(at))
	}
	return out, rows.Err()
}

// PostEngagement is how one published post of an account fared.
type PostEngagement struct {
	RemoteID    string
	PublishedAt time.Time
	// Engagement is the sum of the numbers asked for, each at its latest snapshot.
	Engagement int64
	// MeasuredAt is when the newest of those snapshots was taken: a post measured soon after
	// it went out has not gathered its engagement yet.
	MeasuredAt time.Time
}

// PostEngagement returns, oldest first, every published post of an account that has
// snapshots of at least one of the named numbers, with the sum of their latest values.
func (db *DB) PostEngagement(ctx context.Context, accountID string, names []string) ([]PostEngagement, error) {
	if len(names) == 0 {
		return nil, fmt.Errorf("engagement of %s: no metric names given", accountID)
	}
	args := []any{accountID}
	for _, n := range names {
		args = append(args, n)
	}
	in := strings.TrimSuffix(strings.Repeat("?,", len(names)), ",")
	// SQLite fills the bare column value from the row holding max(at), which makes the
	// inner query "each number's latest snapshot" and walks metric_points_series in order.
	rows, err := db.r.QueryContext(ctx, `SELECT t.remote_id, t.published_at, sum(m.value), max(m.at)
		FROM targets t JOIN (
			SELECT post_remote_id, name, value, max(at) AS at FROM metric_points
			WHERE account_id=?1 AND post_remote_id<>'' AND name IN (`+in+`)
			GROUP BY post_remote_id, name
		) m ON m.post_remote_id=t.remote_id
		WHERE t.account_id=?1 AND t.kind='post' AND t.status='published' AND t.remote_id<>'' AND t.published_at<>0
		GROUP BY t.id ORDER BY t.published_at, t.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("read engagement of %s: %w", accountID, err)
	}
	defer rows.Close()
	var out []PostEngagement
	for rows.Next() {
		var e PostEngagement
		var pub, at int64
		if err := rows.Scan(&e.RemoteID, &pub, &e.Engagement, &at); err != nil {
			return nil, fmt.Errorf("read engagement of %s: %w", accountID, err)
		}
		e.PublishedAt, e.MeasuredAt = fromMs(pub), fromMs(at)
		out = append(out, e)
	}
	return out, rows.Err()
}
