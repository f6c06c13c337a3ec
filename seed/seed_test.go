package seed

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/chorus-social/chorus/social"
	"github.com/chorus-social/chorus/store"
)

var now = time.Date(2026, 11, 23, 14, 30, 0, 0, time.UTC)

func openDB(t testing.TB) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "chorus.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// rawCount counts rows straight from the file: the store has no count for every table,
// and the test must not trust the code under test to count for it.
func rawCount(t testing.TB, db *store.DB, query string, args ...any) int {
	t.Helper()
	raw, err := sql.Open("sqlite", "file:"+db.Path()+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var n int
	if err := raw.QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

func TestWorkspace(t *testing.T) {
	db := openDB(t)
	ctx := context.Background()
	rep, err := Workspace(ctx, db, 1, now)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Clients != 3 || rep.Accounts != 9 || rep.Inbox != 600 || rep.Posts != 120 {
		t.Fatalf("report %+v", rep)
	}
	clients, _ := db.Clients(ctx)
	var ids []string
	for _, c := range clients {
		ids = append(ids, c.ID+"@"+c.TZ)
	}
	if got := strings.Join(ids, " "); got != "acme@America/New_York bloom@Europe/Berlin nova@Asia/Tokyo" {
		t.Fatalf("clients: %s", got)
	}
	accts, _ := db.Accounts(ctx, "")
	onBoth := map[string]map[social.Platform]bool{}
	for _, a := range accts {
		if a.Handle != strings.Replace(a.ID, "-", "@", 1)+".demo" || a.RemoteID != "demo-user-"+a.ID {
			t.Errorf("account %+v breaks the naming scheme", a)
		}
		micro := strings.HasSuffix(a.ID, "-photos") || strings.HasSuffix(a.ID, "-pro")
		if want := map[bool]social.Platform{false: "demo", true: "demo-micro"}[micro]; a.Platform != want {
			t.Errorf("account %s is on %q, want %q", a.ID, a.Platform, want)
		}
		if onBoth[a.ClientID] == nil {
			onBoth[a.ClientID] = map[social.Platform]bool{}
		}
		onBoth[a.ClientID][a.Platform] = true
	}
	for c, ps := range onBoth {
		if len(ps) != 2 {
			t.Errorf("client %s has accounts on %v only; the composer needs both platforms", c, ps)
		}
	}
	if n := rawCount(t, db, `SELECT count(*) FROM inbox_items`); n != 600 {
		t.Errorf("%d inbox items", n)
	}
	if n := rawCount(t, db, `SELECT count(*) FROM metric_points`); n != rep.Metrics || n < 9*3*90 {
		t.Errorf("%d metric points, report says %d", n, rep.Metrics)
	}
	checkInboxOrder(t, db)

	// The calendar has every status, published ones with their remote ids.
	rows, err := db.TargetRows(ctx, store.TargetQuery{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	statuses := map[social.Status]int{}
	for _, r := range rows {
		statuses[r.Status]++
		switch r.Status {
		case social.StatusPublished:
			if r.RemoteID == "" || r.RemoteURL == "" || r.PublishedAt.IsZero() || !r.PublishedAt.Before(now) || len(r.SentParts) != r.Parts {
				t.Errorf("published target without its record: %+v", r.Target)
			}
		case social.StatusFailed:
			if r.LastError == "" {
				t.Errorf("failed target without an error: %+v", r.Target)
			}
		case social.StatusScheduled:
			if !r.DueAt.After(now) {
				t.Errorf("scheduled target in the past: %+v", r.Target)
			}
		case social.StatusIdea:
			if !r.DueAt.IsZero() {
				t.Errorf("idea with a date: %+v", r.Target)
			}
		}
		if !r.DueAt.IsZero() && (r.DueAt.Before(now.Add(-22*24*time.Hour)) || r.DueAt.After(now.Add(29*24*time.Hour))) {
			t.Errorf("target outside the window: %v", r.DueAt)
		}
	}
	for _, s := range []social.Status{social.StatusPublished, social.StatusScheduled, social.StatusFailed,
		social.StatusDraft, social.StatusReview, social.StatusApproved, social.StatusPaused, social.StatusIdea} {
		if statuses[s] == 0 {
			t.Errorf("no %s targets: %v", s, statuses)
		}
	}

	// 90 days of followers per account; each published post's numbers grow.
	fol, _ := db.Series(ctx, "acme-social", "", social.MetricFollowers, now.Add(-100*24*time.Hour), now)
	if len(fol) != 90 {
		t.Errorf("%d follower snapshots, want 90", len(fol))
	}
	for _, r := range rows {
		if r.Status != social.StatusPublished {
			continue
		}
		imp, _ := db.Series(ctx, r.AccountID, r.RemoteID, social.MetricImpressions, time.Time{}, now.Add(time.Hour))
		if len(imp) != workspacePostPoints || imp[len(imp)-1].Value < imp[0].Value {
			t.Errorf("impressions of %s: %+v", r.RemoteID, imp)
		}
		break
	}

	// Lived in: some items done, labels set, and sync continues after the seeded history.
	open, _ := db.OpenCounts(ctx, now)
	total := 0
	for _, n := range open {
		total += n
	}
	if total == 0 || total >= 600 {
		t.Errorf("%d open items of 600", total)
	}
	if n := rawCount(t, db, `SELECT count(*) FROM inbox_labels`); n == 0 {
		t.Error("no labels on items")
	}
	cur, _ := db.Cursor(ctx, "bloom-photos", "inbox")
	if cur.Cursor == "" {
		t.Error("no inbox cursor saved")
	}
}

// checkInboxOrder: ids grow with arrival time, which keyset pages and search rely on.
func checkInboxOrder(t *testing.T, db *store.DB) {
	t.Helper()
	if n := rawCount(t, db, `SELECT count(*) FROM (SELECT created_at, lag(created_at) OVER (ORDER BY id) AS prev
		FROM inbox_items) WHERE created_at < prev`); n != 0 {
		t.Errorf("%d inbox items have a larger id than a later item", n)
	}
	if n := rawCount(t, db, `SELECT count(*) FROM inbox_items`); n == 0 {
		t.Error("no inbox items to check the order of")
	}
}

// dump is what two seeded databases must agree on.
func dump(t *testing.T, db *store.DB) string {
	t.Helper()
	ctx := context.Background()
	var b strings.Builder
	items, err := db.Inbox(ctx, store.InboxQuery{All: true, Limit: 100000})
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range items {
		fmt.Fprintf(&b, "%d %s %s %s %s %v %v %v\n", it.ID, it.RemoteID, it.Kind, it.AuthorHandle, it.Text, it.CreatedAt.Unix(), it.Done, it.Labels)
	}
	rows, err := db.TargetRows(ctx, store.TargetQuery{Limit: 100000})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		fmt.Fprintf(&b, "%d %s %s %v %s %s %s %s\n", r.ID, r.AccountID, r.Status, r.DueAt.Unix(), r.IdemKey, r.RemoteID, r.LastError, r.Text)
	}
	for _, c := range []string{"acme", "bloom", "nova"} {
		rs, _ := db.SavedReplies(ctx, c)
		fmt.Fprintln(&b, rs)
	}
	fol, _ := db.Series(ctx, "nova-pro", "", social.MetricFollowers, time.Time{}, now)
	fmt.Fprintln(&b, fol)
	return b.String()
}

func TestWorkspaceIsDeterministic(t *testing.T) {
	ctx := context.Background()
	a, b, c := openDB(t), openDB(t), openDB(t)
	ra, err := Workspace(ctx, a, 7, now)
	if err != nil {
		t.Fatal(err)
	}
	rb, _ := Workspace(ctx, b, 7, now)
	if _, err := Workspace(ctx, c, 8, now); err != nil {
		t.Fatal(err)
	}
	ra.Took, rb.Took = 0, 0
	if !reflect.DeepEqual(ra, rb) {
		t.Fatalf("reports differ: %+v %+v", ra, rb)
	}
	da, db, dc := dump(t, a), dump(t, b), dump(t, c)
	if da != db {
		t.Fatal("same seed, different databases")
	}
	if da == dc {
		t.Fatal("different seeds, same database")
	}
}

func TestRunCountsAndProgress(t *testing.T) {
	// Sizes just past one batch of each kind, so batching is exercised; the race detector
	// makes SQLite some 25 times slower and the seeder is one goroutine, so there (and in
	// -short) a small run does.
	o := Options{Seed: 3, Clients: 4, Inbox: 5100, Posts: 1001, Metrics: 20050, Now: now}
	if raceEnabled || testing.Short() {
		o.Inbox, o.Posts, o.Metrics = 900, 150, 3000
	}
	db := openDB(t)
	stages := map[string][2]int{}
	o.Progress = func(stage string, done, total int) {
		if done > total {
			t.Errorf("%s: done %d > total %d", stage, done, total)
		}
		stages[stage] = [2]int{done, total}
	}
	rep, err := Run(context.Background(), db, o)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Clients != 4 || rep.Inbox != o.Inbox || rep.Posts != o.Posts || rep.Metrics != o.Metrics {
		t.Fatalf("report %+v", rep)
	}
	for _, q := range []struct {
		query string
		want  int
	}{
		{`SELECT count(*) FROM clients`, 4},
		{`SELECT count(*) FROM accounts`, rep.Accounts},
		{`SELECT count(*) FROM inbox_items`, o.Inbox},
		{`SELECT count(*) FROM posts`, o.Posts},
		{`SELECT count(*) FROM metric_points`, o.Metrics},
		{`SELECT count(*) FROM accounts WHERE platform NOT IN ('demo', 'demo-micro')`, 0},
		{`SELECT count(*) FROM inbox_items i JOIN accounts a ON a.id=i.account_id WHERE i.platform<>a.platform`, 0},
		{`SELECT count(*) FROM targets WHERE status='published' AND remote_id=''`, 0},
	} {
		if n := rawCount(t, db, q.query); n != q.want {
			t.Errorf("%s = %d, want %d", q.query, n, q.want)
		}
	}
	checkInboxOrder(t, db)
	// Items spread evenly over the accounts.
	if lo, hi := rawCount(t, db, `SELECT min(n) FROM (SELECT count(*) n FROM inbox_items GROUP BY account_id)`),
		rawCount(t, db, `SELECT max(n) FROM (SELECT count(*) n FROM inbox_items GROUP BY account_id)`); hi-lo > 1 {
		t.Errorf("items per account from %d to %d", lo, hi)
	}
	for _, s := range []string{"clients", "inbox", "posts", "metrics"} {
		if p, ok := stages[s]; !ok || p[0] != p[1] {
			t.Errorf("stage %s: last progress %v", s, p)
		}
	}
}

func TestRunRefusesNegativeCounts(t *testing.T) {
	if _, err := Run(context.Background(), openDB(t), Options{Inbox: -1}); err == nil {
		t.Fatal("negative inbox accepted")
	}
}

func TestRunWithOnlyClients(t *testing.T) {
	db := openDB(t)
	rep, err := Run(context.Background(), db, Options{Seed: 1, Now: now})
	if err != nil || rep.Clients != 3 || rep.Inbox+rep.Posts+rep.Metrics != 0 {
		t.Fatalf("%+v %v", rep, err)
	}
}

func TestAgesAreLogSpaced(t *testing.T) {
	a := ages(5, 1000*time.Minute)
	if a[0] != 10*time.Minute || a[4] != 1000*time.Minute || a[2] != 100*time.Minute {
		t.Fatalf("ages %v", a)
	}
	if got := ages(1, time.Hour); len(got) != 1 || got[0] != time.Hour {
		t.Fatalf("one age: %v", got)
	}
}
