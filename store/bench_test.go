package store

import (
	"context"
	"crypto/sha256"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chorus-social/chorus/internal/benchstat"

	"github.com/chorus-social/chorus/social"
)

// The benchmarks run on seeded files. Those only read are cached in os.TempDir() under a
// name made of benchSeedVersion and the schema, so a run after the first skips seeding
// (1,000,000 inbox items take a minute or more). Bump benchSeedVersion when a seed changes.
const benchSeedVersion = "seed-v1"

// queriesPerOp is how many queries one benchmark iteration runs, so that even
// -benchtime 1x has enough samples for percentiles.
const queriesPerOp = 200

// latencies records per-query times (benchstat) and the rows the queries returned.
type latencies struct {
	benchstat.Latencies
	rows int
}

func (l *latencies) measure(b *testing.B, f func() (int, error)) {
	start := time.Now()
	n, err := f()
	l.Add(time.Since(start))
	if err != nil {
		b.Fatal(err)
	}
	l.rows += n
}

func (l *latencies) report(b *testing.B) {
	if l.Len() == 0 {
		return
	}
	l.Report(b)
	b.ReportMetric(float64(l.rows)/float64(l.Len()), "rows/query")
}

// benchPath is where a cached seed lives: keyed by name, seed version and schema.
func benchPath(b *testing.B, name string) string {
	h := sha256.New()
	h.Write([]byte(benchSeedVersion))
	ms, err := migrationFiles()
	if err != nil {
		b.Fatal(err)
	}
	for _, m := range ms {
		body, _ := migrations.ReadFile("migrations/" + m.name)
		h.Write(body)
	}
	return filepath.Join(os.TempDir(), fmt.Sprintf("chorus-bench-%s-%x.db", name, h.Sum(nil)[:6]))
}

// cachedDB opens the cached seed called name, seeding it first if it is missing or was
// left half-done. Benchmarks using it must only read.
func cachedDB(b *testing.B, name string, seed func(db *DB)) *DB {
	ctx := context.Background()
	path := benchPath(b, name)
	if db, err := Open(ctx, path); err == nil {
		if v, _ := db.Meta(ctx, "bench_seed"); v == benchSeedVersion {
			b.Cleanup(func() { db.Close() })
			return db
		}
		db.Close()
	}
	// Older seeds of this name (another seed version or schema) only take up space.
	stale, _ := filepath.Glob(filepath.Join(os.TempDir(), "chorus-bench-"+name+"-*.db*"))
	for _, p := range stale {
		if !strings.HasPrefix(p, path) {
			os.Remove(p)
		}
	}
	tmp := fmt.Sprintf("%s.seeding-%d", path, os.Getpid())
	for _, p := range []string{path, tmp} {
		for _, suffix := range []string{"", "-wal", "-shm"} {
			os.Remove(p + suffix)
		}
	}
	start := time.Now()
	db, err := Open(ctx, tmp)
	if err != nil {
		b.Fatal(err)
	}
	seed(db)
	if err := db.SetMeta(ctx, "bench_seed", benchSeedVersion); err != nil {
		b.Fatal(err)
	}
	if _, err := db.w.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		b.Fatal(err)
	}
	if err := db.Close(); err != nil {
		b.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		b.Fatal(err)
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		os.Remove(tmp + suffix)
	}
	b.Logf("seeded %s in %v", path, time.Since(start).Round(time.Millisecond))
	db, err = Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	return db
}

// benchAccounts makes 3 clients with 3 accounts each.
func benchAccounts(b *testing.B, db *DB) []social.Account {
	ctx := context.Background()
	var out []social.Account
	for c := range 3 {
		cid := fmt.Sprintf("c%d", c)
		if err := db.PutClient(ctx, social.Client{ID: cid, Name: "Client " + cid, TZ: "Europe/Berlin"}); err != nil {
			b.Fatal(err)
		}
		for i, p := range []social.Platform{"mastodon", "bluesky", "demo"} {
			a := social.Account{ID: fmt.Sprintf("%s-%d", cid, i), ClientID: cid, Platform: p, Handle: fmt.Sprintf("%s%d", cid, i)}
			if err := db.PutAccount(ctx, a); err != nil {
				b.Fatal(err)
			}
			out = append(out, a)
		}
	}
	return out
}

