package bluesky

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/chorus-social/chorus/platforms"
	"github.com/chorus-social/chorus/social"
)

// The inbox is app.bsky.notification.listNotifications, which pages from the newest
// notification back (lexicons/app/bsky/notification/listNotifications.json). The engine
// wants the opposite: each sync only what is new since the last. So a sync walks back from
// the newest page until it passes what the previous sync saw, and the cursor remembers
// the newest notification time seen (the mark) and which notifications near it were seen.
// A walk of several pages keeps the API's own cursor in between, so an interrupted walk
// resumes where it stopped.
//
// The walk does not stop at the mark but indexLag before it. A notification sorts by the
// earlier of its record's createdAt and the time the AppView indexed it, and the AppView
// indexes asynchronously: a reply created before a like can be indexed after it and then
// sorts below the like, which the previous sync already passed. Seen on the local network
// (2026-11-30): a sync saw a mention and a like, the reply written before them came later
// with an older time. Notifications inside the window are told apart by the seen set.
// Records back-dated further than indexLag stay unseen; the Bluesky app does not show
// them at the top either.

// notificationPage is how many notifications one call asks for (the API's maximum).
const notificationPage = 100

// firstSyncItems bounds how far back a first sync reaches.
const firstSyncItems = 200

// indexLag is how far behind the mark a sync still looks for late-indexed notifications.
const indexLag = 15 * time.Minute

// maxSeen bounds the seen set a cursor carries (an account with more notifications in
// indexLag than this gets its oldest ones again; the store dedupes them).
const maxSeen = 2000

// notificationReasons are those the inbox has kinds for; others (starterpack-joined,
// verified, subscribed-post…) are not asked for.
var notificationReasons = []string{"mention", "reply", "quote", "like", "repost", "follow"}

// inboxCursor is the state FetchInbox hands the engine between calls.
type inboxCursor struct {
	// Mark is the newest notification time (unix ms) of the last complete walk; 0 before
	// the first.
	Mark int64 `json:"m,omitempty"`
	// Seen holds the notifications returned that are at most indexLag older than the
	// mark (or, during a walk, than the walk's newest): short id → time (unix ms).
	Seen map[string]int64 `json:"s,omitempty"`
	// Floor is where the first sync stopped reaching back (unix ms): older notifications
	// are never returned, even within indexLag of the mark.
	Floor int64 `json:"f,omitempty"`
	// API is the listNotifications cursor of the walk in progress ("" between walks); Top
	// is the newest time the walk has seen, Bottom the oldest, and N what it has returned.
	API    string `json:"a,omitempty"`
	Top    int64  `json:"t,omitempty"`
	Bottom int64  `json:"b,omitempty"`
	N      int    `json:"n,omitempty"`
}

const cursorPrefix = "n2."

func (c inboxCursor) encode() string {
	b, _ := json.Marshal(c)
	return cursorPrefix + base64.RawURLEncoding.EncodeToString(b)
}

func decodeInboxCursor(s string) (inboxCursor, error) {
	var c inboxCursor
	if s == "" {
		return c, nil
	}
	raw, ok := strings.CutPrefix(s, cursorPrefix)
	b, err := base64.RawURLEncoding.DecodeString(raw)
	if !ok || err != nil || json.Unmarshal(b, &c) != nil {
		return inboxCursor{}, &platforms.RejectedError{Reason: "unreadable Bluesky inbox cursor " + strconv.Quote(s)}
	}
	return c, nil
}

// seenID is a short stand-in for a notification URI in the seen set.
func seenID(uri string) string {
	h := sha256.Sum256([]byte(uri))
	return base64.RawURLEncoding.EncodeToString(h[:9])
}

// prune keeps the seen entries within indexLag of newest, at most maxSeen of them.
func (c *inboxCursor) prune(newest int64) {
	floor := newest - indexLag.Milliseconds()
	for id, at := range c.Seen {
		if at < floor {
			delete(c.Seen, id)
		}
	}
	if len(c.Seen) <= maxSeen {
		return
	}
	times := make([]int64, 0, len(c.Seen))
	for _, at := range c.Seen {
		times = append(times, at)
	}
	slices.Sort(times)
	cut := times[len(times)-maxSeen]
	for id, at := range c.Seen {
		if at < cut && len(c.Seen) > maxSeen {
			delete(c.Seen, id)
		}
	}
}

// notification is app.bsky.notification.listNotifications#notification.
type notification struct {
	URI           string          `json:"uri"`
	CID           string          `json:"cid"`
	Author        profileView     `json:"author"`
	Reason        string          `json:"reason"`
	ReasonSubject string          `json:"reasonSubject"`
	Record        json.RawMessage `json:"record"`
	IndexedAt     string          `json:"indexedAt"`
}

// profileView is the part of app.bsky.actor.defs#profileView* the adapter reads.
type profileView struct {
	DID         string `json:"did"`
	Handle      string `json:"handle"`
	DisplayName string `json:"displayName"`
}

// postFields is the part of a post record the inbox reads.
type postFields struct {
	Text      string    `json:"text"`
	CreatedAt string    `json:"createdAt"`
	Reply     *replyRef `json:"reply"`
	Subject   *struct {
		URI string `json:"uri"`
	} `json:"subject"` // likes and reposts
}

