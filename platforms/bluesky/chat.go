package bluesky

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/chorus-social/chorus/platforms"
	"github.com/chorus-social/chorus/platforms/text"
	"github.com/chorus-social/chorus/social"
)

// Direct messages live in Bluesky's chat service, reached through the PDS with the header
// atproto-proxy: did:web:api.bsky.chat#bsky_chat (lexicons/chat/bsky/convo/*,
// https://docs.bsky.app/docs/advanced-guides/api-directory). Only an app password created
// with "Allow access to your direct messages" may call it; others get "Bad token scope".
//
// Syncing follows chat.bsky.convo.getLog, the chat service's event log that the Bluesky
// app polls: the first sync takes the latest messages of the most recent conversations and
// the log's current position; later syncs read the log from there.

// How much a first DM sync reads.
const (
	firstSyncConvos   = 25
	firstSyncMessages = 20
)

// dmDedupWindow is how far back SendDM looks for the same message from an earlier attempt.
// The chat service takes no idempotency key, so a message with the same text in the same
// conversation sent by the account this recently counts as that attempt's.
const dmDedupWindow = 30 * time.Minute

// member is a conversation member as the inbox shows an author.
type member struct{ handle, name string }

// messageView is chat.bsky.convo.defs#messageView (or a #deletedMessageView, without text).
type messageView struct {
	Type   string `json:"$type"`
	ID     string `json:"id"`
	Text   string `json:"text"`
	Sender struct {
		DID string `json:"did"`
	} `json:"sender"`
	SentAt string `json:"sentAt"`
}

// convoView is the part of chat.bsky.convo.defs#convoView the adapter reads.
type convoView struct {
	ID      string        `json:"id"`
	Members []profileView `json:"members"`
}

// chatNotAllowed explains the one chat failure a person can fix.
func chatNotAllowed(acct social.Account) error {
	return &platforms.RejectedError{Reason: "this Bluesky app password has no access to direct messages: create one with " +
		`"Allow access to your direct messages" ticked (https://bsky.app/settings/app-passwords) and run ` +
		"`chorus accounts login " + acct.ID + "`"}
}

// chatCall runs a chat.bsky.* call through the chat service proxy.
func (ad *Adapter) chatCall(ctx context.Context, acct social.Account, c xrpc, out any) error {
	c.proxy = ad.opt.chatService
	err := ad.call(ctx, acct, c, out)
	if badScope(err) {
		return chatNotAllowed(acct)
	}
	return err
}

// FetchDMs returns messages other people sent the account since cursor.
func (ad *Adapter) FetchDMs(ctx context.Context, acct social.Account, cursor string) (platforms.InboxPage, error) {
	rev, synced := strings.CutPrefix(cursor, "log:")
	if cursor != "" && !synced {
		return platforms.InboxPage{}, &platforms.RejectedError{Reason: "unreadable Bluesky DM cursor " + strconv.Quote(cursor)}
	}
	s, err := ad.session(ctx, acct)
	if err != nil {
		return platforms.InboxPage{}, forAccount(acct, err)
	}
	var log struct {
		Cursor string `json:"cursor"`
		Logs   []struct {
			Type    string      `json:"$type"`
			ConvoID string      `json:"convoId"`
			Message messageView `json:"message"`
		} `json:"logs"`
	}
	params := url.Values{}
	if rev != "" {
		params.Set("cursor", rev)
	}
	if err := ad.chatCall(ctx, acct, query("chat.bsky.convo.getLog", params), &log); err != nil {
		return platforms.InboxPage{}, err
	}
	next := firstNonEmpty(log.Cursor, rev)
	page := platforms.InboxPage{Cursor: "log:" + next}
	if !synced {
		// First sync: the log only says what happens from now on, so take the recent past
		// from the conversations themselves.
		items, err := ad.recentDMs(ctx, acct, s.DID)
		if err != nil {
			return platforms.InboxPage{}, err
		}
		page.Items = items
		return page, nil
	}
	for _, l := range log.Logs {
		if !strings.HasSuffix(l.Type, "#logCreateMessage") || !strings.HasSuffix(l.Message.Type, "#messageView") || l.Message.Sender.DID == s.DID {
			continue
		}
		members, err := ad.convoMembers(ctx, acct, l.ConvoID)
		if err != nil {
			return platforms.InboxPage{}, err
		}
		page.Items = append(page.Items, ad.dmItem(acct, l.ConvoID, l.Message, members))
	}
	page.More = len(log.Logs) > 0 && next != rev
	return page, nil
}

