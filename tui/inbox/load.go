package inbox

import (
	"context"
	"slices"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/chorus-social/chorus/social"
	"github.com/chorus-social/chorus/store"
	"github.com/chorus-social/chorus/tui/thread"
)

// Source is what the inbox reads and writes; *store.DB implements it.
type Source interface {
	thread.Source // the conversation and the author's history, for the thread view
	Inbox(ctx context.Context, q store.InboxQuery) ([]social.InboxItem, error)
	SearchInbox(ctx context.Context, query string, q store.InboxQuery) ([]social.InboxItem, error)
	// Accounts tell which platforms the filter offers.
	Accounts(ctx context.Context, clientID string) ([]social.Account, error)
	// Clients gives each client's zone, in which snooze times are read.
	Clients(ctx context.Context) ([]social.Client, error)

	SetDone(ctx context.Context, done bool, ids ...int64) error
	SetRead(ctx context.Context, read bool, ids ...int64) error
	Snooze(ctx context.Context, until time.Time, ids ...int64) error
	Labels(ctx context.Context, clientID string) ([]social.Label, error)
	EnsureLabel(ctx context.Context, clientID, name string) (social.Label, error)
	SetLabel(ctx context.Context, labelID int64, on bool, itemIDs ...int64) error

	// Likes and replies go through the outbox: a post with one like or reply target.
	CreatePosts(ctx context.Context, posts []*social.Post) error
	Target(ctx context.Context, id int64) (social.Target, error)
	SavedReplies(ctx context.Context, clientID string) ([]social.SavedReply, error)
	// Reply drafts outlive the session; blank text deletes.
	SaveReplyDraft(ctx context.Context, itemID int64, text string) error
	DeleteReplyDraft(ctx context.Context, itemID int64) error
	ReplyDrafts(ctx context.Context, itemIDs []int64) (map[int64]string, error)
}

var _ Source = (*store.DB)(nil)

// PageSize is how many items one keyset page holds.
const PageSize = 50

// maxReload caps how many items a reload fetches at once to keep the window the user
// scrolled through; beyond it the reload starts over at the newest page.
const maxReload = 500

// pageMsg carries one page of items. seq ties it to the load that asked for it; before
// is the id the page continues from (0: the first page). A first page comes with the
// clients, for their zones.
type pageMsg struct {
	seq     int
	view    view
	before  int64
	limit   int
	items   []social.InboxItem
	clients []social.Client
	err     error
}

// view is what the list shows: a client's (or every client's) items through the filter,
// the open ones or, with a search, the matches in all history.
type view struct {
	client string
	filter Filter
	search string // the query as typed; "" lists the open items
}

// query is the store query of a page of the view.
func (v view) query(now time.Time, before int64, limit int) store.InboxQuery {
	return store.InboxQuery{ClientID: v.client, Now: now, Before: before, Limit: limit,
		Unread: v.filter.Unread, Kinds: v.filter.Kinds, Platform: v.filter.Platform, Label: v.filter.Label}
}

// loadPage reads a page of the view older than before, as of now: an item snoozed until
// a time that has passed is open again. It runs as a tea.Cmd, off the UI goroutine;
// Update never touches the store. The first page (before 0) reads the clients too: one
// small query, and one message, so a reload stays a single command.
func loadPage(ctx context.Context, src Source, seq int, v view, before int64, limit int, now time.Time) tea.Cmd {
	return func() tea.Msg {
		msg := pageMsg{seq: seq, view: v, before: before, limit: limit}
		if before == 0 {
			msg.clients, msg.err = src.Clients(ctx)
			if msg.err != nil {
				return msg
			}
		}
		q := v.query(now, before, limit)
		if strings.TrimSpace(v.search) != "" {
			msg.items, msg.err = src.SearchInbox(ctx, v.search, q)
		} else {
			msg.items, msg.err = src.Inbox(ctx, q)
		}
		return msg
	}
}

// labelsMsg carries the existing labels of the clients a label prompt is for.
type labelsMsg struct {
	seq    int
	labels []string
	err    error
}

// loadLabels reads the labels of clients, merged by name.
func loadLabels(ctx context.Context, src Source, seq int, clients []string) tea.Cmd {
	return func() tea.Msg {
		labels, err := labelNames(ctx, src, clients)
		return labelsMsg{seq: seq, labels: labels, err: err}
	}
}

// labelNames are the names of the labels of clients, sorted, each once.
func labelNames(ctx context.Context, src Source, clients []string) ([]string, error) {
	seen := map[string]bool{}
	var names []string
	for _, c := range clients {
		ls, err := src.Labels(ctx, c)
		if err != nil {
			return nil, err
		}
		for _, l := range ls {
			if !seen[l.Name] {
				seen[l.Name] = true
				names = append(names, l.Name)
			}
		}
	}
	slices.Sort(names)
	return names, nil
}

// names maps client ids to their names.
func names(clients []social.Client) map[string]string {
	out := make(map[string]string, len(clients))
	for _, c := range clients {
		out[c.ID] = c.Name
	}
	return out
}

// zones maps client ids to their zones; an unknown or unloadable zone is UTC.
func zones(clients []social.Client) map[string]*time.Location {
	out := make(map[string]*time.Location, len(clients))
	for _, c := range clients {
		loc, err := time.LoadLocation(c.TZ)
		if err != nil || c.TZ == "" {
			loc = time.UTC
		}
		out[c.ID] = loc
	}
	return out
}