// The words of seeded texts: real ones first so they are the common ones under the Zipf
// draw, then made-up ones for a long tail of rare words.
var benchCommon = strings.Fields(`thanks the order shipping love help refund great product when please
	you your new question delivery today can with for this store size price support team soon`)

func benchVocab() []string {
	words := append([]string(nil), benchCommon...)
	syl := []string{"ka", "lo", "mi", "ne", "ru", "ta", "vi", "zo", "pe", "su", "da", "gi"}
	for i := 0; len(words) < 5000; i++ {
		words = append(words, syl[i%12]+syl[(i/12)%12]+syl[(i/144)%12]+fmt.Sprint(i/1728))
	}
	return words
}

// seedInbox stores n items over 9 accounts, oldest first, in batches of 5,000 through
// UpsertInbox (the path a sync takes), then marks 70% done as triage would.
func seedInbox(b *testing.B, db *DB, n int) {
	ctx := context.Background()
	accts := benchAccounts(b, db)
	r := rand.New(rand.NewSource(1))
	vocab := benchVocab()
	zipf := rand.NewZipf(r, 1.1, 2, uint64(len(vocab)-1))
	kinds := []social.InboxKind{social.InboxMention, social.InboxReply, social.InboxComment, social.InboxDM, social.InboxLike}
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	step := (2 * 365 * 24 * time.Hour) / time.Duration(n) // two years of history
	const batch = 5000
	items := make([]social.InboxItem, 0, batch)
	var words []string
	for i := range n {
		a := accts[r.Intn(len(accts))]
		words = words[:0]
		for range 8 + r.Intn(13) {
			words = append(words, vocab[zipf.Uint64()])
		}
		author := r.Intn(20000)
		items = append(items, social.InboxItem{
			AccountID: a.ID, RemoteID: fmt.Sprint(i), Kind: kinds[r.Intn(len(kinds))],
			AuthorID: fmt.Sprint(author), AuthorHandle: fmt.Sprintf("user%d", author), AuthorName: fmt.Sprintf("User %d", author),
			Text: strings.Join(words, " "), CreatedAt: start.Add(time.Duration(i) * step),
		})
		if len(items) == batch || i == n-1 {
			if _, err := db.UpsertInbox(ctx, items); err != nil {
				b.Fatal(err)
			}
			items = items[:0]
		}
	}
	if _, err := db.w.ExecContext(ctx, `UPDATE inbox_items SET done=1, read=1 WHERE CAST(remote_id AS INTEGER) % 10 < 7`); err != nil {
		b.Fatal(err)
	}
	if _, err := db.w.ExecContext(ctx, `INSERT INTO inbox_fts(inbox_fts) VALUES ('optimize')`); err != nil {
		b.Fatal(err)
	}
}

func idRange(b *testing.B, db *DB) (lo, hi int64) {
	if err := db.r.QueryRow(`SELECT min(id), max(id) FROM inbox_items`).Scan(&lo, &hi); err != nil {
		b.Fatal(err)
	}
	return lo, hi
}

// BenchmarkInboxPage: a keyset page of 50 at a random depth over 100,000 items.
func BenchmarkInboxPage(b *testing.B) {
	db := cachedDB(b, "inbox-100k", func(db *DB) { seedInbox(b, db, 100_000) })
	lo, hi := idRange(b, db)
	now := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, bc := range []struct {
		name string
		q    InboxQuery
	}{
		{"all", InboxQuery{All: true}},
		{"all-client", InboxQuery{All: true, ClientID: "c1"}},
		{"open", InboxQuery{Now: now}},
		{"open-client", InboxQuery{Now: now, ClientID: "c1"}},
		{"open-client-unread-mentions", InboxQuery{Now: now, ClientID: "c1", Unread: true, Kinds: []social.InboxKind{social.InboxMention}}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			r := rand.New(rand.NewSource(2))
			var l latencies
			ctx := context.Background()
			for b.Loop() {
				for range queriesPerOp {
					q := bc.q
					q.Limit = 50
					q.Before = lo + r.Int63n(hi-lo)
					l.measure(b, func() (int, error) {
						items, err := db.Inbox(ctx, q)
						return len(items), err
					})
				}
			}
			l.report(b)
		})
	}
}

