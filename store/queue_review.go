package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/chorus-social/chorus/social"
)

// ApprovePost takes a post out of review: each target in review is scheduled when it has a
// due time (the time it was planned or queued for) and approved otherwise, and the post's
// own status follows (scheduled if any target is). It fails for a post not in review, so
// a second approval says so instead of passing silently.
func (db *DB) ApprovePost(ctx context.Context, id int64) (social.Post, error) {
	err := db.namedTx(ctx, fmt.Sprintf("approve post %d", id), func(tx *sql.Tx) error {
		var st string
		var inReview int
		err := tx.QueryRowContext(ctx, `SELECT status, (SELECT count(*) FROM targets WHERE post_id=posts.id
			AND status='review') FROM posts WHERE id=?`, id).Scan(&st, &inReview)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("post", id)
		}
		if err != nil {
			return fmt.Errorf("approve post %d: %w", id, err)
		}
		if inReview == 0 && st != string(social.StatusReview) {
			return fmt.Errorf("post %d is %s, not in review: there is nothing to approve", id, st)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE targets SET status=CASE WHEN due_at<>0 THEN 'scheduled' ELSE 'approved' END,
			not_before=0, last_error='' WHERE post_id=? AND status='review'`, id); err != nil {
			return fmt.Errorf("approve post %d: %w", id, err)
		}
		_, err = tx.ExecContext(ctx, `UPDATE posts SET updated_at=?2, status=CASE WHEN EXISTS (SELECT 1 FROM targets
			WHERE post_id=?1 AND status='scheduled') THEN 'scheduled' ELSE 'approved' END WHERE id=?1`, id, ms(time.Now()))
		if err != nil {
			return fmt.Errorf("approve post %d: %w", id, err)
		}
		return nil
	})
	if err != nil {
		return social.Post{}, err
	}
	return db.Post(ctx, id)
}
