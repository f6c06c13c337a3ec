package queue

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/chorus-social/chorus/social"
	"github.com/chorus-social/chorus/store"
)

// EngagementMetrics are the numbers that make a post's engagement: what people did with it.
// Impressions and reach measure who saw it, which depends more on the audience's size than
// on the hour.
var EngagementMetrics = []string{social.MetricLikes, social.MetricReposts, social.MetricReplies,
	social.MetricQuotes, social.MetricClicks}

// MinPosts is how many measured posts an hour of the week needs before it is suggested: a
// single post's numbers are mostly luck.
const MinPosts = 2

// settled is how long after going out a post must have been measured to count. Engagement
// keeps climbing for hours, so a post measured early would make its hour look bad.
const settled = 24 * time.Hour

// BestTime is an hour of the week, in the client's zone, and how the account's posts
// published in it fared.
type BestTime struct {
	Weekday time.Weekday
	Hour    int // 0…23
	// Posts is how many measured posts went out in this hour.
	Posts int
	// Engagement is their average engagement (likes, reposts, replies, quotes, clicks).
	Engagement float64
}

// Slot returns the hour as a queue slot at its start.
func (b BestTime) Slot() store.QueueSlot {
	return store.QueueSlot{Weekday: b.Weekday, Minute: b.Hour * 60}
}

// String writes the hour as a slot: "tue 10:00".
func (b BestTime) String() string { return b.Slot().String() }

// BestTimes returns up to n hours of the week (in the client's zone) in which the account's
// own published posts had the highest average engagement, best first, counting only hours
// with at least MinPosts settled posts. Fewer, or none, come back while the account has
// little history.
func BestTimes(ctx context.Context, db *store.DB, accountID string, n int) ([]BestTime, error) {
	acct, err := db.Account(ctx, accountID)
	if err != nil {
		return nil, fmt.Errorf("best times of %s: %w", accountID, err)
	}
	client, err := db.Client(ctx, acct.ClientID)
	if err != nil {
		return nil, fmt.Errorf("best times of %s: %w", accountID, err)
	}
	posts, err := db.PostEngagement(ctx, accountID, EngagementMetrics)
	if err != nil {
		return nil, err
	}
	return rank(posts, client.Location(), n), nil
}

// rank buckets settled posts by weekday and hour in loc and returns the n best buckets.
func rank(posts []store.PostEngagement, loc *time.Location, n int) []BestTime {
	type key struct {
		day  time.Weekday
		hour int
	}
	sums := map[key]*BestTime{}
	for _, p := range posts {
		if p.MeasuredAt.Sub(p.PublishedAt) < settled {
			continue
		}
		lt := p.PublishedAt.In(loc)
		k := key{lt.Weekday(), lt.Hour()}
		b := sums[k]
		if b == nil {
			b = &BestTime{Weekday: k.day, Hour: k.hour}
			sums[k] = b
		}
		b.Posts++
		b.Engagement += float64(p.Engagement)
	}
	var out []BestTime
	for _, b := range sums {
		if b.Posts >= MinPosts {
			b.Engagement /= float64(b.Posts)
			out = append(out, *b)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Engagement != b.Engagement {
			return a.Engagement > b.Engagement
		}
		if a.Posts != b.Posts {
			return a.Posts > b.Posts
		}
		return int(a.Weekday)*24+a.Hour < int(b.Weekday)*24+b.Hour
	})
	if len(out) > n {
		out = out[:max(n, 0)]
	}
	return out
}

// FormatBest writes best times for people: "tue 10:00 (avg 42, 3 posts), …", or "" for none.
func FormatBest(bs []BestTime) string {
	var parts []string
	for _, b := range bs {
		parts = append(parts, fmt.Sprintf("%s (avg %.0f, %d posts)", b, b.Engagement, b.Posts))
	}
	return strings.Join(parts, ", ")
}
