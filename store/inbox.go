package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/chorus-social/chorus/social"
)

// Inbox item ids are made from the item's time: created_at (unix ms) << idShift, plus a
// counter for items of the same millisecond. So id order is time order whatever order a
// sync delivers items in (a first sync pages backwards through history), keyset pages
// come newest first by id alone, and FTS5 returns matches in time order by rowid.
const (
	idShift  = 20                  // 1,048,576 items per millisecond
	maxIDMs  = 1<<(63-idShift) - 1 // about the year 2248
	idPerMs  = 1 << idShift
	idChunks = 500 // ids per statement in bulk updates, well under SQLite's variable limit
)

// lastIDSQL finds the newest id in [base, base+idPerMs): one seek on the rowid.
const lastIDSQL = `SELECT id FROM inbox_items WHERE id>=? AND id<? ORDER BY id DESC LIMIT 1`

// ftsAddSQL indexes new items for search, given their ids as a JSON array: one statement
// per batch, so FTS5 writes one segment for it (see the schema on why not a trigger).
const ftsAddSQL = `INSERT INTO inbox_fts(rowid, author, text)
	SELECT id, author_handle || ' ' || author_name, text FROM inbox_items
	WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id`

// termsAddSQL records the words of new and edited items (ids as a JSON array) in
// inbox_terms, tokenized by FTS5 itself through the scratch table inbox_tok (see
// migration 0006), then empties the scratch table.
var termsAddSQL = []string{
	`INSERT INTO inbox_tok(rowid, t) SELECT id, author_handle || ' ' || author_name || ' ' || text
		FROM inbox_items WHERE id IN (SELECT value FROM json_each(?))`,
	`INSERT OR IGNORE INTO inbox_terms SELECT term FROM inbox_tok_vocab`,
	`INSERT INTO inbox_tok(inbox_tok) VALUES('delete-all')`,
}

// inboxIDBase is the smallest id an item created at t can get.
func inboxIDBase(t time.Time) int64 {
	m := ms(t)
	m = min(max(m, 0), maxIDMs)
	return m << idShift
}

