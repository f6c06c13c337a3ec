package mastodon

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strconv"

	"github.com/chorus-social/chorus/platforms"
	"github.com/chorus-social/chorus/social"
)

// dmPageSize is the conversations API's maximum page (limit, max 40).
const dmPageSize = 40

// dmSearchPages bounds how far SendDM looks for a conversation: 200 conversations, newest
// activity first; one being answered is nearly always among them.
const dmSearchPages = 5

// FetchDMs returns direct messages newer than cursor, oldest first, from the
// conversations list (https://docs.joinmastodon.org/methods/conversations/). The list
// gives each conversation with its newest status, and pages by that status's id through
// the Link header; the cursor is the rel="prev" link's min_id. After a cursor, the
// earlier direct statuses of each conversation that moved are fetched too (the thread's
// ancestors), so several messages arriving between two syncs are all seen; the store
// keeps one row per status however often it comes. The account's own messages come too,
// so a conversation reads whole. "" fetches the most recent page only.
func (ad *Adapter) FetchDMs(ctx context.Context, a social.Account, cursor string) (platforms.InboxPage, error) {
	s, err := ad.session(ctx, a)
	if err != nil {
		return platforms.InboxPage{}, err
	}
	q := url.Values{"limit": {strconv.Itoa(dmPageSize)}}
	if cursor != "" {
		q.Set("min_id", cursor)
	}
	var convs []conversation
	resp, err := s.get(ctx, "/api/v1/conversations", q, &convs)
	if err != nil {
		return platforms.InboxPage{}, err
	}
	var ids []string
	for _, c := range convs {
		if c.LastStatus != nil {
			ids = append(ids, c.LastStatus.ID)
		}
	}
	page := platforms.InboxPage{
		Cursor: newerCursor(resp.Header, ids, cursor),
		More:   cursor != "" && len(convs) > 0,
	}
	seen := map[string]bool{}
	add := func(st status, conv string) {
		if st.ID == "" || seen[st.ID] {
			return
		}
		seen[st.ID] = true
		it := statusItem(a, st, social.InboxDM)
		it.ConversationID = conv
		page.Items = append(page.Items, it)
	}
	for i := len(convs) - 1; i >= 0; i-- {
		c := convs[i]
		if c.LastStatus == nil {
			continue
		}
		if cursor != "" {
			earlier, err := ad.earlierDMs(ctx, s, c.LastStatus.ID)
			if err != nil {
				return platforms.InboxPage{}, err
			}
			for _, st := range earlier {
				add(st, c.ID)
			}
		}
		add(*c.LastStatus, c.ID)
	}
	page.Quota = s.quota // after the thread lookups, which count too
	return page, nil
}

// earlierDMs returns the direct statuses above id in its thread, oldest first. A status
// deleted meanwhile has none.
func (ad *Adapter) earlierDMs(ctx context.Context, s *session, id string) ([]status, error) {
	var c statusContext
	path, err := statusPath(id)
	if err != nil {
		return nil, err
	}
	_, err = s.get(ctx, path+"/context", nil, &c)
	var nf *platforms.NotFoundError
	if errors.As(err, &nf) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []status
	for _, st := range c.Ancestors {
		if st.Visibility == "direct" {
			out = append(out, st)
		}
	}
	return out, nil
}

// SendDM answers a conversation: a status with visibility "direct", in reply to the
// conversation's newest status, mentioning every other participant (a direct status
// reaches exactly the accounts it mentions). Idempotent by p.IdemKey as Publish is.
func (ad *Adapter) SendDM(ctx context.Context, a social.Account, conversationID string, p platforms.Publishable) (platforms.Published, error) {
	s, err := ad.session(ctx, a)
	if err != nil {
		return platforms.Published{}, err
	}
	if conversationID == "" {
		return platforms.Published{}, &platforms.RejectedError{Reason: "no conversation given for the direct message"}
	}
	c, err := ad.findConversation(ctx, s, conversationID)
	if err != nil {
		return platforms.Published{}, err
	}
	self, err := ad.selfID(ctx, s)
	if err != nil {
		return platforms.Published{}, err
	}
	var people []string
	for _, acc := range c.Accounts {
		if acc.ID != self {
			people = append(people, acc.Acct)
		}
	}
	if len(people) == 0 {
		return platforms.Published{}, &platforms.RejectedError{Reason: fmt.Sprintf("conversation %s has no one to write to", conversationID)}
	}
	p.Visibility = "direct"
	p.ReplyTo = ""
	if c.LastStatus != nil {
		p.ReplyTo = c.LastStatus.ID
	}
	p.Parts = addressed(p.Parts, people)
	return ad.publish(ctx, s, p)
}

// findConversation looks for a conversation by id in the newest dmSearchPages pages: the
// API has no call that fetches one conversation.
func (ad *Adapter) findConversation(ctx context.Context, s *session, id string) (*conversation, error) {
	next := "/api/v1/conversations"
	q := url.Values{"limit": {strconv.Itoa(dmPageSize)}}
	for range dmSearchPages {
		var convs []conversation
		resp, err := s.get(ctx, next, q, &convs)
		if err != nil {
			return nil, err
		}
		for i := range convs {
			if convs[i].ID == id {
				return &convs[i], nil
			}
		}
		link, ok := parseLink(resp.Header)["next"]
		if !ok || len(convs) == 0 {
			break
		}
		next, q = link, nil
	}
	return nil, &platforms.NotFoundError{What: fmt.Sprintf("conversation %s among the %d most recent", id, dmPageSize*dmSearchPages)}
}
