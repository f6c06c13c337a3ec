package tui

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/chorus-social/chorus/internal/benchstat"
	"github.com/chorus-social/chorus/seed"
	"github.com/chorus-social/chorus/store"
)

// benchDB returns a database seeded as the acceptance check asks (100,000 inbox
// items, 10,000 posts, 1,000,000 metric points), cached in the temp dir across runs
// because seeding takes most of a minute. Bump the name when the seed changes.
func benchDB(b *testing.B) string {
	b.Helper()
	path := filepath.Join(os.TempDir(), "chorus-bench-tui-v1.db")
	if _, err := os.Stat(path); err == nil {
		return path
	}
	tmp := path + ".tmp"
	os.Remove(tmp)
	db, err := store.Open(context.Background(), tmp)
	if err != nil {
		b.Fatal(err)
	}
	_, err = seed.Run(context.Background(), db, seed.Options{Seed: 1, Inbox: 100_000, Posts: 10_000, Metrics: 1_000_000,
		Now: time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)})
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
				a := New(Deps{DB: db, Now: func() time.Time { return time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC) }})
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
