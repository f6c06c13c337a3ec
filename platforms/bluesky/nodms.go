package bluesky

import (
	"context"
	"time"

	"github.com/chorus-social/chorus/platforms"
	"github.com/chorus-social/chorus/social"
)

// The methods of noDMs forward to the adapter: everything but FetchDMs and SendDM.

// Info describes Bluesky without direct messages.
func (n noDMs) Info() platforms.Info { return n.ad.Info() }

// Publish is Adapter.Publish.
func (n noDMs) Publish(ctx context.Context, a social.Account, p platforms.Publishable) (platforms.Published, error) {
	return n.ad.Publish(ctx, a, p)
}

// Login is Adapter.Login.
func (n noDMs) Login(ctx context.Context, a *social.Account, ui platforms.LoginUI) error {
	return n.ad.Login(ctx, a, ui)
}

// Verify is Adapter.Verify.
func (n noDMs) Verify(ctx context.Context, a *social.Account) error { return n.ad.Verify(ctx, a) }

// FetchInbox is Adapter.FetchInbox.
func (n noDMs) FetchInbox(ctx context.Context, a social.Account, cursor string) (platforms.InboxPage, error) {
	return n.ad.FetchInbox(ctx, a, cursor)
}

// Reply is Adapter.Reply.
func (n noDMs) Reply(ctx context.Context, a social.Account, to string, p platforms.Publishable) (platforms.Published, error) {
	return n.ad.Reply(ctx, a, to, p)
}

// Like is Adapter.Like.
func (n noDMs) Like(ctx context.Context, a social.Account, remoteID string) error {
	return n.ad.Like(ctx, a, remoteID)
}

// Thread is Adapter.Thread.
func (n noDMs) Thread(ctx context.Context, a social.Account, remoteID string) ([]social.InboxItem, error) {
	return n.ad.Thread(ctx, a, remoteID)
}

// AccountMetrics is Adapter.AccountMetrics.
func (n noDMs) AccountMetrics(ctx context.Context, a social.Account) ([]social.MetricPoint, error) {
	return n.ad.AccountMetrics(ctx, a)
}

// PostMetrics is Adapter.PostMetrics.
func (n noDMs) PostMetrics(ctx context.Context, a social.Account, ids []string) ([]social.MetricPoint, error) {
	return n.ad.PostMetrics(ctx, a, ids)
}

// FindPublished is Adapter.FindPublished.
func (n noDMs) FindPublished(ctx context.Context, a social.Account, key string, since time.Time) (platforms.Published, bool, error) {
	return n.ad.FindPublished(ctx, a, key, since)
}
