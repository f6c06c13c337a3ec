package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/chorus-social/chorus/social"
)

// PutCampaign creates or updates a client's campaign (by client and name) and returns its id.
func (db *DB) PutCampaign(ctx context.Context, c social.Campaign) (int64, error) {
	c.Name = strings.TrimSpace(c.Name)
	if c.Name == "" {
		return 0, fmt.Errorf("campaign of client %s needs a name", c.ClientID)
	}
	if !c.StartsAt.IsZero() && !c.EndsAt.IsZero() && c.EndsAt.Before(c.StartsAt) {
		return 0, fmt.Errorf("campaign %q ends (%s) before it starts (%s)", c.Name,
			c.EndsAt.Format("2006-01-02"), c.StartsAt.Format("2006-01-02"))
	}
	var id int64
	err := db.w.QueryRowContext(ctx, `INSERT INTO campaigns (client_id, name, color, starts_at, ends_at)
		VALUES (?,?,?,?,?) ON CONFLICT(client_id, name) DO UPDATE SET color=excluded.color,
		starts_at=excluded.starts_at, ends_at=excluded.ends_at RETURNING id`,
		c.ClientID, c.Name, c.Color, ms(c.StartsAt), ms(c.EndsAt)).Scan(&id)
	if isConstraint(err, codeForeignKey) {
		return 0, fmt.Errorf("campaign %q: no client %q", c.Name, c.ClientID)
	}
	if err != nil {
		return 0, fmt.Errorf("save campaign %q of client %s: %w", c.Name, c.ClientID, err)
	}
	return id, nil
}

// Campaigns returns a client's campaigns, newest first.
func (db *DB) Campaigns(ctx context.Context, clientID string) ([]social.Campaign, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT id, client_id, name, color, starts_at, ends_at FROM campaigns
		WHERE client_id=? ORDER BY starts_at DESC, id DESC`, clientID)
	if err != nil {
		return nil, fmt.Errorf("read campaigns of client %s: %w", clientID, err)
	}
	defer rows.Close()
	var out []social.Campaign
	for rows.Next() {
		var c social.Campaign
		var s, e int64
		if err := rows.Scan(&c.ID, &c.ClientID, &c.Name, &c.Color, &s, &e); err != nil {
			return nil, err
		}
		c.StartsAt, c.EndsAt = fromMs(s), fromMs(e)
		out = append(out, c)
	}
	return out, rows.Err()
}
