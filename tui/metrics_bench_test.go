package tui

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/chorus-social/chorus/internal/benchstat"
)

// metricsOpsPerIteration is how many opens and period changes one iteration of
// BenchmarkMetricsOpen makes: enough samples for a p99 from -benchtime 1x.
const metricsOpsPerIteration = 210

// BenchmarkMetricsOpen measures the metrics pane on the benchmark database (1,000,000
// metric points, 10,000 posts): opening it for a client (or all clients) and changing
// the period or the scope. Each sample is the whole round a user waits for: the key's
// Update (or SetClient), the load Cmd run (the figures of the period and the one before,
// the daily follower series, the posts' engagement and text), its result handled, and
// the frame drawn. Operations cycle: open for the next client, `[`, `]`, `p` (90d),
// `p` (7d), `p` (30d), `a`. An open starts the pane's cache over, so it reads everything
// from the store; a period or scope change reads only what the pane has not read since
// (going back to a period, or narrowing the scope, reads nothing but the daily series'
// and texts' misses). open-p99-ms and change-p99-ms split the two.
// Run: go test ./tui -run '^$' -bench BenchmarkMetricsOpen -benchtime 1x
func BenchmarkMetricsOpen(b *testing.B) {
	a, db := benchApp(b, benchDB(b), "3")
	views := clientViews(b, db)
	keys := []string{"[", "]", "p", "p", "p", "a"}
	var lat, opensLat, changes benchstat.Latencies
	opens := 0
	for b.Loop() {
		for i := range metricsOpsPerIteration {
			step := i % (len(keys) + 1)
			t0 := time.Now()
			var cmd tea.Cmd
			if step == 0 {
				cmd = a.metrics.SetClient(views[opens%len(views)])
				opens++
			} else {
				_, cmd = a.Update(press(keys[step-1]))
			}
			drive(b, a, runCmd(b, cmd))
			if len(a.View().Content) == 0 {
				b.Fatal("empty frame")
			}
			d := time.Since(t0)
			lat.Add(d)
			if step == 0 {
				opensLat.Add(d)
			} else {
				changes.Add(d)
			}
		}
	}
	b.StopTimer()
	lat.Report(b)
	b.ReportMetric(float64(opensLat.Percentile(0.99))/float64(time.Millisecond), "open-p99-ms")
	b.ReportMetric(float64(changes.Percentile(0.99))/float64(time.Millisecond), "change-p99-ms")
	if a.status.lastErr != "" {
		b.Fatalf("status bar error: %s", a.status.lastErr)
	}
	if f := frame(a); !strings.Contains(f, "ENGAGEMENT BY POST") || strings.Contains(f, "No measured posts") {
		b.Fatalf("the pane shows no post engagement on the benchmark data:\n%s", f)
	}
}
