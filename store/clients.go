package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/chorus-social/chorus/social"
)

const clientCols = `id, name, tz, color, approval_required, require_alt, created_at, server_scheduling`

// PutClient creates the client or updates it if its id exists.
func (db *DB) PutClient(ctx context.Context, c social.Client) error {
	if c.ID == "" || c.Name == "" {
		return fmt.Errorf("client %q needs an id and a name", c.ID)
	}
	if c.TZ == "" {
		c.TZ = "UTC"
	}
	if _, err := time.LoadLocation(c.TZ); err != nil {
		return fmt.Errorf("client %s: unknown time zone %q (use an IANA name such as Europe/Berlin)", c.ID, c.TZ)
	}
	if c.CreatedAt.IsZero() {
		c.CreatedAt = time.Now()
	}
	_, err := db.w.ExecContext(ctx, `INSERT INTO clients (`+clientCols+`) VALUES (?,?,?,?,?,?,?,?)
		ON CONFLICT(id) DO UPDATE SET name=excluded.name, tz=excluded.tz, color=excluded.color,
		approval_required=excluded.approval_required, require_alt=excluded.require_alt,
		server_scheduling=excluded.server_scheduling`,
		c.ID, c.Name, c.TZ, c.Color, boolInt(c.ApprovalRequired), boolInt(c.RequireAlt), ms(c.CreatedAt),
		boolInt(c.ServerScheduling))
	if err != nil {
		return fmt.Errorf("save client %s: %w", c.ID, err)
	}
	return nil
}

// Client returns one client.
func (db *DB) Client(ctx context.Context, id string) (social.Client, error) {
	c, err := scanClient(db.r.QueryRowContext(ctx, `SELECT `+clientCols+` FROM clients WHERE id=?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return c, notFound("client", id)
	}
	if err != nil {
		return c, fmt.Errorf("read client %s: %w", id, err)
	}
	return c, nil
}

// Clients returns every client, by name.
func (db *DB) Clients(ctx context.Context) ([]social.Client, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT `+clientCols+` FROM clients ORDER BY name COLLATE NOCASE, id`)
	if err != nil {
		return nil, fmt.Errorf("read clients: %w", err)
	}
	defer rows.Close()
	var out []social.Client
	for rows.Next() {
		c, err := scanClient(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// DeleteClient removes a client with all its accounts, posts and inbox. It refuses while
// one of the client's targets is being published: the post would go out with no record.
func (db *DB) DeleteClient(ctx context.Context, id string) error {
	return db.namedTx(ctx, "delete client "+id, func(tx *sql.Tx) error {
		var busy int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM targets t JOIN accounts a ON a.id=t.account_id
			WHERE a.client_id=? AND (t.status='publishing' OR (t.status='scheduled' AND t.server_ref<>''))`, id).Scan(&busy); err != nil {
			return fmt.Errorf("delete client %s: %w", id, err)
		}
		if busy > 0 {
			return fmt.Errorf("client %s has a post being published right now or waits on the platform (`chorus withdraw` it first); try again in a moment", id)
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM clients WHERE id=?`, id)
		if err != nil {
			return fmt.Errorf("delete client %s: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound("client", id)
		}
		return nil
	})
}

type scanner interface{ Scan(...any) error }

func scanClient(s scanner) (social.Client, error) {
	var c social.Client
	var appr, alt, server int
	var created int64
	err := s.Scan(&c.ID, &c.Name, &c.TZ, &c.Color, &appr, &alt, &created, &server)
	c.ApprovalRequired, c.RequireAlt, c.CreatedAt = appr == 1, alt == 1, fromMs(created)
	c.ServerScheduling = server == 1
	return c, err
}
