package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/chorus-social/chorus/social"
)

// NewIdemKey returns a fresh idempotency key: 128 random bits, hex.
func NewIdemKey() string {
	var b [16]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// CreatePost saves a new post with its parts, media and targets in one transaction and
// fills in the ids. Targets without an idempotency key get one now; it never changes after.
func (db *DB) CreatePost(ctx context.Context, p *social.Post) error {
	now := time.Now()
	if p.CreatedAt.IsZero() {
		p.CreatedAt = now
	}
	p.UpdatedAt = now
	if p.Status == "" {
		p.Status = social.StatusDraft
	}
	return db.namedTx(ctx, "save post", func(tx *sql.Tx) error {
		return insertPost(ctx, tx, p)
	})
}

// CreatePosts saves many posts in one transaction (imports, seeding).
func (db *DB) CreatePosts(ctx context.Context, posts []*social.Post) error {
	now := time.Now()
	return db.namedTx(ctx, fmt.Sprintf("save %d posts", len(posts)), func(tx *sql.Tx) error {
		for _, p := range posts {
			if p.CreatedAt.IsZero() {
				p.CreatedAt = now
			}
			if p.UpdatedAt.IsZero() {
				p.UpdatedAt = p.CreatedAt
			}
			if p.Status == "" {
				p.Status = social.StatusDraft
			}
			if err := insertPost(ctx, tx, p); err != nil {
				return err
			}
		}
		return nil
	})
}

func insertPost(ctx context.Context, tx *sql.Tx, p *social.Post) error {
	if len(p.Parts) == 0 {
		return fmt.Errorf("post for client %q has no text", p.ClientID)
	}
	if !p.Status.Valid() {
		return fmt.Errorf("post for client %q: unknown status %q", p.ClientID, p.Status)
	}
	if err := checkClient(ctx, tx, p.ClientID); err != nil {
		return fmt.Errorf("save post: %w", err)
	}
	camp, err := checkCampaign(ctx, tx, p.ClientID, p.CampaignID)
	if err != nil {
		return fmt.Errorf("save post: %w", err)
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO posts (client_id, campaign_id, status, notes, created_at, updated_at,
		lang, content_warning, visibility) VALUES (?,?,?,?,?,?,?,?,?)`, p.ClientID, camp, string(p.Status), p.Notes,
		ms(p.CreatedAt), ms(p.UpdatedAt), p.Lang, p.ContentWarning, p.Visibility)
	if err != nil {
		return fmt.Errorf("save post for client %q: %w", p.ClientID, err)
	}
	if p.ID, err = res.LastInsertId(); err != nil {
		return err
	}
	if err := insertParts(ctx, tx, p); err != nil {
		return err
	}
	for i := range p.Targets {
		t := &p.Targets[i]
		t.PostID = p.ID
		if err := insertTarget(ctx, tx, p.ClientID, t); err != nil {
			return err
		}
	}
	return nil
}

// checkClient gives a plain message for a post or label of a client that does not exist,
// instead of SQLite's "FOREIGN KEY constraint failed".
func checkClient(ctx context.Context, tx *sql.Tx, clientID string) error {
	if clientID == "" {
		return fmt.Errorf("no client given")
	}
	var one int
	err := tx.QueryRowContext(ctx, `SELECT 1 FROM clients WHERE id=?`, clientID).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("no client %q (add it with `chorus clients add`)", clientID)
	}
	return err
}

// checkCampaign returns the campaign id to store (nil for none) after checking it exists
// and belongs to the client.
func checkCampaign(ctx context.Context, tx *sql.Tx, clientID string, id int64) (any, error) {
	if id == 0 {
		return nil, nil
	}
	var owner string
	err := tx.QueryRowContext(ctx, `SELECT client_id FROM campaigns WHERE id=?`, id).Scan(&owner)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("no campaign %d", id)
	}
	if err != nil {
		return nil, err
	}
	if owner != clientID {
		return nil, fmt.Errorf("campaign %d belongs to client %q, not %q", id, owner, clientID)
	}
	return id, nil
}

func insertParts(ctx context.Context, tx *sql.Tx, p *social.Post) error {
	for i, part := range p.Parts {
		if _, err := tx.ExecContext(ctx, `INSERT INTO post_parts (post_id, idx, text) VALUES (?,?,?)`, p.ID, i, part.Text); err != nil {
			return fmt.Errorf("save part %d of post %d: %w", i, p.ID, err)
		}
		for j := range part.Media {
			m := &p.Parts[i].Media[j]
			res, err := tx.ExecContext(ctx, `INSERT INTO media (post_id, part, path, mime, alt, width, height, size)
				VALUES (?,?,?,?,?,?,?,?)`, p.ID, i, m.Path, m.Mime, m.Alt, m.Width, m.Height, m.Size)
			if err != nil {
				return fmt.Errorf("save media %s of post %d: %w", m.Path, p.ID, err)
			}
			if m.ID, err = res.LastInsertId(); err != nil {
				return err
			}
		}
	}
	return nil
}

func validKind(k social.TargetKind) bool {
	switch k {
	case social.KindPost, social.KindReply, social.KindLike, social.KindDM:
		return true
	}
	return false
}

// insertTarget saves a new target of a post of clientID. The account must exist and
// belong to the same client: a post of one client must never go out on another's account.
func insertTarget(ctx context.Context, tx *sql.Tx, clientID string, t *social.Target) error {
	if t.Kind == "" {
		t.Kind = social.KindPost
	}
	if t.Status == "" {
		t.Status = social.StatusDraft
	}
	switch {
	case !validKind(t.Kind):
		return fmt.Errorf("target on %s: unknown kind %q", t.AccountID, t.Kind)
	case !t.Status.Valid():
		return fmt.Errorf("target on %s: unknown status %q", t.AccountID, t.Status)
	case t.Status == social.StatusPublishing:
		return fmt.Errorf("target on %s: status %s is set by the publisher only", t.AccountID, t.Status)
	case t.Status == social.StatusScheduled && t.DueAt.IsZero():
		return fmt.Errorf("target on %s: scheduled without a due time", t.AccountID)
	case t.Status == social.StatusPublished && t.RemoteID == "":
		return fmt.Errorf("target on %s: published without the platform's id (RemoteID)", t.AccountID)
	case t.Kind != social.KindPost && t.ReplyTo == "":
		return fmt.Errorf("target on %s: a %s needs the remote id it answers (ReplyTo)", t.AccountID, t.Kind)
	}
	var owner string
	err := tx.QueryRowContext(ctx, `SELECT client_id FROM accounts WHERE id=?`, t.AccountID).Scan(&owner)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("target: no account %q", t.AccountID)
	}
	if err != nil {
		return fmt.Errorf("target on %s: %w", t.AccountID, err)
	}
	if owner != clientID {
		return fmt.Errorf("target: account %q belongs to client %q, not to the post's client %q", t.AccountID, owner, clientID)
	}
	if t.IdemKey == "" {
		t.IdemKey = NewIdemKey()
	}
	variant, err := jsonList(t.Variant)
	if err != nil {
		return err
	}
	sent, err := jsonList(t.SentParts)
	if err != nil {
		return err
	}
	// The publisher's fields are written as given: zero for a new target, filled when a
	// history is imported (published posts with their remote ids, failed ones with errors).
	res, err := tx.ExecContext(ctx, `INSERT INTO targets (post_id, account_id, kind, variant, status, due_at,
		idem_key, reply_to, attempts, remote_id, remote_url, last_error, published_at, sent_parts)
		VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)`, t.PostID, t.AccountID, string(t.Kind), variant, string(t.Status),
		ms(t.DueAt), t.IdemKey, t.ReplyTo, t.Attempts, t.RemoteID, t.RemoteURL, t.LastError, ms(t.PublishedAt), sent)
	if isConstraint(err, codeUnique) {
		return fmt.Errorf("target on %s: idempotency key %s is used by another target", t.AccountID, t.IdemKey)
	}
	if err != nil {
		return fmt.Errorf("save target on %s: %w", t.AccountID, err)
	}
	t.ID, err = res.LastInsertId()
	return err
}

// UpdatePost replaces a post's parts, media, campaign, status and notes (an empty Status
// keeps the stored one). Of p.Targets, those with an id get their variant saved if they
// are still editable (not publishing or published); those without an id are added.
// Targets not in p.Targets are left alone (DeleteTarget removes one). While a target of
// the post is being published the post cannot change: the publisher holds its text.
func (db *DB) UpdatePost(ctx context.Context, p *social.Post) error {
	if len(p.Parts) == 0 {
		return fmt.Errorf("post %d has no text", p.ID)
	}
	if p.Status != "" && !p.Status.Valid() {
		return fmt.Errorf("post %d: unknown status %q", p.ID, p.Status)
	}
	p.UpdatedAt = time.Now()
	return db.namedTx(ctx, fmt.Sprintf("update post %d", p.ID), func(tx *sql.Tx) error {
		var clientID string
		var busy int
		err := tx.QueryRowContext(ctx, `SELECT client_id,
			(SELECT count(*) FROM targets WHERE post_id=posts.id AND `+busyTarget+`) FROM posts WHERE id=?`,
			p.ID).Scan(&clientID, &busy)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("post", p.ID)
		}
		if err != nil {
			return fmt.Errorf("update post %d: %w", p.ID, err)
		}
		if busy > 0 {
			return fmt.Errorf("post %d is being published right now or waits on the platform (`chorus withdraw` it first); try again in a moment", p.ID)
		}
		p.ClientID = clientID
		camp, err := checkCampaign(ctx, tx, clientID, p.CampaignID)
		if err != nil {
			return fmt.Errorf("update post %d: %w", p.ID, err)
		}
		var st string
		if err := tx.QueryRowContext(ctx, `UPDATE posts SET campaign_id=?, status=coalesce(nullif(?, ''), status),
			notes=?, updated_at=?, lang=?, content_warning=?, visibility=? WHERE id=? RETURNING status`,
			camp, string(p.Status), p.Notes, ms(p.UpdatedAt), p.Lang, p.ContentWarning, p.Visibility, p.ID).Scan(&st); err != nil {
			return fmt.Errorf("update post %d: %w", p.ID, err)
		}
		p.Status = social.Status(st)
		if _, err := tx.ExecContext(ctx, `DELETE FROM post_parts WHERE post_id=?`, p.ID); err != nil {
			return fmt.Errorf("update post %d: %w", p.ID, err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM media WHERE post_id=?`, p.ID); err != nil {
			return fmt.Errorf("update post %d: %w", p.ID, err)
		}
		if err := insertParts(ctx, tx, p); err != nil {
			return err
		}
		for i := range p.Targets {
			t := &p.Targets[i]
			if t.ID == 0 {
				t.PostID = p.ID
				if err := insertTarget(ctx, tx, clientID, t); err != nil {
					return err
				}
				continue
			}
			variant, err := jsonList(t.Variant)
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE targets SET variant=? WHERE id=? AND post_id=?
				AND status NOT IN ('publishing','published')`, variant, t.ID, p.ID); err != nil {
				return fmt.Errorf("update target %d: %w", t.ID, err)
			}
		}
		return nil
	})
}

// DeletePost removes a post and its targets. A target being published right now is not
// deleted: the post would go out with no record of it.
func (db *DB) DeletePost(ctx context.Context, id int64) error {
	return db.namedTx(ctx, fmt.Sprintf("delete post %d", id), func(tx *sql.Tx) error {
		var busy int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM targets WHERE post_id=? AND `+busyTarget, id).Scan(&busy); err != nil {
			return fmt.Errorf("delete post %d: %w", id, err)
		}
		if busy > 0 {
			return fmt.Errorf("post %d is being published right now or waits on the platform (`chorus withdraw` it first); try again in a moment", id)
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM posts WHERE id=?`, id)
		if err != nil {
			return fmt.Errorf("delete post %d: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound("post", id)
		}
		return nil
	})
}

// DeleteTarget removes one target of a post (an account taken off it). Published targets
// stay as the record of what went out, and one being published cannot be removed.
func (db *DB) DeleteTarget(ctx context.Context, id int64) error {
	return db.namedTx(ctx, fmt.Sprintf("delete target %d", id), func(tx *sql.Tx) error {
		var st string
		err := tx.QueryRowContext(ctx, `SELECT status FROM targets WHERE id=?`, id).Scan(&st)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("target", id)
		}
		if err != nil {
			return fmt.Errorf("delete target %d: %w", id, err)
		}
		switch social.Status(st) {
		case social.StatusPublishing:
			return fmt.Errorf("target %d is being published right now or waits on the platform (`chorus withdraw` it first); try again in a moment", id)
		case social.StatusPublished:
			return fmt.Errorf("target %d is published; it stays as the record of what went out", id)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM targets WHERE id=?`, id); err != nil {
			return fmt.Errorf("delete target %d: %w", id, err)
		}
		return nil
	})
}

