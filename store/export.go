package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/chorus-social/chorus/social"
)

// ExportPost is a post as a calendar export shows it: its text, the client, and the targets
// that are scheduled or went out, each with its account.
type ExportPost struct {
	Post   social.Post // Parts hold the text only; Targets only the exported ones
	Client social.Client
	// Accounts[i] is the account of Post.Targets[i].
	Accounts []social.Account
}

// exportedStatuses are the targets a calendar shows: what will go out and what went out.
// Drafts, reviews and paused posts are plans, not events; failed ones did not happen.
const exportedStatuses = `('scheduled', 'publishing', 'published')`

// ExportPosts returns the posts of a client ("" for every client) that have a target
// scheduled, being published or published, read in one snapshot, by post id.
func (db *DB) ExportPosts(ctx context.Context, clientID string) ([]ExportPost, error) {
	var out []ExportPost
	err := db.readTx(ctx, func(tx *sql.Tx) error {
		clients, err := exportClients(ctx, tx, clientID)
		if err != nil {
			return err
		}
		accounts, err := exportAccounts(ctx, tx, clientID)
		if err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT `+targetColsT+`, p.client_id, p.status, p.notes, p.created_at, p.updated_at
			FROM targets t JOIN posts p ON p.id=t.post_id
			WHERE t.kind='post' AND t.status IN `+exportedStatuses+` AND (?1='' OR p.client_id=?1)
			ORDER BY t.post_id, t.id`, clientID)
		if err != nil {
			return err
		}
		byID := map[int64]int{}
		for rows.Next() {
			var cid, st, notes string
			var created, updated int64
			t, err := scanTarget(rows, &cid, &st, &notes, &created, &updated)
			if err != nil {
				rows.Close()
				return err
			}
			i, ok := byID[t.PostID]
			if !ok {
				i = len(out)
				byID[t.PostID] = i
				out = append(out, ExportPost{Client: clients[cid], Post: social.Post{ID: t.PostID, ClientID: cid,
					Status: social.Status(st), Notes: notes, CreatedAt: fromMs(created), UpdatedAt: fromMs(updated)}})
			}
			out[i].Post.Targets = append(out[i].Post.Targets, t)
			out[i].Accounts = append(out[i].Accounts, accounts[t.AccountID])
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		return exportParts(ctx, tx, clientID, out, byID)
	})
	if err != nil {
		return nil, fmt.Errorf("read posts to export: %w", err)
	}
	return out, nil
}

func exportClients(ctx context.Context, tx *sql.Tx, clientID string) (map[string]social.Client, error) {
	rows, err := tx.QueryContext(ctx, `SELECT `+clientCols+` FROM clients WHERE ?1='' OR id=?1`, clientID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	m := map[string]social.Client{}
	for rows.Next() {
		c, err := scanClient(rows)
		if err != nil {
			return nil, err
		}
		m[c.ID] = c
	}
	return m, rows.Err()
}

func exportAccounts(ctx context.Context, tx *sql.Tx, clientID string) (map[string]social.Account, error) {
	rows, err := tx.QueryContext(ctx, `SELECT `+accountCols+` FROM accounts WHERE ?1='' OR client_id=?1`, clientID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	m := map[string]social.Account{}
	for rows.Next() {
		a, err := scanAccount(rows)
		if err != nil {
			return nil, err
		}
		m[a.ID] = a
	}
	return m, rows.Err()
}

// exportParts fills the parts' text of the exported posts with one query, not one per post.
func exportParts(ctx context.Context, tx *sql.Tx, clientID string, out []ExportPost, byID map[int64]int) error {
	rows, err := tx.QueryContext(ctx, `SELECT pp.post_id, pp.text FROM post_parts pp JOIN posts p ON p.id=pp.post_id
		WHERE (?1='' OR p.client_id=?1) AND EXISTS (SELECT 1 FROM targets t WHERE t.post_id=p.id AND t.kind='post'
			AND t.status IN `+exportedStatuses+`)
		ORDER BY pp.post_id, pp.idx`, clientID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var text string
		if err := rows.Scan(&id, &text); err != nil {
			return err
		}
		if i, ok := byID[id]; ok {
			out[i].Post.Parts = append(out[i].Post.Parts, social.Part{Text: text})
		}
	}
	return rows.Err()
}

// WorkspaceID returns a random id made once per database, so ids this database gives to
// the outside (calendar event UIDs) do not collide with another database's post 42.
func (db *DB) WorkspaceID(ctx context.Context) (string, error) {
	if _, err := db.w.ExecContext(ctx, `INSERT OR IGNORE INTO meta (key, value) VALUES ('workspace_id', ?)`,
		NewIdemKey()[:12]); err != nil {
		return "", fmt.Errorf("make workspace id: %w", err)
	}
	id, err := db.Meta(ctx, "workspace_id")
	if err != nil {
		return "", err
	}
	return id, nil
}