// recentDMs returns the latest messages from others in the most recent conversations.
func (ad *Adapter) recentDMs(ctx context.Context, acct social.Account, own string) ([]social.InboxItem, error) {
	var convos struct {
		Convos []convoView `json:"convos"`
	}
	if err := ad.chatCall(ctx, acct, query("chat.bsky.convo.listConvos", url.Values{"limit": {strconv.Itoa(firstSyncConvos)}}), &convos); err != nil {
		return nil, err
	}
	var items []social.InboxItem
	for _, c := range convos.Convos {
		members := ad.remember(c)
		msgs, err := ad.messages(ctx, acct, c.ID, firstSyncMessages)
		if err != nil {
			return nil, err
		}
		for _, m := range msgs {
			if strings.HasSuffix(m.Type, "#messageView") && m.Sender.DID != own {
				items = append(items, ad.dmItem(acct, c.ID, m, members))
			}
		}
	}
	return items, nil
}

// messages returns a conversation's latest messages, newest first.
func (ad *Adapter) messages(ctx context.Context, acct social.Account, convoID string, limit int) ([]messageView, error) {
	var out struct {
		Messages []messageView `json:"messages"`
	}
	err := ad.chatCall(ctx, acct, query("chat.bsky.convo.getMessages", url.Values{"convoId": {convoID}, "limit": {strconv.Itoa(limit)}}), &out)
	return out.Messages, err
}

// remember caches a conversation's members and returns them.
func (ad *Adapter) remember(c convoView) map[string]member {
	m := map[string]member{}
	for _, p := range c.Members {
		m[p.DID] = member{handle: p.Handle, name: p.DisplayName}
	}
	ad.mu.Lock()
	ad.members[c.ID] = m
	ad.mu.Unlock()
	return m
}

// convoMembers returns a conversation's members, asking the chat service once per process.
func (ad *Adapter) convoMembers(ctx context.Context, acct social.Account, convoID string) (map[string]member, error) {
	ad.mu.Lock()
	m, ok := ad.members[convoID]
	ad.mu.Unlock()
	if ok {
		return m, nil
	}
	var out struct {
		Convo convoView `json:"convo"`
	}
	if err := ad.chatCall(ctx, acct, query("chat.bsky.convo.getConvo", url.Values{"convoId": {convoID}}), &out); err != nil {
		return nil, err
	}
	return ad.remember(out.Convo), nil
}

func (ad *Adapter) dmItem(acct social.Account, convoID string, m messageView, members map[string]member) social.InboxItem {
	who := members[m.Sender.DID]
	return social.InboxItem{
		AccountID: acct.ID, ClientID: acct.ClientID, Platform: Name, RemoteID: m.ID, Kind: social.InboxDM,
		AuthorID: m.Sender.DID, AuthorHandle: who.handle, AuthorName: who.name, Text: m.Text,
		URL: ad.opt.web + "/messages/" + convoID, ConversationID: convoID, CreatedAt: parseTime(m.SentAt),
	}
}

// messageInput is chat.bsky.convo.defs#messageInput.
type messageInput struct {
	Text   string  `json:"text"`
	Facets []facet `json:"facets,omitempty"`
}

// SendDM sends p's parts as messages into a conversation (its id; or a DID or handle, to
// write to that person, starting the conversation if there is none). The chat service
// has no idempotency key: a retry in the same process finds the message it sent, and a
// retry after a crash finds the same text sent moments ago (see dmDedupWindow).
func (ad *Adapter) SendDM(ctx context.Context, acct social.Account, conversation string, p platforms.Publishable) (platforms.Published, error) {
	if err := validateDM(p); err != nil {
		return platforms.Published{}, err
	}
	s, err := ad.session(ctx, acct)
	if err != nil {
		return platforms.Published{}, forAccount(acct, err)
	}
	convoID, err := ad.convoID(ctx, acct, s, conversation)
	if err != nil {
		return platforms.Published{}, err
	}
	ids := append([]string(nil), p.Sent...)
	var recent []messageView
	looked := false
	resolve := ad.mentionResolver(acct)
	for i := len(p.Sent); i < len(p.Parts); i++ {
		part := p.Parts[i]
		key := strings.Join([]string{acct.ID, convoID, p.IdemKey, strconv.Itoa(i)}, "\x00")
		if p.IdemKey != "" {
			ad.mu.Lock()
			id, ok := ad.sentDMs[key]
			ad.mu.Unlock()
			if !ok && !looked {
				looked = true
				if recent, err = ad.messages(ctx, acct, convoID, 50); err != nil {
					return ad.dmPublished(convoID, ids), err
				}
			}
			if !ok {
				id, ok = sameRecent(recent, s.DID, part.Text, ad.now())
			}
			if ok {
				ids = append(ids, id)
				continue
			}
		}
		facets, err := buildFacets(ctx, part.Text, resolve)
		if err != nil {
			return ad.dmPublished(convoID, ids), err
		}
		var out messageView
		in := map[string]any{"convoId": convoID, "message": messageInput{Text: part.Text, Facets: facets}}
		if err := ad.chatCall(ctx, acct, procedure("chat.bsky.convo.sendMessage", in), &out); err != nil {
			return ad.dmPublished(convoID, ids), err
		}
		if p.IdemKey != "" {
			ad.mu.Lock()
			ad.sentDMs[key] = out.ID
			ad.mu.Unlock()
		}
		ids = append(ids, out.ID)
	}
	return ad.dmPublished(convoID, ids), nil
}

