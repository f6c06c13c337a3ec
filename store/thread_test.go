package store

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/chorus-social/chorus/social"
)

// seedThread stores a reply chain and a DM conversation on acme-masto, and look-alikes on
// another account that must never be pulled in.
func seedThread(t *testing.T, db *DB) (acme, other social.Account) {
	t.Helper()
	mustClient(t, db, "acme")
	acme = mustAccount(t, db, "acme-masto", "acme", "mastodon")
	other = mustAccount(t, db, "acme-bsky", "acme", "bluesky")
	at := func(m int) time.Time { return t0.Add(time.Duration(m) * time.Minute) }
	reply := func(a social.Account, remote, parent string, m int) social.InboxItem {
		it := item(a, remote, social.InboxReply, at(m), "text "+remote)
		it.ParentRemoteID = parent
		return it
	}
	dm := func(a social.Account, remote, conv string, m int) social.InboxItem {
		it := item(a, remote, social.InboxDM, at(m), "dm "+remote)
		it.ConversationID = conv
		return it
	}
	mustUpsert(t, db,
		item(acme, "root", social.InboxMention, at(0), "the root"),
		reply(acme, "p", "root", 1),
		reply(acme, "f", "p", 2),
		reply(acme, "c2", "f", 5), // stored before c1, but later in time
		reply(acme, "c1", "f", 3),
		reply(acme, "g1", "c1", 4),
		reply(acme, "sib", "p", 6), // a sibling of f: not below it
		item(acme, "lone", social.InboxMention, at(7), "unrelated"),
		// The same remote ids on another account are other posts.
		reply(other, "f", "p", 2),
		reply(other, "c9", "f", 3),
		reply(other, "p", "", 1),
		dm(acme, "d1", "conv", 10),
		dm(acme, "d2", "conv", 11),
		dm(acme, "d3", "conv", 12),
		dm(acme, "e1", "conv2", 13),
		dm(other, "d9", "conv", 14),
	)
	return acme, other
}

func TestLocalThreadChainItemAndReplies(t *testing.T) {
	db := openTest(t)
	acme, _ := seedThread(t, db)
	f := byRemote(t, db, acme.ID, "f")
	mustPost(t, db, "acme", []social.Target{{AccountID: acme.ID, Kind: social.KindLike, ReplyTo: "f",
		Status: social.StatusScheduled, DueAt: t0}}, "like")
	got, err := db.LocalThread(t.Context(), f.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"root", "p", "f", "c1", "g1", "c2"}
	if r := remoteIDs(got, acme.ID); !reflect.DeepEqual(r, want) {
		t.Fatalf("thread %v, want %v", remotes(got), want)
	}
	if got[2].Like.Status != social.StatusScheduled || got[2].Text != "text f" {
		t.Fatalf("item not filled as Inbox fills it: %+v", got[2])
	}

	// From the top, the whole tree below; from a leaf, the chain above.
	root := byRemote(t, db, acme.ID, "root")
	got, _ = db.LocalThread(t.Context(), root.ID)
	if r := remoteIDs(got, acme.ID); !reflect.DeepEqual(r, []string{"root", "p", "f", "c1", "g1", "c2", "sib"}) {
		t.Fatalf("from the root: %v", remotes(got))
	}
	g1 := byRemote(t, db, acme.ID, "g1")
	got, _ = db.LocalThread(t.Context(), g1.ID)
	if r := remoteIDs(got, acme.ID); !reflect.DeepEqual(r, []string{"root", "p", "f", "c1", "g1"}) {
		t.Fatalf("from a leaf: %v", remotes(got))
	}
	lone := byRemote(t, db, acme.ID, "lone")
	got, _ = db.LocalThread(t.Context(), lone.ID)
	if r := remoteIDs(got, acme.ID); !reflect.DeepEqual(r, []string{"lone"}) {
		t.Fatalf("an item alone: %v", remotes(got))
	}
}

