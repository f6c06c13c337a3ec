package tui

import (
	"slices"
	"strings"
	"testing"
)

// search opens / in the inbox, types query and takes the matches with enter.
func search(t *testing.T, a *App, query string) {
	t.Helper()
	drive(t, a, press("/"))
	drive(t, a, typing(query)...)
	drive(t, a, press("enter"))
}

func TestInboxSearchFindsAllHistoryAndEscGoesBack(t *testing.T) {
	a, db, _ := inboxApp(t, 100, 30)
	// Archive the wholesale DM first: a search still finds it, marked done.
	drive(t, a, press("j"), press("j"), press("e"))
	if slices.Contains(shown(a), "wholesale.bsky.social") {
		t.Fatal("done item still listed")
	}
	drive(t, a, press("/"))
	if !a.inbox.Typing() || !strings.Contains(frame(a), "/ ") {
		t.Fatalf("no search field:\n%s", frame(a))
	}
	// While the field has the keyboard, global keys are text.
	drive(t, a, typing("wholesale 1")...)
	if a.active != paneInbox || a.quitting {
		t.Fatal("a global key acted while typing a search")
	}
	drive(t, a, press("backspace"), press("backspace"), press("enter"))
	if got := shown(a); !slices.Equal(got, []string{"wholesale.bsky.social"}) {
		t.Fatalf("matches %v", got)
	}
	f := frame(a)
	for _, want := range []string{"/ wholesale", "1 match in all history", "✓done", "Hi! We would like"} {
		if !strings.Contains(f, want) {
			t.Errorf("frame lacks %q:\n%s", want, f)
		}
	}
	if a.inbox.Typing() {
		t.Fatal("enter left the field focused")
	}

	// e on a done match reopens it; the match stays, now open.
	id := a.inbox.Items()[0].ID
	drive(t, a, press("e"))
	if got := item(t, db, id); got.Done {
		t.Fatal("e on a done match did not reopen it")
	}
	if f := frame(a); strings.Contains(f, "✓done") || !strings.Contains(f, "reopened: 1 item back in the inbox") {
		t.Errorf("after reopen:\n%s", f)
	}
	// e again marks it done and it stays listed: a search lists all history.
	drive(t, a, press("e"))
	if !item(t, db, id).Done || len(a.inbox.Items()) != 1 || !strings.Contains(frame(a), "✓done") {
		t.Fatalf("done in a search: stored %v, listed %v", item(t, db, id).Done, shown(a))
	}
	// u takes that back, and the list shows it open again.
	drive(t, a, press("u"))
	if item(t, db, id).Done || strings.Contains(frame(a), "✓done") {
		t.Errorf("u in a search:\n%s", frame(a))
	}

	drive(t, a, press("esc"))
	if a.inbox.Searching() || len(a.inbox.Items()) != 6 || strings.Contains(frame(a), "/ wholesale") {
		t.Fatalf("esc did not drop the search: %v\n%s", shown(a), frame(a))
	}
}

func TestInboxSearchMatchesAuthorsAndSaysWhenNothingMatches(t *testing.T) {
	a, _, _ := inboxApp(t, 100, 30)
	search(t, a, "hank")
	if got := shown(a); !slices.Equal(got, []string{"hank.bsky.social"}) {
		t.Fatalf("author search: %v", got)
	}
	search(t, a, " nothing-like-this")
	if len(a.inbox.Items()) != 0 {
		t.Fatalf("want no matches, got %v", shown(a))
	}
	// / opened the field on the last query; the new words were added to it.
	if f := frame(a); !strings.Contains(f, `No matches for "hank nothing-like-this"`) || !strings.Contains(f, "esc clears") {
		t.Errorf("no-match frame:\n%s", f)
	}
	// esc while typing drops the search at once.
	drive(t, a, press("/"), press("esc"))
	if a.inbox.Searching() || len(a.inbox.Items()) != 6 || a.inbox.Typing() {
		t.Errorf("esc in the field: searching %v, %d items", a.inbox.Searching(), len(a.inbox.Items()))
	}
}

