package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"

	"github.com/chorus-social/chorus/social"
)

// Contact returns what we know of a person on a platform.
func (db *DB) Contact(ctx context.Context, p social.Platform, remoteID string) (social.Contact, error) {
	var c social.Contact
	var first, last int64
	var plat string
	err := db.r.QueryRowContext(ctx, `SELECT id, platform, remote_id, handle, name, notes, first_seen, last_seen
		FROM contacts WHERE platform=? AND remote_id=?`, string(p), remoteID).
		Scan(&c.ID, &plat, &c.RemoteID, &c.Handle, &c.Name, &c.Notes, &first, &last)
	if errors.Is(err, sql.ErrNoRows) {
		return c, notFound("contact", remoteID)
	}
	c.Platform, c.FirstSeen, c.LastSeen = social.Platform(plat), fromMs(first), fromMs(last)
	return c, err
}

// AuthorHistory returns a person's items with one client, newest first: what the inbox
// shows beside a thread.
func (db *DB) AuthorHistory(ctx context.Context, p social.Platform, authorID, clientID string, limit int) ([]social.InboxItem, error) {
	if limit <= 0 {
		limit = 20
	}
	return db.inboxRows(ctx, `SELECT `+inboxCols+` FROM inbox_items i
		WHERE i.platform=? AND i.author_id=? AND (?='' OR i.client_id=?) ORDER BY i.id DESC LIMIT ?`,
		string(p), authorID, clientID, clientID, limit)
}

// PutConversation records a DM conversation (by account and remote id).
func (db *DB) PutConversation(ctx context.Context, c social.Conversation) (int64, error) {
	parts, err := json.Marshal(c.Participants)
	if err != nil {
		return 0, err
	}
	var id int64
	err = db.w.QueryRowContext(ctx, `INSERT INTO conversations (account_id, remote_id, title, participants, last_at)
		VALUES (?,?,?,?,?) ON CONFLICT(account_id, remote_id) DO UPDATE SET title=excluded.title,
		participants=excluded.participants, last_at=max(last_at, excluded.last_at) RETURNING id`,
		c.AccountID, c.RemoteID, c.Title, string(parts), ms(c.LastAt)).Scan(&id)
	return id, err
}
