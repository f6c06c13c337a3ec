package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
)

// QueueSlot is one weekly posting time of an account: a wall-clock time in the client's
// zone, so it stays at 09:00 across DST changes.
type QueueSlot struct {
	Weekday time.Weekday
	Minute  int // minutes after local midnight, 0…1439
}

// String writes the slot the way config.ParseSlot reads it: "mon 09:30".
func (s QueueSlot) String() string {
	return fmt.Sprintf("%s %02d:%02d", strings.ToLower(s.Weekday.String()[:3]), s.Minute/60, s.Minute%60)
}

// QueueSlots returns an account's slots, by weekday and time.
func (db *DB) QueueSlots(ctx context.Context, accountID string) ([]QueueSlot, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT weekday, minute FROM queue_slots WHERE account_id=? ORDER BY weekday, minute`, accountID)
	if err != nil {
		return nil, fmt.Errorf("read queue slots of %s: %w", accountID, err)
	}
	defer rows.Close()
	var out []QueueSlot
	for rows.Next() {
		var s QueueSlot
		if err := rows.Scan(&s.Weekday, &s.Minute); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// SetQueueSlots replaces an account's slots.
func (db *DB) SetQueueSlots(ctx context.Context, accountID string, slots []QueueSlot) error {
	for _, s := range slots {
		if s.Weekday < time.Sunday || s.Weekday > time.Saturday || s.Minute < 0 || s.Minute >= 24*60 {
			return fmt.Errorf("queue slot of %s: %v %d:%02d is not a weekday and a time of day", accountID, s.Weekday, s.Minute/60, s.Minute%60)
		}
	}
	err := db.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM queue_slots WHERE account_id=?`, accountID); err != nil {
			return err
		}
		for _, s := range slots {
			_, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO queue_slots (account_id, weekday, minute) VALUES (?,?,?)`,
				accountID, int(s.Weekday), s.Minute)
			if isConstraint(err, codeForeignKey) {
				return fmt.Errorf("no account %q", accountID)
			}
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("save queue slots of %s: %w", accountID, err)
	}
	return nil
}
