package demo

import (
	"math"
	"time"

	"github.com/chorus-social/chorus/social"
)

// MetricNames are the numbers the demo network reports: account totals, then per post.
var MetricNames = []string{
	social.MetricFollowers, social.MetricFollowing, social.MetricPosts,
	social.MetricImpressions, social.MetricLikes, social.MetricReposts, social.MetricReplies, social.MetricClicks,
}

// PostMetricNames are the per-post numbers among MetricNames.
var PostMetricNames = []string{
	social.MetricImpressions, social.MetricLikes, social.MetricReposts, social.MetricReplies, social.MetricClicks,
}

// audience returns the account's followers at Epoch: log-uniform between 300 and ~45,000,
// as a freelancer's clients range from a corner shop to a brand.
func (g *Generator) audience(acctID string) float64 {
	return 300 * math.Exp(5*unit(g.hash(acctID, saltFollowers, -1)))
}

// dayNoise is smooth noise in [-1, 1]: random values at whole days, eased in between,
// so a daily chart wiggles without jumping.
func (g *Generator) dayNoise(acctID string, days float64) float64 {
	d := math.Floor(days)
	a := 2*unit(g.hash(acctID, saltFollowers, int64(d))) - 1
	b := 2*unit(g.hash(acctID, saltFollowers, int64(d)+1)) - 1
	f := days - d
	f = f * f * (3 - 2*f)
	return a + (b-a)*f
}

// Followers returns an account's follower count at t: steady growth from its audience at
// Epoch, faster on weekdays than at weekends, with a little smooth noise. Never negative.
func (g *Generator) Followers(acctID string, t time.Time) int64 {
	base := g.audience(acctID)
	days := t.Sub(Epoch).Hours() / 24
	growth := base * (0.0005 + 0.0035*unit(g.hash(acctID, saltFollowers, -2))) // per day
	// The weekly term integrates a weekday-heavy rate: its derivative peaks on Wednesday
	// (Epoch is a Thursday, so day 6.5 is a Wednesday noon) and bottoms out on Sunday.
	weekly := growth * 7 / (2 * math.Pi) * 0.6 * math.Sin(2*math.Pi*(days-6.5)/7)
	v := base + growth*days + weekly + base*0.002*g.dayNoise(acctID, days)
	return int64(max(v, 0))
}

// Following returns how many accounts the brand account follows at t: a slow climb.
func (g *Generator) Following(acctID string, t time.Time) int64 {
	base := 80 + float64(g.hash(acctID, saltFollowers, -3)%700)
	days := t.Sub(Epoch).Hours() / 24
	return int64(max(base+days*0.15, 0))
}

// Posts returns how many posts the account has made by t.
func (g *Generator) Posts(acctID string, t time.Time) int64 {
	return int64(max(400+g.OwnPostsBefore(acctID, t), 0))
}

// PostMetric returns one number of one post at an age: it grows fast in the first hours
// and saturates, as feeds move on. Likes, reposts, replies and clicks are fixed shares of
// impressions per post, so the numbers of one post stay consistent with each other, and
// every number only grows with age. Unknown names and negative ages give 0.
func (g *Generator) PostMetric(acctID, postRemoteID, name string, age time.Duration) int64 {
	if age <= 0 {
		return 0
	}
	h := g.hash(acctID+"\x00"+postRemoteID, saltPostMetric, 0)
	rate := func(n int64, lo, hi float64) float64 {
		return lo + (hi-lo)*unit(g.hash(acctID+"\x00"+postRemoteID, saltPostMetric, n))
	}
	// Reach varies a lot between posts: log-normal around a third of the audience.
	reach := g.audience(acctID) * 0.35 * math.Exp(0.8*normal(h, mix(h)))
	tau := time.Duration(rate(1, 3, 12) * float64(time.Hour))
	impressions := reach * (1 - math.Exp(-float64(age)/float64(tau)))
	likes := impressions * rate(2, 0.01, 0.06)
	var v float64
	switch name {
	case social.MetricImpressions:
		v = impressions
	case social.MetricReach:
		v = impressions * rate(3, 0.6, 0.85)
	case social.MetricLikes:
		v = likes
	case social.MetricReposts:
		v = likes * rate(4, 0.05, 0.25)
	case social.MetricReplies:
		v = likes * rate(5, 0.03, 0.15)
	case social.MetricQuotes:
		v = likes * rate(6, 0.005, 0.03)
	case social.MetricClicks:
		v = impressions * rate(7, 0.002, 0.02)
	}
	return int64(v)
}