// UpsertInbox stores items fetched from a platform in one transaction. New items are
// inserted; known ones (same account and remote id) get the platform's fields refreshed.
// Local triage state (read, done, snoozed, labels) is never touched. It returns how many
// items were new. Authors are recorded as contacts on the way. An item without CreatedAt
// is stamped with the current time.
func (db *DB) UpsertInbox(ctx context.Context, items []social.InboxItem) (int, error) {
	if len(items) == 0 {
		return 0, nil
	}
	n := 0
	now := time.Now()
	err := db.tx(ctx, func(tx *sql.Tx) error {
		find, err := tx.PrepareContext(ctx, `SELECT id FROM inbox_items WHERE account_id=? AND remote_id=?`)
		if err != nil {
			return err
		}
		defer find.Close()
		lastID, err := tx.PrepareContext(ctx, lastIDSQL)
		if err != nil {
			return err
		}
		defer lastID.Close()
		ins, err := tx.PrepareContext(ctx, `INSERT INTO inbox_items (id, account_id, client_id, platform, remote_id,
			kind, author_id, author_handle, author_name, text, url, parent_remote_id, conversation_id, created_at)
			VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)`)
		if err != nil {
			return err
		}
		defer ins.Close()
		upd, err := tx.PrepareContext(ctx, `UPDATE inbox_items SET kind=?1, author_handle=?2, author_name=?3,
			text=?4, url=?5 WHERE id=?6
			AND (kind<>?1 OR author_handle<>?2 OR author_name<>?3 OR text<>?4 OR url<>?5)`)
		if err != nil {
			return err
		}
		defer upd.Close()
		// A contact's handle and name follow its newest item, so an older page synced
		// late does not bring back a name the person has since changed.
		contact, err := tx.PrepareContext(ctx, `INSERT INTO contacts (platform, remote_id, handle, name, first_seen, last_seen)
			VALUES (?,?,?,?,?,?) ON CONFLICT(platform, remote_id) DO UPDATE SET
			handle=CASE WHEN excluded.last_seen>=last_seen AND excluded.handle<>'' THEN excluded.handle ELSE handle END,
			name=CASE WHEN excluded.last_seen>=last_seen AND excluded.name<>'' THEN excluded.name ELSE name END,
			last_seen=max(last_seen, excluded.last_seen),
			first_seen=min(first_seen, excluded.first_seen)`)
		if err != nil {
			return err
		}
		defer contact.Close()
		owners := map[string][2]string{} // account id → client id, platform
		var added []any                  // ids of new rows, for the search index
		var edited []any                 // ids of rows whose text changed, for inbox_terms
		for _, it := range items {
			if it.RemoteID == "" {
				return fmt.Errorf("inbox item on account %q has no remote id", it.AccountID)
			}
			own, ok := owners[it.AccountID]
			if !ok {
				err := tx.QueryRowContext(ctx, `SELECT client_id, platform FROM accounts WHERE id=?`, it.AccountID).Scan(&own[0], &own[1])
				if errors.Is(err, sql.ErrNoRows) {
					return fmt.Errorf("inbox item %s: no account %q", it.RemoteID, it.AccountID)
				}
				if err != nil {
					return fmt.Errorf("inbox item %s: account %q: %w", it.RemoteID, it.AccountID, err)
				}
				owners[it.AccountID] = own
			}
			if it.CreatedAt.IsZero() {
				it.CreatedAt = now
			}
			var id int64
			err := find.QueryRowContext(ctx, it.AccountID, it.RemoteID).Scan(&id)
			switch {
			case err == nil:
				res, err := upd.ExecContext(ctx, string(it.Kind), it.AuthorHandle, it.AuthorName, it.Text, it.URL, id)
				if err != nil {
					return fmt.Errorf("inbox item %s on %s: %w", it.RemoteID, it.AccountID, err)
				}
				if n, _ := res.RowsAffected(); n > 0 {
					edited = append(edited, id)
				}
			case errors.Is(err, sql.ErrNoRows):
				base := inboxIDBase(it.CreatedAt)
				var last int64
				err := lastID.QueryRowContext(ctx, base, base+idPerMs).Scan(&last)
				switch {
				case errors.Is(err, sql.ErrNoRows):
					id = base
				case err != nil:
					return err
				case last+1 >= base+idPerMs:
					return fmt.Errorf("inbox item %s on %s: more than %d items in one millisecond", it.RemoteID, it.AccountID, idPerMs)
				default:
					id = last + 1
				}
				if _, err := ins.ExecContext(ctx, id, it.AccountID, own[0], own[1], it.RemoteID, string(it.Kind), it.AuthorID,
					it.AuthorHandle, it.AuthorName, it.Text, it.URL, it.ParentRemoteID, it.ConversationID, ms(it.CreatedAt)); err != nil {
					return fmt.Errorf("inbox item %s on %s: %w", it.RemoteID, it.AccountID, err)
				}
				added = append(added, id)
			default:
				return err
			}
			if it.AuthorID != "" {
				if _, err := contact.ExecContext(ctx, own[1], it.AuthorID, it.AuthorHandle, it.AuthorName,
					ms(it.CreatedAt), ms(it.CreatedAt)); err != nil {
					return fmt.Errorf("contact %s: %w", it.AuthorID, err)
				}
			}
		}
		if len(added) > 0 {
			ids, err := json.Marshal(added)
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, ftsAddSQL, string(ids)); err != nil {
				return fmt.Errorf("index inbox items for search: %w", err)
			}
		}
		if touched := append(added, edited...); len(touched) > 0 {
			ids, err := json.Marshal(touched)
			if err != nil {
				return err
			}
			for i, q := range termsAddSQL {
				var args []any
				if i == 0 {
					args = []any{string(ids)}
				}
				if _, err := tx.ExecContext(ctx, q, args...); err != nil {
					return fmt.Errorf("index inbox words for search: %w", err)
				}
			}
		}
		n = len(added)
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("save inbox items: %w", err)
	}
	return n, nil
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
	query, args := q.pageSQL()
	return db.inboxRows(ctx, query, args...)
}

// pageSQL is the query of Inbox.
func (q InboxQuery) pageSQL() (string, []any) {
	where, args := q.filter()
	if q.Before > 0 {
		where = append(where, "i.id<?")
		args = append(args, q.Before)
	}
	args = append(args, q.limit())
	return `SELECT ` + inboxCols + ` FROM inbox_items i WHERE ` + strings.Join(where, " AND ") +
		` ORDER BY i.id DESC LIMIT ?`, args
}

