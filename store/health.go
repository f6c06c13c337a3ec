package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/chorus-social/chorus/social"
)

// AccountHealth is what the user needs to know to trust an account: can chorus still log
// in, when did it last sync, what went wrong, and which scheduled posts are at risk.
type AccountHealth struct {
	Account        social.Account
	NeedsLogin     bool
	AuthError      string
	TokenExpiresAt time.Time // zero: unknown
	LastSync       time.Time // the newest successful sync of any stream
	LastError      string    // the newest stream error, if the stream has not recovered
	// AtRisk counts targets scheduled on the account that will fail unless it is fixed:
	// all scheduled ones while it needs a login.
	AtRisk int
}

// SetNeedsLogin records that the platform refused the account's login (detail says how),
// or with needs=false that a login worked again: then the account's sync streams lose the
// back-off the refusals put on them, so the next sync runs at once.
func (db *DB) SetNeedsLogin(ctx context.Context, accountID string, needs bool, detail string) error {
	if !needs {
		detail = ""
	}
	return db.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE accounts SET needs_login=?, auth_error=? WHERE id=?`,
			boolInt(needs), detail, accountID)
		if err != nil {
			return fmt.Errorf("account %s: record login state: %w", accountID, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound("account", accountID)
		}
		if !needs {
			_, err = tx.ExecContext(ctx, `UPDATE sync_cursors SET next_at=0 WHERE account_id=?`, accountID)
		}
		return err
	})
}

// SetTokenExpiry records when the account's token runs out, where the platform says.
func (db *DB) SetTokenExpiry(ctx context.Context, accountID string, at time.Time) error {
	_, err := db.w.ExecContext(ctx, `UPDATE accounts SET token_expires_at=? WHERE id=?`, ms(at), accountID)
	return err
}

// Health returns the health of every account of a client ("" for all).
func (db *DB) Health(ctx context.Context, clientID string) ([]AccountHealth, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT `+accountCols+`, a.needs_login, a.auth_error, a.token_expires_at,
		(SELECT max(last_ok) FROM sync_cursors c WHERE c.account_id=a.id),
		coalesce((SELECT last_error FROM sync_cursors c WHERE c.account_id=a.id AND last_error<>''
			ORDER BY next_at DESC LIMIT 1), ''),
		-- counted only where it matters: healthy accounts have nothing at risk
		CASE WHEN a.needs_login=1 THEN (SELECT count(*) FROM targets t WHERE t.account_id=a.id
			AND t.status='scheduled') ELSE 0 END
		FROM accounts a WHERE ?='' OR a.client_id=? ORDER BY a.client_id, a.platform, a.handle`, clientID, clientID)
	if err != nil {
		return nil, fmt.Errorf("read account health: %w", err)
	}
	defer rows.Close()
	var out []AccountHealth
	for rows.Next() {
		var h AccountHealth
		a := &h.Account
		var p string
		var created, expires int64
		var lastOK sql.NullInt64
		var needs, scheduled int
		if err := rows.Scan(&a.ID, &a.ClientID, &p, &a.Server, &a.Handle, &a.DisplayName, &a.RemoteID, &created,
			&needs, &h.AuthError, &expires, &lastOK, &h.LastError, &scheduled); err != nil {
			return nil, err
		}
		a.Platform, a.CreatedAt = social.Platform(p), fromMs(created)
		h.NeedsLogin, h.TokenExpiresAt, h.LastSync = needs == 1, fromMs(expires), fromMs(lastOK.Int64)
		if h.NeedsLogin {
			h.AtRisk = scheduled
		}
		out = append(out, h)
	}
	return out, rows.Err()
}
