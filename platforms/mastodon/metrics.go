package mastodon

import (
	"context"
	"errors"
	"net/url"

	"github.com/chorus-social/chorus/platforms"
	"github.com/chorus-social/chorus/social"
)

// statusBatch is how many statuses GET /api/v1/statuses takes at once (id[], 4.3+; the
// server's DEFAULT_STATUSES_LIMIT).
const statusBatch = 20

// AccountMetrics reports the account's followers, follows and statuses from
// verify_credentials.
func (ad *Adapter) AccountMetrics(ctx context.Context, a social.Account) ([]social.MetricPoint, error) {
	s, err := ad.session(ctx, a)
	if err != nil {
		return nil, err
	}
	me, err := s.verifyCredentials(ctx)
	if err != nil {
		return nil, err
	}
	at := ad.now().UTC()
	point := func(name string, v int64) social.MetricPoint {
		return social.MetricPoint{AccountID: a.ID, Name: name, Value: max(v, 0), At: at}
	}
	return []social.MetricPoint{
		point(social.MetricFollowers, me.FollowersCount),
		point(social.MetricFollowing, me.FollowingCount),
		point(social.MetricPosts, me.StatusesCount),
	}, nil
}

// PostMetrics reports replies, boosts, favourites and (4.5+) quotes of each status.
// Mastodon has no impressions. Statuses deleted meanwhile are left out. Statuses are
// fetched 20 at a time where the instance can (4.3+), else one by one.
func (ad *Adapter) PostMetrics(ctx context.Context, a social.Account, remoteIDs []string) ([]social.MetricPoint, error) {
	s, err := ad.session(ctx, a)
	if err != nil {
		return nil, err
	}
	var sts []status
	batched := true
	for start := 0; start < len(remoteIDs); start += statusBatch {
		ids := remoteIDs[start:min(start+statusBatch, len(remoteIDs))]
		var got []status
		if batched {
			_, err = s.get(ctx, "/api/v1/statuses", url.Values{"id[]": ids}, &got)
			var nf *platforms.NotFoundError
			if errors.As(err, &nf) {
				batched, err = false, nil // before 4.3: no such endpoint
			}
			if err != nil {
				return nil, err
			}
		}
		if !batched {
			if got, err = oneByOne(ctx, s, ids); err != nil {
				return nil, err
			}
		}
		sts = append(sts, got...)
	}
	at := ad.now().UTC()
	var out []social.MetricPoint
	for _, st := range sts {
		point := func(name string, v int64) social.MetricPoint {
			return social.MetricPoint{AccountID: a.ID, PostRemoteID: st.ID, Name: name, Value: max(v, 0), At: at}
		}
		out = append(out,
			point(social.MetricReplies, st.RepliesCount),
			point(social.MetricReposts, st.ReblogsCount),
			point(social.MetricLikes, st.FavouritesCount))
		if st.QuotesCount != nil {
			out = append(out, point(social.MetricQuotes, *st.QuotesCount))
		}
	}
	return out, nil
}

// oneByOne fetches statuses one request each, skipping deleted ones.
func oneByOne(ctx context.Context, s *session, ids []string) ([]status, error) {
	var out []status
	for _, id := range ids {
		st, err := s.status(ctx, id)
		var nf *platforms.NotFoundError
		switch {
		case errors.As(err, &nf):
			continue
		case err != nil:
			return nil, err
		}
		out = append(out, *st)
	}
	return out, nil
}
