package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/chorus-social/chorus/social"
)

// UpsertInbox stores items fetched from a platform in one transaction. New items are
// inserted; known ones (same account and remote id) get the platform's fields refreshed.
// Local triage state (read, done, snoozed, labels) is never touched. It returns how many
// items were new. Authors are recorded as contacts on the way.
func (db *DB) UpsertInbox(ctx context.Context, items []social.InboxItem) (int, error) {
	if len(items) == 0 {
		return 0, nil
	}
	added := 0
	err := db.tx(ctx, func(tx *sql.Tx) error {
		ins, err := tx.PrepareContext(ctx, `INSERT INTO inbox_items (account_id, client_id, platform, remote_id,
			kind, author_id, author_handle, author_name, text, url, parent_remote_id, conversation_id, created_at)
			VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(account_id, remote_id) DO NOTHING`)
		if err != nil {
			return err
		}
		defer ins.Close()
		upd, err := tx.PrepareContext(ctx, `UPDATE inbox_items SET kind=?, author_handle=?, author_name=?,
			text=?, url=? WHERE account_id=? AND remote_id=?
			AND (kind<>? OR author_handle<>? OR author_name<>? OR text<>? OR url<>?)`)
		if err != nil {
			return err
		}
		defer upd.Close()
		contact, err := tx.PrepareContext(ctx, `INSERT INTO contacts (platform, remote_id, handle, name, first_seen, last_seen)
			VALUES (?,?,?,?,?,?) ON CONFLICT(platform, remote_id) DO UPDATE SET handle=excluded.handle,
			name=excluded.name, last_seen=max(last_seen, excluded.last_seen),
			first_seen=min(first_seen, excluded.first_seen)`)
		if err != nil {
			return err
		}
		defer contact.Close()
		owners := map[string][2]string{} // account id → client id, platform
		for _, it := range items {
			own, ok := owners[it.AccountID]
			if !ok {
				if err := tx.QueryRowContext(ctx, `SELECT client_id, platform FROM accounts WHERE id=?`, it.AccountID).Scan(&own[0], &own[1]); err != nil {
					return fmt.Errorf("inbox item for account %q: %w", it.AccountID, err)
				}
				owners[it.AccountID] = own
			}
			res, err := ins.ExecContext(ctx, it.AccountID, own[0], own[1], it.RemoteID, string(it.Kind), it.AuthorID,
				it.AuthorHandle, it.AuthorName, it.Text, it.URL, it.ParentRemoteID, it.ConversationID, ms(it.CreatedAt))
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 1 {
				added++
			} else if _, err := upd.ExecContext(ctx, string(it.Kind), it.AuthorHandle, it.AuthorName, it.Text, it.URL,
				it.AccountID, it.RemoteID, string(it.Kind), it.AuthorHandle, it.AuthorName, it.Text, it.URL); err != nil {
				return err
			}
			if it.AuthorID != "" {
				if _, err := contact.ExecContext(ctx, own[1], it.AuthorID, it.AuthorHandle, it.AuthorName,
					ms(it.CreatedAt), ms(it.CreatedAt)); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("save inbox items: %w", err)
	}
	return added, nil
}

// InboxQuery selects a page of inbox items, newest first. Before continues from the
// last id seen (keyset pagination: a page costs the same at row 50 and row 1,000,000).
type InboxQuery struct {
	ClientID string // "" for every client
	// All includes done and snoozed items; otherwise only open ones (not done, not
	// snoozed past Now).
	All      bool
	Unread   bool
	Kinds    []social.InboxKind
	Platform social.Platform
	Label    string
	Now      time.Time
	Before   int64
	Limit    int
}

const inboxCols = `i.id, i.account_id, i.client_id, i.platform, i.remote_id, i.kind, i.author_id,
	i.author_handle, i.author_name, i.text, i.url, i.parent_remote_id, i.conversation_id, i.created_at,
	i.read, i.done, i.snoozed_until`

// Inbox returns one page of items.
func (db *DB) Inbox(ctx context.Context, q InboxQuery) ([]social.InboxItem, error) {
	where, args := q.filter()
	if q.Before > 0 {
		where = append(where, "i.id<?")
		args = append(args, q.Before)
	}
	args = append(args, q.limit())
	return db.inboxRows(ctx, `SELECT `+inboxCols+` FROM inbox_items i WHERE `+strings.Join(where, " AND ")+
		` ORDER BY i.id DESC LIMIT ?`, args...)
}

// SearchInbox finds items whose author or text match every word of query (prefix match),
// newest first, among those q selects. FTS5 returns rowids in order, and ids grow with
// time, so no sort of the matches is needed.
func (db *DB) SearchInbox(ctx context.Context, query string, q InboxQuery) ([]social.InboxItem, error) {
	match := ftsQuery(query)
	if match == "" {
		return db.Inbox(ctx, q)
	}
	q.All = true // search covers all history
	where, args := q.filter()
	where = append(where, "inbox_fts MATCH ?")
	args = append(args, match)
	if q.Before > 0 {
		where = append(where, "f.rowid<?")
		args = append(args, q.Before)
	}
	args = append(args, q.limit())
	return db.inboxRows(ctx, `SELECT `+inboxCols+` FROM inbox_fts f JOIN inbox_items i ON i.id=f.rowid
		WHERE `+strings.Join(where, " AND ")+` ORDER BY f.rowid DESC LIMIT ?`, args...)
}

// ftsQuery turns what a person types into an FTS5 query: each word a quoted prefix
// term, so punctuation and FTS operators in the input cannot make a syntax error.
func ftsQuery(s string) string {
	words := strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '_' })
	for i, w := range words {
		words[i] = `"` + w + `"*`
	}
	return strings.Join(words, " ")
}

func (q InboxQuery) limit() int {
	if q.Limit <= 0 {
		return 50
	}
	return q.Limit
}

func (q InboxQuery) filter() ([]string, []any) {
	where := []string{"1=1"}
	var args []any
	if q.ClientID != "" {
		where = append(where, "i.client_id=?")
		args = append(args, q.ClientID)
	}
	if !q.All {
		now := q.Now
		if now.IsZero() {
			now = time.Now()
		}
		where = append(where, "i.done=0", "i.snoozed_until<=?")
		args = append(args, ms(now))
	}
	if q.Unread {
		where = append(where, "i.read=0")
	}
	if len(q.Kinds) > 0 {
		where = append(where, "i.kind IN ("+strings.Repeat("?,", len(q.Kinds)-1)+"?)")
		for _, k := range q.Kinds {
			args = append(args, string(k))
		}
	}
	if q.Platform != "" {
		where = append(where, "i.platform=?")
		args = append(args, string(q.Platform))
	}
	if q.Label != "" {
		where = append(where, "EXISTS (SELECT 1 FROM inbox_labels il JOIN labels l ON l.id=il.label_id WHERE il.item_id=i.id AND l.name=?)")
		args = append(args, q.Label)
	}
	return where, args
}

func (db *DB) inboxRows(ctx context.Context, query string, args ...any) ([]social.InboxItem, error) {
	rows, err := db.r.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("read inbox: %w", err)
	}
	defer rows.Close()
	var out []social.InboxItem
	for rows.Next() {
		var it social.InboxItem
		var plat, kind string
		var created, snoozed int64
		var read, done int
		if err := rows.Scan(&it.ID, &it.AccountID, &it.ClientID, &plat, &it.RemoteID, &kind, &it.AuthorID,
			&it.AuthorHandle, &it.AuthorName, &it.Text, &it.URL, &it.ParentRemoteID, &it.ConversationID, &created,
			&read, &done, &snoozed); err != nil {
			return nil, err
		}
		it.Platform, it.Kind = social.Platform(plat), social.InboxKind(kind)
		it.CreatedAt, it.SnoozedUntil = fromMs(created), fromMs(snoozed)
		it.Read, it.Done = read == 1, done == 1
		out = append(out, it)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, db.fillLabels(ctx, out)
}

func (db *DB) fillLabels(ctx context.Context, items []social.InboxItem) error {
	if len(items) == 0 {
		return nil
	}
	idx := make(map[int64]int, len(items))
	args := make([]any, len(items))
	for i, it := range items {
		idx[it.ID] = i
		args[i] = it.ID
	}
	rows, err := db.r.QueryContext(ctx, `SELECT il.item_id, l.name FROM inbox_labels il JOIN labels l ON l.id=il.label_id
		WHERE il.item_id IN (`+strings.Repeat("?,", len(items)-1)+`?) ORDER BY l.name`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return err
		}
		items[idx[id]].Labels = append(items[idx[id]].Labels, name)
	}
	return rows.Err()
}

