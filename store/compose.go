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

// Composed is a post as the composer holds it: the post with the whole set of its
// targets, and what the composer's "when" field held, so a draft reopened later shows the
// input as it was left.
type Composed struct {
	Post social.Post
	When string
}

// composerStatus reports whether s is a status the composer may give a post and its
// targets. Publishing, published and failed are the publisher's to set.
func composerStatus(s social.Status) bool {
	switch s {
	case social.StatusIdea, social.StatusDraft, social.StatusReview, social.StatusApproved,
		social.StatusScheduled, social.StatusPaused:
		return true
	}
	return false
}

// SaveComposed saves the composer's post in one transaction. With Post.ID 0 it creates
// the post and fills in the ids. Otherwise it replaces the post's parts, media, options and
// status, and makes its targets exactly Post.Targets, matched by account: an account no
// longer listed loses its target, a new one gets a target (with an idempotency key that
// never changes after), and those kept take the given variant, status and due time.
// Every target takes the post's status. A post with a target that is being published, is
// published, or is held by the platform cannot be changed here: what went out must stay
// the record of what went out.
func (db *DB) SaveComposed(ctx context.Context, c *Composed) error {
	p := &c.Post
	if len(p.Parts) == 0 {
		return fmt.Errorf("post for client %q has no parts", p.ClientID)
	}
	if !composerStatus(p.Status) {
		return fmt.Errorf("post for client %q: status %q cannot be set in the composer", p.ClientID, p.Status)
	}
	for i := range p.Targets {
		if p.Targets[i].Status == "" {
			p.Targets[i].Status = p.Status
		}
		if p.Targets[i].Kind != "" && p.Targets[i].Kind != social.KindPost {
			return fmt.Errorf("target on %s: the composer writes posts, not %ss", p.Targets[i].AccountID, p.Targets[i].Kind)
		}
	}
	now := time.Now()
	p.UpdatedAt = now
	if p.ID == 0 {
		for _, t := range p.Targets {
			if !composerStatus(t.Status) {
				return fmt.Errorf("target on %s: status %q cannot be set in the composer", t.AccountID, t.Status)
			}
		}
		if p.CreatedAt.IsZero() {
			p.CreatedAt = now
		}
		given := make([]string, len(p.Targets))
		for i, t := range p.Targets {
			given[i] = t.IdemKey
		}
		err := db.namedTx(ctx, "save post", func(tx *sql.Tx) error {
			if err := insertPost(ctx, tx, p); err != nil {
				return err
			}
			return putWhen(ctx, tx, p.ID, c.When, now)
		})
		if err != nil {
			// The ids came from a transaction that rolled back: a caller keeping them
			// would later update a post that does not exist.
			forgetIDs(p, given)
		}
		return err
	}
	return db.namedTx(ctx, fmt.Sprintf("save post %d", p.ID), func(tx *sql.Tx) error {
		if err := updateComposed(ctx, tx, p); err != nil {
			return err
		}
		return putWhen(ctx, tx, p.ID, c.When, now)
	})
}

// forgetIDs undoes what a failed insert filled in: the ids, and the idempotency keys
// made for targets that came without one (keys are given out once, by a saved target).
func forgetIDs(p *social.Post, keys []string) {
	p.ID = 0
	for i := range p.Targets {
		p.Targets[i].ID, p.Targets[i].PostID, p.Targets[i].IdemKey = 0, 0, keys[i]
	}
	for i := range p.Parts {
		for j := range p.Parts[i].Media {
			p.Parts[i].Media[j].ID = 0
		}
	}
}

