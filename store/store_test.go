package store

import (
	"context"
	"database/sql"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/chorus-social/chorus/social"
)

// t0 is the tests' "now": a Tuesday morning, far from DST edges.
var t0 = time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)

func openTest(t testing.TB) *DB {
	t.Helper()
	return openAt(t, filepath.Join(t.TempDir(), "chorus.db"))
}

// openAt opens the database at path, closed when the test ends. Two calls on one path
// are two processes as far as SQLite can tell: separate connections and locks.
func openAt(t testing.TB, path string) *DB {
	t.Helper()
	db, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func mustClient(t testing.TB, db *DB, id string) social.Client {
	t.Helper()
	c := social.Client{ID: id, Name: strings.ToUpper(id[:1]) + id[1:], TZ: "Europe/Berlin"}
	if err := db.PutClient(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	return c
}

func mustAccount(t testing.TB, db *DB, id, clientID string, p social.Platform) social.Account {
	t.Helper()
	a := social.Account{ID: id, ClientID: clientID, Platform: p, Handle: id}
	if err := db.PutAccount(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	return a
}

func seedClientAccount(t testing.TB, db *DB) social.Account {
	t.Helper()
	mustClient(t, db, "acme")
	return mustAccount(t, db, "acme-demo", "acme", "demo")
}

// mustPost saves a post of one or more parts with the given targets.
func mustPost(t testing.TB, db *DB, clientID string, targets []social.Target, texts ...string) *social.Post {
	t.Helper()
	p := &social.Post{ClientID: clientID, Targets: targets}
	for _, s := range texts {
		p.Parts = append(p.Parts, social.Part{Text: s})
	}
	if err := db.CreatePost(context.Background(), p); err != nil {
		t.Fatal(err)
	}
	return p
}

// scheduled saves a post with one target on account, scheduled at due, and returns the
// target's id.
func scheduled(t testing.TB, db *DB, a social.Account, due time.Time, texts ...string) int64 {
	t.Helper()
	if len(texts) == 0 {
		texts = []string{"hello"}
	}
	p := mustPost(t, db, a.ClientID, []social.Target{{AccountID: a.ID, Status: social.StatusScheduled, DueAt: due}}, texts...)
	return p.Targets[0].ID
}

func mustTarget(t testing.TB, db *DB, id int64) social.Target {
	t.Helper()
	tg, err := db.Target(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return tg
}

// wantErr fails unless err is non-nil and its message holds every part.
func wantErr(t testing.TB, err error, parts ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want one containing %q", parts)
	}
	for _, p := range parts {
		if !strings.Contains(err.Error(), p) {
			t.Fatalf("error %q does not contain %q", err, p)
		}
	}
}

func count(t testing.TB, db *DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := db.r.QueryRowContext(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

// queryPlan returns SQLite's EXPLAIN QUERY PLAN for a query, one step a line.
func queryPlan(t testing.TB, db *DB, query string, args ...any) string {
	t.Helper()
	rows, err := db.r.QueryContext(context.Background(), "EXPLAIN QUERY PLAN "+query, args...)
	if err != nil {
		t.Fatalf("explain %s: %v", query, err)
	}
	defer rows.Close()
	var steps []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		steps = append(steps, detail)
	}
	return strings.Join(steps, "\n")
}

func TestOpenCreatesPrivateFileAndMigratesFromEmpty(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "chorus.db")
	db := openAt(t, path)
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", fi.Mode().Perm())
	}
	v, err := db.Version(t.Context())
	if err != nil || v != SchemaVersion() || v < 1 {
		t.Fatalf("version %d, %v; want %d", v, err, SchemaVersion())
	}
	for _, table := range []string{"clients", "accounts", "campaigns", "posts", "post_parts", "media", "targets",
		"contacts", "conversations", "inbox_items", "inbox_fts", "labels", "inbox_labels", "saved_replies",
		"metric_points", "sync_cursors", "queue_slots", "meta"} {
		if count(t, db, `SELECT count(*) FROM sqlite_master WHERE name=?`, table) != 1 {
			t.Errorf("table %s missing", table)
		}
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		if fi, err := os.Stat(path + suffix); err == nil && fi.Mode().Perm() != 0o600 {
			t.Errorf("%s mode %v, want 0600", suffix, fi.Mode().Perm())
		}
	}
}

func TestOpenTightensModeOfExistingFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "chorus.db")
	if err := os.WriteFile(path, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	openAt(t, path)
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", fi.Mode().Perm())
	}
}