func TestLocalThreadOfADMIsItsConversationInTimeOrder(t *testing.T) {
	db := openTest(t)
	acme, _ := seedThread(t, db)
	d2 := byRemote(t, db, acme.ID, "d2")
	got, err := db.LocalThread(t.Context(), d2.ID)
	if err != nil {
		t.Fatal(err)
	}
	if r := remoteIDs(got, acme.ID); !reflect.DeepEqual(r, []string{"d1", "d2", "d3"}) {
		t.Fatalf("conversation %v", remotes(got))
	}
}

func TestLocalThreadKeepsTheNewestDMs(t *testing.T) {
	db := openTest(t)
	mustClient(t, db, "acme")
	a := mustAccount(t, db, "acme-masto", "acme", "mastodon")
	var items []social.InboxItem
	for i := range threadDMs + 10 {
		it := item(a, "m"+time.Duration(i).String(), social.InboxDM, t0.Add(time.Duration(i)*time.Minute), "hi")
		it.ConversationID = "c"
		items = append(items, it)
	}
	mustUpsert(t, db, items...)
	first := byRemote(t, db, a.ID, items[0].RemoteID)
	got, err := db.LocalThread(t.Context(), first.ID)
	if err != nil {
		t.Fatal(err)
	}
	// The newest 50, plus the item itself, which is older than all of them.
	if len(got) != threadDMs+1 || got[0].RemoteID != items[0].RemoteID || got[1].RemoteID != items[10].RemoteID ||
		got[len(got)-1].RemoteID != items[len(items)-1].RemoteID {
		t.Fatalf("%d messages: %v", len(got), remotes(got))
	}
}

func TestLocalThreadSurvivesACycle(t *testing.T) {
	db := openTest(t)
	a := seedClientAccount(t, db)
	x := item(a, "x", social.InboxReply, t0, "x")
	x.ParentRemoteID = "y"
	y := item(a, "y", social.InboxReply, t0.Add(time.Minute), "y")
	y.ParentRemoteID = "x"
	mustUpsert(t, db, x, y)
	got, err := db.LocalThread(t.Context(), byRemote(t, db, a.ID, "x").ID)
	if err != nil {
		t.Fatal(err)
	}
	if r := remoteIDs(got, a.ID); !reflect.DeepEqual(r, []string{"y", "x"}) {
		t.Fatalf("cycle: %v", remotes(got))
	}
}

func TestLocalThreadOfAMissingItem(t *testing.T) {
	db := openTest(t)
	if _, err := db.LocalThread(t.Context(), 42); !errors.Is(err, ErrNotFound) {
		t.Fatalf("missing item: %v", err)
	}
}

// TestLocalThreadPlanSeeks: every step of the walk is an index seek, so a thread costs
// the same in a million items as in ten. The sorts left (GROUP BY and ORDER BY) are over
// the few hundred ids found at most.
func TestLocalThreadPlanSeeks(t *testing.T) {
	db := openTest(t)
	plan := queryPlan(t, db, localThreadSQL, 1, threadAncestors, threadDepth, threadReplies, threadDMs)
	for _, w := range []string{
		"SEARCH inbox_items USING INTEGER PRIMARY KEY (rowid=?)",
		"SEARCH p USING INDEX sqlite_autoindex_inbox_items_1 (account_id=? AND remote_id=?)",
		"SEARCH c USING INDEX inbox_parent (account_id=? AND parent_remote_id=?)",
		"SEARCH c USING COVERING INDEX inbox_conversation (account_id=? AND conversation_id=?)",
		"SEARCH i USING INTEGER PRIMARY KEY (rowid=?)",
	} {
		if !strings.Contains(plan, w) {
			t.Errorf("plan lacks %q:\n%s", w, plan)
		}
	}
	for _, line := range strings.Split(plan, "\n") {
		if strings.HasPrefix(line, "SCAN ") && strings.Contains(line, "inbox_items") {
			t.Errorf("plan scans the inbox: %s\n%s", line, plan)
		}
	}
}

// remoteIDs lists the items' remote ids, failing on any of another account.
func remoteIDs(items []social.InboxItem, account string) []string {
	out := []string{}
	for _, it := range items {
		if it.AccountID != account {
			return append(out, "foreign:"+it.AccountID+"/"+it.RemoteID)
		}
		out = append(out, it.RemoteID)
	}
	return out
}
