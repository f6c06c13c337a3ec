package store

import (
	"context"
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
	if q.Limit <= 0 {
		q.Limit = 100
	}
	if q.Kind == "" {
		q.Kind = social.KindPost
	}
	var where []string
	args := []any{}
	where = append(where, "t.kind=?")
	args = append(args, string(q.Kind))
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
		cmp := ">"
		if q.Desc {
			cmp = "<"
		}
		where = append(where, "(t.due_at, t.id) "+cmp+" (?, ?)")
		args = append(args, ms(q.After.DueAt), q.After.ID)
	}
	args = append(args, q.Limit)
	cols := strings.ReplaceAll(targetCols, "id, post_id", "t.id, t.post_id")
	rows, err := db.r.QueryContext(ctx, `SELECT `+cols+`, p.client_id, a.platform, a.handle,
		coalesce((SELECT text FROM post_parts pp WHERE pp.post_id=t.post_id AND pp.idx=0), ''),
		(SELECT count(*) FROM post_parts pp WHERE pp.post_id=t.post_id)
		FROM targets t JOIN posts p ON p.id=t.post_id JOIN accounts a ON a.id=t.account_id
		WHERE `+strings.Join(where, " AND ")+` ORDER BY `+order+` LIMIT ?`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []TargetRow
	for rows.Next() {
		var r TargetRow
		var kind, variant, st, sent, plat string
		var due, lease, pub int64
		t := &r.Target
		err := rows.Scan(&t.ID, &t.PostID, &t.AccountID, &kind, &variant, &st, &due, &t.IdemKey, &t.Attempts,
			&lease, &t.ReplyTo, &t.RemoteID, &t.RemoteURL, &t.LastError, &pub, &sent,
			&r.ClientID, &plat, &r.Handle, &r.Text, &r.Parts)
		if err != nil {
			return nil, err
		}
		t.Kind, t.Status, r.Platform = social.TargetKind(kind), social.Status(st), social.Platform(plat)
		t.DueAt, t.LeaseUntil, t.PublishedAt = fromMs(due), fromMs(lease), fromMs(pub)
		if t.Variant, err = parseList(variant); err != nil {
			return nil, err
		}
		if t.SentParts, err = parseList(sent); err != nil {
			return nil, err
		}
		if len(t.Variant) > 0 {
			r.Text = t.Variant[0]
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
