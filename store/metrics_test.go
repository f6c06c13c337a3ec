package store

import (
	"testing"
	"time"

	"github.com/chorus-social/chorus/social"
)

func TestLatestAccountMetricsWithValueAPeriodBefore(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	a := seedClientAccount(t, db)
	b := mustAccount(t, db, "acme-b", "acme", "bluesky")
	fresh := mustAccount(t, db, "acme-new", "acme", "mastodon")
	mustClient(t, db, "beta")
	other := mustAccount(t, db, "beta-demo", "beta", "demo")
	day := 24 * time.Hour
	pts := []social.MetricPoint{
		{AccountID: a.ID, Name: social.MetricFollowers, Value: 100, At: t0.Add(-10 * day)},
		{AccountID: a.ID, Name: social.MetricFollowers, Value: 120, At: t0.Add(-7 * day)},
		{AccountID: a.ID, Name: social.MetricFollowers, Value: 130, At: t0.Add(-3 * day)},
		{AccountID: a.ID, Name: social.MetricFollowers, Value: 150, At: t0},
		{AccountID: a.ID, Name: social.MetricPosts, Value: 9, At: t0.Add(time.Hour)},                   // another number
		{AccountID: a.ID, PostRemoteID: "p1", Name: social.MetricFollowers, Value: 1, At: t0.Add(day)}, // a post's
		{AccountID: b.ID, Name: social.MetricFollowers, Value: 5, At: t0.Add(-time.Hour)},              // no history
		{AccountID: other.ID, Name: social.MetricFollowers, Value: 7, At: t0},
	}
	if err := db.AppendMetrics(ctx, pts); err != nil {
		t.Fatal(err)
	}
	got, err := db.LatestAccountMetrics(ctx, "acme", social.MetricFollowers, 7*day)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]AccountMetric{
		a.ID:     {AccountID: a.ID, Name: social.MetricFollowers, Value: 150, At: t0, Before: 120},
		b.ID:     {AccountID: b.ID, Name: social.MetricFollowers, Value: 5, At: t0.Add(-time.Hour), Before: 0},
		fresh.ID: {AccountID: fresh.ID, Name: social.MetricFollowers},
	}
	if len(got) != len(want) {
		t.Fatalf("got %+v", got)
	}
	for _, m := range got {
		w := want[m.AccountID]
		if m.AccountID != w.AccountID || m.Value != w.Value || !m.At.Equal(w.At) || m.Before != w.Before || m.Name != w.Name {
			t.Errorf("%s: got %+v, want %+v", m.AccountID, m, w)
		}
	}
	all, _ := db.LatestAccountMetrics(ctx, "", social.MetricFollowers, day)
	if len(all) != 4 {
		t.Fatalf("every client: %d accounts", len(all))
	}
	for _, m := range all {
		if m.AccountID == a.ID && m.Before != 130 {
			t.Fatalf("one day back: before %d, want 130", m.Before)
		}
	}
}

func TestSeriesReturnsTheRangeOldestFirst(t *testing.T) {
	db := openTest(t)
	a := seedClientAccount(t, db)
	var pts []social.MetricPoint
	for i := range 10 {
		pts = append(pts, social.MetricPoint{AccountID: a.ID, Name: social.MetricLikes, Value: int64(i), At: t0.Add(time.Duration(9-i) * time.Hour)})
		pts = append(pts, social.MetricPoint{AccountID: a.ID, PostRemoteID: "p1", Name: social.MetricLikes, Value: int64(100 + i), At: t0.Add(time.Duration(i) * time.Hour)})
	}
	if err := db.AppendMetrics(t.Context(), pts); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name     string
		post     string
		from, to time.Time
		want     []int64
	}{
		{"account, half-open range", "", t0.Add(2 * time.Hour), t0.Add(5 * time.Hour), []int64{7, 6, 5}},
		{"post", "p1", t0.Add(8 * time.Hour), t0.Add(24 * time.Hour), []int64{108, 109}},
		{"empty range", "", t0.Add(-time.Hour), t0, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := db.Series(t.Context(), a.ID, tc.post, social.MetricLikes, tc.from, tc.to)
			if err != nil {
				t.Fatal(err)
			}
			var vals []int64
			for i, p := range got {
				vals = append(vals, p.Value)
				if p.AccountID != a.ID || p.PostRemoteID != tc.post || p.Name != social.MetricLikes || (i > 0 && p.At.Before(got[i-1].At)) {
					t.Fatalf("point %+v", p)
				}
			}
			if len(vals) != len(tc.want) {
				t.Fatalf("values %v, want %v", vals, tc.want)
			}
			for i := range vals {
				if vals[i] != tc.want[i] {
					t.Fatalf("values %v, want %v", vals, tc.want)
				}
			}
		})
	}
}

func TestAppendMetricsRejectsAtomically(t *testing.T) {
	db := openTest(t)
	a := seedClientAccount(t, db)
	good := social.MetricPoint{AccountID: a.ID, Name: "followers", Value: 1, At: t0}
	err := db.AppendMetrics(t.Context(), []social.MetricPoint{good, {AccountID: "ghost", Name: "followers", At: t0}})
	wantErr(t, err, `no account "ghost"`)
	err = db.AppendMetrics(t.Context(), []social.MetricPoint{good, {AccountID: a.ID, At: t0}})
	wantErr(t, err, "has no name")
	if n := count(t, db, `SELECT count(*) FROM metric_points`); n != 0 {
		t.Fatalf("%d points kept from failed batches", n)
	}
	if err := db.AppendMetrics(t.Context(), nil); err != nil {
		t.Fatal(err)
	}
}
