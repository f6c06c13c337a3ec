package store

import (
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chorus-social/chorus/social"
)

// publishAt schedules, claims and completes one post of acct, returning its target id
// and post id.
func publishAt(t *testing.T, db *DB, acct social.Account, remote string, at time.Time) (int64, int64) {
	t.Helper()
	ctx := t.Context()
	id := scheduled(t, db, acct, at)
	if _, ok, err := db.ClaimDue(ctx, at, time.Minute); !ok || err != nil {
		t.Fatalf("claim %v %v", ok, err)
	}
	if err := db.CompletePublish(ctx, id, Result{RemoteID: remote, At: at}); err != nil {
		t.Fatal(err)
	}
	return id, mustTarget(t, db, id).PostID
}

func mustMetrics(t *testing.T, db *DB, ps ...social.MetricPoint) {
	t.Helper()
	if err := db.AppendMetrics(t.Context(), ps); err != nil {
		t.Fatal(err)
	}
}

func TestPostMetricsInLatestAtPeriodEnd(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	a := seedClientAccount(t, db)
	b := mustAccount(t, db, "acme-b", "acme", "bluesky")
	from, to := t0.Add(-72*time.Hour), t0
	publishAt(t, db, a, "old", from.Add(-time.Hour)) // before the period
	publishAt(t, db, a, "p1", t0.Add(-48*time.Hour))
	_, post2 := publishAt(t, db, a, "p2", t0.Add(-24*time.Hour))
	publishAt(t, db, b, "other", t0.Add(-24*time.Hour)) // another account
	publishAt(t, db, a, "late", t0.Add(time.Hour))      // after the period
	pt := func(acct, post, name string, v int64, at time.Time) social.MetricPoint {
		return social.MetricPoint{AccountID: acct, PostRemoteID: post, Name: name, Value: v, At: at}
	}
	mustMetrics(t, db,
		pt(a.ID, "p1", "likes", 1, t0.Add(-47*time.Hour)),
		pt(a.ID, "p1", "likes", 5, t0.Add(-time.Hour)),
		pt(a.ID, "p1", "likes", 9, t0.Add(time.Hour)), // after the end: not counted
		pt(a.ID, "p1", "impressions", 100, t0.Add(-time.Hour)),
		pt(a.ID, "p2", "likes", 3, t0), // at the end: counted
		pt(a.ID, "p2", "reposts", 2, t0.Add(-time.Hour)),
		pt(a.ID, "old", "likes", 50, t0),
		pt(b.ID, "other", "likes", 70, t0),
		pt(a.ID, "", "likes", 99, t0), // an account number, not a post's
	)
	q := PostMetricsQuery{AccountID: a.ID, From: from, To: to, Names: []string{"likes", "reposts", "impressions", "clicks"}}
	got, err := db.PostMetricsIn(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	want := []PostMetrics{
		{AccountID: a.ID, RemoteID: "p1", PublishedAt: t0.Add(-48 * time.Hour), Values: map[string]int64{"likes": 5, "impressions": 100}},
		{AccountID: a.ID, RemoteID: "p2", PublishedAt: t0.Add(-24 * time.Hour), Values: map[string]int64{"likes": 3, "reposts": 2}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got  %+v\nwant %+v", got, want)
	}

	camp, err := db.PutCampaign(ctx, social.Campaign{ClientID: "acme", Name: "launch"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.w.ExecContext(ctx, `UPDATE posts SET campaign_id=? WHERE id=?`, camp, post2); err != nil {
		t.Fatal(err)
	}
	q.CampaignID = camp
	got, err = db.PostMetricsIn(ctx, q)
	if err != nil || len(got) != 1 || got[0].RemoteID != "p2" {
		t.Fatalf("campaign: %+v %v", got, err)
	}

	if _, err := db.PostMetricsIn(ctx, PostMetricsQuery{AccountID: a.ID}); err == nil {
		t.Fatal("no names: want an error")
	}
}

func TestAccountValueAtAndDailySeries(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	a := seedClientAccount(t, db)
	day := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	f := func(v int64, at time.Time) social.MetricPoint {
		return social.MetricPoint{AccountID: a.ID, Name: "followers", Value: v, At: at}
	}
	mustMetrics(t, db,
		f(100, day.Add(10*time.Hour)),
		f(105, day.Add(20*time.Hour)),     // end of day 1
		f(110, day.Add(48*time.Hour)),     // midnight of day 3: belongs to day 3
		f(120, day.Add(3*24*time.Hour+5)), // day 4
		f(999, day.Add(10*24*time.Hour)),  // after
		social.MetricPoint{AccountID: a.ID, PostRemoteID: "p", Name: "followers", Value: 7, At: day.Add(30 * time.Hour)},
	)
	if _, ok, err := db.AccountValueAt(ctx, a.ID, "followers", day.Add(time.Hour)); ok || err != nil {
		t.Fatalf("before the first snapshot: ok %v %v", ok, err)
	}
	if v, ok, err := db.AccountValueAt(ctx, a.ID, "followers", day.Add(20*time.Hour)); !ok || err != nil || v != 105 {
		t.Fatalf("at a snapshot: %d %v %v", v, ok, err)
	}
	if v, ok, _ := db.AccountValueAt(ctx, a.ID, "followers", day.Add(40*time.Hour)); !ok || v != 105 {
		t.Fatalf("between snapshots: %d %v", v, ok)
	}
	if _, ok, _ := db.AccountValueAt(ctx, a.ID, "impressions", day.Add(40*time.Hour)); ok {
		t.Fatal("a number never reported is known")
	}

	got, err := db.DailySeries(ctx, a.ID, "followers", day.Add(-24*time.Hour), day.Add(4*24*time.Hour), time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	var vals []string
	for _, d := range got {
		if d.OK {
			vals = append(vals, d.Day.Format("01-02")+"="+strconv.FormatInt(d.Value, 10))
		} else {
			vals = append(vals, d.Day.Format("01-02")+"=?")
		}
	}
	want := "10-31=? 11-01=105 11-02=105 11-03=110 11-04=120"
	if s := strings.Join(vals, " "); s != want {
		t.Fatalf("daily\ngot  %s\nwant %s", s, want)
	}

	// Days are the zone's: 11-01 00:00Z is 10-31 20:00 in New York, whose day ends at
	// 04:00Z, before the first snapshot; the last day is cut at to.
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Skip(err)
	}
	got, err = db.DailySeries(ctx, a.ID, "followers", day, day.Add(24*time.Hour), ny)
	if err != nil || len(got) != 2 || got[0].Day.Day() != 31 || got[0].OK || got[1].Day.Day() != 1 || got[1].Value != 105 {
		t.Fatalf("zone: %+v %v", got, err)
	}
}
