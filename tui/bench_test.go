package tui

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/chorus-social/chorus/internal/benchstat"
	"github.com/chorus-social/chorus/seed"
	"github.com/chorus-social/chorus/social"
	"github.com/chorus-social/chorus/store"
	"github.com/chorus-social/chorus/tui/inbox"
)

// benchNow is the clock of the benchmarks: the seeded history ends here.
var benchNow = time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)

// benchDB returns a database seeded as the acceptance check asks (100,000 inbox
// items, 10,000 posts, 1,000,000 metric points), cached in the temp dir across runs
// because seeding takes most of a minute. Bump the name when the seed changes.
func benchDB(b *testing.B) string {
	return cachedDB(b, "chorus-bench-tui-v1.db", seed.Options{Seed: 1, Inbox: 100_000, Posts: 10_000, Metrics: 1_000_000, Now: benchNow})
}

// cachedDB returns the path of a database seeded with o, made once and kept in the temp
// dir under name. Benchmarks that write must work on a copy (copyDB).
func cachedDB(b *testing.B, name string, o seed.Options) string {
	b.Helper()
	path := filepath.Join(os.TempDir(), name)
	if _, err := os.Stat(path); err == nil {
		return path
	}
	tmp := path + ".tmp"
	os.Remove(tmp)
	db, err := store.Open(context.Background(), tmp)
	if err != nil {
		b.Fatal(err)
	}
	_, err = seed.Run(context.Background(), db, o)
	db.Close()
	if err != nil {
		b.Fatal(err)
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		os.Remove(tmp + suffix)
	}
	if err := os.Rename(tmp, path); err != nil {
		b.Fatal(err)
	}
	return path
}

// copyDB copies a cached database into the benchmark's temp dir, so it can be written.
func copyDB(b *testing.B, path string) string {
	b.Helper()
	dst := filepath.Join(b.TempDir(), filepath.Base(path))
	in, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY|os.O_EXCL, 0o600)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		b.Fatal(err)
	}
	if err := out.Close(); err != nil {
		b.Fatal(err)
	}
	return dst
}

// benchApp opens the database at path and the app on it at 120×40, on the clock of the
// benchmarks, with pane ("1", "2", "3") in view; both are closed when b ends.
func benchApp(b *testing.B, path, pane string) (*App, *store.DB) {
	b.Helper()
	db, err := store.Open(context.Background(), path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	a := New(Deps{DB: db, Now: func() time.Time { return benchNow }})
	b.Cleanup(a.cancel)
	start(b, a, 120, 40)
	drive(b, a, press(pane))
	return a, db
}

// clientViews is "All clients" ("") and then each client's id: what the switcher offers.
func clientViews(b *testing.B, db *store.DB) []string {
	b.Helper()
	clients, err := db.Clients(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	views := []string{""}
	for _, c := range clients {
		views = append(views, c.ID)
	}
	return views
}

// BenchmarkFirstFrame measures opening chorus on a large workspace: open the database,
// build the app, run Init's loads, size the window and render the first frame with data.
// Reported as percentiles over 10 opens per iteration.
func BenchmarkFirstFrame(b *testing.B) {
	path := benchDB(b)
	var lat benchstat.Latencies
	for b.Loop() {
		for range 10 {
			lat.Time(func() {
				db, err := store.Open(context.Background(), path)
				if err != nil {
					b.Fatal(err)
				}
				a := New(Deps{DB: db, Now: func() time.Time { return benchNow }})
				drive(b, a, tea.WindowSizeMsg{Width: 120, Height: 40})
				drive(b, a, runCmd(b, a.Init()))
				if v := a.View(); len(v.Content) == 0 {
					b.Fatal("empty first frame")
				}
				db.Close()
			})
		}
	}
	lat.Report(b)
}

// keystrokesPerIteration is how many keys one iteration of BenchmarkInboxKeystroke
// presses: enough samples for a p99 from a single iteration (-benchtime 1x).
const keystrokesPerIteration = 600

// BenchmarkInboxKeystroke measures triage at keyboard speed on 100,000 inbox items: the
// inbox pane open, the cursor walking down (paging by keyset as it goes) and every
// fourth key an "e" (done). p50/p95/p99-ms are the keystroke latency the user sees:
// Update plus View of the frame that shows the key's effect (done is optimistic, so the
// item is gone from that frame). cycle-p99-ms adds the key's commands run to the end and
// their results handled: the store write, the counts reload, a page load, and the
// frame after them.
func BenchmarkInboxKeystroke(b *testing.B) {
	a, db := benchApp(b, copyDB(b, cachedDB(b, "chorus-bench-tui-inbox100k-v1.db",
		seed.Options{Seed: 1, Inbox: 100_000, Now: benchNow})), "2")
	if len(a.inbox.Items()) == 0 {
		b.Fatal("no inbox items loaded")
	}
	j, e := press("j"), press("e")
	var key, cycle benchstat.Latencies
	done := 0
	for b.Loop() {
		for i := range keystrokesPerIteration {
			k := j
			if i%4 == 3 {
				k, done = e, done+1
			}
			t0 := time.Now()
			_, cmd := a.Update(k)
			if len(a.View().Content) == 0 {
				b.Fatal("empty frame")
			}
			key.Add(time.Since(t0))
			drive(b, a, runCmd(b, cmd))
			_ = a.View()
			cycle.Add(time.Since(t0))
		}
	}
	b.StopTimer()
	key.Report(b)
	b.ReportMetric(float64(cycle.Percentile(0.99))/float64(time.Millisecond), "cycle-p99-ms")
	open, err := db.OpenCounts(context.Background(), benchNow)
	if err != nil {
		b.Fatal(err)
	}
	if a.status.lastErr != "" {
		b.Fatalf("status bar error: %s", a.status.lastErr)
	}
	total := 0
	for _, n := range open {
		total += n
	}
	b.Logf("%d items done, %d open left, cursor %d of %d loaded", done, total, a.inbox.Cursor(), len(a.inbox.Items()))
}

// opensPerIteration is how many times one iteration of BenchmarkInboxOpen opens the pane.
const opensPerIteration = 200

// BenchmarkInboxOpen measures opening the inbox pane on 100,000 items: the pane emptied
// and loaded from scratch (its first page of open items with their labels, likes and
// replies, and the clients), then the frame drawn. It goes round "All clients", each
// client, and each of those with a filter (unread mentions and DMs), as a user switching
// client or filter does; each of those is the same work as the pane's first open.
func BenchmarkInboxOpen(b *testing.B) {
	a, db := benchApp(b, cachedDB(b, "chorus-bench-tui-inbox100k-v1.db",
		seed.Options{Seed: 1, Inbox: 100_000, Now: benchNow}), "2")
	views := clientViews(b, db)
	filter := inbox.Filter{Unread: true, Kinds: []social.InboxKind{social.InboxMention, social.InboxDM}}
	var lat benchstat.Latencies
	for b.Loop() {
		for i := range opensPerIteration {
			client := views[i%len(views)]
			f := inbox.Filter{}
			if (i/len(views))%2 == 1 {
				f = filter
			}
			lat.Time(func() {
				drive(b, a, runCmd(b, a.inbox.Open(client, f)))
				if len(a.inbox.Items()) == 0 || len(a.View().Content) == 0 {
					b.Fatalf("nothing shown for client %q filter %+v", client, f)
				}
			})
		}
	}
	lat.Report(b)
}
