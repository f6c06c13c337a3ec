package tui

import (
	"context"
	"strings"
	"testing"

	"github.com/chorus-social/chorus/social"
	"github.com/chorus-social/chorus/store"
)

// newestItemWithURL adds an item newer than the fixture's, with the given web address.
func newestItemWithURL(t *testing.T, db *store.DB, url string) {
	t.Helper()
	accts, _ := db.Accounts(context.Background(), "acme")
	if _, err := db.UpsertInbox(context.Background(), []social.InboxItem{{AccountID: accts[0].ID, RemoteID: "linked",
		Kind: social.InboxMention, Text: "look", URL: url, CreatedAt: fixedNow}}); err != nil {
		t.Fatal(err)
	}
}

func TestOpenAndCopyTheItemsWebAddress(t *testing.T) {
	db := openStore(t)
	fixture(t, db)
	newestItemWithURL(t, db, "https://mastodon.social/@fan/1")
	var opened []string
	a := newApp(t, Deps{DB: db, Now: clock, Open: func(u string) error { opened = append(opened, u); return nil }})
	start(t, a, 100, 30)
	drive(t, a, press("2"))
	it := a.inbox.Items()[0]
	drive(t, a, press("o"))
	if it.URL == "" || len(opened) != 1 || opened[0] != it.URL || !strings.Contains(frame(a), "opened in the browser") {
		t.Fatalf("opened %v for %q:\n%s", opened, it.URL, frame(a))
	}
	drive(t, a, press("y"))
	if !strings.Contains(frame(a), "link copied") {
		t.Fatalf("no note after y:\n%s", frame(a))
	}
}

func TestOpenRefusesAnythingButTheWeb(t *testing.T) {
	db := openStore(t)
	fixture(t, db)
	newestItemWithURL(t, db, "file:///etc/passwd")
	var opened []string
	a := newApp(t, Deps{DB: db, Now: clock, Open: func(u string) error { opened = append(opened, u); return nil }})
	start(t, a, 100, 30)
	drive(t, a, press("2"))
	if a.inbox.Items()[0].RemoteID != "linked" {
		t.Fatalf("newest item is %q", a.inbox.Items()[0].RemoteID)
	}
	drive(t, a, press("o"))
	if len(opened) != 0 || !strings.Contains(frame(a), "no web address") {
		t.Fatalf("opened %v:\n%s", opened, frame(a))
	}
}
