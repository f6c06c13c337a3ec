package store

import (
	"context"
	"database/sql"
	"strings"

	"github.com/chorus-social/chorus/social"
)

// EnsureLabel returns the client's label called name, creating it on the fly.
func (db *DB) EnsureLabel(ctx context.Context, clientID, name string) (social.Label, error) {
	l := social.Label{ClientID: clientID, Name: strings.TrimSpace(name)}
	err := db.w.QueryRowContext(ctx, `INSERT INTO labels (client_id, name) VALUES (?,?)
		ON CONFLICT(client_id, name) DO UPDATE SET name=excluded.name RETURNING id, color`,
		clientID, l.Name).Scan(&l.ID, &l.Color)
	return l, err
}

// Labels returns a client's labels by name.
func (db *DB) Labels(ctx context.Context, clientID string) ([]social.Label, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT id, client_id, name, color FROM labels WHERE client_id=? ORDER BY name`, clientID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []social.Label
	for rows.Next() {
		var l social.Label
		if err := rows.Scan(&l.ID, &l.ClientID, &l.Name, &l.Color); err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// SetLabel adds (or with on=false removes) a label on items.
func (db *DB) SetLabel(ctx context.Context, labelID int64, on bool, itemIDs ...int64) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		q := `INSERT OR IGNORE INTO inbox_labels (item_id, label_id) VALUES (?,?)`
		if !on {
			q = `DELETE FROM inbox_labels WHERE item_id=? AND label_id=?`
		}
		for _, id := range itemIDs {
			if _, err := tx.ExecContext(ctx, q, id, labelID); err != nil {
				return err
			}
		}
		return nil
	})
}

// PutSavedReply creates or replaces a client's saved reply by name.
func (db *DB) PutSavedReply(ctx context.Context, r social.SavedReply) (int64, error) {
	var id int64
	err := db.w.QueryRowContext(ctx, `INSERT INTO saved_replies (client_id, name, body) VALUES (?,?,?)
		ON CONFLICT(client_id, name) DO UPDATE SET body=excluded.body RETURNING id`,
		r.ClientID, r.Name, r.Body).Scan(&id)
	return id, err
}

// SavedReplies returns a client's saved replies by name.
func (db *DB) SavedReplies(ctx context.Context, clientID string) ([]social.SavedReply, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT id, client_id, name, body FROM saved_replies WHERE client_id=? ORDER BY name`, clientID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []social.SavedReply
	for rows.Next() {
		var r social.SavedReply
		if err := rows.Scan(&r.ID, &r.ClientID, &r.Name, &r.Body); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
