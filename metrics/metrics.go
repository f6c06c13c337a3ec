// Package metrics derives the figures of the Metrics pane and the client report from
// stored snapshots: followers, growth, cadence, engagement, engagement rate and CTR for a
// period, and the change against the period before. It is pure: callers read the inputs
// from the store (store.PostMetricsIn, store.AccountValueAt) and pass them in, so the
// scope (an account, a platform, a client, a campaign) is whichever accounts and posts
// they pass.
//
// A number a platform does not report is Unknown, never 0: Mastodon has no impressions,
// so its engagement rate falls back to followers, and its CTR is unknown.
package metrics

import (
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/chorus-social/chorus/social"
)

// MetricBookmarks is a post's bookmark (save) count, on platforms that report one.
const MetricBookmarks = "bookmarks"

// EngagementNames are the per-post numbers whose sum is a post's engagement: what people
// did with it. Clicks are left out (they make the CTR), and so are impressions and reach,
// which measure who saw it. This is the one definition; every figure here uses it.
var EngagementNames = []string{social.MetricLikes, social.MetricReposts, social.MetricReplies,
	social.MetricQuotes, MetricBookmarks}

// Value is a number that may be unknown: a platform that does not report it, or a ratio
// without a denominator. The zero Value is unknown.
type Value struct {
	N  float64
	OK bool
}

// Known returns a known value.
func Known(n float64) Value { return Value{N: n, OK: true} }

// Unknown is the value of a number the data does not give.
var Unknown = Value{}

// String writes the value ("unknown" when it is not known), integers without decimals.
func (v Value) String() string {
	if !v.OK {
		return "unknown"
	}
	if v.N == math.Trunc(v.N) && math.Abs(v.N) < 1e15 {
		return strconv.FormatInt(int64(v.N), 10)
	}
	return strconv.FormatFloat(v.N, 'f', 2, 64)
}

// Percent writes a ratio as a percentage with two decimals: "3.25%", or "unknown".
func (v Value) Percent() string {
	if !v.OK {
		return "unknown"
	}
	return strconv.FormatFloat(v.N*100, 'f', 2, 64) + "%"
}

// add sums known values; the sum is known if either is.
func (v Value) add(w Value) Value {
	if !w.OK {
		return v
	}
	return Known(v.N + w.N)
}

// ratio returns a/b, unknown when either is unknown or b is 0.
func ratio(a, b Value) Value {
	if !a.OK || !b.OK || b.N == 0 {
		return Unknown
	}
	return Known(a.N / b.N)
}

// Period is the half-open time range [From, To).
type Period struct {
	From, To time.Time
}

// Previous returns the period of the same length right before p.
func (p Period) Previous() Period {
	d := p.To.Sub(p.From)
	return Period{From: p.From.Add(-d), To: p.From}
}

// Weeks returns the length of p in weeks.
func (p Period) Weeks() float64 { return p.To.Sub(p.From).Hours() / (7 * 24) }

// Contains reports whether t is in [From, To).
func (p Period) Contains(t time.Time) bool { return !t.Before(p.From) && t.Before(p.To) }

// Post is one published post and its numbers at the end of the period: the latest
// snapshot of each metric at or before the end. A name missing from Values is unknown
// (the platform does not report it, or it was never measured).
type Post struct {
	AccountID   string
	RemoteID    string
	PublishedAt time.Time
	Values      map[string]int64
}

// Get returns one number of the post, unknown if absent.
func (p Post) Get(name string) Value {
	v, ok := p.Values[name]
	if !ok {
		return Unknown
	}
	return Known(float64(v))
}

// Measured reports whether the post has any engagement number.
func (p Post) Measured() bool {
	for _, n := range EngagementNames {
		if _, ok := p.Values[n]; ok {
			return true
		}
	}
	return false
}

// Engagement returns the sum of the post's EngagementNames, unknown if it has none.
func (p Post) Engagement() Value {
	var e Value
	for _, n := range EngagementNames {
		e = e.add(p.Get(n))
	}
	return e
}

// Account is one account's input for a period: its follower count at the start and at
// the end (at or before each instant), the followers it lost if the platform says so
// (none of the current ones do: keep it Unknown), and its posts published in the period.
type Account struct {
	AccountID      string
	FollowersStart Value
	FollowersEnd   Value
	FollowersLost  Value
	Posts          []Post
}

// Basis says what an engagement rate was divided by.
type Basis string

// The bases of an engagement rate.
const (
	// BasisImpressions: engagement / impressions, every measured post having impressions.
	BasisImpressions Basis = "impressions"
	// BasisFollowers: engagement per post / followers at the end of the period, used when
	// a measured post lacks impressions (Mastodon, Bluesky).
	BasisFollowers Basis = "followers"
	// BasisNone: no rate (no measured post, or no followers known).
	BasisNone Basis = ""
)

// Figures are the derived numbers of one scope over one period.
type Figures struct {
	Period Period
	// Followers is the sum of the accounts' followers at the end, over the accounts with a
	// snapshot; unknown if none has one.
	Followers Value
	// Growth is the net change of followers over the period, over the accounts with a
	// count at both ends.
	Growth Value
	// Churn is the followers lost, known only if every account reports it.
	Churn Value
	// Posts is how many posts were published in the period; PerWeek is the cadence.
	Posts   int
	PerWeek Value
	// Measured is how many of those posts have engagement numbers.
	Measured int
	// Engagement is the sum of the measured posts' engagement (EngagementNames).
	Engagement Value
	// Impressions and Clicks are sums over the posts that report them.
	Impressions Value
	Clicks      Value
	// Rate is the engagement rate, Basis what it was divided by: the measured posts'
	// engagement over their impressions when every one of them has impressions, else
	// their engagement per post over Followers.
	Rate  Value
	Basis Basis
	// CTR is clicks / impressions over the posts that report both; unknown if none does.
	CTR Value
}

