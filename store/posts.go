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
	if len(p.Parts) == 0 {
		return fmt.Errorf("post has no text")
	}
	now := time.Now()
	if p.CreatedAt.IsZero() {
		p.CreatedAt = now
	}
	p.UpdatedAt = now
	if p.Status == "" {
		p.Status = social.StatusDraft
	}
	return db.tx(ctx, func(tx *sql.Tx) error {
		return insertPost(ctx, tx, p)
	})
}

// CreatePosts saves many posts in one transaction (imports, seeding).
func (db *DB) CreatePosts(ctx context.Context, posts []*social.Post) error {
	now := time.Now()
	return db.tx(ctx, func(tx *sql.Tx) error {
		for _, p := range posts {
			if len(p.Parts) == 0 {
				return fmt.Errorf("post has no text")
			}
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
	var camp any
	if p.CampaignID != 0 {
		camp = p.CampaignID
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO posts (client_id, campaign_id, status, notes, created_at, updated_at)
		VALUES (?,?,?,?,?,?)`, p.ClientID, camp, string(p.Status), p.Notes, ms(p.CreatedAt), ms(p.UpdatedAt))
	if err != nil {
		return fmt.Errorf("save post: %w", err)
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
		if err := insertTarget(ctx, tx, t); err != nil {
			return err
		}
	}
	return nil
}

func insertParts(ctx context.Context, tx *sql.Tx, p *social.Post) error {
	for i, part := range p.Parts {
		if _, err := tx.ExecContext(ctx, `INSERT INTO post_parts (post_id, idx, text) VALUES (?,?,?)`, p.ID, i, part.Text); err != nil {
			return fmt.Errorf("save post part: %w", err)
		}
		for j := range part.Media {
			m := &p.Parts[i].Media[j]
			res, err := tx.ExecContext(ctx, `INSERT INTO media (post_id, part, path, mime, alt, width, height, size)
				VALUES (?,?,?,?,?,?,?,?)`, p.ID, i, m.Path, m.Mime, m.Alt, m.Width, m.Height, m.Size)
			if err != nil {
				return fmt.Errorf("save media: %w", err)
			}
			m.ID, _ = res.LastInsertId()
		}
	}
	return nil
}

func insertTarget(ctx context.Context, tx *sql.Tx, t *social.Target) error {
	if t.Kind == "" {
		t.Kind = social.KindPost
	}
	if t.Status == "" {
		t.Status = social.StatusDraft
	}
	if t.IdemKey == "" {
		t.IdemKey = NewIdemKey()
	}
	variant, err := jsonList(t.Variant)
	if err != nil {
		return err
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO targets (post_id, account_id, kind, variant, status, due_at, idem_key, reply_to)
		VALUES (?,?,?,?,?,?,?,?)`, t.PostID, t.AccountID, string(t.Kind), variant, string(t.Status), ms(t.DueAt), t.IdemKey, t.ReplyTo)
	if err != nil {
		return fmt.Errorf("save target on %s: %w", t.AccountID, err)
	}
	t.ID, err = res.LastInsertId()
	return err
}

// UpdatePost replaces a post's parts, media, status and notes. Targets are left alone
// except those still editable (not publishing or published), whose variants follow.
func (db *DB) UpdatePost(ctx context.Context, p *social.Post) error {
	p.UpdatedAt = time.Now()
	return db.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE posts SET status=?, notes=?, updated_at=? WHERE id=?`,
			string(p.Status), p.Notes, ms(p.UpdatedAt), p.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound("post", p.ID)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM post_parts WHERE post_id=?`, p.ID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM media WHERE post_id=?`, p.ID); err != nil {
			return err
		}
		return insertParts(ctx, tx, p)
	})
}

// DeletePost removes a post and its targets. A target being published right now is not
// deleted: the post would go out with no record of it.
func (db *DB) DeletePost(ctx context.Context, id int64) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		var busy int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM targets WHERE post_id=? AND status='publishing'`, id).Scan(&busy); err != nil {
			return err
		}
		if busy > 0 {
			return fmt.Errorf("post %d is being published right now; try again in a moment", id)
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM posts WHERE id=?`, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound("post", id)
		}
		return nil
	})
}

// Post returns a post with its parts, media and targets.
func (db *DB) Post(ctx context.Context, id int64) (social.Post, error) {
	var p social.Post
	var camp sql.NullInt64
	var st string
	var created, updated int64
	err := db.r.QueryRowContext(ctx, `SELECT id, client_id, campaign_id, status, notes, created_at, updated_at
		FROM posts WHERE id=?`, id).Scan(&p.ID, &p.ClientID, &camp, &st, &p.Notes, &created, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return p, notFound("post", id)
	}
	if err != nil {
		return p, err
	}
	p.CampaignID, p.Status, p.CreatedAt, p.UpdatedAt = camp.Int64, social.Status(st), fromMs(created), fromMs(updated)
	if p.Parts, err = db.parts(ctx, db.r, id); err != nil {
		return p, err
	}
	p.Targets, err = db.targetsOf(ctx, id)
	return p, err
}

type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func (db *DB) parts(ctx context.Context, q querier, postID int64) ([]social.Part, error) {
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
	lease_until, reply_to, remote_id, remote_url, last_error, published_at, sent_parts`

func (db *DB) targetsOf(ctx context.Context, postID int64) ([]social.Target, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT `+targetCols+` FROM targets WHERE post_id=? ORDER BY id`, postID)
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
	return t, err
}

func scanTarget(s scanner) (social.Target, error) {
	var t social.Target
	var kind, variant, st, sent string
	var due, lease, pub int64
	err := s.Scan(&t.ID, &t.PostID, &t.AccountID, &kind, &variant, &st, &due, &t.IdemKey, &t.Attempts,
		&lease, &t.ReplyTo, &t.RemoteID, &t.RemoteURL, &t.LastError, &pub, &sent)
	if err != nil {
		return t, err
	}
	t.Kind, t.Status = social.TargetKind(kind), social.Status(st)
	t.DueAt, t.LeaseUntil, t.PublishedAt = fromMs(due), fromMs(lease), fromMs(pub)
	if t.Variant, err = parseList(variant); err != nil {
		return t, err
	}
	t.SentParts, err = parseList(sent)
	return t, err
}

func jsonList(v []string) (string, error) {
	if len(v) == 0 {
		return "", nil
	}
	b, err := json.Marshal(v)
	return string(b), err
}

func parseList(s string) ([]string, error) {
	if s == "" {
		return nil, nil
	}
	var v []string
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		return nil, fmt.Errorf("stored list %q: %w", s, err)
	}
	return v, nil
}