// Post returns a post with its parts, media and targets, read in one snapshot.
func (db *DB) Post(ctx context.Context, id int64) (social.Post, error) {
	var p social.Post
	err := db.readTx(ctx, func(tx *sql.Tx) error {
		var camp sql.NullInt64
		var st string
		var created, updated int64
		err := tx.QueryRowContext(ctx, `SELECT id, client_id, campaign_id, status, notes, created_at, updated_at,
			lang, content_warning, visibility FROM posts WHERE id=?`, id).Scan(&p.ID, &p.ClientID, &camp, &st, &p.Notes,
			&created, &updated, &p.Lang, &p.ContentWarning, &p.Visibility)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("post", id)
		}
		if err != nil {
			return fmt.Errorf("read post %d: %w", id, err)
		}
		p.CampaignID, p.Status, p.CreatedAt, p.UpdatedAt = camp.Int64, social.Status(st), fromMs(created), fromMs(updated)
		if p.Parts, err = parts(ctx, tx, id); err != nil {
			return fmt.Errorf("read post %d: %w", id, err)
		}
		if p.Targets, err = targetsOf(ctx, tx, id); err != nil {
			return fmt.Errorf("read post %d: %w", id, err)
		}
		return nil
	})
	return p, err
}

type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func parts(ctx context.Context, q querier, postID int64) ([]social.Part, error) {
	rows, err := q.QueryContext(ctx, `SELECT text FROM post_parts WHERE post_id=? ORDER BY idx`, postID)
	if err != nil {
		return nil, err
	}
	var parts []social.Part
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			rows.Close()
			return nil, err
		}
		parts = append(parts, social.Part{Text: t})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	mrows, err := q.QueryContext(ctx, `SELECT id, part, path, mime, alt, width, height, size FROM media
		WHERE post_id=? ORDER BY part, id`, postID)
	if err != nil {
		return nil, err
	}
	defer mrows.Close()
	for mrows.Next() {
		var m social.Media
		var part int
		if err := mrows.Scan(&m.ID, &part, &m.Path, &m.Mime, &m.Alt, &m.Width, &m.Height, &m.Size); err != nil {
			return nil, err
		}
		if part >= 0 && part < len(parts) {
			parts[part].Media = append(parts[part].Media, m)
		}
	}
	return parts, mrows.Err()
}

