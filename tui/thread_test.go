package tui

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/chorus-social/chorus/social"
)

func TestInboxEnterOpensTheThreadAndEscComesBack(t *testing.T) {
	db := openStore(t)
	fixture(t, db)
	var asked []string
	fetch := func(_ context.Context, it social.InboxItem) ([]social.InboxItem, error) {
		asked = append(asked, it.RemoteID)
		return []social.InboxItem{it, {AccountID: it.AccountID, RemoteID: "remote-reply", ParentRemoteID: it.RemoteID,
			AuthorHandle: "globex.bsky.social", Text: "No comment at this time.", CreatedAt: fixedNow.Add(-10 * time.Minute)}}, nil
	}
	a := newApp(t, Deps{DB: db, Now: clock, Thread: fetch})
	start(t, a, 100, 30)
	drive(t, a, press("2"), press("j"))
	press0 := a.inbox.Items()[1]
	if press0.Read {
		t.Fatal("fixture: the press item should be unread")
	}
	drive(t, a, press("enter"))
	f := frame(a)
	for _, want := range []string{"Thread", "Springfield office?", "No comment at this time.", "with Globex Corp"} {
		if !strings.Contains(f, want) {
			t.Errorf("thread lacks %q:\n%s", want, f)
		}
	}
	if len(asked) != 1 || asked[0] != press0.RemoteID {
		t.Errorf("fetched %v", asked)
	}
	if !item(t, db, press0.ID).Read {
		t.Error("opening the thread did not mark the item read")
	}
	// q closes the thread, not the app.
	drive(t, a, press("q"))
	if a.quitting || strings.Contains(frame(a), "No comment at this time.") || a.inbox.Cursor() != 1 {
		t.Fatalf("q: quitting %v, cursor %d\n%s", a.quitting, a.inbox.Cursor(), frame(a))
	}
	drive(t, a, press("enter"), press("esc"))
	if strings.Contains(frame(a), "Thread ") || a.inbox.Typing() {
		t.Fatalf("esc did not close the thread:\n%s", frame(a))
	}
}

func TestInboxThreadShowsAFailedFetchAndTheStoredConversation(t *testing.T) {
	db := openStore(t)
	fixture(t, db)
	fetch := func(context.Context, social.InboxItem) ([]social.InboxItem, error) {
		return nil, errors.New("mastodon: 503 Service Unavailable")
	}
	a := newApp(t, Deps{DB: db, Now: clock, Thread: fetch})
	start(t, a, 100, 30)
	drive(t, a, press("2"), press("enter"))
	f := frame(a)
	if !strings.Contains(f, "503 Service Unavailable") || !strings.Contains(f, "Best coffee in town") {
		t.Fatalf("failed fetch:\n%s", f)
	}
}
