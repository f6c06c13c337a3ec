package bluesky

import (
	"context"
	"errors"

	"github.com/chorus-social/chorus/platforms"
	"github.com/chorus-social/chorus/social"
)

// likeRecord is an app.bsky.feed.like record (lexicons/app/bsky/feed/like.json).
type likeRecord struct {
	Type      string    `json:"$type"`
	Subject   strongRef `json:"subject"`
	CreatedAt string    `json:"createdAt"`
}

// Like likes a post (an AT-URI, or its bsky.app link). The like's record key derives from
// the post, so a like already there is found and left alone: liking twice is not an error
// and makes no second notification. (The reference PDS would also replace a second like
// of the same post with another key: likes are unique per subject through its backlink
// check.)
func (ad *Adapter) Like(ctx context.Context, acct social.Account, remoteID string) error {
	u, err := ad.postURI(ctx, acct, remoteID)
	if err != nil {
		return err
	}
	s, err := ad.session(ctx, acct)
	if err != nil {
		return forAccount(acct, err)
	}
	rkey := likeRKey(u.String())
	_, err = ad.getRecord(ctx, acct, atURI{Repo: s.DID, Collection: collLike, RKey: rkey})
	var nf *platforms.NotFoundError
	if err == nil {
		return nil // liked already
	}
	if !errors.As(err, &nf) {
		return err
	}
	subject, err := ad.getRecord(ctx, acct, u)
	if err != nil {
		return err
	}
	rec := likeRecord{Type: collLike, Subject: subject.ref(), CreatedAt: ad.now().UTC().Format(timeFormat)}
	_, err = ad.createRecord(ctx, acct, s.DID, collLike, rkey, rec)
	return err
}