// InboxItem returns one item with its labels.
func (db *DB) InboxItem(ctx context.Context, id int64) (social.InboxItem, error) {
	items, err := db.inboxRows(ctx, `SELECT `+inboxCols+` FROM inbox_items i WHERE i.id=?`, id)
	if err != nil {
		return social.InboxItem{}, err
	}
	if len(items) == 0 {
		return social.InboxItem{}, notFound("inbox item", id)
	}
	return items[0], nil
}

// SearchInbox finds items whose author or text hold every word of query, newest first,
// among those q selects; done and snoozed items are included (search covers all history).
// Words followed by a space or punctuation are whole words; the last word, while it is
// still being typed (nothing after it), matches as a prefix: "order shi" finds "order
// shipped". FTS5 returns rowids in order, and ids grow with time, so no sort of the
// matches is needed. A query with no words is Inbox(q).
//
// Cost at 1,000,000 items: whole words ~0.2 ms. The word being typed is read from the
// FTS5 prefix index up to three characters, and beyond as an OR of the words it starts
// (inbox_terms, migration 0006), which FTS5 reads lazily: ~1 ms where a prefix term
// would merge every matching doclist first (50-100 ms for a common word). Only a prefix
// that starts more than maxExpansion words is left to FTS5's prefix merge.
func (db *DB) SearchInbox(ctx context.Context, query string, q InboxQuery) ([]social.InboxItem, error) {
	words, typing := searchWords(query)
	if len(words) == 0 {
		return db.Inbox(ctx, q)
	}
	var terms []string
	if typing {
		var ok bool
		var err error
		terms, ok, err = db.completions(ctx, words[len(words)-1])
		if err != nil {
			return nil, fmt.Errorf("read inbox: %w", err)
		}
		if ok && len(terms) == 0 {
			return nil, nil // no indexed word starts so
		}
	}
	query, args := q.searchSQL(matchExpr(words, typing, terms))
	return db.inboxRows(ctx, query, args...)
}

// Expansion limits of the word being typed: prefixes of up to prefixIndexed characters
// have their own entries in the FTS index (prefix='1 2 3'); beyond maxExpansion words an
// OR costs more than the prefix merge it would replace.
const (
	prefixIndexed = 3
	maxExpansion  = 64
)

// completions returns the indexed words that start with prefix, sorted, with ok true, or
// ok false when FTS5 should match the prefix itself: a prefix it indexes, one with more
// than maxExpansion words, or one with other than ASCII letters and digits, which
// inbox_terms holds case-folded and without diacritics in the tokenizer's own way.
func (db *DB) completions(ctx context.Context, prefix string) (terms []string, ok bool, err error) {
	if len(prefix) <= prefixIndexed {
		return nil, false, nil
	}
	lower := make([]byte, len(prefix))
	for i := range len(prefix) {
		c := prefix[i]
		switch {
		case 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
		default:
			return nil, false, nil
		}
		lower[i] = c
	}
	hi := append([]byte(nil), lower...)
	hi[len(hi)-1]++ // letters and digits are below 0x7f: no carry
	rows, err := db.r.QueryContext(ctx, `SELECT term FROM inbox_terms WHERE term>=? AND term<? ORDER BY term LIMIT ?`,
		string(lower), string(hi), maxExpansion+1)
	if err != nil {
		return nil, false, fmt.Errorf("search words: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			return nil, false, err
		}
		terms = append(terms, t)
	}
	if err := rows.Err(); err != nil {
		return nil, false, err
	}
	if len(terms) > maxExpansion {
		return nil, false, nil
	}
	return terms, true, nil
}

// searchSQL is the query of SearchInbox for an FTS5 match expression.
func (q InboxQuery) searchSQL(match string) (string, []any) {
	q.All = true
	where, args := q.filter()
	where = append(where, "inbox_fts MATCH ?")
	args = append(args, match)
	if q.Before > 0 {
		where = append(where, "f.rowid<?")
		args = append(args, q.Before)
	}
	args = append(args, q.limit())
	// CROSS JOIN keeps the FTS table the outer loop, so matches come in rowid order and
	// the LIMIT stops the walk; the planner would otherwise be free to start from an
	// index on inbox_items and sort every match.
	return `SELECT ` + inboxCols + ` FROM inbox_fts f CROSS JOIN inbox_items i ON i.id=f.rowid
		WHERE ` + strings.Join(where, " AND ") + ` ORDER BY f.rowid DESC LIMIT ?`, args
}