func TestReopenKeepsDataAndVersion(t *testing.T) {
	path := filepath.Join(t.TempDir(), "chorus.db")
	db, err := Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	mustClient(t, db, "acme")
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db2 := openAt(t, path)
	if v, _ := db2.Version(t.Context()); v != SchemaVersion() {
		t.Fatalf("version after reopen %d", v)
	}
	if _, err := db2.Client(t.Context(), "acme"); err != nil {
		t.Fatalf("client lost on reopen: %v", err)
	}
}

func TestOpenRefusesNewerSchemaWithClearError(t *testing.T) {
	path := filepath.Join(t.TempDir(), "chorus.db")
	db, err := Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	newer := SchemaVersion() + 1
	if _, err := db.w.ExecContext(t.Context(), "PRAGMA user_version = "+strconv.Itoa(newer)); err != nil {
		t.Fatal(err)
	}
	db.Close()
	_, err = Open(t.Context(), path)
	wantErr(t, err, path, "schema version "+strconv.Itoa(newer), "newer than this chorus knows", "upgrade chorus")
}

func TestOpenNonDatabaseFileNamesTheFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "notes.txt")
	if err := os.WriteFile(path, []byte(strings.Repeat("not a database\n", 100)), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Open(t.Context(), path)
	wantErr(t, err, path)
}

func TestOpenPathWithURICharacters(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "my data? #1 %20 & co")
	path := filepath.Join(dir, "chorus.db")
	db := openAt(t, path)
	mustClient(t, db, "acme")
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("database not at the path given: %v", err)
	}
	entries, _ := os.ReadDir(filepath.Dir(dir))
	if len(entries) != 1 {
		t.Fatalf("stray files beside the data dir: %v", entries)
	}
}

func TestConcurrentOpenOfNewFileMigratesOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "chorus.db")
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Go(func() {
			db, err := Open(context.Background(), path)
			if err == nil {
				err = db.Close()
			}
			errs[i] = err
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	db := openAt(t, path)
	if v, _ := db.Version(t.Context()); v != SchemaVersion() {
		t.Fatalf("version %d", v)
	}
}

// TestMigrationsAreNumberedOneToN reads the embedded files independently of the loader:
// numbers must run 1..N without gaps or duplicates, or users' upgrades skip a step.
func TestMigrationsAreNumberedOneToN(t *testing.T) {
	entries, err := fs.ReadDir(migrations, "migrations")
	if err != nil {
		t.Fatal(err)
	}
	var nums []int
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".sql") {
			t.Errorf("%s: not an .sql file", e.Name())
			continue
		}
		prefix, _, ok := strings.Cut(e.Name(), "_")
		n, err := strconv.Atoi(prefix)
		if !ok || err != nil || len(prefix) != 4 {
			t.Errorf("%s: want NNNN_name.sql", e.Name())
			continue
		}
		nums = append(nums, n)
	}
	sort.Ints(nums)
	if len(nums) == 0 {
		t.Fatal("no migrations embedded")
	}
	for i, n := range nums {
		if n != i+1 {
			t.Fatalf("migration numbers %v: want 1..%d contiguous", nums, len(nums))
		}
	}
	ms, err := migrationFiles()
	if err != nil || len(ms) != len(nums) || SchemaVersion() != len(nums) {
		t.Fatalf("loader: %d migrations, version %d, %v", len(ms), SchemaVersion(), err)
	}
}

