package store

import (
	"context"
	"time"
)

// PublishedRemoteIDs returns the remote ids of an account's posts published since the
// given time, newest first: the posts whose metrics a sync refreshes.
func (db *DB) PublishedRemoteIDs(ctx context.Context, accountID string, since time.Time, limit int) ([]string, error) {
	if limit <= 0 {
		limit = 100
	}
	rows, err := db.r.QueryContext(ctx, `SELECT remote_id FROM targets WHERE account_id=? AND kind='post'
		AND status='published' AND remote_id<>'' AND published_at>=? ORDER BY published_at DESC LIMIT ?`,
		accountID, ms(since), limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}
