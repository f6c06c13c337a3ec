package engine

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/chorus-social/chorus/platforms"
	"github.com/chorus-social/chorus/social"
	"github.com/chorus-social/chorus/store"
)

func TestSyncPagesFromCursorAndKeepsTriageState(t *testing.T) {
	f := &fake{name: "fake7"}
	for i := range 5 {
		f.inbox = append(f.inbox, social.InboxItem{RemoteID: fmt.Sprint("m", i), Kind: social.InboxMention,
			AuthorHandle: "fan", Text: "hi", CreatedAt: time.Now()})
	}
	e := newEnv(t, f)
	s := &Syncer{DB: e.db, Platforms: e.set, Now: e.clock}
	ctx := context.Background()
	rep, err := s.SyncClient(ctx, "acme")
	if err != nil || rep.NewItems != 5 || rep.Err() != nil {
		t.Fatalf("%+v %v", rep, err)
	}
	cur, _ := e.db.Cursor(ctx, e.acct.ID, StreamInbox)
	if cur.Cursor != "5" {
		t.Fatalf("cursor %q", cur.Cursor)
	}
	items, _ := e.db.Inbox(ctx, store.InboxQuery{ClientID: "acme"})
	if err := e.db.SetDone(ctx, true, items[0].ID); err != nil {
		t.Fatal(err)
	}
	f.inbox = append(f.inbox, social.InboxItem{RemoteID: "m5", Kind: social.InboxReply, Text: "new", CreatedAt: time.Now()})
	rep, _ = s.SyncClient(ctx, "acme")
	if rep.NewItems != 1 {
		t.Fatalf("second sync %+v", rep)
	}
	open, _ := e.db.Inbox(ctx, store.InboxQuery{ClientID: "acme"})
	if len(open) != 5 {
		t.Fatalf("open items %d, want 5 (one done stays done)", len(open))
	}
}

func TestRateLimitedStreamWaitsRetryAfterAndReportsTheAccount(t *testing.T) {
	f := &fake{name: "fake8", inboxErr: &platforms.RateLimitedError{RetryAfter: 10 * time.Minute},
		inbox: []social.InboxItem{{RemoteID: "m0", Kind: social.InboxMention, CreatedAt: time.Now()}}}
	e := newEnv(t, f)
	s := &Syncer{DB: e.db, Platforms: e.set, Now: e.clock}
	ctx := context.Background()
	rep, err := s.SyncClient(ctx, "")
	if err != nil || rep.AccountErrors[e.acct.ID] == nil {
		t.Fatalf("want the account's error in the report: %+v %v", rep, err)
	}
	cur, _ := e.db.Cursor(ctx, e.acct.ID, StreamInbox)
	if !cur.NextAt.Equal(e.now.Add(10*time.Minute)) || cur.LastError == "" {
		t.Fatalf("cursor %+v", cur)
	}
	e.now = e.now.Add(5 * time.Minute)
	if rep, _ := s.SyncClient(ctx, ""); rep.Skipped != 1 || rep.NewItems != 0 {
		t.Fatalf("synced before Retry-After: %+v", rep)
	}
	e.now = e.now.Add(6 * time.Minute)
	if rep, _ := s.SyncClient(ctx, ""); rep.NewItems != 1 || rep.Err() != nil {
		t.Fatalf("after the wait: %+v", rep)
	}
}

func TestRefusedLoginMarksAccountAndLoginLiftsTheWait(t *testing.T) {
	f := &fake{name: "fake10", inboxErr: &platforms.AuthExpiredError{AccountID: "acme-fake"},
		inbox: []social.InboxItem{{RemoteID: "m0", Kind: social.InboxMention, CreatedAt: time.Now()}}}
	e := newEnv(t, f)
	s := &Syncer{DB: e.db, Platforms: e.set, Now: e.clock}
	ctx := context.Background()
	s.SyncClient(ctx, "")
	hs, _ := e.db.Health(ctx, "")
	if !hs[0].NeedsLogin || hs[0].AuthError == "" {
		t.Fatalf("health %+v", hs[0])
	}
	e.now = e.now.Add(5 * time.Minute)
	if rep, _ := s.SyncClient(ctx, ""); rep.NewItems != 0 {
		t.Fatal("synced with refused credentials")
	}
	if err := e.db.SetNeedsLogin(ctx, e.acct.ID, false, ""); err != nil {
		t.Fatal(err)
	}
	if rep, _ := s.SyncClient(ctx, ""); rep.NewItems != 1 {
		t.Fatalf("after logging in again: %+v", rep)
	}
}