func TestMigrationLoaderRejectsBadSets(t *testing.T) {
	body := &fstest.MapFile{Data: []byte("SELECT 1;")}
	for _, tc := range []struct {
		name  string
		files []string
		want  string
	}{
		{"gap", []string{"0001_a.sql", "0003_c.sql"}, "expected number 2"},
		{"duplicate", []string{"0001_a.sql", "0002_b.sql", "0002_c.sql"}, "expected number 3"},
		{"starts at two", []string{"0002_b.sql"}, "expected number 1"},
		{"no number", []string{"0001_a.sql", "init.sql"}, "name must be"},
		{"zero", []string{"0000_a.sql"}, "name must be"},
		{"not sql", []string{"0001_a.sql", "0002_b.txt"}, "only NNNN_what.sql"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := fstest.MapFS{}
			for _, f := range tc.files {
				fsys["migrations/"+f] = body
			}
			_, err := migrationFilesIn(fsys)
			wantErr(t, err, tc.want)
		})
	}
	fsys := fstest.MapFS{"migrations/0002_b.sql": body, "migrations/0001_a.sql": body}
	ms, err := migrationFilesIn(fsys)
	if err != nil || len(ms) != 2 || ms[0].name != "0001_a.sql" {
		t.Fatalf("good set: %v %v", ms, err)
	}
}

func TestPanicInTransactionRollsBackAndFreesTheWriter(t *testing.T) {
	db := openTest(t)
	func() {
		defer func() { recover() }()
		db.tx(t.Context(), func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(t.Context(), `INSERT INTO meta (key, value) VALUES ('k', 'v')`); err != nil {
				t.Fatal(err)
			}
			panic("boom")
		})
	}()
	done := make(chan error, 1)
	go func() { done <- db.SetMeta(context.Background(), "other", "x") }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("writer still held after a panic in a transaction")
	}
	if v, _ := db.Meta(t.Context(), "k"); v != "" {
		t.Fatalf("write of the panicking transaction kept: %q", v)
	}
}

func TestTimesRoundTripInUTCMilliseconds(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Skip("no tzdata")
	}
	for _, tc := range []struct {
		name string
		in   time.Time
		want time.Time
	}{
		{"zero stays zero", time.Time{}, time.Time{}},
		{"utc", t0, t0},
		{"zone becomes utc", time.Date(2026, 3, 29, 3, 30, 0, 0, berlin), time.Date(2026, 3, 29, 1, 30, 0, 0, time.UTC)},
		{"sub-millisecond truncated", t0.Add(1234567 * time.Nanosecond), t0.Add(time.Millisecond)},
		{"before 1970", time.Date(1969, 7, 20, 20, 17, 0, 0, time.UTC), time.Date(1969, 7, 20, 20, 17, 0, 0, time.UTC)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := fromMs(ms(tc.in))
			if !got.Equal(tc.want) || (!got.IsZero() && got.Location() != time.UTC) {
				t.Fatalf("got %v, want %v UTC", got, tc.want)
			}
		})
	}
}

func TestConstraintErrorsAreRecognised(t *testing.T) {
	db := openTest(t)
	_, err := db.w.ExecContext(t.Context(), `INSERT INTO accounts (id, client_id, platform, handle, created_at) VALUES ('a', 'nobody', 'demo', 'a', 1)`)
	if !isConstraint(err, codeForeignKey) || isConstraint(err, codeUnique) {
		t.Fatalf("foreign key error not recognised: %v", err)
	}
	if isConstraint(nil, codeForeignKey) || isConstraint(errors.New("FOREIGN KEY"), codeForeignKey) {
		t.Fatal("non-sqlite error taken for a constraint error")
	}
}

