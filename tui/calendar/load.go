package calendar

import (
	"context"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/chorus-social/chorus/social"
	"github.com/chorus-social/chorus/store"
)

// Source is what the calendar reads; *store.DB implements it.
type Source interface {
	Clients(ctx context.Context) ([]social.Client, error)
	TargetRows(ctx context.Context, q store.TargetQuery) ([]store.TargetRow, error)
}

// How many posts each side of now the agenda holds.
const (
	upcomingLimit = 200
	pastLimit     = 100
)

// entry is one line of the agenda: a target with the zone its client lives in.
type entry struct {
	store.TargetRow
	loc  *time.Location
	past bool
}

// loadedMsg carries the agenda read by load; seq ties it to the load that asked.
type loadedMsg struct {
	seq     int
	client  string
	entries []entry
	err     error
}

// load reads the upcoming posts (soonest first) and then the recent past (newest first),
// with each client's zone, in a tea.Cmd.
func load(ctx context.Context, src Source, seq int, client string, now time.Time) tea.Cmd {
	return func() tea.Msg {
		msg := loadedMsg{seq: seq, client: client}
		clients, err := src.Clients(ctx)
		if err != nil {
			msg.err = err
			return msg
		}
		// Client.Location reads the zone database; doing it here keeps it off the UI.
		zones := make(map[string]*time.Location, len(clients))
		for _, c := range clients {
			zones[c.ID] = c.Location()
		}
		up, err := src.TargetRows(ctx, store.TargetQuery{ClientID: client, From: now, Limit: upcomingLimit})
		if err != nil {
			msg.err = err
			return msg
		}
		past, err := src.TargetRows(ctx, store.TargetQuery{ClientID: client, To: now, Desc: true, Limit: pastLimit})
		if err != nil {
			msg.err = err
			return msg
		}
		zone := func(id string) *time.Location {
			if z, ok := zones[id]; ok {
				return z
			}
			return time.UTC
		}
		for _, r := range up {
			msg.entries = append(msg.entries, entry{TargetRow: r, loc: zone(r.ClientID)})
		}
		for _, r := range past {
			msg.entries = append(msg.entries, entry{TargetRow: r, loc: zone(r.ClientID), past: true})
		}
		return msg
	}
}
