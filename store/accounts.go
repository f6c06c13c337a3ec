package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/chorus-social/chorus/social"
)

const accountCols = `id, client_id, platform, server, handle, display_name, remote_id, created_at`

// PutAccount creates the account or updates it if its id exists. The client id and
// platform copied onto the account's inbox items follow a change.
func (db *DB) PutAccount(ctx context.Context, a social.Account) error {
	if a.ID == "" || a.ClientID == "" || a.Platform == "" || a.Handle == "" {
		return fmt.Errorf("account %q needs an id, a client, a platform and a handle", a.ID)
	}
	if a.CreatedAt.IsZero() {
		a.CreatedAt = time.Now()
	}
	err := db.tx(ctx, func(tx *sql.Tx) error {
		var one int
		if err := tx.QueryRowContext(ctx, `SELECT 1 FROM clients WHERE id=?`, a.ClientID).Scan(&one); errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("no client %q (add it with `chorus clients add`)", a.ClientID)
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO accounts (`+accountCols+`) VALUES (?,?,?,?,?,?,?,?)
			ON CONFLICT(id) DO UPDATE SET client_id=excluded.client_id, platform=excluded.platform,
			server=excluded.server, handle=excluded.handle, display_name=excluded.display_name,
			remote_id=excluded.remote_id`,
			a.ID, a.ClientID, string(a.Platform), a.Server, a.Handle, a.DisplayName, a.RemoteID, ms(a.CreatedAt))
		switch {
		case isConstraint(err, codeForeignKey):
			return fmt.Errorf("no client %q (add it with `chorus clients add`)", a.ClientID)
		case isConstraint(err, codeUnique):
			return fmt.Errorf("%s account %s on %q exists already under another id", a.Platform, a.Handle, a.Server)
		case err != nil:
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE inbox_items SET client_id=?1, platform=?2
			WHERE account_id=?3 AND (client_id<>?1 OR platform<>?2)`, a.ClientID, string(a.Platform), a.ID)
		return err
	})
	if err != nil {
		return fmt.Errorf("save account %s: %w", a.ID, err)
	}
	return nil
}

// Account returns one account.
func (db *DB) Account(ctx context.Context, id string) (social.Account, error) {
	a, err := scanAccount(db.r.QueryRowContext(ctx, `SELECT `+accountCols+` FROM accounts WHERE id=?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return a, notFound("account", id)
	}
	if err != nil {
		return a, fmt.Errorf("read account %s: %w", id, err)
	}
	return a, nil
}

// Accounts returns the accounts of a client ("" for every client), by client and platform.
func (db *DB) Accounts(ctx context.Context, clientID string) ([]social.Account, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT `+accountCols+` FROM accounts
		WHERE ?='' OR client_id=? ORDER BY client_id, platform, handle`, clientID, clientID)
	if err != nil {
		return nil, fmt.Errorf("read accounts: %w", err)
	}
	defer rows.Close()
	var out []social.Account
	for rows.Next() {
		a, err := scanAccount(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// DeleteAccount removes an account with its targets, inbox and metrics. It refuses while
// one of its targets is being published: the post would go out with no record.
func (db *DB) DeleteAccount(ctx context.Context, id string) error {
	return db.namedTx(ctx, "delete account "+id, func(tx *sql.Tx) error {
		var busy int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM targets WHERE account_id=? AND `+busyTarget, id).Scan(&busy); err != nil {
			return fmt.Errorf("delete account %s: %w", id, err)
		}
		if busy > 0 {
			return fmt.Errorf("account %s has a post being published right now or waits on the platform (`chorus withdraw` it first); try again in a moment", id)
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM accounts WHERE id=?`, id)
		if err != nil {
			return fmt.Errorf("delete account %s: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound("account", id)
		}
		return nil
	})
}

func scanAccount(s scanner) (social.Account, error) {
	var a social.Account
	var p string
	var created int64
	err := s.Scan(&a.ID, &a.ClientID, &p, &a.Server, &a.Handle, &a.DisplayName, &a.RemoteID, &created)
	a.Platform, a.CreatedAt = social.Platform(p), fromMs(created)
	return a, err
}