// sameRecent finds a message the account sent with this text within dmDedupWindow.
func sameRecent(recent []messageView, own, body string, now time.Time) (string, bool) {
	for _, m := range recent {
		if m.Sender.DID == own && m.Text == body && now.Sub(parseTime(m.SentAt)) < dmDedupWindow {
			return m.ID, true
		}
	}
	return "", false
}

func (ad *Adapter) dmPublished(convoID string, ids []string) platforms.Published {
	if len(ids) == 0 {
		return platforms.Published{}
	}
	return platforms.Published{RemoteID: ids[0], URL: ad.opt.web + "/messages/" + convoID, At: ad.now().UTC(), Parts: ids}
}

// convoID turns what the user gave into a conversation id: a DID or handle becomes the
// conversation with that person (chat.bsky.convo.getConvoForMembers), anything else is
// taken as an id.
func (ad *Adapter) convoID(ctx context.Context, acct social.Account, s *session, conversation string) (string, error) {
	conversation = strings.TrimSpace(conversation)
	if conversation == "" {
		return "", &platforms.RejectedError{Reason: "no conversation given for the direct message"}
	}
	who := strings.TrimPrefix(conversation, "@")
	if !strings.HasPrefix(who, "did:") && !(strings.Contains(who, ".") && validHandle(who)) {
		return conversation, nil
	}
	did, err := ad.resolveHandle(ctx, s.PDS, who)
	if err != nil {
		return "", err
	}
	var out struct {
		Convo convoView `json:"convo"`
	}
	if err := ad.chatCall(ctx, acct, query("chat.bsky.convo.getConvoForMembers", url.Values{"members": {did}}), &out); err != nil {
		return "", err
	}
	ad.remember(out.Convo)
	return out.Convo.ID, nil
}

// validateDM applies the chat service's limits (chat.bsky.convo.defs#messageInput: 1000
// graphemes, 10000 bytes; no images).
func validateDM(p platforms.Publishable) error {
	if len(p.Parts) == 0 {
		return &platforms.RejectedError{Reason: "no message to send"}
	}
	if len(p.Sent) > len(p.Parts) {
		return &platforms.RejectedError{Reason: fmt.Sprintf("%d messages already sent of %d", len(p.Sent), len(p.Parts))}
	}
	for i := len(p.Sent); i < len(p.Parts); i++ {
		part := p.Parts[i]
		if n := text.Graphemes(part.Text); n > MaxDMGraphemes {
			return &platforms.TooLongError{Length: n, Limit: MaxDMGraphemes}
		}
		if !utf8.ValidString(part.Text) {
			return &platforms.RejectedError{Reason: fmt.Sprintf("message %d is not valid UTF-8 text", i+1)}
		}
		if len(part.Text) > MaxDMBytes {
			return &platforms.RejectedError{Reason: fmt.Sprintf("message %d is %d bytes; Bluesky takes at most %d", i+1, len(part.Text), MaxDMBytes)}
		}
		if len(part.Media) > 0 {
			return &platforms.RejectedError{Reason: "Bluesky direct messages cannot carry images"}
		}
		if strings.TrimSpace(part.Text) == "" {
			return &platforms.RejectedError{Reason: fmt.Sprintf("message %d is empty", i+1)}
		}
	}
	return nil
}