// BenchmarkInboxSearch: FTS over 1,000,000 items, newest 50 matches.
func BenchmarkInboxSearch(b *testing.B) {
	if testing.Short() {
		b.Skip("seeding 1,000,000 items is not short")
	}
	db := cachedDB(b, "inbox-1m", func(db *DB) { seedInbox(b, db, 1_000_000) })
	lo, hi := idRange(b, db)
	rare := benchVocab()[3000]
	// A trailing space marks a finished word (a whole-word term); without one the last
	// word is still being typed and is a prefix term.
	for _, bc := range []struct {
		name, query string
		q           InboxQuery
		deep        bool
	}{
		{"word", "thanks ", InboxQuery{}, false},
		{"word-client", "thanks ", InboxQuery{ClientID: "c1"}, false},
		{"word-deep", "thanks ", InboxQuery{}, true},
		{"two-words", "order shipping ", InboxQuery{}, false},
		{"rare-word", rare + " ", InboxQuery{}, false},
		{"author", "user1234 ", InboxQuery{}, false},
		{"typing-1-char", "s", InboxQuery{}, false},
		{"typing-3-chars", "tha", InboxQuery{}, false},
		{"typing-after-word", "order shi", InboxQuery{}, false},
		{"typing-long-common-prefix", "thanks", InboxQuery{}, false},
		{"typing-author-prefix", "user12", InboxQuery{}, false}, // starts 1,111 words: FTS's prefix merge
	} {
		b.Run(bc.name, func(b *testing.B) {
			r := rand.New(rand.NewSource(3))
			var l latencies
			ctx := context.Background()
			for b.Loop() {
				for range queriesPerOp {
					q := bc.q
					q.Limit = 50
					if bc.deep {
						q.Before = lo + r.Int63n(hi-lo)
					}
					l.measure(b, func() (int, error) {
						items, err := db.SearchInbox(ctx, bc.query, q)
						return len(items), err
					})
				}
			}
			l.report(b)
		})
	}
}

// BenchmarkClaimDue: the publisher's claim over 10,000 published targets of history, with
// due targets waiting (each claim is completed, untimed, so the queue drains as in life)
// and with nothing due (the idle poll).
func BenchmarkClaimDue(b *testing.B) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(b.TempDir(), "claim.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	accts := benchAccounts(b, db)
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	addPosts := func(n int, status social.Status, due func(i int) time.Time) {
		posts := make([]*social.Post, n)
		for i := range posts {
			a := accts[i%len(accts)]
			t := social.Target{AccountID: a.ID, Status: status, DueAt: due(i)}
			if status == social.StatusPublished {
				t.RemoteID = fmt.Sprintf("r%d", i) // history is imported as published
			}
			posts[i] = &social.Post{ClientID: a.ClientID, Parts: []social.Part{{Text: "post"}},
				Targets: []social.Target{t}}
		}
		if err := db.CreatePosts(ctx, posts); err != nil {
			b.Fatal(err)
		}
	}
	addPosts(10_000, social.StatusPublished, func(i int) time.Time { return now.Add(-time.Duration(i+1) * time.Hour) })
	addPosts(500, social.StatusScheduled, func(i int) time.Time { return now.Add(time.Duration(i+1) * time.Hour) })
	due := func(i int) time.Time { return now.Add(-time.Duration(i) * time.Second) }

	b.Run("due", func(b *testing.B) {
		var l latencies
		for b.Loop() {
			for range queriesPerOp {
				var c Claim
				var ok bool
				l.measure(b, func() (int, error) {
					var err error
					c, ok, err = db.ClaimDue(ctx, now, time.Minute)
					return 1, err
				})
				if !ok {
					b.StopTimer()
					addPosts(1000, social.StatusScheduled, due)
					b.StartTimer()
					continue
				}
				if err := db.CompletePublish(ctx, c.Target.ID, Result{RemoteID: "r", At: now}); err != nil {
					b.Fatal(err)
				}
			}
		}
		l.report(b)
	})
	b.Run("idle", func(b *testing.B) {
		if _, err := db.w.ExecContext(ctx, `UPDATE targets SET status='published' WHERE status='scheduled' AND due_at<=?`, ms(now)); err != nil {
			b.Fatal(err)
		}
		var l latencies
		for b.Loop() {
			for range queriesPerOp {
				l.measure(b, func() (int, error) {
					_, ok, err := db.ClaimDue(ctx, now, time.Minute)
					if ok {
						return 0, fmt.Errorf("claimed with nothing due")
					}
					return 0, err
				})
			}
		}
		l.report(b)
	})
}

