package tui

import (
	"testing"
	"time"

	"github.com/chorus-social/chorus/internal/benchstat"
)

// rendersPerIteration and movesPerIteration are the samples one iteration takes: enough
// for a p99 from a single iteration (-benchtime 1x).
const (
	rendersPerIteration = 400
	movesPerIteration   = 600
)

// calendarBenchApp opens a copy of the seeded 10,000-post workspace (benchDB: v stores
// the view chosen) with the calendar in view v ("month", "week" or "agenda"), loaded.
func calendarBenchApp(b *testing.B, v string) *App {
	a, _ := benchApp(b, copyDB(b, benchDB(b)), "1")
	for range 3 {
		if a.cal.ViewName() == v {
			break
		}
		drive(b, a, press("v"))
	}
	if a.cal.ViewName() != v || a.cal.Posts() == 0 {
		b.Fatalf("calendar in %s view with %d posts loaded", a.cal.ViewName(), a.cal.Posts())
	}
	return a
}

// BenchmarkCalendarMonthView measures drawing the month view of a busy workspace (10,000
// posts over seven weeks, some 400 targets a day): every cell full, "+N more" counted.
// Each sample is one frame (App.View) drawn from scratch: the theme flips between dark
// and light before each, so no cell drawn before is reused. The grid alternates between
// two months, every client and one client, so the frames are not all alike.
func BenchmarkCalendarMonthView(b *testing.B) {
	a := calendarBenchApp(b, "month")
	// Every 50 frames: the month before, one client, the month after, every client.
	steps := []func(){
		func() { drive(b, a, press("[")) },
		func() { drive(b, a, runCmd(b, a.cal.SetClient("acme"))) },
		func() { drive(b, a, press("]")) },
		func() { drive(b, a, runCmd(b, a.cal.SetClient(""))) },
	}
	var lat benchstat.Latencies
	for b.Loop() {
		for i := range rendersPerIteration {
			if i%50 == 49 {
				b.StopTimer()
				steps[(i/50)%len(steps)]()
				b.StartTimer()
			}
			a.setTheme(i%2 == 0)
			lat.Time(func() {
				if len(a.View().Content) == 0 {
					b.Fatal("empty frame")
				}
			})
		}
	}
	lat.Report(b)
}

// BenchmarkCalendarMove measures moving the day cursor in each view: p50/p95/p99-ms are
// the latency of a key (Update plus the View of the frame it changes). The keys walk
// days and weeks and page months, so the cursor crosses month boundaries and the grid
// loads its next weeks; cycle-p99-ms adds those loads run to the end and the frame after.
func BenchmarkCalendarMove(b *testing.B) {
	walk := map[string][]string{
		"month":  {"l", "l", "l", "j", "j", "l", "l", "h", "k", "k", "]", "j", "j", "l", "[", "h", "h", "."},
		"week":   {"j", "j", "j", "l", "j", "j", "l", "k", "h", "]", "j", "j", "l", "l", "[", "h", "."},
		"agenda": {"j", "j", "j", "j", "j", "l", "j", "k", "k", "j", "]", "j", "j", "j", "[", "h", "."},
	}
	for _, v := range []string{"month", "week", "agenda"} {
		b.Run(v, func(b *testing.B) {
			a := calendarBenchApp(b, v)
			keys := walk[v]
			var key, cycle benchstat.Latencies
			for b.Loop() {
				for i := range movesPerIteration {
					k := press(keys[i%len(keys)])
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
			if a.status.lastErr != "" {
				b.Fatalf("status bar error: %s", a.status.lastErr)
			}
		})
	}
}
