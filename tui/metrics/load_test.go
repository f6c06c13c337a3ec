package metrics

import (
	"testing"
	"time"

	"github.com/chorus-social/chorus/social"
)

func TestDailyCarriesTheLastValueOverDaysWithoutSnapshots(t *testing.T) {
	from := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	at := func(d int, h int) time.Time { return from.Add(time.Duration(d)*day + time.Duration(h)*time.Hour) }
	pts := []social.MetricPoint{
		{Value: 10, At: at(2, 1)},
		{Value: 12, At: at(2, 20)}, // the day's last snapshot wins
		{Value: 15, At: at(5, 3)},
	}
	vals, ok := daily(pts, from)
	if len(vals) != sparkDays {
		t.Fatalf("%d days, want %d", len(vals), sparkDays)
	}
	if ok[0] || ok[1] {
		t.Error("days before the first snapshot should be missing")
	}
	want := map[int]int64{2: 12, 3: 12, 4: 12, 5: 15, 29: 15}
	for d, v := range want {
		if !ok[d] || vals[d] != v {
			t.Errorf("day %d = %d (ok %v), want %d", d, vals[d], ok[d], v)
		}
	}
}