// Compute derives the figures of the accounts over p. Posts outside p are ignored.
func Compute(p Period, accounts []Account) Figures {
	f := Figures{Period: p}
	churnKnown := len(accounts) > 0
	var growth Value
	var posts []Post
	for _, a := range accounts {
		f.Followers = f.Followers.add(a.FollowersEnd)
		if a.FollowersStart.OK && a.FollowersEnd.OK {
			growth = growth.add(Known(a.FollowersEnd.N - a.FollowersStart.N))
		}
		if !a.FollowersLost.OK {
			churnKnown = false
		}
		f.Churn = f.Churn.add(a.FollowersLost)
		for _, post := range a.Posts {
			if p.Contains(post.PublishedAt) {
				posts = append(posts, post)
			}
		}
	}
	f.Growth = growth
	if !churnKnown {
		f.Churn = Unknown
	}
	f.Posts = len(posts)
	if w := p.Weeks(); w > 0 {
		f.PerWeek = Known(float64(f.Posts) / w)
	}
	allImpressions := true
	var ctrClicks, ctrImpr, measuredImpr Value
	for _, post := range posts {
		impr, clicks := post.Get(social.MetricImpressions), post.Get(social.MetricClicks)
		f.Impressions = f.Impressions.add(impr)
		f.Clicks = f.Clicks.add(clicks)
		if impr.OK && clicks.OK {
			ctrClicks, ctrImpr = ctrClicks.add(clicks), ctrImpr.add(impr)
		}
		if !post.Measured() {
			continue
		}
		f.Measured++
		f.Engagement = f.Engagement.add(post.Engagement())
		if !impr.OK {
			allImpressions = false
		}
		measuredImpr = measuredImpr.add(impr)
	}
	f.CTR = ratio(ctrClicks, ctrImpr)
	switch {
	case f.Measured == 0:
	case allImpressions && measuredImpr.N > 0:
		f.Rate, f.Basis = ratio(f.Engagement, measuredImpr), BasisImpressions
	default:
		perPost := Known(f.Engagement.N / float64(f.Measured))
		if r := ratio(perPost, f.Followers); r.OK {
			f.Rate, f.Basis = r, BasisFollowers
		}
	}
	return f
}

// Direction is which way a figure moved.
type Direction int

// The directions of a change.
const (
	DirUnknown Direction = iota // either side unknown
	DirUp
	DirDown
	DirSame
)

// Arrow writes the direction: ▲, ▼, = or ? for unknown.
func (d Direction) Arrow() string {
	switch d {
	case DirUp:
		return "▲"
	case DirDown:
		return "▼"
	case DirSame:
		return "="
	}
	return "?"
}

// Change compares a figure with the previous period's.
type Change struct {
	Cur, Prev Value
	// Abs is Cur - Prev; Pct is Abs / |Prev| (0.25 for +25%), unknown when Prev is 0.
	Abs, Pct Value
	// New is set when Prev is 0 and Cur is not: a percentage would be infinite.
	New bool
	Dir Direction
}

// Compare returns the change from prev to cur. Unknown on either side gives DirUnknown.
func Compare(cur, prev Value) Change {
	c := Change{Cur: cur, Prev: prev}
	if !cur.OK || !prev.OK {
		return c
	}
	c.Abs = Known(cur.N - prev.N)
	switch {
	case c.Abs.N > 0:
		c.Dir = DirUp
	case c.Abs.N < 0:
		c.Dir = DirDown
	default:
		c.Dir = DirSame
	}
	switch {
	case prev.N != 0:
		c.Pct = Known(c.Abs.N / math.Abs(prev.N))
	case cur.N != 0:
		c.New = true
	default:
		c.Pct = Known(0)
	}
	return c
}

// String writes the change for people: "▲ 12 (+3.4%)", "▼ 5 (-10.0%)", "= 0 (0.0%)",
// "▲ new" (from zero), or "unknown".
func (c Change) String() string {
	if c.Dir == DirUnknown {
		return "unknown"
	}
	if c.New {
		return c.Dir.Arrow() + " new"
	}
	abs := math.Abs(c.Abs.N)
	return fmt.Sprintf("%s %s (%+.1f%%)", c.Dir.Arrow(), Known(abs), c.Pct.N*100)
}

// Comparison is every figure of a period against the period before.
type Comparison struct {
	Followers, Growth, Churn, Posts, PerWeek, Engagement, Impressions, Clicks, Rate, CTR Change
	// SameBasis is false when the two rates were divided by different things, so their
	// change means little (the pane should say so).
	SameBasis bool
}

// CompareFigures compares cur with prev (normally computed over cur.Period.Previous()).
func CompareFigures(cur, prev Figures) Comparison {
	return Comparison{
		Followers:   Compare(cur.Followers, prev.Followers),
		Growth:      Compare(cur.Growth, prev.Growth),
		Churn:       Compare(cur.Churn, prev.Churn),
		Posts:       Compare(Known(float64(cur.Posts)), Known(float64(prev.Posts))),
		PerWeek:     Compare(cur.PerWeek, prev.PerWeek),
		Engagement:  Compare(cur.Engagement, prev.Engagement),
		Impressions: Compare(cur.Impressions, prev.Impressions),
		Clicks:      Compare(cur.Clicks, prev.Clicks),
		Rate:        Compare(cur.Rate, prev.Rate),
		CTR:         Compare(cur.CTR, prev.CTR),
		SameBasis:   cur.Basis == prev.Basis,
	}
}
