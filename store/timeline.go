package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/chorus-social/chorus/social"
)

// TargetRow is a target as the calendar shows it: with its client, account and text.
type TargetRow struct {
	social.Target
	ClientID string
	Platform social.Platform
	Handle   string
	Text     string // the first part of the variant or the post
	Parts    int    // thread length
	// NeedsLogin: the account's login was refused, so this target will fail if it is
	// still to go out.
	NeedsLogin bool
	// PausedFrom is the status a paused target had, which resuming gives back.
	PausedFrom social.Status
}

// TargetQuery selects targets by time. Results are ordered by (due_at, id), newest first
// when Desc; After continues a page from the last row seen (keyset pagination).
type TargetQuery struct {
	ClientID string // "" for every client
	From, To time.Time
	Kind     social.TargetKind // "" for posts only
	Desc     bool
	Limit    int
	After    *TargetRow
}

// TargetRows returns one page of targets.
func (db *DB) TargetRows(ctx context.Context, q TargetQuery) ([]TargetRow, error) {
	query, args := q.sql()
	rows, err := db.r.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("read calendar: %w", err)
	}
	defer rows.Close()
	var out []TargetRow
	for rows.Next() {
		r, err := scanTargetRow(rows)
		if err != nil {
			return nil, fmt.Errorf("read calendar: %w", err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read calendar: %w", err)
	}
	return out, nil
}

// sql is the query of TargetRows.
func (q TargetQuery) sql() (string, []any) {
	if q.Limit <= 0 {
		q.Limit = 100
	}
	if q.Kind == "" {
		q.Kind = social.KindPost
	}
	where := []string{"t.kind=?"}
	args := []any{string(q.Kind)}
	if q.ClientID != "" {
		where = append(where, "p.client_id=?")
		args = append(args, q.ClientID)
	}
	if !q.From.IsZero() {
		where = append(where, "t.due_at>=?")
		args = append(args, ms(q.From))
	}
	if !q.To.IsZero() {
		where = append(where, "t.due_at<?")
		args = append(args, ms(q.To))
	}
	order := "t.due_at, t.id"
	if q.Desc {
		order = "t.due_at DESC, t.id DESC"
	}
	if q.After != nil {
		// The row-value form with a plain bound on due_at beside it: the bound lets SQLite
		// seek targets_kind_due to the page start, the row value picks up ties on due_at.
		cmp, bound := ">", ">="
		if q.Desc {
			cmp, bound = "<", "<="
		}
		due := ms(q.After.DueAt)
		where = append(where, "t.due_at"+bound+"?", "(t.due_at, t.id) "+cmp+" (?, ?)")
		args = append(args, due, due, q.After.ID)
	}
	args = append(args, q.Limit)
	return `SELECT ` + targetColsT + `, t.paused_from, p.client_id, a.platform, a.handle,
		coalesce((SELECT text FROM post_parts pp WHERE pp.post_id=t.post_id AND pp.idx=0), ''),
		(SELECT count(*) FROM post_parts pp WHERE pp.post_id=t.post_id), a.needs_login
		FROM targets t JOIN posts p ON p.id=t.post_id JOIN accounts a ON a.id=t.account_id
		WHERE ` + strings.Join(where, " AND ") + ` ORDER BY ` + order + ` LIMIT ?`, args
}
