package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/chorus-social/chorus/social"
)

// Cursor returns where the last sync of an account's stream stopped; a zero cursor if
// it never ran.
func (db *DB) Cursor(ctx context.Context, accountID, stream string) (social.SyncCursor, error) {
	c := social.SyncCursor{AccountID: accountID, Stream: stream}
	var next, ok int64
	err := db.r.QueryRowContext(ctx, `SELECT cursor, next_at, last_ok, last_error FROM sync_cursors
		WHERE account_id=? AND stream=?`, accountID, stream).Scan(&c.Cursor, &next, &ok, &c.LastError)
	if errors.Is(err, sql.ErrNoRows) {
		return c, nil
	}
	if err != nil {
		return c, fmt.Errorf("read %s cursor of %s: %w", stream, accountID, err)
	}
	c.NextAt, c.LastOK = fromMs(next), fromMs(ok)
	return c, nil
}

// SaveCursor stores a stream's cursor and timing.
func (db *DB) SaveCursor(ctx context.Context, c social.SyncCursor) error {
	_, err := db.w.ExecContext(ctx, `INSERT INTO sync_cursors (account_id, stream, cursor, next_at, last_ok, last_error)
		VALUES (?,?,?,?,?,?) ON CONFLICT(account_id, stream) DO UPDATE SET cursor=excluded.cursor,
		next_at=excluded.next_at, last_ok=excluded.last_ok, last_error=excluded.last_error`,
		c.AccountID, c.Stream, c.Cursor, ms(c.NextAt), ms(c.LastOK), c.LastError)
	if isConstraint(err, codeForeignKey) {
		return fmt.Errorf("save %s cursor: no account %q", c.Stream, c.AccountID)
	}
	if err != nil {
		return fmt.Errorf("save %s cursor of %s: %w", c.Stream, c.AccountID, err)
	}
	return nil
}

// Meta returns a workspace setting ("" if unset).
func (db *DB) Meta(ctx context.Context, key string) (string, error) {
	var v string
	err := db.r.QueryRowContext(ctx, `SELECT value FROM meta WHERE key=?`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("read setting %s: %w", key, err)
	}
	return v, nil
}

// SetMeta stores a workspace setting.
func (db *DB) SetMeta(ctx context.Context, key, value string) error {
	_, err := db.w.ExecContext(ctx, `INSERT INTO meta (key, value) VALUES (?,?)
		ON CONFLICT(key) DO UPDATE SET value=excluded.value`, key, value)
	if err != nil {
		return fmt.Errorf("save setting %s: %w", key, err)
	}
	return nil
}
