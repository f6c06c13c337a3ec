package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/chorus-social/chorus/social"
)

const accountCols = `id, client_id, platform, server, handle, display_name, remote_id, created_at`

// PutAccount creates the account or updates it if its id exists.
func (db *DB) PutAccount(ctx context.Context, a social.Account) error {
	if a.ID == "" || a.ClientID == "" || a.Platform == "" || a.Handle == "" {
		return fmt.Errorf("account needs an id, a client, a platform and a handle")
	}
	if a.CreatedAt.IsZero() {
		a.CreatedAt = time.Now()
	}
	_, err := db.w.ExecContext(ctx, `INSERT INTO accounts (`+accountCols+`) VALUES (?,?,?,?,?,?,?,?)
		ON CONFLICT(id) DO UPDATE SET client_id=excluded.client_id, platform=excluded.platform,
		server=excluded.server, handle=excluded.handle, display_name=excluded.display_name,
		remote_id=excluded.remote_id`,
		a.ID, a.ClientID, string(a.Platform), a.Server, a.Handle, a.DisplayName, a.RemoteID, ms(a.CreatedAt))
	if err != nil {
		if strings.Contains(err.Error(), "FOREIGN KEY") {
			return fmt.Errorf("save account %s: no client %q (add it with `chorus clients add`)", a.ID, a.ClientID)
		}
		if strings.Contains(err.Error(), "UNIQUE") {
			return fmt.Errorf("save account %s: %s account %s on %q exists already", a.ID, a.Platform, a.Handle, a.Server)
		}
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
	return a, err
}

// Accounts returns the accounts of a client ("" for every client), by client and platform.
func (db *DB) Accounts(ctx context.Context, clientID string) ([]social.Account, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT `+accountCols+` FROM accounts
		WHERE ?='' OR client_id=? ORDER BY client_id, platform, handle`, clientID, clientID)
	if err != nil {
		return nil, err
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

// DeleteAccount removes an account with its targets, inbox and metrics.
func (db *DB) DeleteAccount(ctx context.Context, id string) error {
	res, err := db.w.ExecContext(ctx, `DELETE FROM accounts WHERE id=?`, id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return notFound("account", id)
	}
	return nil
}

func scanAccount(s scanner) (social.Account, error) {
	var a social.Account
	var p string
	var created int64
	err := s.Scan(&a.ID, &a.ClientID, &p, &a.Server, &a.Handle, &a.DisplayName, &a.RemoteID, &created)
	a.Platform, a.CreatedAt = social.Platform(p), fromMs(created)
	return a, err
}
