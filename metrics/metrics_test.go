package metrics

import (
	"testing"
	"time"
)

var t0 = time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC) // a Monday

var week = Period{From: t0, To: t0.AddDate(0, 0, 7)}

func post(at time.Time, vals map[string]int64) Post {
	return Post{AccountID: "a", RemoteID: at.Format(time.RFC3339), PublishedAt: at, Values: vals}
}

func TestPeriodPrevious(t *testing.T) {
	p := Period{From: t0, To: t0.Add(36 * time.Hour)}
	prev := p.Previous()
	if !prev.To.Equal(p.From) || prev.To.Sub(prev.From) != 36*time.Hour {
		t.Fatalf("previous of %v: %v", p, prev)
	}
	if p.Contains(p.To) || !p.Contains(p.From) {
		t.Fatal("the period is not [From, To)")
	}
	if week.Weeks() != 1 {
		t.Fatalf("weeks %v", week.Weeks())
	}
}

func TestCompute(t *testing.T) {
	in := t0.Add(time.Hour)
	cases := []struct {
		name     string
		accounts []Account
		check    func(t *testing.T, f Figures)
	}{
		{
			name: "impressions known: rate per impression, CTR",
			accounts: []Account{{FollowersStart: Known(100), FollowersEnd: Known(120), Posts: []Post{
				post(in, map[string]int64{"likes": 8, "reposts": 1, "replies": 1, "impressions": 200, "clicks": 4}),
				post(in.Add(time.Hour), map[string]int64{"likes": 10, "impressions": 300, "clicks": 6}),
				post(t0.AddDate(0, 0, 8), map[string]int64{"likes": 1000}), // after the period
				post(in, map[string]int64{"impressions": 100}),             // no engagement numbers: not in the rate
			}}},
			check: func(t *testing.T, f Figures) {
				want(t, "followers", f.Followers, Known(120))
				want(t, "growth", f.Growth, Known(20))
				want(t, "churn", f.Churn, Unknown)
				if f.Posts != 3 || f.Measured != 2 {
					t.Errorf("posts %d measured %d", f.Posts, f.Measured)
				}
				want(t, "per week", f.PerWeek, Known(3))
				want(t, "engagement", f.Engagement, Known(20))
				want(t, "impressions", f.Impressions, Known(600))
				want(t, "rate", f.Rate, Known(0.04))
				if f.Basis != BasisImpressions {
					t.Errorf("basis %q", f.Basis)
				}
				want(t, "ctr", f.CTR, Known(0.02))
			},
		},
		{
			name: "no impressions (Mastodon): per follower, says so; no clicks: CTR unknown",
			accounts: []Account{{FollowersStart: Known(50), FollowersEnd: Known(40), Posts: []Post{
				post(in, map[string]int64{"likes": 6, "reposts": 2}),
				post(in, map[string]int64{"likes": 0, "replies": 4}),
			}}},
			check: func(t *testing.T, f Figures) {
				want(t, "growth", f.Growth, Known(-10))
				want(t, "engagement", f.Engagement, Known(12))
				want(t, "impressions", f.Impressions, Unknown)
				want(t, "clicks", f.Clicks, Unknown)
				want(t, "ctr", f.CTR, Unknown)
				want(t, "rate", f.Rate, Known(6.0/40)) // 6 per post over 40 followers
				if f.Basis != BasisFollowers {
					t.Errorf("basis %q", f.Basis)
				}
			},
		},
		{
			name: "one post without impressions: the whole scope falls back to followers",
			accounts: []Account{
				{FollowersEnd: Known(100), Posts: []Post{post(in, map[string]int64{"likes": 10, "impressions": 1000, "clicks": 5})}},
				{FollowersEnd: Known(100), Posts: []Post{post(in, map[string]int64{"likes": 30})}},
			},
			check: func(t *testing.T, f Figures) {
				want(t, "growth", f.Growth, Unknown) // no start counts
				want(t, "rate", f.Rate, Known(20.0/200))
				if f.Basis != BasisFollowers {
					t.Errorf("basis %q", f.Basis)
				}
				// CTR over the posts that report both.
				want(t, "ctr", f.CTR, Known(0.005))
			},
		},
		{
			name: "clicks but zero impressions: CTR unknown, not Inf",
			accounts: []Account{{FollowersEnd: Known(10), Posts: []Post{
				post(in, map[string]int64{"likes": 1, "impressions": 0, "clicks": 3}),
			}}},
			check: func(t *testing.T, f Figures) {
				want(t, "ctr", f.CTR, Unknown)
				want(t, "rate", f.Rate, Known(0.1))
				if f.Basis != BasisFollowers {
					t.Errorf("basis %q", f.Basis)
				}
			},
		},
		{
			name: "zero followers and no impressions: no rate",
			accounts: []Account{{FollowersStart: Known(0), FollowersEnd: Known(0), Posts: []Post{
				post(in, map[string]int64{"likes": 3}),
			}}},
			check: func(t *testing.T, f Figures) {
				want(t, "rate", f.Rate, Unknown)
				if f.Basis != BasisNone {
					t.Errorf("basis %q", f.Basis)
				}
				want(t, "growth", f.Growth, Known(0))
			},
		},
		{
			name:     "nothing known",
			accounts: []Account{{Posts: []Post{post(in, nil)}}},
			check: func(t *testing.T, f Figures) {
				want(t, "followers", f.Followers, Unknown)
				want(t, "engagement", f.Engagement, Unknown)
				want(t, "rate", f.Rate, Unknown)
				if f.Posts != 1 || f.Measured != 0 {
					t.Errorf("posts %d measured %d", f.Posts, f.Measured)
				}
			},
		},
		{
			name: "churn only when every account reports it",
			accounts: []Account{
				{FollowersEnd: Known(10), FollowersLost: Known(2)},
				{FollowersEnd: Known(10), FollowersLost: Known(3)},
			},
			check: func(t *testing.T, f Figures) { want(t, "churn", f.Churn, Known(5)) },
		},
		{
			name: "churn unknown for one account: unknown",
			accounts: []Account{
				{FollowersEnd: Known(10), FollowersLost: Known(2)},
				{FollowersEnd: Known(10)},
			},
			check: func(t *testing.T, f Figures) { want(t, "churn", f.Churn, Unknown) },
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) { tc.check(t, Compute(week, tc.accounts)) })
	}
}

