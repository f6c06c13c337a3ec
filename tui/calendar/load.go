package calendar

import (
	"context"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/chorus-social/chorus/social"
	"github.com/chorus-social/chorus/store"
)

// Source is what the calendar reads and writes; *store.DB implements it.
type Source interface {
	Clients(ctx context.Context) ([]social.Client, error)
	CalendarDays(ctx context.Context, q store.CalendarQuery) ([]store.CalendarDay, error)
	ShiftPost(ctx context.Context, postID int64, days int, now time.Time) ([]social.Target, error)
	PausePost(ctx context.Context, postID int64) (int, error)
	ResumePost(ctx context.Context, postID int64) ([]social.Target, error)
	PublishPostNow(ctx context.Context, postID int64, now time.Time) (int, error)
	DeletePost(ctx context.Context, id int64) error
	Meta(ctx context.Context, key string) (string, error)
	SetMeta(ctx context.Context, key, value string) error
}

// viewKey is the workspace setting that keeps the last view chosen with v, so the
// calendar opens as the user left it.
const viewKey = "calendar_view"

// How many posts a day loads in each view: what a month cell or a week column of the
// tallest terminal shows, and a digest of each day in the agenda. The rest of a day is
// counted ("+12 more"), and the day itself (enter) loads up to dayLimit.
const (
	monthPerDay  = 8
	weekPerDay   = 60
	agendaPerDay = 12
	dayLimit     = 500
)

// gapDays is how far ahead days without a post going out are marked as gaps.
const gapDays = 28

// span is what one load reads: which days, how many posts of each, in which zone.
type span struct {
	client string
	local  bool // days in the local zone; else in each client's
	from   time.Time
	days   int
	perDay int
}

// covers reports whether the loaded span s holds everything want asks for.
func (s span) covers(want span) bool {
	return s.client == want.client && s.local == want.local && s.perDay >= want.perDay &&
		!want.from.Before(s.from) && !want.from.AddDate(0, 0, want.days).After(s.from.AddDate(0, 0, s.days))
}

// dayData is one loaded day: its posts grouped into items, its free queue slots and the
// clients with a posting gap on it.
type dayData struct {
	date  time.Time // the date at 00:00 UTC
	posts int       // every post due that day; items may hold fewer
	items []item
	free  []freeGroup
	gaps  []string
}

// more is how many of the day's posts are not among its items.
func (d *dayData) more() int {
	seen := map[int64]bool{}
	for _, it := range d.items {
		seen[it.postID()] = true
	}
	return max(d.posts-len(seen), 0)
}

// item is what the calendar shows as one entry: the targets of one post due at one time
// with one status (usually all of the post's), so a post on three accounts is one line
// with three platform marks.
type item struct {
	targets []store.TargetRow
	txt     *itemText // its printed pieces, made on first use (textOf)
}

func (it item) lead() store.TargetRow   { return it.targets[0] }
func (it item) postID() int64           { return it.targets[0].PostID }
func (it item) status() social.Status   { return it.targets[0].Status }
func (it item) due() time.Time          { return it.targets[0].DueAt }
func (it item) client() string          { return it.targets[0].ClientID }
func (it item) has(targetID int64) bool { return it.index(targetID) >= 0 }

func (it item) index(targetID int64) int {
	for i, t := range it.targets {
		if t.ID == targetID {
			return i
		}
	}
	return -1
}

// group turns a day's targets (by due time) into items, in the order they come.
func group(rows []store.TargetRow) []item {
	type key struct {
		post int64
		due  int64
		st   social.Status
	}
	var out []item
	at := map[key]int{}
	for _, r := range rows {
		k := key{r.PostID, r.DueAt.UnixMilli(), r.Status}
		if i, ok := at[k]; ok {
			out[i].targets = append(out[i].targets, r)
			continue
		}
		at[k] = len(out)
		out = append(out, item{targets: []store.TargetRow{r}, txt: &itemText{}})
	}
	return out
}

// client is what the calendar knows of a client: its name, zone and colour.
type client struct {
	social.Client
	loc *time.Location
}

// loadedMsg carries the days read by load; seq ties it to the load that asked.
type loadedMsg struct {
	seq     int
	detail  bool // the open day's full list, not the view's days
	span    span
	clients map[string]client
	days    []*dayData
	view    string // the view last chosen (viewKey), "" for none
	err     error
}

// load reads the clients and the days of sp in one command, so the first frame needs a
// single round of commands.
func load(ctx context.Context, src Source, seq int, sp span, local *time.Location, now time.Time) tea.Cmd {
	return func() tea.Msg {
		msg := loadedMsg{seq: seq, span: sp}
		cs, err := src.Clients(ctx)
		if err != nil {
			msg.err = err
			return msg
		}
		if msg.view, err = src.Meta(ctx, viewKey); err != nil {
			msg.err = err
			return msg
		}
		// Client.Location reads the zone database; doing it here keeps it off the UI.
		msg.clients = make(map[string]client, len(cs))
		for _, c := range cs {
			msg.clients[c.ID] = client{Client: c, loc: c.Location()}
		}
		q := store.CalendarQuery{ClientID: sp.client, From: sp.from, Days: sp.days, PerDay: sp.perDay, Now: now, GapDays: gapDays}
		if sp.local {
			q.Zone = local
		}
		days, err := src.CalendarDays(ctx, q)
		if err != nil {
			msg.err = err
			return msg
		}
		for _, d := range days {
			msg.days = append(msg.days, &dayData{date: d.Date, posts: d.Posts, items: group(d.Targets), free: groupFree(d.Free), gaps: d.Gaps})
		}
		return msg
	}
}
