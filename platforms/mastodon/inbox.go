package mastodon

import (
	"context"
	"net/url"
	"strconv"

	"github.com/chorus-social/chorus/platforms"
	"github.com/chorus-social/chorus/social"
)

// inboxTypes are the notification types the inbox asks for
// (https://docs.joinmastodon.org/methods/notifications/#get). "quote" exists from 4.5;
// older servers simply return none. Left out: "status" (a followed account posted: not
// addressed to the brand), "follow_request", "poll", "admin.*" and the rest, which are
// not conversations a social media manager answers.
var inboxTypes = []string{"mention", "reblog", "favourite", "follow", "quote", "update"}

// inboxPageSize is the notifications API's maximum page (limit, max 80 since 4.1).
const inboxPageSize = 80

// FetchInbox returns the account's notifications newer than cursor, oldest first. The
// cursor is the id of the newest notification seen; "" fetches the most recent page.
// Pages after a cursor go forward with min_id, which returns the notifications right
// after it (since_id would return the newest ones and leave a gap), and the next cursor
// comes from the rel="prev" Link. Direct messages are left to FetchDMs.
func (ad *Adapter) FetchInbox(ctx context.Context, a social.Account, cursor string) (platforms.InboxPage, error) {
	s, err := ad.session(ctx, a)
	if err != nil {
		return platforms.InboxPage{}, err
	}
	self, err := ad.selfID(ctx, s)
	if err != nil {
		return platforms.InboxPage{}, err
	}
	q := url.Values{"limit": {strconv.Itoa(inboxPageSize)}, "types[]": inboxTypes}
	if cursor != "" {
		q.Set("min_id", cursor)
	}
	var ns []notification
	resp, err := s.get(ctx, "/api/v1/notifications", q, &ns)
	if err != nil {
		return platforms.InboxPage{}, err
	}
	ids := make([]string, len(ns))
	for i, n := range ns {
		ids[i] = n.ID
	}
	page := platforms.InboxPage{
		Cursor: newerCursor(resp.Header, ids, cursor),
		// A full page is not the test: servers before 4.1 cap the page at 30. Going on
		// until a page comes back empty costs one request and never leaves items behind.
		More:  cursor != "" && len(ns) > 0,
		Quota: s.quota,
	}
	// The API answers newest first; the inbox stores oldest first.
	for i := len(ns) - 1; i >= 0; i-- {
		if it, ok := notificationItem(a, self, ns[i]); ok {
			page.Items = append(page.Items, it)
		}
	}
	return page, nil
}

// notificationPrefix marks the remote ids of items that are notifications, not statuses
// (a like, a boost, a follow), so they never collide with a status's id and are never
// taken for something to answer.
const notificationPrefix = "notification/"

// notificationItem maps one notification to an inbox item; ok is false for the ones the
// inbox does not show.
func notificationItem(a social.Account, self string, n notification) (social.InboxItem, bool) {
	switch n.Type {
	case "mention", "update", "quote":
		st := n.Status
		if st == nil || st.ID == "" || st.Visibility == "direct" {
			return social.InboxItem{}, false
		}
		kind := statusKind(*st, self)
		switch {
		case n.Type == "quote":
			kind = social.InboxQuote
		case n.Type == "mention" && kind != social.InboxReply:
			kind = social.InboxMention
		case n.Type == "update" && kind == "":
			// An edit of a status that is not addressed to us (one we boosted, say).
			return social.InboxItem{}, false
		}
		it := statusItem(a, *st, kind)
		if kind == social.InboxQuote {
			it.ParentRemoteID = st.Quote.quotedID()
		}
		return it, true
	case "favourite", "reblog", "follow":
		it := social.InboxItem{
			AccountID:    a.ID,
			ClientID:     a.ClientID,
			Platform:     Name,
			RemoteID:     notificationPrefix + n.ID,
			AuthorID:     n.Account.ID,
			AuthorHandle: n.Account.Acct,
			AuthorName:   n.Account.name(),
			URL:          n.Account.URL,
			CreatedAt:    n.CreatedAt.UTC(),
		}
		switch n.Type {
		case "favourite":
			it.Kind = social.InboxLike
		case "reblog":
			it.Kind = social.InboxRepost
		default:
			it.Kind = social.InboxFollow
		}
		if n.Status != nil {
			it.ParentRemoteID = n.Status.ID
		}
		return it, true
	}
	return social.InboxItem{}, false
}

// statusKind says what a status is to the account with id self: "" for its own and for
// statuses neither addressed to it nor part of a conversation, InboxDM for a direct
// status, InboxReply for an answer to the account (or within a thread), InboxMention
// for one that mentions it.
func statusKind(st status, self string) social.InboxKind {
	switch {
	case st.Account.ID == self:
		return ""
	case st.Visibility == "direct":
		return social.InboxDM
	case st.InReplyToAccountID == self:
		return social.InboxReply
	case st.mentions(self):
		return social.InboxMention
	case st.InReplyToID != "":
		return social.InboxReply
	}
	return ""
}

// statusItem maps a status to an inbox item of kind. Its text is the content as plain
// text, behind its content warning if it has one, with its attachments noted.
func statusItem(a social.Account, st status, kind social.InboxKind) social.InboxItem {
	body := htmlToText(st.Content)
	if st.SpoilerText != "" {
		body = "CW: " + st.SpoilerText + "\n\n" + body
	}
	body += attachmentNote(st.MediaAttachments)
	return social.InboxItem{
		AccountID:      a.ID,
		ClientID:       a.ClientID,
		Platform:       Name,
		RemoteID:       st.ID,
		Kind:           kind,
		AuthorID:       st.Account.ID,
		AuthorHandle:   st.Account.Acct,
		AuthorName:     st.Account.name(),
		Text:           body,
		URL:            st.link(),
		ParentRemoteID: st.InReplyToID,
		ConversationID: st.InReplyToID,
		CreatedAt:      st.CreatedAt.UTC(),
	}
}