func want(t *testing.T, what string, got, want Value) {
	t.Helper()
	if got.OK != want.OK || (got.OK && abs(got.N-want.N) > 1e-9) {
		t.Errorf("%s: got %v want %v", what, got, want)
	}
}

func abs(f float64) float64 {
	if f < 0 {
		return -f
	}
	return f
}

func TestCompare(t *testing.T) {
	cases := []struct {
		name      string
		cur, prev Value
		dir       Direction
		abs, pct  Value
		isNew     bool
		text      string
	}{
		{"up", Known(120), Known(100), DirUp, Known(20), Known(0.2), false, "▲ 20 (+20.0%)"},
		{"down", Known(75), Known(100), DirDown, Known(-25), Known(-0.25), false, "▼ 25 (-25.0%)"},
		{"equal", Known(7), Known(7), DirSame, Known(0), Known(0), false, "= 0 (+0.0%)"},
		{"from zero", Known(5), Known(0), DirUp, Known(5), Unknown, true, "▲ new"},
		{"zero to zero", Known(0), Known(0), DirSame, Known(0), Known(0), false, "= 0 (+0.0%)"},
		{"negative previous", Known(-5), Known(-10), DirUp, Known(5), Known(0.5), false, "▲ 5 (+50.0%)"},
		{"to zero", Known(0), Known(4), DirDown, Known(-4), Known(-1), false, "▼ 4 (-100.0%)"},
		{"current unknown", Unknown, Known(4), DirUnknown, Unknown, Unknown, false, "unknown"},
		{"previous unknown", Known(4), Unknown, DirUnknown, Unknown, Unknown, false, "unknown"},
		{"ratios", Known(0.05), Known(0.04), DirUp, Known(0.01), Known(0.25), false, "▲ 0.01 (+25.0%)"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := Compare(tc.cur, tc.prev)
			if c.Dir != tc.dir || c.New != tc.isNew {
				t.Errorf("dir %v new %v", c.Dir, c.New)
			}
			want(t, "abs", c.Abs, tc.abs)
			want(t, "pct", c.Pct, tc.pct)
			if s := c.String(); s != tc.text {
				t.Errorf("text %q want %q", s, tc.text)
			}
		})
	}
}

func TestCompareFigures(t *testing.T) {
	in := t0.Add(time.Hour)
	cur := Compute(week, []Account{{FollowersStart: Known(100), FollowersEnd: Known(110), Posts: []Post{
		post(in, map[string]int64{"likes": 10}),
	}}})
	prev := Compute(week.Previous(), []Account{{FollowersStart: Known(100), FollowersEnd: Known(100)}})
	c := CompareFigures(cur, prev)
	if c.Followers.Dir != DirUp || c.Posts.String() != "▲ new" || c.Growth.String() != "▲ new" {
		t.Errorf("followers %v posts %v growth %v", c.Followers, c.Posts, c.Growth)
	}
	if c.Engagement.Dir != DirUnknown || c.Rate.Dir != DirUnknown || c.SameBasis {
		t.Errorf("engagement %v rate %v same basis %v", c.Engagement, c.Rate, c.SameBasis)
	}
	if c.CTR.String() != "unknown" {
		t.Errorf("ctr %v", c.CTR)
	}
}

func TestValueString(t *testing.T) {
	for _, tc := range []struct {
		v          Value
		s, percent string
	}{
		{Unknown, "unknown", "unknown"},
		{Known(12), "12", "1200.00%"},
		{Known(0.0325), "0.03", "3.25%"},
	} {
		if tc.v.String() != tc.s || tc.v.Percent() != tc.percent {
			t.Errorf("%#v: %q %q", tc.v, tc.v.String(), tc.v.Percent())
		}
	}
}
