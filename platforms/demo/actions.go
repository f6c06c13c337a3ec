package demo

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/chorus-social/chorus/platforms"
	"github.com/chorus-social/chorus/social"
)

// Reply answers the post with remote id to, idempotently by p.IdemKey as Publish does.
func (a *Adapter) Reply(ctx context.Context, acct social.Account, to string, p platforms.Publishable) (platforms.Published, error) {
	if to == "" {
		if err := a.check(ctx, acct); err != nil {
			return platforms.Published{}, err
		}
		return platforms.Published{}, &platforms.RejectedError{Reason: "reply to what? no post id given"}
	}
	p.ReplyTo = to
	return a.send(ctx, acct, 'r', p)
}

// SendDM sends a message into a conversation, idempotently by p.IdemKey.
func (a *Adapter) SendDM(ctx context.Context, acct social.Account, conversation string, p platforms.Publishable) (platforms.Published, error) {
	if conversation == "" {
		if err := a.check(ctx, acct); err != nil {
			return platforms.Published{}, err
		}
		return platforms.Published{}, &platforms.RejectedError{Reason: "no conversation given for the direct message"}
	}
	p.ReplyTo = conversation
	return a.send(ctx, acct, 'm', p)
}

// Like likes a post; liking it again changes nothing.
func (a *Adapter) Like(ctx context.Context, acct social.Account, remoteID string) error {
	if err := a.check(ctx, acct); err != nil {
		return err
	}
	if remoteID == "" {
		return &platforms.RejectedError{Reason: "like what? no post id given"}
	}
	a.mu.Lock()
	a.likes[acct.ID+"\x00"+remoteID] = true
	a.mu.Unlock()
	return nil
}

// Liked reports whether the account has liked remoteID through this adapter (for tests).
func (a *Adapter) Liked(acct social.Account, remoteID string) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.likes[acct.ID+"\x00"+remoteID]
}

// AccountMetrics returns the account's followers, following and posts now.
func (a *Adapter) AccountMetrics(ctx context.Context, acct social.Account) ([]social.MetricPoint, error) {
	if err := a.check(ctx, acct); err != nil {
		return nil, err
	}
	now := a.now().UTC()
	point := func(name string, v int64) social.MetricPoint {
		return social.MetricPoint{AccountID: acct.ID, Name: name, Value: v, At: now}
	}
	return []social.MetricPoint{
		point(social.MetricFollowers, a.gen.Followers(acct.ID, now)),
		point(social.MetricFollowing, a.gen.Following(acct.ID, now)),
		point(social.MetricPosts, a.gen.Posts(acct.ID, now)),
	}, nil
}

// PostMetrics returns the current numbers of the account's posts that the network knows:
// those published through this adapter and those of its history (ids with a time in
// them, as the seeder writes). Other ids are left out, as platforms leave out deleted posts.
func (a *Adapter) PostMetrics(ctx context.Context, acct social.Account, remoteIDs []string) ([]social.MetricPoint, error) {
	if err := a.check(ctx, acct); err != nil {
		return nil, err
	}
	now := a.now().UTC()
	var out []social.MetricPoint
	for _, id := range remoteIDs {
		at, ok := a.publishedAt(acct, id)
		if !ok {
			continue
		}
		for _, name := range PostMetricNames {
			out = append(out, social.MetricPoint{AccountID: acct.ID, PostRemoteID: id, Name: name,
				Value: a.gen.PostMetric(acct.ID, id, name, now.Sub(at)), At: now})
		}
	}
	return out, nil
}

// publishedAt returns when one of the account's posts went out, if the network knows it.
func (a *Adapter) publishedAt(acct social.Account, id string) (time.Time, bool) {
	a.mu.Lock()
	sp, ok := a.posts[id]
	a.mu.Unlock()
	if ok && sp.acct == acct.ID {
		return sp.at, true
	}
	rest, found := strings.CutPrefix(id, "demo-"+acct.ID+"-p")
	if !found {
		return time.Time{}, false
	}
	// Thread parts of history posts carry a "-n" suffix; they share the first part's time.
	rest, _, _ = strings.Cut(rest, "-")
	unix, err := strconv.ParseInt(rest, 10, 64)
	if err != nil {
		return time.Time{}, false
	}
	return time.Unix(unix, 0).UTC(), true
}

// FindPublished reports the post published from the account with key at or after since.
// Only this process's publishes are known; across processes the derived ids make a
// second publish with the same key return the first post anyway.
func (a *Adapter) FindPublished(ctx context.Context, acct social.Account, key string, since time.Time) (platforms.Published, bool, error) {
	if err := a.check(ctx, acct); err != nil {
		return platforms.Published{}, false, err
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	pub, ok := a.byKey[acct.ID+"\x00"+key]
	if !ok || pub.At.Before(since.Truncate(time.Second)) {
		return platforms.Published{}, false, nil
	}
	return pub, true, nil
}