// SetDone marks items done (archived) or open again.
func (db *DB) SetDone(ctx context.Context, done bool, ids ...int64) error {
	return db.updateItems(ctx, "done=?, read=CASE WHEN ? THEN 1 ELSE read END", ids, boolInt(done), done)
}

// SetRead marks items read or unread.
func (db *DB) SetRead(ctx context.Context, read bool, ids ...int64) error {
	return db.updateItems(ctx, "read=?", ids, boolInt(read))
}

// Snooze hides items until the given time; they come back on their own when it passes.
func (db *DB) Snooze(ctx context.Context, until time.Time, ids ...int64) error {
	return db.updateItems(ctx, "snoozed_until=?", ids, ms(until))
}

func (db *DB) updateItems(ctx context.Context, set string, ids []int64, args ...any) error {
	if len(ids) == 0 {
		return nil
	}
	for _, id := range ids {
		args = append(args, id)
	}
	_, err := db.w.ExecContext(ctx, `UPDATE inbox_items SET `+set+` WHERE id IN (`+strings.Repeat("?,", len(ids)-1)+`?)`, args...)
	if err != nil {
		return fmt.Errorf("update inbox items: %w", err)
	}
	return nil
}

// OpenCounts returns the number of open inbox items per client: the "inbox zero" counter.
func (db *DB) OpenCounts(ctx context.Context, now time.Time) (map[string]int, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT client_id, count(*) FROM inbox_items
		WHERE done=0 AND snoozed_until<=? GROUP BY client_id`, ms(now))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var c string
		var n int
		if err := rows.Scan(&c, &n); err != nil {
			return nil, err
		}
		out[c] = n
	}
	return out, rows.Err()
}