// BenchmarkTargetRows: the calendar's month window over 10,000 posts (about 20,000
// targets over a year on 9 accounts).
func BenchmarkTargetRows(b *testing.B) {
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	db := cachedDB(b, "posts-10k", func(db *DB) {
		ctx := context.Background()
		accts := benchAccounts(b, db)
		r := rand.New(rand.NewSource(4))
		year := 365 * 24 * time.Hour
		for range 10 {
			posts := make([]*social.Post, 1000)
			for i := range posts {
				c := r.Intn(3)
				due := start.Add(time.Duration(r.Int63n(int64(year)))).Truncate(15 * time.Minute)
				p := &social.Post{ClientID: fmt.Sprintf("c%d", c), Parts: []social.Part{{Text: "a post about things"}}}
				for k := range 1 + r.Intn(3) {
					p.Targets = append(p.Targets, social.Target{AccountID: accts[c*3+k].ID, Status: social.StatusScheduled, DueAt: due})
				}
				posts[i] = p
			}
			if err := db.CreatePosts(ctx, posts); err != nil {
				b.Fatal(err)
			}
		}
	})
	for _, bc := range []struct {
		name   string
		client string
		limit  int
	}{
		{"month-page-100", "", 100},
		{"month-whole", "", 5000},
		{"month-whole-client", "c1", 5000},
	} {
		b.Run(bc.name, func(b *testing.B) {
			r := rand.New(rand.NewSource(5))
			ctx := context.Background()
			var l latencies
			for b.Loop() {
				for range queriesPerOp {
					from := start.AddDate(0, r.Intn(12), 0)
					q := TargetQuery{ClientID: bc.client, From: from, To: from.AddDate(0, 1, 0), Limit: bc.limit}
					l.measure(b, func() (int, error) {
						rows, err := db.TargetRows(ctx, q)
						return len(rows), err
					})
				}
			}
			l.report(b)
		})
	}
}

// BenchmarkUpsertInbox: the sync's write path, a batch of 5,000 new items per op into a
// growing file, as rows/s.
func BenchmarkUpsertInbox(b *testing.B) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(b.TempDir(), "upsert.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	accts := benchAccounts(b, db)
	vocab := benchVocab()
	r := rand.New(rand.NewSource(6))
	zipf := rand.NewZipf(r, 1.1, 2, uint64(len(vocab)-1))
	next := 0
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	total := 0
	var elapsed time.Duration
	for b.Loop() {
		items := make([]social.InboxItem, 5000)
		for i := range items {
			var w []string
			for range 12 {
				w = append(w, vocab[zipf.Uint64()])
			}
			items[i] = social.InboxItem{AccountID: accts[next%9].ID, RemoteID: fmt.Sprint(next), Kind: social.InboxMention,
				AuthorID: fmt.Sprint(next % 5000), AuthorHandle: "u", Text: strings.Join(w, " "), CreatedAt: at.Add(time.Duration(next) * time.Second)}
			next++
		}
		start := time.Now()
		if _, err := db.UpsertInbox(ctx, items); err != nil {
			b.Fatal(err)
		}
		elapsed += time.Since(start)
		total += len(items)
	}
	b.ReportMetric(float64(total)/elapsed.Seconds(), "rows/s")
}
