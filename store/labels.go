package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/chorus-social/chorus/social"
)

// EnsureLabel returns the client's label called name, creating it on the fly.
func (db *DB) EnsureLabel(ctx context.Context, clientID, name string) (social.Label, error) {
	l := social.Label{ClientID: clientID, Name: strings.TrimSpace(name)}
	if l.Name == "" {
		return l, fmt.Errorf("label of client %s needs a name", clientID)
	}
	err := db.w.QueryRowContext(ctx, `INSERT INTO labels (client_id, name) VALUES (?,?)
		ON CONFLICT(client_id, name) DO UPDATE SET name=excluded.name RETURNING id, color`,
		clientID, l.Name).Scan(&l.ID, &l.Color)
	if isConstraint(err, codeForeignKey) {
		return l, fmt.Errorf("label %q: no client %q", l.Name, clientID)
	}
	if err != nil {
		return l, fmt.Errorf("label %q of client %s: %w", l.Name, clientID, err)
	}
	return l, nil
}

// Labels returns a client's labels by name.
func (db *DB) Labels(ctx context.Context, clientID string) ([]social.Label, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT id, client_id, name, color FROM labels WHERE client_id=? ORDER BY name`, clientID)
	if err != nil {
		return nil, fmt.Errorf("read labels of client %s: %w", clientID, err)
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

// DeleteLabel removes a label and takes it off every item.
func (db *DB) DeleteLabel(ctx context.Context, id int64) error {
	res, err := db.w.ExecContext(ctx, `DELETE FROM labels WHERE id=?`, id)
	if err != nil {
		return fmt.Errorf("delete label %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return notFound("label", id)
	}
	return nil
}

// SetLabel adds (or with on=false removes) a label on items. Labels belong to a client,
// so the items must be that client's.
func (db *DB) SetLabel(ctx context.Context, labelID int64, on bool, itemIDs ...int64) error {
	return db.namedTx(ctx, fmt.Sprintf("set label %d", labelID), func(tx *sql.Tx) error {
		var labelClient, name string
		err := tx.QueryRowContext(ctx, `SELECT client_id, name FROM labels WHERE id=?`, labelID).Scan(&labelClient, &name)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("label", labelID)
		}
		if err != nil {
			return fmt.Errorf("label %d: %w", labelID, err)
		}
		q := `INSERT OR IGNORE INTO inbox_labels (item_id, label_id) VALUES (?,?)`
		if !on {
			q = `DELETE FROM inbox_labels WHERE item_id=? AND label_id=?`
		}
		for _, id := range itemIDs {
			if on {
				var itemClient string
				err := tx.QueryRowContext(ctx, `SELECT client_id FROM inbox_items WHERE id=?`, id).Scan(&itemClient)
				if errors.Is(err, sql.ErrNoRows) {
					return fmt.Errorf("label %q: %w", name, notFound("inbox item", id))
				}
				if err != nil {
					return fmt.Errorf("label %q on item %d: %w", name, id, err)
				}
				if itemClient != labelClient {
					return fmt.Errorf("label %q belongs to client %s, inbox item %d to client %s", name, labelClient, id, itemClient)
				}
			}
			if _, err := tx.ExecContext(ctx, q, id, labelID); err != nil {
				return fmt.Errorf("label %q on item %d: %w", name, id, err)
			}
		}
		return nil
	})
}

// PutSavedReply creates or replaces a client's saved reply by name.
func (db *DB) PutSavedReply(ctx context.Context, r social.SavedReply) (int64, error) {
	r.Name = strings.TrimSpace(r.Name)
	if r.Name == "" {
		return 0, fmt.Errorf("saved reply of client %s needs a name", r.ClientID)
	}
	var id int64
	err := db.w.QueryRowContext(ctx, `INSERT INTO saved_replies (client_id, name, body) VALUES (?,?,?)
		ON CONFLICT(client_id, name) DO UPDATE SET body=excluded.body RETURNING id`,
		r.ClientID, r.Name, r.Body).Scan(&id)
	if isConstraint(err, codeForeignKey) {
		return 0, fmt.Errorf("saved reply %q: no client %q", r.Name, r.ClientID)
	}
	if err != nil {
		return 0, fmt.Errorf("save reply %q of client %s: %w", r.Name, r.ClientID, err)
	}
	return id, nil
}

// SavedReplies returns a client's saved replies by name.
func (db *DB) SavedReplies(ctx context.Context, clientID string) ([]social.SavedReply, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT id, client_id, name, body FROM saved_replies WHERE client_id=? ORDER BY name`, clientID)
	if err != nil {
		return nil, fmt.Errorf("read saved replies of client %s: %w", clientID, err)
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

// DeleteSavedReply removes a saved reply.
func (db *DB) DeleteSavedReply(ctx context.Context, id int64) error {
	res, err := db.w.ExecContext(ctx, `DELETE FROM saved_replies WHERE id=?`, id)
	if err != nil {
		return fmt.Errorf("delete saved reply %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return notFound("saved reply", id)
	}
	return nil
}
