package store

import (
	"context"
	"fmt"
	"time"
)

// PostCounts is how many of a client's scheduled posts (targets of kind post) stand in
// the states the TUI's status bar and crisis switch speak of.
type PostCounts struct {
	Scheduled int // waiting for their time (including those a platform holds)
	Paused    int // paused by the client's crisis switch (PauseClient)
	Missed    int // of Paused, those whose time has passed
	Failed    int // stopped for a person to fix; the calendar's p retries them
}

// PostCounts counts a client's posts by state; clientID "" counts every client's.
func (db *DB) PostCounts(ctx context.Context, clientID string, now time.Time) (PostCounts, error) {
	var c PostCounts
	err := db.r.QueryRowContext(ctx, `SELECT
		coalesce(sum(t.status='scheduled'), 0),
		coalesce(sum(t.status='paused' AND t.paused_by='client'), 0),
		coalesce(sum(t.status='paused' AND t.paused_by='client' AND t.due_at<=?2), 0),
		coalesce(sum(t.status='failed'), 0)
		FROM targets t JOIN posts p ON p.id=t.post_id
		WHERE t.kind='post' AND t.status IN ('scheduled', 'paused', 'failed') AND (?1='' OR p.client_id=?1)`,
		clientID, ms(now)).Scan(&c.Scheduled, &c.Paused, &c.Missed, &c.Failed)
	if err != nil {
		return c, fmt.Errorf("count posts of %q: %w", clientID, err)
	}
	return c, nil
}
