package thread

import (
	"context"
	"errors"

	tea "charm.land/bubbletea/v2"

	"github.com/chorus-social/chorus/social"
	"github.com/chorus-social/chorus/store"
)

// Source is what the thread view reads from the local database; *store.DB implements it.
type Source interface {
	LocalThread(ctx context.Context, itemID int64) ([]social.InboxItem, error)
	AuthorHistory(ctx context.Context, p social.Platform, authorID, clientID string, limit int) ([]social.InboxItem, error)
	Contact(ctx context.Context, p social.Platform, remoteID string) (social.Contact, error)
}

var _ Source = (*store.DB)(nil)

// FetchFunc asks the item's platform for the conversation around it (the adapter's
// platforms.ThreadReader, on the item's account). An error wrapping errors.ErrUnsupported
// says the platform cannot, which the view does not treat as a failure.
type FetchFunc func(ctx context.Context, item social.InboxItem) ([]social.InboxItem, error)

// historyLimit is how many of the author's items with the client are read: enough to
// count a regular, few enough to read in one query.
const historyLimit = 100

// localMsg carries what the database has: the conversation, and the author's history
// with the client and contact record. seq ties it to the load that asked for it.
type localMsg struct {
	seq      int64
	items    []social.InboxItem
	err      error
	history  []social.InboxItem
	histErr  error
	contact  social.Contact
	known    bool // the contact exists
	withHist bool // the history was asked for (the item has an author)
}

// fetchedMsg carries the conversation as the platform has it.
type fetchedMsg struct {
	seq   int64
	items []social.InboxItem
	err   error
}

// loadLocal reads the conversation and the author's history in one command, so the view
// fills in one step.
func loadLocal(ctx context.Context, src Source, seq int64, it social.InboxItem) tea.Cmd {
	return func() tea.Msg {
		msg := localMsg{seq: seq}
		if it.ID != 0 {
			msg.items, msg.err = src.LocalThread(ctx, it.ID)
		}
		if it.AuthorID == "" {
			return msg
		}
		msg.withHist = true
		msg.history, msg.histErr = src.AuthorHistory(ctx, it.Platform, it.AuthorID, it.ClientID, historyLimit)
		if msg.histErr != nil {
			return msg
		}
		c, err := src.Contact(ctx, it.Platform, it.AuthorID)
		switch {
		case err == nil:
			msg.contact, msg.known = c, true
		case !errors.Is(err, store.ErrNotFound):
			msg.histErr = err
		}
		return msg
	}
}

// fetchRemote asks the platform for the conversation.
func fetchRemote(ctx context.Context, fetch FetchFunc, seq int64, it social.InboxItem) tea.Cmd {
	return func() tea.Msg {
		items, err := fetch(ctx, it)
		return fetchedMsg{seq: seq, items: items, err: err}
	}
}
