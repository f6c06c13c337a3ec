package inbox

import (
	"context"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/chorus-social/chorus/social"
	"github.com/chorus-social/chorus/store"
)

// Source is what the inbox reads; *store.DB implements it.
type Source interface {
	Inbox(ctx context.Context, q store.InboxQuery) ([]social.InboxItem, error)
}

// PageSize is how many items one keyset page holds.
const PageSize = 50

// maxReload caps how many items a reload fetches at once to keep the window the user
// scrolled through; beyond it the reload starts over at the newest page.
const maxReload = 500

// pageMsg carries one page of items. seq ties it to the load that asked for it; before
// is the id the page continues from (0: the first page).
type pageMsg struct {
	seq    int
	client string
	before int64
	limit  int
	items  []social.InboxItem
	err    error
}

// loadPage reads a page of open items older than before. It runs as a tea.Cmd, off the
// UI goroutine; Update never touches the store.
func loadPage(ctx context.Context, src Source, seq int, client string, before int64, limit int, now time.Time) tea.Cmd {
	return func() tea.Msg {
		items, err := src.Inbox(ctx, store.InboxQuery{ClientID: client, Now: now, Before: before, Limit: limit})
		return pageMsg{seq: seq, client: client, before: before, limit: limit, items: items, err: err}
	}
}