// TestQueryPlansSeek checks the hot queries seek an index (or walk one in order with a
// LIMIT) instead of scanning a table or sorting every match.
func TestQueryPlansSeek(t *testing.T) {
	db := openTest(t)
	page := func(q InboxQuery) (string, []any) { return q.pageSQL() }
	search := func(q InboxQuery) (string, []any) { return q.searchSQL(ftsQuery("hello wor")) }
	cal := func(q TargetQuery) (string, []any) { return q.sql() }
	after := &TargetRow{Target: social.Target{ID: 10, DueAt: t0}}
	type planCase struct {
		name  string
		query string
		args  []any
		want  []string
	}
	cases := []planCase{
		{name: "claim", query: claimSelectSQL, args: []any{ms(t0)}, want: []string{"USING INDEX targets_due"}},
		{name: "next due", query: nextDueSQL, want: []string{"USING INDEX targets_due"}},
		{name: "open counts", query: openCountsSQL, args: []any{ms(t0)}, want: []string{"COVERING INDEX inbox_open_counts"}},
		{name: "index new items for search", query: ftsAddSQL, args: []any{"[1,2]"}, want: []string{"INTEGER PRIMARY KEY (rowid=?)"}},
		{name: "next inbox id", query: lastIDSQL, args: []any{1, 2}, want: []string{"INTEGER PRIMARY KEY (rowid>? AND rowid<?)"}},
		{name: "author history", query: authorHistorySQL, args: []any{"demo", "u1", "", "", 20}, want: []string{"inbox_author"}},
	}
	add := func(name string, q string, args []any, want ...string) {
		cases = append(cases, planCase{name, q, args, want})
	}
	q, a := page(InboxQuery{Now: t0})
	add("inbox open", q, a, "USING INDEX inbox_open")
	q, a = page(InboxQuery{Now: t0, ClientID: "acme", Before: 1 << 40})
	add("inbox open of a client", q, a, "USING INDEX inbox_open_client (client_id=? AND id<?)")
	q, a = page(InboxQuery{Now: t0, ClientID: "acme"})
	add("inbox first page of a client", q, a, "USING INDEX inbox_open_client (client_id=?)")
	q, a = page(InboxQuery{Now: t0, ClientID: "acme", Unread: true, Kinds: []social.InboxKind{"mention", "dm"}, Label: "x"})
	add("inbox filtered first page of a client", q, a, "USING INDEX inbox_open_client (client_id=?)")
	q, a = page(InboxQuery{All: true, ClientID: "acme", Unread: true, Before: 1 << 40})
	add("inbox all of a client", q, a, "inbox_client (client_id=? AND id<?)")
	q, a = page(InboxQuery{All: true, Before: 1 << 40})
	add("inbox all", q, a, "INTEGER PRIMARY KEY (rowid<?)")
	q, a = search(InboxQuery{ClientID: "acme", Before: 1 << 40})
	add("search of a client", q, a, "SCAN f VIRTUAL TABLE", "SEARCH i USING INTEGER PRIMARY KEY (rowid=?)")
	q, a = cal(TargetQuery{ClientID: "acme", From: t0, To: t0.AddDate(0, 1, 0)})
	add("calendar month", q, a, "targets_kind_due (kind=? AND due_at>? AND due_at<?)")
	q, a = cal(TargetQuery{From: t0, To: t0.AddDate(0, 1, 0), After: after})
	add("calendar next page", q, a, "targets_kind_due (kind=? AND due_at>? AND due_at<?)")
	q, a = cal(TargetQuery{From: t0, To: t0.AddDate(0, 1, 0), After: after, Desc: true})
	add("calendar previous page", q, a, "targets_kind_due (kind=? AND due_at>? AND due_at<?)")
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
				if strings.HasPrefix(line, "SCAN ") && !strings.Contains(line, " USING ") && !strings.Contains(line, "VIRTUAL TABLE") {
					t.Errorf("plan scans a table: %s\n%s", line, plan)
				}
			}
		})
	}
}
