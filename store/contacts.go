package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

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
		return c, notFound("contact", string(p)+"/"+remoteID)
	}
	if err != nil {
		return c, fmt.Errorf("read contact %s/%s: %w", p, remoteID, err)
	}
	c.Platform, c.FirstSeen, c.LastSeen = social.Platform(plat), fromMs(first), fromMs(last)
	return c, nil
}

// SetContactNotes saves the user's notes on a person.
func (db *DB) SetContactNotes(ctx context.Context, p social.Platform, remoteID, notes string) error {
	res, err := db.w.ExecContext(ctx, `UPDATE contacts SET notes=? WHERE platform=? AND remote_id=?`, notes, string(p), remoteID)
	if err != nil {
		return fmt.Errorf("save notes on contact %s/%s: %w", p, remoteID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return notFound("contact", string(p)+"/"+remoteID)
	}
	return nil
}

const authorHistorySQL = `SELECT ` + inboxCols + ` FROM inbox_items i
	WHERE i.platform=? AND i.author_id=? AND (?='' OR i.client_id=?) ORDER BY i.id DESC LIMIT ?`

// AuthorHistory returns a person's items with one client ("" for all), newest first:
// what the inbox shows beside a thread.
func (db *DB) AuthorHistory(ctx context.Context, p social.Platform, authorID, clientID string, limit int) ([]social.InboxItem, error) {
	if limit <= 0 {
		limit = 20
	}
	return db.inboxRows(ctx, authorHistorySQL, string(p), authorID, clientID, clientID, limit)
}

// PutConversation records a DM conversation (by account and remote id).
func (db *DB) PutConversation(ctx context.Context, c social.Conversation) (int64, error) {
	parts, err := jsonList(c.Participants)
	if err != nil {
		return 0, err
	}
	var id int64
	err = db.w.QueryRowContext(ctx, `INSERT INTO conversations (account_id, remote_id, title, participants, last_at)
		VALUES (?,?,?,?,?) ON CONFLICT(account_id, remote_id) DO UPDATE SET title=excluded.title,
		participants=excluded.participants, last_at=max(last_at, excluded.last_at) RETURNING id`,
		c.AccountID, c.RemoteID, c.Title, parts, ms(c.LastAt)).Scan(&id)
	if isConstraint(err, codeForeignKey) {
		return 0, fmt.Errorf("conversation %s: no account %q", c.RemoteID, c.AccountID)
	}
	if err != nil {
		return 0, fmt.Errorf("save conversation %s on %s: %w", c.RemoteID, c.AccountID, err)
	}
	return id, nil
}

// Conversations returns an account's DM conversations, most recent first.
func (db *DB) Conversations(ctx context.Context, accountID string) ([]social.Conversation, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT id, account_id, remote_id, title, participants, last_at
		FROM conversations WHERE account_id=? ORDER BY last_at DESC, id DESC`, accountID)
	if err != nil {
		return nil, fmt.Errorf("read conversations of %s: %w", accountID, err)
	}
	defer rows.Close()
	var out []social.Conversation
	for rows.Next() {
		var c social.Conversation
		var parts string
		var last int64
		if err := rows.Scan(&c.ID, &c.AccountID, &c.RemoteID, &c.Title, &parts, &last); err != nil {
			return nil, err
		}
		if c.Participants, err = parseList(parts); err != nil {
			return nil, fmt.Errorf("conversation %d participants: %w", c.ID, err)
		}
		c.LastAt = fromMs(last)
		out = append(out, c)
	}
	return out, rows.Err()
}