func TestInboxSearchFollowsTheClient(t *testing.T) {
	a, _, _ := inboxApp(t, 100, 30)
	search(t, a, "the")
	all := shown(a)
	drive(t, a, press("c"))
	drive(t, a, typing("globex")...)
	drive(t, a, press("enter"))
	if !a.inbox.Searching() {
		t.Fatal("switching client dropped the search")
	}
	got := shown(a)
	if len(got) == 0 || len(got) >= len(all) {
		t.Fatalf("globex matches %v of %v", got, all)
	}
	for _, it := range a.inbox.Items() {
		if it.ClientID != "globex" {
			t.Errorf("match of client %s", it.ClientID)
		}
	}
}

func TestInboxFilterMenuCombinesAndClears(t *testing.T) {
	a, _, _ := inboxApp(t, 100, 30)
	drive(t, a, press("f"))
	f := frame(a)
	if !a.inbox.Typing() || !strings.Contains(f, "u unread") || !strings.Contains(f, "d DMs") || !strings.Contains(f, "platform: any") {
		t.Fatalf("no filter menu:\n%s", f)
	}
	drive(t, a, press("m"))
	if got := shown(a); !slices.Equal(got, []string{"latte.lover", "press.bsky.social", "milton"}) {
		t.Fatalf("mentions: %v", got)
	}
	drive(t, a, press("u")) // unread mentions: milton's was read
	if got := shown(a); !slices.Equal(got, []string{"latte.lover", "press.bsky.social"}) {
		t.Fatalf("unread mentions: %v", got)
	}
	drive(t, a, press("d")) // mentions or DMs, unread
	if got := shown(a); !slices.Equal(got, []string{"latte.lover", "press.bsky.social", "wholesale.bsky.social"}) {
		t.Fatalf("unread mentions and DMs: %v", got)
	}
	drive(t, a, press("p")) // the first platform of the accounts: bluesky
	if got := shown(a); !slices.Equal(got, []string{"latte.lover", "press.bsky.social", "wholesale.bsky.social"}) {
		t.Fatalf("on bluesky: %v", got)
	}
	drive(t, a, press("p")) // mastodon: none of those are there
	if len(a.inbox.Items()) != 0 || !strings.Contains(frame(a), "Nothing open matches the filter") {
		t.Fatalf("on mastodon: %v\n%s", shown(a), frame(a))
	}
	drive(t, a, press("enter"))
	f = frame(a)
	if a.inbox.Typing() || !strings.Contains(f, "filter: unread · mentions, DMs · mastodon") {
		t.Fatalf("after closing the menu:\n%s", f)
	}
	drive(t, a, press("esc"))
	if len(a.inbox.Items()) != 6 || strings.Contains(frame(a), "filter:") {
		t.Fatalf("esc did not clear the filter: %v", shown(a))
	}
	// a in the menu clears everything at once.
	drive(t, a, press("f"), press("o"), press("a"), press("f"))
	if len(a.inbox.Items()) != 6 {
		t.Fatalf("a did not clear: %v", shown(a))
	}
}

func TestInboxFilterByLabelCyclesThroughTheLabels(t *testing.T) {
	a, _, _ := inboxApp(t, 100, 30)
	drive(t, a, press("t"))
	drive(t, a, typing("urgent")...)
	drive(t, a, press("enter"))
	drive(t, a, press("f"))
	if !strings.Contains(frame(a), "label: any") {
		t.Fatalf("menu:\n%s", frame(a))
	}
	drive(t, a, press("t"))
	if got := shown(a); !slices.Equal(got, []string{"latte.lover"}) || !strings.Contains(frame(a), "label: #urgent") {
		t.Fatalf("label filter: %v\n%s", got, frame(a))
	}
	drive(t, a, press("t")) // past the last label: any again
	if len(a.inbox.Items()) != 6 {
		t.Fatalf("label any: %v", shown(a))
	}
}

func TestInboxSearchAndFilterFitIn80x24(t *testing.T) {
	a, _, _ := inboxApp(t, 80, 24)
	drive(t, a, press("f"), press("m"))
	requireFits(t, a, 80, 24)
	drive(t, a, press("enter"))
	search(t, a, "coffee")
	requireFits(t, a, 80, 24)
	f := frame(a)
	if !strings.Contains(f, "/ coffee") || !strings.Contains(f, "filter: mentions") {
		t.Errorf("top line:\n%s", f)
	}
}