const targetCols = `id, post_id, account_id, kind, variant, status, due_at, idem_key, attempts,
	lease_until, reply_to, remote_id, remote_url, last_error, published_at, sent_parts, server_ref`

// targetColsT is targetCols qualified with the alias t, for queries that join targets
// with tables sharing column names (posts.status, accounts.remote_id).
const targetColsT = `t.id, t.post_id, t.account_id, t.kind, t.variant, t.status, t.due_at, t.idem_key, t.attempts,
	t.lease_until, t.reply_to, t.remote_id, t.remote_url, t.last_error, t.published_at, t.sent_parts, t.server_ref`

func targetsOf(ctx context.Context, q querier, postID int64) ([]social.Target, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+targetCols+` FROM targets WHERE post_id=? ORDER BY id`, postID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []social.Target
	for rows.Next() {
		t, err := scanTarget(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// Target returns one target.
func (db *DB) Target(ctx context.Context, id int64) (social.Target, error) {
	t, err := scanTarget(db.r.QueryRowContext(ctx, `SELECT `+targetCols+` FROM targets WHERE id=?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return t, notFound("target", id)
	}
	if err != nil {
		return t, fmt.Errorf("read target %d: %w", id, err)
	}
	return t, nil
}

func scanTarget(s scanner, extra ...any) (social.Target, error) {
	var t social.Target
	var kind, variant, st, sent string
	var due, lease, pub int64
	dest := append([]any{&t.ID, &t.PostID, &t.AccountID, &kind, &variant, &st, &due, &t.IdemKey, &t.Attempts,
		&lease, &t.ReplyTo, &t.RemoteID, &t.RemoteURL, &t.LastError, &pub, &sent, &t.ServerRef}, extra...)
	if err := s.Scan(dest...); err != nil {
		return t, err
	}
	t.Kind, t.Status = social.TargetKind(kind), social.Status(st)
	t.DueAt, t.LeaseUntil, t.PublishedAt = fromMs(due), fromMs(lease), fromMs(pub)
	var err error
	if t.Variant, err = parseList(variant); err != nil {
		return t, fmt.Errorf("target %d variant: %w", t.ID, err)
	}
	if t.SentParts, err = parseList(sent); err != nil {
		return t, fmt.Errorf("target %d sent parts: %w", t.ID, err)
	}
	return t, nil
}

func jsonList(v []string) (string, error) {
	if len(v) == 0 {
		return "", nil
	}
	b, err := json.Marshal(v)
	return string(b), err
}

func parseList(s string) ([]string, error) {
	if s == "" || s == "null" {
		return nil, nil
	}
	var v []string
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		return nil, fmt.Errorf("stored list %q: %w", s, err)
	}
	return v, nil
}
