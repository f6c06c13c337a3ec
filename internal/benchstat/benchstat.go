// Package benchstat records per-operation latencies inside a benchmark and reports their
// percentiles with b.ReportMetric, so figures such as "p99-ms" come from go test -bench
// itself and hold with -benchtime 1x (each iteration records many samples).
package benchstat

import (
	"math"
	"sort"
	"testing"
	"time"
)

// Latencies collects samples.
type Latencies struct {
	d []time.Duration
}

// Time runs f and records how long it took.
func (l *Latencies) Time(f func()) {
	start := time.Now()
	f()
	l.d = append(l.d, time.Since(start))
}

// Add records one sample.
func (l *Latencies) Add(d time.Duration) { l.d = append(l.d, d) }

// Len is the number of samples.
func (l *Latencies) Len() int { return len(l.d) }

// Percentile returns the p-th percentile (0 < p ≤ 1), nearest-rank.
func (l *Latencies) Percentile(p float64) time.Duration {
	if len(l.d) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), l.d...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	i := int(math.Ceil(p*float64(len(s)))) - 1
	return s[min(max(i, 0), len(s)-1)]
}

// Report adds p50, p95 and p99 in milliseconds to the benchmark's output.
func (l *Latencies) Report(b *testing.B) {
	if len(l.d) == 0 {
		return
	}
	for _, p := range []struct {
		q    float64
		unit string
	}{{0.50, "p50-ms"}, {0.95, "p95-ms"}, {0.99, "p99-ms"}} {
		b.ReportMetric(float64(l.Percentile(p.q))/float64(time.Millisecond), p.unit)
	}
}
