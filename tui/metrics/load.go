package metrics

import (
	"context"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/chorus-social/chorus/social"
	"github.com/chorus-social/chorus/store"
)

// Source is what the metrics pane reads; *store.DB implements it.
type Source interface {
	Health(ctx context.Context, clientID string) ([]store.AccountHealth, error)
	LatestAccountMetrics(ctx context.Context, clientID, name string, period time.Duration) ([]store.AccountMetric, error)
	Series(ctx context.Context, accountID, postRemoteID, name string, from, to time.Time) ([]social.MetricPoint, error)
}

const (
	day = 24 * time.Hour
	// changePeriod is what the change column compares with.
	changePeriod = 7 * day
	// sparkDays is how many days the sparkline covers, one value per day.
	sparkDays = 30
)

// row is one account's followers and health.
type row struct {
	account social.Account
	health  store.AccountHealth
	have    bool  // a value was ever recorded
	value   int64 // the newest
	before  int64 // a week earlier; 0 unknown
	days    []int64
	dayOK   []bool
}

type loadedMsg struct {
	seq    int
	client string
	rows   []row
	err    error
}

// load reads the newest follower count of each account, the count a week before, and
// the last 30 days of snapshots, in a tea.Cmd.
func load(ctx context.Context, src Source, seq int, client string, now time.Time) tea.Cmd {
	return func() tea.Msg {
		msg := loadedMsg{seq: seq, client: client}
		hs, err := src.Health(ctx, client)
		if err != nil {
			msg.err = err
			return msg
		}
		latest, err := src.LatestAccountMetrics(ctx, client, social.MetricFollowers, changePeriod)
		if err != nil {
			msg.err = err
			return msg
		}
		byID := make(map[string]store.AccountMetric, len(latest))
		for _, m := range latest {
			byID[m.AccountID] = m
		}
		from := now.Add(-sparkDays * day)
		for _, h := range hs {
			a := h.Account
			r := row{account: a, health: h}
			if m, ok := byID[a.ID]; ok && !m.At.IsZero() {
				r.have, r.value, r.before = true, m.Value, m.Before
			}
			pts, err := src.Series(ctx, a.ID, "", social.MetricFollowers, from, now.Add(time.Second))
			if err != nil {
				msg.err = err
				return msg
			}
			r.days, r.dayOK = daily(pts, from)
			msg.rows = append(msg.rows, r)
		}
		return msg
	}
}

// daily turns snapshots into one value per day from from on: the day's last snapshot,
// or the one before it when a day has none (a sync that skipped a day did not lose
// followers). Days before the first snapshot are missing.
func daily(pts []social.MetricPoint, from time.Time) ([]int64, []bool) {
	vals := make([]int64, sparkDays)
	ok := make([]bool, sparkDays)
	var last int64
	seen := false
	p := 0
	for d := range sparkDays {
		end := from.Add(time.Duration(d+1) * day)
		for p < len(pts) && pts[p].At.Before(end) {
			last, seen = pts[p].Value, true
			p++
		}
		vals[d], ok[d] = last, seen
	}
	// Snapshots on the final partial second (now) belong to the last day.
	for ; p < len(pts); p++ {
		vals[sparkDays-1], ok[sparkDays-1] = pts[p].Value, true
	}
	return vals, ok
}
