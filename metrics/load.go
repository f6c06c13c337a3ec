package metrics

import (
	"context"

	"github.com/chorus-social/chorus/social"
	"github.com/chorus-social/chorus/store"
)

// PostNames are the per-post numbers Load reads: the engagement, impressions and clicks.
var PostNames = append(append([]string{}, EngagementNames...), social.MetricImpressions, social.MetricClicks)

// Load reads the inputs of Compute for the given accounts over p from the store: the
// follower counts at p.From and p.To, and the posts published in p with their numbers as
// of p.To. The scope is the accounts passed (one account, a platform's, a client's);
// campaignID other than 0 keeps only that campaign's posts. Followers lost stay unknown:
// no platform reports them, and a count going down does not tell who left.
func Load(ctx context.Context, db *store.DB, p Period, accountIDs []string, campaignID int64) ([]Account, error) {
	out := make([]Account, 0, len(accountIDs))
	for _, id := range accountIDs {
		a := Account{AccountID: id}
		start, ok, err := db.AccountValueAt(ctx, id, social.MetricFollowers, p.From)
		if err != nil {
			return nil, err
		}
		if ok {
			a.FollowersStart = Known(float64(start))
		}
		end, ok, err := db.AccountValueAt(ctx, id, social.MetricFollowers, p.To)
		if err != nil {
			return nil, err
		}
		if ok {
			a.FollowersEnd = Known(float64(end))
		}
		posts, err := db.PostMetricsIn(ctx, store.PostMetricsQuery{AccountID: id, CampaignID: campaignID,
			From: p.From, To: p.To, Names: PostNames})
		if err != nil {
			return nil, err
		}
		for _, pm := range posts {
			a.Posts = append(a.Posts, Post(pm))
		}
		out = append(out, a)
	}
	return out, nil
}

// SumDaily adds the daily series of several accounts (as store.DailySeries returns them,
// over the same days) into one per day, for a client's or a platform's sparkline. A day
// is known if any account has a count by then; series shorter than the first are
// treated as unknown past their end.
func SumDaily(series ...[]store.DailyValue) []Value {
	if len(series) == 0 {
		return nil
	}
	out := make([]Value, len(series[0]))
	for _, s := range series {
		for i := range out {
			if i < len(s) && s[i].OK {
				out[i] = out[i].add(Known(float64(s[i].Value)))
			}
		}
	}
	return out
}
