package queue

import (
	"context"
	"path/filepath"
	"reflect"
	"sort"
	"testing"
	"time"

	"github.com/chorus-social/chorus/seed"
	"github.com/chorus-social/chorus/social"
	"github.com/chorus-social/chorus/store"
)

// measure stores snapshots of a published post: name → value, taken at published+age.
func measure(t *testing.T, db *store.DB, tg social.Target, age time.Duration, values map[string]int64) {
	t.Helper()
	var pts []social.MetricPoint
	for name, v := range values {
		pts = append(pts, social.MetricPoint{AccountID: tg.AccountID, PostRemoteID: tg.RemoteID, Name: name,
			Value: v, At: tg.PublishedAt.Add(age)})
	}
	if err := db.AppendMetrics(context.Background(), pts); err != nil {
		t.Fatal(err)
	}
}

func TestBestTimesAveragesSettledEngagementPerHourOfWeek(t *testing.T) {
	db := openDB(t, berlin)
	day := 24 * time.Hour
	pub := func(s string) social.Target {
		return plan(t, db, "acme-demo", social.StatusPublished, at(t, berlin, s))
	}

	// Tuesday 10:00–10:59 twice (a winter and a summer Tuesday: the hour is local), engagement
	// 30 and 50. The early snapshot of the first is superseded by the later one.
	tue1, tue2 := pub("2026-03-03 10:05"), pub("2026-04-07 10:50")
	measure(t, db, tue1, 2*time.Hour, map[string]int64{social.MetricLikes: 5})
	measure(t, db, tue1, 3*day, map[string]int64{social.MetricLikes: 20, social.MetricReposts: 6, social.MetricReplies: 4,
		social.MetricImpressions: 9000})
	measure(t, db, tue2, 2*day, map[string]int64{social.MetricLikes: 40, social.MetricClicks: 7, social.MetricQuotes: 3})
	// Thursday 15:00, twice: 100 and 60.
	measure(t, db, pub("2026-03-05 15:00"), 5*day, map[string]int64{social.MetricLikes: 100})
	measure(t, db, pub("2026-03-12 15:30"), 5*day, map[string]int64{social.MetricLikes: 60})
	// Friday 09:00 once: high, but one post is no pattern.
	measure(t, db, pub("2026-03-06 09:00"), 5*day, map[string]int64{social.MetricLikes: 500})
	// Wednesday 11:00 twice, but one was measured only an hour after going out: not settled.
	measure(t, db, pub("2026-03-04 11:00"), 5*day, map[string]int64{social.MetricLikes: 900})
	measure(t, db, pub("2026-03-11 11:00"), time.Hour, map[string]int64{social.MetricLikes: 900})
	// Saturday 08:00 twice, without any snapshot: nothing to say.
	pub("2026-03-07 08:00")
	pub("2026-03-14 08:00")
	// Another account's posts do not count.
	other := plan(t, db, "acme-other", social.StatusPublished, at(t, berlin, "2026-03-03 10:00"))
	measure(t, db, other, 5*day, map[string]int64{social.MetricLikes: 10000})

	got, err := BestTimes(context.Background(), db, "acme-demo", 3)
	if err != nil {
		t.Fatal(err)
	}
	want := []BestTime{
		{Weekday: time.Thursday, Hour: 15, Posts: 2, Engagement: 80},
		{Weekday: time.Tuesday, Hour: 10, Posts: 2, Engagement: 40},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %+v\nwant %+v", got, want)
	}
	if s := FormatBest(got); s != "thu 15:00 (avg 80, 2 posts), tue 10:00 (avg 40, 2 posts)" {
		t.Fatalf("FormatBest = %q", s)
	}
	if one, _ := BestTimes(context.Background(), db, "acme-demo", 1); len(one) != 1 || one[0] != want[0] {
		t.Fatalf("n=1: %+v", one)
	}
	if _, err := BestTimes(context.Background(), db, "ghost", 3); err == nil {
		t.Fatal("no error for an unknown account")
	}
}

// The demo platform's history: posts at working-hours quarter hours over three weeks, with
// the generator's engagement curves. Seeded with enough posts that hours repeat.
func TestBestTimesOnDemoHistory(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "demo.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	now := time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
	if _, err := seed.Run(ctx, db, seed.Options{Seed: 7, Posts: 500, Metrics: 20000, Now: now}); err != nil {
		t.Fatal(err)
	}
	accts, err := db.Accounts(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	suggested := 0
	for _, a := range accts {
		client, _ := db.Client(ctx, a.ClientID)
		got, err := BestTimes(ctx, db, a.ID, 3)
		if err != nil {
			t.Fatal(err)
		}
		suggested += len(got)
		if len(got) > 3 || !sort.SliceIsSorted(got, func(i, j int) bool { return got[i].Engagement > got[j].Engagement }) {
			t.Fatalf("%s: %+v", a.ID, got)
		}
		// The seeder posts between 08:00 and 19:45 in the client's own zone.
		for _, b := range got {
			if b.Posts < MinPosts || b.Hour < 8 || b.Hour > 19 || b.Engagement <= 0 {
				t.Fatalf("%s (%s): %+v", a.ID, client.TZ, b)
			}
		}
	}
	if suggested < 3*len(accts) {
		t.Fatalf("%d suggestions for %d accounts with three weeks of history, want 3 each", suggested, len(accts))
	}

	// The demo workspace itself is thinner: each account has a handful of posts, so few
	// hours repeat. Whatever it suggests must still be backed by MinPosts posts.
	ws, err := store.Open(ctx, filepath.Join(t.TempDir(), "ws.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	if _, err := seed.Workspace(ctx, ws, 1, now); err != nil {
		t.Fatal(err)
	}
	accts, _ = ws.Accounts(ctx, "")
	for _, a := range accts {
		got, err := BestTimes(ctx, ws, a.ID, 3)
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range got {
			if b.Posts < MinPosts {
				t.Fatalf("%s: %+v", a.ID, b)
			}
		}
	}
}
