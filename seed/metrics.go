package seed

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/chorus-social/chorus/platforms/demo"
	"github.com/chorus-social/chorus/social"
)

// metricBatch is how many snapshots go into one transaction.
const metricBatch = 20000

// historyDays of daily account snapshots is what the metrics pane's longest default
// period (90d) needs.
const historyDays = 90

// workspacePostPoints is how many snapshots of each number the demo workspace keeps per
// published post: enough for a curve.
const workspacePostPoints = 12

var accountMetricNames = []string{social.MetricFollowers, social.MetricFollowing, social.MetricPosts}

// series is one number over time: an account's (post empty) or a post's.
type series struct {
	acct, post, name string
	published        time.Time // posts only
	points           int
}

// seedMetrics writes exactly budget snapshots: daily account numbers for up to 90 days
// first (all of the budget when nothing was published), the rest shared evenly by the
// published posts' numbers. Values come from the demo generator, so a later sync by the
// demo adapter continues the same curves.
func (r *run) seedMetrics(ctx context.Context, budget int, published []pubTarget) (int, error) {
	if budget == 0 || len(r.accounts) == 0 {
		return 0, nil
	}
	var acctSeries, postSeries []series
	for _, a := range r.accounts {
		for _, name := range accountMetricNames {
			acctSeries = append(acctSeries, series{acct: a.ID, name: name})
		}
	}
	for _, p := range published {
		for _, name := range demo.PostMetricNames {
			postSeries = append(postSeries, series{acct: p.acct, post: p.remoteID, name: name, published: p.at})
		}
	}
	acctBudget := min(budget, len(acctSeries)*historyDays)
	if len(postSeries) == 0 {
		acctBudget = budget
	}
	share(acctSeries, acctBudget)
	share(postSeries, budget-acctBudget)

	batch := make([]social.MetricPoint, 0, metricBatch)
	done := 0
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		if err := r.db.AppendMetrics(ctx, batch); err != nil {
			return fmt.Errorf("seed metrics: %w", err)
		}
		done += len(batch)
		batch = batch[:0]
		r.progress("metrics", done, budget)
		return ctx.Err()
	}
	add := func(p social.MetricPoint) error {
		batch = append(batch, p)
		if len(batch) == metricBatch {
			return flush()
		}
		return nil
	}
	// Daily snapshots at 06:00 UTC, the last one the most recent before now.
	last := r.now.Truncate(24 * time.Hour).Add(6 * time.Hour)
	if last.After(r.now) {
		last = last.Add(-24 * time.Hour)
	}
	for _, s := range acctSeries {
		for j := range s.points {
			at := last.Add(-time.Duration(s.points-1-j) * 24 * time.Hour)
			if err := add(social.MetricPoint{AccountID: s.acct, Name: s.name, Value: r.accountValue(s, at), At: at}); err != nil {
				return done, err
			}
		}
	}
	for _, s := range postSeries {
		for _, age := range ages(s.points, r.now.Sub(s.published)) {
			p := social.MetricPoint{AccountID: s.acct, PostRemoteID: s.post, Name: s.name,
				Value: r.gen.PostMetric(s.acct, s.post, s.name, age), At: s.published.Add(age)}
			if err := add(p); err != nil {
				return done, err
			}
		}
	}
	err := flush()
	return done, err
}

func (r *run) accountValue(s series, at time.Time) int64 {
	switch s.name {
	case social.MetricFollowers:
		return r.gen.Followers(s.acct, at)
	case social.MetricFollowing:
		return r.gen.Following(s.acct, at)
	default:
		return r.gen.Posts(s.acct, at)
	}
}

// share gives each series an equal part of n, the first ones one more for the remainder.
func share(ss []series, n int) {
	if len(ss) == 0 {
		return
	}
	for i := range ss {
		ss[i].points = n / len(ss)
		if i < n%len(ss) {
			ss[i].points++
		}
	}
}

// ages returns n snapshot ages from ten minutes to maxAge, spaced evenly on a log scale:
// a sync watches a new post closely and an old one rarely, and the curve is steep early.
func ages(n int, maxAge time.Duration) []time.Duration {
	const first = 10 * time.Minute
	maxAge = max(maxAge, first)
	out := make([]time.Duration, n)
	for j := range n {
		if n == 1 {
			out[j] = maxAge
			break
		}
		f := float64(j) / float64(n-1)
		out[j] = time.Duration(float64(first) * math.Pow(float64(maxAge)/float64(first), f)).Truncate(time.Second)
	}
	return out
}
