package demo

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/chorus-social/chorus/platforms"
	"github.com/chorus-social/chorus/social"
)

// PageSize is how many items one FetchInbox or FetchDMs call returns at most.
const PageSize = 50

// How far back a first fetch (empty cursor) reaches, in item indices: the most recent 200
// items for the inbox, and as many indices for DMs as hold about 200 DMs (a tenth of the
// items are DMs), so both streams start with a comparable history.
const (
	inboxWindow = 200
	dmWindow    = 2000
)

// FetchInbox returns the account's items (every kind but DMs) that have arrived by now and
// come after cursor, oldest first. The cursor is the decimal index of the last item looked
// at; "" starts with the most recent 200.
func (a *Adapter) FetchInbox(ctx context.Context, acct social.Account, cursor string) (platforms.InboxPage, error) {
	return a.fetch(ctx, acct, cursor, inboxWindow, func(k social.InboxKind) bool { return k != social.InboxDM })
}

// FetchDMs is FetchInbox for direct messages only.
func (a *Adapter) FetchDMs(ctx context.Context, acct social.Account, cursor string) (platforms.InboxPage, error) {
	return a.fetch(ctx, acct, cursor, dmWindow, func(k social.InboxKind) bool { return k == social.InboxDM })
}

func (a *Adapter) fetch(ctx context.Context, acct social.Account, cursor string, window int, want func(social.InboxKind) bool) (platforms.InboxPage, error) {
	if err := a.check(ctx, acct); err != nil {
		return platforms.InboxPage{}, err
	}
	ready := a.gen.ArrivedBefore(acct.ID, a.now()) // items < ready have arrived
	next := ready - window
	if cursor != "" {
		last, err := strconv.Atoi(cursor)
		if err != nil {
			return platforms.InboxPage{}, &platforms.RejectedError{Reason: fmt.Sprintf("bad inbox cursor %q", cursor)}
		}
		next = last + 1
	}
	page := platforms.InboxPage{Cursor: cursor}
	i := next
	for ; i < ready && len(page.Items) < PageSize; i++ {
		if want(a.gen.kindOf(acct.ID, i)) {
			page.Items = append(page.Items, a.gen.InboxItem(acct, i))
		}
	}
	// The cursor moves past every index looked at, even those of the other stream, so the
	// next call does not scan them again.
	if i > next || cursor == "" {
		page.Cursor = strconv.Itoa(i - 1)
	}
	page.More = i < ready
	return page, nil
}

// Thread returns the conversation around a post: its parent chain (the account's own post
// first), the post itself, then the replies it has had by now. The account's own posts
// come back with an empty Kind and the account as author: there is no inbox kind for
// "ours". Unknown ids give a NotFoundError.
func (a *Adapter) Thread(ctx context.Context, acct social.Account, remoteID string) ([]social.InboxItem, error) {
	if err := a.check(ctx, acct); err != nil {
		return nil, err
	}
	chain, err := a.ancestors(acct, remoteID, 0)
	if err != nil {
		return nil, err
	}
	return append(chain, a.replies(acct, chain[len(chain)-1])...), nil
}

// ancestors returns remoteID's chain from the root down to remoteID itself.
func (a *Adapter) ancestors(acct social.Account, remoteID string, depth int) ([]social.InboxItem, error) {
	it, parent, ok := a.lookup(acct, remoteID)
	if !ok {
		return nil, &platforms.NotFoundError{What: "demo post " + remoteID}
	}
	if parent == "" || depth > 20 {
		return []social.InboxItem{it}, nil
	}
	up, err := a.ancestors(acct, parent, depth+1)
	if err != nil {
		// A parent outside the simulation (a post on another network) ends the chain.
		return []social.InboxItem{it}, nil
	}
	return append(up, it), nil
}

// lookup resolves one of the account's ids: an inbox item, a post of the network's
// history (time in the id), or a post published through this adapter.
func (a *Adapter) lookup(acct social.Account, remoteID string) (item social.InboxItem, parent string, ok bool) {
	rest, found := strings.CutPrefix(remoteID, "demo-"+acct.ID+"-")
	if !found || rest == "" {
		return item, "", false
	}
	if i, err := strconv.Atoi(rest); err == nil {
		if i >= a.gen.ArrivedBefore(acct.ID, a.now()) {
			return item, "", false // not arrived yet
		}
		it := a.gen.InboxItem(acct, i)
		return it, it.ParentRemoteID, true
	}
	if rest[0] == 'p' {
		if unix, err := strconv.ParseInt(rest[1:], 10, 64); err == nil {
			at := time.Unix(unix, 0).UTC()
			return a.ownPost(acct, remoteID, at, a.gen.OwnPostsBefore(acct.ID, at)), "", true
		}
	}
	a.mu.Lock()
	sp, known := a.posts[remoteID]
	a.mu.Unlock()
	if !known || sp.acct != acct.ID {
		return item, "", false
	}
	it := a.ownPost(acct, remoteID, sp.at, 0)
	it.Text = sp.text
	return it, sp.replyTo, true
}

// ownPost shows one of the account's own posts as a thread entry.
func (a *Adapter) ownPost(acct social.Account, remoteID string, at time.Time, k int) social.InboxItem {
	author := acct.RemoteID
	if author == "" {
		author = "demo-self-" + acct.ID
	}
	return social.InboxItem{
		AccountID:    acct.ID,
		ClientID:     acct.ClientID,
		Platform:     platformOf(acct),
		RemoteID:     remoteID,
		AuthorID:     author,
		AuthorHandle: acct.Handle,
		AuthorName:   acct.DisplayName,
		Text:         a.gen.PostText(social.Client{ID: acct.ClientID, Name: acct.DisplayName}, k),
		URL:          PostURL(acct, remoteID),
		CreatedAt:    at,
	}
}

// replies returns the replies a post has had by now: up to four, from the account's
// audience, minutes to hours after it.
func (a *Adapter) replies(acct social.Account, to social.InboxItem) []social.InboxItem {
	r := a.gen.rng(acct.ID+"\x00"+to.RemoteID, saltThread, 0)
	n := r.IntN(5)
	now := a.now()
	ind := a.gen.industryFor(acct.ClientID, acct.DisplayName)
	f := filler{r: r, ind: ind, brand: "@" + acct.Handle}
	root := to.ConversationID
	if root == "" {
		root = to.RemoteID
	}
	at := to.CreatedAt
	var out []social.InboxItem
	for j := range n {
		at = at.Add(time.Duration(2+r.IntN(180)) * time.Minute)
		if at.After(now) {
			break
		}
		au := a.gen.author(acct.ID, r.IntN(a.gen.authorPool(acct.ID)))
		id := fmt.Sprintf("demo-%s-x%012x", acct.ID, a.gen.hash(to.RemoteID, saltThread, int64(j+1))>>16)
		out = append(out, social.InboxItem{
			AccountID: acct.ID, ClientID: acct.ClientID, Platform: platformOf(acct), RemoteID: id,
			Kind: social.InboxReply, AuthorID: au.id, AuthorHandle: au.handle, AuthorName: au.name,
			Text: f.decorate(f.fill(pick(r, replyTexts)), au.angry), URL: itemURL(au.handle, id),
			ParentRemoteID: to.RemoteID, ConversationID: root, CreatedAt: at,
		})
	}
	return out
}