// searchWords splits what a person types into words where the unicode61 tokenizer splits
// (its token characters are letters, numbers and private-use characters), so each word is
// exactly one token. typing is true when the input ends inside the last word.
func searchWords(s string) (words []string, typing bool) {
	words = strings.FieldsFunc(s, func(r rune) bool { return !isTokenRune(r) })
	r, _ := utf8.DecodeLastRuneInString(s)
	return words, len(words) > 0 && isTokenRune(r)
}

// matchExpr is the FTS5 query: each word a quoted term (so punctuation and FTS operators in
// the input cannot make a syntax error), all required; the word being typed is the OR of
// its completions when there are some, else a prefix term.
func matchExpr(words []string, typing bool, completions []string) string {
	parts := make([]string, len(words))
	for i, w := range words {
		parts[i] = `"` + w + `"`
	}
	if typing {
		last := &parts[len(parts)-1]
		if len(completions) == 0 {
			*last += "*"
		} else {
			*last = `("` + strings.Join(completions, `" OR "`) + `")`
		}
	}
	return strings.Join(parts, " AND ")
}

// ftsQuery is the FTS5 query of s without completions: the last word a prefix term while
// it is being typed.
func ftsQuery(s string) string {
	words, typing := searchWords(s)
	if len(words) == 0 {
		return ""
	}
	return matchExpr(words, typing, nil)
}

// isTokenRune reports whether the unicode61 tokenizer keeps r inside a token: its default
// categories "L* N* Co".
func isTokenRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.Is(unicode.Co, r)
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
		// "i.done=0" must stay spelled exactly so: it selects the partial indexes
		// inbox_open and inbox_open_client. The unary + keeps snoozed_until out of index
		// choice: otherwise a client's first page seeks inbox_open_counts (client_id,
		// snoozed_until) and sorts all its open items by id, 100+ ms at 100k items.
		where = append(where, "i.done=0", "+i.snoozed_until<=?")
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
		where = append(where, `EXISTS (SELECT 1 FROM inbox_labels il JOIN labels l ON l.id=il.label_id
			WHERE il.item_id=i.id AND l.client_id=i.client_id AND l.name=?)`)
		args = append(args, strings.TrimSpace(q.Label))
	}
	return where, args
}

func (db *DB) inboxRows(ctx context.Context, query string, args ...any) ([]social.InboxItem, error) {
	var out []social.InboxItem
	err := db.readTx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, query, args...)
		if err != nil {
			return err
		}
		defer rows.Close() // on early returns; closed before the labels query otherwise
		for rows.Next() {
			var it social.InboxItem
			var plat, kind string
			var created, snoozed int64
			var read, done int
			if err := rows.Scan(&it.ID, &it.AccountID, &it.ClientID, &plat, &it.RemoteID, &kind, &it.AuthorID,
				&it.AuthorHandle, &it.AuthorName, &it.Text, &it.URL, &it.ParentRemoteID, &it.ConversationID, &created,
				&read, &done, &snoozed); err != nil {
				return err
			}
			it.Platform, it.Kind = social.Platform(plat), social.InboxKind(kind)
			it.CreatedAt, it.SnoozedUntil = fromMs(created), fromMs(snoozed)
			it.Read, it.Done = read == 1, done == 1
			out = append(out, it)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		if err := rows.Close(); err != nil {
			return err
		}
		if err := fillLabels(ctx, tx, out); err != nil {
			return err
		}
		return fillActions(ctx, tx, out)
	})
	if err != nil {
		return nil, fmt.Errorf("read inbox: %w", err)
	}
	return out, nil
}

