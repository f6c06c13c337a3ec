package metrics_test

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/chorus-social/chorus/metrics"
	"github.com/chorus-social/chorus/social"
	"github.com/chorus-social/chorus/store"
)

// store.PostMetrics converts to metrics.Post.
var _ = metrics.Post(store.PostMetrics{})

var t0 = time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)

// TestLoadOnARealFile publishes posts on two accounts of one client (one with
// impressions and clicks, one like Mastodon without), stores snapshots, and derives the
// week's figures and their change against the week before.
func TestLoadOnARealFile(t *testing.T) {
	ctx := t.Context()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "chorus.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.PutClient(ctx, social.Client{ID: "acme", Name: "Acme", TZ: "UTC"}); err != nil {
		t.Fatal(err)
	}
	for _, a := range []social.Account{
		{ID: "micro", ClientID: "acme", Platform: "demo-micro", Handle: "micro"},
		{ID: "masto", ClientID: "acme", Platform: "mastodon", Handle: "masto"},
	} {
		if err := db.PutAccount(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	publish := func(acct, remote string, at time.Time) {
		t.Helper()
		p := &social.Post{ClientID: "acme", Parts: []social.Part{{Text: "hi"}},
			Targets: []social.Target{{AccountID: acct, Status: social.StatusScheduled, DueAt: at}}}
		if err := db.CreatePost(ctx, p); err != nil {
			t.Fatal(err)
		}
		if _, ok, err := db.ClaimDue(ctx, at, time.Minute); !ok || err != nil {
			t.Fatalf("claim %v %v", ok, err)
		}
		if err := db.CompletePublish(ctx, p.Targets[0].ID, store.Result{RemoteID: remote, At: at}); err != nil {
			t.Fatal(err)
		}
	}
	week := metrics.Period{From: t0, To: t0.AddDate(0, 0, 7)}
	prev := week.Previous()
	publish("micro", "m0", prev.From.Add(time.Hour))
	publish("micro", "m1", week.From.Add(time.Hour))
	publish("masto", "d1", week.From.Add(2*time.Hour))
	pt := func(acct, post, name string, v int64, at time.Time) social.MetricPoint {
		return social.MetricPoint{AccountID: acct, PostRemoteID: post, Name: name, Value: v, At: at}
	}
	err = db.AppendMetrics(ctx, []social.MetricPoint{
		pt("micro", "", "followers", 200, prev.From),
		pt("micro", "", "followers", 210, week.From),
		pt("micro", "", "followers", 230, week.To.Add(-time.Hour)),
		pt("masto", "", "followers", 100, week.From.Add(-time.Minute)),
		pt("masto", "", "followers", 90, week.To.Add(-time.Hour)),
		pt("micro", "m0", "likes", 4, prev.To.Add(-time.Hour)),
		pt("micro", "m0", "impressions", 100, prev.To.Add(-time.Hour)),
		pt("micro", "m0", "clicks", 1, prev.To.Add(-time.Hour)),
		pt("micro", "m1", "likes", 10, week.To.Add(-time.Hour)),
		pt("micro", "m1", "reposts", 2, week.To.Add(-time.Hour)),
		pt("micro", "m1", "impressions", 400, week.To.Add(-time.Hour)),
		pt("micro", "m1", "clicks", 8, week.To.Add(-time.Hour)),
		pt("masto", "d1", "likes", 6, week.To.Add(-time.Hour)),
		pt("masto", "d1", "likes", 60, week.To.Add(time.Hour)), // after the week
	})
	if err != nil {
		t.Fatal(err)
	}

	// The micro account alone: impressions known.
	in, err := metrics.Load(ctx, db, week, []string{"micro"}, 0)
	if err != nil {
		t.Fatal(err)
	}
	f := metrics.Compute(week, in)
	if f.Basis != metrics.BasisImpressions || f.Rate != metrics.Known(12.0/400) || f.CTR != metrics.Known(8.0/400) {
		t.Errorf("micro: rate %v (%s) ctr %v", f.Rate, f.Basis, f.CTR)
	}
	if f.Growth != metrics.Known(20) || f.Followers != metrics.Known(230) {
		t.Errorf("micro: followers %v growth %v", f.Followers, f.Growth)
	}
	in, err = metrics.Load(ctx, db, prev, []string{"micro"}, 0)
	if err != nil {
		t.Fatal(err)
	}
	p := metrics.Compute(prev, in)
	c := metrics.CompareFigures(f, p)
	if c.Engagement.String() != "▲ 8 (+200.0%)" || c.Growth.String() != "▲ 10 (+100.0%)" || !c.SameBasis {
		t.Errorf("micro vs last week: engagement %v growth %v same basis %v", c.Engagement, c.Growth, c.SameBasis)
	}

	// The client: Mastodon has no impressions, so the rate is per follower.
	in, err = metrics.Load(ctx, db, week, []string{"micro", "masto"}, 0)
	if err != nil {
		t.Fatal(err)
	}
	f = metrics.Compute(week, in)
	if f.Posts != 2 || f.Engagement != metrics.Known(18) || f.Followers != metrics.Known(320) || f.Growth != metrics.Known(10) {
		t.Errorf("client: posts %d engagement %v followers %v growth %v", f.Posts, f.Engagement, f.Followers, f.Growth)
	}
	if f.Basis != metrics.BasisFollowers || f.Rate != metrics.Known(9.0/320) {
		t.Errorf("client: rate %v (%s)", f.Rate, f.Basis)
	}
	if f.CTR != metrics.Known(8.0/400) || f.Churn.OK {
		t.Errorf("client: ctr %v churn %v", f.CTR, f.Churn)
	}
}

func TestSumDaily(t *testing.T) {
	a := []store.DailyValue{{OK: false}, {Value: 10, OK: true}, {Value: 12, OK: true}}
	b := []store.DailyValue{{Value: 1, OK: true}, {Value: 2, OK: true}}
	got := metrics.SumDaily(a, b)
	want := []metrics.Value{metrics.Known(1), metrics.Known(12), metrics.Known(12)}
	if len(got) != len(want) {
		t.Fatalf("got %v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("day %d: %v want %v", i, got[i], want[i])
		}
	}
	if metrics.SumDaily() != nil || metrics.SumDaily([]store.DailyValue{{}})[0].OK {
		t.Error("empty or unknown")
	}
}
