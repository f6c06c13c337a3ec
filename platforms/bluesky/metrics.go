package bluesky

import (
	"context"
	"net/url"

	"github.com/chorus-social/chorus/platforms"
	"github.com/chorus-social/chorus/social"
)

// Metrics come from the AppView through the PDS: app.bsky.actor.getProfile for the account
// (followersCount, followsCount, postsCount) and app.bsky.feed.getPosts for posts
// (likeCount, repostCount, replyCount, quoteCount). Bluesky counts no views.

// metricNames are the metrics the adapter reports.
var metricNames = []string{
	social.MetricFollowers, social.MetricFollowing, social.MetricPosts,
	social.MetricLikes, social.MetricReposts, social.MetricReplies, social.MetricQuotes,
}

// getPostsMax is how many URIs app.bsky.feed.getPosts takes at once.
const getPostsMax = 25

// AccountMetrics returns the account's followers, following and posts now.
func (ad *Adapter) AccountMetrics(ctx context.Context, acct social.Account) ([]social.MetricPoint, error) {
	s, err := ad.session(ctx, acct)
	if err != nil {
		return nil, forAccount(acct, err)
	}
	var out struct {
		FollowersCount int64 `json:"followersCount"`
		FollowsCount   int64 `json:"followsCount"`
		PostsCount     int64 `json:"postsCount"`
	}
	if err := ad.call(ctx, acct, query("app.bsky.actor.getProfile", url.Values{"actor": {s.DID}}), &out); err != nil {
		return nil, err
	}
	now := ad.now().UTC()
	point := func(name string, v int64) social.MetricPoint {
		return social.MetricPoint{AccountID: acct.ID, Name: name, Value: v, At: now}
	}
	return []social.MetricPoint{
		point(social.MetricFollowers, out.FollowersCount),
		point(social.MetricFollowing, out.FollowsCount),
		point(social.MetricPosts, out.PostsCount),
	}, nil
}

// PostMetrics returns the current counts of the given posts. Posts the AppView does not
// know (deleted, or not indexed yet: it indexes asynchronously) are left out; ids that are
// no post URIs are refused.
func (ad *Adapter) PostMetrics(ctx context.Context, acct social.Account, remoteIDs []string) ([]social.MetricPoint, error) {
	var uris []string
	for _, id := range remoteIDs {
		u, ok := parseATURI(id)
		if !ok || u.Collection != collPost {
			return nil, &platforms.RejectedError{Reason: "not a Bluesky post: " + id}
		}
		uris = append(uris, id)
	}
	now := ad.now().UTC()
	var points []social.MetricPoint
	for start := 0; start < len(uris); start += getPostsMax {
		batch := uris[start:min(start+getPostsMax, len(uris))]
		var out struct {
			Posts []postView `json:"posts"`
		}
		if err := ad.call(ctx, acct, query("app.bsky.feed.getPosts", url.Values{"uris": batch}), &out); err != nil {
			return nil, err
		}
		for _, p := range out.Posts {
			for _, m := range []struct {
				name string
				v    *int64
			}{
				{social.MetricLikes, p.LikeCount}, {social.MetricReposts, p.RepostCount},
				{social.MetricReplies, p.ReplyCount}, {social.MetricQuotes, p.QuoteCount},
			} {
				var v int64
				if m.v != nil {
					v = *m.v
				}
				points = append(points, social.MetricPoint{AccountID: acct.ID, PostRemoteID: p.URI, Name: m.name, Value: v, At: now})
			}
		}
	}
	return points, nil
}