// fillActions sets each item's Like and Reply from the outbox: the newest like and reply
// target answering it from its account.
func fillActions(ctx context.Context, q querier, items []social.InboxItem) error {
	if len(items) == 0 {
		return nil
	}
	type key struct{ account, remote string }
	idx := make(map[key][]int, len(items))
	args := make([]any, 0, len(items))
	for i, it := range items {
		k := key{it.AccountID, it.RemoteID}
		if len(idx[k]) == 0 {
			args = append(args, it.RemoteID)
		}
		idx[k] = append(idx[k], i)
	}
	rows, err := q.QueryContext(ctx, `SELECT id, account_id, reply_to, kind, status, last_error FROM targets
		WHERE reply_to IN (`+strings.Repeat("?,", len(args)-1)+`?) AND kind IN ('like','reply') ORDER BY id`, args...)
	if err != nil {
		return fmt.Errorf("likes and replies: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var a social.Action
		var account, remote, kind, st string
		if err := rows.Scan(&a.TargetID, &account, &remote, &kind, &st, &a.Error); err != nil {
			return err
		}
		a.Status = social.Status(st)
		for _, i := range idx[key{account, remote}] {
			if kind == string(social.KindLike) {
				items[i].Like = a
			} else {
				items[i].Reply = a
			}
		}
	}
	return rows.Err()
}

func fillLabels(ctx context.Context, q querier, items []social.InboxItem) error {
	idx := make(map[int64]int, len(items))
	for i, it := range items {
		idx[it.ID] = i
	}
	for start := 0; start < len(items); start += idChunks {
		chunk := items[start:min(start+idChunks, len(items))]
		args := make([]any, len(chunk))
		for i, it := range chunk {
			args[i] = it.ID
		}
		rows, err := q.QueryContext(ctx, `SELECT il.item_id, l.name FROM inbox_labels il JOIN labels l ON l.id=il.label_id
			WHERE il.item_id IN (`+placeholders(len(chunk))+`) ORDER BY l.name`, args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id int64
			var name string
			if err := rows.Scan(&id, &name); err != nil {
				rows.Close()
				return err
			}
			items[idx[id]].Labels = append(items[idx[id]].Labels, name)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}

// placeholders returns "?,?,…,?" with n marks (n > 0).
func placeholders(n int) string {
	return strings.Repeat("?,", n-1) + "?"
}

// SetDone marks items done (archived) or open again. Done items are read too.
func (db *DB) SetDone(ctx context.Context, done bool, ids ...int64) error {
	return db.updateItems(ctx, "done=?, read=CASE WHEN ? THEN 1 ELSE read END", ids, boolInt(done), boolInt(done))
}

// SetRead marks items read or unread.
func (db *DB) SetRead(ctx context.Context, read bool, ids ...int64) error {
	return db.updateItems(ctx, "read=?", ids, boolInt(read))
}

// Snooze hides items until the given time; they come back on their own when it passes.
// The zero time wakes them now.
func (db *DB) Snooze(ctx context.Context, until time.Time, ids ...int64) error {
	return db.updateItems(ctx, "snoozed_until=?", ids, ms(until))
}

// updateItems applies set to items in one transaction, in chunks so any number of ids
// (a "select all, archive") stays under SQLite's limit on bound variables.
func (db *DB) updateItems(ctx context.Context, set string, ids []int64, args ...any) error {
	if len(ids) == 0 {
		return nil
	}
	err := db.tx(ctx, func(tx *sql.Tx) error {
		for start := 0; start < len(ids); start += idChunks {
			chunk := ids[start:min(start+idChunks, len(ids))]
			a := append([]any(nil), args...)
			for _, id := range chunk {
				a = append(a, id)
			}
			if _, err := tx.ExecContext(ctx, `UPDATE inbox_items SET `+set+` WHERE id IN (`+placeholders(len(chunk))+`)`, a...); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("update %d inbox items: %w", len(ids), err)
	}
	return nil
}

const openCountsSQL = `SELECT client_id, count(*) FROM inbox_items WHERE done=0 AND snoozed_until<=? GROUP BY client_id`

// OpenCounts returns the number of open inbox items per client: the "inbox zero" counter.
// Clients with nothing open are absent.
func (db *DB) OpenCounts(ctx context.Context, now time.Time) (map[string]int, error) {
	rows, err := db.r.QueryContext(ctx, openCountsSQL, ms(now))
	if err != nil {
		return nil, fmt.Errorf("count open inbox items: %w", err)
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
