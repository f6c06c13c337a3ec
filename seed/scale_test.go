package seed

import (
	"context"
	"os"
	"testing"
	"time"
)

// The sizes the benchmarks run on (ARCHITECTURE.md): seeding them must stay well under a
// minute on a 2-core machine, or nobody runs the benchmarks.
var large = Options{Seed: 1, Inbox: 100_000, Posts: 10_000, Metrics: 1_000_000, Now: now}

// stageTimer records how long each stage of a seeding took, from its progress reports.
type stageTimer struct {
	last time.Time
	took map[string]time.Duration
}

func (s *stageTimer) progress(stage string, done, total int) {
	t := time.Now()
	s.took[stage] += t.Sub(s.last)
	s.last = t
}

// TestSeedAtScale times seeding at benchmark size. It takes half a minute of both cores,
// so it runs only when asked (CHORUS_SEED_SCALE=1, as CI should): every `go test ./...`
// on a shared machine would pay for it otherwise.
func TestSeedAtScale(t *testing.T) {
	if testing.Short() || os.Getenv("CHORUS_SEED_SCALE") == "" {
		t.Skip("seeds 100k items, 10k posts and 1M metric points; set CHORUS_SEED_SCALE=1 to run")
	}
	if raceEnabled {
		t.Skip("the race detector slows seeding tenfold; time it without -race")
	}
	db := openDB(t)
	st := &stageTimer{last: time.Now(), took: map[string]time.Duration{}}
	o := large
	o.Progress = st.progress
	rep, err := Run(context.Background(), db, o)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("seeded %+v", rep)
	for _, s := range []string{"clients", "inbox", "posts", "metrics"} {
		t.Logf("  %-8s %v", s, st.took[s].Round(time.Millisecond))
	}
	if rep.Inbox != o.Inbox || rep.Posts != o.Posts || rep.Metrics != o.Metrics {
		t.Errorf("counts: %+v", rep)
	}
	if rep.Took > 60*time.Second {
		t.Errorf("seeding took %v, want well under 60s", rep.Took)
	}
}

func BenchmarkSeedWorkspace(b *testing.B) {
	for b.Loop() {
		b.StopTimer()
		db := openDB(b)
		b.StartTimer()
		if _, err := Workspace(context.Background(), db, 1, now); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSeed(b *testing.B) {
	for b.Loop() {
		b.StopTimer()
		db := openDB(b)
		b.StartTimer()
		if _, err := Run(context.Background(), db, large); err != nil {
			b.Fatal(err)
		}
	}
}
