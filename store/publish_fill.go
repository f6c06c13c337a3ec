package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/chorus-social/chorus/social"
)

// The queries that read what a batch of claims needs, one per table.
const (
	fillAccountsSQL = `SELECT ` + accountCols + ` FROM accounts WHERE id IN (SELECT value FROM json_each(?))`
	fillPostsSQL    = `SELECT id, lang, content_warning, visibility FROM posts WHERE id IN (SELECT value FROM json_each(?))`
	fillPartsSQL    = `SELECT post_id, text FROM post_parts WHERE post_id IN (SELECT value FROM json_each(?)) ORDER BY post_id, idx`
	fillMediaSQL    = `SELECT post_id, id, part, path, mime, alt, width, height, size FROM media
		WHERE post_id IN (SELECT value FROM json_each(?)) ORDER BY post_id, part, id`
)

// fillClaims reads what sending each claim needs (as fillClaim does for one) with one
// query per table for the whole batch, in one read transaction, with the statements of s
// when given.
func (db *DB) fillClaims(ctx context.Context, s *Sender, cs []Claim) error {
	var acctIDs []string
	var postIDs []int64
	seenA, seenP := map[string]bool{}, map[int64]bool{}
	for _, c := range cs {
		if !seenA[c.Target.AccountID] {
			seenA[c.Target.AccountID] = true
			acctIDs = append(acctIDs, c.Target.AccountID)
		}
		if !seenP[c.Target.PostID] {
			seenP[c.Target.PostID] = true
			postIDs = append(postIDs, c.Target.PostID)
		}
	}
	aj, _ := json.Marshal(acctIDs)
	pj, _ := json.Marshal(postIDs)
	return db.readTx(ctx, func(tx *sql.Tx) error {
		accts := map[string]social.Account{}
		if err := eachRow(ctx, tx, s, fillAccountsSQL, string(aj),
			func(r *sql.Rows) error {
				a, err := scanAccount(r)
				accts[a.ID] = a
				return err
			}); err != nil {
			return err
		}
		type opts struct{ lang, cw, vis string }
		posts := map[int64]opts{}
		if err := eachRow(ctx, tx, s, fillPostsSQL, string(pj),
			func(r *sql.Rows) error {
				var id int64
				var o opts
				err := r.Scan(&id, &o.lang, &o.cw, &o.vis)
				posts[id] = o
				return err
			}); err != nil {
			return err
		}
		parts := map[int64][]social.Part{}
		if err := eachRow(ctx, tx, s, fillPartsSQL, string(pj),
			func(r *sql.Rows) error {
				var id int64
				var t string
				err := r.Scan(&id, &t)
				parts[id] = append(parts[id], social.Part{Text: t})
				return err
			}); err != nil {
			return err
		}
		if err := eachRow(ctx, tx, s, fillMediaSQL, string(pj),
			func(r *sql.Rows) error {
				var id int64
				var part int
				var m social.Media
				if err := r.Scan(&id, &m.ID, &part, &m.Path, &m.Mime, &m.Alt, &m.Width, &m.Height, &m.Size); err != nil {
					return err
				}
				if ps := parts[id]; part >= 0 && part < len(ps) {
					ps[part].Media = append(ps[part].Media, m)
				}
				return nil
			}); err != nil {
			return err
		}
		for i := range cs {
			c, t := &cs[i], cs[i].Target
			a, ok := accts[t.AccountID]
			if !ok {
				return fmt.Errorf("account %s of target %d: %w", t.AccountID, t.ID, ErrNotFound)
			}
			o, ok := posts[t.PostID]
			if !ok {
				return fmt.Errorf("post %d of target %d: %w", t.PostID, t.ID, ErrNotFound)
			}
			c.Account, c.Lang, c.ContentWarning, c.Visibility = a, o.lang, o.cw, o.vis
			// Each claim gets its own copy: a variant or an adapter must not change another's.
			c.Parts = clonedParts(parts[t.PostID])
			if len(t.Variant) > 0 {
				c.Parts = applyVariant(c.Parts, t.Variant)
			}
		}
		return nil
	})
}

// eachRow runs a query with one argument and calls f on each row.
func eachRow(ctx context.Context, tx *sql.Tx, s *Sender, query string, arg any, f func(*sql.Rows) error) error {
	st, err := s.prepared(ctx, tx, query)
	if err != nil {
		return err
	}
	rows, err := st.QueryContext(ctx, arg)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := f(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

func clonedParts(ps []social.Part) []social.Part {
	out := make([]social.Part, len(ps))
	for i, p := range ps {
		out[i] = social.Part{Text: p.Text, Media: append([]social.Media(nil), p.Media...)}
	}
	return out
}
