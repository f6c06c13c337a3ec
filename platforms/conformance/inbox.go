package conformance

import (
	"testing"

	"github.com/chorus-social/chorus/platforms"
	"github.com/chorus-social/chorus/social"
)

// maxPages bounds a drain, so an adapter whose More never ends fails instead of spinning.
const maxPages = 500

// incomingN is how many items InboxPaging asks the server for: more than two pages on
// every platform we know, so the cursor must carry across pages.
const incomingN = 120

var kinds = map[social.InboxKind]bool{
	social.InboxMention: true, social.InboxReply: true, social.InboxComment: true, social.InboxQuote: true,
	social.InboxDM: true, social.InboxLike: true, social.InboxRepost: true, social.InboxFollow: true,
}

// checkItem checks what the engine relies on to store an item.
func checkItem(t *testing.T, it social.InboxItem, a social.Account) {
	t.Helper()
	if it.RemoteID == "" {
		t.Errorf("item without RemoteID: %+v", it)
	}
	if !kinds[it.Kind] {
		t.Errorf("item %s has kind %q, not one of social's inbox kinds", it.RemoteID, it.Kind)
	}
	if it.AccountID != a.ID {
		t.Errorf("item %s has AccountID %q, want %q", it.RemoteID, it.AccountID, a.ID)
	}
	if it.CreatedAt.IsZero() {
		t.Errorf("item %s has no CreatedAt", it.RemoteID)
	}
}

// drain fetches pages from cursor until More is false and returns the items and the last
// cursor. It fails on a repeated RemoteID or a page that promises more without moving.
func drain(t *testing.T, fetch func(cursor string) (platforms.InboxPage, error), a social.Account, cursor string) ([]social.InboxItem, string) {
	t.Helper()
	var all []social.InboxItem
	seen := map[string]bool{}
	for range maxPages {
		page, err := fetch(cursor)
		if err != nil {
			t.Fatalf("fetch after cursor %q: %v", cursor, err)
		}
		for _, it := range page.Items {
			checkItem(t, it, a)
			if seen[it.RemoteID] {
				t.Errorf("item %s came twice while paging", it.RemoteID)
			}
			seen[it.RemoteID] = true
		}
		all = append(all, page.Items...)
		if !page.More {
			return all, page.Cursor
		}
		if page.Cursor == cursor && len(page.Items) == 0 {
			t.Fatalf("page after cursor %q says More but neither moved nor returned items", cursor)
		}
		cursor = page.Cursor
	}
	t.Fatalf("still More after %d pages", maxPages)
	return nil, ""
}

func (s *suite) inboxPaging(t *testing.T) {
	ad, a := s.h.New(t)
	in, ok := ad.(platforms.InboxReader)
	if !ok {
		t.Skip("not an InboxReader")
	}
	fetch := func(cursor string) (platforms.InboxPage, error) { return in.FetchInbox(ctx(t), a, cursor) }
	old, cursor := drain(t, fetch, a, "")
	seen := map[string]bool{}
	for _, it := range old {
		seen[it.RemoteID] = true
	}
	if s.h.Incoming != nil {
		s.h.Incoming(t, a, incomingN)
		fresh, next := drain(t, fetch, a, cursor)
		if len(fresh) < incomingN {
			t.Errorf("after %d new items, paging from the cursor returned %d", incomingN, len(fresh))
		}
		for _, it := range fresh {
			if seen[it.RemoteID] {
				t.Errorf("item %s came again after its cursor", it.RemoteID)
			}
			seen[it.RemoteID] = true
		}
		cursor = next
	} else {
		t.Log("Harness.Incoming is nil: paging over new items not checked")
	}
	last, err := in.FetchInbox(ctx(t), a, cursor)
	if err != nil {
		t.Fatalf("fetch with the final cursor: %v", err)
	}
	for _, it := range last.Items {
		if seen[it.RemoteID] {
			t.Errorf("fetch with the final cursor returned old item %s", it.RemoteID)
		}
	}
}

func (s *suite) reply(t *testing.T) {
	ad, a := s.h.New(t)
	r, ok := ad.(platforms.Replier)
	if !ok {
		t.Skip("not a Replier")
	}
	parent, _ := mustPublish(t, ad, a, "reply parent")
	p := post("reply")
	pub, err := r.Reply(ctx(t), a, parent.RemoteID, p)
	if err != nil {
		t.Fatalf("Reply: %v", err)
	}
	if pub.RemoteID == "" || pub.RemoteID == parent.RemoteID {
		t.Fatalf("Reply returned RemoteID %q (parent %q)", pub.RemoteID, parent.RemoteID)
	}
	if ad.Info().Caps.IdempotentPublish {
		again, err := r.Reply(ctx(t), a, parent.RemoteID, p)
		if err != nil || again.RemoteID != pub.RemoteID {
			t.Fatalf("second Reply with the same key = %q, %v; want %q, nil", again.RemoteID, err, pub.RemoteID)
		}
	}
}

func (s *suite) like(t *testing.T) {
	ad, a := s.h.New(t)
	l, ok := ad.(platforms.Liker)
	if !ok {
		t.Skip("not a Liker")
	}
	pub, _ := mustPublish(t, ad, a, "like target")
	if err := l.Like(ctx(t), a, pub.RemoteID); err != nil {
		t.Fatalf("Like: %v", err)
	}
	if err := l.Like(ctx(t), a, pub.RemoteID); err != nil {
		t.Fatalf("Like a second time: %v (liking twice is not an error)", err)
	}
}

func (s *suite) dms(t *testing.T) {
	ad, a := s.h.New(t)
	dm, ok := ad.(platforms.DirectMessager)
	if !ok {
		t.Skip("not a DirectMessager")
	}
	items, _ := drain(t, func(cursor string) (platforms.InboxPage, error) { return dm.FetchDMs(ctx(t), a, cursor) }, a, "")
	conv := ""
	for _, it := range items {
		if it.Kind != social.InboxDM {
			t.Errorf("FetchDMs returned %s of kind %q", it.RemoteID, it.Kind)
		}
		if it.ConversationID != "" {
			conv = it.ConversationID
		}
	}
	if conv == "" {
		t.Log("no DM with a ConversationID on the server: SendDM not exercised")
		return
	}
	p := post("dm")
	pub, err := dm.SendDM(ctx(t), a, conv, p)
	if err != nil {
		t.Fatalf("SendDM into %s: %v", conv, err)
	}
	if pub.RemoteID == "" {
		t.Fatal("SendDM returned no RemoteID")
	}
	if ad.Info().Caps.IdempotentPublish {
		again, err := dm.SendDM(ctx(t), a, conv, p)
		if err != nil || again.RemoteID != pub.RemoteID {
			t.Fatalf("second SendDM with the same key = %q, %v; want %q, nil", again.RemoteID, err, pub.RemoteID)
		}
	}
}
