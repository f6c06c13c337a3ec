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

// postCountsSQL groups the targets of the three states by state, paused-by-the-switch and
// past-due; INDEXED BY because the planner otherwise prefers targets_kind_due for
// kind='post' and reads every post target.
const postCountsSQL = `SELECT t.status, t.paused_by='client', t.due_at<=?2, count(*)
	FROM targets t INDEXED BY targets_state
	WHERE t.kind='post' AND t.status IN ('scheduled', 'paused', 'failed')
	AND (?1='' OR t.account_id IN (SELECT id FROM accounts WHERE client_id=?1))
	GROUP BY 1, 2, 3`

// PostCounts counts a client's posts by state; clientID "" counts every client's.
func (db *DB) PostCounts(ctx context.Context, clientID string, now time.Time) (PostCounts, error) {
	var c PostCounts
	rows, err := db.r.QueryContext(ctx, postCountsSQL, clientID, ms(now))
	if err != nil {
		return c, fmt.Errorf("count posts of %q: %w", clientID, err)
	}
	defer rows.Close()
	for rows.Next() {
		var status string
		var byClient, past bool
		var n int
		if err := rows.Scan(&status, &byClient, &past, &n); err != nil {
			return c, fmt.Errorf("count posts of %q: %w", clientID, err)
		}
		switch status {
		case "scheduled":
			c.Scheduled += n
		case "failed":
			c.Failed += n
		case "paused":
			if byClient {
				c.Paused += n
				if past {
					c.Missed += n
				}
			}
		}
	}
	if err := rows.Err(); err != nil {
		return c, fmt.Errorf("count posts of %q: %w", clientID, err)
	}
	return c, nil
}