func updateComposed(ctx context.Context, tx *sql.Tx, p *social.Post) error {
	var clientID string
	err := tx.QueryRowContext(ctx, `SELECT client_id FROM posts WHERE id=?`, p.ID).Scan(&clientID)
	if errors.Is(err, sql.ErrNoRows) {
		return notFound("post", p.ID)
	}
	if err != nil {
		return fmt.Errorf("save post %d: %w", p.ID, err)
	}
	p.ClientID = clientID
	old, err := targetsOf(ctx, tx, p.ID)
	if err != nil {
		return fmt.Errorf("save post %d: %w", p.ID, err)
	}
	if err := editable(p.ID, old); err != nil {
		return err
	}
	camp, err := checkCampaign(ctx, tx, clientID, p.CampaignID)
	if err != nil {
		return fmt.Errorf("save post %d: %w", p.ID, err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE posts SET campaign_id=?, status=?, notes=?, updated_at=?, lang=?,
		content_warning=?, visibility=? WHERE id=?`, camp, string(p.Status), p.Notes, ms(p.UpdatedAt), p.Lang,
		p.ContentWarning, p.Visibility, p.ID); err != nil {
		return fmt.Errorf("save post %d: %w", p.ID, err)
	}
	for _, q := range []string{`DELETE FROM post_parts WHERE post_id=?`, `DELETE FROM media WHERE post_id=?`} {
		if _, err := tx.ExecContext(ctx, q, p.ID); err != nil {
			return fmt.Errorf("save post %d: %w", p.ID, err)
		}
	}
	if err := insertParts(ctx, tx, p); err != nil {
		return err
	}
	byAccount := map[string]social.Target{}
	for _, t := range old {
		byAccount[t.AccountID] = t
	}
	for i := range p.Targets {
		t := &p.Targets[i]
		t.PostID = p.ID
		had, ok := byAccount[t.AccountID]
		if t.Status != had.Status && !composerStatus(t.Status) {
			return fmt.Errorf("target on %s: status %q cannot be set in the composer", t.AccountID, t.Status)
		}
		if !ok {
			t.ID, t.IdemKey = 0, ""
			if err := insertTarget(ctx, tx, clientID, t); err != nil {
				return err
			}
			continue
		}
		delete(byAccount, t.AccountID)
		if err := updateComposedTarget(ctx, tx, had, t); err != nil {
			return err
		}
	}
	for _, gone := range byAccount {
		if _, err := tx.ExecContext(ctx, `DELETE FROM targets WHERE id=?`, gone.ID); err != nil {
			return fmt.Errorf("remove %s from post %d: %w", gone.AccountID, p.ID, err)
		}
	}
	return nil
}

// editable refuses a post that has gone out, or is going out, on any of its accounts.
func editable(postID int64, targets []social.Target) error {
	for _, t := range targets {
		switch {
		case t.Kind != social.KindPost:
			return fmt.Errorf("post %d is a %s from the inbox, not a post to compose", postID, t.Kind)
		case t.Status == social.StatusPublished:
			return fmt.Errorf("post %d went out on %s; what went out cannot be changed", postID, t.AccountID)
		case t.Status == social.StatusPublishing:
			return fmt.Errorf("post %d is being published on %s right now; try again in a moment", postID, t.AccountID)
		case t.ServerRef != "":
			return fmt.Errorf("post %d waits on %s to publish it; take it back first with `chorus withdraw %d`", postID, t.AccountID, t.ID)
		}
	}
	return nil
}

// updateComposedTarget writes the composer's variant, status and due time over a kept
// target; its id and idempotency key stay. Scheduling it clears the back-off and the last
// error of an earlier failure, as ScheduleTarget does.
func updateComposedTarget(ctx context.Context, tx *sql.Tx, had social.Target, t *social.Target) error {
	if t.Status == social.StatusScheduled && t.DueAt.IsZero() {
		return fmt.Errorf("target on %s: scheduled without a due time", t.AccountID)
	}
	variant, err := jsonList(t.Variant)
	if err != nil {
		return err
	}
	set := `variant=?, status=?, due_at=?`
	if t.Status == social.StatusScheduled {
		set += `, not_before=0, last_error=''`
	}
	if _, err := tx.ExecContext(ctx, `UPDATE targets SET `+set+` WHERE id=?`,
		variant, string(t.Status), ms(t.DueAt), had.ID); err != nil {
		return fmt.Errorf("update target %d on %s: %w", had.ID, t.AccountID, err)
	}
	t.ID, t.IdemKey, t.Kind = had.ID, had.IdemKey, had.Kind
	return nil
}

func putWhen(ctx context.Context, tx *sql.Tx, postID int64, when string, now time.Time) error {
	var err error
	if strings.TrimSpace(when) == "" {
		_, err = tx.ExecContext(ctx, `DELETE FROM compose_state WHERE post_id=?`, postID)
	} else {
		_, err = tx.ExecContext(ctx, `INSERT INTO compose_state (post_id, when_input, updated_at) VALUES (?,?,?)
			ON CONFLICT(post_id) DO UPDATE SET when_input=excluded.when_input, updated_at=excluded.updated_at`,
			postID, when, ms(now))
	}
	if err != nil {
		return fmt.Errorf("save the when of post %d: %w", postID, err)
	}
	return nil
}

// Composed returns a post as the composer left it: the post with its parts, media and
// targets, and the input of its "when" field ("" when it never had one, e.g. a post made
// with `chorus post`).
func (db *DB) Composed(ctx context.Context, id int64) (Composed, error) {
	p, err := db.Post(ctx, id)
	if err != nil {
		return Composed{}, err
	}
	c := Composed{Post: p}
	err = db.r.QueryRowContext(ctx, `SELECT when_input FROM compose_state WHERE post_id=?`, id).Scan(&c.When)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return Composed{}, fmt.Errorf("read the when of post %d: %w", id, err)
	}
	return c, nil
}

// PlanningRow is a post still being planned (an idea, a draft, in review or approved), as
// the composer's drafts list shows it.
type PlanningRow struct {
	PostID    int64
	Status    social.Status
	Text      string // the first part
	Parts     int
	Targets   int
	UpdatedAt time.Time
}

// PlanningPosts returns a client's posts still being planned, last edited first: the
// composer's drafts list. Ideas have no targets, so the calendar never shows them; this is
// where they are found again.
func (db *DB) PlanningPosts(ctx context.Context, clientID string, limit int) ([]PlanningRow, error) {
	if limit <= 0 {
		limit = 50
	}
	rows, err := db.r.QueryContext(ctx, `SELECT p.id, p.status, p.updated_at,
		coalesce((SELECT text FROM post_parts pp WHERE pp.post_id=p.id AND pp.idx=0), ''),
		(SELECT count(*) FROM post_parts pp WHERE pp.post_id=p.id),
		(SELECT count(*) FROM targets t WHERE t.post_id=p.id)
		FROM posts p WHERE p.client_id=? AND p.status IN ('idea', 'draft', 'review', 'approved')
		AND NOT EXISTS (SELECT 1 FROM targets t WHERE t.post_id=p.id AND t.kind<>'post')
		ORDER BY p.updated_at DESC, p.id DESC LIMIT ?`, clientID, limit)
	if err != nil {
		return nil, fmt.Errorf("read the drafts of %s: %w", clientID, err)
	}
	defer rows.Close()
	var out []PlanningRow
	for rows.Next() {
		var r PlanningRow
		var st string
		var updated int64
		if err := rows.Scan(&r.PostID, &st, &updated, &r.Text, &r.Parts, &r.Targets); err != nil {
			return nil, fmt.Errorf("read the drafts of %s: %w", clientID, err)
		}
		r.Status, r.UpdatedAt = social.Status(st), fromMs(updated)
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read the drafts of %s: %w", clientID, err)
	}
	return out, nil
}
