package store

import (
	"strings"
	"testing"
	"time"
)

// TestMetricsQueryPlansSeek checks the metrics queries seek metric_points_series and the
// published-posts index rather than scanning metric_points or sorting.
func TestMetricsQueryPlansSeek(t *testing.T) {
	db := openTest(t)
	names := []string{"likes", "reposts", "impressions"}
	pm := func(q PostMetricsQuery) (string, []any) { return q.sql() }
	type planCase struct {
		name  string
		query string
		args  []any
		want  []string
	}
	q1, a1 := pm(PostMetricsQuery{AccountID: "a", From: t0, To: t0.AddDate(0, 0, 30), Names: names})
	q2, a2 := pm(PostMetricsQuery{AccountID: "a", CampaignID: 3, From: t0, To: t0.AddDate(0, 0, 30), Names: names})
	cases := []planCase{
		{"account value at", accountValueAtSQL, []any{"a", "followers", ms(t0)},
			[]string{"USING INDEX metric_points_series (account_id=? AND post_remote_id=? AND name=? AND at<?)"}},
		{"post metrics in a period", q1, a1, []string{"targets_published (account_id=? AND published_at>? AND published_at<?)",
			"metric_points_series (account_id=? AND post_remote_id=? AND name=? AND at<?)"}},
		{"post metrics of a campaign", q2, a2, []string{"targets_published (account_id=? AND published_at>? AND published_at<?)",
			"metric_points_series (account_id=? AND post_remote_id=? AND name=? AND at<?)", "INTEGER PRIMARY KEY (rowid=?)"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			plan := queryPlan(t, db, tc.query, tc.args...)
			for _, w := range tc.want {
				if !strings.Contains(plan, w) {
					t.Errorf("plan lacks %q:\n%s", w, plan)
				}
			}
			if strings.Contains(plan, "TEMP B-TREE") {
				t.Errorf("plan sorts:\n%s", plan)
			}
			for _, line := range strings.Split(plan, "\n") {
				if strings.Contains(line, "SCAN m") || strings.Contains(line, "SCAN metric_points") ||
					(strings.HasPrefix(line, "SCAN ") && !strings.Contains(line, " USING ") && !strings.Contains(line, "SCAN n") && !strings.Contains(line, "CONSTANT ROWS")) {
					t.Errorf("plan scans a table: %s\n%s", line, plan)
				}
			}
		})
	}
}

// TestMetricsQueriesOnAMillionSnapshots times the figures' queries on a real file holding
// 1,000,000 snapshots: 20 accounts × 250 posts published over 50 days, each post measured
// by four numbers hourly for two days, and half-hourly follower counts.
func TestMetricsQueriesOnAMillionSnapshots(t *testing.T) {
	if testing.Short() {
		t.Skip("a million rows")
	}
	db := openTest(t)
	ctx := t.Context()
	mustClient(t, db, "acme")
	const accounts, posts = 20, 250
	start := t0.AddDate(0, 0, -50)
	for i := range accounts {
		mustAccount(t, db, "a"+string(rune('a'+i)), "acme", "demo")
	}
	// Published targets, straight into the tables: 5,000 of them.
	_, err := db.w.ExecContext(ctx, `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i+1 FROM n WHERE i<?1-1)
		INSERT INTO posts (id, client_id, status, created_at, updated_at) SELECT i+1, 'acme', 'published', 1, 1 FROM n`, accounts*posts)
	if err != nil {
		t.Fatal(err)
	}
	_, err = db.w.ExecContext(ctx, `INSERT INTO targets (post_id, account_id, status, remote_id, published_at, due_at)
		SELECT id, 'a'||char(97+(id-1)/?1), 'published', 'r'||id, ?2+((id-1)%?1)*?3, ?2+((id-1)%?1)*?3 FROM posts`,
		posts, ms(start), int64(50*24*time.Hour/time.Millisecond)/posts)
	if err != nil {
		t.Fatal(err)
	}
	// 960,000 post snapshots (192 per post: four names × 48) and 40,000 follower counts.
	_, err = db.w.ExecContext(ctx, `WITH RECURSIVE k(j) AS (SELECT 0 UNION ALL SELECT j+1 FROM k WHERE j<191)
		INSERT INTO metric_points (account_id, post_remote_id, name, value, at)
		SELECT t.account_id, t.remote_id, CASE k.j%4 WHEN 0 THEN 'likes' WHEN 1 THEN 'reposts' WHEN 2 THEN 'replies' ELSE 'impressions' END,
			k.j*(t.id%7+1), t.published_at + (k.j/4)*3600000
		FROM targets t, k`)
	if err != nil {
		t.Fatal(err)
	}
	_, err = db.w.ExecContext(ctx, `WITH RECURSIVE k(j) AS (SELECT 0 UNION ALL SELECT j+1 FROM k WHERE j<1999)
		INSERT INTO metric_points (account_id, post_remote_id, name, value, at)
		SELECT a.id, '', 'followers', 1000+k.j, ?1 + k.j*1800000 FROM accounts a, k`, ms(start))
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if err := db.r.QueryRowContext(ctx, `SELECT count(*) FROM metric_points`).Scan(&n); err != nil || n != 1_000_000 {
		t.Fatalf("rows %d %v", n, err)
	}

	began := time.Now()
	var total int
	for i := range accounts {
		id := "a" + string(rune('a'+i))
		ps, err := db.PostMetricsIn(ctx, PostMetricsQuery{AccountID: id, From: t0.AddDate(0, 0, -30), To: t0,
			Names: []string{"likes", "reposts", "replies", "quotes", "impressions", "clicks"}})
		if err != nil {
			t.Fatal(err)
		}
		total += len(ps)
		if _, ok, err := db.AccountValueAt(ctx, id, "followers", t0); !ok || err != nil {
			t.Fatalf("followers of %s: %v %v", id, ok, err)
		}
		if ds, err := db.DailySeries(ctx, id, "followers", t0.AddDate(0, 0, -30), t0, time.UTC); err != nil || len(ds) != 31 { // t0 is 09:00: 30 days touch 31 dates
			t.Fatalf("daily of %s: %d %v", id, len(ds), err)
		}
	}
	took := time.Since(began)
	t.Logf("a client's 30-day figures (%d accounts, %d posts) on 1M snapshots: %v", accounts, total, took)
	if total != accounts*posts*30/50 {
		t.Errorf("posts in 30 days: %d", total)
	}
	if took > 5*time.Second {
		t.Errorf("too slow: %v", took)
	}
}