// FetchInbox returns the account's mentions, replies, quotes, likes, reposts and follows
// newer than cursor, newest first, one API page per call; More says the walk back to the
// previous sync is not done. At the end of a walk the notifications are marked seen on
// Bluesky (unless option mark_seen is false).
func (ad *Adapter) FetchInbox(ctx context.Context, acct social.Account, cursor string) (platforms.InboxPage, error) {
	cur, err := decodeInboxCursor(cursor)
	if err != nil {
		return platforms.InboxPage{}, err
	}
	params := url.Values{"limit": {strconv.Itoa(notificationPage)}, "reasons": notificationReasons}
	if cur.API != "" {
		params.Set("cursor", cur.API)
	}
	var out struct {
		Cursor        string         `json:"cursor"`
		Notifications []notification `json:"notifications"`
	}
	if err := ad.call(ctx, acct, query("app.bsky.notification.listNotifications", params), &out); err != nil {
		return platforms.InboxPage{}, err
	}
	page := platforms.InboxPage{}
	reachedOld := false
	var own string
	if s := ad.cached(acct.ID); s != nil {
		own = s.DID
	}
	if cur.Seen == nil {
		cur.Seen = map[string]int64{}
	}
	floor := max(cur.Floor, cur.Mark-indexLag.Milliseconds())
	for _, n := range out.Notifications {
		at := parseTime(n.IndexedAt).UnixMilli()
		cur.Top = max(cur.Top, at)
		if cur.Bottom == 0 || at < cur.Bottom {
			cur.Bottom = at
		}
		if cur.Mark != 0 && at < floor {
			reachedOld = true
			continue
		}
		id := seenID(n.URI)
		if _, old := cur.Seen[id]; old {
			continue
		}
		if it, ok := ad.inboxItem(acct, own, n); ok {
			page.Items = append(page.Items, it)
			cur.Seen[id] = at
		}
	}
	cur.N += len(page.Items)
	end := reachedOld || out.Cursor == "" || len(out.Notifications) == 0 || out.Cursor == cur.API
	capped := cur.Mark == 0 && cur.N >= firstSyncItems
	if !end && !capped {
		cur.API = out.Cursor
		page.Cursor, page.More = cur.encode(), true
		return page, nil
	}
	// The walk is done: its newest time becomes the mark.
	next := inboxCursor{Mark: max(cur.Mark, cur.Top), Seen: cur.Seen, Floor: cur.Floor}
	if capped && !end {
		next.Floor = cur.Bottom // the backlog below stays behind
	}
	next.prune(next.Mark)
	page.Cursor = next.encode()
	if ad.opt.markSeen && next.Mark > cur.Mark {
		ad.markSeen(ctx, acct, time.UnixMilli(next.Mark).UTC().Format(timeFormat))
	}
	return page, nil
}

// markSeen tells Bluesky the notifications up to seenAt have been seen, so the Bluesky app
// does not count them unread. It is a courtesy: a failure is logged, not returned, since
// the items are safely fetched.
func (ad *Adapter) markSeen(ctx context.Context, acct social.Account, seenAt string) {
	c := procedure("app.bsky.notification.updateSeen", map[string]string{"seenAt": seenAt})
	c.idempotent = true
	if err := ad.call(ctx, acct, c, nil); err != nil {
		ad.log.Debug("bluesky updateSeen failed", "account", acct.ID, "err", err)
	}
}

// inboxItem maps a notification, or reports false for reasons the inbox has no kind for.
func (ad *Adapter) inboxItem(acct social.Account, ownDID string, n notification) (social.InboxItem, bool) {
	kinds := map[string]social.InboxKind{
		"mention": social.InboxMention, "reply": social.InboxReply, "quote": social.InboxQuote,
		"like": social.InboxLike, "repost": social.InboxRepost, "follow": social.InboxFollow,
	}
	kind, ok := kinds[n.Reason]
	if !ok || n.URI == "" {
		return social.InboxItem{}, false
	}
	var rec postFields
	_ = json.Unmarshal(n.Record, &rec)
	it := social.InboxItem{
		AccountID:    acct.ID,
		ClientID:     acct.ClientID,
		Platform:     Name,
		RemoteID:     n.URI,
		Kind:         kind,
		AuthorID:     n.Author.DID,
		AuthorHandle: n.Author.Handle,
		AuthorName:   n.Author.DisplayName,
		CreatedAt:    parseTime(n.IndexedAt),
	}
	if it.CreatedAt.IsZero() {
		it.CreatedAt = parseTime(rec.CreatedAt)
	}
	u, _ := parseATURI(n.URI)
	switch kind {
	case social.InboxMention, social.InboxReply, social.InboxQuote:
		it.Text = rec.Text
		it.URL = ad.webURL(u, n.Author.Handle)
		it.ConversationID = n.URI
		if rec.Reply != nil {
			it.ParentRemoteID = rec.Reply.Parent.URI
			it.ConversationID = rec.Reply.Root.URI
			// A reply to us that also names us comes as "mention" (seen on the local
			// network); it answers our post, so it is a reply.
			if p, ok := parseATURI(rec.Reply.Parent.URI); ok && kind == social.InboxMention && p.Repo == ownDID && ownDID != "" {
				it.Kind = social.InboxReply
			}
		}
		if kind == social.InboxQuote && n.ReasonSubject != "" {
			it.ParentRemoteID = n.ReasonSubject
		}
	case social.InboxLike, social.InboxRepost:
		subject := n.ReasonSubject
		if subject == "" && rec.Subject != nil {
			subject = rec.Subject.URI
		}
		it.ParentRemoteID = subject
		if s, ok := parseATURI(subject); ok {
			it.URL = ad.webURL(s, "")
		}
	case social.InboxFollow:
		it.URL = ad.profileURL(firstNonEmpty(n.Author.Handle, n.Author.DID))
	}
	return it, true
}

// parseTime reads an atproto datetime (RFC 3339), or returns the zero time.
func parseTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}
	}
	return t.UTC()
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
