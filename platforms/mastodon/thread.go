package mastodon

import (
	"context"
	"fmt"
	"net/http"

	"github.com/chorus-social/chorus/social"
)

// Thread returns the conversation around a status: its ancestors from the root down, the
// status itself, then its replies, as GET /api/v1/statuses/:id/context orders them
// (https://docs.joinmastodon.org/methods/statuses/#context). Each item's Kind says what
// it is to the account (see statusKind): the account's own statuses, and statuses not
// addressed to it, have an empty Kind, since no inbox kind means "ours".
func (ad *Adapter) Thread(ctx context.Context, a social.Account, remoteID string) ([]social.InboxItem, error) {
	s, err := ad.session(ctx, a)
	if err != nil {
		return nil, err
	}
	path, err := statusPath(remoteID)
	if err != nil {
		return nil, err
	}
	self, err := ad.selfID(ctx, s)
	if err != nil {
		return nil, err
	}
	st, err := s.status(ctx, remoteID)
	if err != nil {
		return nil, err
	}
	var c statusContext
	if _, err := s.get(ctx, path+"/context", nil, &c); err != nil {
		return nil, err
	}
	all := append(append(c.Ancestors, *st), c.Descendants...)
	items := make([]social.InboxItem, 0, len(all))
	for _, x := range all {
		items = append(items, statusItem(a, x, statusKind(x, self)))
	}
	return items, nil
}

// Like favourites a status (https://docs.joinmastodon.org/methods/statuses/#favourite).
// Favouriting twice is not an error on Mastodon, which makes the call safe to retry.
func (ad *Adapter) Like(ctx context.Context, a social.Account, remoteID string) error {
	s, err := ad.session(ctx, a)
	if err != nil {
		return err
	}
	path, err := statusPath(remoteID)
	if err != nil {
		return fmt.Errorf("favourite: %w", err)
	}
	r := request{method: http.MethodPost, path: path + "/favourite", idempotent: true}
	if _, err := s.do(ctx, r, nil); err != nil {
		return fmt.Errorf("favourite %s: %w", remoteID, err)
	}
	return nil
}
