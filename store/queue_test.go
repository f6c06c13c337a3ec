package store

import (
	"testing"
	"time"

	"github.com/chorus-social/chorus/social"
)

func TestTakenTimesAreThePostsHoldingASlot(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	a := seedClientAccount(t, db)
	other := mustAccount(t, db, "acme-other", "acme", "demo")
	base := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	hold := map[social.Status]bool{social.StatusReview: true, social.StatusApproved: true, social.StatusScheduled: true,
		social.StatusPaused: true, social.StatusPublished: true}
	var want []time.Time
	for i, st := range []social.Status{social.StatusDraft, social.StatusReview, social.StatusApproved, social.StatusScheduled,
		social.StatusPaused, social.StatusFailed, social.StatusPublished} {
		due := base.Add(time.Duration(i) * time.Hour)
		tg := social.Target{AccountID: a.ID, Status: st, DueAt: due}
		if st == social.StatusPublished {
			tg.RemoteID, tg.PublishedAt = "r1", due.Add(3*time.Second)
		}
		mustPost(t, db, "acme", []social.Target{tg}, "x")
		if hold[st] {
			want = append(want, due)
		}
	}
	// Published without a due time (imported history): its publish time holds the slot.
	imported := base.Add(20 * time.Hour)
	mustPost(t, db, "acme", []social.Target{{AccountID: a.ID, Status: social.StatusPublished, RemoteID: "r2", PublishedAt: imported}}, "x")
	want = append(want, imported)
	// Outside the window, another account's, and an inbox reply: not returned.
	scheduled(t, db, a, base.Add(-time.Minute))
	scheduled(t, db, a, base.Add(24*time.Hour))
	scheduled(t, db, other, base.Add(time.Hour))
	mustPost(t, db, "acme", []social.Target{{AccountID: a.ID, Kind: social.KindReply, ReplyTo: "x1", Status: social.StatusScheduled,
		DueAt: base.Add(2 * time.Hour)}}, "thanks")

	got, err := db.TakenTimes(ctx, a.ID, base, base.Add(24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	seen := map[time.Time]bool{}
	for _, g := range got {
		seen[g] = true
	}
	for _, w := range want {
		if !seen[w] {
			t.Fatalf("%v missing from %v", w, got)
		}
	}
}

func TestPostEngagementSumsLatestSnapshots(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	a := seedClientAccount(t, db)
	pub := time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)
	mustPost(t, db, "acme", []social.Target{{AccountID: a.ID, Status: social.StatusPublished, DueAt: pub, RemoteID: "p1", PublishedAt: pub}}, "one")
	mustPost(t, db, "acme", []social.Target{{AccountID: a.ID, Status: social.StatusPublished, DueAt: pub.Add(time.Hour), RemoteID: "p2",
		PublishedAt: pub.Add(time.Hour)}}, "two")
	mustPost(t, db, "acme", []social.Target{{AccountID: a.ID, Status: social.StatusPublished, DueAt: pub.Add(2 * time.Hour), RemoteID: "p3",
		PublishedAt: pub.Add(2 * time.Hour)}}, "never measured")
	pt := func(post, name string, v int64, h int) social.MetricPoint {
		return social.MetricPoint{AccountID: a.ID, PostRemoteID: post, Name: name, Value: v, At: pub.Add(time.Duration(h) * time.Hour)}
	}
	if err := db.AppendMetrics(ctx, []social.MetricPoint{
		pt("p1", social.MetricLikes, 3, 1), pt("p1", social.MetricLikes, 10, 30), pt("p1", social.MetricReposts, 2, 5),
		pt("p1", social.MetricImpressions, 999, 30), pt("p2", social.MetricReplies, 4, 2), pt("", social.MetricLikes, 50, 30),
		pt("gone", social.MetricLikes, 7, 30),
	}); err != nil {
		t.Fatal(err)
	}
	got, err := db.PostEngagement(ctx, a.ID, []string{social.MetricLikes, social.MetricReposts, social.MetricReplies})
	if err != nil {
		t.Fatal(err)
	}
	want := []PostEngagement{
		{RemoteID: "p1", PublishedAt: pub, Engagement: 12, MeasuredAt: pub.Add(30 * time.Hour)},
		{RemoteID: "p2", PublishedAt: pub.Add(time.Hour), Engagement: 4, MeasuredAt: pub.Add(2 * time.Hour)},
	}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Fatalf("got %+v\nwant %+v", got, want)
	}
	wantErr(t, func() error { _, err := db.PostEngagement(ctx, a.ID, nil); return err }(), "no metric names")
}
