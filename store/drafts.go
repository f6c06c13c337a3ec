package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

// SaveReplyDraft keeps the unsent reply to an inbox item, replacing the one before.
// Text that is empty or only white space deletes the draft: there is nothing to keep.
func (db *DB) SaveReplyDraft(ctx context.Context, itemID int64, text string) error {
	if strings.TrimSpace(text) == "" {
		return db.DeleteReplyDraft(ctx, itemID)
	}
	_, err := db.w.ExecContext(ctx, `INSERT INTO reply_drafts (item_id, text, updated_at) VALUES (?,?,?)
		ON CONFLICT(item_id) DO UPDATE SET text=excluded.text, updated_at=excluded.updated_at`,
		itemID, text, ms(time.Now()))
	if isConstraint(err, codeForeignKey) {
		return fmt.Errorf("save reply draft: %w", notFound("inbox item", itemID))
	}
	if err != nil {
		return fmt.Errorf("save reply draft of inbox item %d: %w", itemID, err)
	}
	return nil
}

// ReplyDraft returns the unsent reply to an inbox item; found is false when there is none.
func (db *DB) ReplyDraft(ctx context.Context, itemID int64) (text string, found bool, err error) {
	err = db.r.QueryRowContext(ctx, `SELECT text FROM reply_drafts WHERE item_id=?`, itemID).Scan(&text)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("read reply draft of inbox item %d: %w", itemID, err)
	}
	return text, true, nil
}

// ReplyDrafts returns the unsent replies to the given items that have one, by item id:
// one query for a page of the inbox, so its rows can show which replies wait.
func (db *DB) ReplyDrafts(ctx context.Context, itemIDs []int64) (map[int64]string, error) {
	out := map[int64]string{}
	if len(itemIDs) == 0 {
		return out, nil
	}
	ids, err := json.Marshal(itemIDs)
	if err != nil {
		return nil, err
	}
	// The ids go in as one JSON array: a page of any size binds one variable.
	rows, err := db.r.QueryContext(ctx, `SELECT item_id, text FROM reply_drafts
		WHERE item_id IN (SELECT value FROM json_each(?))`, string(ids))
	if err != nil {
		return nil, fmt.Errorf("read reply drafts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var text string
		if err := rows.Scan(&id, &text); err != nil {
			return nil, fmt.Errorf("read reply drafts: %w", err)
		}
		out[id] = text
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read reply drafts: %w", err)
	}
	return out, nil
}

// DeleteReplyDraft drops the unsent reply to an inbox item (sent, or emptied); none is fine.
func (db *DB) DeleteReplyDraft(ctx context.Context, itemID int64) error {
	if _, err := db.w.ExecContext(ctx, `DELETE FROM reply_drafts WHERE item_id=?`, itemID); err != nil {
		return fmt.Errorf("delete reply draft of inbox item %d: %w", itemID, err)
	}
	return nil
}
